// Preloaded (`node --require`) into a process the bench runs: at exit, writes the process's peak
// RSS in KiB (worker threads included) to the file named in KARMADA_MIGRATE_BENCH_RSS.
'use strict';
const fs = require('fs');
process.on('exit', () => {
  const file = process.env.KARMADA_MIGRATE_BENCH_RSS;
  if (file) fs.writeFileSync(file, String(process.resourceUsage().maxRSS));
});
