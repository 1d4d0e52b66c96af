// Kubernetes objects as plain data and their identity: API group, kind, namespace, name.
import { compareStrings } from './json';
/** A Kubernetes object as plain JSON data. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/**
 * The identity of an object in a cluster: API group (not version), kind, namespace and
 * name. Two objects with the same key are the same object, whatever their apiVersion.
 */
export interface ObjectKey {
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly kind: string;
  /** `undefined` for cluster-scoped objects. */
  readonly namespace?: string;
  readonly name: string;
}

/** returns the API group of an apiVersion (`apps/v1` => `apps`, `v1` => ``). */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** returns the identity of an object. */
export function keyOf(obj: KubeObject): ObjectKey {
  return {
    group: groupOf(obj.apiVersion),
    kind: obj.kind,
    namespace: obj.metadata.namespace || undefined,
    name: obj.metadata.name,
  };
}

/** renders a key as `Deployment.apps default/nginx` (kubectl's `kind.group` notation). */
export function formatKey(key: ObjectKey): string {
  const kind = key.group ? `${key.kind}.${key.group}` : key.kind;
  return `${kind} ${key.namespace ? `${key.namespace}/` : ''}${key.name}`;
}

/** a total, deterministic order over keys: group, kind, namespace, name. */
export function compareKeys(a: ObjectKey, b: ObjectKey): number {
  return compareStrings(a.group, b.group) || compareStrings(a.kind, b.kind) || compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.name, b.name);
}

/** a string that identifies a key, for maps and sets (the parts cannot contain NUL). */
export function keyString(key: ObjectKey): string {
  return `${key.group}\u0000${key.kind}\u0000${key.namespace ?? ''}\u0000${key.name}`;
}

/** renders a group and kind in kubectl's `kind.group` notation: `Deployment.apps`, `ConfigMap`. */
export function formatGroupKind(group: string, kind: string): string {
  return group ? `${kind}.${group}` : kind;
}
