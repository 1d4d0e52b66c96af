// karmada v1.18.2: what `conflictResolution: Overwrite` does to a live member object when Karmada
// takes it over. Sources: pkg/util/objectwatcher/objectwatcher.go (objectWatcherImpl.Update:
// retainClusterFields, the interpreter Retain hook, resourceDeepEqual, then a full PUT),
// pkg/controllers/ctrlutil/work.go (the Work manifest: the template after
// prune.RemoveIrrelevantFields with RemoveJobTTLSeconds), and, for what the member API server
// then stores, kubernetes defaulting (api-defaults.ts), pkg/registry/core/service/storage
// (patchAllocatedValues) and the update validation in pkg/apis/{apps,batch,core}/validation.
import { InputError } from '../errors';
import { applyApiDefaultsInPlace } from '../kube/api-defaults';
import { PathSegment } from '../kube/field-path';
import { child, cloneJson, getOwn, isJsonObject, JsonObject, JsonValue, objectItems, setOwn, str, stringMap } from '../kube/json';
import { pruneIrrelevantFieldsInPlace } from './propagation-prune';
import { compareQuantities, quantitiesEqual } from '../kube/quantity';
import { applyRetainHookInPlace, RETAIN_REPLICAS_TEMPLATE_LABEL, retainClusterFieldsInPlace } from './retain';
import { applyRetention, RetentionSpec } from './retention';
import { deeplyAbsent, diffJson, DiffEntry, valueAt } from '../kube/diff';

/**
 * The labels Karmada writes on member objects for its own bookkeeping (`CreateOrUpdateWork`,
 * `ensureWork`, the claim labels inherited from the template). They are not changes a
 * reviewer needs to see, and are ignored on both sides.
 */
export const KARMADA_BOOKKEEPING_LABELS: readonly string[] = [
  'karmada.io/managed',
  'resourcebinding.karmada.io/permanent-id',
  'clusterresourcebinding.karmada.io/permanent-id',
  'work.karmada.io/permanent-id',
  'propagationpolicy.karmada.io/permanent-id',
  'clusterpropagationpolicy.karmada.io/permanent-id',
];

/** The annotations Karmada writes on member objects for its own bookkeeping; ignored on both sides. */
export const KARMADA_BOOKKEEPING_ANNOTATIONS: readonly string[] = [
  'resourcetemplate.karmada.io/uid',
  'resourcetemplate.karmada.io/generation',
  'resourcetemplate.karmada.io/managed-annotations',
  'resourcetemplate.karmada.io/managed-labels',
  'work.karmada.io/name',
  'work.karmada.io/namespace',
  'work.karmada.io/conflict-resolution',
  'resourcebinding.karmada.io/name',
  'resourcebinding.karmada.io/namespace',
  'clusterresourcebinding.karmada.io/name',
  'propagationpolicy.karmada.io/name',
  'propagationpolicy.karmada.io/namespace',
  'clusterpropagationpolicy.karmada.io/name',
];

/**
 * Labels that only instruct Karmada. They reach the member object with the template but
 * change nothing there, so they are not reported as changes.
 */
export const KARMADA_DIRECTIVE_LABELS: readonly string[] = [RETAIN_REPLICAS_TEMPLATE_LABEL];

/**
 * What an Overwrite does to the live object. A prediction can carry several classes, in the
 * order of {@link OVERWRITE_CLASSES} (the riskiest first); `apply-fails`, `unchanged` and
 * `metadata-only` only ever come alone.
 */
export type OverwriteClass =
  /**
   * the PUT changes an immutable field: the member API server rejects it and nothing changes
   * (no restart, no replica change, no label); Karmada retries and the Work shows Applied=False.
   */
  | 'apply-fails'
  /**
   * traffic goes elsewhere or stops: a Service's `spec.type`, a `spec.ports[].nodePort`, `port`,
   * `targetPort` or `protocol`, a port removed, its `spec.selector`, traffic policies,
   * `sessionAffinity`, `externalIPs`, `externalName`, `loadBalancerIP` or `loadBalancerSourceRanges`
   * (kubernetes pkg/proxy, pkg/controller/endpointslice, the cloud provider's service controller).
   */
  | 'traffic-change'
  /**
   * `spec.suspend` of a CronJob or a Job flips: a CronJob paused in production resumes (its next
   * schedule runs), or stops scheduling; a suspended Job starts its pods, or a running one has them
   * deleted (kubernetes pkg/controller/cronjob, pkg/controller/job).
   */
  | 'suspend-change'
  /** the pod template changes: a rollout (or, for some kinds, new pods only). */
  | 'pods-restart'
  /** `spec.replicas` changes. */
  | 'replicas-change'
  /**
   * `data`, `binaryData` or `stringData` of a ConfigMap or Secret changes: the pods that mount it see
   * the new content (the kubelet refreshes volumes; environment variables keep the old value until a
   * restart).
   */
  | 'data-change'
  /** spec (or other top-level fields) outside the pod template, replicas, traffic and suspension changes, e.g. a Deployment's minReadySeconds. */
  | 'spec-change'
  /** only labels or annotations of the object itself change. */
  | 'metadata-only'
  /** nothing changes but Karmada's bookkeeping labels and annotations (the PUT leaves spec and status alone). */
  | 'unchanged';

/**
 * Every {@link OverwriteClass}, the riskiest first: the PUT refused (the object is not taken
 * over), then what hurts production (traffic, a suspension flipped, pods restarted, replicas
 * changed), then what the template legitimately changes.
 */
export const OVERWRITE_CLASSES: readonly OverwriteClass[] = [
  'apply-fails', 'traffic-change', 'suspend-change', 'pods-restart', 'replicas-change', 'data-change', 'spec-change', 'metadata-only', 'unchanged',
];

/**
 * How a pod template change reaches the pods: `RollingUpdate` / `Recreate` (Deployment
 * strategy), `RollingUpdate` / `OnDelete` (StatefulSet and DaemonSet update strategy),
 * `InPlace` (a Pod's container image: the container restarts), `NextRun` (a CronJob's next
 * Jobs), `NewPodsOnly` (a ReplicaSet: only pods created from now on).
 */
export type PodRollout = 'RollingUpdate' | 'Recreate' | 'OnDelete' | 'InPlace' | 'NextRun' | 'NewPodsOnly';

/** One difference between the live object and what it becomes, both after API-server defaulting. */
export interface FieldChange {
  /** The path, as `spec.template.spec.containers[0].image` (list indexes are the template's). */
  readonly path: string;
  /**
   * The live value.
   *
   * @default - absent
   */
  readonly before?: JsonValue;
  /**
   * The value after the Overwrite.
   *
   * @default - absent (removed)
   */
  readonly after?: JsonValue;
}

/** Label and annotation keys whose value the Overwrite adds, changes or removes. */
export interface MetadataChange {
  /** Label keys, sorted. */
  readonly labels: readonly string[];
  /** Annotation keys, sorted. */
  readonly annotations: readonly string[];
}

/** A change of the pod template. */
export interface PodTemplateChange {
  /** The changed paths, sorted. */
  readonly paths: readonly string[];
  /** How the pods get it. */
  readonly rollout: PodRollout;
  /** A sentence for a reviewer. */
  readonly message: string;
}

/** A change of `spec.replicas`. */
export interface ReplicasChange {
  /** The live count. */
  readonly from: number;
  /** The count after the Overwrite. */
  readonly to: number;
  /** What to do about it. */
  readonly hint: string;
}

/** A change the member API server refuses. */
export interface ApplyFailure {
  /** The immutable path. */
  readonly path: string;
  /** The API server's rule. */
  readonly reason: string;
}

/** A change that moves or stops traffic (a `traffic-change`). */
export interface TrafficChange {
  /** The path, as `spec.ports[0].nodePort`. */
  readonly path: string;
  /**
   * The live value.
   *
   * @default - absent
   */
  readonly before?: JsonValue;
  /**
   * The value after the Overwrite.
   *
   * @default - absent (removed)
   */
  readonly after?: JsonValue;
  /** What it does to the clients, for a reviewer. */
  readonly message: string;
}

/** A flip of `spec.suspend` (a `suspend-change`). */
export interface SuspendChange {
  /** The live `spec.suspend` (absent counts as false, the API server's default). */
  readonly from: boolean;
  /** `spec.suspend` after the Overwrite. */
  readonly to: boolean;
  /** What it does, for a reviewer. */
  readonly message: string;
}

/** The result of {@link predictOverwrite}. */
export interface OverwritePrediction {
  /** What happens, in the order of {@link OverwriteClass}. */
  readonly classes: readonly OverwriteClass[];
  /**
   * The object Karmada PUTs: the template after the Karmada API server's defaulting and
   * `prune.RemoveIrrelevantFields`, with the live fields Karmada retains, without Karmada's
   * bookkeeping labels and annotations.
   */
  readonly desired: JsonObject;
  /** Every difference, sorted by path. */
  readonly changes: readonly FieldChange[];
  /**
   * Label and annotation changes.
   *
   * @default - none
   */
  readonly metadata?: MetadataChange;
  /**
   * The pod template change.
   *
   * @default - none
   */
  readonly podTemplate?: PodTemplateChange;
  /**
   * The replica change.
   *
   * @default - none
   */
  readonly replicas?: ReplicasChange;
  /**
   * The immutable fields the PUT changes. While there is one, the whole PUT is refused and
   * none of the other changes happens (Karmada retries, the Work shows Applied=False): the
   * prediction then has no other outcome, and a note lists what the PUT would also change
   * once it is accepted.
   *
   * @default - none
   */
  readonly applyFailures?: readonly ApplyFailure[];
  /**
   * The changes that move or stop traffic, sorted by path.
   *
   * @default - none
   */
  readonly traffic?: readonly TrafficChange[];
  /**
   * The flip of `spec.suspend`.
   *
   * @default - none
   */
  readonly suspend?: SuspendChange;
  /**
   * The changed paths of a ConfigMap's or Secret's `data`, `binaryData` or `stringData`, sorted.
   *
   * @default - none
   */
  readonly dataPaths?: readonly string[];
  /**
   * The other changed paths (spec, other top-level fields), sorted.
   *
   * @default - none
   */
  readonly specPaths?: readonly string[];
  /** Facts worth a reviewer's attention that are not changes (allocated values kept, ...). */
  readonly notes: readonly string[];
}

/** Options of {@link predictOverwrite}. */
export interface PredictOverwriteOptions {
  /**
   * Whether a HorizontalPodAutoscaler scales the workload; sharpens the replicas hint.
   *
   * @default false
   */
  readonly scaledByHpa?: boolean;
  /**
   * the ResourceInterpreterCustomization retention of the object's kind that the migration ships:
   * its script replaces Karmada's native Retain hook (pkg/resourceinterpreter/interpreter.go: a
   * customization is asked first), re-implementing it and keeping the fields it names.
   *
   * @default - Karmada's native Retain hook of the kind
   */
  readonly retention?: RetentionSpec;
}

interface ImmutableRule {
  /** the path prefix (`spec.selector`). */
  readonly prefix: readonly string[];
  readonly reason: string;
  /** whether the change at this path fails; default: any change does. */
  readonly fails?: (entry: DiffEntry, desired: JsonObject, live: JsonObject) => boolean;
}

const APPS_VALIDATION = 'kubernetes pkg/apis/apps/validation/validation.go';
const BATCH_VALIDATION = 'kubernetes pkg/apis/batch/validation/validation.go';
const CORE_VALIDATION = 'kubernetes pkg/apis/core/validation/validation.go';

const STATEFULSET_MUTABLE = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);
const POD_MUTABLE_PATHS = /^spec\.(?:(?:containers|initContainers)\[\d+\]\.image|activeDeadlineSeconds|tolerations(?:\[\d+\].*)?)$/;

// which changes the member API server refuses on update, per group/kind.
const IMMUTABLE: Readonly<Record<string, readonly ImmutableRule[]>> = {
  'apps/Deployment': [{ prefix: ['spec', 'selector'], reason: `field is immutable (${APPS_VALIDATION}: ValidateDeploymentUpdate)` }],
  'apps/ReplicaSet': [{ prefix: ['spec', 'selector'], reason: `field is immutable (${APPS_VALIDATION}: ValidateReplicaSetUpdate)` }],
  'apps/DaemonSet': [{ prefix: ['spec', 'selector'], reason: `field is immutable (${APPS_VALIDATION}: ValidateDaemonSetUpdate)` }],
  'apps/StatefulSet': [{
    prefix: ['spec'],
    fails: (e) => e.segments.length >= 2 && !STATEFULSET_MUTABLE.has(String(e.segments[1])),
    reason: 'updates to statefulset spec for fields other than \'replicas\', \'ordinals\', \'template\', \'updateStrategy\', \'revisionHistoryLimit\', ' +
      `'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden (${APPS_VALIDATION}: ValidateStatefulSetUpdate)`,
  }],
  'batch/Job': [
    ...['selector', 'completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'successPolicy', 'podReplacementPolicy', 'managedBy'].map((f) => ({
      prefix: ['spec', f], reason: `field is immutable (${BATCH_VALIDATION}: ValidateJobSpecUpdate)`,
    })),
    { prefix: ['spec', 'template'], reason: `field is immutable (${BATCH_VALIDATION}: ValidateJobSpecUpdate; only scheduling directives of a suspended, never-started Job may change)` },
    {
      prefix: ['spec', 'completions'],
      fails: (_e, desired) => child(desired, 'spec')?.completionMode !== 'Indexed',
      reason: `field is immutable (${BATCH_VALIDATION}: validateCompletions; only an Indexed Job may change completions, together with parallelism)`,
    },
  ],
  'core/PersistentVolumeClaim': [{
    prefix: ['spec'],
    fails: (e, _desired, live) => {
      const path = e.segments.map(String);
      if (path[1] === 'volumeAttributesClassName') return false;
      // a claim not yet bound may get its volumeName once.
      if (path[1] === 'volumeName') return str(child(live, 'spec'), 'volumeName') !== '';
      if (path[1] === 'resources' && path[2] === 'requests') {
        // expansion only: a smaller request is refused.
        return path[3] === 'storage' && quantityLess(e.after, e.before);
      }
      return true;
    },
    reason: `spec is immutable after creation except resources.requests (growth only) and volumeAttributesClassName (${CORE_VALIDATION}: ValidatePersistentVolumeClaimUpdate)`,
  }],
  'core/Service': [
    { prefix: ['spec', 'clusterIP'], reason: `field is immutable (${CORE_VALIDATION}: ValidateServiceUpdate)` },
    { prefix: ['spec', 'clusterIPs'], reason: `field is immutable (${CORE_VALIDATION}: ValidateServiceUpdate)` },
  ],
  'core/Pod': [{
    prefix: ['spec'],
    fails: (e) => !POD_MUTABLE_PATHS.test(e.path),
    reason: 'pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, ' +
      `\`spec.activeDeadlineSeconds\`, \`spec.tolerations\` (only additions to existing tolerations) (${CORE_VALIDATION}: ValidatePodUpdate)`,
  }],
  'core/ConfigMap': immutableData('ValidateConfigMapUpdate'),
  'core/Secret': [
    ...immutableData('ValidateSecretUpdate'),
    { prefix: ['type'], reason: `field is immutable (${CORE_VALIDATION}: ValidateSecretUpdate)` },
  ],
};

function immutableData(fn: string): ImmutableRule[] {
  const whenImmutable = (_e: DiffEntry, _d: JsonObject, live: JsonObject) => live.immutable === true;
  return ['data', 'binaryData', 'immutable'].map((f) => ({
    prefix: [f], fails: whenImmutable, reason: `field is immutable when \`immutable\` is set (${CORE_VALIDATION}: ${fn})`,
  }));
}

/** the path of the pod template per group/kind. */
const POD_TEMPLATE: Readonly<Record<string, readonly string[]>> = {
  'apps/Deployment': ['spec', 'template'],
  'apps/StatefulSet': ['spec', 'template'],
  'apps/DaemonSet': ['spec', 'template'],
  'apps/ReplicaSet': ['spec', 'template'],
  'batch/Job': ['spec', 'template'],
  'batch/CronJob': ['spec', 'jobTemplate'],
};

/**
 * Predicts what Karmada's Overwrite does when it takes the live member object `live` over
 * with `template`:
 *
 * 1. the template as the Karmada API server stores it (`applyApiDefaults`), through
 *    `prune.RemoveIrrelevantFields` with `RemoveJobTTLSeconds`, is the Work manifest;
 * 2. `retainClusterFields` keeps the live resourceVersion, finalizers, ownerReferences and
 *    every live label and annotation the template does not set (the template wins on
 *    shared keys); the native retain hook of the GVK keeps more (Deployment replicas only
 *    with `resourcetemplate.karmada.io/retain-replicas: "true"`, Service clusterIP and
 *    healthCheckNodePort, ServiceAccount secrets, PVC volumeName, Job selector and pod
 *    template labels, Pod scheduling fields);
 * 3. the member API server keeps allocated Service values the PUT leaves out (clusterIPs,
 *    IP families, nodePorts matched by port name) and applies its defaults;
 * 4. the result is compared with the live object after defaulting, ignoring status, server
 *    metadata, Karmada's bookkeeping labels and annotations and its directive labels
 *    ({@link KARMADA_DIRECTIVE_LABELS}).
 *
 * Overrides (OverridePolicy) and custom interpreters are not modelled. The template's own
 * `work.karmada.io/conflict-resolution: abort` is reported in `notes`.
 *
 * @param template the resource template (as in Git, or cleaned from an export)
 * @param live the object as exported from the member cluster (`kubectl get -o yaml`)
 * @throws InputError when the two are not the same object (group, kind, namespace, name)
 */
export function predictOverwrite(template: unknown, live: unknown, options: PredictOverwriteOptions = {}): OverwritePrediction {
  if (!isJsonObject(template) || !isJsonObject(live)) throw new InputError('predictOverwrite needs two objects');
  const gk = groupKind(template);
  checkSameObject(template, live, gk);
  const notes: string[] = [];

  // pkg/controllers/ctrlutil/work.go: CreateOrUpdateWork prunes the stored (defaulted) template.
  let desired = cloneJson(template);
  applyApiDefaultsInPlace(desired);
  pruneIrrelevantFieldsInPlace(desired);
  if (gk === 'batch/Job' && (child(live, 'spec')?.ttlSecondsAfterFinished !== undefined || child(template, 'spec')?.ttlSecondsAfterFinished !== undefined)) {
    notes.push('Karmada removes spec.ttlSecondsAfterFinished from propagated Jobs (prune.RemoveJobTTLSeconds, karmada-io/karmada#2197): ' +
      'the template\'s value never reaches the member cluster, and a live one is dropped, so the ttl-after-finished controller no longer deletes the Job.');
  }
  // pkg/util/objectwatcher/objectwatcher.go: Update = retainClusterFields, then the Retain hook.
  retainClusterFieldsInPlace(desired, live);
  if (options.retention) desired = applyRetention(desired, live, options.retention);
  else applyRetainHookInPlace(desired, live);
  stripBookkeeping(desired);

  const conflict = stringMap(template, 'annotations')['work.karmada.io/conflict-resolution'];
  if (conflict === 'abort') {
    notes.push('the template carries work.karmada.io/conflict-resolution: abort, which wins over the policy: Karmada will not overwrite ' +
      'this object while it is not yet managed (the Work stays Applied=False); the prediction shows what Overwrite would do.');
  }

  const after = serverUpdate(desired, live, gk, notes);
  applyApiDefaultsInPlace(after);
  normalize(after);
  const before = cloneJson(live);
  applyApiDefaultsInPlace(before);
  normalize(before);
  const entries = diffJson(before, after, compareLeaves).filter((e) => !ignored(e));
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  return classify(gk, entries, after, before, desired, template, options, notes);
}

function groupKind(obj: JsonObject): string {
  const apiVersion = str(obj, 'apiVersion');
  const slash = apiVersion.indexOf('/');
  return `${slash < 0 ? 'core' : apiVersion.slice(0, slash)}/${str(obj, 'kind')}`;
}

function checkSameObject(template: JsonObject, live: JsonObject, gk: string): void {
  const id = (o: JsonObject) => `${groupKind(o)} ${str(child(o, 'metadata'), 'namespace')}/${str(child(o, 'metadata'), 'name')}`;
  if (id(template) !== id(live)) {
    throw new InputError(`the template (${id(template)}) and the live object (${id(live)}) are not the same object`);
  }
  if (!str(child(template, 'metadata'), 'name')) throw new InputError(`the ${gk} template has no metadata.name`);
}

const BOOKKEEPING_LABELS = new Set([...KARMADA_BOOKKEEPING_LABELS, ...KARMADA_DIRECTIVE_LABELS]);
const BOOKKEEPING_ANNOTATIONS = new Set(KARMADA_BOOKKEEPING_ANNOTATIONS);

function stripBookkeeping(obj: JsonObject): void {
  const meta = child(obj, 'metadata');
  const labels = child(meta, 'labels');
  const annotations = child(meta, 'annotations');
  if (labels) for (const k of Object.keys(labels)) if (BOOKKEEPING_LABELS.has(k)) delete labels[k];
  if (annotations) for (const k of Object.keys(annotations)) if (BOOKKEEPING_ANNOTATIONS.has(k)) delete annotations[k];
}

const SERVER_METADATA = [
  'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds',
  'selfLink', 'managedFields', 'generateName',
];

// status and server-written metadata are not part of what a PUT changes (generateName only
// matters on create: a PUT without it drops it, with no effect).
function normalize(obj: JsonObject): JsonObject {
  delete obj.status;
  const meta = child(obj, 'metadata');
  if (meta) for (const k of SERVER_METADATA) delete meta[k];
  stripBookkeeping(obj);
  return obj;
}

function ignored(e: DiffEntry): boolean {
  // identity and the API version a client reads it in are not changes.
  return e.segments.length === 1 && (e.segments[0] === 'apiVersion' || e.segments[0] === 'kind');
}

// pkg/registry/core/service/storage/storage.go: patchAllocatedValues, and the IP-family
// initialization on update: what a PUT that leaves allocated values out keeps.
function serverUpdate(desired: JsonObject, live: JsonObject, gk: string, notes: string[]): JsonObject {
  if (gk !== 'core/Service') return cloneJson(desired);
  const out = cloneJson(desired);
  const spec = child(out, 'spec');
  const liveSpec = child(live, 'spec');
  if (!spec || !liveSpec) return out;
  const needsClusterIP = (s: JsonObject) => s.type !== 'ExternalName';
  const needsNodePort = (s: JsonObject) => s.type === 'NodePort' || s.type === 'LoadBalancer';
  if (needsClusterIP(spec) && needsClusterIP(liveSpec)) {
    for (const f of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) {
      if (deeplyAbsent(spec[f]) && !deeplyAbsent(liveSpec[f])) setOwn(spec, f, cloneJson(liveSpec[f]));
    }
  }
  if (needsNodePort(spec) && needsNodePort(liveSpec)) {
    const byName = new Map<string, number>();
    for (const p of objectItems(liveSpec, 'ports')) if (typeof p.nodePort === 'number') byName.set(str(p, 'name'), p.nodePort);
    const used = new Set(objectItems(spec, 'ports').map((p) => p.nodePort).filter((n): n is number => typeof n === 'number' && n !== 0));
    for (const p of objectItems(spec, 'ports')) {
      if (typeof p.nodePort === 'number' && p.nodePort !== 0) continue;
      const kept = byName.get(str(p, 'name'));
      if (kept !== undefined && !used.has(kept)) {
        p.nodePort = kept;
        notes.push(`port ${str(p, 'name') || String(p.port)} has no nodePort in the template: the API server keeps the allocated ${kept} (matched by port name).`);
      }
    }
  }
  return out;
}

function quantityLess(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return a !== undefined && b !== undefined && compareQuantities(a, b) === -1;
}

// container resources are rounded up to milli precision and stored canonical; other
// quantities (emptyDir sizeLimit, claim requests) are compared by exact value.
function compareLeaves(segments: readonly PathSegment[], a: JsonValue, b: JsonValue): boolean | undefined {
  const n = segments.length;
  if (n < 2) return undefined;
  const parent = segments[n - 2];
  if (parent === 'requests' || parent === 'limits') return quantitiesEqual(a, b, segments.includes('containers') || segments.includes('initContainers'));
  if (segments[n - 1] === 'sizeLimit') return quantitiesEqual(a, b);
  return undefined;
}

function classify(
  gk: string,
  entries: readonly DiffEntry[],
  after: JsonObject,
  before: JsonObject,
  desired: JsonObject,
  template: JsonObject,
  options: PredictOverwriteOptions,
  notes: string[],
): OverwritePrediction {
  const labels = new Set<string>();
  const annotations = new Set<string>();
  const podPaths: string[] = [];
  const specPaths: string[] = [];
  const dataPaths: string[] = [];
  const traffic: TrafficChange[] = [];
  const failures: ApplyFailure[] = [];
  let replicas: ReplicasChange | undefined;
  let suspend: SuspendChange | undefined;
  const templatePrefix = getOwn(POD_TEMPLATE, gk);
  const immutable = getOwn(IMMUTABLE, gk) ?? [];

  for (const e of entries) {
    const s = e.segments;
    if (s[0] === 'metadata') {
      if (s[1] === 'labels' || s[1] === 'annotations') {
        const keys = s.length > 2 ? [String(s[2])] : [...keysOf(e.before), ...keysOf(e.after)];
        for (const k of keys) (s[1] === 'labels' ? labels : annotations).add(k);
      }
      continue;
    }
    const rule = immutable.find((r) => startsWith(s, r.prefix) && (!r.fails || r.fails(e, after, before)));
    if (rule) {
      failures.push({ path: e.path, reason: rule.reason });
      continue;
    }
    if (templatePrefix && startsWith(s, templatePrefix)) {
      podPaths.push(e.path);
      continue;
    }
    if (gk === 'core/Pod' && POD_MUTABLE_PATHS.test(e.path) && /\.image$/.test(e.path)) {
      podPaths.push(e.path);
      continue;
    }
    if (s.length === 2 && s[0] === 'spec' && s[1] === 'replicas' && typeof valueAt(after, s) === 'number') {
      const from = typeof e.before === 'number' ? e.before : 0;
      const to = valueAt(after, s) as number;
      replicas = { from, to, hint: replicasHint(gk, from, to, template, options) };
      continue;
    }
    if ((gk === 'batch/CronJob' || gk === 'batch/Job') && s.length === 2 && s[0] === 'spec' && s[1] === 'suspend') {
      const from = e.before === true;
      const to = e.after === true;
      if (from !== to) {
        suspend = { from, to, message: suspendMessage(gk, to) };
        continue;
      }
    }
    const trafficMessage = gk === 'core/Service' ? serviceTrafficChange(e, before, after) : undefined;
    if (trafficMessage) {
      traffic.push({
        path: e.path,
        ...(e.before !== undefined ? { before: e.before } : {}),
        ...(e.after !== undefined ? { after: e.after } : {}),
        message: trafficMessage,
      });
      continue;
    }
    if ((gk === 'core/ConfigMap' || gk === 'core/Secret') && DATA_FIELDS.has(String(s[0]))) {
      dataPaths.push(e.path);
      continue;
    }
    specPaths.push(e.path);
  }

  const metadata = labels.size || annotations.size ? { labels: [...labels].sort(), annotations: [...annotations].sort() } : undefined;
  const prediction: {
    -readonly [K in keyof OverwritePrediction]: OverwritePrediction[K]
  } = {
    classes: [],
    desired,
    changes: entries.map((e) => {
      const c: { path: string; before?: JsonValue; after?: JsonValue } = { path: e.path };
      if (e.before !== undefined) c.before = e.before;
      if (e.after !== undefined) c.after = e.after;
      return c;
    }),
    notes,
  };
  // a refused PUT changes nothing at all: apply-fails alone, what else it carries as a note.
  if (failures.length) {
    const failed = new Set(failures.map((f) => f.path));
    const rest = unique(entries.filter((e) => !failed.has(e.path)).map((e) => e.path));
    if (rest.length) {
      notes.push(`nothing else happens while the member refuses the PUT; once the immutable field${failures.length > 1 ? 's match' : ' matches'}, ` +
        `it also changes ${rest.join(', ')}.`);
    }
    prediction.classes = ['apply-fails'];
    prediction.applyFailures = failures;
    return prediction;
  }
  const found: Partial<Record<OverwriteClass, boolean>> = {
    'traffic-change': traffic.length > 0,
    'suspend-change': suspend !== undefined,
    'pods-restart': podPaths.length > 0,
    'replicas-change': replicas !== undefined,
    'data-change': dataPaths.length > 0,
    'spec-change': specPaths.length > 0,
  };
  const classes = OVERWRITE_CLASSES.filter((c) => found[c]);
  prediction.classes = classes.length ? classes : [metadata ? 'metadata-only' : 'unchanged'];
  if (metadata) prediction.metadata = metadata;
  if (traffic.length) prediction.traffic = traffic;
  if (suspend) prediction.suspend = suspend;
  if (podPaths.length) prediction.podTemplate = podTemplateChange(gk, unique(podPaths), after);
  if (replicas) prediction.replicas = replicas;
  if (dataPaths.length) prediction.dataPaths = unique(dataPaths);
  if (specPaths.length) prediction.specPaths = unique(specPaths);
  return prediction;
}

const DATA_FIELDS = new Set(['data', 'binaryData', 'stringData']);

// kubernetes pkg/controller/cronjob/cronjob_controllerv2.go (a suspended CronJob schedules no Job)
// and pkg/controller/job/job_controller.go (a suspended Job has no active pods).
function suspendMessage(gk: string, to: boolean): string {
  if (gk === 'batch/CronJob') {
    return to
      ? 'spec.suspend false → true: the CronJob stops scheduling Jobs (running ones finish)'
      : 'spec.suspend true → false: the CronJob, paused on the member, resumes: its next schedule runs a Job ' +
        '(and one missed run within startingDeadlineSeconds may start at once)';
  }
  return to
    ? 'spec.suspend false → true: the Job controller deletes the running pods of the Job'
    : 'spec.suspend true → false: the Job, suspended on the member, starts its pods';
}

const TYPE_DEPENDENT = new Set([
  'externalTrafficPolicy', 'allocateLoadBalancerNodePorts', 'healthCheckNodePort', 'loadBalancerClass', 'loadBalancerIP', 'loadBalancerSourceRanges', 'externalName',
]);

// what a Service change does to its clients: kube-proxy programs the ports, node ports and
// traffic policies (kubernetes pkg/proxy), the EndpointSlice controller follows the selector
// (pkg/controller/endpointslice), the cloud provider's service controller the load balancer
// (k8s.io/cloud-provider controllers/service). Undefined when the change moves no traffic.
function serviceTrafficChange(e: DiffEntry, before: JsonObject, after: JsonObject): string | undefined {
  const s = e.segments;
  if (s[0] !== 'spec') return undefined;
  const was = (v: JsonValue | undefined) => (v === undefined ? 'absent' : JSON.stringify(v));
  const change = `${e.path}: ${was(e.before)} → ${was(e.after)}`;
  const field = s[1];
  const from = str(child(before, 'spec'), 'type') || 'ClusterIP';
  const to = str(child(after, 'spec'), 'type') || 'ClusterIP';
  // the API server drops the fields of the old type (pkg/registry/core/service/strategy.go: dropTypeDependentFields).
  if (from !== to && s.length === 2 && e.after === undefined && TYPE_DEPENDENT.has(String(field))) {
    return `${change}: dropped with the change of spec.type from ${from} to ${to}`;
  }
  if (s.length === 2 && field === 'type') {
    const opensNodePorts = (t: string) => t === 'NodePort' || t === 'LoadBalancer';
    const effects: string[] = [];
    if (opensNodePorts(from) && !opensNodePorts(to)) effects.push('the node ports close: clients connecting to them on the nodes break');
    if (from === 'LoadBalancer' && to !== 'LoadBalancer') effects.push('the cloud provider deletes the load balancer and its external address');
    if (to === 'LoadBalancer' && from !== 'LoadBalancer') effects.push('the cloud provider provisions a load balancer with a new external address');
    if (!opensNodePorts(from) && opensNodePorts(to)) effects.push('node ports open on every node');
    if (from === 'ExternalName' || to === 'ExternalName') effects.push('the Service\'s DNS name resolves to something else');
    return `${change}: ${effects.join('; ') || 'the Service is exposed differently'}`;
  }
  if (field === 'selector') {
    return deeplyAbsent(valueAt(after, ['spec', 'selector']))
      ? `${change}: without a selector the EndpointSlice controller no longer points the Service at pods: traffic stops unless endpoints are written by hand`
      : `${change}: the Service sends its traffic to the pods the new selector matches (to none if it matches none)`;
  }
  if (field === 'ports') {
    if (s.length === 2) return e.after === undefined ? `${change}: every port closes, its clients break` : undefined;
    if (s.length === 3) {
      const removed = isJsonObject(e.before) ? e.before : {};
      return e.after === undefined ? `${e.path}: port ${str(removed, 'name') || String(removed.port)} is removed: its clients break` : undefined;
    }
    // a changed field of a port on both sides: named ports are matched by name, others by index.
    const item = (o: JsonObject) => { const v = valueAt(o, s.slice(0, 3)); return isJsonObject(v) ? v : {}; };
    const name = str(item(after), 'name') || String(item(before).port);
    switch (s[3]) {
      case 'nodePort':
        return e.after === undefined
          ? `${change}: node port ${was(e.before)} of port ${name} closes: clients connecting to it on the nodes break`
          : `${change}: port ${name} moves to another node port: clients of the old one on the nodes break`;
      case 'port':
      case 'protocol':
        return `${change}: clients of port ${name} break (the Service no longer listens where they connect)`;
      case 'targetPort':
        return `${change}: port ${name} forwards to another port of the pods`;
      default:
        return undefined;
    }
  }
  if (field === 'sessionAffinityConfig') return `${change}: clients stay pinned to one pod for another time`;
  if (s.length > 3) return undefined;
  switch (field) {
    case 'externalTrafficPolicy':
      return `${change}: with Local, traffic from outside reaches only nodes with a ready endpoint and keeps the client address; with Cluster, any node forwards it`;
    case 'internalTrafficPolicy':
      return `${change}: with Local, traffic from inside the cluster reaches only pods on the client's node (dropped where there is none)`;
    case 'sessionAffinity':
      return `${change}: clients are ${e.after === 'ClientIP' ? 'now pinned to one pod' : 'no longer pinned to one pod'}`;
    case 'externalIPs':
      return `${change}: clients of an external IP that goes break`;
    case 'externalName':
      return `${change}: the Service's DNS name resolves to another host`;
    case 'loadBalancerIP':
      return `${change}: the cloud provider moves the load balancer to another address (or fails to)`;
    case 'loadBalancerSourceRanges':
      return `${change}: the load balancer accepts clients from other ranges`;
    case 'publishNotReadyAddresses':
      return `${change}: ${e.after === true ? 'pods that are not ready get traffic' : 'pods that are not ready stop getting traffic (and DNS records)'}`;
    default:
      return undefined;
  }
}

// an item removed from a named list and one added at the same index share a path.
function unique(paths: readonly string[]): string[] {
  return [...new Set(paths)];
}

function keysOf(v: JsonValue | undefined): string[] {
  return isJsonObject(v) ? Object.keys(v) : [];
}

function startsWith(segments: readonly PathSegment[], prefix: readonly string[]): boolean {
  if (segments.length < prefix.length) return false;
  return prefix.every((p, i) => segments[i] === p);
}

function podTemplateChange(gk: string, paths: string[], after: JsonObject): PodTemplateChange {
  const spec = child(after, 'spec');
  let rollout: PodRollout;
  let message: string;
  switch (gk) {
    case 'apps/Deployment':
      rollout = child(spec, 'strategy')?.type === 'Recreate' ? 'Recreate' : 'RollingUpdate';
      message = rollout === 'Recreate'
        ? 'the pod template changes: the Deployment (strategy Recreate) kills every pod, then starts new ones'
        : 'the pod template changes: the Deployment rolls every pod';
      break;
    case 'apps/StatefulSet':
    case 'apps/DaemonSet': {
      const strategy = child(spec, 'updateStrategy');
      rollout = strategy?.type === 'OnDelete' ? 'OnDelete' : 'RollingUpdate';
      const kind = gk.slice(5);
      message = rollout === 'OnDelete'
        ? `the pod template changes: the ${kind} (updateStrategy OnDelete) replaces each pod when it is next deleted`
        : `the pod template changes: the ${kind} rolls every pod`;
      break;
    }
    case 'apps/ReplicaSet':
      rollout = 'NewPodsOnly';
      message = 'the pod template changes: running pods stay, pods the ReplicaSet creates from now on differ';
      break;
    case 'batch/CronJob':
      rollout = 'NextRun';
      message = 'the job template changes: running Jobs stay, the next scheduled Jobs differ';
      break;
    default:
      rollout = 'InPlace';
      message = 'a container image changes: the kubelet restarts that container in place';
  }
  return { paths: [...paths].sort(), rollout, message };
}

function replicasHint(gk: string, from: number, to: number, template: JsonObject, options: PredictOverwriteOptions): string {
  const unset = child(template, 'spec')?.replicas === undefined;
  const why = unset ? `the template has no spec.replicas, which the API server defaults to ${to}` : `the template says spec.replicas: ${to}`;
  const hpa = options.scaledByHpa ? 'A HorizontalPodAutoscaler scales it, so Karmada and the HPA would fight over the count. ' : '';
  if (gk === 'apps/Deployment') {
    return `${why}; the Overwrite scales the Deployment from ${from} to ${to}. ${hpa}` +
      `If an HPA scales it, label the template ${RETAIN_REPLICAS_TEMPLATE_LABEL}: "true" so Karmada keeps the live count; otherwise write spec.replicas: ${from} into the template.`;
  }
  return `${why}; the Overwrite scales the ${gk.split('/')[1]} from ${from} to ${to}. ${hpa}` +
    `Karmada keeps live replicas only for apps/v1 Deployments (with ${RETAIN_REPLICAS_TEMPLATE_LABEL}): write spec.replicas: ${from} into the template.`;
}
