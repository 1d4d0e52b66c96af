// k8s.io/apimachinery pkg/api/resource/quantity.go: ParseQuantity. The API server stores a
// quantity in canonical form ("0.5" is stored as "500m", "1000m" as "1"), so two spellings of
// one value are the same object once stored; pkg/apis/core/v1/defaults.go: SetDefaults_ResourceList
// also rounds every resource list value up to milli precision.

/** An exact quantity value as a fraction of two integers. */
export interface QuantityValue {
  /** The numerator, with the sign. */
  readonly numerator: bigint;
  /** The denominator, a positive power of ten. */
  readonly denominator: bigint;
}

const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE]?))$/;

/**
 * Parses a Kubernetes quantity (`500m`, `1.5Gi`, `2e3`, `128974848`, or a JSON number).
 *
 * @returns its exact value, or `undefined` when it is not a quantity
 */
export function parseQuantity(value: unknown): QuantityValue | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const [, sign, whole, fraction = '', exponent, binary, decimal] = m;
  if (whole === '' && fraction === '') return undefined;
  let numerator = BigInt(`${whole}${fraction}` || '0');
  let exp10 = -fraction.length;
  if (exponent) exp10 += Number(exponent.slice(1));
  else if (binary) numerator *= 2n ** BigInt(BINARY_SUFFIX[binary]);
  else exp10 += DECIMAL_SUFFIX[decimal ?? ''];
  if (sign === '-') numerator = -numerator;
  let denominator = 1n;
  if (exp10 >= 0) numerator *= 10n ** BigInt(exp10);
  else denominator = 10n ** BigInt(-exp10);
  return { numerator, denominator };
}

/**
 * Tells whether two quantities have the same value, as the API server stores them.
 *
 * @param roundUpToMilli round both up (away from zero) to milli precision first, as
 * `SetDefaults_ResourceList` does for container resources
 * @returns `undefined` when either is not a quantity
 */
export function quantitiesEqual(a: unknown, b: unknown, roundUpToMilli = false): boolean | undefined {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (!x || !y) return undefined;
  if (roundUpToMilli) return toMilli(x) === toMilli(y);
  return x.numerator * y.denominator === y.numerator * x.denominator;
}

/**
 * Orders two quantities by exact value.
 *
 * @returns -1, 0 or 1, or `undefined` when either is not a quantity
 */
export function compareQuantities(a: unknown, b: unknown): -1 | 0 | 1 | undefined {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (!x || !y) return undefined;
  const l = x.numerator * y.denominator;
  const r = y.numerator * x.denominator;
  return l < r ? -1 : l > r ? 1 : 0;
}

function toMilli(q: QuantityValue): bigint {
  const scaled = q.numerator * 1000n;
  const quotient = scaled / q.denominator;
  if (quotient * q.denominator === scaled) return quotient;
  return scaled < 0n ? quotient - 1n : quotient + 1n;
}
