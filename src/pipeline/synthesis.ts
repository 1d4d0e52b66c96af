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

  /**
   * told what each stage did, for progress on big estates.
   *
   * @default - silent
   */
  readonly progress?: (message: string) => void;
}

/** What {@link synthesizeConfig} wrote. */
export interface SynthesizeConfigResult {
  /** the files written, relative to `outdir`, sorted. */
  readonly files: readonly string[];
  /** how many manifests of each category (`policies`, `templates`, `namespaces`, `delivery`). */
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
  let t = Date.now();
  let big = false;
  const step = (message: string) => {
    if (big) options.progress?.(`${message} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    t = Date.now();
  };
  const migrations = buildFromConfigFile(app, options.config);
  // a small estate synthesizes in a blink: progress only where the wait is noticed.
  big = migrations.reduce((n, m) => n + m.resourceTemplates.length, 0) >= PROGRESS_THRESHOLD;
  step(`read the inventory and built ${migrations.reduce((n, m) => n + m.resourceTemplates.length, 0)} templates`);
  const rendered = app.render();
  step(`validated and rendered ${rendered.size} files`);
  app.write(rendered);
  step(`wrote ${options.publishDir ?? options.outdir}`);
  const files = [...rendered.keys()];
  const counts: Record<string, number> = {};
  for (const f of files.filter(name => name.endsWith('.yaml'))) {
    const category = f.split('/')[1];
    counts[category] = (counts[category] ?? 0) + 1;
  }
  return { files, counts };
}

/** the number of templates from which {@link synthesizeConfig} reports progress. */
export const PROGRESS_THRESHOLD = 2000;

/** A progress reporter for a terminal: writes to stderr, and only when it is a TTY. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): (message: string) => void {
  return message => {
    if (stream.isTTY) stream.write(`karmada-migrate: ${message}\n`);
  };
}
