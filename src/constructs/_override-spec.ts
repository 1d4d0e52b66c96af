import { isDns1123Label, isDns1123Subdomain } from '../kube/object-names';
import { JsonObject } from '../kube/json';
import { Overriders } from '../karmada/overrides';

/** A resource selector of an override policy (`spec.resourceSelectors[]`). */
export interface OverrideResourceSelector {
  /** the template's apiVersion, compared as a string (`apps/v1`). */
  readonly apiVersion: string;
  /** the template's kind. */
  readonly kind: string;
  /** @default - any name (with `labelSelector`, the matching ones) */
  readonly name?: string;
  /** for an OverridePolicy, its own namespace (Karmada's webhook fills it in, and refuses another). @default - the policy's namespace, or any for a ClusterOverridePolicy */
  readonly namespace?: string;
  /** `labelSelector`, read only without `name`. @default - every object of the kind */
  readonly labelSelector?: JsonObject;
}

/** The clusters an override rule applies to (`targetCluster`, a ClusterAffinity; names only here). */
export interface OverrideTargetCluster {
  /** `clusterNames`. @default - every cluster */
  readonly clusterNames?: readonly string[];
  /** `exclude`. @default - none */
  readonly exclude?: readonly string[];
}

/** One `spec.overrideRules[]` entry. */
export interface OverrideRule {
  /** @default - every cluster */
  readonly targetCluster?: OverrideTargetCluster;
  /** what to change; `fieldOverrider` is not supported. */
  readonly overriders: Overriders;
}

/** What OverridePolicy and ClusterOverridePolicy take. */
export interface OverridePolicyOptions {
  /** `metadata.name`: a DNS subdomain. */
  readonly name: string;
  /**
   * `spec.resourceSelectors`.
   *
   * @default - every resource (an OverridePolicy: of its namespace)
   */
  readonly resourceSelectors?: readonly OverrideResourceSelector[];
  /** `spec.overrideRules`: at least one. */
  readonly overrideRules: readonly OverrideRule[];
  /** extra labels on the policy object. @default - none */
  readonly labels?: Record<string, string>;
  /** extra annotations on the policy object (the Argo CD sync wave -1 is always set, as on every policy). @default - none */
  readonly annotations?: Record<string, string>;
}

/** checks the options of an override policy; each message names the prop, its value and the fix. */
export function checkOverridePolicyOptions(what: string, o: OverridePolicyOptions, namespace?: string): void {
  if (!isDns1123Subdomain(o.name)) throw new Error(`${what}: name ${JSON.stringify(o.name)} must be a DNS subdomain (lowercase letters, digits, '-' and '.')`);
  if (namespace !== undefined && !isDns1123Label(namespace)) throw new Error(`${what} ${o.name}: namespace ${JSON.stringify(namespace)} must be a DNS label`);
  if (o.overrideRules.length === 0) throw new Error(`${what} ${o.name}: overrideRules is empty; give at least one rule (an empty list makes Karmada read the deprecated spec.overriders)`);
  (o.resourceSelectors ?? []).forEach((s, i) => {
    if (!s.apiVersion || !s.kind) throw new Error(`${what} ${o.name}: resourceSelectors[${i}] needs apiVersion and kind (Karmada compares both as strings)`);
    if (namespace !== undefined && s.namespace !== undefined && s.namespace !== namespace) {
      throw new Error(`${what} ${o.name}: resourceSelectors[${i}].namespace ${JSON.stringify(s.namespace)} is not the policy's namespace '${namespace}'; ` +
        "Karmada's webhook refuses it (validateResourceSelectors): leave it out, or put the policy in that namespace");
    }
  });
  o.overrideRules.forEach((r, i) => {
    if ((r.overriders.fieldOverrider ?? []).length > 0) {
      throw new Error(`${what} ${o.name}: overrideRules[${i}].overriders.fieldOverrider is not supported by karmada-migrate; use plaintext`);
    }
  });
}

/** `spec`, with the selectors' namespace written out as Karmada's mutating webhook stores it (so GitOps sees no drift). */
export function renderOverrideSpec(o: OverridePolicyOptions, namespace?: string): JsonObject {
  const selectors = (o.resourceSelectors ?? []).map(s => ({
    apiVersion: s.apiVersion, kind: s.kind,
    ...(s.name !== undefined ? { name: s.name } : {}),
    ...(s.namespace ?? namespace ? { namespace: (s.namespace ?? namespace)! } : {}),
    ...(s.labelSelector ? { labelSelector: s.labelSelector } : {}),
  }));
  return JSON.parse(JSON.stringify({
    ...(selectors.length ? { resourceSelectors: selectors } : {}),
    overrideRules: o.overrideRules.map(r => ({ ...(r.targetCluster ? { targetCluster: r.targetCluster } : {}), overriders: r.overriders })),
  })) as JsonObject;
}
