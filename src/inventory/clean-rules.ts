import { MutableRecord, isRecord } from '../kube/json';

/** An API group and a kind: `{ group: 'apps', kind: 'Deployment' }`; `''` is the core group. */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

/**
 * One thing {@link cleanObject} removes from an exported object: a field the cluster
 * filled in, which a resource template must not carry.
 */
export interface CleanRule {
  /** a stable kebab-case identifier, for reports and tests. */
  readonly id: string;
  /** what the rule removes and why, for a person reading a report. */
  readonly description: string;
  /** the kinds the rule applies to, or `'all'`. */
  readonly appliesTo: 'all' | readonly GroupKind[];
  /**
   * removes the fields from `obj`, a private deep copy the rule may change; it must leave
   * an object it has already cleaned unchanged (cleaning is idempotent).
   */
  readonly apply: (obj: MutableRecord) => void;
  /**
   * fields `apply` removes whatever their value (`['metadata', 'managedFields']`): {@link cleanObject}
   * leaves them out of its copy instead of copying them to be removed. Honoured only for the
   * rules of {@link CLEAN_RULES} themselves, in the leading run of rules that declare it: a rule
   * of another origin before them, or a copy of one with another `apply`, could read the fields,
   * and then every field is copied.
   *
   * @default - none: every field is copied
   */
  readonly removes?: readonly (readonly string[])[];
}

// deleting a key that is not there is a no-op, so rules need not test first.
function deleteKeys(record: MutableRecord | undefined, keys: readonly string[]): void {
  if (record) for (const k of keys) delete record[k];
}

function field(record: MutableRecord | undefined, key: string): MutableRecord | undefined {
  const v = record?.[key];
  return isRecord(v) ? v : undefined;
}

function metadata(obj: MutableRecord): MutableRecord | undefined {
  return field(obj, 'metadata');
}

function deleteAnnotations(obj: MutableRecord, keys: readonly string[]): void {
  deleteKeys(field(metadata(obj), 'annotations'), keys);
}

function deleteLabels(obj: MutableRecord, keys: readonly string[]): void {
  deleteKeys(field(metadata(obj), 'labels'), keys);
}

/** the labels Karmada writes on what it claims and propagates (well_known_constants.go of policy and work). */
export const KARMADA_LABELS: readonly string[] = [
  'propagationpolicy.karmada.io/permanent-id', 'clusterpropagationpolicy.karmada.io/permanent-id', 'karmada.io/managed',
  'resourcebinding.karmada.io/permanent-id', 'clusterresourcebinding.karmada.io/permanent-id', 'work.karmada.io/permanent-id',
];

/** the annotations Karmada writes on what it claims and propagates. */
export const KARMADA_ANNOTATIONS: readonly string[] = [
  'propagationpolicy.karmada.io/name', 'propagationpolicy.karmada.io/namespace', 'clusterpropagationpolicy.karmada.io/name',
  'resourcetemplate.karmada.io/uid', 'resourcetemplate.karmada.io/generation', 'resourcetemplate.karmada.io/managed-annotations',
  'resourcetemplate.karmada.io/managed-labels', 'work.karmada.io/name', 'work.karmada.io/namespace', 'resourcebinding.karmada.io/name',
  'resourcebinding.karmada.io/namespace', 'clusterresourcebinding.karmada.io/name',
];

function deleteIfEmpty(record: MutableRecord | undefined, key: string): void {
  const v = record?.[key];
  if (record && isRecord(v) && Object.keys(v).length === 0) delete record[key];
}

// the `metadata` of a pod template, job template or claim template: a zero creationTimestamp
// is written as `creationTimestamp: null` because metav1.Time is a struct that `omitempty`
// does not omit.
function deleteNullCreationTimestamp(template: MutableRecord | undefined): void {
  const meta = field(template, 'metadata');
  if (meta && meta.creationTimestamp === null) {
    delete meta.creationTimestamp;
    deleteIfEmpty(template, 'metadata');
  }
}

const SERVER_METADATA = [
  'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds',
  'selfLink', 'managedFields', 'ownerReferences', 'finalizers',
];

// the labels the API server gives a Job without `manualSelector` (both spellings: the
// `batch.kubernetes.io/` ones since Kubernetes 1.27, kubernetes/kubernetes#114930).
const JOB_GENERATED_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid', 'job-name', 'batch.kubernetes.io/job-name'];

const DEPLOYMENT: readonly GroupKind[] = [{ group: 'apps', kind: 'Deployment' }, { group: 'extensions', kind: 'Deployment' }];
const DAEMON_SET: readonly GroupKind[] = [{ group: 'apps', kind: 'DaemonSet' }, { group: 'extensions', kind: 'DaemonSet' }];

/**
 * The rules {@link cleanObject} applies, in order. Each follows a named source: first
 * Karmada's own `prune.RemoveIrrelevantFields`, which `karmadactl promote` runs on the
 * object it turns into a template and Karmada runs on every manifest it propagates, then
 * the Kubernetes code that writes the field.
 *
 * Deliberately kept: `spec.template` exactly as live (a different pod template rolls the
 * pods), including `kubectl.kubernetes.io/restartedAt`; `spec.replicas`; Service
 * `nodePort`s and a headless `clusterIP: None`; PVC `volumeName`; empty objects such as
 * `emptyDir: {}`, which mean something (kubectl-neat issue #18).
 */
export const CLEAN_RULES: readonly CleanRule[] = [
  {
    // karmada v1.18.2 pkg/resourceinterpreter/default/native/prune/prune.go: RemoveIrrelevantFields.
    id: 'server-metadata',
    description: 'metadata the API server and controllers write: uid, resourceVersion, generation, creationTimestamp, ' +
      'deletionTimestamp, deletionGracePeriodSeconds, selfLink, managedFields, ownerReferences, finalizers',
    appliesTo: 'all',
    apply: obj => deleteKeys(metadata(obj), SERVER_METADATA),
    removes: SERVER_METADATA.map(k => ['metadata', k]),
  },
  {
    // karmada prune.go: RemoveIrrelevantFields ("status").
    id: 'status',
    description: 'status, which the cluster writes',
    appliesTo: 'all',
    apply: obj => {
      delete obj.status;
    },
    removes: [['status']],
  },
  {
    // velero pkg/restore/restore.go: resetMetadata; kubectl-neat cmd/neat.go keeps only name,
    // namespace, labels and annotations. With a name set, generateName is never used again.
    id: 'generate-name',
    description: 'metadata.generateName when metadata.name is set: the name the object was generated with stays',
    appliesTo: 'all',
    apply: obj => {
      const meta = metadata(obj);
      if (meta && typeof meta.name === 'string' && meta.name !== '') delete meta.generateName;
    },
  },
  {
    // kubectl-neat cmd/neat.go; migtools/crane-lib transform/kubernetes/kubernetes.go (fieldsToStrip).
    id: 'last-applied-configuration',
    description: 'the kubectl.kubernetes.io/last-applied-configuration annotation: a copy of an earlier apply, stale once Karmada writes the object',
    appliesTo: 'all',
    apply: obj => deleteAnnotations(obj, ['kubectl.kubernetes.io/last-applied-configuration']),
  },
  {
    // since Argo CD v3.0 the annotation tracks which Application owns an object (Argo CD
    // docs/user-guide/resource_tracking.md, docs/operator-manual/upgrading/2.14-3.0.md).
    // Kept on a template, it names the old pipeline's Application to the Argo CD that
    // applies dist/ to Karmada (a resource "managed by another application"), and Karmada
    // would copy it onto the member object. The member object keeps its own copy: live
    // annotations absent from the template survive an Overwrite (karmada
    // pkg/util/objectwatcher/objectwatcher.go retainClusterFields).
    id: 'argocd-tracking-id',
    description: 'the argocd.argoproj.io/tracking-id annotation of the pipeline that applied the object before',
    appliesTo: 'all',
    apply: obj => deleteAnnotations(obj, ['argocd.argoproj.io/tracking-id']),
  },
  {
    // kubectl-neat issue #64: the API server writes the zero creationTimestamp of a nested
    // ObjectMeta as null; leaving it out is the same object after decoding.
    id: 'template-creation-timestamp',
    description: '`creationTimestamp: null` in pod templates, job templates and volume claim templates',
    appliesTo: 'all',
    apply: obj => {
      const spec = field(obj, 'spec');
      deleteNullCreationTimestamp(field(obj, 'template'));
      deleteNullCreationTimestamp(field(spec, 'template'));
      const jobTemplate = field(spec, 'jobTemplate');
      deleteNullCreationTimestamp(jobTemplate);
      deleteNullCreationTimestamp(field(field(jobTemplate, 'spec'), 'template'));
      const claims = spec?.volumeClaimTemplates;
      if (Array.isArray(claims)) for (const c of claims) if (isRecord(c)) deleteNullCreationTimestamp(c);
    },
  },
  {
    // kubernetes pkg/apis/apps/v1/defaults.go: SetDefaults_StatefulSet defaults each claim
    // template with SetDefaults_PersistentVolumeClaim, which sets status.phase: Pending again.
    id: 'volume-claim-template-status',
    description: 'status of StatefulSet volumeClaimTemplates (`phase: Pending`), which defaulting writes back',
    appliesTo: [{ group: 'apps', kind: 'StatefulSet' }],
    apply: obj => {
      const claims = field(obj, 'spec')?.volumeClaimTemplates;
      if (Array.isArray(claims)) for (const c of claims) if (isRecord(c)) delete c.status;
    },
  },
  {
    // karmada prune.go: removeDeploymentIrrelevantField.
    id: 'deployment-revision',
    description: 'the deployment.kubernetes.io/revision and revision-history annotations, which the Deployment controller writes',
    appliesTo: DEPLOYMENT,
    apply: obj => deleteAnnotations(obj, ['deployment.kubernetes.io/revision', 'deployment.kubernetes.io/revision-history']),
  },
  {
    // kubernetes pkg/apis/apps/v1/conversion.go: the internal spec.templateGeneration, which
    // the API server bumps (pkg/registry/apps/daemonset/strategy.go), travels in this annotation.
    id: 'daemonset-template-generation',
    description: 'the deprecated.daemonset.template.generation annotation, which the API server writes',
    appliesTo: DAEMON_SET,
    apply: obj => deleteAnnotations(obj, ['deprecated.daemonset.template.generation']),
  },
  {
    // karmada prune.go: removeJobIrrelevantField; kubernetes pkg/registry/batch/job/strategy.go:
    // generateSelector writes these labels and the selector for a Job without manualSelector.
    id: 'job-generated-selector',
    description: 'the selector and pod-template labels the API server generates for a Job (controller-uid, job-name), unless spec.manualSelector',
    appliesTo: [{ group: 'batch', kind: 'Job' }],
    apply: obj => {
      const spec = field(obj, 'spec');
      if (!spec || spec.manualSelector === true) return;
      const selector = field(spec, 'selector');
      deleteKeys(field(selector, 'matchLabels'), JOB_GENERATED_LABELS);
      deleteIfEmpty(selector, 'matchLabels');
      deleteIfEmpty(spec, 'selector');
      const template = field(spec, 'template');
      const templateMeta = field(template, 'metadata');
      deleteKeys(field(templateMeta, 'labels'), JOB_GENERATED_LABELS);
      deleteIfEmpty(templateMeta, 'labels');
      deleteIfEmpty(template, 'metadata');
    },
  },
  {
    // kubernetes 1.23-1.26 pkg/registry/batch/job/strategy.go: PrepareForCreate marks Jobs
    // tracked with finalizers (batch.JobTrackingFinalizer feature); unused since 1.27.
    id: 'job-tracking-annotation',
    description: 'the batch.kubernetes.io/job-tracking annotation, which the API server writes',
    appliesTo: [{ group: 'batch', kind: 'Job' }],
    apply: obj => deleteAnnotations(obj, ['batch.kubernetes.io/job-tracking']),
  },
  {
    // karmada prune.go: removeServiceIrrelevantField. Karmada's Service retain hook keeps the
    // live clusterIP, and the API server refills clusterIPs and nodePorts on update.
    id: 'service-cluster-ip',
    description: 'Service spec.clusterIP and spec.clusterIPs, allocated by the cluster, unless headless (None)',
    appliesTo: [{ group: '', kind: 'Service' }],
    apply: obj => {
      const spec = field(obj, 'spec');
      if (!spec) return;
      if (spec.clusterIP !== undefined && spec.clusterIP !== 'None') delete spec.clusterIP;
      if (Array.isArray(spec.clusterIPs) && spec.clusterIPs[0] !== 'None') delete spec.clusterIPs;
    },
  },
  {
    // karmada prune.go: removeServiceAccountIrrelevantField.
    id: 'service-account-token-secrets',
    description: 'ServiceAccount secrets entries named <name>-token-*, the token Secrets the cluster generated',
    appliesTo: [{ group: '', kind: 'ServiceAccount' }],
    apply: obj => {
      const secrets = obj.secrets;
      const name = metadata(obj)?.name;
      if (!Array.isArray(secrets) || typeof name !== 'string') return;
      const prefix = `${name}-token-`;
      const kept = secrets.filter(s => !(isRecord(s) && typeof s.name === 'string' && s.name.startsWith(prefix)));
      if (kept.length) obj.secrets = kept;
      else delete obj.secrets;
    },
  },
  {
    // karmada prune.go: removeSecretIrrelevantField (which sets data to null).
    id: 'service-account-token-data',
    description: 'data and the kubernetes.io/service-account.uid annotation of a service account token Secret, filled by the cluster',
    appliesTo: [{ group: '', kind: 'Secret' }],
    apply: obj => {
      if (obj.type !== 'kubernetes.io/service-account-token') return;
      deleteAnnotations(obj, ['kubernetes.io/service-account.uid']);
      delete obj.data;
    },
  },
  {
    // karmada prune.go: removePersistentVolumeClaimIrrelevantField (selected-node); the others
    // are written by the PV controller, kubernetes pkg/controller/volume/persistentvolume
    // (annBindCompleted, annBoundByController, annStorageProvisioner, annBetaStorageProvisioner, annMigratedTo).
    id: 'pvc-controller-annotations',
    description: 'PersistentVolumeClaim annotations written by the scheduler and the PV controller: volume.kubernetes.io/selected-node, ' +
      'pv.kubernetes.io/bind-completed, pv.kubernetes.io/bound-by-controller, pv.kubernetes.io/migrated-to and the storage-provisioner ones',
    appliesTo: [{ group: '', kind: 'PersistentVolumeClaim' }],
    apply: obj => deleteAnnotations(obj, [
      'volume.kubernetes.io/selected-node',
      'pv.kubernetes.io/bind-completed',
      'pv.kubernetes.io/bound-by-controller',
      'pv.kubernetes.io/migrated-to',
      'volume.beta.kubernetes.io/storage-provisioner',
      'volume.kubernetes.io/storage-provisioner',
    ]),
  },
  {
    // metallb/metallb controller/service.go (convergeBalancer, clearServiceState): the controller
    // writes the pool it allocated the LoadBalancer IP from (metallb.io/ since v0.14, and deletes
    // the older metallb.universe.tf/ key) with the status. A template carrying it would pin a stale
    // pool name through Karmada; without it, the member object keeps the controller's own copy
    // (live annotations absent from the template survive an Overwrite, retainClusterFields).
    id: 'metallb-allocated-pool',
    description: 'the metallb.io/ip-allocated-from-pool annotation (and its older metallb.universe.tf/ form), which MetalLB writes',
    appliesTo: [{ group: '', kind: 'Service' }],
    apply: obj => deleteAnnotations(obj, ['metallb.io/ip-allocated-from-pool', 'metallb.universe.tf/ip-allocated-from-pool']),
  },
  {
    // kubernetes/client-go tools/leaderelection/resourcelock/interface.go
    // (LeaderElectionRecordAnnotationKey): a controller that elects its leader on a ConfigMap or
    // Endpoints lock writes the record, with its renew time, every few seconds. From a template,
    // Karmada would write a stale record back over the leader's.
    id: 'leader-election-record',
    description: 'the control-plane.alpha.kubernetes.io/leader annotation, the leader-election record a controller renews every few seconds',
    appliesTo: [{ group: '', kind: 'ConfigMap' }, { group: '', kind: 'Endpoints' }],
    apply: obj => deleteAnnotations(obj, ['control-plane.alpha.kubernetes.io/leader']),
  },
  {
    // kubernetes pkg/apis/autoscaling/annotations.go and v1/conversion.go: autoscaling/v1 carries
    // the status conditions and current metrics of later versions in these annotations (the spec ones, such as
    // autoscaling.alpha.kubernetes.io/metrics and behavior, stay).
    id: 'hpa-status-annotations',
    description: 'the autoscaling.alpha.kubernetes.io/conditions and current-metrics annotations: HorizontalPodAutoscaler status in autoscaling/v1',
    appliesTo: [{ group: 'autoscaling', kind: 'HorizontalPodAutoscaler' }],
    apply: obj => deleteAnnotations(obj, ['autoscaling.alpha.kubernetes.io/conditions', 'autoscaling.alpha.kubernetes.io/current-metrics']),
  },
  {
    // karmada pkg/controllers/binding/common.go (ensureWork, mergeLabel, mergeAnnotations) and
    // pkg/detector/claim.go: an object exported from a cluster Karmada already manages carries the
    // claim of the policy that propagated it and Karmada's bookkeeping. On a template, the claim
    // annotations make the detector apply that policy (getAndApplyPolicy trusts them), whatever
    // the migration's policies say.
    id: 'karmada-metadata',
    description: 'the labels and annotations Karmada writes on what it propagates: the policy claim, the binding and Work references, the managed-key records',
    appliesTo: 'all',
    apply: obj => {
      deleteLabels(obj, KARMADA_LABELS);
      deleteAnnotations(obj, KARMADA_ANNOTATIONS);
    },
  },
  {
    // karmada pkg/controllers/namespace/namespace_sync_controller.go and
    // pkg/util/objectwatcher/objectwatcher.go (allowUpdate): the annotation is read from the
    // desired manifest of the namespace controller's Work, so it would take the member
    // namespace over; deleting the Namespace in Karmada would then delete it and everything
    // in it (Namespace Works are never preserved).
    id: 'namespace-conflict-resolution',
    description: 'the work.karmada.io/conflict-resolution annotation of a Namespace: a Namespace is never taken over with Overwrite',
    appliesTo: [{ group: '', kind: 'Namespace' }],
    apply: obj => deleteAnnotations(obj, ['work.karmada.io/conflict-resolution']),
  },
  {
    // last: the rules above may empty these maps; an empty map and no map are the same object.
    id: 'empty-metadata-maps',
    description: 'metadata.labels and metadata.annotations left empty',
    appliesTo: 'all',
    apply: obj => {
      deleteIfEmpty(metadata(obj), 'labels');
      deleteIfEmpty(metadata(obj), 'annotations');
    },
  },
];
