import { compareKeys, formatGroupKind, groupOf, keyString, KubeObject, ObjectKey } from '../kube/object';
import { MutableRecord, isRecord } from '../kube/json';
import { isStatefulSetClaim } from './statefulset-claims';
import { isNeverPropagated } from '../karmada/namespaces';

/**
 * An object another object refers to by name, as Karmada's default dependency
 * interpreter finds it: a ConfigMap, Secret, ServiceAccount or PersistentVolumeClaim of a
 * pod template, or the TLS Secret of an Ingress. It is always in the namespace of the
 * object that refers to it.
 */
export interface Dependency {
  /** the object referred to (core group). */
  readonly key: ObjectKey;
  /**
   * where the referring object names it, in the order found
   * (`spec.template.spec.containers[0].envFrom[1].secretRef.name`).
   */
  readonly paths: readonly string[];
  /**
   * true when every reference is marked `optional: true`: the pods start without the
   * object, so its absence is not a problem.
   */
  readonly optional: boolean;
  /**
   * true for a reference Karmada's dependency interpreter does not follow (see
   * {@link findReferences}): `propagateDeps` never carries it, an app's `includeDependencies`
   * does not select it; the inventory only tells when it lacks it.
   *
   * @default - Karmada follows it
   */
  readonly notPropagated?: true;
}

// where the pod spec of each workload kind is (karmada v1.18.2
// pkg/resourceinterpreter/default/native/dependencies.go: getAllDefaultDependenciesInterpreter,
// plus ReplicaSet). Karmada keys its interpreters by exact version; the pod template has the
// same shape in every version of a kind, so the group and kind are enough here.
const POD_SPEC_PATHS: ReadonlyMap<string, readonly string[]> = new Map([
  ['Pod', ['spec']],
  ['Deployment.apps', ['spec', 'template', 'spec']],
  ['Deployment.extensions', ['spec', 'template', 'spec']],
  ['ReplicaSet.apps', ['spec', 'template', 'spec']],
  ['ReplicaSet.extensions', ['spec', 'template', 'spec']],
  ['DaemonSet.apps', ['spec', 'template', 'spec']],
  ['DaemonSet.extensions', ['spec', 'template', 'spec']],
  ['StatefulSet.apps', ['spec', 'template', 'spec']],
  ['Job.batch', ['spec', 'template', 'spec']],
  ['CronJob.batch', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
]);

const INGRESS_KINDS = new Set(['Ingress.networking.k8s.io', 'Ingress.extensions']);

// the volume sources that name a Secret, and the path of the name inside each
// (karmada pkg/util/lifted/visitpod.go: VisitPodSecretNames; azureFile names it directly).
const SECRET_VOLUME_SOURCES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['azureFile', ['secretName']],
  ['cephfs', ['secretRef', 'name']],
  ['cinder', ['secretRef', 'name']],
  ['flexVolume', ['secretRef', 'name']],
  ['rbd', ['secretRef', 'name']],
  ['scaleIO', ['secretRef', 'name']],
  ['iscsi', ['secretRef', 'name']],
  ['storageos', ['secretRef', 'name']],
  ['csi', ['nodePublishSecretRef', 'name']],
];

// visitpod.go: VisitContainers visits init containers, containers, then ephemeral containers.
const CONTAINER_FIELDS = ['initContainers', 'containers', 'ephemeralContainers'];

/** the kinds {@link findDependencies} reads, in kubectl's `kind.group` notation. */
export const DEPENDENT_KINDS: readonly string[] = [...POD_SPEC_PATHS.keys(), ...INGRESS_KINDS].sort();

/**
 * Whether {@link findDependencies} knows what an object of this kind refers to: Karmada's
 * native interpreter. Other kinds may have dependencies through a ResourceInterpreterCustomization,
 * a webhook or a third-party customization (`pkg/resourceinterpreter/interpreter.go` tries
 * those first), which only the live control plane knows.
 */
export function knowsDependencies(obj: KubeObject): boolean {
  return DEPENDENT_KINDS.includes(formatGroupKind(groupOf(obj.apiVersion), obj.kind));
}

type DependencyKind = 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'PersistentVolumeClaim' | 'Service';

/**
 * Returns what an object refers to by name, as Karmada's default dependency interpreter
 * finds it (`pkg/resourceinterpreter/default/native/dependencies.go`,
 * `pkg/util/helper/pod.go: GetDependenciesFromPodTemplate`,
 * `pkg/util/lifted/visitpod.go`):
 *
 * - for the pod template of a Deployment, ReplicaSet, DaemonSet, StatefulSet, Job,
 *   CronJob (its job template) or Pod:
 *   - ConfigMaps: `envFrom[].configMapRef`, `env[].valueFrom.configMapKeyRef` of every
 *     container, init and ephemeral ones included; `configMap` and projected `configMap` volumes;
 *   - Secrets: `imagePullSecrets`; `envFrom[].secretRef`, `env[].valueFrom.secretKeyRef`;
 *     `secret` and projected `secret` volumes; the secret of `azureFile`, `cephfs`,
 *     `cinder`, `flexVolume`, `rbd`, `scaleIO`, `iscsi`, `storageos` volumes and
 *     `csi.nodePublishSecretRef`;
 *   - the ServiceAccount `serviceAccountName`, unless empty or `default`;
 *   - PersistentVolumeClaims: `persistentVolumeClaim.claimName` volumes, except, for a
 *     StatefulSet, the claims of its `volumeClaimTemplates`;
 * - for an Ingress: the Secrets of `spec.tls[].secretName`.
 *
 * Empty names and values of the wrong type are skipped; any other object has none.
 *
 * @returns one entry per object referred to, sorted by `compareKeys`
 */
export function findDependencies(obj: KubeObject): Dependency[] {
  const kind = formatGroupKind(groupOf(obj.apiVersion), obj.kind);
  const found = new DependencyCollector(obj.metadata.namespace || undefined);
  const podSpecPath = POD_SPEC_PATHS.get(kind);
  if (podSpecPath) {
    visitPodSpec(at(obj, podSpecPath), podSpecPath.join('.'), found);
    if (kind === 'StatefulSet.apps') found.removeClaims(name => isStatefulSetClaim(name, obj));
  } else if (INGRESS_KINDS.has(kind)) {
    each(at(obj, ['spec', 'tls']), 'spec.tls', (tls, path) => found.add('Secret', stringAt(tls, ['secretName']), `${path}.secretName`, false));
  }
  return found.result();
}

const BINDING_KINDS = new Set(['RoleBinding.rbac.authorization.k8s.io', 'ClusterRoleBinding.rbac.authorization.k8s.io']);

/**
 * Returns what an object needs by name to work in the member cluster: what
 * {@link findDependencies} finds (what Karmada's dependency interpreter follows), and the
 * references it does not follow, marked `notPropagated`:
 *
 * - a StatefulSet's `spec.serviceName`, the (headless) Service that gives its pods their DNS
 *   names (kubernetes pkg/apis/apps/types.go, StatefulSetSpec.ServiceName);
 * - the ServiceAccounts among the `subjects` of a RoleBinding or ClusterRoleBinding, in the
 *   subject's namespace (a RoleBinding's own when the subject has none; kubernetes
 *   pkg/apis/rbac/types.go, Subject), but `default`, which every namespace has, and those in a
 *   namespace Karmada never propagates (`kube-*`, ...), which the cluster holds itself.
 *
 * @returns one entry per object, sorted by `compareKeys`
 */
export function findReferences(obj: KubeObject): Dependency[] {
  const kind = formatGroupKind(groupOf(obj.apiVersion), obj.kind);
  const found = new DependencyCollector(obj.metadata.namespace || undefined);
  if (kind === 'StatefulSet.apps') found.add('Service', stringAt(obj, ['spec', 'serviceName']), 'spec.serviceName', false);
  if (BINDING_KINDS.has(kind)) {
    each(obj.subjects, 'subjects', (subject, path) => {
      if (subject.kind !== 'ServiceAccount' || subject.name === 'default') return;
      const namespace = typeof subject.namespace === 'string' && subject.namespace ? subject.namespace : obj.metadata.namespace || undefined;
      if (!namespace || isNeverPropagated(namespace)) return;
      found.add('ServiceAccount', typeof subject.name === 'string' ? subject.name : undefined, `${path}.name`, false, namespace);
    });
  }
  const extra = found.result().map((d): Dependency => ({ ...d, notPropagated: true }));
  const own = findDependencies(obj);
  const ownKeys = new Set(own.map(d => keyString(d.key)));
  return [...own, ...extra.filter(d => !ownKeys.has(keyString(d.key)))].sort((a, b) => compareKeys(a.key, b.key));
}

/**
 * Returns the objects an object refers to by name (see {@link findDependencies}).
 *
 * @example
 * dependenciesOf(deployment); // [{ group: '', kind: 'ConfigMap', namespace: 'shop', name: 'web-config' }, ...]
 */
export function dependenciesOf(obj: KubeObject): ObjectKey[] {
  return findDependencies(obj).map(d => d.key);
}

// what a pod spec names, in the order karmada's visitors walk it.
function visitPodSpec(spec: unknown, prefix: string, found: DependencyCollector): void {
  if (!isRecord(spec)) return;
  each(spec.imagePullSecrets, `${prefix}.imagePullSecrets`, (ref, path) => found.add('Secret', stringAt(ref, ['name']), `${path}.name`, false));
  for (const field of CONTAINER_FIELDS) {
    each(spec[field], `${prefix}.${field}`, (container, path) => visitContainer(container, path, found));
  }
  each(spec.volumes, `${prefix}.volumes`, (volume, path) => visitVolume(volume, path, found));
  found.add('ServiceAccount', serviceAccountOf(spec), `${prefix}.serviceAccountName`, false);
}

function visitContainer(container: MutableRecord, path: string, found: DependencyCollector): void {
  each(container.envFrom, `${path}.envFrom`, (source, p) => {
    for (const [field, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
      const ref = source[field];
      if (isRecord(ref)) found.add(kind, stringAt(ref, ['name']), `${p}.${field}.name`, ref.optional === true);
    }
  });
  each(container.env, `${path}.env`, (env, p) => {
    for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
      const ref = at(env, ['valueFrom', field]);
      if (isRecord(ref)) found.add(kind, stringAt(ref, ['name']), `${p}.valueFrom.${field}.name`, ref.optional === true);
    }
  });
}

function visitVolume(volume: MutableRecord, path: string, found: DependencyCollector): void {
  const configMap = volume.configMap;
  if (isRecord(configMap)) found.add('ConfigMap', stringAt(configMap, ['name']), `${path}.configMap.name`, configMap.optional === true);
  const secret = volume.secret;
  if (isRecord(secret)) found.add('Secret', stringAt(secret, ['secretName']), `${path}.secret.secretName`, secret.optional === true);
  each(at(volume, ['projected', 'sources']), `${path}.projected.sources`, (source, p) => {
    for (const [field, kind] of [['configMap', 'ConfigMap'], ['secret', 'Secret']] as const) {
      const ref = source[field];
      if (isRecord(ref)) found.add(kind, stringAt(ref, ['name']), `${p}.${field}.name`, ref.optional === true);
    }
  });
  for (const [source, namePath] of SECRET_VOLUME_SOURCES) {
    found.add('Secret', stringAt(volume[source], namePath), `${path}.${source}.${namePath.join('.')}`, false);
  }
  found.add('PersistentVolumeClaim', stringAt(volume.persistentVolumeClaim, ['claimName']), `${path}.persistentVolumeClaim.claimName`, false);
}

// karmada pod.go: getServiceAccountNames skips the empty name and `default`, which every
// namespace has.
// kubernetes pkg/api/pod/util.go (dropDisabledFields / the PodSpec conversion): the API server fills
// serviceAccountName from the deprecated serviceAccount when only that is given.
function serviceAccountOf(spec: MutableRecord): string | undefined {
  const name = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName ? spec.serviceAccountName : spec.serviceAccount;
  return typeof name === 'string' && name !== '' && name !== 'default' ? name : undefined;
}

// merges the references to each object, in the order found.
class DependencyCollector {
  private readonly found = new Map<string, { key: ObjectKey; paths: string[]; optional: boolean }>();

  public constructor(private readonly namespace: string | undefined) {}

  public add(kind: DependencyKind, name: string | undefined, path: string, optional: boolean, namespace = this.namespace): void {
    // visitpod.go: skipEmptyNames.
    if (!name) return;
    const key: ObjectKey = { group: '', kind, namespace, name };
    const k = keyString(key);
    const previous = this.found.get(k);
    if (previous) {
      previous.paths.push(path);
      previous.optional &&= optional;
    } else {
      this.found.set(k, { key, paths: [path], optional });
    }
  }

  public removeClaims(test: (name: string) => boolean): void {
    for (const [k, d] of this.found) if (d.key.kind === 'PersistentVolumeClaim' && test(d.key.name)) this.found.delete(k);
  }

  public result(): Dependency[] {
    return [...this.found.values()].sort((a, b) => compareKeys(a.key, b.key));
  }
}

function at(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const p of path) {
    if (!isRecord(v)) return undefined;
    v = v[p];
  }
  return v;
}

function stringAt(value: unknown, path: readonly string[]): string | undefined {
  const v = at(value, path);
  return typeof v === 'string' ? v : undefined;
}

// calls `fn` on each mapping of a list, with its path; anything else is skipped.
function each(list: unknown, path: string, fn: (item: MutableRecord, itemPath: string) => void): void {
  if (!Array.isArray(list)) return;
  list.forEach((item, i) => {
    if (isRecord(item)) fn(item, `${path}[${i}]`);
  });
}
