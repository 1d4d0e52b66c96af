// karmada v1.18.2: a Work (work.karmada.io/v1alpha1, pkg/apis/work/v1alpha1/work_types.go) holds
// the manifests Karmada applies to one member cluster, in that cluster's execution space
// karmada-es-<cluster> (pkg/util/names/names.go GenerateExecutionSpaceName), with the flags the
// binding controller copies from the binding (pkg/controllers/binding/common.go ensureWork):
// spec.suspendDispatching and spec.preserveResourcesOnDeletion, and the status the execution
// controller writes (pkg/controllers/execution/execution_controller.go: the conditions Applied
// and Dispatching).
import { conditionsOf, KarmadaCondition } from './conditions';
import { InputError } from '../errors';
import { isJsonObject } from '../kube/json';
import { formatKey, KubeObject, keyOf } from '../kube/object';
import { EXECUTION_SPACE_PREFIX } from './namespaces';

/** One manifest of a Work, with its identity. */
export interface WorkManifest {
  /** `Kind.group namespace/name` (formatKey). */
  readonly id: string;
  readonly manifest: KubeObject;
}

/** A Work as evidence: where it is, its flags, and the objects it applies. */
export interface WorkEvidence {
  /** `namespace/name`. */
  readonly work: string;
  /** `metadata.name`. */
  readonly name: string;
  readonly namespace: string;
  /** the member cluster of its execution space. @default - not in an execution space: no member cluster's */
  readonly cluster?: string;
  /** `spec.suspendDispatching: true`. */
  readonly suspendDispatching: boolean;
  /** `spec.preserveResourcesOnDeletion: true`. */
  readonly preserveResourcesOnDeletion: boolean;
  /** `metadata.annotations`. */
  readonly annotations: Readonly<Record<string, string>>;
  /** the manifests that name an object (apiVersion, kind, metadata.name); others are skipped. */
  readonly manifests: readonly WorkManifest[];
  /** `status.conditions` (Applied, Dispatching); empty before the execution controller saw it. */
  readonly conditions: readonly KarmadaCondition[];
}

interface WorkShape {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly annotations?: Record<string, string> };
  readonly spec?: {
    readonly suspendDispatching?: unknown;
    readonly preserveResourcesOnDeletion?: unknown;
    readonly workload?: { readonly manifests?: unknown } | null;
  } | null;
}

/**
 * Reads the items of `kubectl get works.work.karmada.io -A -o json`.
 *
 * @param file where they were read, for messages
 * @throws InputError when an item is not a Work, or its manifests are not a list
 */
export function readWorks(works: readonly unknown[], file: string): WorkEvidence[] {
  return works.map((raw, i) => {
    const w = raw as WorkShape;
    if (!w || typeof w !== 'object' || w.kind !== 'Work' || !w.metadata?.name) {
      throw new InputError(`item ${i} is not a Work (kind: Work with metadata.name); give 'kubectl get works.work.karmada.io -A -o json'`, { file });
    }
    const manifests = w.spec?.workload?.manifests ?? [];
    if (!Array.isArray(manifests)) throw new InputError(`item ${i} (${w.metadata.name}): spec.workload.manifests must be a list`, { file });
    const namespace = w.metadata.namespace ?? '';
    const named = manifests.filter(m => isJsonObject(m) && typeof m.apiVersion === 'string' && typeof m.kind === 'string' &&
      isJsonObject(m.metadata) && typeof m.metadata.name === 'string') as unknown as KubeObject[];
    return {
      work: `${namespace}/${w.metadata.name}`,
      name: w.metadata.name,
      namespace,
      ...(namespace.startsWith(EXECUTION_SPACE_PREFIX) ? { cluster: namespace.slice(EXECUTION_SPACE_PREFIX.length) } : {}),
      suspendDispatching: w.spec?.suspendDispatching === true,
      preserveResourcesOnDeletion: w.spec?.preserveResourcesOnDeletion === true,
      annotations: isJsonObject(w.metadata.annotations) ? w.metadata.annotations : {},
      manifests: named.map(manifest => ({ id: formatKey(keyOf(manifest)), manifest })),
      conditions: conditionsOf(raw),
    };
  });
}

// the alphabet of k8s.io/apimachinery/pkg/util/rand/rand.go (SafeEncodeString): no vowels, no 0, 1, 3.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * The name Karmada gives the Work of a template (`names.GenerateWorkName(kind, name, namespace)`,
 * pkg/util/names/names.go): the name with `:` replaced by `.`, lowercased, then `-` and the
 * FNV-1a 32-bit hash of `<namespace>-<name>-<kind>` (lowercased; `<name>-<kind>` when
 * cluster-scoped) written in decimal and encoded by `rand.SafeEncodeString`. The binding
 * controller writes one such Work per scheduled cluster, in `karmada-es-<cluster>`.
 *
 * @example generateWorkName('Deployment', 'nginx', 'default') // 'nginx-687f7fb96f'
 */
export function generateWorkName(kind: string, name: string, namespace?: string): string {
  const n = name.replace(/:/g, '.').toLowerCase();
  const key = (namespace ? `${namespace}-${n}-${kind}` : `${n}-${kind}`).toLowerCase();
  // pkg/util/hash/hash.go DeepHashObject prints a string as it is: the hash is over its UTF-8 bytes.
  let h = 2166136261;
  for (const b of Buffer.from(key, 'utf8')) h = Math.imul(h ^ b, 16777619) >>> 0;
  const encoded = [...String(h)].map(d => SAFE_ALPHABET[d.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
  return `${n}-${encoded}`;
}

/**
 * Tells whether an `Applied=False` message is Karmada's refusal to take over an object that
 * exists on the member cluster under `conflictResolution: Abort` (pkg/util/objectwatcher/objectwatcher.go:
 * Update, `allowUpdate`): `resource(kind=Deployment, default/nginx) already exists in the cluster
 * member1 and the work.karmada.io/conflict-resolution strategy value is empty, Karmada will not
 * manage this resource` (the text says "empty" even when the value is `abort`).
 */
export function isAbortConflict(message: string): boolean {
  return /already exists in the cluster \S+ and the work\.karmada\.io\/conflict-resolution strategy value is empty, Karmada will not manage this resource/.test(message);
}
