import * as fc from 'fast-check';
import * as yaml from 'js-yaml';
import {
  EXACT_CORE_SCHEMA, findInexactNumber, InexactNumber, inexactNumberLines, inexactNumberProblem, jsonCommentLine, jsonTextProblem,
} from '../../src/kube/exact-numbers';

const load = (text: string) => yaml.load(text, { schema: EXACT_CORE_SCHEMA, listener: inexactNumberLines() } as yaml.LoadOptions);

describe('EXACT_CORE_SCHEMA', () => {
  test('numbers a double holds exactly are read as the core schema reads them', () => {
    const text = 'a: 9007199254740991\nb: -9007199254740991\nc: 0x1F\nd: 0o17\ne: 1e26\nf: 0.1\ng: -0\nh: "99999999999999999999"\ni: 2024-01-01\n';
    expect(load(text)).toStrictEqual(yaml.load(text, { schema: yaml.CORE_SCHEMA }));
  });

  test('an integer beyond ±(2^53 - 1), or a float that is not finite, is an InexactNumber with its line', () => {
    // (js-yaml reads 1e400 as a string, not as a float.)
    const doc = load('a: 1\nb:\n  c: 9007199254740992\n  d: [1, -99999999999999999999999999,\n    3]\ne: !!int "12345678901234567890"\nf: 0x20000000000001\ng: 1e400\nh: .inf\ni: .nan\n') as Record<string, unknown>;
    const b = doc.b as { c: InexactNumber; d: unknown[] };
    expect([b.c, b.d[1], doc.e, doc.f, doc.g, doc.h, doc.i]).toStrictEqual([
      new InexactNumber('9007199254740992', 3), new InexactNumber('-99999999999999999999999999', 4), new InexactNumber('12345678901234567890', 6),
      new InexactNumber('0x20000000000001', 7), '1e400', new InexactNumber('.inf', 9), new InexactNumber('.nan', 10),
    ]);
    expect(findInexactNumber(doc)).toStrictEqual({ path: ['b', 'c'], number: b.c });
    expect(findInexactNumber({ a: [1, { b: 2 }] })).toBeUndefined();
  });

  test('the message names the value it would write, and the fix', () => {
    expect(inexactNumberProblem('9007199254740993')).toBe('9007199254740993 is an integer beyond ±(2^53 - 1) = 9007199254740991, which karmada-migrate cannot hold exactly ' +
      '(it would write 9007199254740992): use a smaller value, or leave the object out of the inventory and apply it by hand');
    expect(inexactNumberProblem('99999999999999999999999999')).toContain('(it would write 1e+26)');
    expect(inexactNumberProblem('0x20000000000001')).toContain('is an integer beyond');
    expect(inexactNumberProblem('.inf')).toBe('.inf is no finite number, which JSON (and so the API server) cannot hold: write a finite number');
  });
});

describe('jsonTextProblem', () => {
  test('a key twice, at any depth, with its line and path; escapes are decoded before keys are compared', () => {
    expect(jsonTextProblem('{"a": 1, "b": {"c": [1, {"d": 1,\n "d": 2}]}}')).toStrictEqual({
      line: 2, path: ['b', 'c', 1, 'd'], problem: 'the key "d" appears twice, and readers disagree on which counts (JSON readers keep the last silently, YAML readers refuse it): keep one',
    });
    expect(jsonTextProblem('{"ab": 1, "a\\u0062": 2}')?.path).toStrictEqual(['ab']);
    // the same key in sibling objects, keys inside strings, escaped quotes: no problem.
    expect(jsonTextProblem('[{"a": 1}, {"a": 2}, {"s": "\\"a\\": {\\"a\\"", "t": "\\\\", "a": "}]{["}]')).toBeUndefined();
  });

  test('an integer a double cannot hold, or a float beyond the largest double, with its line and path', () => {
    expect(jsonTextProblem('{"items": [{}, {"spec":\n {"n": 9007199254740993}}]}')).toStrictEqual({ line: 2, path: ['items', 1, 'spec', 'n'], problem: inexactNumberProblem('9007199254740993') });
    expect(jsonTextProblem('[1e400]')).toStrictEqual({ line: 1, path: [0], problem: inexactNumberProblem('1e400') });
    expect(jsonTextProblem('[9007199254740991, -9007199254740991, 1e26, 1.5, 123456789012345678.0, -0]')).toBeUndefined();
  });

  test('property: in JSON.stringify of any value, exactly the integers beyond 2^53 - 1 it writes as digits are found', () => {
    // JSON.stringify writes an integral double below 1e21 as its digits, larger ones with an exponent (a float to every reader).
    const written = (v: unknown): boolean => (typeof v === 'number' ? Number.isInteger(v) && !Number.isSafeInteger(v) && Math.abs(v) < 1e21
      : Array.isArray(v) ? v.some(written) : v !== null && typeof v === 'object' ? Object.values(v).some(written) : false);
    fc.assert(fc.property(fc.jsonValue(), value => {
      expect(jsonTextProblem(JSON.stringify(value, null, 1)) !== undefined).toBe(written(value));
    }), { numRuns: 1000 });
  });
});

describe('jsonCommentLine', () => {
  test('the line of the first comment, when the text is JSON without them', () => {
    expect(jsonCommentLine('// exported by a script\n{"a": 1}')).toBe(1);
    expect(jsonCommentLine('{\n "a": 1, /* the\n old */ "b": "http://x", // c\n "c": 2}')).toBe(2);
  });

  test('no comment outside strings, or not JSON even without them: undefined', () => {
    expect(jsonCommentLine('{"a": "http://x /* y */"}')).toBeUndefined();
    expect(jsonCommentLine('a: http://x // y\n')).toBeUndefined();
    expect(jsonCommentLine('// c\n{"a": }')).toBeUndefined();
    expect(jsonCommentLine('/* unterminated {"a": 1}')).toBeUndefined();
  });
});
