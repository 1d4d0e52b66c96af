// private helpers of the inventory layer; not re-exported from index.ts.
import { KubeObject, ObjectKey } from './types';
import { formatLocation, InputError, SourceLocation } from '../errors';

/** An object read from a file (or given in code), with its place. */
export interface Entry {
  readonly object: KubeObject;
  readonly source: SourceLocation;
  /** the item path inside a List document, `items[3]`. @default - not in a List */
  readonly item?: string;
}

/** an InputError about an entry: its location, and its item path in front of the problem. */
export function entryError(entry: Pick<Entry, 'source' | 'item'>, problem: string): InputError {
  return new InputError(entry.item ? `${entry.item}: ${problem}` : problem, entry.source);
}

/** renders where an entry is: `a.yaml (document 0, line 12) items[3]`. */
export function formatEntry(entry: Pick<Entry, 'source' | 'item'>): string {
  return `${formatLocation(entry.source)}${entry.item ? ` ${entry.item}` : ''}`;
}

/** a plain JSON object (a YAML mapping) whose fields may be changed. */
export type MutableRecord = Record<string, unknown>;

/** tells a JSON object from an array, `null` or a scalar. */
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

/**
 * Returns a deep copy of JSON data. Aliased YAML nodes, which js-yaml shares between
 * their uses, become separate copies.
 */
export function deepCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(deepCopy) as T;
  if (!isRecord(value)) return value;
  const out: MutableRecord = {};
  for (const k of Object.keys(value)) setOwn(out, k, deepCopy(value[k]));
  return out as T;
}

/** sets an own property, also for the key `__proto__` (which `=` would treat as the prototype). */
export function setOwn(target: MutableRecord, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** a string that identifies a key, for maps (the parts cannot contain NUL). */
export function keyString(key: ObjectKey): string {
  return `${key.group}\u0000${key.kind}\u0000${key.namespace ?? ''}\u0000${key.name}`;
}

/** renders a group and kind in kubectl's `kind.group` notation: `Deployment.apps`, `ConfigMap`. */
export function formatGroupKind(group: string, kind: string): string {
  return group ? `${kind}.${group}` : kind;
}
