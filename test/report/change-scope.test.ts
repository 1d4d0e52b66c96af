// The change's scope (src/report/change-scope.ts): `check --base <revision>` reads only what a
// change of templates reaches. A property compares that reading with the full one on random
// dist/ trees and random template changes; focused tests pin each fallback to the full reading,
// and what a scoped reading lists and counts.
//
// The property runs 50 cases; CHANGE_SCOPE_RUNS=2000 runs more, and CHANGE_SCOPE_SEED and
// CHANGE_SCOPE_PATH replay the seed and path fast-check prints for a failure.
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { KubeObject } from '../../src/kube/object';
import { manifestPath } from '../../src/output/layout';
import { ChangeRead, readChangeInScope } from '../../src/report/change-scope';
import { runCapturing } from '../cli/run-cli';
import { deployment, git, initRepo, service, withTempDir } from '../util';
import { argoApp, cpp, flux, namespace, PolicyOpts, pp } from './_dist-objects';

// ---- a repository with dist/ ----


const repo = (dir: string) => initRepo(dir);

function commit(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

/** dist/ as files: path under dist/ => text. */
type Files = Map<string, string>;

function writeFile(dir: string, file: string, text: string): void {
  const full = path.join(dir, 'dist', ...file.split('/'));
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
}

/** makes the working tree's dist/ go from `from` to `to`, touching only the files that differ. */
function applyFiles(dir: string, from: Files, to: Files): void {
  for (const f of from.keys()) if (!to.has(f)) fs.rmSync(path.join(dir, 'dist', ...f.split('/')));
  for (const [f, text] of to) if (from.get(f) !== text) writeFile(dir, f, text);
}

/** a clean rehearsal report of a migration, beside dist/. */
function writeReport(dir: string, migration: string): void {
  fs.mkdirSync(path.join(dir, 'rehearsals'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'rehearsals', `${migration}.json`), JSON.stringify({
    apiVersion: 'karmada-migrate.io/v1alpha1', kind: 'RehearsalReport', migration, digest: 'sha256:0', clean: true, findings: [], templates: [],
  }));
}

function filesOf(objects: Iterable<readonly [string, KubeObject]>): Files {
  return new Map([...objects].map(([f, o]) => [f, yaml.dump(o, { sortKeys: true })]));
}

// ---- objects (the shapes of check-scenarios.test.ts) ----

/** `ClusterWidget`: a Widget written without a namespace (its CustomResourceDefinition, if any, says whether it needs one). */
type Kind = 'Deployment' | 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'Service' | 'Widget' | 'ClusterWidget' | 'ClusterRole';
const API_VERSION: Record<Kind, string> = {
  Deployment: 'apps/v1', ConfigMap: 'v1', Secret: 'v1', ServiceAccount: 'v1', Service: 'v1', Widget: 'example.com/v1', ClusterWidget: 'example.com/v1', ClusterRole: 'rbac.authorization.k8s.io/v1',
};
const NAMESPACES = ['default', 'shop', 'team-a'] as const;
const NAMES = ['web', 'api', 'db'] as const;
const TIERS = ['front', 'back'] as const;
type Migration = 'member1' | 'member2';

/** what a Deployment refers to: a ConfigMap or Secret by envFrom or a volume, a ServiceAccount by serviceAccountName. */
type Ref = { readonly via: 'cm-env' | 'cm-volume' | 'secret-env' | 'secret-volume' | 'sa'; readonly name: string };

interface TemplateSpec {
  readonly migration: Migration;
  readonly namespace: string;
  readonly kind: Kind;
  readonly name: string;
  readonly tier?: typeof TIERS[number];
  readonly size: number;
  readonly refs: readonly Ref[];
}

function template(t: TemplateSpec): KubeObject {
  const metadata = { name: t.name, ...(t.kind === 'ClusterRole' || t.kind === 'ClusterWidget' ? {} : { namespace: t.namespace }), labels: { app: t.name, ...(t.tier ? { tier: t.tier } : {}) } };
  const apiVersion = API_VERSION[t.kind];
  switch (t.kind) {
    case 'Deployment': {
      const d = deployment(t.namespace, t.name);
      const envFrom = t.refs.flatMap<object>(r => (r.via === 'cm-env' ? [{ configMapRef: { name: r.name } }] : r.via === 'secret-env' ? [{ secretRef: { name: r.name } }] : []));
      const volumes = t.refs.flatMap<object>((r, i) => (r.via === 'cm-volume' ? [{ name: `v${i}`, configMap: { name: r.name } }]
        : r.via === 'secret-volume' ? [{ name: `v${i}`, secret: { secretName: r.name } }] : []));
      const sa = t.refs.find(r => r.via === 'sa')?.name;
      const container = { name: t.name, image: `${t.name}:1`, ...(envFrom.length ? { envFrom } : {}) };
      const spec = d.spec as { template: { metadata: object } };
      return { ...d, metadata, spec: { ...d.spec as object, replicas: t.size,
        template: { metadata: spec.template.metadata,
          spec: { ...(sa ? { serviceAccountName: sa } : {}), containers: [container], ...(volumes.length ? { volumes } : {}) } } } };
    }
    case 'Service': {
      const s = service(t.namespace, t.name);
      return { ...s, metadata, spec: { selector: { app: t.name }, ports: [{ port: 80 + t.size, targetPort: 8080, protocol: 'TCP' }] } };
    }
    case 'ConfigMap': return { apiVersion, kind: t.kind, metadata, data: { size: String(t.size) } };
    case 'Secret': return { apiVersion, kind: t.kind, metadata, type: 'Opaque', data: { size: Buffer.from(String(t.size)).toString('base64') } };
    case 'ServiceAccount': return { apiVersion, kind: t.kind, metadata, automountServiceAccountToken: t.size % 2 === 0 };
    case 'Widget': case 'ClusterWidget': return { apiVersion, kind: 'Widget', metadata, spec: { size: t.size } };
    case 'ClusterRole': return { apiVersion, kind: t.kind, metadata, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: t.size > 1 ? ['get', 'list'] : ['get'] }] };
  }
}

const widgetCrd = (scope: 'Namespaced' | 'Cluster' = 'Namespaced'): KubeObject => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', scope, names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1', served: true, storage: true }] } });

type OverrideOf = 'replicas' | 'labels' | 'tier';

/** an OverridePolicy of member1's replicas, or of a label (replacing `tier` fails where a template has none), for the Deployments of a namespace (or one by name). */
function overridePolicy(ns: string, name: string | undefined, what: OverrideOf): KubeObject {
  const overriders = what === 'replicas' ? { plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 5 }] }
    : what === 'tier' ? { plaintext: [{ path: '/metadata/labels/tier', operator: 'replace', value: 'edge' }] }
      : { labelsOverrider: [{ operator: 'add', value: { cluster: 'member1' } }] };
  return { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'OverridePolicy', metadata: { name: `${name ?? 'all'}-${what}`, namespace: ns },
    spec: { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, ...(name ? { name } : {}) }], overrideRules: [{ targetCluster: { clusterNames: ['member1'] }, overriders }] } };
}

// ---- random trees and changes ----

type Selector = { readonly by: 'kind' | 'name' | 'label'; readonly kind: Kind; readonly name: string; readonly tier: typeof TIERS[number] };

interface PolicySpec {
  readonly migration: Migration;
  /** undefined: a ClusterPropagationPolicy. */
  readonly namespace?: string;
  readonly name: string;
  readonly selectors: readonly Selector[];
  readonly preserve: boolean;
  readonly deps: boolean;
  readonly suspend: boolean;
  readonly twoClusters: boolean;
}

interface OverrideSpec { readonly migration: Migration; readonly namespace: string; readonly name?: string; readonly what: OverrideOf }

interface World {
  readonly migrations: readonly Migration[];
  readonly namespaces: readonly string[];
  readonly templates: readonly TemplateSpec[];
  readonly policies: readonly PolicySpec[];
  readonly overrides: readonly OverrideSpec[];
  readonly namespaceObjects: boolean;
  /** the Widgets' CustomResourceDefinition, and its scope. */
  readonly crd?: 'Namespaced' | 'Cluster';
  /** `flux-templates`: a Kustomization of member1/templates only, the rest of member1 left to an external delivery. */
  readonly delivery: 'none' | 'argo' | 'flux' | 'flux-templates';
  /** a clean rehearsal report beside dist/ (rehearsals/<migration>.json). */
  readonly report?: Migration;
}

type Modification = 'labels' | 'size' | 'refs' | 'owner' | 'claim';
type Op =
  | { readonly op: 'add'; readonly t: TemplateSpec }
  | { readonly op: 'remove'; readonly i: number }
  | { readonly op: 'modify'; readonly i: number; readonly how: Modification; readonly tier?: typeof TIERS[number]; readonly refs: readonly Ref[] }
  | { readonly op: 'move'; readonly i: number; readonly to: number }
  | { readonly op: 'copy'; readonly i: number }
  /** the file moved to another namespace's folder by hand, its namespace unchanged. */
  | { readonly op: 'hand-move'; readonly i: number; readonly to: number };

/** where the change is: the working tree, the index too, or a commit on top of the base (a pull request's branch). */
type Where = 'worktree' | 'index' | 'commit';

interface Case { readonly world: World; readonly ops: readonly Op[]; readonly where: Where }

const ref: fc.Arbitrary<Ref> = fc.record({ via: fc.constantFrom('cm-env', 'cm-volume', 'secret-env', 'secret-volume', 'sa'), name: fc.constantFrom(...NAMES) });
const refs = fc.array(ref, { maxLength: 3 });
const tier = fc.option(fc.constantFrom(...TIERS), { nil: undefined });
const kind = fc.constantFrom<Kind>('Deployment', 'Deployment', 'ConfigMap', 'Secret', 'ServiceAccount', 'Service', 'Widget', 'ClusterWidget', 'ClusterRole');

function templateSpec(migrations: readonly Migration[], namespaces: readonly string[]): fc.Arbitrary<TemplateSpec> {
  return fc.record({
    migration: fc.constantFrom(...migrations), namespace: fc.constantFrom(...namespaces), kind, name: fc.constantFrom(...NAMES),
    tier, size: fc.integer({ min: 1, max: 3 }), refs,
  });
}

function policySpec(migrations: readonly Migration[], namespaces: readonly string[]): fc.Arbitrary<PolicySpec> {
  const selector: fc.Arbitrary<Selector> = fc.record({
    by: fc.constantFrom('kind', 'name', 'label'), kind: fc.constantFrom<Kind>('Deployment', 'Deployment', 'ConfigMap', 'Secret', 'ServiceAccount', 'Service', 'Widget'),
    name: fc.constantFrom(...NAMES), tier: fc.constantFrom(...TIERS),
  });
  return fc.record({
    migration: fc.constantFrom(...migrations),
    namespace: fc.option(fc.constantFrom(...namespaces), { nil: undefined, freq: 4 }),
    name: fc.constantFrom('p1', 'p2', 'p3'),
    selectors: fc.array(selector, { minLength: 1, maxLength: 2 }),
    preserve: fc.boolean(), deps: fc.boolean(), suspend: fc.integer({ min: 0, max: 4 }).map(n => n === 0), twoClusters: fc.boolean(),
  });
}

const worldArb: fc.Arbitrary<World> = fc.record({
  migrations: fc.constantFrom<readonly Migration[]>(['member1'], ['member1', 'member2']),
  namespaces: fc.subarray([...NAMESPACES], { minLength: 1 }),
}).chain(({ migrations, namespaces }) => fc.record({
  migrations: fc.constant(migrations), namespaces: fc.constant(namespaces),
  templates: fc.array(templateSpec(migrations, namespaces), { minLength: 1, maxLength: 12 }),
  policies: fc.array(policySpec(migrations, namespaces), { minLength: 1, maxLength: 4 }),
  overrides: fc.array(fc.record({
    migration: fc.constantFrom(...migrations), namespace: fc.constantFrom(...namespaces),
    name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }), what: fc.constantFrom<OverrideOf>('replicas', 'labels', 'tier'),
  }), { maxLength: 2 }),
  namespaceObjects: fc.boolean(), crd: fc.constantFrom(undefined, 'Namespaced' as const, 'Cluster' as const), delivery: fc.constantFrom<World['delivery']>('none', 'argo', 'flux', 'flux-templates'),
  report: fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, { arbitrary: fc.constantFrom(...migrations), weight: 1 }),
}));

function opArb(world: World): fc.Arbitrary<Op> {
  const i = fc.nat();
  return fc.oneof(
    fc.record({ op: fc.constant('add' as const), t: templateSpec(world.migrations, world.namespaces) }),
    fc.record({ op: fc.constant('remove' as const), i }),
    fc.record({ op: fc.constant('modify' as const), i, how: fc.constantFrom<Modification>('labels', 'size', 'refs', 'owner', 'claim'), refs })
      .chain(m => tier.map(t => (t === undefined ? m : { ...m, tier: t }))),
    fc.record({ op: fc.constant('move' as const), i, to: fc.nat() }),
    fc.record({ op: fc.constant('copy' as const), i }),
    fc.record({ op: fc.constant('hand-move' as const), i, to: fc.nat() }),
  ).filter(op => op.op !== 'hand-move' || op.i % 4 === 0);
}

const caseArb: fc.Arbitrary<Case> = worldArb.chain(world => fc.record({
  world: fc.constant(world), ops: fc.array(opArb(world), { minLength: 1, maxLength: 3 }), where: fc.constantFrom<Where>('worktree', 'index', 'commit'),
}));

function selectorOf(s: Selector): object {
  const target = { apiVersion: API_VERSION[s.kind], kind: s.kind };
  return s.by === 'name' ? { ...target, name: s.name } : s.by === 'label' ? { ...target, labelSelector: { matchLabels: { tier: s.tier } } } : target;
}

/** the base's objects by path under dist/. */
function baseObjects(w: World): Map<string, KubeObject> {
  const out = new Map<string, KubeObject>();
  const put = (migration: string, o: KubeObject) => out.set(manifestPath(migration, o), o);
  // a Widget without a namespace only where its CustomResourceDefinition says it needs none (else the base is refused as it stands).
  for (const t of w.templates) put(t.migration, template(t.kind === 'ClusterWidget' && w.crd !== 'Cluster' ? { ...t, kind: 'Widget' } : t));
  for (const p of w.policies) {
    const o = { ...(p.twoClusters ? { clusters: ['member1', 'member2'] } : {}), preserve: p.preserve, deps: p.deps, suspend: p.suspend };
    const selectors = p.selectors.map(selectorOf);
    put(p.migration, p.namespace === undefined ? cpp(p.name, selectors, o) : pp(p.name, selectors, { ...o, namespace: p.namespace }));
  }
  for (const o of w.overrides) put(o.migration, overridePolicy(o.namespace, o.name, o.what));
  if (w.namespaceObjects) for (const ns of w.namespaces) put('member1', namespace(ns));
  if (w.crd) put('member1', widgetCrd(w.crd));
  if (w.delivery === 'argo') put('member1', argoApp());
  if (w.delivery === 'flux') {
    const parts = new Set([...out.keys()].filter(f => f.startsWith('member1/')).map(f => f.split('/')[1]));
    for (const part of parts) put('member1', flux(part));
  }
  if (w.delivery === 'flux-templates') put('member1', flux('templates'));
  return out;
}

/** the head: the base with the change's operations applied to its templates. */
function headObjects(base: ReadonlyMap<string, KubeObject>, ops: readonly Op[]): Map<string, KubeObject> {
  const head = new Map([...base].map(([f, o]) => [f, structuredClone(o)]));
  const templates = () => [...head.keys()].filter(f => f.split('/')[1] === 'templates' && !f.includes('CustomResourceDefinition')).sort();
  for (const op of ops) {
    if (op.op === 'add') {
      const o = template(op.t);
      head.set(manifestPath(op.t.migration, o), o);
      continue;
    }
    const list = templates();
    if (list.length === 0) continue;
    const file = list[op.i % list.length];
    const o = head.get(file)!;
    const migration = file.split('/')[0];
    if (op.op === 'remove') {
      head.delete(file);
    } else if (op.op === 'copy') {
      const other = migration === 'member1' ? 'member2' : 'member1';
      head.set(manifestPath(other, o), structuredClone(o));
    } else if (op.op === 'move' || op.op === 'hand-move') {
      if (!o.metadata.namespace) continue;
      const others = NAMESPACES.filter(n => n !== o.metadata.namespace);
      const moved = { ...o, metadata: { ...o.metadata, namespace: others[op.to % others.length] } };
      head.delete(file);
      head.set(manifestPath(migration, moved), op.op === 'move' ? moved : o);
    } else {
      head.set(file, modified(o, op));
    }
  }
  return head;
}

function modified(o: KubeObject, op: Extract<Op, { op: 'modify' }>): KubeObject {
  const labels = { ...o.metadata.labels };
  switch (op.how) {
    case 'labels':
      if (op.tier) labels.tier = op.tier === labels.tier ? (op.tier === 'front' ? 'back' : 'front') : op.tier;
      else if (labels.tier) delete labels.tier;
      else labels.team = 'checkout';
      return { ...o, metadata: { ...o.metadata, labels } };
    case 'size': {
      if (o.kind === 'Deployment') return { ...o, spec: { ...o.spec as object, replicas: ((o.spec as { replicas: number }).replicas % 3) + 1 } };
      return { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, 'example.com/revision': '2' } } };
    }
    case 'refs': {
      if (o.kind !== 'Deployment') return { ...o, metadata: { ...o.metadata, labels: { ...labels, app: `${labels.app ?? o.metadata.name}-v2` } } };
      const t = template({ migration: 'member1', namespace: o.metadata.namespace!, kind: 'Deployment', name: o.metadata.name, size: (o.spec as { replicas: number }).replicas, refs: op.refs });
      return { ...t, metadata: o.metadata };
    }
    case 'owner':
      return { ...o, metadata: { ...o.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${o.metadata.name}-1`, uid: '00000000-0000-4000-8000-000000000001' }] } };
    case 'claim':
      return { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, 'propagationpolicy.karmada.io/name': 'p1', 'propagationpolicy.karmada.io/namespace': o.metadata.namespace ?? '' } } };
  }
}

interface Gate {
  readonly code: number;
  readonly findings: unknown;
  readonly scope: { read: string; why?: string; files?: number; of?: number };
  readonly stdout: string;
  readonly stderr: string;
}

async function gate(dir: string, base: string, ...flags: string[]): Promise<Gate> {
  const r = await runCapturing(['check', '--base', base, '--dist', path.join(dir, 'dist'), '--format', 'json', ...flags]);
  if (r.code === 3) return { code: 3, findings: undefined, scope: { read: 'none' }, stdout: r.stdout, stderr: r.stderr };
  const report = JSON.parse(r.stdout) as { findings: unknown; scope: Gate['scope'] };
  return { code: r.code, findings: report.findings, scope: report.scope, stdout: r.stdout, stderr: r.stderr };
}

function rulesOf(g: Gate): string {
  return [...new Set((g.findings as Array<{ severity: string; rule: string }> | undefined ?? []).map(f => `${f.severity}:${f.rule}`))].sort().join(',');
}

describe('a change read in its scope is judged as the whole', () => {
  test('random template changes of random dist/ trees: the scoped verdict and findings are the full ones', async () => {
    const tally = {
      bases: 0, runs: 0, scoped: 0, why: new Map<string, number>(), refused: new Map<string, number>(), rules: new Map<string, number>(),
    };
    await fc.assert(fc.asyncProperty(caseArb, c => withTempDir(async dir => {
      repo(dir);
      const base = baseObjects(c.world);
      const baseFiles = filesOf(base);
      applyFiles(dir, new Map(), baseFiles);
      if (c.world.report) writeReport(dir, c.world.report);
      const deployed = commit(dir, 'base');
      // the files a change does not reach are trusted as the check that merged them found them: the base is one the gate accepts as it stands.
      const standing = await gate(dir, deployed, '--full');
      tally.bases++;
      if (standing.code !== 0) {
        tally.refused.set(rulesOf(standing), (tally.refused.get(rulesOf(standing)) ?? 0) + 1);
        fc.pre(false);
      }
      applyFiles(dir, baseFiles, filesOf(headObjects(base, c.ops)));
      if (c.where === 'index') git(dir, 'add', '-A');
      if (c.where === 'commit') commit(dir, 'the change');
      const scoped = await gate(dir, deployed);
      const full = await gate(dir, deployed, '--full');
      tally.runs++;
      // both readings read every file they read (exit 3 would be a broken case, not a verdict).
      expect({ scoped: scoped.stderr, full: full.stderr }).toStrictEqual({ scoped: '', full: '' });
      if (scoped.scope.read !== 'change') {
        const why = (scoped.scope.why ?? scoped.scope.read).replace(/member\d\/\S+/g, '<file>');
        tally.why.set(why, (tally.why.get(why) ?? 0) + 1);
        return;
      }
      tally.scoped++;
      for (const r of rulesOf(full).split(',').filter(x => x)) tally.rules.set(r, (tally.rules.get(r) ?? 0) + 1);
      expect(full.scope).toStrictEqual({ read: 'full' });
      expect({ code: scoped.code, findings: scoped.findings }).toStrictEqual({ code: full.code, findings: full.findings });
    })), {
      numRuns: Number(process.env.CHANGE_SCOPE_RUNS ?? 50),
      ...(process.env.CHANGE_SCOPE_SEED ? { seed: Number(process.env.CHANGE_SCOPE_SEED), path: process.env.CHANGE_SCOPE_PATH } : {}),
    });
    process.stderr.write(`change-scope property: ${tally.scoped} of ${tally.runs} cases scoped; read in full: ${JSON.stringify([...tally.why])}; ` +
      `${tally.bases - tally.runs} bases refused as they stand: ${JSON.stringify([...tally.refused])}; rules of the scoped cases: ${JSON.stringify([...tally.rules].sort())}\n`);
    expect(tally.scoped).toBeGreaterThanOrEqual(tally.runs / 2);
  });
});

// ---- readChangeInScope: what it reads, and when it reads everything ----

const nginx = deployment('default', 'nginx');
const webConf = (): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-conf', namespace: 'default' }, data: { a: 'b' } });
const nginxPP = (o: PolicyOpts = {}) => pp('nginx-pp', [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }, { apiVersion: 'v1', kind: 'Service', name: 'nginx-svc' }], o);
/** 7 manifests: 4 templates (3 in default, 1 in shop), a policy, a Namespace, an Application. */
const fixture = (policy = nginxPP(), ...more: Array<[string, KubeObject]>): Files => filesOf([
  ...[nginx, service('default', 'nginx-svc'), webConf(), deployment('shop', 'cart'), policy, namespace('default'), argoApp()].map(o => [manifestPath('member1', o), o] as const),
  ...more.map(([m, o]) => [manifestPath(m, o), o] as const),
]);

const NGINX = manifestPath('member1', nginx);
const POLICY = manifestPath('member1', nginxPP());
const NAMESPACE = manifestPath('member1', namespace('default'));
const APPLICATION = manifestPath('member1', argoApp());
const CRD = manifestPath('member1', widgetCrd());

/** dist/ of `base` committed, then `change` made to the working tree: what the gate reads. */
function scopeOf(base: Files, change: (dir: string, revision: string) => void): Promise<ChangeRead> {
  return withTempDir(dir => {
    repo(dir);
    applyFiles(dir, new Map(), base);
    const revision = commit(dir, 'base');
    change(dir, revision);
    return readChangeInScope(dir, revision, 'dist', path.join(dir, 'dist'), 'dist');
  });
}

/** the working tree's file, edited as an object. */
function edit(dir: string, file: string, fn: (o: KubeObject) => KubeObject): void {
  const full = path.join(dir, 'dist', ...file.split('/'));
  fs.writeFileSync(full, yaml.dump(fn(yaml.load(fs.readFileSync(full, 'utf8')) as KubeObject), { sortKeys: true }));
}

/** waits until the wall clock is 50 ms into a new second (file times come from a coarse clock, a few ms behind). */
function untilNextSecond(): void {
  const next = (Math.floor(Date.now() / 1000) + 1) * 1000 + 50;
  while (Date.now() < next) {
    // a second at most
  }
}

const ctimeSecond = (file: string) => fs.statSync(file, { bigint: true }).ctimeNs / 1_000_000_000n;

/**
 * NGINX's replicas 2 → 3 in place (same size, same inode), its mtime set back to the one Git's
 * index recorded (2020, older than the index: not racy); `sameSecond`: in the second of the ctime
 * Git recorded, else in a later one. Retried until the edit falls where it should.
 */
function sameSizeEdit(dir: string, sameSecond: boolean): void {
  const file = path.join(dir, 'dist', NGINX);
  const past = new Date('2020-01-01T00:00:00Z');
  const before = fs.readFileSync(file, 'utf8');
  const after = before.replace('replicas: 2', 'replicas: 3');
  expect(Buffer.byteLength(after)).toBe(Buffer.byteLength(before));
  for (let attempt = 1; ; attempt++) {
    untilNextSecond();
    fs.utimesSync(file, past, past);
    git(dir, 'update-index', '--refresh');
    const recorded = ctimeSecond(file);
    if (!sameSecond) untilNextSecond();
    fs.writeFileSync(file, after);
    fs.utimesSync(file, past, past);
    if ((ctimeSecond(file) === recorded) === sameSecond) return;
    if (attempt === 5) throw new Error(`the edit did not fall in ${sameSecond ? 'the same second as' : 'a later second than'} the recorded ctime`);
    fs.writeFileSync(file, before);
  }
}

const replicas = (n: number) => (o: KubeObject): KubeObject => ({ ...o, spec: { ...o.spec as object, replicas: n } });
const counts = (r: ChangeRead) => ('scoped' in r ? { changed: r.scoped.changed, read: r.scoped.read, of: r.scoped.of } : r);

describe('readChangeInScope', () => {
  test('a modified template: it, the policies, Namespaces and deliveries are read', async () => {
    expect(counts(await scopeOf(fixture(), dir => edit(dir, NGINX, replicas(3))))).toStrictEqual({ changed: [NGINX], read: 4, of: 7 });
  });

  test('the same place in another migration is read (the same object)', async () => {
    const r = await scopeOf(fixture(nginxPP(), ['member2', nginx], ['member2', webConf()]), dir => edit(dir, NGINX, replicas(3)));
    expect(counts(r)).toStrictEqual({ changed: [NGINX], read: 5, of: 9 });
    expect('scoped' in r && [...r.scoped.head.unread!].sort()).toStrictEqual(['member1/templates/default/ConfigMap_web-conf.yaml', 'member1/templates/default/Service_nginx-svc.yaml',
      'member1/templates/shop/Deployment.apps_cart.yaml', 'member2/templates/default/ConfigMap_web-conf.yaml']);
  });

  test('a policy that propagates dependencies widens the read to the changed template\'s namespace folder', async () => {
    const r = await scopeOf(fixture(nginxPP({ deps: true })), dir => edit(dir, NGINX, replicas(3)));
    expect(counts(r)).toStrictEqual({ changed: [NGINX], read: 6, of: 7 });
    expect('scoped' in r && [...r.scoped.base.unread!]).toStrictEqual(['member1/templates/shop/Deployment.apps_cart.yaml']);
  });

  test('an untracked new template is part of the change', async () => {
    const added = manifestPath('member1', service('default', 'web'));
    const r = await scopeOf(fixture(), dir => {
      writeFile(dir, added, yaml.dump(service('default', 'web')));
      expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).toBe(`?? dist/${added}\n`);
    });
    expect(counts(r)).toStrictEqual({ changed: [added], read: 4, of: 8 });
  });

  test('a deleted template is part of the change', async () => {
    const r = await scopeOf(fixture(), dir => fs.rmSync(path.join(dir, 'dist', NGINX)));
    expect(counts(r)).toStrictEqual({ changed: [NGINX], read: 4, of: 7 });
    expect('scoped' in r && { base: r.scoped.base.manifests.has(NGINX), head: r.scoped.head.manifests.has(NGINX) }).toStrictEqual({ base: true, head: false });
  });

  // Git takes a file whose size, mtime, ctime, inode... match what its index recorded as unchanged, comparing the
  // timestamps in whole seconds (unless built with USE_NSEC); a file whose mtime is not older than the index is
  // "racy" and compared anyway. Here the index entry is not racy (an mtime in 2020) and the edit keeps the size and the mtime.
  test('a template edited to the same size, its mtime set back, in a later second than Git recorded it: changed', async () => {
    const r = await scopeOf(fixture(), (dir, revision) => {
      // the repository's own settings trust the mtime and the size alone: a plain git diff does not see the edit.
      git(dir, 'config', 'core.trustctime', 'false');
      git(dir, 'config', 'core.checkStat', 'minimal');
      sameSizeEdit(dir, false);
      expect(git(dir, 'diff', '--name-only', revision, '--', 'dist')).toBe('');
    });
    expect(counts(r)).toStrictEqual({ changed: [NGINX], read: 4, of: 7 });
  });

  test('a template edited to the same size, its mtime set back, in the second Git recorded it: changed', async () => {
    expect(counts(await scopeOf(fixture(), dir => sameSizeEdit(dir, true)))).toStrictEqual({ changed: [NGINX], read: 4, of: 7 });
  });

  test('a rehearsal report of another migration than the change\'s leaves it scoped', async () => {
    expect(counts(await scopeOf(fixture(), dir => {
      writeReport(dir, 'member2');
      edit(dir, NGINX, replicas(3));
    }))).toStrictEqual({ changed: [NGINX], read: 4, of: 7 });
  });

  test.each<[string, Files, (dir: string) => void, string]>([
    ['a policy changed', fixture(), dir => edit(dir, POLICY, () => nginxPP({ preserve: true })),
      `the change touches ${POLICY}, which is not a template of a migration folder`],
    ['a delivery changed', fixture(), dir => edit(dir, APPLICATION, o => ({ ...o, spec: { ...o.spec as object, project: 'karmada' } })),
      `the change touches ${APPLICATION}, which is not a template of a migration folder`],
    ['a Namespace changed', fixture(), dir => edit(dir, NAMESPACE, o => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, team: 'web' } } })),
      `the change touches ${NAMESPACE}, which is not a template of a migration folder`],
    ['a rehearsal report beside dist/ for the migration the change touches', fixture(), dir => {
      writeReport(dir, 'member1');
      edit(dir, NGINX, replicas(3));
    }, 'rehearsals/member1.json is a rehearsal report of member1, whose digest is of all its templates'],
    ['a template moved by hand to another namespace\'s folder', fixture(), dir => {
      fs.mkdirSync(path.join(dir, 'dist/member1/templates/shop'), { recursive: true });
      fs.renameSync(path.join(dir, 'dist', NGINX), path.join(dir, 'dist/member1/templates/shop/Deployment.apps_nginx.yaml'));
    }, 'member1/templates/shop/Deployment.apps_nginx.yaml in the change is not where karmada-migrate writes it'],
    ['a CustomResourceDefinition changed', fixture(nginxPP(), ['member1', widgetCrd()]),
      dir => edit(dir, CRD, o => ({ ...o, spec: { ...o.spec as object, scope: 'Cluster' } })),
      `${CRD} in the base is a CustomResourceDefinition, which decides the scope and versions of other templates`],
    ['a CustomResourceDefinition added', fixture(), dir => writeFile(dir, CRD, yaml.dump(widgetCrd())),
      `${CRD} in the change is a CustomResourceDefinition, which decides the scope and versions of other templates`],
    ['a template marked assume-unchanged', fixture(), dir => {
      git(dir, 'update-index', '--assume-unchanged', `dist/${NGINX}`);
      edit(dir, NGINX, replicas(3));
      expect(git(dir, 'diff', '--name-only', 'HEAD')).toBe('');
    }, `Git does not compare dist/${NGINX} with the working tree as it does the others (assume-unchanged)`],
    ['a template marked skip-worktree', fixture(), dir => {
      git(dir, 'update-index', '--skip-worktree', `dist/${NGINX}`);
      edit(dir, NGINX, replicas(3));
      expect(git(dir, 'diff', '--name-only', 'HEAD')).toBe('');
    }, `Git does not compare dist/${NGINX} with the working tree as it does the others (skip-worktree)`],
  ])('%s: every file is read', async (_, base, change, why) => {
    expect(await scopeOf(base, change)).toStrictEqual({ full: why });
  });

  test('a tracked .gitattributes changed anywhere in the repository: every file is read (a clone would check an unchanged blob out otherwise)', async () => {
    expect(await scopeOf(fixture(), dir => {
      fs.mkdirSync(path.join(dir, 'docs'));
      fs.writeFileSync(path.join(dir, 'docs', '.gitattributes'), '*.md text\n');
      commit(dir, 'docs');
      fs.writeFileSync(path.join(dir, 'docs', '.gitattributes'), '*.md text eol=crlf\n');
      edit(dir, NGINX, replicas(3));
    })).toStrictEqual({ full: 'the change touches docs/.gitattributes: what Git converts on checkout may change for files it does not touch' });
  });

  test('an untracked .gitattributes in a parent folder of dist/: every file is read (Git compares the files through it)', async () => {
    expect(await scopeOf(fixture(), dir => {
      fs.writeFileSync(path.join(dir, '.gitattributes'), 'dist/**/PropagationPolicy* working-tree-encoding=UTF-7\n');
      edit(dir, NGINX, replicas(3));
    })).toStrictEqual({ full: ".gitattributes is not tracked: what Git converts when it compares files may differ from a clone's checkout" });
  });

  test('an untracked .gitattributes inside dist/: every file is read', async () => {
    expect(await scopeOf(fixture(), dir => {
      fs.writeFileSync(path.join(dir, 'dist', 'member1', '.gitattributes'), '*.yaml text\n');
      edit(dir, NGINX, replicas(3));
    })).toStrictEqual({ full: 'the change touches member1/.gitattributes, which is not a template of a migration folder' });
  });

  test.each<[string, (dir: string) => void, (dir: string) => string]>([
    ['core.autocrlf set', dir => git(dir, 'config', 'core.autocrlf', 'input'),
      () => 'Git is set to convert line endings when it compares files (core.autocrlf = input): it could take an edited file for an unchanged one'],
    ['attributes in $GIT_DIR/info/attributes', dir => fs.writeFileSync(path.join(dir, '.git', 'info', 'attributes'), '*.yaml filter=keep\n'),
      dir => `${path.join(dir, '.git', 'info', 'attributes')} sets attributes of this clone's own: Git may convert files when it compares them (a filter, line endings...)`],
    ['a tracked .gitattributes setting a filter', dir => {
      fs.writeFileSync(path.join(dir, '.gitattributes'), '*.yaml filter=lfs\n');
      commit(dir, 'lfs');
    }, dir => `${path.join(dir, '.gitattributes')} sets a filter or ident: Git compares files through it, and could take an edited file for an unchanged one`],
    ['a .gitattributes in the index, not in the working tree', dir => {
      fs.writeFileSync(path.join(dir, '.gitattributes'), '*.yaml text\n');
      git(dir, 'add', '.gitattributes');
      fs.rmSync(path.join(dir, '.gitattributes'));
    }, () => ".gitattributes is in Git's index but not in the working tree: Git still converts through it"],
    ['a tracked .gitattributes of a parent folder whose mtime was set back', dir => {
      fs.writeFileSync(path.join(dir, '.gitattributes'), '*.yaml text\n');
      commit(dir, 'attributes');
      fs.utimesSync(path.join(dir, '.gitattributes'), new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));
      git(dir, 'update-index', '--refresh');
    }, () => ".gitattributes has an mtime set apart from its ctime: Git's stat check may miss an edit of it"],
    ['a relative core.attributesFile, read from the repository\'s root whatever the current folder', dir => {
      git(dir, 'config', 'core.attributesFile', '.git/my-attributes');
      fs.writeFileSync(path.join(dir, '.git', 'my-attributes'), '*.yaml filter=hide\n');
    }, dir => `${path.join(dir, '.git', 'my-attributes')} sets attributes of this clone's own: Git may convert files when it compares them (a filter, line endings...)`],
    ['a core.attributesFile under %(prefix)', dir => git(dir, 'config', 'core.attributesFile', '%(prefix)/etc/my-attributes'),
      () => 'core.attributesFile is %(prefix)/etc/my-attributes, a path the gate does not expand: Git may convert files when it compares them'],
    ['attr.tree (attributes read from another tree)', dir => git(dir, 'config', 'attr.tree', 'HEAD~1'),
      () => 'attr.tree (HEAD~1) makes Git read attributes from another tree than the one it compares'],
    ['a file name that is not UTF-8', dir => {
      fs.writeFileSync(Buffer.concat([Buffer.from(path.join(dir, 'dist', 'member1', 'templates', 'default', 'ConfigMap_a')), Buffer.from([0xff]), Buffer.from('.yaml')]), 'x: 1\n');
    }, () => 'member1/templates/default/ConfigMap_a\uFFFD.yaml is not a UTF-8 file name (or holds U+FFFD): the gate cannot tell it from another'],
  ])('%s: every file is read', async (_, setUp, why) => {
    let where = '';
    expect(await scopeOf(fixture(), dir => {
      where = dir;
      setUp(dir);
      edit(dir, NGINX, replicas(3));
    })).toStrictEqual({ full: why(where) });
  });

  test('an untracked .gitattributes in a folder beside dist/ applies to none of its files: the change stays scoped', async () => {
    expect(counts(await scopeOf(fixture(), dir => {
      fs.mkdirSync(path.join(dir, 'docs'));
      fs.writeFileSync(path.join(dir, 'docs', '.gitattributes'), '*.yaml ident\n');
      edit(dir, NGINX, replicas(3));
    }))).toStrictEqual({ changed: [NGINX], read: 4, of: 7 });
  });

  test('an ApplicationSet that makes an Application per template folder loses one: every file is read', async () => {
    const appSet: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'per-namespace', namespace: 'argocd' },
      spec: {
        goTemplate: true,
        generators: [{ git: { repoURL: 'https://git.example.com/gitops.git', revision: 'HEAD', directories: [{ path: 'dist/member1/templates/*' }] } }],
        template: {
          metadata: { name: 'ns-{{.path.basename}}', namespace: 'argocd' },
          spec: { project: 'default', destination: { name: 'karmada' },
            source: { repoURL: 'https://git.example.com/gitops.git', targetRevision: 'HEAD', path: '{{.path.path}}', directory: { recurse: true } } },
        },
      },
    };
    const base = new Map([...fixture(), ...filesOf([['_delivery/member1/ApplicationSet_per-namespace.yaml', appSet]])]);
    const cart = manifestPath('member1', deployment('shop', 'cart'));
    expect(await scopeOf(base, dir => fs.rmSync(path.join(dir, 'dist', ...cart.split('/'))))).toStrictEqual({ full: 'ApplicationSet argocd/per-namespace: Application argocd/ns-shop goes with the change' });
  });

  // the policies, Namespaces and deliveries of the working tree are read while Git works: a failure there is
  // the reading's in its order, whatever Git then answers.
  test('a policy the change leaves as it was but cannot be parsed is refused, its file named', async () => {
    const base = new Map([...fixture(), [POLICY, 'apiVersion: policy.karmada.io/v1alpha1\nkind: PropagationPolicy\nmetadata: {name: nginx-pp\n']]);
    await expect(scopeOf(base, dir => edit(dir, NGINX, replicas(3)))).rejects.toThrow(`dist/${POLICY}`);
  });

  test('a revision that does not exist is refused before a policy that cannot be parsed', async () => {
    await expect(withTempDir(async dir => {
      repo(dir);
      applyFiles(dir, new Map(), fixture());
      commit(dir, 'base');
      writeFile(dir, POLICY, 'kind: [\n');
      return readChangeInScope(dir, 'no-such-revision', 'dist', path.join(dir, 'dist'), 'dist');
    })).rejects.toThrow("'no-such-revision' is neither a directory nor a Git revision of");
  });

  test('a template changed to a file Argo CD skips: still scoped, the head marks it skipped', async () => {
    const r = await scopeOf(fixture(), dir => {
      const full = path.join(dir, 'dist', ...NGINX.split('/'));
      fs.writeFileSync(full, `# +argocd:skip-file-rendering\n${fs.readFileSync(full, 'utf8')}`);
    });
    expect('scoped' in r && { base: [...r.scoped.base.argoSkipped!], head: [...r.scoped.head.argoSkipped!] }).toStrictEqual({ base: [], head: [NGINX] });
  });

  test('a --base that reads as an option of git is refused as a revision, and reaches no other git command', () => withTempDir(async dir => {
    repo(dir);
    applyFiles(dir, new Map(), fixture());
    commit(dir, 'base');
    edit(dir, NGINX, replicas(3));
    const injected = path.join(dir, 'injected');
    await expect(readChangeInScope(dir, `--output=${injected}`, 'dist', path.join(dir, 'dist'), 'dist')).rejects.toThrow(`'--output=${injected}' is neither a directory nor a Git revision of`);
    expect(fs.existsSync(injected)).toBe(false);
  }));

  /** runs `fn` with TMPDIR set to `tmp` (os.tmpdir() reads it at each call). */
  async function withTmpdir<T>(tmp: string, fn: () => Promise<T>): Promise<T> {
    const before = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      return await fn();
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  }

  test('Git\'s answers leave nothing in the temporary folder; without one to write in, they come through pipes', () => withTempDir(async dir => {
    repo(dir);
    applyFiles(dir, new Map(), fixture());
    const revision = commit(dir, 'base');
    edit(dir, NGINX, replicas(3));
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    const read = (t: string) => withTmpdir(t, () => readChangeInScope(dir, revision, 'dist', path.join(dir, 'dist'), 'dist'));
    expect(counts(await read(tmp))).toStrictEqual({ changed: [NGINX], read: 4, of: 7 });
    expect(fs.readdirSync(tmp)).toStrictEqual([]);
    expect(counts(await read(path.join(dir, 'no-such-folder')))).toStrictEqual({ changed: [NGINX], read: 4, of: 7 });
  }));

  test('GIT_ATTR_SOURCE (attributes read from another tree): every file is read', () => withTempDir(async dir => {
    repo(dir);
    applyFiles(dir, new Map(), fixture());
    const revision = commit(dir, 'base');
    edit(dir, NGINX, replicas(3));
    process.env.GIT_ATTR_SOURCE = 'HEAD';
    try {
      expect(await readChangeInScope(dir, revision, 'dist', path.join(dir, 'dist'), 'dist'))
        .toStrictEqual({ full: 'GIT_ATTR_SOURCE (HEAD) makes Git read attributes from another tree than the one it compares' });
    } finally {
      delete process.env.GIT_ATTR_SOURCE;
    }
  }));

  test('an ApplicationSet that covers the template folders only: a template edit stays scoped, with the verdict of --full', () => withTempDir(async dir => {
    const appSet: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'per-namespace', namespace: 'argocd' },
      spec: {
        generators: [{ git: { repoURL: 'https://git.example.com/gitops.git', revision: 'HEAD', directories: [{ path: 'dist/member1/templates/*' }] } }],
        template: {
          metadata: { name: 'm1-{{path.basename}}', namespace: 'argocd' },
          spec: { project: 'default', destination: { name: 'karmada' }, syncPolicy: { automated: { prune: true } },
            source: { repoURL: 'https://git.example.com/gitops.git', targetRevision: 'HEAD', path: '{{path}}', directory: { recurse: true } } },
        },
      },
    };
    repo(dir);
    const base = new Map([...fixture(), ...filesOf([['_delivery/member1/ApplicationSet_per-namespace.yaml', appSet]])].filter(([f]) => f !== APPLICATION));
    applyFiles(dir, new Map(), base);
    const revision = commit(dir, 'base');
    edit(dir, NGINX, replicas(3));
    expect(counts(await readChangeInScope(dir, revision, 'dist', path.join(dir, 'dist'), 'dist'))).toStrictEqual({ changed: [NGINX], read: 4, of: 7 });
    const verdict = async (...more: string[]) => {
      const r = await runCapturing(['check', '--base', revision, '--dist', path.join(dir, 'dist'), '--format', 'json', ...more]);
      const report = JSON.parse(r.stdout) as { ok: boolean; findings: unknown[]; scope: { read: string } };
      return { code: r.code, ok: report.ok, findings: report.findings, read: report.scope.read };
    };
    const [scoped, full] = [await verdict(), await verdict('--full')];
    expect({ scoped: scoped.read, full: full.read }).toStrictEqual({ scoped: 'change', full: 'full' });
    expect({ ...scoped, read: '' }).toStrictEqual({ ...full, read: '' });
  }));

  test('dist/ missing from the working tree: every file is read', () => withTempDir(async dir => {
    repo(dir);
    applyFiles(dir, new Map(), fixture());
    const revision = commit(dir, 'base');
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    expect(await readChangeInScope(dir, revision, 'dist', path.join(dir, 'dist'), 'dist')).toStrictEqual({ full: `${path.join(dir, 'dist')} is not a folder of the working tree` });
  }));
});

describe('check says what it read', () => {
  test('the text format ends with the scope of the change; --full prints no such line', () => withTempDir(async dir => {
    repo(dir);
    applyFiles(dir, new Map(), fixture());
    const revision = commit(dir, 'base');
    edit(dir, NGINX, replicas(3));
    const scoped = await runCapturing(['check', '--base', revision, '--dist', path.join(dir, 'dist')]);
    expect(scoped).toMatchObject({ code: 0, stderr: '' });
    expect(scoped.stdout.endsWith("check passed\nread the change's scope: 4 of 7 manifests; the others are unchanged since the base and not judged again (--full judges every file)\n")).toBe(true);
    const full = await runCapturing(['check', '--base', revision, '--dist', path.join(dir, 'dist'), '--full']);
    expect(full).toStrictEqual({ code: 0, stdout: 'check passed\n', stderr: '' });
  }));
});
