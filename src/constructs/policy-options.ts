import { createHash } from 'crypto';

/**
 * What Karmada does when a resource it propagates already exists in the member cluster.
 *
 * @see https://karmada.io/docs/userguide/migration/migration-from-kubernetes
 */
export enum ConflictResolution {
  /** stop propagating, leave the member object alone (Karmada's default). */
  ABORT = 'Abort',
  /** take the member object over: a full PUT of the template onto it. */
  OVERWRITE = 'Overwrite',
}

/** Whether a policy may take resources claimed by a lower-priority policy (alpha in Karmada, gate off by default). */
export enum Preemption {
  ALWAYS = 'Always',
  NEVER = 'Never',
}

/**
 * A label selector, as in Kubernetes (`matchLabels` and `matchExpressions`).
 */
export interface LabelSelector {
  /**
   * labels an object must carry, all of them.
   *
   * @default - no label is required
   */
  readonly matchLabels?: Record<string, string>;

  /**
   * set-based requirements, all of them.
   *
   * @default - no requirement
   */
  readonly matchExpressions?: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values?: readonly string[] }>;
}

/**
 * One entry of a policy's `spec.resourceSelectors`.
 *
 * Karmada matches `apiVersion` and `kind` by exact string; when `name` is set the
 * `labelSelector` is ignored (`pkg/util/selector.go: ResourceSelectorPriority`).
 */
export interface ResourceSelector {
  /** the template's apiVersion, matched exactly (`apps/v1`). */
  readonly apiVersion: string;

  /** the template's kind (`Deployment`). */
  readonly kind: string;

  /**
   * the template's namespace.
   *
   * @default - a PropagationPolicy's own namespace (written out explicitly, as Karmada's
   * mutating webhook would, so GitOps tools see no drift); any namespace for a
   * ClusterPropagationPolicy
   */
  readonly namespace?: string;

  /**
   * the template's name.
   *
   * @default - every template of the kind (narrowed by `labelSelector`)
   */
  readonly name?: string;

  /**
   * a label query, used only when `name` is not set.
   *
   * @default - no label query
   */
  readonly labelSelector?: LabelSelector;
}

/**
 * The props PropagationPolicy and ClusterPropagationPolicy share: the subset of
 * Karmada's `PropagationSpec` a takeover needs, with Karmada's own field names.
 *
 * @see https://karmada.io/docs/core-concepts/concepts#propagation-policy
 */
export interface PolicyOptions {
  /**
   * `metadata.name` of the policy. Names are part of the output contract: renaming
   * a policy makes GitOps delete and re-create it.
   */
  readonly name: string;

  /** `spec.resourceSelectors`: which templates the policy claims. At least one. */
  readonly resourceSelectors: readonly ResourceSelector[];

  /**
   * `spec.placement.clusterAffinity.clusterNames`: the clusters to propagate to.
   * Required: without it Karmada would consider every member cluster.
   */
  readonly clusterNames: readonly string[];

  /**
   * `spec.placement.replicaScheduling`. Only `Duplicated` is offered: every cluster keeps the
   * template's replicas (and a per-cluster override its own). Karmada reads an absent field as
   * Duplicated, but `{}` as Divided, which splits the replicas across the clusters
   * (pkg/apis/policy/v1alpha1/propagation_helper.go ReplicaSchedulingType; the CRD default).
   *
   * @default - absent (Duplicated)
   */
  readonly replicaScheduling?: ReplicaScheduling;

  /**
   * `spec.conflictResolution`.
   *
   * @default ConflictResolution.ABORT (Karmada's default)
   */
  readonly conflictResolution?: ConflictResolution;

  /**
   * `spec.preserveResourcesOnDeletion`: keep the member objects when their templates
   * are deleted. The rollback switch; needs Karmada v1.12 or later.
   *
   * @default false
   */
  readonly preserveResourcesOnDeletion?: boolean;

  /**
   * `spec.priority`: a higher value wins when several policies match a template.
   *
   * @default 0
   */
  readonly priority?: number;

  /**
   * `spec.propagateDeps`: propagate the ConfigMaps, Secrets, ServiceAccounts and PVCs
   * the selected workloads reference, along with them.
   *
   * @default false
   */
  readonly propagateDeps?: boolean;

  /**
   * `spec.suspension.dispatching: true`: Karmada claims the templates, schedules them and
   * builds the Works (the exact manifests it would apply), but applies nothing to the member
   * clusters until the suspension is lifted (Karmada v1.11 or later). A suspended policy must
   * not propagate dependencies (their bindings are not suspended).
   *
   * @default false
   */
  readonly suspendDispatching?: boolean;

  /**
   * `spec.preemption`.
   *
   * @default Preemption.NEVER
   */
  readonly preemption?: Preemption;

  /**
   * `spec.schedulerName`. It cannot be changed once the policy exists.
   *
   * @default 'default-scheduler'
   */
  readonly schedulerName?: string;

  /**
   * extra labels on the policy object.
   *
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * extra annotations on the policy object.
   *
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** `spec.placement.replicaScheduling`, the Duplicated form. */
export interface ReplicaScheduling {
  /** every selected cluster gets the template's replicas. */
  readonly replicaSchedulingType: 'Duplicated';
}

/** the Argo CD annotation that orders a sync; policies go before templates. */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * The sync wave of policies: below the templates' default wave 0, so a policy is
 * applied before the templates it selects (the detector never re-evaluates a claim,
 * karmada pkg/detector/policy.go) and pruned after them (Argo CD prunes in reverse wave order).
 */
export const POLICY_SYNC_WAVE = '-1';

/** a short, stable suffix naming a set of clusters in a policy name: the first 8 hex digits of its SHA-256. */
export function clusterSetSuffix(clusters: readonly string[]): string {
  return createHash('sha256').update(clusters.join(',')).digest('hex').slice(0, 8);
}
