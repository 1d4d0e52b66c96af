// the Kubernetes API server's defaulting of the common workload kinds, as a table. Sources
// (kubernetes/kubernetes): pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go,
// pkg/apis/batch/v1/defaults.go (and batch/v1beta1 for CronJob), the `+default=` markers of
// staging/src/k8s.io/api/core/v1/types.go (applied by the generated zz_generated.defaults.go),
// pkg/apis/core/v1/conversion.go and pkg/apis/apps/v1/conversion.go.
import { child, cloneJson, ensureChild, hasOwn, isJsonObject, JsonObject, JsonValue, objectItems, setOwn, str } from './json';

/**
 * A Go API type whose defaulting function (or declarative defaults) a rule belongs to.
 * Top-level kinds are rooted at the object; the others at the nested struct.
 */
export type ApiDefaultScope =
  | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob' | 'Pod' | 'Service' | 'Secret'
  | 'PodSpec' | 'Container' | 'ContainerPort' | 'Probe' | 'HTTPGetAction' | 'GRPCAction' | 'ObjectFieldSelector'
  | 'Volume' | 'SecretVolumeSource' | 'ConfigMapVolumeSource' | 'DownwardAPIVolumeSource' | 'ProjectedVolumeSource'
  | 'ServiceAccountTokenProjection' | 'HostPathVolumeSource' | 'ISCSIVolumeSource' | 'RBDVolumeSource'
  | 'AzureDiskVolumeSource' | 'ScaleIOVolumeSource' | 'PersistentVolumeClaimSpec' | 'PersistentVolumeClaimTemplate'
  | 'ServicePort';

/**
 * One row of the defaulting table: the server sets `field` (a dotted path below the scope,
 * parents created) when it is absent or null, if `when` holds.
 */
export interface ApiDefaultRule {
  /** A stable kebab-case identifier. */
  readonly id: string;
  /** The Go type the rule belongs to. */
  readonly scope: ApiDefaultScope;
  /** The dotted path below the scope: `spec.strategy.rollingUpdate.maxSurge`. */
  readonly field: string;
  /**
   * The value set: a constant, or computed from the scope object (`undefined` leaves the field absent).
   *
   * @default - the field is removed instead (`remove` must be true)
   */
  readonly value?: JsonValue | ((scoped: JsonObject) => JsonValue | undefined);
  /**
   * Whether the rule removes the field instead of setting it.
   *
   * @default false
   */
  readonly remove?: boolean;
  /**
   * Whether the rule overwrites a present value (conversion rules do).
   *
   * @default false
   */
  readonly overwrite?: boolean;
  /**
   * A condition on the scope object.
   *
   * @default - always
   */
  readonly when?: (scoped: JsonObject) => boolean;
  /** The Kubernetes source of the rule: file and function, or type and marker. */
  readonly source: string;
  /** The rule in words, for reports. */
  readonly description: string;
}

/**
 * A field the API server allocates rather than defaults (an IP, a port): it is not filled
 * by {@link applyApiDefaults}, but a value absent from a PUT is kept from the stored object.
 */
export interface ServerAllocatedField {
  /** The kind (`v1` Service). */
  readonly kind: string;
  /** The dotted path from the object root; `[]` marks every item of a list. */
  readonly field: string;
  /** The Kubernetes source. */
  readonly source: string;
  /** What the server does. */
  readonly description: string;
}

const CORE = 'pkg/apis/core/v1/defaults.go';
const APPS = 'pkg/apis/apps/v1/defaults.go';
const BATCH = 'pkg/apis/batch/v1/defaults.go';
const TYPES = 'staging/src/k8s.io/api/core/v1/types.go';

/** `SetDefaults_Container`: `:latest` or no tag (and no digest) pulls Always, anything else IfNotPresent. */
export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

// pkg/util/parsers/parsers.go: ParseImageName (docker reference): the tag follows the last ':'
// after the last '/', before any '@digest'; no tag and no digest means "latest"; an image that
// does not parse (an empty string, upper-case repository) has no tag.
function imageTag(image: string): string {
  if (!image || /\s/.test(image)) return '';
  const at = image.indexOf('@');
  const named = at < 0 ? image : image.slice(0, at);
  const hasDigest = at >= 0;
  const lastSlash = named.lastIndexOf('/');
  const colon = named.indexOf(':', lastSlash + 1);
  const repository = colon < 0 ? named : named.slice(0, colon);
  const path = lastSlash < 0 ? repository : repository.slice(repository.indexOf('/') + 1);
  if (!repository || /[A-Z]/.test(path)) return '';
  if (colon >= 0) return named.slice(colon + 1);
  return hasDigest ? '' : 'latest';
}

const absent = (v: JsonValue | undefined) => v === undefined || v === null;

function externallyAccessible(spec: JsonObject): boolean {
  // pkg/api/v1/service/util.go: ExternallyAccessible.
  const type = spec.type;
  return type === 'LoadBalancer' || type === 'NodePort' ||
    (type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
}

/**
 * The defaulting table, in the order the API server applies it within each scope. Rows of
 * one scope run before the rows of the structs nested in it.
 *
 * Deliberately absent: `enableServiceLinks` (set by `SetDefaults_Pod` on Pods only, never on
 * the pod templates of workloads), `status`, feature-gated defaults of alpha features, and
 * values the server allocates (see {@link SERVER_ALLOCATED_FIELDS}).
 */
export const API_DEFAULT_RULES: readonly ApiDefaultRule[] = [
  // apps/v1 Deployment
  { id: 'deployment-replicas', scope: 'Deployment', field: 'spec.replicas', value: 1, source: `${APPS}: SetDefaults_Deployment`, description: 'replicas: 1' },
  { id: 'deployment-strategy-type', scope: 'Deployment', field: 'spec.strategy.type', value: 'RollingUpdate', source: `${APPS}: SetDefaults_Deployment`, description: 'strategy.type: RollingUpdate' },
  {
    id: 'deployment-max-unavailable', scope: 'Deployment', field: 'spec.strategy.rollingUpdate.maxUnavailable', value: '25%',
    when: (o) => child(child(o, 'spec'), 'strategy')?.type === 'RollingUpdate', source: `${APPS}: SetDefaults_Deployment`,
    description: 'rollingUpdate.maxUnavailable: 25% for RollingUpdate',
  },
  {
    id: 'deployment-max-surge', scope: 'Deployment', field: 'spec.strategy.rollingUpdate.maxSurge', value: '25%',
    when: (o) => child(child(o, 'spec'), 'strategy')?.type === 'RollingUpdate', source: `${APPS}: SetDefaults_Deployment`,
    description: 'rollingUpdate.maxSurge: 25% for RollingUpdate',
  },
  { id: 'deployment-revision-history-limit', scope: 'Deployment', field: 'spec.revisionHistoryLimit', value: 10, source: `${APPS}: SetDefaults_Deployment`, description: 'revisionHistoryLimit: 10' },
  { id: 'deployment-progress-deadline', scope: 'Deployment', field: 'spec.progressDeadlineSeconds', value: 600, source: `${APPS}: SetDefaults_Deployment`, description: 'progressDeadlineSeconds: 600' },

  // apps/v1 StatefulSet
  { id: 'statefulset-pod-management-policy', scope: 'StatefulSet', field: 'spec.podManagementPolicy', value: 'OrderedReady', source: `${APPS}: SetDefaults_StatefulSet`, description: 'podManagementPolicy: OrderedReady' },
  {
    // only when the type was empty is rollingUpdate created; this row runs before the type row.
    id: 'statefulset-rolling-update', scope: 'StatefulSet', field: 'spec.updateStrategy.rollingUpdate', value: {},
    when: (o) => absent(child(child(o, 'spec'), 'updateStrategy')?.type), source: `${APPS}: SetDefaults_StatefulSet`,
    description: 'updateStrategy.rollingUpdate: {} when updateStrategy.type is empty',
  },
  { id: 'statefulset-update-strategy-type', scope: 'StatefulSet', field: 'spec.updateStrategy.type', value: 'RollingUpdate', source: `${APPS}: SetDefaults_StatefulSet`, description: 'updateStrategy.type: RollingUpdate' },
  {
    id: 'statefulset-partition', scope: 'StatefulSet', field: 'spec.updateStrategy.rollingUpdate.partition', value: 0,
    when: (o) => {
      const strategy = child(child(o, 'spec'), 'updateStrategy');
      return strategy?.type === 'RollingUpdate' && isJsonObject(strategy.rollingUpdate);
    },
    source: `${APPS}: SetDefaults_StatefulSet`, description: 'rollingUpdate.partition: 0 for RollingUpdate with a rollingUpdate block',
  },
  {
    id: 'statefulset-pvc-retention-when-deleted', scope: 'StatefulSet', field: 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted', value: 'Retain',
    source: `${APPS}: SetDefaults_StatefulSet (feature StatefulSetAutoDeletePVC, on by default since 1.27)`, description: 'persistentVolumeClaimRetentionPolicy.whenDeleted: Retain',
  },
  {
    id: 'statefulset-pvc-retention-when-scaled', scope: 'StatefulSet', field: 'spec.persistentVolumeClaimRetentionPolicy.whenScaled', value: 'Retain',
    source: `${APPS}: SetDefaults_StatefulSet (feature StatefulSetAutoDeletePVC, on by default since 1.27)`, description: 'persistentVolumeClaimRetentionPolicy.whenScaled: Retain',
  },
  { id: 'statefulset-replicas', scope: 'StatefulSet', field: 'spec.replicas', value: 1, source: `${APPS}: SetDefaults_StatefulSet`, description: 'replicas: 1' },
  { id: 'statefulset-revision-history-limit', scope: 'StatefulSet', field: 'spec.revisionHistoryLimit', value: 10, source: `${APPS}: SetDefaults_StatefulSet`, description: 'revisionHistoryLimit: 10' },
  {
    id: 'statefulset-claim-template-api-version', scope: 'PersistentVolumeClaimTemplate', field: 'apiVersion', value: 'v1', overwrite: true,
    source: 'pkg/apis/apps/v1/conversion.go: Convert_apps_StatefulSetSpec_To_v1_StatefulSetSpec (kubernetes#87583)',
    description: 'volumeClaimTemplates[].apiVersion: v1 on output',
  },
  {
    id: 'statefulset-claim-template-kind', scope: 'PersistentVolumeClaimTemplate', field: 'kind', value: 'PersistentVolumeClaim', overwrite: true,
    source: 'pkg/apis/apps/v1/conversion.go: Convert_apps_StatefulSetSpec_To_v1_StatefulSetSpec (kubernetes#87583)',
    description: 'volumeClaimTemplates[].kind: PersistentVolumeClaim on output',
  },
  {
    id: 'statefulset-claim-template-phase', scope: 'PersistentVolumeClaimTemplate', field: 'status.phase', value: 'Pending',
    source: `${CORE}: SetDefaults_PersistentVolumeClaim (called for each claim template)`, description: 'volumeClaimTemplates[].status.phase: Pending',
  },

  // apps/v1 DaemonSet
  { id: 'daemonset-update-strategy-type', scope: 'DaemonSet', field: 'spec.updateStrategy.type', value: 'RollingUpdate', source: `${APPS}: SetDefaults_DaemonSet`, description: 'updateStrategy.type: RollingUpdate' },
  {
    id: 'daemonset-max-unavailable', scope: 'DaemonSet', field: 'spec.updateStrategy.rollingUpdate.maxUnavailable', value: 1,
    when: (o) => child(child(o, 'spec'), 'updateStrategy')?.type === 'RollingUpdate', source: `${APPS}: SetDefaults_DaemonSet`,
    description: 'rollingUpdate.maxUnavailable: 1 for RollingUpdate',
  },
  {
    id: 'daemonset-max-surge', scope: 'DaemonSet', field: 'spec.updateStrategy.rollingUpdate.maxSurge', value: 0,
    when: (o) => child(child(o, 'spec'), 'updateStrategy')?.type === 'RollingUpdate', source: `${APPS}: SetDefaults_DaemonSet`,
    description: 'rollingUpdate.maxSurge: 0 for RollingUpdate',
  },
  { id: 'daemonset-revision-history-limit', scope: 'DaemonSet', field: 'spec.revisionHistoryLimit', value: 10, source: `${APPS}: SetDefaults_DaemonSet`, description: 'revisionHistoryLimit: 10' },

  // apps/v1 ReplicaSet
  { id: 'replicaset-replicas', scope: 'ReplicaSet', field: 'spec.replicas', value: 1, source: `${APPS}: SetDefaults_ReplicaSet`, description: 'replicas: 1' },

  // batch/v1 Job
  {
    id: 'job-completions', scope: 'Job', field: 'spec.completions', value: 1, when: (o) => absent(child(o, 'spec')?.parallelism),
    source: `${BATCH}: SetDefaults_Job`, description: 'completions: 1 when completions and parallelism are both unset',
  },
  { id: 'job-parallelism', scope: 'Job', field: 'spec.parallelism', value: 1, source: `${BATCH}: SetDefaults_Job`, description: 'parallelism: 1' },
  {
    id: 'job-backoff-limit', scope: 'Job', field: 'spec.backoffLimit',
    value: (o) => (absent(child(o, 'spec')?.backoffLimitPerIndex) ? 6 : 2147483647),
    source: `${BATCH}: SetDefaults_Job`, description: 'backoffLimit: 6 (MaxInt32 with backoffLimitPerIndex)',
  },
  {
    id: 'job-labels', scope: 'Job', field: 'metadata.labels',
    value: (o) => {
      const labels = child(child(child(o, 'spec'), 'template'), 'metadata')?.labels;
      return isJsonObject(labels) ? cloneJson(labels) : undefined;
    },
    when: (o) => {
      const labels = child(o, 'metadata')?.labels;
      return !isJsonObject(labels) || Object.keys(labels).length === 0;
    },
    source: `${BATCH}: SetDefaults_Job`, description: 'metadata.labels: the pod template labels when the Job has none',
  },
  { id: 'job-completion-mode', scope: 'Job', field: 'spec.completionMode', value: 'NonIndexed', source: `${BATCH}: SetDefaults_Job`, description: 'completionMode: NonIndexed' },
  { id: 'job-suspend', scope: 'Job', field: 'spec.suspend', value: false, source: `${BATCH}: SetDefaults_Job`, description: 'suspend: false' },
  {
    id: 'job-pod-replacement-policy', scope: 'Job', field: 'spec.podReplacementPolicy',
    value: (o) => (absent(child(o, 'spec')?.podFailurePolicy) ? 'TerminatingOrFailed' : 'Failed'),
    source: `${BATCH}: SetDefaults_Job (feature JobPodReplacementPolicy, on by default since 1.29)`,
    description: 'podReplacementPolicy: TerminatingOrFailed (Failed with a podFailurePolicy)',
  },

  // batch/v1 CronJob (batch/v1beta1 has the same SetDefaults_CronJob); its jobTemplate gets no Job defaults.
  { id: 'cronjob-concurrency-policy', scope: 'CronJob', field: 'spec.concurrencyPolicy', value: 'Allow', source: `${BATCH}: SetDefaults_CronJob`, description: 'concurrencyPolicy: Allow' },
  { id: 'cronjob-suspend', scope: 'CronJob', field: 'spec.suspend', value: false, source: `${BATCH}: SetDefaults_CronJob`, description: 'suspend: false' },
  { id: 'cronjob-successful-history', scope: 'CronJob', field: 'spec.successfulJobsHistoryLimit', value: 3, source: `${BATCH}: SetDefaults_CronJob`, description: 'successfulJobsHistoryLimit: 3' },
  { id: 'cronjob-failed-history', scope: 'CronJob', field: 'spec.failedJobsHistoryLimit', value: 1, source: `${BATCH}: SetDefaults_CronJob`, description: 'failedJobsHistoryLimit: 1' },

  // v1 Pod (the object; its spec also gets the PodSpec rows)
  {
    id: 'pod-enable-service-links', scope: 'Pod', field: 'spec.enableServiceLinks', value: true,
    source: `${CORE}: SetDefaults_Pod`, description: 'enableServiceLinks: true (Pods only, not pod templates)',
  },
  {
    id: 'pod-requests-from-limits', scope: 'Pod', field: 'spec', overwrite: true,
    value: (o) => {
      const spec = cloneJson(child(o, 'spec') ?? {});
      for (const list of ['containers', 'initContainers']) {
        for (const c of objectItems(spec, list)) {
          const resources = child(c, 'resources');
          const limits = child(resources, 'limits');
          if (!resources || !limits) continue;
          const requests = ensureChild(resources, 'requests');
          for (const k of Object.keys(limits)) if (!hasOwn(requests, k)) setOwn(requests, k, limits[k]);
        }
      }
      return spec;
    },
    source: `${CORE}: SetDefaults_Pod`, description: 'each container\'s resources.requests default to its limits (Pods only)',
  },
  {
    id: 'pod-host-network-ports', scope: 'Pod', field: 'spec', overwrite: true, when: (o) => child(o, 'spec')?.hostNetwork === true,
    value: (o) => {
      const spec = cloneJson(child(o, 'spec') ?? {});
      for (const list of ['containers', 'initContainers']) {
        for (const c of objectItems(spec, list)) {
          for (const p of objectItems(c, 'ports')) if (absent(p.hostPort) || p.hostPort === 0) p.hostPort = p.containerPort ?? 0;
        }
      }
      return spec;
    },
    source: `${CORE}: SetDefaults_Pod (defaultHostNetworkPorts)`, description: 'with hostNetwork, each container port\'s hostPort defaults to containerPort (Pods only)',
  },

  // v1 PodSpec (every pod template)
  { id: 'podspec-dns-policy', scope: 'PodSpec', field: 'dnsPolicy', value: 'ClusterFirst', source: `${CORE}: SetDefaults_PodSpec`, description: 'dnsPolicy: ClusterFirst' },
  { id: 'podspec-restart-policy', scope: 'PodSpec', field: 'restartPolicy', value: 'Always', source: `${CORE}: SetDefaults_PodSpec`, description: 'restartPolicy: Always' },
  { id: 'podspec-security-context', scope: 'PodSpec', field: 'securityContext', value: {}, source: `${CORE}: SetDefaults_PodSpec`, description: 'securityContext: {}' },
  { id: 'podspec-termination-grace-period', scope: 'PodSpec', field: 'terminationGracePeriodSeconds', value: 30, source: `${CORE}: SetDefaults_PodSpec`, description: 'terminationGracePeriodSeconds: 30' },
  { id: 'podspec-scheduler-name', scope: 'PodSpec', field: 'schedulerName', value: 'default-scheduler', source: `${CORE}: SetDefaults_PodSpec`, description: 'schedulerName: default-scheduler' },
  {
    id: 'podspec-service-account-name', scope: 'PodSpec', field: 'serviceAccountName', value: (o) => (str(o, 'serviceAccount') || undefined),
    source: 'pkg/apis/core/v1/conversion.go: Convert_v1_PodSpec_To_core_PodSpec', description: 'serviceAccountName: the deprecated serviceAccount when only that is set',
  },
  {
    id: 'podspec-service-account', scope: 'PodSpec', field: 'serviceAccount', overwrite: true, value: (o) => (str(o, 'serviceAccountName') || undefined),
    source: 'pkg/apis/core/v1/conversion.go: Convert_core_PodSpec_To_v1_PodSpec', description: 'serviceAccount (deprecated): a copy of serviceAccountName on output',
  },

  // v1 Container (containers, initContainers, ephemeralContainers)
  {
    id: 'container-image-pull-policy', scope: 'Container', field: 'imagePullPolicy', value: (o) => defaultImagePullPolicy(str(o, 'image')),
    source: `${CORE}: SetDefaults_Container`, description: 'imagePullPolicy: Always for :latest or no tag, else IfNotPresent',
  },
  { id: 'container-termination-message-path', scope: 'Container', field: 'terminationMessagePath', value: '/dev/termination-log', source: `${CORE}: SetDefaults_Container`, description: 'terminationMessagePath: /dev/termination-log' },
  { id: 'container-termination-message-policy', scope: 'Container', field: 'terminationMessagePolicy', value: 'File', source: `${CORE}: SetDefaults_Container`, description: 'terminationMessagePolicy: File' },
  { id: 'container-port-protocol', scope: 'ContainerPort', field: 'protocol', value: 'TCP', source: `${TYPES}: ContainerPort.Protocol +default="TCP"`, description: 'ports[].protocol: TCP' },

  // v1 Probe and handlers
  { id: 'probe-timeout', scope: 'Probe', field: 'timeoutSeconds', value: 1, source: `${CORE}: SetDefaults_Probe`, description: 'timeoutSeconds: 1' },
  { id: 'probe-period', scope: 'Probe', field: 'periodSeconds', value: 10, source: `${CORE}: SetDefaults_Probe`, description: 'periodSeconds: 10' },
  { id: 'probe-success-threshold', scope: 'Probe', field: 'successThreshold', value: 1, source: `${CORE}: SetDefaults_Probe`, description: 'successThreshold: 1' },
  { id: 'probe-failure-threshold', scope: 'Probe', field: 'failureThreshold', value: 3, source: `${CORE}: SetDefaults_Probe`, description: 'failureThreshold: 3' },
  { id: 'http-get-path', scope: 'HTTPGetAction', field: 'path', value: '/', source: `${CORE}: SetDefaults_HTTPGetAction`, description: 'httpGet.path: /' },
  { id: 'http-get-scheme', scope: 'HTTPGetAction', field: 'scheme', value: 'HTTP', source: `${CORE}: SetDefaults_HTTPGetAction`, description: 'httpGet.scheme: HTTP' },
  { id: 'grpc-service', scope: 'GRPCAction', field: 'service', value: '', source: `${TYPES}: GRPCAction.Service +default=""`, description: 'grpc.service: ""' },
  { id: 'field-ref-api-version', scope: 'ObjectFieldSelector', field: 'apiVersion', value: 'v1', source: `${CORE}: SetDefaults_ObjectFieldSelector`, description: 'fieldRef.apiVersion: v1' },

  // v1 Volume and volume sources
  {
    id: 'volume-empty-dir', scope: 'Volume', field: 'emptyDir', value: {},
    when: (o) => Object.keys(o).every((k) => k === 'name' || absent(o[k])),
    source: `${CORE}: SetDefaults_Volume`, description: 'a volume without a source is an emptyDir: {}',
  },
  { id: 'secret-volume-default-mode', scope: 'SecretVolumeSource', field: 'defaultMode', value: 420, source: `${CORE}: SetDefaults_SecretVolumeSource`, description: 'secret.defaultMode: 420 (0644)' },
  { id: 'configmap-volume-default-mode', scope: 'ConfigMapVolumeSource', field: 'defaultMode', value: 420, source: `${CORE}: SetDefaults_ConfigMapVolumeSource`, description: 'configMap.defaultMode: 420 (0644)' },
  { id: 'downward-api-volume-default-mode', scope: 'DownwardAPIVolumeSource', field: 'defaultMode', value: 420, source: `${CORE}: SetDefaults_DownwardAPIVolumeSource`, description: 'downwardAPI.defaultMode: 420 (0644)' },
  { id: 'projected-volume-default-mode', scope: 'ProjectedVolumeSource', field: 'defaultMode', value: 420, source: `${CORE}: SetDefaults_ProjectedVolumeSource`, description: 'projected.defaultMode: 420 (0644)' },
  { id: 'service-account-token-expiration', scope: 'ServiceAccountTokenProjection', field: 'expirationSeconds', value: 3600, source: `${CORE}: SetDefaults_ServiceAccountTokenProjection`, description: 'serviceAccountToken.expirationSeconds: 3600' },
  { id: 'host-path-type', scope: 'HostPathVolumeSource', field: 'type', value: '', source: `${CORE}: SetDefaults_HostPathVolumeSource`, description: 'hostPath.type: "" (HostPathUnset)' },
  { id: 'iscsi-interface', scope: 'ISCSIVolumeSource', field: 'iscsiInterface', value: 'default', source: `${TYPES}: ISCSIVolumeSource.ISCSIInterface +default="default"`, description: 'iscsi.iscsiInterface: default' },
  { id: 'rbd-pool', scope: 'RBDVolumeSource', field: 'pool', value: 'rbd', source: `${TYPES}: RBDVolumeSource.RBDPool +default="rbd"`, description: 'rbd.pool: rbd' },
  { id: 'rbd-user', scope: 'RBDVolumeSource', field: 'user', value: 'admin', source: `${TYPES}: RBDVolumeSource.RadosUser +default="admin"`, description: 'rbd.user: admin' },
  { id: 'rbd-keyring', scope: 'RBDVolumeSource', field: 'keyring', value: '/etc/ceph/keyring', source: `${TYPES}: RBDVolumeSource.Keyring +default="/etc/ceph/keyring"`, description: 'rbd.keyring: /etc/ceph/keyring' },
  { id: 'azure-disk-caching-mode', scope: 'AzureDiskVolumeSource', field: 'cachingMode', value: 'ReadWrite', source: `${TYPES}: AzureDiskVolumeSource.CachingMode +default`, description: 'azureDisk.cachingMode: ReadWrite' },
  { id: 'azure-disk-fs-type', scope: 'AzureDiskVolumeSource', field: 'fsType', value: 'ext4', source: `${TYPES}: AzureDiskVolumeSource.FSType +default="ext4"`, description: 'azureDisk.fsType: ext4' },
  { id: 'azure-disk-read-only', scope: 'AzureDiskVolumeSource', field: 'readOnly', value: false, source: `${TYPES}: AzureDiskVolumeSource.ReadOnly +default=false`, description: 'azureDisk.readOnly: false' },
  { id: 'azure-disk-kind', scope: 'AzureDiskVolumeSource', field: 'kind', value: 'Shared', source: `${TYPES}: AzureDiskVolumeSource.Kind +default`, description: 'azureDisk.kind: Shared' },
  { id: 'scaleio-storage-mode', scope: 'ScaleIOVolumeSource', field: 'storageMode', value: 'ThinProvisioned', source: `${TYPES}: ScaleIOVolumeSource.StorageMode +default="ThinProvisioned"`, description: 'scaleIO.storageMode: ThinProvisioned' },
  { id: 'scaleio-fs-type', scope: 'ScaleIOVolumeSource', field: 'fsType', value: 'xfs', source: `${TYPES}: ScaleIOVolumeSource.FSType +default="xfs"`, description: 'scaleIO.fsType: xfs' },
  {
    id: 'pvc-volume-mode', scope: 'PersistentVolumeClaimSpec', field: 'volumeMode', value: 'Filesystem',
    source: `${CORE}: SetDefaults_PersistentVolumeClaimSpec`, description: 'volumeMode: Filesystem (PVCs, claim templates, ephemeral volumes)',
  },

  // v1 Service
  { id: 'service-session-affinity', scope: 'Service', field: 'spec.sessionAffinity', value: 'None', source: `${CORE}: SetDefaults_Service`, description: 'sessionAffinity: None' },
  {
    id: 'service-session-affinity-config-none', scope: 'Service', field: 'spec.sessionAffinityConfig', remove: true,
    when: (o) => child(o, 'spec')?.sessionAffinity === 'None', source: `${CORE}: SetDefaults_Service`,
    description: 'sessionAffinityConfig removed when sessionAffinity is None',
  },
  {
    id: 'service-session-affinity-timeout', scope: 'Service', field: 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', value: 10800,
    when: (o) => child(o, 'spec')?.sessionAffinity === 'ClientIP', source: `${CORE}: SetDefaults_Service`,
    description: 'sessionAffinityConfig.clientIP.timeoutSeconds: 10800 for ClientIP',
  },
  { id: 'service-type', scope: 'Service', field: 'spec.type', value: 'ClusterIP', source: `${CORE}: SetDefaults_Service`, description: 'type: ClusterIP' },
  {
    id: 'service-external-traffic-policy', scope: 'Service', field: 'spec.externalTrafficPolicy', value: 'Cluster',
    when: (o) => externallyAccessible(child(o, 'spec') ?? {}), source: `${CORE}: SetDefaults_Service`,
    description: 'externalTrafficPolicy: Cluster for NodePort, LoadBalancer and ClusterIP with externalIPs',
  },
  {
    id: 'service-internal-traffic-policy', scope: 'Service', field: 'spec.internalTrafficPolicy', value: 'Cluster',
    when: (o) => ['ClusterIP', 'NodePort', 'LoadBalancer'].includes(str(child(o, 'spec'), 'type')), source: `${CORE}: SetDefaults_Service`,
    description: 'internalTrafficPolicy: Cluster for ClusterIP, NodePort and LoadBalancer',
  },
  {
    id: 'service-allocate-lb-node-ports', scope: 'Service', field: 'spec.allocateLoadBalancerNodePorts', value: true,
    when: (o) => child(o, 'spec')?.type === 'LoadBalancer', source: `${CORE}: SetDefaults_Service`, description: 'allocateLoadBalancerNodePorts: true for LoadBalancer',
  },
  { id: 'service-port-protocol', scope: 'ServicePort', field: 'protocol', value: 'TCP', source: `${CORE}: SetDefaults_Service`, description: 'ports[].protocol: TCP' },
  {
    id: 'service-port-target-port', scope: 'ServicePort', field: 'targetPort', overwrite: true,
    value: (o) => (absent(o.targetPort) || o.targetPort === 0 || o.targetPort === '' ? o.port ?? null : o.targetPort),
    source: `${CORE}: SetDefaults_Service`, description: 'ports[].targetPort: the port when unset, 0 or ""',
  },

  // v1 Secret (ConfigMap: SetDefaults_ConfigMap only makes data an empty map, which is not written)
  { id: 'secret-type', scope: 'Secret', field: 'type', value: 'Opaque', source: `${CORE}: SetDefaults_Secret`, description: 'type: Opaque' },
];

/**
 * Fields the API server allocates on create and keeps on update when a PUT leaves them out
 * (k8s pkg/registry/core/service/storage/storage.go: patchAllocatedValues and the IP-family
 * initialization). Karmada additionally retains `clusterIP` and `healthCheckNodePort`.
 */
export const SERVER_ALLOCATED_FIELDS: readonly ServerAllocatedField[] = [
  { kind: 'Service', field: 'spec.clusterIP', source: 'pkg/registry/core/service/storage/storage.go: patchAllocatedValues', description: 'allocated from the service CIDR; kept from the stored object when a PUT leaves it empty' },
  { kind: 'Service', field: 'spec.clusterIPs', source: 'pkg/registry/core/service/storage/storage.go: patchAllocatedValues', description: 'allocated; kept from the stored object when a PUT leaves it empty' },
  { kind: 'Service', field: 'spec.ipFamilies', source: 'pkg/registry/core/service/storage/alloc.go: initIPFamilyFields', description: 'derived from the cluster\'s families and the clusterIPs; kept on update when left out' },
  { kind: 'Service', field: 'spec.ipFamilyPolicy', source: 'pkg/registry/core/service/storage/alloc.go: initIPFamilyFields', description: 'SingleStack unless requested otherwise; kept on update when left out' },
  { kind: 'Service', field: 'spec.ports[].nodePort', source: 'pkg/registry/core/service/storage/storage.go: patchAllocatedValues', description: 'allocated for NodePort/LoadBalancer; a port without one gets the stored port\'s of the same name' },
  { kind: 'Service', field: 'spec.healthCheckNodePort', source: 'pkg/registry/core/service/storage/storage.go: patchAllocatedValues', description: 'allocated for LoadBalancer with externalTrafficPolicy Local; kept when left out' },
];

interface CompiledRule {
  readonly rule: ApiDefaultRule;
  readonly parents: readonly string[];
  readonly leaf: string;
}

const RULES_BY_SCOPE: ReadonlyMap<ApiDefaultScope, readonly CompiledRule[]> = (() => {
  const m = new Map<ApiDefaultScope, CompiledRule[]>();
  for (const rule of API_DEFAULT_RULES) {
    const path = rule.field.split('.');
    const compiled = { rule, parents: path.slice(0, -1), leaf: path[path.length - 1] };
    const list = m.get(rule.scope);
    if (list) list.push(compiled);
    else m.set(rule.scope, [compiled]);
  }
  return m;
})();

type Walker = (obj: JsonObject) => void;

/**
 * Returns a deep copy of `obj` with the Kubernetes API server's defaults filled in, as
 * `kubectl get -o yaml` would show it after a create (without allocated values and status):
 * the rows of {@link API_DEFAULT_RULES} that belong to its kind and to the structs nested in
 * it (pod templates, containers, probes, volumes, ports, claim templates).
 *
 * Kinds covered: apps/v1 Deployment, StatefulSet, DaemonSet, ReplicaSet; batch/v1 Job;
 * batch/v1 and batch/v1beta1 CronJob; v1 Pod, Service, PersistentVolumeClaim, Secret.
 * Any other object (ConfigMap, Ingress, custom resources, removed API versions) is copied
 * unchanged. Pure and idempotent: applying it to its own result changes nothing.
 */
export function applyApiDefaults<T extends JsonValue>(obj: T): T {
  const copy = cloneJson(obj);
  if (isJsonObject(copy)) applyApiDefaultsInPlace(copy);
  return copy;
}

/**
 * {@link applyApiDefaults} on an object the caller owns, changed in place.
 *
 * @internal
 */
export function applyApiDefaultsInPlace(obj: JsonObject): void {
  const walk = KIND_WALKERS.get(`${str(obj, 'apiVersion')}\u0000${str(obj, 'kind')}`);
  if (walk) walk(obj);
}

function applyRules(scope: ApiDefaultScope, obj: JsonObject | undefined): void {
  if (!obj) return;
  for (const { rule, parents, leaf } of RULES_BY_SCOPE.get(scope) ?? []) {
    if (rule.when && !rule.when(obj)) continue;
    if (rule.remove) {
      let parent: JsonObject | undefined = obj;
      for (const seg of parents) parent = child(parent, seg);
      if (parent) delete parent[leaf];
      continue;
    }
    let parent = obj;
    for (const seg of parents) parent = ensureChild(parent, seg);
    if (!rule.overwrite && !absent(parent[leaf])) continue;
    const value = typeof rule.value === 'function' ? rule.value(obj) : rule.value;
    if (value === undefined) continue;
    setOwn(parent, leaf, cloneJson(value));
  }
}

function each(list: JsonObject | undefined, key: string, fn: (o: JsonObject) => void): void {
  for (const o of objectItems(list, key)) fn(o);
}

function walkPvcSpec(spec: JsonObject | undefined): void {
  applyRules('PersistentVolumeClaimSpec', spec);
}

function walkContainer(c: JsonObject): void {
  applyRules('Container', c);
  each(c, 'ports', (p) => applyRules('ContainerPort', p));
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const p = child(c, probe);
    if (!p) continue;
    applyRules('Probe', p);
    applyRules('HTTPGetAction', child(p, 'httpGet'));
    applyRules('GRPCAction', child(p, 'grpc'));
  }
  const lifecycle = child(c, 'lifecycle');
  for (const hook of ['postStart', 'preStop']) applyRules('HTTPGetAction', child(child(lifecycle, hook), 'httpGet'));
  each(c, 'env', (e) => applyRules('ObjectFieldSelector', child(child(e, 'valueFrom'), 'fieldRef')));
}

function walkDownwardItems(source: JsonObject | undefined): void {
  each(source, 'items', (i) => applyRules('ObjectFieldSelector', child(i, 'fieldRef')));
}

function walkVolume(v: JsonObject): void {
  applyRules('Volume', v);
  applyRules('SecretVolumeSource', child(v, 'secret'));
  applyRules('ConfigMapVolumeSource', child(v, 'configMap'));
  const downward = child(v, 'downwardAPI');
  applyRules('DownwardAPIVolumeSource', downward);
  walkDownwardItems(downward);
  const projected = child(v, 'projected');
  applyRules('ProjectedVolumeSource', projected);
  each(projected, 'sources', (s) => {
    applyRules('ServiceAccountTokenProjection', child(s, 'serviceAccountToken'));
    walkDownwardItems(child(s, 'downwardAPI'));
  });
  applyRules('HostPathVolumeSource', child(v, 'hostPath'));
  applyRules('ISCSIVolumeSource', child(v, 'iscsi'));
  applyRules('RBDVolumeSource', child(v, 'rbd'));
  applyRules('AzureDiskVolumeSource', child(v, 'azureDisk'));
  applyRules('ScaleIOVolumeSource', child(v, 'scaleIO'));
  walkPvcSpec(child(child(child(v, 'ephemeral'), 'volumeClaimTemplate'), 'spec'));
}

function walkPodSpec(spec: JsonObject | undefined): void {
  if (!spec) return;
  applyRules('PodSpec', spec);
  each(spec, 'volumes', walkVolume);
  each(spec, 'initContainers', walkContainer);
  each(spec, 'containers', walkContainer);
  each(spec, 'ephemeralContainers', walkContainer);
}

function walkTemplateOf(spec: JsonObject | undefined): void {
  walkPodSpec(child(child(spec, 'template'), 'spec'));
}

const walkers: Record<string, Walker> = {
  Deployment: (o) => {
    applyRules('Deployment', o);
    walkTemplateOf(child(o, 'spec'));
  },
  StatefulSet: (o) => {
    applyRules('StatefulSet', o);
    const spec = child(o, 'spec');
    walkTemplateOf(spec);
    each(spec, 'volumeClaimTemplates', (t) => {
      applyRules('PersistentVolumeClaimTemplate', t);
      walkPvcSpec(child(t, 'spec'));
    });
  },
  DaemonSet: (o) => {
    applyRules('DaemonSet', o);
    walkTemplateOf(child(o, 'spec'));
  },
  ReplicaSet: (o) => {
    applyRules('ReplicaSet', o);
    walkTemplateOf(child(o, 'spec'));
  },
  Job: (o) => {
    applyRules('Job', o);
    walkTemplateOf(child(o, 'spec'));
  },
  CronJob: (o) => {
    applyRules('CronJob', o);
    walkTemplateOf(child(child(child(o, 'spec'), 'jobTemplate'), 'spec'));
  },
  Pod: (o) => {
    applyRules('Pod', o);
    walkPodSpec(child(o, 'spec'));
  },
  Service: (o) => {
    applyRules('Service', o);
    each(child(o, 'spec'), 'ports', (p) => applyRules('ServicePort', p));
  },
  PersistentVolumeClaim: (o) => walkPvcSpec(child(o, 'spec')),
  Secret: (o) => applyRules('Secret', o),
};

const KIND_WALKERS: ReadonlyMap<string, Walker> = new Map([
  ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].map((k): [string, Walker] => [`apps/v1\u0000${k}`, walkers[k]]),
  ['batch/v1\u0000Job', walkers.Job],
  ['batch/v1\u0000CronJob', walkers.CronJob],
  ['batch/v1beta1\u0000CronJob', walkers.CronJob],
  ...['Pod', 'Service', 'PersistentVolumeClaim', 'Secret'].map((k): [string, Walker] => [`v1\u0000${k}`, walkers[k]]),
]);
