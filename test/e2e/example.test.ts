// End to end, with the real CLIs: the cdk8s CLI runs the app of cdk8s.yaml, and the
// compiled karmada-migrate CLI (bin/) runs on a temp copy of the embedded example.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readTree, ROOT, withTempDir } from '../util';

const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
const BIN = path.join(ROOT, 'bin', 'karmada-migrate.js');

/** a copy of what a user has in the project: the app, the config and the inventory. */
function copyExample(dir: string): void {
  for (const entry of ['cdk8s.yaml', 'migration.yaml', 'inventory', 'src', 'imports', 'schemas', 'validation-plugin', 'bin', 'scripts', 'package.json', 'tsconfig.json']) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
}


function sh(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the embedded example, end to end', () => {
  test('cdk8s synth writes dist/, equal to the committed dist/ (CI fails when it is stale)', () => withTempDir(dir => {
    copyExample(dir);
    const r = sh(CDK8S, ['synth', '--no-check-upgrade'], dir);
    expect(r.stdout).toContain('Validations ended succesfully');
    expect(r.code).toBe(0);
    const produced = readTree(path.join(dir, 'dist'));
    expect(Object.keys(produced).length).toBeGreaterThan(10);
    // the committed dist/ must be exactly what synth writes today: run `npm run synth` and commit it.
    expect(readTree(path.join(ROOT, 'dist'))).toStrictEqual(produced);
  }));

  test('karmada-migrate synth writes the same files as cdk8s synth', () => withTempDir(dir => {
    copyExample(dir);
    const r = sh(process.execPath, [BIN, 'synth', '--config', 'migration.yaml', '--output', 'out'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readTree(path.join(dir, 'out'))).toStrictEqual(readTree(path.join(ROOT, 'dist')));
  }));

  test('a bad config fails both CLIs with exit 1 and leaves dist/ untouched', () => withTempDir(dir => {
    // GIVEN a synthesized project whose app takeover names an object absent from the inventory
    copyExample(dir);
    expect(sh(CDK8S, ['synth', '--no-check-upgrade'], dir).code).toBe(0);
    const before = readTree(path.join(dir, 'dist'));
    const config = fs.readFileSync(path.join(dir, 'migration.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'migration.yaml'), config.replace('name: nginx-svc}', 'name: nginx-service}'));

    // WHEN
    const viaCdk8s = sh(CDK8S, ['synth', '--no-check-upgrade'], dir);
    const viaCli = sh(process.execPath, [BIN, 'synth', '--output', 'dist'], dir);

    // THEN
    for (const r of [viaCdk8s, viaCli]) {
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('migration.yaml:21: spec.takeovers[2] (nginx-pp): resources[1] (Service default/nginx-service) is not in the inventory');
    }
    expect(viaCli.code).toBe(1);
    expect(readTree(path.join(dir, 'dist'))).toStrictEqual(before);
  }));

  test('npm run synth refuses --output, which the cdk8s CLI would delete before anything of ours runs', () => withTempDir(dir => {
    copyExample(dir);
    for (const flag of [['--output', 'inventory'], ['--output=inventory'], ['-o', 'inventory'], ['-oinventory']]) {
      const r = sh(process.execPath, [path.join(dir, 'scripts', 'cdk8s-synth.js'), ...flag], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('npm run synth takes no');
      expect(fs.readdirSync(path.join(dir, 'inventory'))).toStrictEqual(['member1.yaml']);
    }
    // without it, the real cdk8s synth runs
    expect(sh(process.execPath, [path.join(dir, 'scripts', 'cdk8s-synth.js')], dir).code).toBe(0);
    expect(readTree(path.join(dir, 'dist'))).toStrictEqual(readTree(path.join(ROOT, 'dist')));
  }));

  test('karmada-migrate --help lists the commands with examples', () => {
    const r = sh(process.execPath, [BIN, '--help'], ROOT);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('karmada-migrate synth');
  });
});

describe('the committed dist/ of the example', () => {
  test('sync waves: Namespaces (-2) before policies (-1) before templates (0), and nothing synced with Replace=true', () => {
    const files = readTree(path.join(ROOT, 'dist'));
    const waveOf = (text: string) => Number((text.match(/argocd\.argoproj\.io\/sync-wave: '(-?\d+)'/) ?? [])[1] ?? 0);
    const waves = (part: string) => [...new Set(Object.entries(files).filter(([f]) => f.split('/')[1] === part).map(([, t]) => waveOf(t)))];
    expect(waves('namespaces')).toStrictEqual([-2]);
    expect(waves('policies')).toStrictEqual([-1]);
    expect(waves('templates')).toStrictEqual([0]);
    expect(Object.values(files).some(t => t.includes('Replace=true'))).toBe(false);
  });
});
