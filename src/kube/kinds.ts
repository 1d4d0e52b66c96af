import { formatGroupKind, groupOf } from './object';

/** Whether the objects of a kind live in a namespace or at cluster level (a CRD's `spec.scope`). */
export type KindScope = 'Namespaced' | 'Cluster';

/** A kind served by the Kubernetes API server itself (not by a CRD). */
export interface BuiltinKind {
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly kind: string;
  readonly scope: KindScope;
}

function kinds(group: string, scope: KindScope, names: readonly string[]): BuiltinKind[] {
  return names.map(kind => ({ group, kind, scope }));
}

/**
 * The scope of every built-in kind a cluster export may hold, keyed by API group and kind
 * (the version does not change the scope): the NAMESPACED column of `kubectl api-resources`
 * for the groups Kubernetes serves itself, plus the `extensions` group of old exports.
 */
export const BUILTIN_KINDS: readonly BuiltinKind[] = [
  ...kinds('', 'Namespaced', [
    'Binding', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'PersistentVolumeClaim', 'Pod', 'PodTemplate',
    'ReplicationController', 'ResourceQuota', 'Secret', 'Service', 'ServiceAccount',
  ]),
  ...kinds('', 'Cluster', ['ComponentStatus', 'Namespace', 'Node', 'PersistentVolume']),
  ...kinds('admissionregistration.k8s.io', 'Cluster', [
    'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'MutatingWebhookConfiguration',
    'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'ValidatingWebhookConfiguration',
  ]),
  ...kinds('apiextensions.k8s.io', 'Cluster', ['CustomResourceDefinition']),
  ...kinds('apiregistration.k8s.io', 'Cluster', ['APIService']),
  ...kinds('apps', 'Namespaced', ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet']),
  ...kinds('authentication.k8s.io', 'Cluster', ['SelfSubjectReview', 'TokenReview']),
  ...kinds('authorization.k8s.io', 'Namespaced', ['LocalSubjectAccessReview']),
  ...kinds('authorization.k8s.io', 'Cluster', ['SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview']),
  ...kinds('autoscaling', 'Namespaced', ['HorizontalPodAutoscaler']),
  ...kinds('batch', 'Namespaced', ['CronJob', 'Job']),
  ...kinds('certificates.k8s.io', 'Cluster', ['CertificateSigningRequest', 'ClusterTrustBundle']),
  ...kinds('coordination.k8s.io', 'Namespaced', ['Lease', 'LeaseCandidate']),
  ...kinds('discovery.k8s.io', 'Namespaced', ['EndpointSlice']),
  ...kinds('events.k8s.io', 'Namespaced', ['Event']),
  ...kinds('extensions', 'Namespaced', ['DaemonSet', 'Deployment', 'Ingress', 'NetworkPolicy', 'ReplicaSet']),
  ...kinds('extensions', 'Cluster', ['PodSecurityPolicy']),
  ...kinds('flowcontrol.apiserver.k8s.io', 'Cluster', ['FlowSchema', 'PriorityLevelConfiguration']),
  ...kinds('internal.apiserver.k8s.io', 'Cluster', ['StorageVersion']),
  ...kinds('metrics.k8s.io', 'Namespaced', ['PodMetrics']),
  ...kinds('metrics.k8s.io', 'Cluster', ['NodeMetrics']),
  ...kinds('networking.k8s.io', 'Namespaced', ['Ingress', 'NetworkPolicy']),
  ...kinds('networking.k8s.io', 'Cluster', ['IPAddress', 'IngressClass', 'ServiceCIDR']),
  ...kinds('node.k8s.io', 'Cluster', ['RuntimeClass']),
  ...kinds('policy', 'Namespaced', ['PodDisruptionBudget']),
  ...kinds('policy', 'Cluster', ['PodSecurityPolicy']),
  ...kinds('rbac.authorization.k8s.io', 'Namespaced', ['Role', 'RoleBinding']),
  ...kinds('rbac.authorization.k8s.io', 'Cluster', ['ClusterRole', 'ClusterRoleBinding']),
  ...kinds('resource.k8s.io', 'Namespaced', ['ResourceClaim', 'ResourceClaimTemplate']),
  ...kinds('resource.k8s.io', 'Cluster', ['DeviceClass', 'ResourceSlice']),
  ...kinds('scheduling.k8s.io', 'Cluster', ['PriorityClass']),
  ...kinds('storage.k8s.io', 'Namespaced', ['CSIStorageCapacity']),
  ...kinds('storage.k8s.io', 'Cluster', ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment', 'VolumeAttributesClass']),
  ...kinds('storagemigration.k8s.io', 'Cluster', ['StorageVersionMigration']),
];

const SCOPES = new Map(BUILTIN_KINDS.map(k => [formatGroupKind(k.group, k.kind), k.scope]));

/**
 * Returns the scope of a built-in kind.
 *
 * @param group API group, `''` for the core group
 * @returns undefined when the kind is not built in (a custom resource)
 */
export function builtinScope(group: string, kind: string): KindScope | undefined {
  return SCOPES.get(formatGroupKind(group, kind));
}

/**
 * Tells whether a built-in kind is cluster-scoped.
 *
 * @param apiVersion `apps/v1`, `v1`...; only its group matters
 * @returns undefined for a kind that is not built in (a custom resource)
 */
export function isClusterScoped(apiVersion: string, kind: string): boolean | undefined {
  const scope = builtinScope(groupOf(apiVersion), kind);
  return scope === undefined ? undefined : scope === 'Cluster';
}
