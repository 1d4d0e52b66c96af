import { isRecord } from '../kube/json';
import { DropMatch } from './drop-rules';
import { groupOf, KubeObject } from '../kube/object';

/** The id of the drop that leaves out the claims a StatefulSet makes from its volumeClaimTemplates. */
export const STATEFULSET_CLAIM_RULE = 'statefulset-claim';

function isStatefulSet(obj: KubeObject): boolean {
  return obj.kind === 'StatefulSet' && groupOf(obj.apiVersion) === 'apps';
}

/** the names of a StatefulSet's `spec.volumeClaimTemplates`. */
function claimTemplateNames(statefulSet: KubeObject): string[] {
  const spec = statefulSet.spec;
  const templates = isRecord(spec) ? spec.volumeClaimTemplates : undefined;
  if (!Array.isArray(templates)) return [];
  const names: string[] = [];
  for (const t of templates) {
    const name = isRecord(t) && isRecord(t.metadata) ? t.metadata.name : undefined;
    if (typeof name === 'string' && name !== '') names.push(name);
  }
  return names;
}

/**
 * Returns the volumeClaimTemplate a claim name comes from, for a StatefulSet: the
 * template's own name (a placeholder volume in the pod template, which karmada's
 * `getStatefulSetDependencies` ignores), or `<template>-<statefulset>-<ordinal>`, the
 * claim the StatefulSet controller makes for each pod (kubernetes
 * pkg/controller/statefulset/stateful_set_utils.go: getPersistentVolumeClaimName).
 */
export function claimTemplateOf(claimName: string, statefulSet: KubeObject): string | undefined {
  const sts = statefulSet.metadata.name;
  return claimTemplateNames(statefulSet).find(t => claimName === t || isOrdinalClaim(claimName, `${t}-${sts}-`));
}

/** tells whether a claim name comes from one of a StatefulSet's volumeClaimTemplates (see {@link claimTemplateOf}). */
export function isStatefulSetClaim(claimName: string, statefulSet: KubeObject): boolean {
  return claimTemplateOf(claimName, statefulSet) !== undefined;
}

function isOrdinalClaim(name: string, prefix: string): boolean {
  return name.startsWith(prefix) && /^(?:0|[1-9][0-9]*)$/.test(name.slice(prefix.length));
}

/**
 * Returns a function that tells, for a PersistentVolumeClaim, whether a StatefulSet among
 * `objects` made it from a volumeClaimTemplate, and why it is then dropped: the
 * StatefulSet controller re-creates such a claim for its pod, so the claim is left on
 * the cluster as it is, like the pods, and the StatefulSet is taken over instead.
 */
export function statefulSetClaimMatcher(objects: readonly KubeObject[]): (obj: KubeObject) => DropMatch | undefined {
  const byNamespace = new Map<string, KubeObject[]>();
  for (const o of objects) {
    if (!isStatefulSet(o) || !o.metadata.namespace || claimTemplateNames(o).length === 0) continue;
    const list = byNamespace.get(o.metadata.namespace);
    if (list) list.push(o);
    else byNamespace.set(o.metadata.namespace, [o]);
  }
  return obj => {
    if (obj.kind !== 'PersistentVolumeClaim' || groupOf(obj.apiVersion) !== '' || !obj.metadata.namespace) return undefined;
    for (const sts of byNamespace.get(obj.metadata.namespace) ?? []) {
      const template = claimTemplateNames(sts).find(t => isOrdinalClaim(obj.metadata.name, `${t}-${sts.metadata.name}-`));
      if (template !== undefined) {
        return {
          rule: STATEFULSET_CLAIM_RULE,
          reason: `made by its StatefulSet ${sts.metadata.name} from the volumeClaimTemplate ${template}, which re-creates it for its pod: ` +
            'take over the StatefulSet instead; the claim and its volume stay on the cluster as they are',
        };
      }
    }
    return undefined;
  };
}
