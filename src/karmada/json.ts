/**
 * A JSON value as the Kubernetes API server sees it after decoding a request body.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/**
 * A JSON object (a map with string keys), the shape of every Kubernetes object.
 */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Tells a JSON object from an array, `null` or a scalar.
 */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns a deep copy of `value` as it would arrive in a request body.
 *
 * Properties whose value is `undefined` are dropped (as `JSON.stringify` drops them),
 * because optional fields of TypeScript objects are often present with `undefined`.
 *
 * @throws Error if `value` holds something JSON cannot carry (a function, a symbol, a
 * bigint, a non-finite number, a class instance such as a Date or a Map, or a cycle).
 */
export function toJson(value: unknown): JsonValue {
  return copy(value, new Set(), '');
}

/**
 * Returns a deep copy of `value` with the keys of every object in lexicographic order,
 * the order `kubectl get -o yaml` prints an object stored by the API server in.
 */
export function sortKeysDeep(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value).sort(compareStrings)) {
    setOwn(out, key, sortKeysDeep(value[key]));
  }
  return out;
}

/**
 * The JSON text of `value` with the keys of every object sorted: two values are equal as
 * JSON data (key order aside) exactly when their canonical texts are.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value as JsonValue)) ?? 'null';
}

function compareStrings(a: string, b: string): number {
  // code-unit order, as Go sorts map keys when encoding JSON.
  return a < b ? -1 : a > b ? 1 : 0;
}

function copy(value: unknown, seen: Set<unknown>, path: string): JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path || '(root)'}: ${value} is not a JSON number`);
    return value;
  }
  if (typeof value !== 'object') throw new Error(`${path || '(root)'}: a ${typeof value} is not JSON data`);
  if (seen.has(value)) throw new Error(`${path || '(root)'}: the object refers to itself`);
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      // JSON.stringify writes null for undefined array items; keep the indexes stable the same way.
      return value.map((item, i) => (item === undefined ? null : copy(item, seen, `${path}[${i}]`)));
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new Error(`${path || '(root)'}: a ${(value as object).constructor?.name ?? 'class'} instance is not plain JSON data`);
    }
    const out: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      setOwn(out, key, copy(item, seen, path ? `${path}.${key}` : key));
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function setOwn(obj: JsonObject, key: string, value: JsonValue): void {
  // a plain assignment to `__proto__` would change the prototype instead of adding a field.
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
