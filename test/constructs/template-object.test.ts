import { JsonPatch, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { TemplateObject } from '../../src/constructs/_template-object';
import { JsonValue, sortKeysDeep } from '../../src/kube/json';
import { KubeObject } from '../../src/kube/object';

/** an object with own properties named as given, `__proto__` included. */
function record(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

const ODD_KEYS = [...Object.getOwnPropertyNames(Object.prototype), '', ' ', '0', '-1', '1e3', 'a.b/c', '$ref', '<<', '*', '&a', '!!str', 'ü', '🙂'];

function rendered(object: unknown): unknown {
  const chart = Testing.chart();
  new TemplateObject(chart, 'Resource', object as KubeObject);
  const [manifest] = Testing.synth(chart);
  return manifest;
}

describe('TemplateObject: the template as it was read', () => {
  test('keys named like Object.prototype members, empty, numeric or YAML-ish are written as they are', () => {
    const map = record(ODD_KEYS.map(k => [k, `v:${k}`]));
    const object = { apiVersion: 'ex.io/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default', labels: map, annotations: map }, spec: record(ODD_KEYS.map(k => [k, map])) };
    expect(JSON.stringify(rendered(object))).toBe(JSON.stringify(sortKeysDeep(object as JsonValue)));
  });

  test('numbers (negative, fractions, 2^53 - 1, exponents), booleans and strings that look like other types keep their type and value', () => {
    const spec = { a: 0, b: -1, c: 0.5, d: 2 ** 53 - 1, e: -(2 ** 53 - 1), f: 1.5e-7, g: true, h: false, i: '1', j: 'true', k: 'null', l: '' };
    expect(rendered({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, spec })).toStrictEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, spec });
  });

  test('nested lists keep their order, their nulls and their empty items; empty mappings and lists outside metadata stay', () => {
    const spec = { lists: [[1, [2, [3, []]]], [], [null, { a: null, b: [null] }], [{}]], empty: {}, none: [] };
    expect(rendered({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, spec })).toStrictEqual({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' },
      // a null field of a mapping is left out, as cdk8s does; a null item of a list is kept.
      spec: { lists: [[1, [2, [3, []]]], [], [null, { b: [null] }], [{}]], empty: {}, none: [] },
    });
  });

  test('in metadata, null fields and empty mappings and lists are left out (as cdk8s\' ApiObjectMetadata does)', () => {
    const metadata = { name: 'c', namespace: 'default', labels: {}, annotations: { a: 'x' }, finalizers: [], ownerReferences: [{ kind: 'X', uid: null }], generateName: null };
    expect(rendered({ apiVersion: 'v1', kind: 'ConfigMap', metadata })).toStrictEqual({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { annotations: { a: 'x' }, name: 'c', namespace: 'default', ownerReferences: [{ kind: 'X' }] },
    });
  });

  test('apiVersion, kind and metadata come first, then the other fields in key order', () => {
    const out = rendered({ spec: { z: 1, a: 2 }, data: { b: '1' }, metadata: { name: 'c' }, kind: 'ConfigMap', apiVersion: 'v1' });
    expect(JSON.stringify(out)).toBe('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"b":"1"},"spec":{"a":2,"z":1}}');
  });

  test('the input is not changed, and is not shared with the output', () => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { a: 'b' } }, data: { x: 'y' } };
    const before = JSON.stringify(object);
    const out = rendered(object) as { data: Record<string, string> };
    out.data.x = 'changed';
    expect(JSON.stringify(object)).toBe(before);
  });

  test('JSON patches apply to the rendered object', () => {
    const chart = Testing.chart();
    const t = new TemplateObject(chart, 'Resource', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { constructor: 'x' } } as KubeObject);
    t.addJsonPatch(JsonPatch.add('/data/toString', 'y'));
    expect(Testing.synth(chart)[0].data).toStrictEqual({ constructor: 'x', toString: 'y' });
  });

  test('property: any JSON tree without nulls in mappings is written back equal, keys sorted', () => {
    const key = fc.oneof(fc.constantFrom(...ODD_KEYS), fc.string({ maxLength: 6 }));
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter(n => !Object.is(n, -0));
    const leaf = fc.oneof(fc.string(), fc.integer(), finite, fc.boolean());
    const { tree } = fc.letrec<{ tree: unknown }>(tie => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(fc.oneof(tie('tree'), fc.constant(null)), { maxLength: 4 }),
        fc.uniqueArray(fc.tuple(key, tie('tree')), { maxLength: 4, selector: ([k]) => k }).map(record)),
    }));
    fc.assert(fc.property(fc.uniqueArray(fc.tuple(key.filter(k => !['apiVersion', 'kind', 'metadata'].includes(k)), tree), { maxLength: 4, selector: ([k]) => k }), entries => {
      const object = { apiVersion: 'ex.io/v1', kind: 'Widget', metadata: { name: 'w' }, ...record(entries) };
      expect(JSON.stringify(rendered(object))).toBe(JSON.stringify({ apiVersion: 'ex.io/v1', kind: 'Widget', metadata: { name: 'w' }, ...(sortKeysDeep(record(entries) as JsonValue) as object) }));
    }), { numRuns: 200 });
  });
});
