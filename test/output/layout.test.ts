import * as path from 'path';
import * as fc from 'fast-check';
import { groupOf } from '../../src/kube/object';
import { manifestPath, objectFileName } from '../../src/output/layout';

describe('layout', () => {
  test('paths by migration, category and namespace', () => {
    expect(manifestPath('member1', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx', namespace: 'default' } }))
      .toBe('member1/templates/default/Deployment.apps_nginx.yaml');
    expect(manifestPath('member1', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'nginx-svc', namespace: 'default' } }))
      .toBe('member1/templates/default/Service_nginx-svc.yaml');
    expect(manifestPath('member1', { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: 'nginx-pp', namespace: 'default' } }))
      .toBe('member1/policies/default/PropagationPolicy.policy.karmada.io_nginx-pp.yaml');
    expect(manifestPath('member1', { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterPropagationPolicy', metadata: { name: 'all' } }))
      .toBe('member1/policies/_cluster/ClusterPropagationPolicy.policy.karmada.io_all.yaml');
    expect(manifestPath('member1', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } })).toBe('member1/namespaces/Namespace_shop.yaml');
  });

  test('names with characters a file system may not like are encoded', () => {
    expect(objectFileName({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:aggregate-to-edit' } }))
      .toBe('ClusterRole.rbac.authorization.k8s.io_system%3Aaggregate-to-edit.yaml');
  });

  test('two different objects never share a path', () => {
    const name = fc.stringMatching(/^[a-z0-9:_.-]{1,12}$/);
    const obj = fc.record({
      group: fc.constantFrom('', 'apps', 'a.b', 'a', 'b.c'),
      kind: fc.constantFrom('Deployment', 'Service', 'A', 'B'),
      namespace: fc.option(fc.constantFrom('default', 'shop', 'a'), { nil: undefined }),
      name,
    });
    fc.assert(fc.property(obj, obj, (a, b) => {
      const p = (o: typeof a) => manifestPath('m', { apiVersion: o.group ? `${o.group}/v1` : 'v1', kind: o.kind, metadata: { name: o.name, namespace: o.namespace } });
      const same = a.group === b.group && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
      return same === (p(a) === p(b));
    }), { numRuns: 5000 });
  });

  test('for arbitrary strings, every path stays inside the output folder and distinct objects get distinct paths', () => {
    // names, namespaces, kinds and groups as hostile as strings get: `..`, `/`, `%`, `_cluster`, unicode, empty.
    const hostile = fc.oneof(fc.string(), fc.constantFrom('..', '.', '/', '../../x', '_cluster', '%2E', 'a/b', '\\', '_', '.', 'a_b', 'a.b'), fc.string({ unit: 'grapheme' }));
    const obj = fc.record({ group: hostile, kind: hostile, namespace: fc.option(hostile, { nil: undefined }), name: hostile });
    const pathOf = (o: { group: string; kind: string; namespace?: string; name: string }) =>
      manifestPath('m', { apiVersion: o.group ? `${o.group}/v1` : 'v1', kind: o.kind, metadata: { name: o.name, namespace: o.namespace } });
    const key = (o: { group: string; kind: string; namespace?: string; name: string }) =>
      JSON.stringify([groupOf(o.group ? `${o.group}/v1` : 'v1'), o.kind, o.namespace || '', o.name]);
    fc.assert(fc.property(obj, obj, (a, b) => {
      for (const o of [a, b]) {
        const p = pathOf(o);
        const resolved = path.posix.normalize(p);
        // inside: normalizing changes nothing, no segment is empty, `.` or `..`, and the path is relative.
        if (resolved !== p || p.startsWith('/') || p.split('/').some(seg => seg === '' || seg === '.' || seg === '..')) return false;
      }
      return (key(a) === key(b)) === (pathOf(a) === pathOf(b));
    }), { numRuns: 20000 });
  });
});
