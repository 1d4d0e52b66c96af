// End to end, the validation of cdk8s.yaml with the real cdk8s CLI on a temp copy of the
// project, and the same checks in `karmada-migrate synth`: a config that breaks a rule
// exits 2 naming it and leaves the committed dist/ (or the output folder) byte-identical.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runCapturing } from '../cli/run-cli';
import { readTree, ROOT, withTempDir } from '../util';

const CDK8S = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');

/** a copy of what a user has in the project (as test/e2e/example.test.ts makes it). */
function copyProject(dir: string): void {
  for (const entry of ['cdk8s.yaml', 'migration.yaml', 'inventory', 'src', 'imports', 'schemas', 'validation-plugin', 'bin', 'package.json', 'tsconfig.json']) {
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
}


function synth(cwd: string) {
  const r = spawnSync(CDK8S, ['synth', '--no-check-upgrade'], { cwd, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** the example with its Services taken over by a kind-only selector: in `default` it also claims the API server's `kubernetes` Service. */
function breakServices(dir: string): void {
  const file = path.join(dir, 'migration.yaml');
  const config = fs.readFileSync(file, 'utf8');
  expect(config).toContain('selectBy: Name');
  fs.writeFileSync(file, config.replace('selectBy: Name', 'selectBy: Kind'));
}

describe('cdk8s synth with the validation plugin of cdk8s.yaml', () => {
  test('the example is clean; a kind-only Service takeover exits 2 naming the rule and leaves dist/ byte-identical', () => withTempDir(dir => {
    // GIVEN a project synthesized from the example
    copyProject(dir);
    const clean = synth(dir);
    expect(clean.stdout).toContain('Validations ended succesfully');
    expect(clean.code).toBe(0);
    const before = readTree(path.join(dir, 'dist'));
    expect(before).toStrictEqual(readTree(path.join(ROOT, 'dist')));

    // WHEN its Services are taken over by kind
    breakServices(dir);
    const bad = synth(dir);

    // THEN
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Validation failed');
    // one occurrence: services-pp of shop selects every Service of shop, which holds no object of the API server.
    expect(bad.stdout).toContain('migration/karmada-own-objects (1 occurrences)');
    // the policy of default, not its namesake in shop.
    expect(bad.stdout).toContain('Resource Name: PropagationPolicy default/services-pp');
    expect(bad.stdout).toContain('Construct Path: member1/takeovers[1]/PropagationPolicy@default/Resource');
    expect(bad.stdout).toContain(`Manifest Path: ${path.join('.cdk8s.out', 'member1/policies/default/PropagationPolicy.policy.karmada.io_services-pp.yaml')}`);
    expect(bad.stdout).toContain('the Karmada API server\'s own default/kubernetes');
    expect(readTree(path.join(dir, 'dist'))).toStrictEqual(before);
    // the staging folder holds what was refused.
    expect(fs.readFileSync(path.join(dir, '.cdk8s.out/member1/policies/default/PropagationPolicy.policy.karmada.io_services-pp.yaml'), 'utf8'))
      .not.toContain('name: nginx-svc');
  }));
});

describe('karmada-migrate synth runs the same checks', () => {
  test('the same bad config exits 2 naming the rule; the output folder is untouched', () => withTempDir(async dir => {
    // GIVEN
    copyProject(dir);
    breakServices(dir);
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'previous.yaml'), 'kept\n');

    // WHEN
    const r = await runCapturing(['synth', '--config', path.join(dir, 'migration.yaml'), '--output', out]);

    // THEN
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('1 violation of Karmada\'s or the migration\'s rules');
    expect(r.stderr).toContain('[migration/karmada-own-objects] PropagationPolicy default/services-pp: spec.resourceSelectors[0]: a kind-only selector of Service in default');
    expect(readTree(out)).toStrictEqual({ 'previous.yaml': 'kept\n' });
  }));

  test('the example config is clean', () => withTempDir(async dir => {
    const r = await runCapturing(['synth', '--config', path.join(ROOT, 'migration.yaml'), '--output', path.join(dir, 'out')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readTree(path.join(dir, 'out'))).toStrictEqual(readTree(path.join(ROOT, 'dist')));
  }));
});

describe('the placeholders survive the cdk8s path', () => {
  // a Flux Kustomization whose path is gone fails instead of pruning; Argo CD's directory generator
  // needs the folder: the .keep files the app writes must reach dist/ through the plugin too.
  test('a released migration with a Flux delivery: cdk8s synth writes what karmada-migrate synth writes, .keep files included', () => withTempDir(async dir => {
    copyProject(dir);
    const file = path.join(dir, 'migration.yaml');
    const flux = '  delivery:\n    flux:\n      sourceRef: {name: gitops}\n      path: ./dist/member1\n      kubeConfigSecretRef: karmada-kubeconfig\n';
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('rollback: false', 'rollback: true').replace('  takeovers:\n', `  phase: Release\n${flux}  takeovers:\n`));
    const r = synth(dir);
    expect(r.code).toBe(0);
    const viaCdk8s = readTree(path.join(dir, 'dist'));
    expect(viaCdk8s['member1/templates/.keep']).toContain('kept for the GitOps delivery');
    expect((await runCapturing(['synth', '--config', file, '--output', path.join(dir, 'out')])).code).toBe(0);
    expect(viaCdk8s).toStrictEqual(readTree(path.join(dir, 'out')));
  }));
});
