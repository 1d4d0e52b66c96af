import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { ResourceTemplate } from '../../src';
import { KubeObject } from '../../src/kube/object';
import { deployment } from '../util';

/** an object with own properties named as given, `__proto__` included. */
function record(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

describe('ResourceTemplate', () => {
  test('writes the object unchanged, keys sorted, empty objects kept', () => {
    // GIVEN
    const chart = Testing.chart();
    const object = deployment('default', 'nginx');
    (object.spec as { template: { spec: Record<string, unknown> } }).template.spec.volumes = [{ name: 'tmp', emptyDir: {} }];

    // WHEN
    const t = new ResourceTemplate(chart, 't', { object, source: { file: 'inventory.yaml', document: 0 } });

    // THEN
    const [manifest] = Testing.synth(chart);
    expect(manifest).toStrictEqual(object);
    expect(Object.keys(manifest)).toStrictEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(manifest.spec.template.spec.volumes[0].emptyDir).toStrictEqual({});
    expect(t.key).toStrictEqual({ group: 'apps', kind: 'Deployment', namespace: 'default', name: 'nginx' });
    expect(t.node.defaultChild).toBe(t.apiObject);
    expect(t.source).toStrictEqual({ file: 'inventory.yaml', document: 0 });
  });

  test('fails when the object has no name', () => {
    expect(() => new ResourceTemplate(Testing.chart(), 't', { object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } as never }))
      .toThrow("ResourceTemplate 'object' needs apiVersion, kind and metadata.name");
  });

  test('any key is rendered as it is, Object.prototype names included (cdk8s\' resolver reads value.constructor)', () => {
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
    const map = record(names.map(n => [n, `${n}-value`]));
    const object = {
      apiVersion: 'ex.io/v1', kind: 'Widget',
      metadata: { name: 'w', namespace: 'default', labels: map, annotations: map },
      // {constructor, value} is what cdk8s' NumberStringUnionResolver turns into {value}.
      spec: record([['constructor', { value: 'kept', constructor: 'x' }], ['__proto__', [record([['toString', 1]])]], ['m', map]]),
    } as unknown as KubeObject;
    const chart = Testing.chart();
    new ResourceTemplate(chart, 't', { object });
    const [manifest] = Testing.synth(chart);
    expect(JSON.stringify(manifest)).toBe(JSON.stringify({
      apiVersion: 'ex.io/v1', kind: 'Widget',
      metadata: { annotations: record([...names].sort().map(n => [n, `${n}-value`])), labels: record([...names].sort().map(n => [n, `${n}-value`])), name: 'w', namespace: 'default' },
      spec: record([['__proto__', [record([['toString', 1]])]], ['constructor', { constructor: 'x', value: 'kept' }], ['m', record([...names].sort().map(n => [n, `${n}-value`]))]]),
    }));
  });

  test('renders what cdk8s renders for any object without such keys: order, nulls, empty metadata maps', () => {
    // the template's own renderer must not change the output of anything cdk8s could render.
    const key = fc.string({ minLength: 1, maxLength: 6 }).filter(k => !(k in Object.prototype));
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null));
    const { value } = fc.letrec<{ value: unknown }>(tie => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 4, noNullPrototype: true })),
    }));
    const object = fc.record({
      metadata: fc.record({
        labels: fc.option(fc.dictionary(key, fc.string(), { maxKeys: 3, noNullPrototype: true }), { nil: undefined }),
        annotations: fc.option(fc.dictionary(key, fc.string(), { maxKeys: 3, noNullPrototype: true }), { nil: undefined }),
        finalizers: fc.option(fc.array(fc.string(), { maxLength: 2 }), { nil: undefined }),
        ownerReferences: fc.option(fc.array(fc.dictionary(key, value, { maxKeys: 2, noNullPrototype: true }), { maxLength: 2 }), { nil: undefined }),
      }, { requiredKeys: [] }),
      rest: fc.dictionary(key.filter(k => !['apiVersion', 'kind', 'metadata'].includes(k)), value, { maxKeys: 4, noNullPrototype: true }),
    });
    fc.assert(fc.property(object, ({ metadata, rest }) => {
      const o = { apiVersion: 'ex.io/v1', kind: 'Widget', metadata: { ...metadata, name: 'w', namespace: 'default' }, ...rest } as KubeObject;
      const chart = Testing.chart();
      const t = new ResourceTemplate(chart, 't', { object: o });
      const plain = new ApiObject(chart, 'plain', o);
      expect(JSON.stringify(t.apiObject!.toJson())).toBe(JSON.stringify(plain.toJson()));
    }), { numRuns: 300 });
  });

  test('JSON patches still apply', () => {
    const chart = Testing.chart();
    const t = new ResourceTemplate(chart, 't', { object: deployment('default', 'nginx') });
    t.apiObject!.addJsonPatch(JsonPatch.replace('/spec/replicas', 5));
    expect(Testing.synth(chart)[0].spec.replicas).toBe(5);
  });
});
