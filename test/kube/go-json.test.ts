import { go, goDecode, goEncode } from '../../src/kube/go-json';

describe('the Go JSON round trip', () => {
  const inner = go.struct('Inner', { 'n,omitempty': go.int64 });
  const t = go.struct('Outer', {
    'name': go.string,
    'note,omitempty': go.string,
    'flag,omitempty': go.bool,
    'count,omitempty': go.int32,
    'ptr,omitempty': go.ptr(go.int32),
    'list,omitempty': go.slice(go.string),
    'nilList': go.slice(go.string),
    'labels,omitempty': go.map(go.string),
    'inner,omitempty': inner,
    'innerPtr,omitempty': go.ptr(inner),
  });
  const roundTrip = (json: Record<string, unknown>): unknown => goEncode(goDecode(json as never, t), t);

  test('an empty object gains the non-omitempty fields and the structs', () => {
    expect(roundTrip({})).toStrictEqual({ name: '', nilList: null, inner: {} });
  });

  test('zero values of omitempty fields vanish, pointers to zero stay', () => {
    expect(roundTrip({ name: 'x', note: '', flag: false, count: 0, ptr: 0, list: [], labels: {}, innerPtr: {} }))
      .toStrictEqual({ name: 'x', ptr: 0, nilList: null, inner: {}, innerPtr: {} });
  });

  test('null leaves the zero value, unknown fields vanish, set values stay', () => {
    expect(roundTrip({ name: null, extra: 1, flag: true, count: 3, list: ['a'], nilList: [], labels: { a: 'b' }, inner: { n: 2 } }))
      .toStrictEqual({ name: '', flag: true, count: 3, list: ['a'], nilList: [], labels: { a: 'b' }, inner: { n: 2 } });
  });

  test('fails when a value does not fit its Go type', () => {
    expect(() => goDecode({ count: 1.5 }, t, ['spec'])).toThrow('spec.count: cannot unmarshal number into Go value of type int32');
    expect(() => goDecode({ list: 'a' }, t)).toThrow('list: cannot unmarshal string into Go value of type []string');
    expect(() => goDecode({ inner: [] }, t)).toThrow('inner: cannot unmarshal array into Go value of type Inner');
  });
});
