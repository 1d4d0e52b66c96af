// End to end, the published package in another cdk8s app: `npm pack`, the tarball unpacked into
// a fresh app whose cdk8s and constructs are the oldest the peer ranges admit, the README's
// TypeScript example compiled against it (tsc, node16 resolution through the exports map, no
// skipLibCheck), synthesized by the real cdk8s CLI with the validation plugin declared by package
// name; a violation is refused by the constructs under a plain App, and by the plugin when the
// app leaves the rules to it. No network: the cdk8s CLI would `npm install` a plugin missing
// from its plugins directory, so the test puts the package there as that install would.
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, withTempDir } from '../util';

const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
// the oldest versions the peer ranges admit, installed as aliases (package.json devDependencies).
const OLDEST_PEERS = { cdk8s: 'cdk8s-peer-min', constructs: 'constructs-peer-min' };

function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env } });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function readJson(file: string): { version: string; dependencies?: Record<string, string>; peerDependencies?: Record<string, string> } {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** the README's TypeScript example, verbatim. */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf('The same in TypeScript');
  const start = readme.indexOf('```ts\n', at);
  expect(at).toBeGreaterThan(0);
  expect(start).toBeGreaterThan(at);
  return readme.slice(start + '```ts\n'.length, readme.indexOf('```\n', start + 1));
}

/** a fresh cdk8s app with the packed package installed; returns the package's version. */
function makeApp(app: string, tarballDir: string): string {
  const packed = JSON.parse(ok(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tarballDir], ROOT), 'npm pack'))[0];
  const pkgDir = path.join(app, 'node_modules', 'karmada-migrate');
  fs.mkdirSync(pkgDir, { recursive: true });
  ok(run('tar', ['-xzf', path.join(tarballDir, packed.filename), '-C', pkgDir, '--strip-components=1'], app), 'tar');
  const pkg = readJson(path.join(pkgDir, 'package.json'));
  // the peers: copies (not links, so that they resolve their own dependencies here) of the oldest versions.
  for (const [name, alias] of Object.entries(OLDEST_PEERS)) {
    fs.cpSync(path.join(ROOT, 'node_modules', alias), path.join(app, 'node_modules', name), { recursive: true });
  }
  expect(readJson(path.join(app, 'node_modules', 'cdk8s', 'package.json')).version).toBe('2.68.0');
  expect(readJson(path.join(app, 'node_modules', 'constructs', 'package.json')).version).toBe('10.0.0');
  expect(pkg.peerDependencies).toStrictEqual({ cdk8s: '^2.68.0', constructs: '^10.0.0' });
  // the dependencies, as npm would install them (links to this repo's copies); and Node's types for tsc.
  for (const dep of [...Object.keys(pkg.dependencies ?? {}), '@types/node']) {
    fs.mkdirSync(path.dirname(path.join(app, 'node_modules', dep)), { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(app, 'node_modules', dep));
  }
  // where the cdk8s CLI's `npm install karmada-migrate@<version> --prefix plugins/karmada-migrate/<version>` puts it.
  const plugin = path.join(app, 'plugins', 'karmada-migrate', pkg.version, 'node_modules', 'karmada-migrate');
  fs.mkdirSync(path.dirname(plugin), { recursive: true });
  fs.symlinkSync(pkgDir, plugin);

  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '0.0.0', private: true }));
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, skipLibCheck: false, types: ['node'] },
    files: ['main.ts', 'violation.ts'],
  }));
  fs.writeFileSync(path.join(app, 'cdk8s.yaml'), [
    'language: typescript',
    'app: node main.js',
    'output: dist',
    // absolute: the cdk8s CLI requires the plugin by this path, and a relative one would be read as a package name.
    `pluginsDirectory: ${path.join(app, 'plugins')}`,
    'validations:',
    '  - package: karmada-migrate',
    `    version: ${pkg.version}`,
    '    class: KarmadaMigrateValidation',
    '    properties:',
    '      sourceClusters: [member1]',
    '',
  ].join('\n'));
  fs.cpSync(path.join(ROOT, 'inventory'), path.join(app, 'inventory'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'migration.yaml'), path.join(app, 'migration.yaml'));
  return pkg.version;
}

describe('the packed package in a fresh cdk8s app with the oldest peers', () => {
  test('the README example compiles and synthesizes; a violation is refused by the constructs and by the plugin', () => withTempDir(dir => {
    // GIVEN a cdk8s app with the tarball installed, the README example, and the same with Services taken over kind-only
    const app = path.join(dir, 'app');
    makeApp(app, dir);
    const example = readmeExample();
    expect(example).toContain('selectBy: KindSelection.NAME');
    fs.writeFileSync(path.join(app, 'main.ts'), example);
    fs.writeFileSync(path.join(app, 'violation.ts'), example
      .replace(', selectBy: KindSelection.NAME', '')
      .replace('const app = new App();', "const app = new App();\nif (process.env.RULES_TO_PLUGIN) app.node.setContext('karmada-migrate:validateRules', false);\nvoid KindSelection;"));
    ok(run(process.execPath, [TSC, '-p', '.'], app), 'tsc');

    // WHEN the example is synthesized
    const clean = run(CDK8S, ['synth', '--no-check-upgrade'], app);

    // THEN it passes the plugin and writes one file for the chart, with the Services selected by name
    expect(clean.stderr).not.toContain('Installing validation plugin');
    expect(clean.stdout).toContain('Validations ended succesfully');
    expect(clean.status).toBe(0);
    const written = fs.readFileSync(path.join(app, 'dist', 'member1.k8s.yaml'), 'utf8');
    expect(written).toContain('name: services-pp');
    expect(written).toMatch(/kind: Service\n\s+name: nginx-svc/);

    // WHEN a kind-only Service selector is synthesized under the plain App: the construct validation refuses it
    const refusedByApp = run(CDK8S, ['synth', '--no-check-upgrade', '--app', 'node violation.js'], app);
    expect(refusedByApp.stderr).toContain("[member1] [migration/karmada-own-objects] PropagationPolicy default/services-pp: spec.resourceSelectors[0]: a kind-only selector of Service in default also claims the Karmada API server's own default/kubernetes");
    expect(refusedByApp.status).toBe(1);

    // WHEN the app leaves the rules to the plugin: the plugin, loaded by package name, refuses it
    const refusedByPlugin = run(CDK8S, ['synth', '--no-check-upgrade', '--app', 'node violation.js'], app, { RULES_TO_PLUGIN: '1' });
    expect(refusedByPlugin.stdout).toContain('migration/karmada-own-objects');
    expect(refusedByPlugin.stderr).toContain('Validation failed');
    expect(refusedByPlugin.status).toBe(2);
  }));

  test('the published CLI and cdk8s app run from lib/, without the TypeScript sources or tsx', () => withTempDir(dir => {
    const app = path.join(dir, 'app');
    makeApp(app, dir);
    const pkgDir = path.join(app, 'node_modules', 'karmada-migrate');
    expect(fs.existsSync(path.join(pkgDir, 'src'))).toBe(false);
    expect(fs.existsSync(path.join(app, 'node_modules', 'tsx'))).toBe(false);
    const r = run(process.execPath, [path.join(pkgDir, 'bin', 'karmada-migrate.js'), 'synth', '--config', 'migration.yaml', '--output', 'out'], app);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const servicesPp = path.join('member1', 'policies', 'default', 'PropagationPolicy.policy.karmada.io_services-pp.yaml');
    const expected = fs.readFileSync(path.join(ROOT, 'dist', servicesPp), 'utf8');
    expect(fs.readFileSync(path.join(app, 'out', servicesPp), 'utf8')).toBe(expected);

    // the package's cdk8s app, run by the cdk8s CLI with the plugin by package name: it stages the files once, the plugin validates them
    const synth = run(CDK8S, ['synth', '--no-check-upgrade', '--app', `node ${path.join(pkgDir, 'bin', 'cdk8s-app.js')}`], app);
    expect(synth.stdout).toContain('Validations ended succesfully');
    expect(synth.status).toBe(0);
    expect(fs.readFileSync(path.join(app, 'dist', servicesPp), 'utf8')).toBe(expected);
  }));
});
