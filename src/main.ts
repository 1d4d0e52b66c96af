// the cdk8s app: `cdk8s synth` (see cdk8s.yaml) runs this on ./migration.yaml.
import * as path from 'path';
import { synthesizeConfig } from './config/synthesize-config';
import { isInputError } from './errors';

// cdk8s.yaml points the CLI at this staging folder because the CLI empties its output
// folder before running the app; dist/ is only replaced once synthesis succeeded.
const STAGING_DIR = '.cdk8s.out';

function main(): void {
  const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
  const publishDir = path.resolve(outdir) === path.resolve(STAGING_DIR) ? 'dist' : undefined;
  const config = process.env.KARMADA_MIGRATE_CONFIG ?? 'migration.yaml';
  const result = synthesizeConfig({ config, outdir, publishDir });
  process.stderr.write(`karmada-migrate: ${result.files.length} files written to ${publishDir ?? outdir}\n`);
}

try {
  main();
} catch (e) {
  if (!isInputError(e)) throw e;
  process.stderr.write(`karmada-migrate: ${e.message}\n`);
  process.exitCode = 1;
}
