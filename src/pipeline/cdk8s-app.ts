// the cdk8s app: `cdk8s synth` (see cdk8s.yaml) runs this on ./migration.yaml.
import * as path from 'path';
import { synthesizeConfig, terminalProgress } from './config/synthesize-config';
import { describeUnexpected, INTERNAL_ERROR, isInputError, isValidationFailedError } from './errors';

// cdk8s.yaml points the CLI at this staging folder because the CLI empties its output
// folder before running the app; dist/ is only replaced once synthesis succeeded.
const STAGING_DIR = '.cdk8s.out';

function main(): void {
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  // the CLI runs the validation plugins of cdk8s.yaml after the app (it records construct
  // metadata for them): then the plugin checks the rules and publishes dist/.
  const pluginRuns = process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
  const staged = path.resolve(outdir) === path.resolve(STAGING_DIR);
  const publishDir = staged && !pluginRuns ? 'dist' : undefined;
  const config = process.env.KARMADA_MIGRATE_CONFIG ?? 'migration.yaml';
  const result = synthesizeConfig({ config, outdir, publishDir, validateRules: !pluginRuns, progress: terminalProgress() });
  process.stderr.write(`karmada-migrate: ${result.files.length} files written to ${publishDir ?? outdir}${pluginRuns && staged ? ' (dist/ once validated)' : ''}\n`);
}

try {
  main();
} catch (e) {
  if (isValidationFailedError(e)) {
    process.stderr.write(`karmada-migrate: ${e.message}\n`);
    process.exitCode = 2;
  } else if (isInputError(e)) {
    process.stderr.write(`karmada-migrate: ${e.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`karmada-migrate: ${describeUnexpected(e)}\n`);
    process.exitCode = INTERNAL_ERROR;
  }
}
