#!/usr/bin/env node
// `npm run synth`: the real cdk8s CLI's synth (without its network upgrade check), refusing
// --output. The cdk8s CLI deletes its output folder before it runs the app
// (cdk8s-cli lib/cli/cmds/synth.js: fs.rmSync(outdir, { recursive: true })), so no refusal of
// karmada-migrate's could protect a folder given there; cdk8s.yaml keeps it on the staging
// folder, and the validation plugin publishes dist/ under the output rules.
const { spawnSync } = require('child_process');
const path = require('path');

const args = process.argv.slice(2);
const output = args.find(a => a === '--output' || a.startsWith('--output=') || /^-[a-zA-Z]*o/.test(a) && !a.startsWith('--'));
if (output) {
  process.stderr.write(`karmada-migrate: npm run synth takes no ${output}: the cdk8s CLI deletes that folder before karmada-migrate runs. ` +
    'To write elsewhere, run: npx karmada-migrate synth --output DIR\n');
  process.exit(1);
}
const cdk8s = path.join(__dirname, '..', 'node_modules', '.bin', 'cdk8s');
const r = spawnSync(cdk8s, ['synth', '--no-check-upgrade', ...args], { stdio: 'inherit' });
process.exitCode = r.status ?? 1;
