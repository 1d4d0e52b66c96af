// private helpers of the claim simulation and the Overwrite model: plain JSON walking
// without validation, for speed (callers pass data already read from YAML or JSON).
import { isJsonObject, JsonObject, JsonValue } from './json';

/** a deep copy of JSON data; `undefined` properties are dropped. */
export function cloneJson<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  const out: JsonObject = {};
  for (const key in value) {
    const v = value[key];
    if (v === undefined) continue;
    if (key === '__proto__') setKey(out, key, cloneJson(v));
    else out[key] = v === null || typeof v !== 'object' ? v : cloneJson(v);
  }
  return out as T;
}

/** sets an own property, also for the key `__proto__` (which `=` would treat as the prototype). */
export function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    obj[key] = value;
  }
}

/** the object at `obj[key]`, or undefined when it is absent or not an object. */
export function child(obj: JsonObject | undefined, key: string): JsonObject | undefined {
  if (!obj) return undefined;
  const v = obj[key];
  return isJsonObject(v) ? v : undefined;
}

/** the array at `obj[key]`, or an empty array. */
export function items(obj: JsonObject | undefined, key: string): JsonValue[] {
  if (!obj) return [];
  const v = obj[key];
  return Array.isArray(v) ? v : [];
}

/** the objects of the array at `obj[key]`. */
export function objectItems(obj: JsonObject | undefined, key: string): JsonObject[] {
  return items(obj, key).filter(isJsonObject);
}

/** the string at `obj[key]`, or `''`. */
export function str(obj: JsonObject | undefined, key: string): string {
  const v = obj?.[key];
  return typeof v === 'string' ? v : '';
}

/** the object at `obj[key]`, created (or replaced, when not an object) if needed. */
export function ensureChild(obj: JsonObject, key: string): JsonObject {
  const v = obj[key];
  if (isJsonObject(v)) return v;
  const created: JsonObject = {};
  setKey(obj, key, created);
  return created;
}

/** the string map at `obj.metadata[key]` (labels, annotations); non-string values are skipped. */
export function stringMap(obj: JsonObject | undefined, key: string): Record<string, string> {
  const out: Record<string, string> = {};
  const map = child(child(obj, 'metadata'), key);
  if (!map) return out;
  for (const k of Object.keys(map)) {
    const v = map[k];
    if (typeof v === 'string') out[k] = v;
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
