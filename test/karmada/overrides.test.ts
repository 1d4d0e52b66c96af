// the override model, table-tested from Karmada v1.18.2's override manager:
// pkg/util/overridemanager/overridemanager.go (ApplyOverridePolicies: COPs then OPs; each group sorted
// by implicit priority then name; applyPolicyOverriders: image, command, args, labels, annotations,
// field, plaintext), imageoverride.go, commandargsoverride.go, labelannotationoverrider.go,
// pkg/util/imageparser/parser.go, and evanphx/json-patch v5 (patch.go).
import {
  applyJsonPatch, applyOverridePolicies, applyOverriders, formatImage, ImageOverrider, OverrideError, OverridePolicyManifest,
  overrideImage, overridePolicyPriority, parseImage,
} from '../../src/karmada/overrides';
import { IMPLICIT_PRIORITY } from '../../src/karmada/claims';
import { JsonObject } from '../../src/kube/json';

const deployment = (): JsonObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', tier: 'front' }, annotations: { owner: 'team-a' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox:1.36' }],
        containers: [
          { name: 'web', image: 'registry.example.com/shop/web:1.0', command: ['/web'], args: ['--port=8080', '--v=1', '--v=1'] },
          { name: 'sidecar', image: 'envoy:1.28' },
        ],
      },
    },
  },
});

const op = (name: string, spec: OverridePolicyManifest['spec'], namespace = 'shop'): OverridePolicyManifest =>
  ({ apiVersion: 'policy.karmada.io/v1alpha1', kind: 'OverridePolicy', metadata: { name, namespace }, spec });
const cop = (name: string, spec: OverridePolicyManifest['spec']): OverridePolicyManifest =>
  ({ apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterOverridePolicy', metadata: { name }, spec });
const replicas = (n: number) => ({ plaintext: [{ path: '/spec/replicas', operator: 'replace' as const, value: n }] });
const get = (o: JsonObject, ...path: Array<string | number>): unknown => path.reduce<unknown>((c, p) => (c as Record<string, unknown>)?.[p], o);

describe('imageparser (pkg/util/imageparser/parser.go)', () => {
  test.each<[string, string, string, string, string]>([
    ['nginx', '', 'nginx', '', ''],
    ['library/nginx', '', 'library/nginx', '', ''],
    ['nginx:1.25', '', 'nginx', '1.25', ''],
    ['reg.io/a/b:1.0', 'reg.io', 'a/b', '1.0', ''],
    ['localhost/x', 'localhost', 'x', '', ''],
    ['localhost:5000/x:2', 'localhost:5000', 'x', '2', ''],
    [`nginx@sha256:${'a'.repeat(64)}`, '', 'nginx', '', `sha256:${'a'.repeat(64)}`],
    // Parse keeps the tag when there are both: any image override drops the digest.
    [`nginx:1.25@sha256:${'a'.repeat(64)}`, '', 'nginx', '1.25', ''],
  ])('%s', (image, hostname, repository, tag, digest) => {
    expect(parseImage(image)).toStrictEqual({ hostname, repository, tag, digest });
  });

  test('an uppercase repository does not parse', () => {
    expect(() => parseImage('Nginx:1')).toThrow(/invalid reference format/);
  });

  test('String() writes [hostname/]repository[:tag|@digest]', () => {
    expect(formatImage({ hostname: 'reg.io', repository: '', tag: '1.0', digest: '' })).toBe('reg.io/:1.0');
  });
});

describe('overrideImage (imageoverride.go, the operators on each component)', () => {
  test.each<[string, ImageOverrider, string]>([
    // the docs' example: Registry add concatenates.
    ['myapp:1.0.0', { component: 'Registry', operator: 'add', value: 'test-repo' }, 'test-repo/myapp:1.0.0'],
    ['docker.io/x', { component: 'Registry', operator: 'add', value: '-mirror' }, 'docker.io-mirror/x'],
    ['reg.io/x:1', { component: 'Registry', operator: 'replace', value: 'mirror.io' }, 'mirror.io/x:1'],
    ['reg.io/x:1', { component: 'Registry', operator: 'replace', value: '' }, 'x:1'],
    ['reg.io/x:1', { component: 'Registry', operator: 'remove' }, 'x:1'],
    ['reg.io/x:1', { component: 'Repository', operator: 'add', value: '-debug' }, 'reg.io/x-debug:1'],
    ['reg.io/x:1', { component: 'Repository', operator: 'replace', value: 'y/z' }, 'reg.io/y/z:1'],
    ['reg.io/x:1.0', { component: 'Repository', operator: 'remove' }, 'reg.io/:1.0'],
    ['x:1', { component: 'Tag', operator: 'replace', value: '2' }, 'x:2'],
    ['x:1', { component: 'Tag', operator: 'add', value: '-rc' }, 'x:1-rc'],
    ['x:1', { component: 'Tag', operator: 'remove' }, 'x'],
    [`x@sha256:${'b'.repeat(64)}`, { component: 'Tag', operator: 'remove' }, 'x'],
    ['x:1', { component: 'Tag', operator: 'replace', value: `sha256:${'c'.repeat(64)}` }, `x@sha256:${'c'.repeat(64)}`],
    // SetTagOrDigest: a value that is neither a tag nor a digest (an empty one, or '@sha256:...') changes nothing.
    ['x:1', { component: 'Tag', operator: 'replace', value: '' }, 'x:1'],
    ['x:1', { component: 'Tag', operator: 'replace', value: `@sha256:${'c'.repeat(64)}` }, 'x:1'],
  ])('%s with %j', (image, o, expected) => {
    expect(overrideImage(image, o)).toBe(expected);
  });
});

describe('applyJsonPatch (evanphx/json-patch v5, Karmada default options)', () => {
  const doc = (): JsonObject => ({ a: { b: 1 }, list: [1, 2, 3], 'k/x': { 'm~n': 0 } });
  test.each<[string, Parameters<typeof applyJsonPatch>[1], unknown]>([
    ['add upserts an object member', [{ op: 'add', path: '/a/b', value: 5 }], { a: { b: 5 } }],
    ['add inserts into an array', [{ op: 'add', path: '/list/1', value: 9 }], { list: [1, 9, 2, 3] }],
    ['add at len appends', [{ op: 'add', path: '/list/3', value: 9 }], { list: [1, 2, 3, 9] }],
    ['add - appends', [{ op: 'add', path: '/list/-', value: 9 }], { list: [1, 2, 3, 9] }],
    ['add -1 appends (negative indices)', [{ op: 'add', path: '/list/-1', value: 9 }], { list: [1, 2, 3, 9] }],
    ['replace -1 is the last element', [{ op: 'replace', path: '/list/-1', value: 9 }], { list: [1, 2, 9] }],
    ['remove shifts left', [{ op: 'remove', path: '/list/0' }], { list: [2, 3] }],
    ['~1 and ~0 decode', [{ op: 'replace', path: '/k~1x/m~0n', value: 1 }], { 'k/x': { 'm~n': 1 } }],
    ['add without a value writes null', [{ op: 'add', path: '/a/c' }], { a: { b: 1, c: null } }],
  ])('%s', (_, ops, expected) => {
    expect(applyJsonPatch(doc(), ops)).toMatchObject(expected as object);
  });

  test.each<[string, Parameters<typeof applyJsonPatch>[1], RegExp]>([
    ['add under a missing parent', [{ op: 'add', path: '/x/y', value: 1 }], /add operation does not apply: doc is missing path/],
    ['add past the end', [{ op: 'add', path: '/list/5', value: 1 }], /add operation does not apply/],
    ['replace of a missing key', [{ op: 'replace', path: '/a/c', value: 1 }], /replace operation does not apply: doc is missing key/],
    ['remove of a missing key', [{ op: 'remove', path: '/a/c' }], /remove operation does not apply/],
  ])('%s fails', (_, ops, error) => {
    expect(() => applyJsonPatch(doc(), ops)).toThrow(error);
  });

  test('a patch is atomic: a failing op leaves the input as it was', () => {
    const d = doc();
    expect(() => applyJsonPatch(d, [{ op: 'replace', path: '/a/b', value: 2 }, { op: 'remove', path: '/nope' }])).toThrow();
    expect(d).toStrictEqual(doc());
  });
});

describe('applyOverriders: each overrider (one block)', () => {
  test('imageOverrider without predicate: every containers[*].image, not initContainers', () => {
    const out = applyOverriders(deployment(), { imageOverrider: [{ component: 'Registry', operator: 'replace', value: 'mirror.io' }] });
    expect(get(out, 'spec', 'template', 'spec', 'containers', 0, 'image')).toBe('mirror.io/shop/web:1.0');
    expect(get(out, 'spec', 'template', 'spec', 'containers', 1, 'image')).toBe('mirror.io/envoy:1.28');
    expect(get(out, 'spec', 'template', 'spec', 'initContainers', 0, 'image')).toBe('busybox:1.36');
  });

  test('imageOverrider with a predicate: that field only (initContainers too)', () => {
    const out = applyOverriders(deployment(), { imageOverrider: [{ predicate: { path: '/spec/template/spec/initContainers/0/image' }, component: 'Tag', operator: 'replace', value: '1.37' }] });
    expect(get(out, 'spec', 'template', 'spec', 'initContainers', 0, 'image')).toBe('busybox:1.37');
    expect(get(out, 'spec', 'template', 'spec', 'containers', 0, 'image')).toBe('registry.example.com/shop/web:1.0');
  });

  test('imageOverrider on a CronJob without predicate is a no-op (kind switch)', () => {
    const cron: JsonObject = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'x:1' }] } } } } } };
    expect(applyOverriders(cron, { imageOverrider: [{ component: 'Tag', operator: 'replace', value: '2' }] })).toStrictEqual(cron);
  });

  test('commandOverrider add appends; argsOverrider remove drops every occurrence; another container is untouched', () => {
    const out = applyOverriders(deployment(), {
      commandOverrider: [{ containerName: 'web', operator: 'add', value: ['--debug'] }],
      argsOverrider: [{ containerName: 'web', operator: 'remove', value: ['--v=1'] }, { containerName: 'nope', operator: 'add', value: ['x'] }],
    });
    expect(get(out, 'spec', 'template', 'spec', 'containers', 0, 'command')).toStrictEqual(['/web', '--debug']);
    expect(get(out, 'spec', 'template', 'spec', 'containers', 0, 'args')).toStrictEqual(['--port=8080']);
    expect(get(out, 'spec', 'template', 'spec', 'containers', 1)).toStrictEqual({ name: 'sidecar', image: 'envoy:1.28' });
  });

  test('commandOverrider add on a container without command creates it', () => {
    const out = applyOverriders(deployment(), { commandOverrider: [{ containerName: 'sidecar', operator: 'add', value: ['envoy'] }] });
    expect(get(out, 'spec', 'template', 'spec', 'containers', 1, 'command')).toStrictEqual(['envoy']);
  });

  test('labelsOverrider: add upserts, replace and remove touch existing keys only (remove ignores values); top-level only', () => {
    const out = applyOverriders(deployment(), {
      labelsOverrider: [
        { operator: 'add', value: { tier: 'back', 'app.kubernetes.io/name': 'web' } },
        { operator: 'replace', value: { app: 'web2', missing: 'x' } },
        { operator: 'remove', value: { owner: 'ignored', tier: 'whatever', nope: '' } },
      ],
    });
    expect(get(out, 'metadata', 'labels')).toStrictEqual({ app: 'web2', 'app.kubernetes.io/name': 'web' });
    expect(get(out, 'spec', 'template', 'metadata', 'labels')).toStrictEqual({ app: 'web' });
  });

  test('annotationsOverrider add creates the map', () => {
    const d = deployment();
    delete (d.metadata as JsonObject).annotations;
    expect(get(applyOverriders(d, { annotationsOverrider: [{ operator: 'add', value: { a: 'b' } }] }), 'metadata', 'annotations')).toStrictEqual({ a: 'b' });
  });

  test('order inside a block: plaintext last (it sees the image the imageOverrider wrote)', () => {
    const out = applyOverriders(deployment(), {
      plaintext: [{ path: '/spec/template/spec/containers/0/image', operator: 'replace', value: 'final:1' }],
      imageOverrider: [{ component: 'Tag', operator: 'replace', value: '9' }],
    });
    expect(get(out, 'spec', 'template', 'spec', 'containers', 0, 'image')).toBe('final:1');
  });

  test('order inside a block: labelsOverrider before annotationsOverrider before plaintext', () => {
    const out = applyOverriders(deployment(), {
      plaintext: [{ path: '/metadata/labels/tier', operator: 'replace', value: 'from-plaintext' }],
      labelsOverrider: [{ operator: 'add', value: { tier: 'from-labels' } }],
    });
    expect(get(out, 'metadata', 'labels', 'tier')).toBe('from-plaintext');
  });

  test('a fieldOverrider is refused (not modelled)', () => {
    expect(() => applyOverriders(deployment(), { fieldOverrider: [{ fieldPath: '/data/x' }] })).toThrow(/fieldOverrider is not modelled/);
  });
});

describe('applyOverridePolicies: which policies, in which order (overridemanager.go)', () => {
  test('COPs first, then OPs: the OP wins', () => {
    const r = applyOverridePolicies(deployment(), 'member1', [op('a', { overrideRules: [{ overriders: replicas(5) }] }), cop('z', { overrideRules: [{ overriders: replicas(7) }] })]);
    expect(get(r.object, 'spec', 'replicas')).toBe(5);
    expect(r.applied.map(a => `${a.kind}/${a.name}`)).toStrictEqual(['ClusterOverridePolicy/z', 'OverridePolicy/a']);
  });

  test('within a group: implicit priority ascending (all < labelSelector < name), then name ascending', () => {
    const sel = (extra: object) => [{ apiVersion: 'apps/v1', kind: 'Deployment', ...extra }];
    const policies = [
      op('a-by-name', { resourceSelectors: sel({ name: 'web' }), overrideRules: [{ overriders: replicas(3) }] }),
      op('b-by-label', { resourceSelectors: sel({ labelSelector: { matchLabels: { app: 'web' } } }), overrideRules: [{ overriders: replicas(2) }] }),
      op('c-kind', { resourceSelectors: sel({}), overrideRules: [{ overriders: replicas(1) }] }),
      op('d-no-selector', { overrideRules: [{ overriders: replicas(0) }] }),
    ];
    const r = applyOverridePolicies(deployment(), 'member1', policies);
    expect(r.applied.map(a => a.name)).toStrictEqual(['c-kind', 'd-no-selector', 'b-by-label', 'a-by-name']);
    expect(get(r.object, 'spec', 'replicas')).toBe(3);
  });

  test('at equal priority, b-policy overrides a-policy', () => {
    const r = applyOverridePolicies(deployment(), 'member1', [op('b-policy', { overrideRules: [{ overriders: replicas(2) }] }), op('a-policy', { overrideRules: [{ overriders: replicas(1) }] })]);
    expect(get(r.object, 'spec', 'replicas')).toBe(2);
  });

  test('rules: in list order, only those whose targetCluster matches (exclude first, then clusterNames)', () => {
    const p = op('p', {
      overrideRules: [
        { targetCluster: { clusterNames: ['member1', 'member2'] }, overriders: replicas(4) },
        { targetCluster: { clusterNames: ['member2'] }, overriders: replicas(6) },
        { targetCluster: { exclude: ['member1'] }, overriders: { labelsOverrider: [{ operator: 'add', value: { x: 'y' } }] } },
        { overriders: { annotationsOverrider: [{ operator: 'add', value: { every: 'cluster' } }] } },
      ],
    });
    const m1 = applyOverridePolicies(deployment(), 'member1', [p]);
    const m2 = applyOverridePolicies(deployment(), 'member2', [p]);
    expect([get(m1.object, 'spec', 'replicas'), get(m2.object, 'spec', 'replicas')]).toStrictEqual([4, 6]);
    expect(m1.applied.map(a => a.rule)).toStrictEqual([0, 3]);
    expect(m2.applied.map(a => a.rule)).toStrictEqual([0, 1, 2, 3]);
  });

  test('targetCluster by label needs the Cluster object', () => {
    const p = op('p', { overrideRules: [{ targetCluster: { labelSelector: { matchLabels: { env: 'prod' } } }, overriders: replicas(9) }] });
    expect(get(applyOverridePolicies(deployment(), { name: 'm', labels: { env: 'prod' } }, [p]).object, 'spec', 'replicas')).toBe(9);
    expect(get(applyOverridePolicies(deployment(), { name: 'm', labels: { env: 'dev' } }, [p]).object, 'spec', 'replicas')).toBe(3);
  });

  test('the deprecated targetCluster/overriders count only when overrideRules is empty', () => {
    const old = op('old', { targetCluster: { clusterNames: ['member1'] }, overriders: replicas(8) });
    expect(get(applyOverridePolicies(deployment(), 'member1', [old]).object, 'spec', 'replicas')).toBe(8);
    expect(applyOverridePolicies(deployment(), 'member1', [old]).applied).toStrictEqual([{ kind: 'OverridePolicy', name: 'old', rule: -1 }]);
    const both = op('both', { overriders: replicas(8), overrideRules: [{ overriders: replicas(2) }] });
    expect(get(applyOverridePolicies(deployment(), 'member1', [both]).object, 'spec', 'replicas')).toBe(2);
  });

  test('an OP of another namespace, or a non-matching selector, does nothing; an OP never touches a cluster-scoped object', () => {
    const other = op('other', { overrideRules: [{ overriders: replicas(1) }] }, 'default');
    const wrongKind = op('wrong', { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'StatefulSet' }], overrideRules: [{ overriders: replicas(1) }] });
    expect(applyOverridePolicies(deployment(), 'member1', [other, wrongKind]).applied).toStrictEqual([]);
    const role: JsonObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules: [] };
    const r = applyOverridePolicies(role, 'member1', [op('x', { overrideRules: [{ overriders: { labelsOverrider: [{ operator: 'add', value: { a: 'b' } }] } }] }),
      cop('y', { overrideRules: [{ overriders: { annotationsOverrider: [{ operator: 'add', value: { c: 'd' } }] } }] })]);
    expect(r.object.metadata).toStrictEqual({ name: 'r', annotations: { c: 'd' } });
  });

  test('an OP selector without namespace gets the policy namespace (mutating webhook)', () => {
    const p = op('p', { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }], overrideRules: [{ overriders: replicas(2) }] });
    expect(get(applyOverridePolicies(deployment(), 'member1', [p]).object, 'spec', 'replicas')).toBe(2);
  });

  test('a failing overrider fails the whole cluster, naming the policy and rule; the template is unchanged', () => {
    const t = deployment();
    const p = op('bad', { overrideRules: [{ overriders: { plaintext: [{ path: '/data/a', operator: 'replace', value: 'x' }] } }] });
    expect(() => applyOverridePolicies(t, 'member1', [p])).toThrow(OverrideError);
    expect(() => applyOverridePolicies(t, 'member1', [p])).toThrow(/OverridePolicy bad overrideRules\[0\]: replace operation does not apply/);
    expect(t).toStrictEqual(deployment());
  });

  test('overridePolicyPriority: the highest of its selectors, no selector matching all (ResourceMatchSelectorsPriority)', () => {
    const rule = { overrideRules: [{ overriders: replicas(2) }] };
    const byName = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    expect(overridePolicyPriority(deployment(), op('none', rule))).toBe(IMPLICIT_PRIORITY.matchAll);
    expect(overridePolicyPriority(deployment(), op('both', { ...rule, resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }, byName] })))
      .toBe(IMPLICIT_PRIORITY.matchName);
    expect(overridePolicyPriority(deployment(), op('labels', { ...rule, resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', labelSelector: { matchLabels: { tier: 'front' } } }] })))
      .toBe(IMPLICIT_PRIORITY.matchLabelSelector);
    // an OP's selector gets the OP's namespace: one in another namespace selects nothing here.
    expect(overridePolicyPriority(deployment(), op('elsewhere', { ...rule, resourceSelectors: [byName] }, 'default'))).toBe(IMPLICIT_PRIORITY.misMatch);
    expect(overridePolicyPriority(deployment(), cop('anywhere', { ...rule, resourceSelectors: [byName] }))).toBe(IMPLICIT_PRIORITY.matchName);
  });
});
