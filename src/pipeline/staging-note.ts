// What the app `cdk8s synth` runs tells the validation plugin that runs after it, in the staging
// folder: so that the plugin neither reads the config again nor guesses what dist/ may replace.
import * as fs from 'fs';
import * as path from 'path';
import { isRecord } from '../kube/json';

/** The file in which the cdk8s CLI's validation plugins look for construct paths (cdk8s-core app.ts); never published. */
export const CONSTRUCT_METADATA_FILE = 'construct-metadata.json';

/** The note's file, in the staging folder; never published. */
export const STAGING_NOTE = 'karmada-migrate-staging.json';

/** The note the app leaves for the validation plugin. */
export interface StagingNote {
  /** the paths the published folder may never replace, hold or sit inside: the config and its inventory paths. */
  readonly protect: readonly string[];
  /** the folders a karmada-migrate output holds (the migrations'). */
  readonly expectedEntries: readonly string[];
  /** the member cluster of each migration. */
  readonly sourceClusters: readonly string[];
  /**
   * the member clusters of each migration, by its folder.
   *
   * @default - unknown: every migration's policies are checked against {@link sourceClusters}
   */
  readonly clustersByMigration?: Readonly<Record<string, readonly string[]>>;
}

/** the note in `staging`, or undefined when there is none (another app wrote the folder). */
export function readStagingNote(staging: string): StagingNote | undefined {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(path.join(staging, STAGING_NOTE), 'utf8'));
  } catch {
    return undefined;
  }
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every(x => typeof x === 'string');
  if (!isRecord(value) || !strings(value.protect) || !strings(value.expectedEntries) || !strings(value.sourceClusters)) return undefined;
  const byMigration = value.clustersByMigration;
  const clustersByMigration = isRecord(byMigration) && Object.values(byMigration).every(strings)
    ? byMigration as Record<string, string[]>
    : undefined;
  return {
    protect: value.protect, expectedEntries: value.expectedEntries, sourceClusters: value.sourceClusters,
    ...(clustersByMigration ? { clustersByMigration } : {}),
  };
}
