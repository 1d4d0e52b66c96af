// private: a structural diff of two JSON objects as the API server would compare them once
// stored: null, {} and [] count as absent (Go omitempty and nil pointers), lists of named
// objects (containers, env, volumes, ports) are matched by name, leaves may be compared by a
// custom rule (quantities). Linear in the size of the objects.
import { formatFieldPath, PathSegment } from './field-path';
import { getOwn, hasOwn, isJsonObject, JsonObject, JsonValue } from './json';

/** One difference: the value live has, and the value desired has (`undefined`: absent). */
export interface DiffEntry {
  /** The path; list indexes are those of `desired` (of `live` for a removed item). */
  readonly segments: readonly PathSegment[];
  /** The path rendered as `spec.template.spec.containers[0].image`. */
  readonly path: string;
  /** The live value. @default - absent */
  readonly before?: JsonValue;
  /** The desired value. @default - absent */
  readonly after?: JsonValue;
}

/** Compares two leaves; `undefined` falls back to strict equality. */
export type LeafComparer = (segments: readonly PathSegment[], a: JsonValue, b: JsonValue) => boolean | undefined;

/** tells whether a value is absent, recursively: null, {} and [] and objects of such values. */
export function deeplyAbsent(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isJsonObject(value)) {
    for (const k of Object.keys(value)) if (!deeplyAbsent(value[k])) return false;
    return true;
  }
  return false;
}

/**
 * Lists the differences between `live` and `desired`.
 *
 * @param prefix the path of both values
 */
export function diffJson(
  live: JsonValue | undefined,
  desired: JsonValue | undefined,
  compare?: LeafComparer,
  prefix: PathSegment[] = [],
): DiffEntry[] {
  const out: DiffEntry[] = [];
  walk(live, desired, [...prefix], out, compare);
  return out;
}

function push(out: DiffEntry[], path: readonly PathSegment[], before: JsonValue | undefined, after: JsonValue | undefined): void {
  const segments = [...path];
  const entry: { segments: PathSegment[]; path: string; before?: JsonValue; after?: JsonValue } = { segments, path: formatFieldPath(segments) };
  if (!deeplyAbsent(before)) entry.before = before;
  if (!deeplyAbsent(after)) entry.after = after;
  out.push(entry);
}

// `path` is one mutable stack shared by the whole walk; entries copy it.
function walk(a: JsonValue | undefined, b: JsonValue | undefined, path: PathSegment[], out: DiffEntry[], compare?: LeafComparer): void {
  const aObject = isJsonObject(a);
  const bObject = isJsonObject(b);
  // objects are walked key by key, so only non-objects need the (recursive) absence test.
  const aAbsent = aObject ? false : deeplyAbsent(a);
  const bAbsent = bObject ? false : deeplyAbsent(b);
  if (aAbsent && bAbsent) return;
  // a map added or removed as a whole is reported key by key (labels, annotations, ...).
  if ((aObject || aAbsent) && (bObject || bAbsent)) {
    const ao = aObject ? (a as JsonObject) : undefined;
    const bo = bObject ? (b as JsonObject) : undefined;
    if (ao) {
      for (const k of Object.keys(ao)) {
        path.push(k);
        walk(ao[k], getOwn(bo, k), path, out, compare);
        path.pop();
      }
    }
    if (bo) {
      for (const k of Object.keys(bo)) {
        if (hasOwn(ao, k)) continue;
        path.push(k);
        walk(undefined, bo[k], path, out, compare);
        path.pop();
      }
    }
    return;
  }
  if (aAbsent || bAbsent) {
    push(out, path, a, b);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    walkList(a, b, path, out, compare);
    return;
  }
  if (a === b) return;
  if (!aObject && !Array.isArray(a) && !bObject && !Array.isArray(b) && compare?.(path, a!, b!)) return;
  push(out, path, a, b);
}

// the names of a list of objects when every item has a distinct non-empty string name.
function names(list: readonly JsonValue[]): string[] | undefined {
  const seen = new Set<string>();
  for (const item of list) {
    if (!isJsonObject(item) || typeof item.name !== 'string' || item.name === '' || seen.has(item.name)) return undefined;
    seen.add(item.name);
  }
  return [...seen];
}

function isScalar(v: JsonValue): boolean {
  return v === null || typeof v !== 'object';
}

// lists of scalars (args, command, accessModes) are reported as a whole; an item added to or
// removed from a list of objects too; items on both sides are compared field by field.
function walkList(a: readonly JsonValue[], b: readonly JsonValue[], path: PathSegment[], out: DiffEntry[], compare?: LeafComparer): void {
  if (a.every(isScalar) && b.every(isScalar)) {
    if (a.length !== b.length || a.some((v, i) => v !== b[i])) push(out, path, a as JsonValue[], b as JsonValue[]);
    return;
  }
  const at = (v: JsonValue | undefined, w: JsonValue | undefined, i: number) => {
    path.push(i);
    if (v === undefined || w === undefined) {
      if (!deeplyAbsent(v) || !deeplyAbsent(w)) push(out, path, v, w);
    } else {
      walk(v, w, path, out, compare);
    }
    path.pop();
  };
  const aNames = names(a);
  const bNames = names(b);
  if (aNames && bNames) {
    const aIndex = new Map(aNames.map((n, i) => [n, i]));
    const bIndex = new Map(bNames.map((n, i) => [n, i]));
    // a different order of the same items is a change (a pod template hash changes with it).
    const aCommon = aNames.filter((n) => bIndex.has(n));
    const bCommon = bNames.filter((n) => aIndex.has(n));
    if (aCommon.some((n, i) => n !== bCommon[i])) push(out, path, aNames, bNames);
    for (const [i, n] of bNames.entries()) at(aIndex.has(n) ? a[aIndex.get(n)!] : undefined, b[i], i);
    for (const [i, n] of aNames.entries()) if (!bIndex.has(n)) at(a[i], undefined, i);
    return;
  }
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) at(a[i], b[i], i);
}

/** returns the value at `segments` in `obj`, or undefined. */
export function valueAt(obj: JsonValue | undefined, segments: readonly PathSegment[]): JsonValue | undefined {
  let cur: JsonValue | undefined = obj;
  for (const s of segments) {
    if (typeof s === 'number') cur = Array.isArray(cur) ? cur[s] : undefined;
    else cur = isJsonObject(cur) ? getOwn(cur, s) : undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}
