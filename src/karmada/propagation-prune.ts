// karmada v1.18.2 pkg/resourceinterpreter/default/native/prune/prune.go: RemoveIrrelevantFields,
// run on every manifest Karmada puts in a Work (pkg/controllers/ctrlutil/work.go: CreateOrUpdateWork,
// with RemoveJobTTLSeconds) and on the member object before comparing (objectwatcher.go:
// resourceDeepEqual).
import { child, cloneJson, isJsonObject, JsonObject, JsonValue, str } from '../kube/json';

/** Options of {@link pruneIrrelevantFields}. */
export interface PruneIrrelevantFieldsOptions {
  /**
   * Whether to also remove a Job's `spec.ttlSecondsAfterFinished` (`prune.RemoveJobTTLSeconds`),
   * as Karmada does for Work manifests; `karmadactl promote` does not.
   *
   * @default true
   */
  readonly removeJobTtl?: boolean;
}

const SERVER_METADATA = [
  'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'managedFields',
  'resourceVersion', 'selfLink', 'uid', 'ownerReferences', 'finalizers',
];

const JOB_SELECTOR_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];
const JOB_TEMPLATE_LABELS = ['controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name'];

/**
 * Returns a copy of `obj` without the fields Karmada never propagates
 * (`prune.RemoveIrrelevantFields`). The per-kind rules go by kind alone, as in Karmada:
 *
 * - every object: `metadata.{creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds,
 *   generation, managedFields, resourceVersion, selfLink, uid, ownerReferences, finalizers}`, `status`;
 * - Deployment: annotations `deployment.kubernetes.io/revision` and `…/revision-history`;
 * - Job without `manualSelector: true`: the generated `controller-uid` selector labels and the
 *   `controller-uid` / `job-name` template labels (both spellings); with `removeJobTtl`,
 *   `spec.ttlSecondsAfterFinished`;
 * - Service: `spec.clusterIP` and `spec.clusterIPs`, unless `clusterIP` is `None` (headless);
 * - ServiceAccount: `secrets` named `<name>-token-*`;
 * - Secret of type `kubernetes.io/service-account-token`: the `kubernetes.io/service-account.uid`
 *   annotation, and `data` set to null;
 * - PersistentVolumeClaim: the `volume.kubernetes.io/selected-node` annotation.
 */
export function pruneIrrelevantFields<T extends JsonValue>(obj: T, options: PruneIrrelevantFieldsOptions = {}): T {
  const copy = cloneJson(obj);
  if (isJsonObject(copy)) pruneIrrelevantFieldsInPlace(copy, options);
  return copy;
}

/**
 * {@link pruneIrrelevantFields} on an object the caller owns, changed in place.
 *
 * @internal
 */
export function pruneIrrelevantFieldsInPlace(copy: JsonObject, options: PruneIrrelevantFieldsOptions = {}): void {
  const meta = child(copy, 'metadata');
  if (meta) for (const k of SERVER_METADATA) delete meta[k];
  delete copy.status;
  const spec = child(copy, 'spec');
  switch (str(copy, 'kind')) {
    case 'Deployment':
      // removeDeploymentIrrelevantField.
      deleteAnnotations(copy, ['deployment.kubernetes.io/revision', 'deployment.kubernetes.io/revision-history']);
      break;
    case 'Job':
      // removeJobIrrelevantField / removeGenerateSelectorOfJob (matchLabels keep `job-name`).
      if (spec && spec.manualSelector !== true) {
        const matchLabels = child(child(spec, 'selector'), 'matchLabels');
        if (matchLabels) for (const k of JOB_SELECTOR_LABELS) delete matchLabels[k];
        const labels = child(child(child(spec, 'template'), 'metadata'), 'labels');
        if (labels) for (const k of JOB_TEMPLATE_LABELS) delete labels[k];
      }
      // RemoveJobTTLSeconds (karmada-io/karmada#2197).
      if (spec && options.removeJobTtl !== false) delete spec.ttlSecondsAfterFinished;
      break;
    case 'Service':
      // removeServiceIrrelevantField.
      if (spec && typeof spec.clusterIP === 'string' && spec.clusterIP !== 'None') {
        delete spec.clusterIP;
        delete spec.clusterIPs;
      }
      break;
    case 'ServiceAccount': {
      // removeServiceAccountIrrelevantField.
      const secrets = copy.secrets;
      if (Array.isArray(secrets) && secrets.length > 0) {
        const prefix = `${str(meta, 'name')}-token-`;
        copy.secrets = secrets.filter((s) => !(isJsonObject(s) && str(s, 'name').startsWith(prefix)));
      }
      break;
    }
    case 'Secret':
      // removeSecretIrrelevantField.
      if (copy.type === 'kubernetes.io/service-account-token') {
        deleteAnnotations(copy, ['kubernetes.io/service-account.uid']);
        copy.data = null;
      }
      break;
    case 'PersistentVolumeClaim':
      // removePersistentVolumeClaimIrrelevantField.
      if (str(child(meta, 'annotations'), 'volume.kubernetes.io/selected-node')) {
        deleteAnnotations(copy, ['volume.kubernetes.io/selected-node']);
      }
      break;
  }
}

function deleteAnnotations(obj: JsonObject, keys: readonly string[]): void {
  const annotations = child(child(obj, 'metadata'), 'annotations');
  if (annotations) for (const k of keys) delete annotations[k];
}
