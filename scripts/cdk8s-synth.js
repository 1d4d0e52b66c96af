#!/usr/bin/env node
// `npm run synth`: the real cdk8s CLI's synth (without its network upgrade check), refusing
// --output. The cdk8s CLI deletes its output folder before it runs the app
// (cdk8s-cli lib/cli/cmds/synth.js: fs.rmSync(outdir, { recursive: true })), so no refusal of
// karmada-migrate's could protect a folder given there; cdk8s.yaml keeps it on the staging
// folder, and the validation plugin publishes dist/ under the output rules.
const { spawn } = require('child_process');
const path = require('path');
const { ManifestList } = require('./manifest-list');

const args = process.argv.slice(2);
const output = args.find(a => a === '--output' || a.startsWith('--output=') || /^-[a-zA-Z]*o/.test(a) && !a.startsWith('--'));
if (output) {
  process.stderr.write(`karmada-migrate: npm run synth takes no ${output}: the cdk8s CLI deletes that folder before karmada-migrate runs. ` +
    'To write elsewhere, run: npx karmada-migrate synth --output DIR\n');
  process.exit(1);
}
const cdk8s = path.join(__dirname, '..', 'node_modules', '.bin', 'cdk8s');
// its list of manifests folded past a few lines (manifest-list.js); everything else passed through.
const child = spawn(cdk8s, ['synth', '--no-check-upgrade', ...args], { stdio: ['inherit', 'pipe', 'inherit'] });
const list = new ManifestList(text => process.stdout.write(text));
child.stdout.setEncoding('utf8');
child.stdout.on('data', chunk => list.push(chunk));
child.on('error', e => {
  process.stderr.write(`karmada-migrate: cannot run the cdk8s CLI (${cdk8s}): ${e.message}\n`);
  process.exitCode = 1;
});
child.on('close', (code, signal) => {
  list.end();
  process.exitCode = code ?? (signal ? 1 : 0);
});
