// puts metadata.namespace right for the scope of each kind; internal to the inventory layer.
import { entryError } from './_util';
import { InventoryObject } from './types';
import { formatGroupKind, groupOf, KubeObject } from '../kube/object';
import { isRecord } from '../kube/json';
import { builtinScope, KindScope } from '../kube/kinds';
import { InputError } from '../errors';
import { isDns1123Label } from '../kube/object-names';

/**
 * Checks each object's namespace against the scope of its kind: a built-in kind, or a
 * custom kind whose CustomResourceDefinition is among the entries.
 *
 * - A namespaced kind without a namespace gets `defaultNamespace`, or is an error.
 * - A cluster-scoped kind loses its namespace, as kubectl ignores it.
 * - A kind of unknown scope is left as it is.
 *
 * Entries are returned in the same order; a changed object is a shallow copy.
 *
 * @throws InputError at the first namespaced object without a namespace, when there is no default
 */
export function applyScopes<T extends InventoryObject>(entries: readonly T[], defaultNamespace?: string): T[] {
  if (defaultNamespace !== undefined && !isDns1123Label(defaultNamespace)) {
    throw new InputError(`the default namespace ${JSON.stringify(defaultNamespace)} (spec.defaultNamespace, --default-namespace) is not a namespace name: ` +
      "at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit");
  }
  const crds = crdScopes(entries);
  return entries.map(entry => {
    const { object } = entry;
    const group = groupOf(object.apiVersion);
    const scope = builtinScope(group, object.kind) ?? crds.get(formatGroupKind(group, object.kind));
    const namespace = object.metadata.namespace;
    if (scope === 'Cluster' && namespace !== undefined) {
      const metadata: Record<string, unknown> = { ...object.metadata };
      delete metadata.namespace;
      return { ...entry, object: { ...object, metadata } as KubeObject };
    }
    if (scope === 'Namespaced' && !namespace) {
      if (!defaultNamespace) {
        throw entryError(entry, `namespaced kind ${formatGroupKind(group, object.kind)} without metadata.namespace; ` +
          'add it (an export always has it), or give a default: spec.defaultNamespace in migration.yaml, --default-namespace for karmada-migrate inventory');
      }
      return { ...entry, object: { ...object, metadata: { ...object.metadata, namespace: defaultNamespace } } };
    }
    return entry;
  });
}

// the scopes that the CRDs among the entries declare, by `kind.group`.
function crdScopes(entries: readonly InventoryObject[]): Map<string, KindScope> {
  const scopes = new Map<string, KindScope>();
  for (const { object } of entries) {
    if (object.kind !== 'CustomResourceDefinition' || groupOf(object.apiVersion) !== 'apiextensions.k8s.io') continue;
    const spec = object.spec;
    if (!isRecord(spec) || !isRecord(spec.names) || typeof spec.group !== 'string' || typeof spec.names.kind !== 'string') continue;
    if (spec.scope === 'Namespaced' || spec.scope === 'Cluster') scopes.set(formatGroupKind(spec.group, spec.names.kind), spec.scope);
  }
  return scopes;
}
