import { child, getOwn, hasOwn, sortKeysDeep, str, stringMap, toJson } from '../../src/kube/json';

describe('toJson', () => {
  test('copies JSON data deeply, dropping undefined properties', () => {
    // GIVEN
    const input = { a: 1, b: undefined, c: [{ d: 'x', e: undefined }, null], f: { g: true } };

    // WHEN
    const out = toJson(input);

    // THEN
    expect(out).toStrictEqual({ a: 1, c: [{ d: 'x' }, null], f: { g: true } });
    expect(out).not.toBe(input);
    expect((out as { f: unknown }).f).not.toBe(input.f);
  });

  test('turns undefined array items into null, as JSON.stringify does', () => {
    expect(toJson([1, undefined])).toStrictEqual([1, null]);
  });

  test('keeps a __proto__ key as a field', () => {
    const out = toJson(JSON.parse('{"__proto__": {"x": 1}}')) as Record<string, unknown>;
    expect(Object.keys(out)).toStrictEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  test('fails when the value is not JSON data', () => {
    expect(() => toJson({ a: { b: () => 1 } })).toThrow('a.b: a function is not JSON data');
    expect(() => toJson({ when: new Date(0) })).toThrow('when: a Date instance is not plain JSON data');
    expect(() => toJson([Infinity])).toThrow('[0]: Infinity is not a JSON number');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => toJson(cycle)).toThrow('self: the object refers to itself');
  });
});

describe('sortKeysDeep', () => {
  test('orders keys at every level, keeping array order', () => {
    // WHEN
    const out = sortKeysDeep({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 0 }, B: 2 });

    // THEN
    expect(JSON.stringify(out)).toBe('{"B":2,"a":{"c":0,"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe('own-property access for keys read from data', () => {
  test('a key named like an Object.prototype member is found only when the object has it', () => {
    const data = JSON.parse('{"constructor": "c", "__proto__": {"a": 1}}');
    expect([hasOwn(data, 'constructor'), hasOwn(data, 'toString'), hasOwn(data, '__proto__'), hasOwn({}, '__proto__')]).toStrictEqual([true, false, true, false]);
    expect([getOwn(data, 'constructor'), getOwn(data, 'toString'), getOwn({}, 'constructor')]).toStrictEqual(['c', undefined, undefined]);
    expect(child(data, '__proto__')).toStrictEqual({ a: 1 });
    expect([child({}, 'constructor'), str({}, 'toString')]).toStrictEqual([undefined, '']);
  });

  test('stringMap keeps every key as an own property, __proto__ included', () => {
    const labels = JSON.parse('{"__proto__": "p", "constructor": "c"}');
    expect(JSON.stringify(stringMap({ metadata: { labels } }, 'labels'))).toBe('{"__proto__":"p","constructor":"c"}');
  });
});
