// The generated retention scripts, run in a real Lua 5.1 VM (test/karmada/lua-vm.ts) as Karmada runs
// them, against the TypeScript model (src/karmada/retention.ts, src/karmada/retain.ts).
import * as fc from 'fast-check';
import {
  applyRetainHook, applyRetention, generateRetentionScript, luaSandboxProblems, MAX_RETAINED_OBJECTS, NATIVE_RETAIN_LUA, readRetentionScript,
  RETAINED_FIELDS,
  RetentionSpec,
} from '../../src/karmada';
import { JsonObject, JsonValue } from '../../src/kube';
import { asLuaSees, RetentionVm } from './lua-vm';

type Obj = Record<string, unknown>;
const o = (x: Obj) => x as JsonObject;

function vmFor(spec: RetentionSpec): RetentionVm {
  const script = generateRetentionScript(spec, 'member1');
  expect(luaSandboxProblems(script, ['Retain'])).toEqual([]);
  return new RetentionVm(script);
}

// Lua and the model on one pair: what Karmada would PUT from each.
function expectSame(vm: RetentionVm, spec: RetentionSpec, desired: JsonObject, observed: JsonObject): JsonObject {
  const result = vm.retain(desired, observed);
  expect(result).toEqual(asLuaSees(applyRetention(desired, observed, spec), [desired, observed]));
  return result;
}

describe('a generated script in Lua 5.1', () => {
  const deployment = (spec: Obj, labels?: Obj) => o({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx', namespace: 'default', ...(labels ? { labels } : {}) }, spec });
  const restartedAt = 'spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]';
  const spec: RetentionSpec = { apiVersion: 'apps/v1', kind: 'Deployment', objects: [{ namespace: 'default', name: 'nginx', fields: [restartedAt] }] };
  let vm: RetentionVm;
  beforeAll(() => { vm = vmFor(spec); });
  afterAll(() => vm.close());

  test('a retained field comes from the member, every other field from the template', () => {
    const desired = deployment({ replicas: 2, template: { metadata: { labels: { app: 'nginx' } } } });
    const observed = deployment({ replicas: 5, template: { metadata: { labels: { app: 'x' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } } } });
    expect(expectSame(vm, spec, desired, observed)).toEqual(deployment({
      replicas: 2, template: { metadata: { labels: { app: 'nginx' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } } },
    }));
  });

  test('a field absent from the member is absent from the result (the member wins), and no empty map is left', () => {
    const desired = deployment({ template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 'template' } } } });
    expect(expectSame(vm, spec, desired, deployment({ template: { metadata: {} } }))).toEqual(deployment({ template: { metadata: {} } }));
    const bare = deployment({ replicas: 1 });
    expect(expectSame(vm, spec, bare, deployment({ template: { metadata: { labels: { a: 'b' } } } }))).toEqual(bare);
  });

  test('re-implements the native retain-replicas rule: with the label the member\'s replicas, without it the template\'s', () => {
    const label = { 'resourcetemplate.karmada.io/retain-replicas': 'true' };
    expect((expectSame(vm, spec, deployment({ replicas: 1 }, label), deployment({ replicas: 7 })).spec as Obj).replicas).toBe(7);
    expect((expectSame(vm, spec, deployment({ replicas: 1 }), deployment({ replicas: 7 })).spec as Obj).replicas).toBe(1);
    expect((expectSame(vm, spec, deployment({ replicas: 1 }, { 'resourcetemplate.karmada.io/retain-replicas': 'True' }), deployment({ replicas: 7 })).spec as Obj).replicas).toBe(1);
  });

  test('an object the migration does not name gets the native rule only (the customization is global for the kind)', () => {
    const other = (s: Obj) => o({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'other', namespace: 'default', labels: { 'resourcetemplate.karmada.io/retain-replicas': 'true' } }, spec: s });
    const observed = other({ replicas: 4, template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 'x' } } } });
    expect(expectSame(vm, spec, other({ replicas: 1 }), observed)).toEqual(other({ replicas: 4 }));
  });

  test('lists: [name=...] and [*] follow elements by name, never by position, and never add or remove one', () => {
    const s: RetentionSpec = {
      apiVersion: 'v1', kind: 'Thing', objects: [{ name: 't', fields: ['spec.containers[*].resources', 'spec.webhooks[name=b].clientConfig.caBundle'] }],
    };
    const lvm = vmFor(s);
    const thing = (body: Obj) => o({ apiVersion: 'v1', kind: 'Thing', metadata: { name: 't' }, spec: body });
    const desired = thing({
      containers: [{ name: 'app', image: 'a:2', resources: { limits: { cpu: '1' } } }, { name: 'new', image: 'n' }, { image: 'unnamed', resources: { x: 'd' } }],
      webhooks: [{ name: 'a', clientConfig: { caBundle: 'tA' } }, { name: 'b', clientConfig: { caBundle: 'tB', url: 'u' } }],
    });
    const observed = thing({
      containers: [{ name: 'gone', resources: { limits: { cpu: '9' } } }, { name: 'app', image: 'a:1', resources: { limits: { cpu: '2' } } }],
      webhooks: [{ name: 'b', clientConfig: { caBundle: 'live' } }, { name: 'a', clientConfig: { caBundle: 'liveA' } }],
    });
    expect(expectSame(lvm, s, desired, observed)).toEqual(thing({
      containers: [{ name: 'app', image: 'a:2', resources: { limits: { cpu: '2' } } }, { name: 'new', image: 'n' }, { image: 'unnamed', resources: { x: 'd' } }],
      webhooks: [{ name: 'a', clientConfig: { caBundle: 'tA' } }, { name: 'b', clientConfig: { caBundle: 'live', url: 'u' } }],
    }));
    lvm.close();
  });

  test('odd keys and strings survive: dots, slashes, quotes, backslashes, line breaks, non-ASCII', () => {
    const key = 'ex.com/a"b\\c\nd-é';
    const s: RetentionSpec = { apiVersion: 'v1', kind: 'ConfigMap', objects: [{ namespace: 'ns', name: 'c', fields: [`metadata.annotations[${key}]`] }] };
    const svm = vmFor(s);
    const cm = (annotations: Obj) => o({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns', annotations }, data: { 'k': 'v "\u0001' } });
    expect(expectSame(svm, s, cm({ other: '1' }), cm({ [key]: 'live ✓ "q"' }))).toEqual(cm({ other: '1', [key]: 'live ✓ "q"' }));
    svm.close();
  });

  test('a failing or non-table result is an error, as luavm.Retain reports it', () => {
    const bad = new RetentionVm('function Retain(d, o) return nil end');
    expect(() => bad.retain(o({ kind: 'X' }), o({}))).toThrow(/expect the returned requires type is table but got nil/);
    bad.close();
    const aliased = new RetentionVm('function Retain(d, o) d.a = o.spec; d.b = o.spec; return d end');
    expect(() => aliased.retain(o({ kind: 'X' }), o({ spec: { x: 1 } }))).toThrow(/recursively nested tables/);
    aliased.close();
  });

  // its speed is no assertion here (a loaded machine would fail it, and timings belong to the bench): this is correctness at the size limit.
  test('retains on a large object with as many retained objects as a script may hold', () => {
    const objects = Array.from({ length: MAX_RETAINED_OBJECTS - 1 }, (_, i) => ({ namespace: `ns${i % 50}`, name: `d${i}`, fields: i % 2 ? [restartedAt] : ['spec.template.spec.containers[*].resources'] }));
    const big: RetentionSpec = { apiVersion: 'apps/v1', kind: 'Deployment', objects: [...objects, { namespace: 'default', name: 'nginx', fields: ['spec.template.spec.containers[*].resources'] }] };
    const bvm = vmFor(big);
    const containers = (cpu: string) => Array.from({ length: 200 }, (_, i) => ({ name: `c${i}`, image: 'x', resources: { limits: { cpu } } }));
    const desired = deployment({ template: { spec: { containers: containers('1') } } });
    const observed = deployment({ template: { spec: { containers: containers('2') } } });
    const result = bvm.retain(desired, observed);
    expect(((((result.spec as Obj).template as Obj).spec as Obj).containers as Obj[])[199]).toEqual({ name: 'c199', image: 'x', resources: { limits: { cpu: '2' } } });
    bvm.close();
  });
});

// every native hook of Karmada v1.18.2, in Lua (NATIVE_RETAIN_LUA) and in TypeScript (applyRetainHook), on the same pairs.
describe('the native rules re-implemented in Lua do what the TypeScript model of Karmada\'s does', () => {
  const pairs: Record<string, Array<[Obj, Obj]>> = {
    'apps/v1/Deployment': [
      [{ metadata: { labels: { 'resourcetemplate.karmada.io/retain-replicas': 'true' } }, spec: { replicas: 1 } }, { spec: { replicas: 3 } }],
      [{ metadata: { labels: { 'resourcetemplate.karmada.io/retain-replicas': 'false' } }, spec: { replicas: 1 } }, { spec: { replicas: 3 } }],
      [{ metadata: { labels: { 'resourcetemplate.karmada.io/retain-replicas': 'true' } } }, { spec: { replicas: 3 } }],
      [{ spec: { replicas: 1 } }, { spec: { replicas: 3 } }],
    ],
    'v1/Pod': [
      [{ spec: { containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 't', mountPath: '/t' }] }, { name: 'b', image: 'y' }], initContainers: [{ name: 'i', image: 'z' }], nodeName: 'n0', serviceAccountName: 't' } },
        { spec: { nodeName: 'n1', volumes: [{ name: 'kube-api-access', projected: {} }], containers: [{ name: 'b', volumeMounts: [{ name: 'kube-api-access', mountPath: '/var/run' }] }, { name: 'a' }], initContainers: [{ name: 'i', volumeMounts: [{ name: 'v', mountPath: '/v' }] }] } }],
      [{ spec: { containers: [{ name: 'a' }] } }, { spec: {} }],
    ],
    'v1/Service': [
      [{ spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } }, { spec: { clusterIP: '10.0.0.1', healthCheckNodePort: 31000 } }],
      [{ spec: { clusterIP: '10.0.0.9', healthCheckNodePort: 30000 } }, { spec: { clusterIP: '', healthCheckNodePort: 0 } }],
      [{ spec: {} }, {}],
    ],
    'v1/ServiceAccount': [
      [{ secrets: [{ name: 'a' }], imagePullSecrets: [{ name: 'p' }] }, { secrets: [{ name: 'tok' }, { name: 'a' }] }],
      [{}, {}],
      [{}, { imagePullSecrets: [{ name: 'live' }] }],
    ],
    'v1/PersistentVolumeClaim': [
      [{ spec: { resources: { requests: { storage: '1Gi' } } } }, { spec: { volumeName: 'pv-1' } }],
      [{ spec: { volumeName: 'keep' } }, { spec: { volumeName: '' } }],
    ],
    'v1/PersistentVolume': [
      [{ spec: { capacity: { storage: '1Gi' } } }, { spec: { claimRef: { name: 'c', namespace: 'n', uid: 'u' } } }],
      [{ spec: { claimRef: { name: 't' } } }, { spec: {} }],
    ],
    'batch/v1/Job': [
      [{ spec: { template: { spec: { containers: [{ name: 'j' }] } } } },
        { spec: { selector: { matchLabels: { 'controller-uid': 'u' } }, template: { metadata: { labels: { 'controller-uid': 'u', 'job-name': 'j' } } } } }],
      [{ spec: { selector: { matchLabels: { a: 'b' } } } }, {}],
    ],
    'v1/Secret': [
      [{ type: 'kubernetes.io/service-account-token', data: {} }, { data: { token: 'dG9r' } }],
      [{ type: 'Opaque', data: { a: 'YQ==' } }, { data: { token: 'dG9r' } }],
    ],
  };

  test('every native hook has a Lua twin and pairs here', () => {
    expect(Object.keys(NATIVE_RETAIN_LUA).sort()).toEqual(Object.keys(RETAINED_FIELDS).sort());
    expect(Object.keys(pairs).sort()).toEqual(Object.keys(RETAINED_FIELDS).sort());
  });

  test.each(Object.keys(pairs))('%s', gvk => {
    const [apiVersion, kind] = [gvk.slice(0, gvk.lastIndexOf('/')), gvk.slice(gvk.lastIndexOf('/') + 1)];
    const vm = vmFor({ apiVersion, kind, objects: [] });
    for (const [d, obs] of pairs[gvk]) {
      const identity = { apiVersion, kind, metadata: { name: 'x', namespace: 'ns', ...(d.metadata as Obj | undefined) } };
      const desired = o({ ...d, ...identity });
      const observed = o({ ...obs, apiVersion, kind, metadata: { name: 'x', namespace: 'ns' } });
      expect(vm.retain(desired, observed)).toEqual(asLuaSees(applyRetainHook(desired, observed), [desired, observed]));
    }
    vm.close();
  });
});

// random templates, member objects and retained paths: Lua and the model agree; on maps, the retained
// field is the member's and the rest the template's.
describe('property: Lua and the TypeScript model agree', () => {
  const keys = ['a', 'b', 'x.y/z', 'name'];
  const leaf = fc.oneof(fc.constantFrom('s', 't', '', 'é"\\'), fc.integer({ min: -1000, max: 1000 }), fc.boolean());
  const { value } = fc.letrec<{ value: JsonValue; map: JsonObject; list: JsonValue[] }>(tie => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('map'), tie('list')),
    map: fc.dictionary(fc.constantFrom(...keys), tie('value'), { maxKeys: 4 }) as fc.Arbitrary<JsonObject>,
    list: fc.array(fc.record({ name: fc.constantFrom('p', 'q', 'r'), a: tie('value') }, { requiredKeys: [] }), { maxLength: 3 }) as fc.Arbitrary<JsonValue[]>,
  }));
  const field = fc.constantFrom(...keys).map(k => (k.includes('.') ? `[${k}]` : `.${k}`));
  const selector = fc.constantFrom('[*]', '[name=p]', '[name=q]');
  const path = fc.tuple(fc.array(fc.oneof(field, selector), { maxLength: 3 }), field).map(([steps, last]) => `spec${steps.join('')}${last}`);

  test('on random pairs and paths', () => {
    const vms = new Map<string, RetentionVm>();
    fc.assert(fc.property(value, value, fc.uniqueArray(path, { minLength: 1, maxLength: 3 }), (d, ob, fields) => {
      const spec: RetentionSpec = { apiVersion: 'example.io/v1', kind: 'Thing', objects: [{ namespace: 'ns', name: 't', fields: [...fields].sort() }] };
      const key = fields.join('\n');
      if (!vms.has(key)) vms.set(key, vmFor(spec));
      const desired = o({ apiVersion: 'example.io/v1', kind: 'Thing', metadata: { name: 't', namespace: 'ns' }, spec: d });
      const observed = o({ apiVersion: 'example.io/v1', kind: 'Thing', metadata: { name: 't', namespace: 'ns' }, spec: ob });
      expect(vms.get(key)!.retain(desired, observed)).toEqual(asLuaSees(applyRetention(desired, observed, spec), [desired, observed]));
    }), { numRuns: 300 });
    for (const vm of vms.values()) vm.close();
  });

  test('through maps: the retained field is the member\'s, every other field the template\'s', () => {
    const { map } = fc.letrec<{ map: JsonObject; value: JsonValue }>(tie => ({
      map: fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('value'), { minKeys: 1, maxKeys: 3 }) as fc.Arbitrary<JsonObject>,
      value: fc.oneof({ depthSize: 'small' }, leaf, tie('map')),
    }));
    const mapPath = fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 });
    const at = (v: JsonValue | undefined, p: readonly string[]): JsonValue | undefined =>
      p.reduce<JsonValue | undefined>((x, k) => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as JsonObject)[k] : undefined), v);
    // the object without the path's leaf, and without the maps that only held it.
    const without = (v: JsonValue, p: readonly string[]): JsonValue => {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || p.length === 0) return v;
      const out = { ...(v as JsonObject) };
      if (p.length === 1) delete out[p[0]];
      else if (out[p[0]] !== undefined) {
        const inner = without(out[p[0]], p.slice(1));
        if (inner !== null && typeof inner === 'object' && !Array.isArray(inner) && Object.keys(inner).length === 0 && typeof out[p[0]] === 'object') delete out[p[0]];
        else out[p[0]] = inner;
      }
      return out;
    };
    fc.assert(fc.property(map, map, mapPath, (d, ob, p) => {
      // the path runs through maps (or nothing) on both sides.
      const throughMaps = (v: JsonValue) => p.slice(0, -1).every((_, i) => { const x = at(v, p.slice(0, i + 1)); return x === undefined || (typeof x === 'object' && x !== null && !Array.isArray(x)); });
      fc.pre(throughMaps(d) && throughMaps(ob));
      const spec: RetentionSpec = { apiVersion: 'v1', kind: 'Thing', objects: [{ name: 't', fields: [`spec.${p.join('.')}`] }] };
      const result = applyRetention(o({ metadata: { name: 't' }, spec: d }), o({ spec: ob }), spec);
      expect(at(result.spec, p)).toEqual(at(ob, p));
      expect(without(result.spec as JsonValue, p)).toEqual(without(d, p));
    }), { numRuns: 300 });
  });
});

describe('readRetentionScript', () => {
  const field = fc.constantFrom('a', 'b', 'x.y/z', 'é"\\', 'name').map(k => (/^[a-z]+$/.test(k) ? `.${k}` : `[${k}]`));
  const selector = fc.constantFrom('[*]', '[name=p]', '[port=80]');
  const path = fc.tuple(fc.array(fc.oneof(field, selector), { maxLength: 3 }), field).map(([steps, last]) => `spec${steps.join('')}${last}`);
  const object = fc.record({
    namespace: fc.option(fc.constantFrom('ns', 'shop', 'ünï'), { nil: undefined }),
    name: fc.constantFrom('a', 'b', 'web-1'),
    fields: fc.uniqueArray(path, { minLength: 1, maxLength: 3 }),
  });

  test('reads back what generateRetentionScript wrote (objects in key order, fields canonical and sorted)', () => {
    fc.assert(fc.property(fc.uniqueArray(object, { selector: x => `${x.namespace ?? ''}/${x.name}`, maxLength: 5 }), objects => {
      const spec: RetentionSpec = {
        apiVersion: 'apps/v1', kind: 'StatefulSet',
        objects: objects.map(({ namespace, name, fields }) => ({ ...(namespace ? { namespace } : {}), name, fields: [...fields].sort() })),
      };
      const key = (x: { namespace?: string; name: string }) => (x.namespace ? `${x.namespace}/${x.name}` : x.name);
      const expected = { ...spec, objects: [...spec.objects].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0)) };
      expect(readRetentionScript('apps/v1', 'StatefulSet', generateRetentionScript(spec, 'member1'))).toEqual(expected);
    }), { numRuns: 200 });
  });

  test('a script karmada-migrate did not write is a problem, not a guess', () => {
    expect(readRetentionScript('apps/v1', 'Deployment', 'function Retain(d, o) return d end')).toEqual({
      problem: 'its script has no PATHS, GROUPS and OBJECTS tables: it is not one karmada-migrate generates',
    });
    expect(readRetentionScript('apps/v1', 'Deployment', 'local PATHS = {}\nlocal GROUPS = { { 3 } }\nlocal OBJECTS = { ["a/b"] = 1 }')).toEqual({
      problem: 'its script is not one karmada-migrate generates: GROUPS names PATHS[3], which does not exist',
    });
    expect(readRetentionScript('apps/v1', 'Deployment', 'local x = ')).toMatchObject({ problem: expect.stringContaining('its script is not Lua 5.1') });
  });
});
