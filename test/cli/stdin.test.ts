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
});
