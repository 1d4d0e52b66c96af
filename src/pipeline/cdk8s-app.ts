// The app `cdk8s synth` runs (cdk8s.yaml `app`, through bin/cdk8s-app.js), on the config named
// by KARMADA_MIGRATE_CONFIG, else ./migration.yaml.
//
// The cdk8s CLI empties its output folder before it runs the app, so cdk8s.yaml points it at
// the staging folder .cdk8s.out. When the CLI runs validation plugins after the app (it then
// asks for construct metadata), the app writes the rendered files there once, with the
// construct metadata and a note for the plugin (STAGING_NOTE); the plugin checks the rules and
// moves the folder to dist/. Without plugins (`cdk8s synth --no-validate`) the app checks the
// rules itself and writes dist/.
import * as path from 'path';
import { CONSTRUCT_METADATA_FILE, STAGING_NOTE, StagingNote } from './staging-note';
import { Synthesis, terminalProgress } from './synthesis';
import { describeUnexpected, INTERNAL_ERROR, isInputError, isValidationFailedError } from '../errors';
import { writeTreeAtomically } from '../output/write-tree';

/** the folder cdk8s.yaml names as the CLI's output. */
const STAGING_DIR = '.cdk8s.out';
/** where the output goes when the CLI writes to the staging folder. */
const PUBLISH_DIR = 'dist';

function main(): void {
  const outdir = process.env.CDK8S_OUTDIR ?? PUBLISH_DIR;
  const pluginRuns = process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
  const synthesis = Synthesis.run({ config: process.env.KARMADA_MIGRATE_CONFIG ?? 'migration.yaml', progress: terminalProgress() });
  if (pluginRuns) {
    const { files } = synthesis.render();
    const guard = synthesis.app.outputGuard();
    const note: StagingNote = {
      protect: guard.protect ?? [], expectedEntries: guard.expectedEntries ?? [], sourceClusters: synthesis.sourceClusters,
      clustersByMigration: Object.fromEntries(synthesis.migrations.map(({ migration }) => [migration.node.id, [...migration.clusters]])),
    };
    const { warnings } = writeTreeAtomically(outdir, new Map([
      ...files,
      [CONSTRUCT_METADATA_FILE, synthesis.app.constructMetadata()],
      [STAGING_NOTE, JSON.stringify(note, null, 2) + '\n'],
    ]), guard);
    for (const w of warnings) process.stderr.write(`karmada-migrate: warning: ${w}\n`);
    const staged = path.resolve(outdir) === path.resolve(STAGING_DIR);
    process.stderr.write(`karmada-migrate: ${files.size} files written to ${outdir}${staged ? ` (${PUBLISH_DIR}/ once validated)` : ''}\n`);
    return;
  }
  const target = path.resolve(outdir) === path.resolve(STAGING_DIR) ? PUBLISH_DIR : outdir;
  const { files } = synthesis.validated();
  for (const w of synthesis.publish(target, files).warnings) process.stderr.write(`karmada-migrate: warning: ${w}\n`);
  process.stderr.write(`karmada-migrate: ${files.size} files written to ${target}\n`);
}

try {
  main();
} catch (e) {
  if (isValidationFailedError(e)) {
    process.stderr.write(`karmada-migrate: ${e.message}\n`);
    process.exitCode = e.exitCode;
  } else if (isInputError(e)) {
    process.stderr.write(`karmada-migrate: ${e.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`karmada-migrate: ${describeUnexpected(e)}\n`);
    process.exitCode = INTERNAL_ERROR;
  }
}
