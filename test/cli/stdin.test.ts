// `-` reads standard input wherever a file is taken (yargs alone reads a lone `-` as a command).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from '../util';

const BIN = path.join(ROOT, 'bin', 'karmada-migrate.js');

function run(args: string[], input: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('standard input', () => {
  test('plan --live - reads the live export from stdin', () => {
    const r = run(['plan', '--config', 'migration.yaml', '--live', '-', '--format', 'json'], fs.readFileSync(path.join(ROOT, 'inventory', 'member1.yaml'), 'utf8'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { risks: { liveGiven: boolean } }).risks.liveGiven).toBe(true);
  });

  test('verify-rollback --works - reads the Works from stdin (YAML too), and an empty list is not armed', () => {
    const r = run(['verify-rollback', '--works', '-', '--dist', 'dist'], 'apiVersion: v1\nkind: List\nitems: []\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('rollback not armed: 0 of 6 template(s) armed');
  });

  test.each([
    [['inventory', '-', '--max-file-bytes', '100000'], 1, '-: standard input is longer than the limit of 100000 bytes; raise it with --max-file-bytes'],
    [['synth', '-c', '-', '-o', 'never-written'], 1, '-: standard input is longer than the limit of 16777216 bytes; a migration config is a few kilobytes'],
    [['verify-rollback', '--works', '-', '--dist', 'dist'], 3, '-: standard input is longer than one file can be read at once'],
  ])('an endless standard input (< /dev/zero) stops at the limit: %j', (args, code, message) => {
    const fd = fs.openSync('/dev/zero', 'r');
    try {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8' });
      expect([r.status, r.stdout]).toStrictEqual([code, '']);
      expect(r.stderr).toContain(message);
      expect(r.stderr.split('\n')).toHaveLength(2);
    } finally {
      fs.closeSync(fd);
    }
  }, 60_000);
});
