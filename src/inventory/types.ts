import { SourceLocation } from '../errors';

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

/** An object read from the inventory, with the place it was read from. */
export interface InventoryObject {
  /** the object as read, before cleaning. */
  readonly object: KubeObject;
  readonly source: SourceLocation;
}

/** Something about an object of the inventory the user should know before taking it over. */
export interface InventoryWarning {
  /** the object the warning is about. */
  readonly key: ObjectKey;
  /** where that object was read from. */
  readonly source: SourceLocation;
  /** what is wrong and what to do, in words for the user. */
  readonly message: string;
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
  return cmp(a.group, b.group) || cmp(a.kind, b.kind) || cmp(a.namespace ?? '', b.namespace ?? '') || cmp(a.name, b.name);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
