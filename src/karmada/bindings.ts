// karmada v1.18.2: what a ResourceBinding / ClusterResourceBinding says about the live state of
// a template. Sources: pkg/apis/work/v1alpha2/binding_types.go (spec.resource, spec.clusters,
// spec.placement, spec.preserveResourcesOnDeletion), pkg/detector/policy.go and claim.go (the
// claim metadata the detector puts on the binding: the permanent-id label and the name /
// namespace annotations of the claiming PropagationPolicy or ClusterPropagationPolicy),
// pkg/util/names/names.go (GenerateBindingName), and its status conditions Scheduled
// (pkg/scheduler/helper.go) and FullyApplied (pkg/util/helper/workstatus.go).
import { PolicyRef } from './claims';
import { conditionsOf, KarmadaCondition } from './conditions';
import { child, isJsonObject, objectItems, str } from '../kube/json';

/** The claim annotations and labels of pkg/apis/policy/v1alpha1/well_known_constants.go. */
export const CLAIM_METADATA = {
  ppName: 'propagationpolicy.karmada.io/name',
  ppNamespace: 'propagationpolicy.karmada.io/namespace',
  ppPermanentId: 'propagationpolicy.karmada.io/permanent-id',
  cppName: 'clusterpropagationpolicy.karmada.io/name',
  cppPermanentId: 'clusterpropagationpolicy.karmada.io/permanent-id',
} as const;

/** What Karmada's binding of one template says. */
export interface BindingEvidence {
  /** `ResourceBinding namespace/name` or `ClusterResourceBinding name`. */
  readonly binding: string;
  /** `spec.resource`: the template the binding is for. */
  readonly resource: { readonly apiVersion: string; readonly kind: string; readonly namespace?: string; readonly name: string };
  /**
   * The policy that claims the template (claim annotations and permanent-id label).
   *
   * @default - none: the template is not claimed (a dependency's attached binding, or a claim removed)
   */
  readonly claimant?: PolicyRef;
  /** `spec.preserveResourcesOnDeletion` (nil is false). */
  readonly preserveResourcesOnDeletion: boolean;
  /** `spec.clusters[].name`: where the template is scheduled. */
  readonly clusters: readonly string[];
  /** `spec.placement` (a dependency's attached binding has none). */
  readonly placement?: unknown;
  /**
   * the bindings that require it (`spec.requiredBy`): an attached binding of a dependency,
   * and the clusters each referring binding is scheduled to.
   */
  readonly requiredBy: ReadonlyArray<{ readonly binding: string; readonly clusters: readonly string[] }>;
  /** `status.conditions` (Scheduled, FullyApplied); empty before the scheduler saw it. */
  readonly conditions: readonly KarmadaCondition[];
}

/**
 * Reads ResourceBindings and ClusterResourceBindings (`kubectl get
 * resourcebindings.work.karmada.io,clusterresourcebindings.work.karmada.io -A -o json`).
 *
 * @param objects the items (a List already expanded)
 * @throws Error naming the item when one is not a binding or lacks `spec.resource`
 */
export function bindingEvidence(objects: readonly unknown[]): BindingEvidence[] {
  return objects.map((o, i) => {
    if (!isJsonObject(o) || (o.kind !== 'ResourceBinding' && o.kind !== 'ClusterResourceBinding') ||
      typeof o.apiVersion !== 'string' || !o.apiVersion.startsWith('work.karmada.io/')) {
      throw new Error(`item ${i} is not a work.karmada.io ResourceBinding or ClusterResourceBinding`);
    }
    const meta = child(o, 'metadata');
    const spec = child(o, 'spec');
    const resource = child(spec, 'resource');
    const name = str(meta, 'name');
    const binding = o.kind === 'ResourceBinding' ? `ResourceBinding ${str(meta, 'namespace')}/${name}` : `ClusterResourceBinding ${name}`;
    if (!resource || !str(resource, 'apiVersion') || !str(resource, 'kind') || !str(resource, 'name')) {
      throw new Error(`item ${i} (${binding}) has no spec.resource with apiVersion, kind and name`);
    }
    const annotations = child(meta, 'annotations') ?? {};
    const labels = child(meta, 'labels') ?? {};
    let claimant: PolicyRef | undefined;
    // pkg/detector/policy.go: getAndApplyPolicy / getAndApplyClusterPolicy read the same keys on the template.
    if (typeof annotations[CLAIM_METADATA.ppName] === 'string' && typeof labels[CLAIM_METADATA.ppPermanentId] === 'string') {
      claimant = { kind: 'PropagationPolicy', namespace: str(annotations, CLAIM_METADATA.ppNamespace), name: str(annotations, CLAIM_METADATA.ppName) };
    } else if (typeof annotations[CLAIM_METADATA.cppName] === 'string' && typeof labels[CLAIM_METADATA.cppPermanentId] === 'string') {
      claimant = { kind: 'ClusterPropagationPolicy', name: str(annotations, CLAIM_METADATA.cppName) };
    }
    const namespace = str(resource, 'namespace');
    return {
      binding,
      resource: { apiVersion: str(resource, 'apiVersion'), kind: str(resource, 'kind'), ...(namespace ? { namespace } : {}), name: str(resource, 'name') },
      ...(claimant ? { claimant } : {}),
      preserveResourcesOnDeletion: spec?.preserveResourcesOnDeletion === true,
      clusters: objectItems(spec, 'clusters').map(c => str(c, 'name')).filter(Boolean),
      ...(spec?.placement !== undefined && spec?.placement !== null ? { placement: spec.placement } : {}),
      requiredBy: objectItems(spec, 'requiredBy').map(r => ({
        binding: `${str(r, 'namespace')}/${str(r, 'name')}`,
        clusters: objectItems(r, 'clusters').map(c => str(c, 'name')).filter(Boolean),
      })),
      conditions: conditionsOf(o),
    };
  });
}
