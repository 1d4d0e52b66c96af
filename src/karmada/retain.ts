// karmada v1.18.2: what Overwrite keeps from the live member object before its PUT.
// Sources: pkg/util/objectwatcher/objectwatcher.go (retainClusterFields), pkg/util/annotation.go
// (RetainAnnotations), pkg/util/label.go (RetainLabels), the default native retain hooks in
// pkg/resourceinterpreter/default/native/retain.go (getAllDefaultRetentionInterpreter) and
// pkg/util/lifted/retain.go.
import { child, cloneJson, ensureChild, getOwn, isJsonObject, JsonObject, JsonValue, objectItems, setOwn, str, stringMap } from '../kube/json';

/** The label that makes Karmada keep a live Deployment's `spec.replicas` (value `"true"`). */
export const RETAIN_REPLICAS_TEMPLATE_LABEL = 'resourcetemplate.karmada.io/retain-replicas';

/** The annotation on a member object listing the annotation keys Karmada propagated (comma-separated). */
export const MANAGED_ANNOTATIONS_ANNOTATION = 'resourcetemplate.karmada.io/managed-annotations';

/** The annotation on a member object listing the label keys Karmada propagated (comma-separated). */
export const MANAGED_LABELS_ANNOTATION = 'resourcetemplate.karmada.io/managed-labels';

/** A native retain hook: changes `desired` (a private copy) using the live object. */
type RetainHook = (desired: JsonObject, observed: JsonObject) => void;

/**
 * The GVKs (`apiVersion/Kind`) with a default native retain hook in Karmada v1.18.2, and what
 * each keeps. No other kind (StatefulSet, DaemonSet, ReplicaSet, CronJob, ConfigMap, Ingress,
 * ...) has one: its spec is entirely replaced by the template.
 */
export const RETAINED_FIELDS: Readonly<Record<string, string>> = {
  'apps/v1/Deployment': `spec.replicas, only if the template has the label ${RETAIN_REPLICAS_TEMPLATE_LABEL}: "true" (retainWorkloadReplicas)`,
  'v1/Pod': 'spec.nodeName, spec.serviceAccountName, spec.volumes and every (init) container\'s volumeMounts, matched by name (retainPodFields)',
  'v1/Service': 'spec.clusterIP if set, spec.healthCheckNodePort if > 0 (lifted.RetainServiceFields)',
  'v1/ServiceAccount': 'the union of the template\'s and the live secrets and imagePullSecrets, by name (lifted.RetainServiceAccountFields)',
  'v1/PersistentVolumeClaim': 'spec.volumeName if set (retainPersistentVolumeClaimFields)',
  'v1/PersistentVolume': 'spec.claimRef (retainPersistentVolumeFields)',
  'batch/v1/Job': 'spec.selector.matchLabels and spec.template.metadata.labels (retainJobSelectorFields)',
  'v1/Secret': 'data of a kubernetes.io/service-account-token Secret (retainSecretServiceAccountToken)',
};

const HOOKS: Readonly<Record<string, RetainHook>> = {
  'apps/v1/Deployment': (desired, observed) => {
    // retainWorkloadReplicas reads the label from the desired (template) labels.
    if (stringMap(desired, 'labels')[RETAIN_REPLICAS_TEMPLATE_LABEL] !== 'true') return;
    const replicas = child(observed, 'spec')?.replicas;
    if (typeof replicas === 'number') ensureChild(desired, 'spec').replicas = replicas;
  },
  'v1/Pod': (desired, observed) => {
    const spec = ensureChild(desired, 'spec');
    const live = child(observed, 'spec') ?? {};
    // a typed round trip: absent live fields become absent here too.
    for (const key of ['nodeName', 'serviceAccountName', 'volumes']) {
      if (live[key] === undefined) delete spec[key];
      else setOwn(spec, key, cloneJson(live[key]));
    }
    for (const list of ['containers', 'initContainers']) {
      const desiredByName = new Map(objectItems(spec, list).map((c) => [str(c, 'name'), c]));
      for (const liveContainer of objectItems(live, list)) {
        const target = desiredByName.get(str(liveContainer, 'name'));
        if (!target) continue;
        if (liveContainer.volumeMounts === undefined) delete target.volumeMounts;
        else target.volumeMounts = cloneJson(liveContainer.volumeMounts);
      }
    }
  },
  'v1/Service': (desired, observed) => {
    const live = child(observed, 'spec');
    const hc = live?.healthCheckNodePort;
    if (typeof hc === 'number' && hc > 0) ensureChild(desired, 'spec').healthCheckNodePort = hc;
    const ip = live?.clusterIP;
    if (typeof ip === 'string' && ip !== '') ensureChild(desired, 'spec').clusterIP = ip;
  },
  'v1/ServiceAccount': (desired, observed) => {
    for (const field of ['secrets', 'imagePullSecrets']) {
      const merged: JsonValue[] = [];
      const names = new Set<string>();
      for (const source of [desired, observed]) {
        for (const s of objectItems(source, field)) {
          const name = str(s, 'name');
          if (names.has(name)) continue;
          names.add(name);
          merged.push(cloneJson(s));
        }
      }
      // unstructured.SetNestedField writes the merged list even when it is empty (nil).
      setOwn(desired, field, merged.length ? merged : null);
    }
  },
  'v1/PersistentVolumeClaim': (desired, observed) => {
    const volumeName = child(observed, 'spec')?.volumeName;
    if (typeof volumeName === 'string' && volumeName !== '') ensureChild(desired, 'spec').volumeName = volumeName;
  },
  'v1/PersistentVolume': (desired, observed) => {
    const claimRef = child(observed, 'spec')?.claimRef;
    if (claimRef !== undefined) setOwn(ensureChild(desired, 'spec'), 'claimRef', cloneJson(claimRef));
  },
  'batch/v1/Job': (desired, observed) => {
    const live = child(observed, 'spec');
    const matchLabels = child(child(live, 'selector'), 'matchLabels');
    if (matchLabels) ensureChild(ensureChild(desired, 'spec'), 'selector').matchLabels = cloneJson(matchLabels);
    const labels = child(child(child(live, 'template'), 'metadata'), 'labels');
    if (labels) ensureChild(ensureChild(ensureChild(desired, 'spec'), 'template'), 'metadata').labels = cloneJson(labels);
  },
  'v1/Secret': (desired, observed) => {
    if (desired.type !== 'kubernetes.io/service-account-token') return;
    const data = observed.data;
    if (isJsonObject(data)) desired.data = cloneJson(data);
  },
};

/**
 * Returns `desired` with what `objectWatcherImpl.retainClusterFields` keeps from the live
 * object `observed`: its `resourceVersion`, `finalizers` and `ownerReferences`, and its labels
 * and annotations that the template does not set, unless they are listed in the live object's
 * `resourcetemplate.karmada.io/managed-labels` / `managed-annotations` record (Karmada put them
 * there and the template dropped them since). Keys present in both take the template's value.
 * On a first takeover the live object has no record, so every live label and annotation survives.
 */
export function retainClusterFields(desired: JsonObject, observed: JsonObject): JsonObject {
  const out = cloneJson(desired);
  retainClusterFieldsInPlace(out, observed);
  return out;
}

/**
 * {@link retainClusterFields} on an object the caller owns, changed in place.
 *
 * @internal
 */
export function retainClusterFieldsInPlace(out: JsonObject, observed: JsonObject): void {
  const meta = ensureChild(out, 'metadata');
  const liveMeta = child(observed, 'metadata') ?? {};
  for (const key of ['resourceVersion', 'finalizers', 'ownerReferences']) {
    if (liveMeta[key] === undefined) delete meta[key];
    else setOwn(meta, key, cloneJson(liveMeta[key]));
  }
  const liveAnnotations = stringMap(observed, 'annotations');
  for (const [field, record] of [['annotations', MANAGED_ANNOTATIONS_ANNOTATION], ['labels', MANAGED_LABELS_ANNOTATION]] as const) {
    const merged: JsonObject = isJsonObject(meta[field]) ? (meta[field] as JsonObject) : {};
    // pkg/util/annotation.go: getDeletedAnnotationKeys, pkg/util/label.go: getDeletedLabelKeys.
    const deleted = new Set((liveAnnotations[record] ?? '').split(','));
    for (const key of Object.keys(merged)) deleted.delete(key);
    const live = stringMap(observed, field);
    for (const key of Object.keys(live)) {
      if (deleted.has(key) || getOwn(merged, key) !== undefined) continue;
      setOwn(merged, key, live[key]);
    }
    if (Object.keys(merged).length > 0) meta[field] = merged;
  }
}

/**
 * Returns `desired` after the default native retain hook for its GVK, if any (see
 * {@link RETAINED_FIELDS}); the hooks are keyed by the exact apiVersion and kind.
 */
export function applyRetainHook(desired: JsonObject, observed: JsonObject): JsonObject {
  const out = cloneJson(desired);
  applyRetainHookInPlace(out, observed);
  return out;
}

/**
 * {@link applyRetainHook} on an object the caller owns, changed in place.
 *
 * @internal
 */
export function applyRetainHookInPlace(desired: JsonObject, observed: JsonObject): void {
  const hook = getOwn(HOOKS, `${str(desired, 'apiVersion')}/${str(desired, 'kind')}`);
  if (hook) hook(desired, observed);
}
