// `-` reads standard input wherever a file is taken (yargs alone reads a lone `-` as a command).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, withTempDir } from '../util';

const BIN = path.join(ROOT, 'bin', 'karmada-migrate.js');
const CONFIG = fs.readFileSync(path.join(ROOT, 'migration.yaml'), 'utf8');

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

  test('synth --config - reads the config from stdin; its inventory paths are relative to the current directory', () => withTempDir(dir => {
    fs.cpSync(path.join(ROOT, 'inventory'), path.join(dir, 'inventory'), { recursive: true });
    const r = spawnSync(process.execPath, [BIN, 'synth', '--config', '-', '--output', 'out'], { cwd: dir, input: CONFIG, encoding: 'utf8' });
    expect([r.status, r.stderr]).toStrictEqual([0, '']);
    expect(r.stdout).toBe('wrote 12 files to out (1 namespace, 5 policies, 6 templates)\n');
    expect(fs.readFileSync(path.join(dir, 'out', 'member1', 'templates', 'default', 'Deployment.apps_nginx.yaml'), 'utf8'))
      .toBe(fs.readFileSync(path.join(ROOT, 'dist', 'member1', 'templates', 'default', 'Deployment.apps_nginx.yaml'), 'utf8'));
  }));

  test('plan -c - and check -c - read it too; problems in it are named at -', () => withTempDir(dir => {
    const plan = run(['plan', '-c', '-', '--format', 'json'], CONFIG);
    expect([plan.code, plan.stderr, (JSON.parse(plan.stdout) as { kind: string }).kind]).toStrictEqual([0, '', 'Plan']);
    fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'deployed'), { recursive: true });
    const check = run(['check', '--base', path.join(dir, 'deployed'), '-c', '-'], CONFIG);
    expect([check.code, check.stderr, check.stdout]).toStrictEqual([0, '', 'check passed\n']);
    const bad = run(['synth', '-c', '-', '-o', path.join(dir, 'out')], CONFIG.replace('sourceCluster: member1', 'sourceCluster: !!binary bWVtYmVyMQ=='));
    expect([bad.code, bad.stdout]).toStrictEqual([1, '']);
    expect(bad.stderr).toMatch(/^karmada-migrate: -:4: not a valid Migration \(1 problem\):\n {2}- line 9: spec\.sourceCluster: binary data \(!!binary\) is no JSON data/);
  }));

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
