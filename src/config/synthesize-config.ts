import { buildFromConfigFile } from './build-migration';
import { MigrationApp } from '../output/migration-app';

/**
 * Options of {@link synthesizeConfig}.
 */
export interface SynthesizeConfigOptions {
  /** the migration config (`migration.yaml`). */
  readonly config: string;
  /** the folder to write; replaced as a whole, only on success. */
  readonly outdir: string;
  /**
   * a second folder to replace with the same files.
   *
   * @default - none
   */
  readonly publishDir?: string;

  /**
   * check the manifests against Karmada's and the migration's rules.
   *
   * @default true
   */
  readonly validateRules?: boolean;
}

/** What {@link synthesizeConfig} wrote. */
export interface SynthesizeConfigResult {
  /** the files written, relative to `outdir`, sorted. */
  readonly files: readonly string[];
  /** how many files of each category (`policies`, `templates`, `namespaces`). */
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * Synthesizes a config file to a folder, as `cdk8s synth` does with the app in
 * `src/main.ts`, without the cdk8s CLI. Nothing is written when the config, the
 * inventory or the resulting tree has a problem.
 *
 * @throws InputError naming the file and field at fault
 */
export function synthesizeConfig(options: SynthesizeConfigOptions): SynthesizeConfigResult {
  const app = new MigrationApp({ outdir: options.outdir, publishDir: options.publishDir, validateRules: options.validateRules });
  buildFromConfigFile(app, options.config);
  const files = [...app.synthFiles().keys()];
  const counts: Record<string, number> = {};
  for (const f of files) {
    const category = f.split('/')[1];
    counts[category] = (counts[category] ?? 0) + 1;
  }
  return { files, counts };
}
