import { ApiObjectMetadata } from 'cdk8s';
import { ConflictResolution, POLICY_SYNC_WAVE, PolicyOptions, Preemption, ResourceSelector, SYNC_WAVE_ANNOTATION } from './policy-options';
import { isNeverPropagated } from '../karmada/namespaces';

/** the spec both policy kinds render, in plain JSON. */
export interface RenderedPolicySpec {
  readonly conflictResolution: ConflictResolution;
  readonly placement: {
    readonly clusterAffinity: { readonly clusterNames: string[] };
    readonly replicaScheduling?: { readonly replicaSchedulingType: 'Duplicated' };
  };
  readonly preemption: Preemption;
  readonly preserveResourcesOnDeletion?: boolean;
  readonly priority: number;
  readonly propagateDeps?: boolean;
  readonly resourceSelectors: RenderedSelector[];
  readonly schedulerName: string;
  readonly suspension?: { readonly dispatching: true };
}

/** A resource selector as written: the mutating webhook's namespace filled in, a label selector only without a name. */
export interface RenderedSelector {
  readonly apiVersion: string;
  readonly kind: string;
  readonly labelSelector?: { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };
  readonly name?: string;
  readonly namespace?: string;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Checks the props that make a policy invalid on their own; throws at the call site.
 *
 * @param what `PropagationPolicy` or `ClusterPropagationPolicy`, for messages
 * @param namespace the policy's namespace, for a PropagationPolicy
 */
export function checkPolicyOptions(what: string, options: PolicyOptions, namespace?: string): void {
  if (!DNS_SUBDOMAIN.test(options.name) || options.name.length > 253) {
    throw new Error(`${what} 'name' (${JSON.stringify(options.name)}) must be a DNS subdomain: lower-case letters, digits, '-' and '.'`);
  }
  if (namespace !== undefined && isNeverPropagated(namespace)) {
    throw new Error(`${what} '${options.name}' is in namespace '${namespace}', which Karmada never propagates (kube-*, karmada-system, karmada-cluster, karmada-es-*)`);
  }
  if (options.resourceSelectors.length === 0) {
    throw new Error(`${what} '${options.name}': 'resourceSelectors' must have at least one entry (Karmada does not read an empty list as "all")`);
  }
  if (options.clusterNames.length === 0) {
    throw new Error(`${what} '${options.name}': 'clusterNames' must name at least one cluster; without it Karmada would consider every member cluster`);
  }
  if (options.priority !== undefined && (!Number.isInteger(options.priority) || Math.abs(options.priority) > 2 ** 31 - 1)) {
    throw new Error(`${what} '${options.name}': 'priority' (${options.priority}) must be a 32-bit integer`);
  }
  if (options.suspendDispatching && options.propagateDeps) {
    // pkg/dependenciesdistributor/dependencies_distributor.go buildAttachedBinding copies no suspension.
    throw new Error(`${what} '${options.name}': 'suspendDispatching' with 'propagateDeps' (true) is no rehearsal: the bindings Karmada attaches for ` +
      'the dependencies are not suspended and are dispatched at once; remove propagateDeps and select the dependencies by name');
  }
  options.resourceSelectors.forEach((s, i) => {
    if (!s.apiVersion || !s.kind) {
      throw new Error(`${what} '${options.name}': 'resourceSelectors[${i}]' needs both 'apiVersion' and 'kind'`);
    }
    if (namespace !== undefined && s.namespace !== undefined && s.namespace !== namespace) {
      // the validating webhook's own message (pkg/util/validation/validation.go: validateResourceSelectors).
      throw new Error(`${what} '${options.name}': 'resourceSelectors[${i}].namespace' (${s.namespace}) ` +
        `is not the policy's namespace (${namespace}): namespace of resource selector must be the same as the namespace of the policy`);
    }
    if (s.namespace !== undefined && isNeverPropagated(s.namespace)) {
      throw new Error(`${what} '${options.name}': 'resourceSelectors[${i}].namespace' (${s.namespace}) is a namespace Karmada never propagates`);
    }
    if (options.preemption === Preemption.ALWAYS && !s.name) {
      throw new Error(`${what} '${options.name}': 'resourceSelectors[${i}]' has no name: name cannot be empty if preemption is Always, ` +
        'the empty name may cause unexpected resources preemption');
    }
  });
}

/**
 * Renders the spec with every field Karmada would default written out (CRD defaults
 * `priority: 0`, `preemption: Never`, `schedulerName: default-scheduler`; for a
 * PropagationPolicy the mutating webhook's `resourceSelectors[].namespace`), so the
 * object in Git equals the object Karmada stores and Argo CD shows no drift.
 */
export function renderPolicySpec(options: PolicyOptions, namespace?: string): RenderedPolicySpec {
  return {
    conflictResolution: options.conflictResolution ?? ConflictResolution.ABORT,
    placement: {
      clusterAffinity: { clusterNames: [...options.clusterNames] },
      ...(options.replicaScheduling ? { replicaScheduling: { replicaSchedulingType: options.replicaScheduling.replicaSchedulingType } } : {}),
    },
    preemption: options.preemption ?? Preemption.NEVER,
    // false is Karmada's behaviour when the field is absent; only `true` is written.
    ...(options.preserveResourcesOnDeletion ? { preserveResourcesOnDeletion: true } : {}),
    priority: options.priority ?? 0,
    ...(options.propagateDeps ? { propagateDeps: true } : {}),
    resourceSelectors: options.resourceSelectors.map(s => renderSelector(s, namespace)),
    schedulerName: options.schedulerName ?? 'default-scheduler',
    // absent, {} and dispatching: false all mean "not suspended" (pkg/apis/policy/v1alpha1/propagation_types.go Suspension); only `true` is written.
    ...(options.suspendDispatching ? { suspension: { dispatching: true } as const } : {}),
  };
}

function renderSelector(s: ResourceSelector, namespace?: string): RenderedSelector {
  const ns = s.namespace ?? namespace;
  const labels = s.labelSelector;
  return {
    apiVersion: s.apiVersion,
    kind: s.kind,
    ...(labels && !s.name ? {
      labelSelector: {
        ...(labels.matchLabels ? { matchLabels: { ...labels.matchLabels } } : {}),
        ...(labels.matchExpressions ? {
          matchExpressions: labels.matchExpressions.map(e => ({ key: e.key, operator: e.operator, ...(e.values ? { values: [...e.values] } : {}) })),
        } : {}),
      },
    } : {}),
    ...(s.name ? { name: s.name } : {}),
    ...(ns ? { namespace: ns } : {}),
  };
}

/** the placement in a generated type: `duplicated` is the L1 enum value of Duplicated. */
export function l1Placement<T>(placement: RenderedPolicySpec['placement'], duplicated: T): {
  clusterAffinity: { clusterNames: string[] }; replicaScheduling?: { replicaSchedulingType: T };
} {
  return {
    clusterAffinity: { clusterNames: [...placement.clusterAffinity.clusterNames] },
    ...(placement.replicaScheduling ? { replicaScheduling: { replicaSchedulingType: duplicated } } : {}),
  };
}

/** the policy's metadata: its name, namespace, sync wave and the user's labels and annotations. */
export function renderPolicyMetadata(options: Pick<PolicyOptions, 'name' | 'labels' | 'annotations'>, namespace?: string): ApiObjectMetadata {
  return {
    name: options.name,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(options.labels ? { labels: { ...options.labels } } : {}),
    annotations: { [SYNC_WAVE_ANNOTATION]: POLICY_SYNC_WAVE, ...options.annotations },
  };
}
