import * as path from 'path';
import * as fc from 'fast-check';
import { groupOf } from '../../src/kube/object';
import { fitFileName, manifestPath, MAX_FILE_NAME_BYTES, objectFileName } from '../../src/output/layout';

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

  describe('long names', () => {
    // a valid DNS subdomain of 253 characters.
    const N253 = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    const deploy = (name: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' } });

    test('a file name that fits is written whole, up to 255 bytes', () => {
      const name = 'n'.repeat(MAX_FILE_NAME_BYTES - 'Deployment.apps_.yaml'.length);
      expect(objectFileName(deploy(name))).toBe(`Deployment.apps_${name}.yaml`);
      expect(Buffer.byteLength(objectFileName(deploy(name)))).toBe(255);
    });

    test('a longer one is cut and ends with ~ and a hash of the whole: 255 bytes, the same every run', () => {
      const file = objectFileName(deploy(N253));
      expect(Buffer.byteLength(file)).toBe(255);
      expect(file).toMatch(/^Deployment\.apps_a{63}\.b{63}\.c{63}\.d+~[0-9a-f]{20}\.yaml$/);
      expect(file).toBe('Deployment.apps_' + N253.slice(0, 255 - 'Deployment.apps_'.length - '~'.length - 20 - '.yaml'.length) + '~bf7d422b3b04d621ae6d.yaml');
      expect(objectFileName(deploy(`${N253.slice(0, -1)}e`))).not.toBe(file);
    });

    test('percent-encoded names (3 bytes a byte) are cut between escapes, never inside one', () => {
      const name = 'é:'.repeat(100); // é is two bytes, six once encoded
      const file = objectFileName({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name } });
      expect(Buffer.byteLength(file)).toBeLessThanOrEqual(255);
      expect(file).toMatch(/^ClusterRole\.rbac\.authorization\.k8s\.io_(%[0-9A-F]{2})+~[0-9a-f]{20}\.yaml$/);
    });

    test('kind and group of the longest lengths fit too, and so does the namespace folder', () => {
      const group = `${'g'.repeat(63)}.${'h'.repeat(63)}.${'i'.repeat(63)}.${'j'.repeat(62)}`;
      const p = manifestPath('member1', { apiVersion: `${group}/v1`, kind: 'K'.repeat(63), metadata: { name: N253, namespace: 'n'.repeat(300) } });
      for (const segment of p.split('/')) expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(255);
    });

    test('fitFileName: a cut name never equals a whole one (encoded names hold no ~)', () => {
      expect(fitFileName('a'.repeat(300), '.yaml')).toContain('~');
      expect(objectFileName(deploy('a~b'))).toBe('Deployment.apps_a%7Eb.yaml');
    });

    test('property: any object gets path segments of at most 255 bytes, and distinct objects distinct paths', () => {
      const long = fc.oneof(fc.string({ minLength: 200, maxLength: 400 }), fc.string({ unit: 'grapheme', minLength: 60, maxLength: 200 }),
        fc.stringMatching(/^[a-z0-9.-]{240,260}$/), fc.constantFrom(N253, `${N253.slice(0, -1)}x`));
      const obj = fc.record({ group: fc.oneof(fc.constant(''), long), kind: fc.oneof(fc.constant('Deployment'), long), namespace: fc.option(long, { nil: undefined }), name: long });
      const pathOf = (o: { group: string; kind: string; namespace?: string; name: string }) =>
        manifestPath('m', { apiVersion: o.group ? `${o.group}/v1` : 'v1', kind: o.kind, metadata: { name: o.name, namespace: o.namespace } });
      const key = (o: { group: string; kind: string; namespace?: string; name: string }) => JSON.stringify([o.group, o.kind, o.namespace || '', o.name]);
      fc.assert(fc.property(obj, obj, (a, b) => {
        for (const o of [a, b]) if (pathOf(o).split('/').some(segment => Buffer.byteLength(segment) > MAX_FILE_NAME_BYTES)) return false;
        return (key(a) === key(b)) === (pathOf(a) === pathOf(b));
      }), { numRuns: 2000 });
    });
  });
});
