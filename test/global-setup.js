// every test writes its temp files (cdk8s' Testing.app() too) under one folder,
// removed after the run, so a run leaves nothing behind in the machine's temp dir.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karmada-migrate-jest-'));
  process.env.KARMADA_MIGRATE_TEST_TMP = dir;
  process.env.TMPDIR = dir;
};
