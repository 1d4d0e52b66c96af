import { isNeverPropagated, isReservedNamespace, isSkippedNamespace } from '../../src/karmada';

describe('isReservedNamespace', () => {
  test.each([
    ['karmada-system', true],
    ['karmada-cluster', true],
    ['karmada-es-member1', true],
    ['karmada-es-', true],
    ['karmada-systems', false],
    ['karmada', false],
    ['kube-system', false],
    ['default', false],
    ['', false],
  ])('%j => %j', (ns, expected) => {
    expect(isReservedNamespace(ns)).toBe(expected);
  });
});

describe('isSkippedNamespace', () => {
  test.each([
    ['kube-system', true],
    ['kube-public', true],
    ['kube-node-lease', true],
    ['kube-', true],
    ['kube', false],
    ['my-kube-system', false],
    ['default', false],
    ['', false],
  ])('with the default pattern kube-.*: %j => %j', (ns, expected) => {
    expect(isSkippedNamespace(ns)).toBe(expected);
  });

  test('anchors each pattern at both ends', () => {
    expect(isSkippedNamespace('team-a', ['team'])).toBe(false);
    expect(isSkippedNamespace('team', ['team'])).toBe(true);
    expect(isSkippedNamespace('legacy-team', ['team.*'])).toBe(false);
  });

  test('replaces the default when patterns are given', () => {
    expect(isSkippedNamespace('kube-system', ['legacy-.*'])).toBe(false);
    expect(isSkippedNamespace('legacy-billing', ['legacy-.*'])).toBe(true);
    expect(isSkippedNamespace('kube-system', [])).toBe(false);
  });

  test('wraps the pattern as Go does, so a top-level alternation is anchored only at its ends', () => {
    // GIVEN `^a|b$`, as fmt.Sprintf("^%s$", "a|b") builds it
    // THEN a namespace starting with a, or ending with b, matches
    expect(isSkippedNamespace('a-anything', ['a|b'])).toBe(true);
    expect(isSkippedNamespace('anything-b', ['a|b'])).toBe(true);
    expect(isSkippedNamespace('x-a-x', ['a|b'])).toBe(false);
  });

  test('fails when a pattern is not a regular expression', () => {
    expect(() => isSkippedNamespace('x', ['('])).toThrow(SyntaxError);
  });
});

describe('isNeverPropagated', () => {
  test.each([
    ['karmada-system', true],
    ['karmada-es-member2', true],
    ['kube-system', true],
    ['default', false],
    ['shop', false],
  ])('with the default flags: %j => %j', (ns, expected) => {
    expect(isNeverPropagated(ns)).toBe(expected);
  });

  test('uses the given skipped patterns, and reserved namespaces stay reserved', () => {
    expect(isNeverPropagated('kube-system', ['legacy-.*'])).toBe(false);
    expect(isNeverPropagated('legacy-x', ['legacy-.*'])).toBe(true);
    expect(isNeverPropagated('karmada-cluster', [])).toBe(true);
  });
});
