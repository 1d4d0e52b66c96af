// private: the walkers of k8s.io/apiextensions-apiserver over a structural schema
// (pkg/apiserver/schema/pruning and pkg/apiserver/schema/defaulting), on plain JSON.
// every walker mutates the value it is given; callers hand in their own deep copy.

import { PathSegment } from './field-path';
import { isJsonObject, JsonObject, JsonValue, setOwn, toJson } from './json';

/**
 * One node of a CRD's structural `openAPIV3Schema`, as read from the CRD.
 *
 * Only the keywords the walkers need are typed; the others are left as `unknown`.
 */
export interface SchemaNode {
  /** the JSON type. @default - any (only under preserve-unknown-fields or int-or-string) */
  readonly type?: string;
  /** the known fields of an object. @default - none */
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  /** the schema of map values. @default - no map values */
  readonly additionalProperties?: SchemaNode | boolean;
  /** the schema of array items. @default - none */
  readonly items?: SchemaNode;
  /** the value the API server sets when the field is absent. @default - no default */
  readonly default?: JsonValue;
  /** whether `null` is a value. @default false */
  readonly nullable?: boolean;
  /** whether unknown fields are kept. @default false */
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  /** whether the value is a Kubernetes object (apiVersion, kind, metadata). @default false */
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  /** whether the value is an integer or a string. @default false */
  readonly 'x-kubernetes-int-or-string'?: boolean;
  /** any other keyword. */
  readonly [keyword: string]: unknown;
}

/**
 * The fields of `metav1.ObjectMeta` that a create or update request can carry. The API
 * server decodes `metadata` of a custom resource into that Go type, so anything else is dropped.
 */
export const OBJECT_META_FIELDS: readonly string[] = [
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation',
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations',
  'ownerReferences', 'finalizers', 'managedFields',
];

/** the schema of a property of an object node, or of its map values; undefined when unknown. */
export function schemaForField(s: SchemaNode | undefined, key: string): SchemaNode | undefined {
  if (!s) return undefined;
  const prop = s.properties && Object.prototype.hasOwnProperty.call(s.properties, key) ? s.properties[key] : undefined;
  if (prop) return prop;
  return typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
}

/**
 * Removes the fields the schema does not know, recording the path of each removed field.
 * Mirrors `pruning.PruneWithOptions` with `isResourceRoot`: at the root (and in embedded
 * resources) `apiVersion`/`kind` strings are kept and `metadata` is reduced to ObjectMeta fields.
 */
export function pruneUnknownFields(x: JsonValue, s: SchemaNode, removed: PathSegment[][]): void {
  prune(x, s, [], removed, true);
}

function prune(x: JsonValue, s: SchemaNode | undefined, path: PathSegment[], removed: PathSegment[][], embedded: boolean): void {
  if (s && s['x-kubernetes-preserve-unknown-fields']) {
    skipPrune(x, s, path, removed, embedded);
    return;
  }
  if (Array.isArray(x)) {
    x.forEach((item, i) => prune(item, s?.items, [...path, i], removed, Boolean(s?.items?.['x-kubernetes-embedded-resource'])));
    return;
  }
  if (!isJsonObject(x)) return;
  for (const key of Object.keys(x)) {
    if (embedded && keepEmbeddedField(x, key, [...path, key], removed)) continue;
    const child = schemaForField(s, key);
    if (child) {
      prune(x[key], child, [...path, key], removed, Boolean(child['x-kubernetes-embedded-resource']));
    } else if (s?.additionalProperties === true) {
      // additionalProperties: true keeps any value, unchecked.
      continue;
    } else {
      removed.push([...path, key]);
      delete x[key];
    }
  }
}

function skipPrune(x: JsonValue, s: SchemaNode, path: PathSegment[], removed: PathSegment[][], embedded: boolean): void {
  // under x-kubernetes-preserve-unknown-fields unknown fields stay, but known ones are still pruned inside.
  if (Array.isArray(x)) {
    if (s.items) x.forEach((item, i) => prune(item, s.items, [...path, i], removed, Boolean(s.items?.['x-kubernetes-embedded-resource'])));
    return;
  }
  if (!isJsonObject(x)) return;
  for (const key of Object.keys(x)) {
    if (embedded && keepEmbeddedField(x, key, [...path, key], removed)) continue;
    const child = schemaForField(s, key);
    if (child) prune(x[key], child, [...path, key], removed, Boolean(child['x-kubernetes-embedded-resource']));
  }
}

function keepEmbeddedField(x: JsonObject, key: string, path: PathSegment[], removed: PathSegment[][]): boolean {
  const value = x[key];
  if ((key === 'apiVersion' || key === 'kind') && typeof value === 'string') return true;
  if (key === 'metadata' && isJsonObject(value)) {
    for (const field of Object.keys(value)) {
      if (!OBJECT_META_FIELDS.includes(field)) {
        removed.push([...path, field]);
        delete value[field];
      }
    }
    return true;
  }
  return false;
}

/**
 * Removes `null` values of fields that are neither nullable nor defaulted, recording their
 * paths. Mirrors `defaulting.PruneNonNullableNullsWithoutDefaults`. Root `metadata` is left to
 * ObjectMeta decoding and is not walked.
 */
export function pruneNonNullableNulls(x: JsonValue, s: SchemaNode, removed: PathSegment[][]): void {
  pruneNulls(x, s, [], removed);
}

function pruneNulls(x: JsonValue, s: SchemaNode | undefined, path: PathSegment[], removed: PathSegment[][]): void {
  if (Array.isArray(x)) {
    x.forEach((item, i) => pruneNulls(item, s?.items, [...path, i], removed));
    return;
  }
  if (!isJsonObject(x)) return;
  for (const key of Object.keys(x)) {
    if (path.length === 0 && key === 'metadata') continue;
    const child = schemaForField(s, key);
    if (x[key] === null && child && !child.nullable && child.default === undefined) {
      removed.push([...path, key]);
      delete x[key];
    } else {
      pruneNulls(x[key], child, [...path, key], removed);
    }
  }
}

/**
 * Applies the schema's `default` values. Mirrors `defaulting.Default`: a default is set when
 * the field is absent (or a non-nullable `null`) and its parent object exists; then every
 * field, including the freshly defaulted ones, is walked, so defaults apply top-down, inside
 * array items and inside `additionalProperties` values.
 */
export function applyStructuralDefaults(x: JsonValue, s: SchemaNode | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = s.items;
    x.forEach((item, i) => {
      if (item === null && items && !items.nullable && items.default !== undefined) x[i] = toJson(items.default);
      applyStructuralDefaults(x[i], items);
    });
    return;
  }
  if (!isJsonObject(x)) return;
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    if (prop.default === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(x, key) || (x[key] === null && !prop.nullable)) setOwn(x, key, toJson(prop.default));
  }
  for (const key of Object.keys(x)) {
    const prop = s.properties && Object.prototype.hasOwnProperty.call(s.properties, key) ? s.properties[key] : undefined;
    if (prop) {
      applyStructuralDefaults(x[key], prop);
    } else if (typeof s.additionalProperties === 'object') {
      const values = s.additionalProperties;
      if (x[key] === null && !values.nullable && values.default !== undefined) setOwn(x, key, toJson(values.default));
      applyStructuralDefaults(x[key], values);
    }
  }
}
