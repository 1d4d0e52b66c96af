// property tests of the whole inventory: loading fails only with InputError, and the order of the
// input never changes the result. (Idempotent cleaning is in clean.test.ts.)
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import { isInputError } from '../../src/errors';
import { Inventory } from '../../src/inventory/inventory';
import { inventoryReport } from '../../src/inventory/inventory-report';
import { readInventory } from '../../src/inventory/read';
import { SecretPolicy } from '../../src/inventory/secrets';
import { formatKey, KubeObject } from '../../src/kube/object';
import { FIXTURES, withTempDir } from './fixtures';

const MIXED = path.join(__dirname, '..', 'fixtures', 'mixed-export.yaml');

// loads `text` as `file` in `dir`; returns 'ok', or 'InputError' when that is what it threw; anything else is rethrown.
function loadOutcome(dir: string, file: string, text: string, options = {}): string {
  fs.writeFileSync(path.join(dir, file), text);
  try {
    const inventory = Inventory.load([file], { baseDir: dir, maxNodes: 100_000, ...options });
    // everything the inventory computes lazily, too.
    inventoryReport(inventory);
    return 'ok';
  } catch (e) {
    if (isInputError(e)) return 'InputError';
    throw e;
  }
}

// the kinds whose fields the inventory reads beyond metadata, and a few others.
const kind = fc.constantFrom(
  ['apps/v1', 'Deployment'], ['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'ReplicaSet'], ['batch/v1', 'Job'], ['batch/v1', 'CronJob'],
  ['v1', 'Pod'], ['v1', 'Secret'], ['v1', 'ServiceAccount'], ['v1', 'PersistentVolumeClaim'], ['v1', 'Service'], ['v1', 'ConfigMap'], ['v1', 'Namespace'],
  ['networking.k8s.io/v1', 'Ingress'], ['autoscaling/v2', 'HorizontalPodAutoscaler'], ['autoscaling/v1', 'HorizontalPodAutoscaler'], ['v1', 'List'],
  ['example.com/v1', 'Widget'], ['discovery.k8s.io/v1', 'EndpointSlice'],
);
const name = fc.constantFrom('web', 'db', 'api', 'data-db-0', 'default', 'kube-root-ca.crt', '');
// values where the inventory looks for names and lists, often of the right shape, sometimes not.
const ref = fc.oneof(fc.record({ name, optional: fc.boolean() }, { requiredKeys: [] }), fc.jsonValue());
const container = fc.oneof(fc.record({
  name,
  envFrom: fc.array(fc.record({ configMapRef: ref, secretRef: ref }, { requiredKeys: [] }), { maxLength: 2 }),
  env: fc.array(fc.record({
    valueFrom: fc.oneof(fc.record({ configMapKeyRef: ref, secretKeyRef: ref }, { requiredKeys: [] }), fc.jsonValue()),
  }), { maxLength: 2 }),
}, { requiredKeys: [] }), fc.jsonValue());
const volume = fc.oneof(fc.record({
  name,
  configMap: ref,
  secret: fc.record({ secretName: fc.oneof(name, fc.jsonValue()) }),
  persistentVolumeClaim: fc.record({ claimName: fc.oneof(name, fc.jsonValue()) }),
  projected: fc.record({ sources: fc.oneof(fc.array(fc.record({ configMap: ref, secret: ref }, { requiredKeys: [] })), fc.jsonValue()) }),
  csi: fc.record({ nodePublishSecretRef: ref }),
}, { requiredKeys: [] }), fc.jsonValue());
const podSpec = fc.oneof(fc.record({
  containers: fc.oneof(fc.array(container, { maxLength: 2 }), fc.jsonValue()),
  initContainers: fc.array(container, { maxLength: 1 }),
  volumes: fc.oneof(fc.array(volume, { maxLength: 3 }), fc.jsonValue()),
  imagePullSecrets: fc.oneof(fc.array(ref, { maxLength: 2 }), fc.jsonValue()),
  serviceAccountName: fc.oneof(name, fc.jsonValue()),
}, { requiredKeys: [] }), fc.jsonValue());
const spec = fc.oneof(
  fc.record({
    replicas: fc.oneof(fc.integer(), fc.jsonValue()),
    template: fc.oneof(fc.record({ spec: podSpec }), fc.jsonValue()),
    jobTemplate: fc.record({ spec: fc.record({ template: fc.record({ spec: podSpec }) }) }),
    volumeClaimTemplates: fc.oneof(fc.array(fc.record({ metadata: fc.record({ name }) }), { maxLength: 2 }), fc.jsonValue()),
    scaleTargetRef: fc.oneof(fc.record({ apiVersion: fc.constantFrom('apps/v1', 'extensions/v1beta1', 'v1'), kind: fc.constantFrom('Deployment', 'StatefulSet'), name }), fc.jsonValue()),
    tls: fc.oneof(fc.array(fc.record({ secretName: fc.oneof(name, fc.jsonValue()) }), { maxLength: 2 }), fc.jsonValue()),
  }, { requiredKeys: [] }),
  fc.jsonValue(),
);
// objects shaped like exports, with every field possibly of the wrong type.
const kubeish = fc.tuple(kind, fc.record({
  metadata: fc.oneof(fc.record({
    name: fc.oneof(name, fc.jsonValue()),
    namespace: fc.oneof(fc.constantFrom('shop', 'kube-system', ''), fc.jsonValue()),
    labels: fc.oneof(fc.dictionary(fc.string(), fc.string()), fc.jsonValue()),
    ownerReferences: fc.array(fc.record({ kind: fc.string(), name: fc.string(), controller: fc.boolean() }), { maxLength: 1 }),
  }, { requiredKeys: [] }), fc.jsonValue()),
  spec,
  type: fc.constantFrom('Opaque', 'kubernetes.io/service-account-token'),
  data: fc.jsonValue(),
  items: fc.jsonValue(),
}, { requiredKeys: [] })).map(([[apiVersion, k], rest]) => ({ apiVersion, kind: k, ...rest }));

// YAML-ish text: the characters and tokens that make YAML interesting.
const yamlToken = fc.constantFrom('\n', '  ', '- ', ': ', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', 'name: x', 'namespace: shop', '&a ', '*a', '*b',
  '<<: *a', '{', '}', '[', ']', ',', '---\n', '...\n', '!!str ', '!!binary ', '!custom ', '%YAML 1.2\n', '\t', '"', "'", '#', '|', '>', '? ', '\u0000', '\ufeff', 'items:');
const yamlish = fc.array(yamlToken, { maxLength: 60 }).map(tokens => tokens.join(''));

describe('Inventory.load never throws anything but InputError', () => {
  test('on arbitrary strings, as YAML and as JSON', () => withTempDir(dir => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), text => {
      expect(['ok', 'InputError']).toContain(loadOutcome(dir, 'a.yaml', text));
      expect(['ok', 'InputError']).toContain(loadOutcome(dir, 'a.json', text));
    }), { numRuns: 300 });
  }));

  test('on YAML-ish token soup (anchors, aliases, merge keys, tags, directives, markers)', () => withTempDir(dir => {
    fc.assert(fc.property(yamlish, text => {
      expect(['ok', 'InputError']).toContain(loadOutcome(dir, 'a.yaml', text));
    }), { numRuns: 500 });
  }));

  test('on arbitrary JSON values and arbitrary structures dumped as YAML', () => withTempDir(dir => {
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.array(kubeish, { maxLength: 3 })), value => {
      expect(['ok', 'InputError']).toContain(loadOutcome(dir, 'a.json', JSON.stringify(value)));
      expect(['ok', 'InputError']).toContain(loadOutcome(dir, 'a.yaml', yaml.dump(value, { noRefs: true })));
    }), { numRuns: 300 });
  }));

  test('on export-shaped objects of every kind the inventory reads, in a List, with both secrets policies', () => withTempDir(dir => {
    // a good share of these load: they exercise dropping, cleaning, autoscalers, dependencies and Secrets on odd shapes.
    let loaded = 0;
    fc.assert(fc.property(fc.array(kubeish, { maxLength: 6 }), fc.constantFrom(SecretPolicy.UNMANAGED, SecretPolicy.PLAINTEXT), (items, secrets) => {
      const text = yaml.dump({ apiVersion: 'v1', kind: 'List', items }, { noRefs: true });
      const outcome = loadOutcome(dir, 'list.yaml', text, { secrets, onDuplicate: 'last', defaultNamespace: 'shop' });
      if (outcome === 'ok') loaded++;
      expect(['ok', 'InputError']).toContain(outcome);
    }), { numRuns: 400 });
    expect(loaded).toBeGreaterThan(20);
  }));
});

describe('the order of the input never changes the result', () => {
  // the objects of the mixed export and of every real export, each once.
  const pool = [...readInventory([MIXED]), ...readInventory([FIXTURES], { onDuplicate: 'first' })].map(o => o.object);

  // everything an inventory says, without where each object was read from.
  function outcome(inventory: Inventory): unknown {
    const report = inventoryReport(inventory, { migration: 'member1' });
    return {
      templates: inventory.templates.map(t => [formatKey(t.key), t.object]),
      dropped: inventory.dropped.map(d => [formatKey(d.key), d.rule, d.reason]),
      warnings: inventory.warnings.map(w => w.message),
      dependencies: inventory.templates.map(t => inventory.dependencies(t.key)),
      missing: inventory.missingDependencies().map(m => [m.dependent, m.dependency]),
      report: { ...report, objects: report.objects.map(o => ({ ...o, source: undefined })), warnings: report.warnings.map(w => w.message),
        missingDependencies: report.missingDependencies.map(m => ({ ...m, source: undefined })),
        retainReplicas: report.retainReplicas.map(r => ({ ...r, source: undefined })) },
    };
  }

  test('objects given in code, in any order and subset', () => {
    const subsetAndShuffle = fc.subarray(pool, { minLength: 1 })
      .chain(sub => fc.tuple(fc.constant(sub), fc.shuffledSubarray(sub, { minLength: sub.length })));
    fc.assert(fc.property(subsetAndShuffle, fc.constantFrom(SecretPolicy.UNMANAGED, SecretPolicy.PLAINTEXT), ([objects, shuffled], secrets) => {
      const given = outcome(Inventory.fromObjects(objects, undefined, { secrets }));
      expect(outcome(Inventory.fromObjects(shuffled, undefined, { secrets }))).toStrictEqual(given);
    }), { numRuns: 100 });
  });

  test('documents of a file, and files of a directory, in any order', () => withTempDir(dir => {
    const reference = outcome(Inventory.fromObjects(pool));
    fc.assert(fc.property(fc.shuffledSubarray(pool, { minLength: pool.length }), fc.integer({ min: 1, max: 5 }), (shuffled: KubeObject[], files) => {
      const sub = path.join(dir, `run-${Math.random().toString(36).slice(2)}`);
      fs.mkdirSync(sub);
      // spread the shuffled objects over `files` files, as multi-document YAML.
      for (let f = 0; f < files; f++) {
        const docs = shuffled.filter((_, i) => i % files === f).map(o => yaml.dump(o, { noRefs: true }));
        fs.writeFileSync(path.join(sub, `part-${f}.yaml`), docs.join('---\n'));
      }
      expect(outcome(Inventory.load([sub]))).toStrictEqual(reference);
    }), { numRuns: 30 });
  }));
});
