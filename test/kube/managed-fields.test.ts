import * as path from 'path';
import fc from 'fast-check';
import { readInventory } from '../../src/inventory/read';
import { valueAt } from '../../src/kube/diff';
import { JsonObject } from '../../src/kube/json';
import { formatManagedPath, ManagedPathElement, readManagedFields, resolveManagedPath } from '../../src/kube/managed-fields';

const FIXTURES = path.join(__dirname, '../fixtures/real-exports');
const fixture = (file: string) => readInventory([path.join(FIXTURES, file)])[0].object as unknown as JsonObject;

const withFields = (managedFields: unknown): JsonObject =>
  ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', managedFields } }) as JsonObject;

describe('readManagedFields', () => {
  test('decodes a real export: manager, operation, subresource, time, and every owned path with list items by key', () => {
    const { entries, warnings } = readManagedFields(fixture('service-nodeport-multi-manager.yaml'));
    expect(warnings).toEqual([]);
    expect(entries.map(e => [e.index, e.manager, e.operation, e.subresource ?? ''])).toEqual([
      [0, 'argocd-controller', 'Apply', ''],
      [1, 'kubectl-client-side-apply', 'Update', ''],
      [2, 'kube-vpnkit-forwarder', 'Update', 'status'],
    ]);
    const ports = entries[0].fields.filter(f => f.path.startsWith('spec.ports'));
    expect(ports.map(f => [f.path, f.ownership])).toEqual(expect.arrayContaining([
      ['spec.ports[port=1935,protocol=TCP]', 'node'],
      ['spec.ports[port=1935,protocol=TCP].name', 'leaf'],
    ]));
  });

  test('renders map keys that are not identifiers in brackets', () => {
    const { entries } = readManagedFields(fixture('pvc-bound-minikube-hostpath.yaml'));
    const paths = entries.flatMap(e => e.fields.map(f => f.path));
    expect(paths).toContain('metadata.annotations[pv.kubernetes.io/bind-completed]');
    expect(paths).toContain('spec.volumeName');
  });

  test('a node owned as a whole is listed as a node, its fields as leaves', () => {
    const { entries } = readManagedFields(withFields([{
      manager: 'm', operation: 'Update', fieldsType: 'FieldsV1',
      fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } } },
    }]));
    expect(entries[0].fields.map(f => [f.path, f.ownership])).toEqual([
      ['spec.template.spec.containers[name=web]', 'node'],
      ['spec.template.spec.containers[name=web].image', 'leaf'],
      ['spec.template.spec.containers[name=web].name', 'leaf'],
    ]);
  });

  test.each([
    ['not a list', { a: 1 }, 'Deployment.apps shop/web: metadata.managedFields is not a list; field ownership unknown'],
    ['an entry that is not an object', ['x'], 'Deployment.apps shop/web: metadata.managedFields[0] is not an object; left out'],
    ['another fieldsType', [{ manager: 'm', fieldsType: 'FieldsV2', fieldsV1: {} }],
      'Deployment.apps shop/web: metadata.managedFields[0] (manager m): fieldsType "FieldsV2" is not FieldsV1; left out'],
    ['fieldsV1 not an object', [{ manager: 'm', fieldsV1: 'f:spec' }],
      'Deployment.apps shop/web: metadata.managedFields[0] (manager m): fieldsV1 is not an object; its fields are left out'],
    ['an unknown prefix', [{ manager: 'm', fieldsV1: { 'f:spec': { 'x:replicas': {} } } }],
      'Deployment.apps shop/web: metadata.managedFields[0] (manager m): fieldsV1 key "x:replicas" at spec is not f:, k:, v:, i: or .; left out'],
    ['a k: that is not JSON', [{ manager: 'm', fieldsV1: { 'f:spec': { 'f:ports': { 'k:{port:80}': {} } } } }],
      'Deployment.apps shop/web: metadata.managedFields[0] (manager m): fieldsV1 key "k:{port:80}" at spec.ports is not f:, k:, v:, i: or .; left out'],
    ['a value that is not a set', [{ manager: 'm', fieldsV1: { 'f:spec': { 'f:replicas': 3 } } }],
      'Deployment.apps shop/web: metadata.managedFields[0] (manager m): fieldsV1 spec.replicas holds number, not a set; left out'],
  ])('malformed: %s is a warning naming the object and the entry', (_name, managedFields, warning) => {
    const { warnings } = readManagedFields(withFields(managedFields));
    expect(warnings).toEqual([warning]);
  });

  test('the rest of a malformed entry is kept', () => {
    const { entries } = readManagedFields(withFields([{ manager: 'm', operation: 'Update', fieldsV1: { 'f:spec': { 'bad': {}, 'f:replicas': {} } } }]));
    expect(entries[0].fields.map(f => f.path)).toEqual(['spec.replicas']);
  });

  test('no managedFields: nothing, and no warning', () => {
    expect(readManagedFields({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).toEqual({ entries: [], warnings: [] });
    expect(readManagedFields('not an object')).toEqual({ entries: [], warnings: [] });
  });

  test('never throws, whatever managedFields hold', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue()), (managedFields, fieldsV1) => {
      readManagedFields(withFields(managedFields));
      const { warnings } = readManagedFields(withFields([{ manager: 'm', operation: 'Update', fieldsV1 }]));
      expect(Array.isArray(warnings)).toBe(true);
    }), { numRuns: 300 });
  });
});

describe('formatManagedPath and resolveManagedPath', () => {
  const live = {
    spec: {
      ports: [{ port: 80, protocol: 'UDP' }, { port: 80, protocol: 'TCP', name: 'http' }],
      finalizers: ['a', 'b'],
      args: ['x', 'y'],
    },
  } as JsonObject;
  const cases: [ManagedPathElement[], string, (string | number)[] | undefined][] = [
    [[{ field: 'spec' }, { field: 'ports' }, { key: { port: 80, protocol: 'TCP' } }, { field: 'name' }], 'spec.ports[port=80,protocol=TCP].name', ['spec', 'ports', 1, 'name']],
    [[{ field: 'spec' }, { field: 'finalizers' }, { value: 'b' }], 'spec.finalizers[b]', ['spec', 'finalizers', 1]],
    [[{ field: 'spec' }, { field: 'args' }, { index: 1 }], 'spec.args[1]', ['spec', 'args', 1]],
    [[{ field: 'spec' }, { field: 'ports' }, { key: { port: 443, protocol: 'TCP' } }], 'spec.ports[port=443,protocol=TCP]', undefined],
    [[{ field: 'metadata' }, { field: 'labels' }, { field: 'app.kubernetes.io/name' }], 'metadata.labels[app.kubernetes.io/name]', undefined],
  ];
  test.each(cases)('%j', (elements, rendered, segments) => {
    expect(formatManagedPath(elements)).toBe(rendered);
    expect(resolveManagedPath(live, elements)).toEqual(segments);
  });

  test('every owned path of a real export resolves in the object itself', () => {
    const object = fixture('deployment-multi-manager-argocd.yaml');
    for (const e of readManagedFields(object).entries) {
      for (const f of e.fields) {
        const segments = resolveManagedPath(object, f.elements);
        expect([f.path, segments !== undefined && valueAt(object, segments) !== undefined]).toEqual([f.path, true]);
      }
    }
  });
});
