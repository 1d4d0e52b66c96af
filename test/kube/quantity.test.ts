import { compareQuantities, parseQuantity, quantitiesEqual } from '../../src/kube';

// k8s.io/apimachinery pkg/api/resource/quantity.go.
describe('quantities', () => {
  test.each([
    ['500m', '0.5', true],
    ['1', '1000m', true],
    ['1', 1, true],
    ['1Gi', '1024Mi', true],
    ['0.25Gi', '256Mi', true],
    ['1G', '1000M', true],
    ['1e3', '1k', true],
    ['1E', '1000P', true],
    ['128974848', '123Mi', true],
    ['129e6', '129M', true],
    ['1Gi', '1G', false],
    ['100m', '0.01', false],
  ])('%j == %j: %j', (a, b, expected) => {
    expect(quantitiesEqual(a, b)).toBe(expected);
  });

  test('resource lists round up to milli precision (SetDefaults_ResourceList)', () => {
    expect(quantitiesEqual('0.0001', '1m')).toBe(false);
    expect(quantitiesEqual('0.0001', '1m', true)).toBe(true);
    expect(quantitiesEqual('100u', '1m', true)).toBe(true);
    expect(quantitiesEqual('1001u', '2m', true)).toBe(true);
  });

  test('orders by value, and refuses what is not a quantity', () => {
    expect(compareQuantities('512Mi', '1Gi')).toBe(-1);
    expect(compareQuantities('2Gi', '1Gi')).toBe(1);
    expect(compareQuantities('1024Mi', '1Gi')).toBe(0);
    expect(compareQuantities('-1', '0')).toBe(-1);
    for (const bad of ['', 'abc', '1x', '1Ki2', '.', {}, null, Infinity]) expect(parseQuantity(bad)).toBeUndefined();
    expect(quantitiesEqual('1', 'one')).toBeUndefined();
  });
});
