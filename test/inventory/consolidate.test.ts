// fleet consolidation: one template per identity, placed on exactly the clusters that have it, and
// per differing cluster the overriders that give its copy back under Karmada's override semantics
// (src/karmada/overrides.ts, karmada v1.18.2 pkg/util/overridemanager).
import fc from 'fast-check';
import { ClusterObjects, consolidateFleet, overridePolicyName, overridePolicyOf, overridersFor } from '../../src/inventory/consolidate';
import { applyOverridePolicies, applyOverriders, OverridePolicyManifest } from '../../src/karmada/overrides';
import { JsonObject } from '../../src/kube/json';
import { KubeObject } from '../../src/kube/object';

interface DeployOptions {
  image?: string;
  replicas?: number;
  labels?: Record<string, string>;
  selector?: string;
  apiVersion?: string;
}

const deploy = (over: DeployOptions = {}): KubeObject => ({
  apiVersion: over.apiVersion ?? 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: over.labels ?? { app: 'web' } },
  spec: {
    replicas: over.replicas ?? 3,
    selector: { matchLabels: { app: over.selector ?? 'web' } },
    template: { metadata: { labels: { app: over.selector ?? 'web' } }, spec: { containers: [{ name: 'web', image: over.image ?? 'reg.io/shop/web:1.0' }] } },
  },
});

const policiesOf = (r: ReturnType<typeof consolidateFleet>): OverridePolicyManifest[] =>
  r.objects.map(o => overridePolicyOf(o, overridePolicyName('fleet', o.key))).filter((p): p is OverridePolicyManifest => p !== undefined);

describe('consolidateFleet', () => {
  test('identical everywhere: one template, placed on every cluster having it, no override', () => {
    const r = consolidateFleet([{ cluster: 'm2', objects: [deploy()] }, { cluster: 'm1', objects: [deploy()] }, { cluster: 'm3', objects: [] }]);
    expect(r.refused).toStrictEqual([]);
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0]).toMatchObject({ baseCluster: 'm1', clusters: ['m1', 'm2'], identicalIn: ['m1', 'm2'], overrides: [] });
    expect(overridePolicyOf(r.objects[0], 'x')).toBeUndefined();
  });

  test('the majority copy is the template; the others get image, labels and plaintext (replicas kept per cluster)', () => {
    const r = consolidateFleet([
      { cluster: 'a', objects: [deploy({ replicas: 5, image: 'mirror.io/shop/web:1.1', labels: { app: 'web', region: 'us' } })] },
      { cluster: 'b', objects: [deploy()] },
      { cluster: 'c', objects: [deploy()] },
    ]);
    const [o] = r.objects;
    expect(o.baseCluster).toBe('b');
    expect(o.identicalIn).toStrictEqual(['b', 'c']);
    expect(o.overrides).toStrictEqual([{
      cluster: 'a',
      overriders: {
        imageOverrider: [
          { predicate: { path: '/spec/template/spec/containers/0/image' }, component: 'Registry', operator: 'replace', value: 'mirror.io' },
          { predicate: { path: '/spec/template/spec/containers/0/image' }, component: 'Tag', operator: 'replace', value: '1.1' },
        ],
        labelsOverrider: [{ operator: 'add', value: { region: 'us' } }],
        plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 5 }],
      },
    }]);
    const policies = policiesOf(r);
    expect(policies[0]).toMatchObject({ kind: 'OverridePolicy', metadata: { name: 'fleet-web-deployment', namespace: 'shop' } });
    expect(applyOverridePolicies(o.template as unknown as JsonObject, 'a', policies).object).toStrictEqual(deploy({ replicas: 5, image: 'mirror.io/shop/web:1.1', labels: { app: 'web', region: 'us' } }));
    expect(applyOverridePolicies(o.template as unknown as JsonObject, 'b', policies).object).toStrictEqual(deploy());
  });

  test('ties: the copy of the cluster first by name, or baseCluster', () => {
    const sources = [{ cluster: 'b', objects: [deploy({ replicas: 2 })] }, { cluster: 'a', objects: [deploy({ replicas: 1 })] }];
    expect(consolidateFleet(sources).objects[0]).toMatchObject({ baseCluster: 'a', identicalIn: ['a'] });
    expect(consolidateFleet(sources, { baseCluster: 'b' }).objects[0]).toMatchObject({ baseCluster: 'b', identicalIn: ['b'] });
    // a baseCluster without the object leaves the choice to the majority.
    expect(consolidateFleet(sources, { baseCluster: 'z' }).objects[0].baseCluster).toBe('a');
  });

  test('refused: a differing immutable apps/v1 selector', () => {
    const r = consolidateFleet([{ cluster: 'a', objects: [deploy()] }, { cluster: 'b', objects: [deploy({ selector: 'web2' })] }]);
    expect(r.objects).toStrictEqual([]);
    expect(r.refused[0].reason).toMatch(/^spec.selector differs between clusters \(a: .*, b: .*\): it is immutable/);
  });

  test('refused: a differing apiVersion, and a namesake in another group (binding names collide)', () => {
    const r = consolidateFleet([{ cluster: 'a', objects: [deploy()] }, { cluster: 'b', objects: [deploy({ apiVersion: 'apps/v1beta2' })] }]);
    expect(r.refused[0].reason).toMatch(/apiVersion differs between clusters \(a: apps\/v1, b: apps\/v1beta2\)/);
    const crd = { ...deploy(), apiVersion: 'example.com/v1' } as KubeObject;
    const r2 = consolidateFleet([{ cluster: 'a', objects: [deploy()] }, { cluster: 'b', objects: [crd] }]);
    expect(r2.objects).toStrictEqual([]);
    expect(r2.refused.map(x => x.reason)).toStrictEqual([
      expect.stringMatching(/^Deployment.example.com shop\/web has the same kind, namespace and name in another API group: .* 'web-deployment'/),
      expect.stringMatching(/^Deployment.apps shop\/web has the same kind/),
    ]);
  });

  test('a Job selector may differ (Karmada keeps the member\'s)', () => {
    const job = (uid: string): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'n' }, spec: { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } }, template: { spec: { containers: [] } } } });
    expect(consolidateFleet([{ cluster: 'a', objects: [job('1')] }, { cluster: 'b', objects: [job('2')] }]).refused).toStrictEqual([]);
  });

  test('a cluster-scoped object gets a ClusterOverridePolicy', () => {
    const role = (verbs: string[]): KubeObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ verbs }] });
    const r = consolidateFleet([{ cluster: 'a', objects: [role(['get'])] }, { cluster: 'b', objects: [role(['get', 'list'])] }]);
    const [p] = policiesOf(r);
    expect(p).toMatchObject({ kind: 'ClusterOverridePolicy', metadata: { name: 'fleet-reader-clusterrole' }, spec: { resourceSelectors: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'reader' }] } });
    expect(applyOverridePolicies(r.objects[0].template as unknown as JsonObject, 'b', [p]).object).toStrictEqual(role(['get', 'list']));
  });

  test('an object twice in one cluster, a cluster twice: errors naming them', () => {
    expect(() => consolidateFleet([{ cluster: 'a', objects: [deploy(), deploy()] }])).toThrow("Deployment.apps shop/web is twice in the inventory of cluster 'a'");
    expect(() => consolidateFleet([{ cluster: 'a', objects: [] }, { cluster: 'a', objects: [] }])).toThrow("cluster 'a' is given twice");
  });

  test('overridePolicyName: the binding name, prefixed, cut with a hash past 253 characters', () => {
    const named = (name: string) => overridePolicyName('m', { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name });
    expect(named('a.b')).toBe('m-a.b-clusterrole');
    // a name that is no DNS subdomain: dots for the rest, and a hash of the name, so that no two objects share a policy.
    expect(named('a:b')).toMatch(/^m-a\.b-[0-9a-f]{8}-clusterrole$/);
    expect(new Set([named('a:b'), named('a.b'), named('A.b'), named('a::b'), named('a:.b')]).size).toBe(5);
    for (const n of ['system:aggregate-to-edit', 'Admin', 'a:-b', '-x:', 'x_y']) {
      expect([n, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(named(n))]).toStrictEqual([n, true]);
    }
    const long = overridePolicyName('m', { group: '', kind: 'ConfigMap', namespace: 'n', name: 'x'.repeat(253) });
    expect(long).toHaveLength(253);
    expect(long).toMatch(/-[0-9a-f]{16}$/);
  });
});

describe('overridersFor: edge cases fall back to plaintext, exactly', () => {
  test.each<[string, JsonObject, JsonObject]>([
    ['labels removed altogether', { kind: 'X', metadata: { name: 'a', labels: { a: 'b' } } }, { kind: 'X', metadata: { name: 'a' } }],
    ['an empty labels map added', { kind: 'X', metadata: { name: 'a' } }, { kind: 'X', metadata: { name: 'a', labels: {} } }],
    ['an image with tag and digest', { kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [{ image: `x:1@sha256:${'a'.repeat(64)}` }] } },
      { kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [{ image: 'x:2' }] } }],
    ['an unparsable image', { kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [{ image: 'X:1' }] } }, { kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [{ image: 'X:2' }] } }],
    ['a longer list', { kind: 'X', metadata: { name: 'a' }, spec: { ports: [1] } }, { kind: 'X', metadata: { name: 'a' }, spec: { ports: [1, 2] } }],
    ['a key with / and ~', { kind: 'X', metadata: { name: 'a' }, data: { 'a/b~c': '1' } }, { kind: 'X', metadata: { name: 'a' }, data: { 'a/b~c': '2' } }],
    ['a value becoming null', { kind: 'X', metadata: { name: 'a' }, spec: { x: 1 } }, { kind: 'X', metadata: { name: 'a' }, spec: { x: null } }],
  ])('%s', (_, from, to) => {
    expect(applyOverriders(from, overridersFor(from, to))).toStrictEqual(to);
  });
});

// ---- the property: random fleets ----

const CLUSTERS = ['member1', 'member2', 'member3', 'member4', 'member5', 'member6'];

interface Variation {
  readonly present: boolean;
  readonly image?: { registry?: string; repository?: string; tag?: string };
  readonly env?: string;
  readonly label?: [string, string | null];
  readonly annotation?: [string, string | null];
  readonly replicas?: number;
  readonly cpu?: string;
  readonly port?: number;
}

const variation: fc.Arbitrary<Variation> = fc.record({
  present: fc.boolean(),
  image: fc.option(fc.record({
    registry: fc.option(fc.constantFrom('mirror.io', 'localhost:5000', ''), { nil: undefined }),
    repository: fc.option(fc.constantFrom('shop/web2', 'web'), { nil: undefined }),
    tag: fc.option(fc.constantFrom('1.1', '2.0-rc', `sha256:${'e'.repeat(64)}`, ''), { nil: undefined }),
  }), { nil: undefined }),
  env: fc.option(fc.constantFrom('debug', 'info', ''), { nil: undefined }),
  label: fc.option(fc.tuple(fc.constantFrom('app', 'region', 'app.kubernetes.io/part-of', 'a~b'), fc.option(fc.constantFrom('x', 'y'), { nil: null })), { nil: undefined }),
  annotation: fc.option(fc.tuple(fc.constantFrom('owner', 'example.com/team'), fc.option(fc.constantFrom('t1', 't2'), { nil: null })), { nil: undefined }),
  replicas: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
  cpu: fc.option(fc.constantFrom('100m', '250m', '1'), { nil: undefined }),
  port: fc.option(fc.constantFrom(8080, 9090), { nil: undefined }),
}, { requiredKeys: ['present'] });

function setMap(meta: Record<string, unknown>, field: string, [k, v]: [string, string | null]): void {
  const map = { ...(meta[field] as Record<string, string> | undefined) };
  if (v === null) delete map[k];
  else map[k] = v;
  meta[field] = map;
}

function objectFor(kind: 'Deployment' | 'Service' | 'ConfigMap' | 'ClusterRole', name: string, v: Variation): KubeObject {
  const meta: Record<string, unknown> = { name, labels: { app: name }, annotations: { owner: 'team-a' } };
  if (kind !== 'ClusterRole') meta.namespace = 'shop';
  if (v.label) setMap(meta, 'labels', v.label);
  if (v.annotation) setMap(meta, 'annotations', v.annotation);
  const metadata = meta as KubeObject['metadata'];
  switch (kind) {
    case 'Deployment': {
      const i = v.image;
      const registry = i?.registry ?? 'reg.io';
      const tag = i?.tag === undefined ? ':1.0' : i.tag === '' ? '' : i.tag.startsWith('sha256:') ? `@${i.tag}` : `:${i.tag}`;
      const image = `${registry}${registry ? '/' : ''}${i?.repository ?? 'shop/web'}${tag}`;
      const container: Record<string, unknown> = { name: 'web', image, env: [{ name: 'LOG', value: v.env ?? 'info' }], ports: [{ containerPort: v.port ?? 8080 }] };
      if (v.cpu !== undefined) container.resources = { requests: { cpu: v.cpu } };
      return {
        apiVersion: 'apps/v1', kind, metadata,
        spec: {
          replicas: v.replicas ?? 2, selector: { matchLabels: { app: name } },
          template: { metadata: { labels: { app: name } }, spec: { containers: [container] } },
        },
      };
    }
    case 'Service':
      return { apiVersion: 'v1', kind, metadata, spec: { selector: { app: name }, ports: [{ port: 80, targetPort: v.port ?? 8080 }] } };
    case 'ConfigMap':
      return { apiVersion: 'v1', kind, metadata, data: { level: v.env ?? 'info', ...(v.cpu ? { cpu: v.cpu } : {}) } };
    case 'ClusterRole':
      return { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata, rules: [{ apiGroups: [''], resources: ['pods'], verbs: v.env ? ['get', v.env] : ['get'] }] };
  }
}

const SPECS = [['Deployment', 'web'], ['Deployment', 'api'], ['Service', 'web'], ['ConfigMap', 'web-config'], ['ClusterRole', 'reader']] as const;

const fleet = fc.integer({ min: 2, max: 6 }).chain(n => fc.tuple(
  fc.constant(CLUSTERS.slice(0, n)),
  fc.array(fc.array(variation, { minLength: n, maxLength: n }), { minLength: SPECS.length, maxLength: SPECS.length }),
  fc.option(fc.constantFrom(...CLUSTERS.slice(0, n)), { nil: undefined }),
));

test('property: the overrides applied to each template give every cluster its copy exactly, and the placement is exactly the clusters having it', () => {
  fc.assert(fc.property(fleet, ([clusters, variations, baseCluster]) => {
    const expected = new Map<string, Map<string, KubeObject>>();
    const sources: ClusterObjects[] = clusters.map((cluster, c) => ({
      cluster,
      objects: SPECS.flatMap(([kind, name], s) => {
        if (!variations[s][c].present) return [];
        const o = objectFor(kind, name, variations[s][c]);
        const id = `${kind}/${name}`;
        if (!expected.has(id)) expected.set(id, new Map());
        expected.get(id)!.set(cluster, o);
        return [o];
      }),
    }));
    const r = consolidateFleet(sources, baseCluster ? { baseCluster } : {});
    expect(r.refused).toStrictEqual([]);
    expect(r.objects.map(o => `${o.key.kind}/${o.key.name}`).sort()).toStrictEqual([...expected.keys()].sort());
    const policies = policiesOf(r);
    for (const o of r.objects) {
      const copies = expected.get(`${o.key.kind}/${o.key.name}`)!;
      expect(o.clusters).toStrictEqual([...copies.keys()].sort());
      if (baseCluster && copies.has(baseCluster)) expect(o.baseCluster).toBe(baseCluster);
      for (const [cluster, copy] of copies) {
        expect(applyOverridePolicies(o.template as unknown as JsonObject, cluster, policies).object).toStrictEqual(copy);
      }
    }
  }), { numRuns: 300 });
});
