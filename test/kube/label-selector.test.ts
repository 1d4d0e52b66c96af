import { compileLabelSelector, labelSelectorMatches } from '../../src/kube';

// k8s.io/apimachinery pkg/apis/meta/v1/helpers.go: LabelSelectorAsSelector; pkg/labels/selector.go.
describe('labelSelectorMatches', () => {
  const labels = { app: 'web', tier: 'frontend' };

  test.each([
    ['{} selects everything (labels.Everything)', {}, {}, true],
    ['{} selects an object without labels', {}, labels, true],
    ['matchLabels: every pair must match', { matchLabels: { app: 'web', tier: 'frontend' } }, labels, true],
    ['matchLabels: a different value', { matchLabels: { app: 'api' } }, labels, false],
    ['matchLabels: a missing key', { matchLabels: { env: 'prod' } }, labels, false],
    ['In', { matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'web'] }] }, labels, true],
    ['In: a missing key never matches', { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, labels, false],
    ['NotIn: a missing key matches', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, labels, true],
    ['NotIn: a listed value does not', { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }, labels, false],
    ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, labels, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels, false],
    ['matchLabels and matchExpressions are ANDed', { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, labels, false],
    ['null matchLabels and matchExpressions are empty', { matchLabels: null, matchExpressions: null }, labels, true],
  ])('%s', (_name, selector, l, expected) => {
    expect(labelSelectorMatches(selector, l)).toBe(expected);
  });

  test.each([
    ['an unknown operator', { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] }, 'is not a valid label selector operator'],
    ['In without values', { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, 'values set can\'t be empty'],
    ['Exists with values', { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'must be empty'],
    ['a non-string label value', { matchLabels: { a: 1 } }, 'must be a string'],
    ['not an object', 'app=web', 'must be an object'],
    ['matchExpressions not a list', { matchExpressions: {} }, 'must be a list'],
  ])('refuses %s, and then matches nothing', (_name, selector, message) => {
    const compiled = compileLabelSelector(selector);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.error).toContain(message);
    expect(labelSelectorMatches(selector, { a: 'x' })).toBe(false);
  });
});
