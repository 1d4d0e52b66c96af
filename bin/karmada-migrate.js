#!/usr/bin/env node
// the compiled CLI: `npm install` builds lib/ through the `prepare` script.
require('../lib/src/cli/index.js').runCli(process.argv.slice(2)).catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
