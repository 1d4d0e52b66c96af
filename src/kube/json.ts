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

/** a plain object read from YAML or JSON whose fields may be changed (not yet known to be JSON data). */
export type MutableRecord = Record<string, unknown>;

/** {@link isJsonObject} for data not yet known to be JSON: tells a mapping from a list, `null` or a scalar. */
export function isRecord(value: unknown): value is MutableRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** names the JSON type of a value for messages: `a list`, `a string`, `null`... */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'a mapping';
  return `a ${typeof value}`;
}

// ---- plain walking without validation, for speed (callers pass data already read from YAML or JSON) ----

/**
 * A deep copy of data read from YAML or JSON: `undefined` properties are dropped, and
 * aliased YAML nodes (which js-yaml shares between their uses) become separate copies.
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v: unknown) => cloneJson(v)) as T;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in source) {
    const v = source[key];
    if (v === undefined) continue;
    if (key === '__proto__') setOwn(out, key, cloneJson(v));
    else out[key] = v === null || typeof v !== 'object' ? v : cloneJson(v);
  }
  return out as T;
}

/**
 * Sets an own property, also for the key `__proto__` (which `=` would treat as the
 * prototype): the one setter for data read from YAML or JSON.
 */
export function setOwn<T extends Record<string, unknown>>(obj: T, key: string, value: T[string]): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    (obj as Record<string, unknown>)[key] = value;
  }
}

/**
 * Whether `key` is a property of `obj` itself: for keys read from data (a label, a field, a map
 * key), where `key in obj` and `obj[key]` would also find what every object inherits
 * (`constructor`, `toString`, `__proto__`...).
 */
export function hasOwn(obj: object | undefined, key: string): boolean {
  return obj !== undefined && Object.hasOwn(obj, key);
}

/** `obj[key]` when `key` is a property of `obj` itself (see {@link hasOwn}), else undefined: the one getter for keys read from data. */
export function getOwn<T>(obj: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** the object at `obj[key]`, or undefined when it is absent or not an object. */
export function child(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  const v = getOwn(obj, key);
  return isJsonObject(v) ? v : undefined;
}

/** the array at `obj[key]`, or an empty array. */
export function items(obj: JsonObject | undefined, key: string): JsonValue[] {
  const v = getOwn(obj, key);
  return Array.isArray(v) ? v : [];
}

/** the objects of the array at `obj[key]`. */
export function objectItems(obj: JsonObject | undefined, key: string): JsonObject[] {
  return items(obj, key).filter(isJsonObject);
}

/** the string at `obj[key]`, or `''`. */
export function str(obj: JsonObject | undefined, key: string): string {
  const v = getOwn(obj, key);
  return typeof v === 'string' ? v : '';
}

/** the object at `obj[key]`, created (or replaced, when not an object) if needed. */
export function ensureChild(obj: JsonObject, key: string): JsonObject {
  const v = getOwn(obj, key);
  if (isJsonObject(v)) return v;
  const created: JsonObject = {};
  setOwn(obj, key, created);
  return created;
}

/** the string map at `obj.metadata[key]` (labels, annotations); non-string values are skipped. */
export function stringMap(obj: JsonObject | undefined, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  const map = child(child(obj, 'metadata'), key);
  if (!map) return out;
  for (const k of Object.keys(map)) {
    const v = map[k];
    if (typeof v === 'string') setOwn(out, k, v);
  }
  return out;
}

/** tells whether a value counts as absent for Go: missing, null, `{}` or `[]` (omitempty, nil pointers). */
export function isAbsent(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isJsonObject(value)) return Object.keys(value).length === 0;
  return false;
}

/** code-unit order, as Go compares strings. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
