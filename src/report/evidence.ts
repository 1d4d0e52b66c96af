// the live evidence the review tools take, indexed the way they look it up.
import { formatKey, keyOf } from '../kube/object';
import { BindingEvidence } from '../karmada/bindings';

/** the bindings by the template they are for, as `Kind.group namespace/name`. */
export function bindingsByObject(bindings: readonly BindingEvidence[]): Map<string, BindingEvidence> {
  const out = new Map<string, BindingEvidence>();
  for (const b of bindings) {
    const { apiVersion, kind, name, namespace } = b.resource;
    out.set(formatKey(keyOf({ apiVersion, kind, metadata: { name, namespace } })), b);
  }
  return out;
}
