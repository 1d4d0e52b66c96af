import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { runCapturing } from './run-cli';
import { Plan } from '../../src/report/plan';
import { ROOT, withTempDir } from '../util';

const CONFIG = path.join(ROOT, 'migration.yaml');
const EXPORT = path.join(ROOT, 'inventory', 'member1.yaml');
const FLEET_CONFIG = path.join(ROOT, 'examples', 'fleet', 'migration.yaml');

const OLD_APP = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'member1-apps', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
  spec: {
    project: 'default',
    source: { repoURL: 'https://git.example.com/apps.git', path: 'member1', targetRevision: 'main' },
    destination: { name: 'member1', namespace: 'default' },
    syncPolicy: { automated: { prune: true, selfHeal: true } },
  },
};

describe('karmada-migrate plan', () => {
  test('prints the example\'s plan as Markdown and exits 0', async () => {
    const r = await runCapturing(['plan', '--config', CONFIG]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# Migration plan\n/);
    expect(r.stdout).toContain('```mermaid\nflowchart LR\n');
    expect(r.stdout).toContain('| `Deployment.apps default/nginx` | `PropagationPolicy default/nginx-pp` | `PropagationPolicy default/deployments-pp`: ' +
      'same spec.priority (0); the winner selects it by name, this one by kind only |');
  });

  test('--format json gives the same content for bots', async () => {
    const r = await runCapturing(['plan', '--config', CONFIG, '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.kind).toBe('Plan');
    expect(plan.totals.templates).toBe(6);
    expect(plan.overlaps.map(o => o.winner)).toStrictEqual(['PropagationPolicy default/nginx-pp', 'PropagationPolicy default/nginx-pp']);
  });

  test('--live with a mutated export and --handover-from: the restart, the replica change and step 0; risks are content, exit 0', () => withTempDir(async dir => {
    // GIVEN a live export where nginx runs another image and cart has 5 replicas, and the old Application
    const live = path.join(dir, 'live.yaml');
    const text = fs.readFileSync(EXPORT, 'utf8');
    type PodSpec = { containers: Array<{ image: string }> };
    type Workload = { kind: string; metadata: { name: string }; spec: { replicas?: number; template: { spec: PodSpec } } };
    const list = yaml.load(text) as { items: Workload[] };
    for (const o of list.items) {
      if (o.kind === 'Deployment' && o.metadata.name === 'nginx') o.spec.template.spec.containers[0].image = 'nginx:1.27.4';
      if (o.kind === 'Deployment' && o.metadata.name === 'cart') o.spec.replicas = 5;
    }
    fs.writeFileSync(live, yaml.dump(list));
    const app = path.join(dir, 'old-app.yaml');
    fs.writeFileSync(app, yaml.dump(OLD_APP));

    // WHEN
    const r = await runCapturing(['plan', '--config', CONFIG, '--live', live, '--handover-from', app]);

    // THEN
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| **pods-restart** | 1 |\n| **replicas-change** | 1 |');
    expect(r.stdout).toMatch(/\| `Deployment\.apps default\/nginx` \| \*\*pods-restart\*\* \| .*`spec\.template\.spec\.containers\[0\]\.image` \|/);
    expect(r.stdout).toMatch(/\| `Deployment\.apps shop\/cart` \| \*\*replicas-change\*\* \| replicas 5 → 3: /);
    expect(r.stdout).toContain('## Step 0: stop the old pipeline\n\nWho applies the templates to the member cluster today');
    expect(r.stdout).toContain('\n\nThe old Application `argocd/member1-apps` (destination `name member1`)');
    expect(r.stdout).toContain('- **Danger** (auto-prune): ');
    expect(r.stdout).toContain('- **Danger** (self-heal): ');
    expect(r.stdout).toContain('2. **Remove the resources finalizer of argocd/member1-apps** (`remove-finalizer`)');
  }));

  test('--live takes several exports', async () => {
    const r = await runCapturing(['plan', '--config', CONFIG, '--live', EXPORT, '--live', path.join(ROOT, 'test', 'fixtures', 'mixed-export.yaml'), '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Plan).risks.counts.unchanged).toBe(6);
  });

  test('--output writes the file and says so', () => withTempDir(async dir => {
    const out = path.join(dir, 'review', 'plan.md');
    const r = await runCapturing(['plan', '--config', CONFIG, '--output', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote the plan to ${out}\n`);
    expect(fs.readFileSync(out, 'utf8')).toBe((await runCapturing(['plan', '--config', CONFIG])).stdout);
  }));

  test('--output-full writes the full plan beside the shortened one, under the same rules', () => withTempDir(async dir => {
    const out = path.join(dir, 'plan.md');
    const full = path.join(dir, 'artifacts', 'plan-full.md');
    const r = await runCapturing(['plan', '--config', CONFIG, '--output', out, '--output-full', full]);
    expect([r.code, r.stderr, r.stdout]).toStrictEqual([0, '', `wrote the plan to ${out} and the full plan to ${full}\n`]);
    // the example fits: both are the same, and nothing is left out of the full one
    expect(fs.readFileSync(full, 'utf8')).toBe(fs.readFileSync(out, 'utf8'));
    expect(fs.readFileSync(full, 'utf8')).not.toContain('see the full plan');
    // with standard output, and refused when it is --output or a file that is not a plan
    const stdout = await runCapturing(['plan', '--config', CONFIG, '--output-full', full]);
    expect([stdout.code, stdout.stdout]).toStrictEqual([0, fs.readFileSync(out, 'utf8')]);
    const same = await runCapturing(['plan', '--config', CONFIG, '--output', out, '--output-full', out]);
    expect([same.code, same.stderr]).toStrictEqual([1, `karmada-migrate: --output-full ${out} is also --output: give the full plan a file of its own, such as plan-full.md\n`]);
    fs.writeFileSync(full, 'my notes\n');
    const refused = await runCapturing(['plan', '--config', CONFIG, '--output', out, '--output-full', full]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`refusing to write the plan to ${full}: it is an existing file that is not a plan karmada-migrate wrote`);
    fs.writeFileSync(full, '');
    fs.writeFileSync(out, 'my notes\n');
    const neither = await runCapturing(['plan', '--config', CONFIG, '--output', out, '--output-full', full]);
    expect([neither.code, fs.readFileSync(full, 'utf8'), fs.readFileSync(out, 'utf8')]).toStrictEqual([1, '', 'my notes\n']);
  }));

  test('--output replaces a plan it wrote, Markdown or JSON, and nothing else', () => withTempDir(async dir => {
    const out = path.join(dir, 'plan.md');
    for (const format of ['markdown', 'json', 'markdown']) {
      const r = await runCapturing(['plan', '--config', CONFIG, '--format', format, '--output', out]);
      expect([r.code, r.stderr]).toStrictEqual([0, '']);
    }
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^# Migration plan\n/);
    fs.writeFileSync(out, 'my notes\n');
    const refused = await runCapturing(['plan', '--config', CONFIG, '--output', out]);
    expect([refused.code, refused.stdout]).toStrictEqual([1, '']);
    expect(refused.stderr).toBe(`karmada-migrate: refusing to write the plan to ${out}: it is an existing file that is not a plan karmada-migrate wrote ` +
      '(a Markdown plan starts with "# Migration plan", a JSON plan is a karmada-migrate.io Plan): remove it first, or choose another path\n');
    expect(fs.readFileSync(out, 'utf8')).toBe('my notes\n');
  }));

  test('the README\'s excerpt is what it prints for the embedded example', async () => {
    // GIVEN the excerpt block of the README, parts separated by lines holding only …
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /```\n\$ npx karmada-migrate plan --config migration\.yaml\n([\s\S]*?)```/.exec(readme)![1];
    const parts = block.split(/^…\n/m).filter(p => p !== '');

    // WHEN the command runs from the repo root
    const previous = process.cwd();
    process.chdir(ROOT);
    let stdout: string;
    try {
      stdout = (await runCapturing(['plan', '--config', 'migration.yaml'])).stdout;
    } finally {
      process.chdir(previous);
    }

    // THEN each part is in the output, in order
    expect(parts.length).toBeGreaterThan(3);
    let from = 0;
    for (const part of parts) {
      const at = stdout.indexOf(part, from);
      expect(at).toBeGreaterThanOrEqual(from);
      from = at + part.length;
    }
  });

  test('--help shows the flags and examples', async () => {
    const r = await runCapturing(['plan', '--help']);
    for (const flag of ['--config', '--live', '--handover-from', '--format', '--output', '--output-full', 'Examples:']) expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/plan --live member1=live\/m1\.yaml\s+A fleet/);
  });

  test.each<[string, (dir: string) => string[], RegExp]>([
    ['a missing config', dir => ['--config', path.join(dir, 'nope.yaml')], /^karmada-migrate: .*nope\.yaml: cannot read the config: no such file or directory\n$/],
    ['a flag given twice', dir => ['--handover-from', path.join(dir, 'a.yaml'), '--handover-from', path.join(dir, 'b.yaml')],
      /^karmada-migrate: --handover-from is given 2 times \(--handover-from, --handover-from\); give it once\n$/],
    ['a missing live export', dir => ['--live', path.join(dir, 'nope.yaml')], /^karmada-migrate: .*nope\.yaml.*no such file/],
    ['a handover file that is not an Application', dir => ['--handover-from', write(dir, yaml.dump({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }))],
      /^karmada-migrate: .*app\.yaml: not an Argo CD Application, Flux Kustomization or Flux HelmRelease: got v1 ConfigMap; /],
    ['a malformed handover file', dir => ['--handover-from', write(dir, 'kind: [')], /^karmada-migrate: .*app\.yaml:1: malformed YAML: unexpected end of the stream within a flow collection\n {2}1 \| kind: \[\n {4}\| {8}\^\n$/],
    ['a handover file with two Applications', dir => ['--handover-from', write(dir, `${yaml.dump(OLD_APP)}---\n${yaml.dump(OLD_APP)}`)],
      /^karmada-migrate: .*app\.yaml: holds 2 objects; give the one object of the old pipeline /],
    ['a missing handover file', dir => ['--handover-from', path.join(dir, 'nope.yaml')], /^karmada-migrate: .*nope\.yaml: cannot read the Application: no such file or directory\n$/],
    ['an unknown format', () => ['--format', 'html'], /Invalid values/],
    ['a fleet\'s live export without its cluster', () => ['--config', FLEET_CONFIG, '--live', path.join(ROOT, 'examples', 'fleet', 'exports', 'member1.yaml')],
      /^karmada-migrate: --live PATH names no cluster, and migration 'fleet' takes over 3 clusters \(member1, member2, member3\): .*--live member1=PATH/],
    ['a live export of a cluster no migration takes over', () => ['--live', 'membr1=live.yaml'],
      /^karmada-migrate: --live membr1=PATH names cluster 'membr1', which no migration takes over .*; did you mean 'member1'\?\n$/],
  ])('%s: exit 1 with one message naming it, nothing on stdout', (_, args, message) => withTempDir(async dir => {
    const given = args(dir);
    const r = await runCapturing(['plan', ...(given.includes('--config') ? [] : ['--config', CONFIG]), ...given]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  }));

  test('a handover file holding a List of one Application is read', () => withTempDir(async dir => {
    const file = write(dir, yaml.dump({ apiVersion: 'v1', kind: 'List', items: [OLD_APP] }));
    const r = await runCapturing(['plan', '--config', CONFIG, '--handover-from', file, '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Plan).handover!.object).toBe('argocd/member1-apps');
  }));
});

function write(dir: string, text: string): string {
  const file = path.join(dir, 'app.yaml');
  fs.writeFileSync(file, text);
  return file;
}
