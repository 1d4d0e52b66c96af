// The rollback lifecycle end to end on a temp Git repository: takeover, arm, verify,
// release, cleanup — each a commit, each gated by `karmada-migrate check --base`; and the
// unsafe shortcut (arm and release in one commit) refused.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { runCapturing } from '../cli/run-cli';
import { ROOT, withTempDir } from '../util';

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const r = await runCapturing(args);
  return { code: r.code, out: r.stdout + r.stderr };
}

class Repo {
  public constructor(public readonly dir: string) {
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'ci@example.com');
    this.git('config', 'user.name', 'ci');
    fs.cpSync(path.join(ROOT, 'inventory'), path.join(dir, 'inventory'), { recursive: true });
  }

  public git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, encoding: 'utf8' });
  }

  /** writes migration.yaml from the example, edited, and synthesizes dist/. */
  public async synth(edit: (config: string) => string): Promise<{ code: number; out: string }> {
    const config = edit(fs.readFileSync(path.join(ROOT, 'migration.yaml'), 'utf8'));
    fs.writeFileSync(path.join(this.dir, 'migration.yaml'), config);
    return cli(['synth', '--config', path.join(this.dir, 'migration.yaml'), '--output', path.join(this.dir, 'dist')]);
  }

  public commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
    return this.git('rev-parse', 'HEAD').trim();
  }

  public check(base: string): Promise<{ code: number; out: string }> {
    return cli(['check', '--base', base, '--dist', path.join(this.dir, 'dist'), '--config', path.join(this.dir, 'migration.yaml')]);
  }

  public templates(): string[] {
    return this.git('ls-files', 'dist/member1/templates').split('\n').filter(f => f.endsWith('.yaml'));
  }
}

const DELIVERY = '  delivery:\n    argocd:\n      destination: {name: karmada}\n      repoURL: https://git.example.com/platform/karmada-gitops.git\n      path: dist/member1\n';
const takeover = (c: string) => c.replace('  takeovers:\n', `${DELIVERY}  takeovers:\n`);
const armed = (c: string) => takeover(c).replace('rollback: false', 'rollback: true');
const released = (c: string) => armed(c).replace('  takeovers:\n', '  phase: Release\n  takeovers:\n');

/** the Works Karmada would have made for the templates of dist/, with or without the flag. */
function works(dir: string, preserve: (name: string) => boolean): unknown {
  const files = fs.readdirSync(path.join(dir, 'dist/member1/templates'), { recursive: true }).map(String).filter(f => f.endsWith('.yaml')).sort();
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: files.map(f => {
      const manifest = yaml.load(fs.readFileSync(path.join(dir, 'dist/member1/templates', f), 'utf8')) as { kind: string; metadata: { name: string } };
      const name = `${manifest.metadata.name}-${manifest.kind.toLowerCase()}-abc12`;
      return { apiVersion: 'work.karmada.io/v1alpha1', kind: 'Work', metadata: { name, namespace: 'karmada-es-member1' },
        spec: { workload: { manifests: [manifest] }, ...(preserve(name) ? { preserveResourcesOnDeletion: true } : {}) } };
    }),
  };
}

describe('the rollback lifecycle', () => {
  test('takeover, arm, verify, release, cleanup: each step a commit that passes the gate', () => withTempDir(async dir => {
    const repo = new Repo(dir);

    // takeover
    expect((await repo.synth(takeover)).code).toBe(0);
    const t0 = repo.commit('takeover');
    expect(repo.templates()).toHaveLength(6);
    expect(fs.existsSync(path.join(dir, 'dist/_delivery/member1/argocd/Application.argoproj.io_karmada-member1.yaml'))).toBe(true);

    // 1. arm: only the policies change
    expect((await repo.synth(armed)).code).toBe(0);
    expect(repo.git('status', '--porcelain').split('\n').filter(Boolean).every(l => l.includes('/policies/') || l.includes('migration.yaml'))).toBe(true);
    const gate1 = await repo.check(t0);
    expect(gate1.out).toContain('check passed');
    expect(gate1.code).toBe(0);
    const t1 = repo.commit('arm the rollback');

    // 2. verify: every Work carries the flag (exit 0); one without it (exit 1)
    fs.writeFileSync(path.join(dir, 'works.json'), JSON.stringify(works(dir, () => true)));
    expect((await cli(['verify-rollback', '--works', path.join(dir, 'works.json'), '--dist', path.join(dir, 'dist')])).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'works.json'), JSON.stringify(works(dir, n => !n.startsWith('nginx-deployment'))));
    const unarmed = await cli(['verify-rollback', '--works', path.join(dir, 'works.json'), '--dist', path.join(dir, 'dist')]);
    expect(unarmed.code).toBe(1);
    expect(unarmed.out).toContain('NOT ARMED Deployment.apps default/nginx (member1/templates/default/Deployment.apps_nginx.yaml):\n' +
      '  - Work karmada-es-member1/nginx-deployment-abc12 (cluster member1) lacks preserveResourcesOnDeletion: true');
    fs.rmSync(path.join(dir, 'works.json'));

    // 3. release: the templates leave dist/, the policies stay
    expect((await repo.synth(released)).code).toBe(0);
    expect(repo.templates()).toHaveLength(6); // still in the index until the commit
    const gate3 = await repo.check(t1);
    expect(gate3.code).toBe(0);
    const t3 = repo.commit('release the templates');
    expect(repo.templates()).toHaveLength(0);
    expect(repo.git('ls-files', 'dist/member1/policies').split('\n').filter(Boolean)).toHaveLength(5);

    // 4. cleanup: remove the policies
    repo.git('rm', '-q', '-r', 'dist/member1', 'migration.yaml');
    // the Application (dist/_delivery) stays, and prunes the policies; a missing folder is an empty dist/.
    const gate4 = await cli(['check', '--base', t3, '--dist', path.join(dir, 'dist')]);
    expect(gate4.out).toBe('check passed\n');
    expect(gate4.code).toBe(0);
    repo.git('rm', '-q', '-r', 'dist');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
    const gone = await cli(['check', '--base', t3, '--dist', path.join(dir, 'dist')]);
    expect(gone.out).toBe('check passed\n');
  }));

  test('the unsafe shortcut (arm and release in one commit) is refused', () => withTempDir(async dir => {
    const repo = new Repo(dir);
    expect((await repo.synth(takeover)).code).toBe(0);
    const t0 = repo.commit('takeover');
    expect((await repo.synth(released)).code).toBe(0);
    const gate = await repo.check(t0);
    expect(gate.code).toBe(1);
    expect(gate.out).toContain('ERROR [template-removed-without-preserve] Deployment.apps default/nginx (member1/templates/default/Deployment.apps_nginx.yaml) ' +
      'would be pruned by Application argocd/karmada-member1, as its file is removed, and Karmada would delete the live object in the member cluster: ' +
      'not every policy that may claim it preserves: PropagationPolicy default/nginx-pp as deployed: it does not have preserveResourcesOnDeletion: true');
    expect(gate.out.match(/template-removed-without-preserve/g)).toHaveLength(6);
  }));

  test('releasing without arming fails at synth, naming every policy', () => withTempDir(async dir => {
    const repo = new Repo(dir);
    const r = await repo.synth(c => takeover(c).replace('  takeovers:\n', '  phase: Release\n  takeovers:\n'));
    expect(r.code).toBe(1);
    // one problem per takeover, at the phase line, naming the takeover as the config does
    expect(r.out.match(/: spec\.phase: phase Release releases the templates, but takeover '[a-z-]+' \(spec\.takeovers\[\d\]\) does not preserve them/g)).toHaveLength(3);
  }));

  test('the gate refuses a stale dist/ and a template moved to another namespace', () => withTempDir(async dir => {
    const repo = new Repo(dir);
    expect((await repo.synth(takeover)).code).toBe(0);
    const t0 = repo.commit('takeover');
    // a hand edit: dist/ no longer what the config gives
    const f = path.join(dir, 'dist/member1/templates/shop/Service_cart.yaml');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('port: 80', 'port: 81'));
    const stale = await repo.check(t0);
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('[stale-dist]');
    // moving a template to another namespace removes it from the old one
    fs.writeFileSync(path.join(dir, 'dist/member1/templates/default/Service_cart.yaml'), fs.readFileSync(f, 'utf8').replace('namespace: shop', 'namespace: default'));
    fs.rmSync(f);
    const moved = await cli(['check', '--base', t0, '--dist', path.join(dir, 'dist')]);
    expect(moved.code).toBe(1);
    expect(moved.out).toContain('ERROR [template-removed-without-preserve] Service shop/cart (member1/templates/shop/Service_cart.yaml) would be pruned by Application argocd/karmada-member1');
  }));
});
