import { randomUUID } from 'crypto';
import { InputError } from '../errors';
import { CrdSchemaSet } from '../kube/crd-schema-set';
import { goDecode, goEncode, GoObject, GoValue, NIL } from '../kube/go-json';
import { PROPAGATION_SPEC } from './_propagation-spec-go-type';
import { isJsonObject, JsonObject, JsonValue, sortKeysDeep, toJson } from '../kube/json';

/** The apiVersion of Karmada's policy kinds. */
export const POLICY_API_VERSION = 'policy.karmada.io/v1alpha1';

/** The label the mutating webhook puts on a PropagationPolicy on CREATE (a UUID, immutable afterwards). */
export const PROPAGATION_POLICY_PERMANENT_ID_LABEL = 'propagationpolicy.karmada.io/permanent-id';

/** The label the mutating webhook puts on a ClusterPropagationPolicy on CREATE. */
export const CLUSTER_PROPAGATION_POLICY_PERMANENT_ID_LABEL = 'clusterpropagationpolicy.karmada.io/permanent-id';

/** The finalizer the mutating webhook puts on a PropagationPolicy on CREATE. */
export const PROPAGATION_POLICY_FINALIZER = 'karmada.io/propagation-policy-controller';

/** The finalizer the mutating webhook puts on a ClusterPropagationPolicy on CREATE. */
export const CLUSTER_PROPAGATION_POLICY_FINALIZER = 'karmada.io/cluster-propagation-policy-controller';

/** The apiVersion of the multi-cluster-services ServiceImport, the one selector that forces `propagateDeps`. */
export const SERVICE_IMPORT_API_VERSION = 'multicluster.x-k8s.io/v1alpha1';

/** The namespace kubectl (and Argo CD) send a namespaced object to when it names none. */
export const DEFAULT_NAMESPACE = 'default';

/**
 * The admission operations Karmada's policy webhooks act on.
 */
export type AdmissionOperation = 'CREATE' | 'UPDATE';

/**
 * Options of `admitPolicy`.
 */
export interface AdmitPolicyOptions {
  /** whether the policy is being created or updated. */
  readonly operation: AdmissionOperation;
  /**
   * The namespace of the request (PropagationPolicy only). It must equal
   * `metadata.namespace` when that is set, as the API server refuses a mismatch.
   *
   * @default - `metadata.namespace`, else `default` (what kubectl sends)
   */
  readonly namespace?: string;
  /**
   * Whether to add the server-owned metadata the webhook sets on CREATE: the
   * `…/permanent-id` label (a fresh UUID, replacing any value given) and the policy
   * controller's finalizer. They are never in Git, so by default they are left out.
   *
   * @default false
   */
  readonly includeSystemMetadata?: boolean;
  /**
   * Makes the permanent-id UUID when `includeSystemMetadata` is set (tests pass a fixed one).
   *
   * @default crypto.randomUUID
   */
  readonly newPermanentId?: () => string;
}

/**
 * Returns a PropagationPolicy or ClusterPropagationPolicy as Karmada's mutating admission
 * webhook (v1.18.2) leaves it:
 *
 * - PropagationPolicy only: every empty `resourceSelectors[i].namespace` becomes the request namespace;
 * - every spread constraint without `spreadByField` and `spreadByLabel` gets `spreadByField: cluster`,
 *   and every `minGroups` of 0 (or absent) becomes 1;
 * - `propagateDeps: true` when a selector is a `multicluster.x-k8s.io/v1alpha1` ServiceImport;
 * - `replicaDivisionPreference: Weighted` when `replicaSchedulingType` is `Divided` and no preference is set;
 * - `failover.application.gracePeriodSeconds: 600` when its `purgeMode` is `Gracefully` (or the
 *   deprecated `Graciously`) and the period is unset;
 * - with `includeSystemMetadata`, on CREATE: the permanent-id label and the controller finalizer.
 *
 * The webhook decodes the policy into its Go type and answers with the JSON encoding of that
 * type, so the spec also goes through a Go round trip: unknown fields are dropped, zero values
 * of `omitempty` fields disappear (`propagateDeps: false`, `association: false`,
 * `clusterNames: []`, `schedulerName: ''`), and `placement: {}` appears when absent.
 *
 * This models the webhook alone: the CRD defaults (`conflictResolution: Abort`, ...) come from
 * the API server, before and after the webhook; `normalizeAsStored` chains both.
 * Keys are sorted, as `kubectl get -o yaml` prints them.
 *
 * @throws InputError when `policy` is not a Karmada PropagationPolicy or ClusterPropagationPolicy,
 * when its spec cannot be decoded into the Go type (the webhook answers HTTP 400), or when
 * `options.namespace` differs from `metadata.namespace`
 */
export function admitPolicy(policy: unknown, options: AdmitPolicyOptions): JsonObject {
  const obj = toJson(policy);
  if (!isJsonObject(obj)) throw new InputError('a policy must be an object');
  const kind = obj.kind;
  if (obj.apiVersion !== POLICY_API_VERSION || (kind !== 'PropagationPolicy' && kind !== 'ClusterPropagationPolicy')) {
    throw new InputError(`only ${POLICY_API_VERSION} PropagationPolicy and ClusterPropagationPolicy are admitted by this webhook, ` +
      `got ${String(obj.apiVersion)} ${String(kind)}`);
  }
  const namespaced = kind === 'PropagationPolicy';
  const metadata: JsonObject = isJsonObject(obj.metadata) ? { ...obj.metadata } : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const declared = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  if (options.namespace !== undefined && declared !== undefined && options.namespace !== declared) {
    throw new InputError(`${kind} ${name}: the namespace of the provided object (${declared}) does not match the namespace sent on the request (${options.namespace})`);
  }
  // the request namespace is empty for a cluster-scoped policy.
  const requestNamespace = namespaced ? options.namespace ?? declared ?? DEFAULT_NAMESPACE : '';
  if (namespaced) metadata.namespace = requestNamespace;

  const spec = goDecode(obj.spec, PROPAGATION_SPEC, ['spec']) as GoObject;

  // pkg/webhook/propagationpolicy/mutating.go: "Set default namespace for all resource selector if not set."
  // (the cluster webhook, pkg/webhook/clusterpropagationpolicy/mutating.go, has no such step.)
  if (namespaced) {
    for (const selector of list(spec.resourceSelectors)) {
      if (selector.namespace === '') selector.namespace = requestNamespace;
    }
  }

  const placement = spec.placement as GoObject;
  // pkg/util/helper/policy.go: SetDefaultSpreadConstraints.
  for (const constraint of list(placement.spreadConstraints)) {
    if (constraint.spreadByLabel === '' && constraint.spreadByField === '') constraint.spreadByField = 'cluster';
    if (constraint.minGroups === 0) constraint.minGroups = 1;
  }

  // pkg/util/helper/policy.go: ContainsServiceImport compares kind and the exact mcs group/version.
  if (list(spec.resourceSelectors).some((s) => s.kind === 'ServiceImport' && s.apiVersion === SERVICE_IMPORT_API_VERSION)) {
    spec.propagateDeps = true;
  }

  // pkg/util/helper/policy.go: SetReplicaDivisionPreferenceWeighted; a nil replicaScheduling means Duplicated
  // (Placement.ReplicaSchedulingType in pkg/apis/policy/v1alpha1/propagation_helper.go).
  const replicaScheduling = placement.replicaScheduling;
  if (replicaScheduling !== NIL) {
    const strategy = replicaScheduling as GoObject;
    if (strategy.replicaSchedulingType === 'Divided' && strategy.replicaDivisionPreference === '') {
      strategy.replicaDivisionPreference = 'Weighted';
    }
  }

  // pkg/util/helper/policy.go: SetDefaultGracePeriodSeconds, only for failover.application.
  if (spec.failover !== NIL && (spec.failover as GoObject).application !== NIL) {
    const application = (spec.failover as GoObject).application as GoObject;
    if ((application.purgeMode === 'Gracefully' || application.purgeMode === 'Graciously') && application.gracePeriodSeconds === NIL) {
      application.gracePeriodSeconds = 600;
    }
  }

  // both mutating.go files: on CREATE only, util.MergeLabel (overwrites) and controllerutil.AddFinalizer.
  if (options.includeSystemMetadata && options.operation === 'CREATE') {
    const label = namespaced ? PROPAGATION_POLICY_PERMANENT_ID_LABEL : CLUSTER_PROPAGATION_POLICY_PERMANENT_ID_LABEL;
    const finalizer = namespaced ? PROPAGATION_POLICY_FINALIZER : CLUSTER_PROPAGATION_POLICY_FINALIZER;
    metadata.labels = { ...(isJsonObject(metadata.labels) ? metadata.labels : {}), [label]: (options.newPermanentId ?? randomUUID)() };
    const finalizers = Array.isArray(metadata.finalizers) ? metadata.finalizers : [];
    metadata.finalizers = finalizers.includes(finalizer) ? finalizers : [...finalizers, finalizer];
  }

  const stored: JsonObject = { apiVersion: obj.apiVersion, kind, metadata, spec: goEncode(spec, PROPAGATION_SPEC) };
  return sortKeysDeep(stored) as JsonObject;
}

/**
 * Options of `normalizeAsStored`.
 */
export interface NormalizeAsStoredOptions {
  /**
   * Whether the policy is being created or updated.
   *
   * @default 'CREATE'
   */
  readonly operation?: AdmissionOperation;
  /**
   * The namespace the policy is applied to (PropagationPolicy only).
   *
   * @default - `metadata.namespace`, else `default`
   */
  readonly namespace?: string;
  /**
   * Whether to add the server-owned permanent-id label and finalizer (see `AdmitPolicyOptions`).
   *
   * @default false
   */
  readonly includeSystemMetadata?: boolean;
  /**
   * Makes the permanent-id UUID when `includeSystemMetadata` is set.
   *
   * @default crypto.randomUUID
   */
  readonly newPermanentId?: () => string;
}

/**
 * Returns a PropagationPolicy or ClusterPropagationPolicy as the Karmada API server stores
 * it, i.e. what `kubectl get -o yaml` shows (without the server's own metadata: uid,
 * resourceVersion, creationTimestamp, generation, and by default the permanent-id label and
 * finalizer). The steps are the API server's:
 *
 * 1. unknown fields are pruned and the CRD defaults applied (`CrdSchema.prune`, `applyDefaults`);
 * 2. Karmada's mutating webhook runs (`admitPolicy`);
 * 3. the CRD defaults are applied again, as the server does after a webhook patch;
 * 4. a cluster-scoped policy loses any `metadata.namespace`.
 *
 * A generated policy that already equals its stored form shows no drift in Argo CD or Flux.
 *
 * @throws InputError when `schemas` has no CRD for the policy, or when the API server would
 * reject it (schema violations with effect `rejected`)
 */
export function normalizeAsStored(policy: unknown, schemas: CrdSchemaSet, options: NormalizeAsStoredOptions = {}): JsonObject {
  const schema = schemas.require(policy);
  const rejected = (obj: JsonValue, when: string): void => {
    const violations = schema.validate(obj).filter((v) => v.effect === 'rejected');
    if (violations.length) {
      throw new InputError(`the API server would reject this ${schema.kind}${when}: ${violations.map((v) => `${v.path}: ${v.message}`).join('; ')}`);
    }
  };
  rejected(toJson(policy), '');
  const defaulted = schema.applyDefaults(schema.prune(policy));
  const admitted = admitPolicy(defaulted, {
    operation: options.operation ?? 'CREATE',
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
    ...(options.includeSystemMetadata !== undefined ? { includeSystemMetadata: options.includeSystemMetadata } : {}),
    ...(options.newPermanentId !== undefined ? { newPermanentId: options.newPermanentId } : {}),
  });
  const stored = schema.applyDefaults(admitted);
  if (schema.scope === 'Cluster' && isJsonObject(stored.metadata)) delete stored.metadata.namespace;
  rejected(stored, ' after admission');
  return sortKeysDeep(stored) as JsonObject;
}

function list(v: GoValue): GoObject[] {
  return v === NIL ? [] : (v as GoObject[]);
}
