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
      // the first desired container of each name, as retainPodFields' loop breaks at the first match.
      const desiredByName = new Map<string, JsonObject>();
      for (const c of objectItems(spec, list)) if (!desiredByName.has(str(c, 'name'))) desiredByName.set(str(c, 'name'), c);
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
 * The same hooks in Lua 5.1, for a ResourceInterpreterCustomization's `retention` script, which
 * replaces the native hook of its kind (pkg/resourceinterpreter/interpreter.go: the declarative
 * layer wins, layers never compose): each is the body of
 * `local function native(desiredObj, observedObj)`, using the helpers `get(t, k)` (nil unless `t`
 * is a table), `ensure(t, k)` (the table at `t[k]`, made if needed) and `copy(v)` (a deep copy:
 * gopher-json refuses a table met twice in the result) of the generated script
 * (retention-lua.ts). test/karmada/retention-lua.test.ts runs each in a Lua 5.1 VM beside its
 * TypeScript hook above, on the same desired/observed pairs.
 */
export const NATIVE_RETAIN_LUA: Readonly<Record<string, string>> = {
  'apps/v1/Deployment': `
  local labels = get(get(desiredObj, "metadata"), "labels")
  if get(labels, "${RETAIN_REPLICAS_TEMPLATE_LABEL}") == "true" then
    local replicas = get(get(observedObj, "spec"), "replicas")
    if type(replicas) == "number" then ensure(desiredObj, "spec").replicas = replicas end
  end`,
  'v1/Pod': `
  local spec = ensure(desiredObj, "spec")
  local live = get(observedObj, "spec")
  spec.nodeName = copy(get(live, "nodeName"))
  spec.serviceAccountName = copy(get(live, "serviceAccountName"))
  spec.volumes = copy(get(live, "volumes"))
  for _, list in ipairs({ "containers", "initContainers" }) do
    local desiredList, liveList = get(spec, list), get(live, list)
    if type(desiredList) == "table" and type(liveList) == "table" then
      for _, liveContainer in ipairs(liveList) do
        if type(liveContainer) == "table" then
          for _, container in ipairs(desiredList) do
            if type(container) == "table" and nameOf(container) == nameOf(liveContainer) then
              container.volumeMounts = copy(liveContainer.volumeMounts)
              break
            end
          end
        end
      end
    end
  end`,
  'v1/Service': `
  local live = get(observedObj, "spec")
  local hc = get(live, "healthCheckNodePort")
  if type(hc) == "number" and hc > 0 then ensure(desiredObj, "spec").healthCheckNodePort = hc end
  local ip = get(live, "clusterIP")
  if type(ip) == "string" and ip ~= "" then ensure(desiredObj, "spec").clusterIP = ip end`,
  'v1/ServiceAccount': `
  for _, field in ipairs({ "secrets", "imagePullSecrets" }) do
    local merged, seen = {}, {}
    for _, source in ipairs({ desiredObj, observedObj }) do
      local list = get(source, field)
      if type(list) == "table" then
        for _, secret in ipairs(list) do
          if type(secret) == "table" and not seen[nameOf(secret)] then
            seen[nameOf(secret)] = true
            table.insert(merged, copy(secret))
          end
        end
      end
    end
    if next(merged) == nil then desiredObj[field] = nil else desiredObj[field] = merged end
  end`,
  'v1/PersistentVolumeClaim': `
  local volumeName = get(get(observedObj, "spec"), "volumeName")
  if type(volumeName) == "string" and volumeName ~= "" then ensure(desiredObj, "spec").volumeName = volumeName end`,
  'v1/PersistentVolume': `
  local claimRef = get(get(observedObj, "spec"), "claimRef")
  if claimRef ~= nil then ensure(desiredObj, "spec").claimRef = copy(claimRef) end`,
  'batch/v1/Job': `
  local live = get(observedObj, "spec")
  local matchLabels = get(get(live, "selector"), "matchLabels")
  if type(matchLabels) == "table" then ensure(ensure(desiredObj, "spec"), "selector").matchLabels = copy(matchLabels) end
  local labels = get(get(get(live, "template"), "metadata"), "labels")
  if type(labels) == "table" then ensure(ensure(ensure(desiredObj, "spec"), "template"), "metadata").labels = copy(labels) end`,
  'v1/Secret': `
  if get(desiredObj, "type") ~= "kubernetes.io/service-account-token" then return end
  local data = get(observedObj, "data")
  if type(data) == "table" then desiredObj.data = copy(data) end`,
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
