#!/usr/bin/env node
// the compiled CLI: `npm install` builds lib/ through the `prepare` script.
// runCli prints every failure as one message; this catch is for a failure to load it at all.
const args = process.argv.slice(2);
Promise.resolve().then(() => {
  // before anything big is read: a synth of 20,000 apps then peaks at about 600 to 800 MiB, not 1,000;
  // and a full collection once an export is read and cleaned (one file of 147 MiB: 940 MiB, not 1,250).
  require('../lib/src/runtime/heap-growth.js').limitHeapGrowth();
  require('../lib/src/runtime/collect-after-read.js').enableCollectAfterRead();
  const cli = require('../lib/src/cli/index.js');
  cli.guardStandardOutput(args);
  return cli.runCli(args);
}).catch((e) => {
  console.error(`karmada-migrate: unexpected error: ${e && e.message ? e.message : e}`);
  process.exit(4);
});
