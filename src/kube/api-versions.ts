// API versions as the Karmada API server (kube-apiserver v1.35.2 in Karmada v1.18.2: charts/karmada
// values.yaml, operator KubeDefaultVersion, karmadactl init --kube-image-tag) serves them, and as
// Karmada's resource detector sees objects: pkg/detector/detector.go discoverResources watches each
// resource in its group's preferred version (client-go ServerPreferredResources), and
// pkg/util/selector.go ResourceSelectorPriority compares a selector's apiVersion with that version
// as a string. Preferred versions: kube-apiserver pkg/controlplane (stable versions enabled by
// default, betas after 1.24 off, KEP-3136); a CRD group's preferred version is the highest of its
// served versions in Kubernetes' version order (apiextensions-apiserver
// customresource_discovery_controller.go, sortGroupDiscoveryByKubeAwareVersion). Removed versions:
// the Kubernetes Deprecated API Migration Guide (kubernetes.io/docs/reference/using-api/deprecation-guide).
import { isJsonObject, JsonObject, JsonValue } from './json';

/** The Kubernetes version of the Karmada API server the tables follow. */
export const KARMADA_APISERVER_KUBERNETES_VERSION = 'v1.35.2';

/** The preferred version of each built-in group in kube-apiserver v1.35 with its default API enablement. */
export const PREFERRED_VERSIONS: ReadonlyMap<string, string> = new Map([
  ['', 'v1'], ['apps', 'v1'], ['batch', 'v1'], ['autoscaling', 'v2'], ['policy', 'v1'], ['networking.k8s.io', 'v1'],
  ['rbac.authorization.k8s.io', 'v1'], ['storage.k8s.io', 'v1'], ['scheduling.k8s.io', 'v1'], ['coordination.k8s.io', 'v1'],
  ['discovery.k8s.io', 'v1'], ['events.k8s.io', 'v1'], ['node.k8s.io', 'v1'], ['certificates.k8s.io', 'v1'],
  ['admissionregistration.k8s.io', 'v1'], ['apiextensions.k8s.io', 'v1'], ['apiregistration.k8s.io', 'v1'],
  ['flowcontrol.apiserver.k8s.io', 'v1'], ['resource.k8s.io', 'v1'],
]);

/** A group/version the Karmada API server no longer serves for a kind, and what replaces it. */
export interface RemovedVersion {
  /** the Kubernetes version that removed it. */
  readonly removedIn: string;
  /** the apiVersion to use instead, if any. */
  readonly replacement?: string;
  /**
   * turns an object of the removed version into the replacement, or says why it cannot
   * without losing something.
   *
   * @default - no conversion: the object must be rewritten by hand
   */
  readonly convert?: (object: JsonObject) => JsonObject | string;
}

const SAME_SHAPE = (to: string) => (o: JsonObject): JsonObject => ({ ...o, apiVersion: to });

// apps/v1 dropped rollbackTo (Deployment) and templateGeneration (DaemonSet), and requires a selector.
const toAppsV1 = (o: JsonObject): JsonObject | string => {
  const spec = isJsonObject(o.spec) ? o.spec : {};
  if (spec.rollbackTo !== undefined) return 'spec.rollbackTo does not exist in apps/v1';
  if (spec.templateGeneration !== undefined) return 'spec.templateGeneration does not exist in apps/v1';
  if (!isJsonObject(spec.selector)) return 'apps/v1 requires spec.selector, which the object lacks';
  return { ...o, apiVersion: 'apps/v1' };
};

// networking.k8s.io/v1 Ingress: backend => defaultBackend, serviceName/servicePort => service.name/port, pathType required.
const toIngressV1 = (o: JsonObject): JsonObject | string => {
  const spec = isJsonObject(o.spec) ? o.spec : {};
  let problem: string | undefined;
  const backend = (b: JsonValue | undefined, at: string): JsonValue | undefined => {
    if (!isJsonObject(b)) return b;
    if (b.resource !== undefined) return b;
    if (typeof b.serviceName !== 'string') {
      problem ??= `${at} has no serviceName`;
      return b;
    }
    const port = servicePort(b.servicePort);
    if (typeof port === 'string') {
      problem ??= `${at}.servicePort ${port}`;
      return b;
    }
    return { service: { name: b.serviceName, port } };
  };
  const out: JsonObject = { ...spec };
  if (spec.backend !== undefined) {
    out.defaultBackend = backend(spec.backend, 'spec.backend') as JsonValue;
    delete out.backend;
  }
  if (Array.isArray(spec.rules)) {
    out.rules = spec.rules.map((r, i) => {
      if (!isJsonObject(r) || !isJsonObject(r.http) || !Array.isArray(r.http.paths)) return r;
      return {
        ...r,
        http: {
          ...r.http,
          paths: r.http.paths.map((p, j) => (isJsonObject(p)
            ? { ...p, pathType: typeof p.pathType === 'string' ? p.pathType : 'ImplementationSpecific', backend: backend(p.backend, `spec.rules[${i}].http.paths[${j}].backend`) as JsonValue }
            : p)),
        },
      };
    });
  }
  return problem ?? { ...o, apiVersion: 'networking.k8s.io/v1', spec: out };
};

// a v1beta1 servicePort (an IntOrString) as a v1 ServiceBackendPort, or why it is none: Kubernetes'
// conversion copies an integer to `number` and a string to `name` (pkg/apis/networking/v1
// conversion.go), and v1 validation wants a port 1-65535 or an IANA_SVC_NAME (validation.go
// validateIngressBackend); a missing or null port has neither, and inventing one changes the object.
function servicePort(port: JsonValue | undefined): { number: number } | { name: string } | string {
  if (port === undefined || port === null) return port === null ? 'is null' : 'is missing';
  if (typeof port === 'number') return Number.isInteger(port) && port >= 1 && port <= 65535 ? { number: port } : `${port} is not a port number (1-65535)`;
  if (typeof port === 'string' && /^(?=.{1,15}$)(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/.test(port)) return { name: port };
  return `${JSON.stringify(port)} is neither a port number (1-65535) nor a port name (at most 15 lowercase letters, digits and single '-', with a letter)`;
}

// policy/v1 PodDisruptionBudget: an empty selector selects every pod, where policy/v1beta1 selected none.
const toPdbV1 = (o: JsonObject): JsonObject | string => {
  const spec = isJsonObject(o.spec) ? o.spec : {};
  const selector = spec.selector;
  const empty = !isJsonObject(selector) || Object.values(selector).every(v => v === undefined || v === null ||
    (Array.isArray(v) && v.length === 0) || (isJsonObject(v) && Object.keys(v).length === 0));
  return empty ? 'its selector is empty, which selects no pod in policy/v1beta1 but every pod in policy/v1' : { ...o, apiVersion: 'policy/v1' };
};

/** The versions removed up to Kubernetes 1.35, by `apiVersion` then kind. */
export const REMOVED_VERSIONS: ReadonlyMap<string, ReadonlyMap<string, RemovedVersion>> = new Map<string, ReadonlyMap<string, RemovedVersion>>([
  ['extensions/v1beta1', new Map<string, RemovedVersion>([
    ...['Deployment', 'DaemonSet', 'ReplicaSet'].map(k => [k, { removedIn: 'v1.16', replacement: 'apps/v1', convert: toAppsV1 }] as const),
    ['NetworkPolicy', { removedIn: 'v1.16', replacement: 'networking.k8s.io/v1', convert: SAME_SHAPE('networking.k8s.io/v1') }],
    ['PodSecurityPolicy', { removedIn: 'v1.16' }],
    ['Ingress', { removedIn: 'v1.22', replacement: 'networking.k8s.io/v1', convert: toIngressV1 }],
  ])],
  ['apps/v1beta1', new Map(['Deployment', 'StatefulSet', 'ReplicaSet'].map(k => [k, { removedIn: 'v1.16', replacement: 'apps/v1', convert: toAppsV1 }]))],
  ['apps/v1beta2', new Map(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].map(k => [k, { removedIn: 'v1.16', replacement: 'apps/v1', convert: toAppsV1 }]))],
  ['networking.k8s.io/v1beta1', new Map<string, RemovedVersion>([
    ['Ingress', { removedIn: 'v1.22', replacement: 'networking.k8s.io/v1', convert: toIngressV1 }],
    ['IngressClass', { removedIn: 'v1.22', replacement: 'networking.k8s.io/v1', convert: SAME_SHAPE('networking.k8s.io/v1') }],
  ])],
  ['rbac.authorization.k8s.io/v1beta1', new Map(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']
    .map(k => [k, { removedIn: 'v1.22', replacement: 'rbac.authorization.k8s.io/v1', convert: SAME_SHAPE('rbac.authorization.k8s.io/v1') }]))],
  ['scheduling.k8s.io/v1beta1', new Map([['PriorityClass', { removedIn: 'v1.22', replacement: 'scheduling.k8s.io/v1', convert: SAME_SHAPE('scheduling.k8s.io/v1') }]])],
  ['storage.k8s.io/v1beta1', new Map<string, RemovedVersion>([
    ...['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'].map(k => [k, { removedIn: 'v1.22', replacement: 'storage.k8s.io/v1', convert: SAME_SHAPE('storage.k8s.io/v1') }] as const),
    ['CSIStorageCapacity', { removedIn: 'v1.27', replacement: 'storage.k8s.io/v1', convert: SAME_SHAPE('storage.k8s.io/v1') }],
  ])],
  ['apiextensions.k8s.io/v1beta1', new Map([['CustomResourceDefinition', { removedIn: 'v1.22', replacement: 'apiextensions.k8s.io/v1' }]])],
  ['admissionregistration.k8s.io/v1beta1', new Map(['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']
    .map(k => [k, { removedIn: 'v1.22', replacement: 'admissionregistration.k8s.io/v1' }]))],
  ['apiregistration.k8s.io/v1beta1', new Map([['APIService', { removedIn: 'v1.22', replacement: 'apiregistration.k8s.io/v1', convert: SAME_SHAPE('apiregistration.k8s.io/v1') }]])],
  ['certificates.k8s.io/v1beta1', new Map([['CertificateSigningRequest', { removedIn: 'v1.22', replacement: 'certificates.k8s.io/v1' }]])],
  ['coordination.k8s.io/v1beta1', new Map([['Lease', { removedIn: 'v1.22', replacement: 'coordination.k8s.io/v1', convert: SAME_SHAPE('coordination.k8s.io/v1') }]])],
  ['batch/v1beta1', new Map([['CronJob', { removedIn: 'v1.25', replacement: 'batch/v1', convert: SAME_SHAPE('batch/v1') }]])],
  ['discovery.k8s.io/v1beta1', new Map([['EndpointSlice', { removedIn: 'v1.25', replacement: 'discovery.k8s.io/v1' }]])],
  ['events.k8s.io/v1beta1', new Map([['Event', { removedIn: 'v1.25', replacement: 'events.k8s.io/v1' }]])],
  ['autoscaling/v2beta1', new Map([['HorizontalPodAutoscaler', { removedIn: 'v1.25', replacement: 'autoscaling/v2' }]])],
  ['autoscaling/v2beta2', new Map([['HorizontalPodAutoscaler', { removedIn: 'v1.26', replacement: 'autoscaling/v2', convert: SAME_SHAPE('autoscaling/v2') }]])],
  ['policy/v1beta1', new Map<string, RemovedVersion>([
    ['PodDisruptionBudget', { removedIn: 'v1.25', replacement: 'policy/v1', convert: toPdbV1 }],
    ['PodSecurityPolicy', { removedIn: 'v1.25' }],
  ])],
  ['node.k8s.io/v1beta1', new Map([['RuntimeClass', { removedIn: 'v1.25', replacement: 'node.k8s.io/v1', convert: SAME_SHAPE('node.k8s.io/v1') }]])],
  ['flowcontrol.apiserver.k8s.io/v1beta1', new Map(['FlowSchema', 'PriorityLevelConfiguration'].map(k => [k, { removedIn: 'v1.26', replacement: 'flowcontrol.apiserver.k8s.io/v1' }]))],
  ['flowcontrol.apiserver.k8s.io/v1beta2', new Map(['FlowSchema', 'PriorityLevelConfiguration'].map(k => [k, { removedIn: 'v1.29', replacement: 'flowcontrol.apiserver.k8s.io/v1' }]))],
  ['flowcontrol.apiserver.k8s.io/v1beta3', new Map(['FlowSchema', 'PriorityLevelConfiguration'].map(k => [k, { removedIn: 'v1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' }]))],
]);

/** What {@link convertRemovedVersion} did. */
export type VersionConversion =
  | { readonly converted: JsonObject; readonly from: string; readonly to: string }
  | { readonly refused: string };

/**
 * An object in an apiVersion the Karmada API server no longer serves: converted to its
 * replacement where that loses nothing, else refused naming the replacement. Undefined when
 * the version is served.
 */
export function convertRemovedVersion(object: JsonObject): VersionConversion | undefined {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const removed = REMOVED_VERSIONS.get(apiVersion)?.get(kind);
  if (!removed) return undefined;
  const where = `${apiVersion} ${kind} was removed in Kubernetes ${removed.removedIn}, and the Karmada API server (Kubernetes ${KARMADA_APISERVER_KUBERNETES_VERSION}) refuses it`;
  if (!removed.replacement) return { refused: `${where}; it has no replacement: leave it out` };
  if (!removed.convert) return { refused: `${where}; rewrite it as ${removed.replacement} (the conversion is not mechanical)` };
  const result = removed.convert(object);
  if (typeof result === 'string') return { refused: `${where}; rewrite it as ${removed.replacement}: ${result}` };
  return { converted: result, from: apiVersion, to: result.apiVersion as string };
}

/**
 * The apiVersion Karmada's detector sees a kind in, and so the one a policy selector must
 * name: the group's preferred version (for a custom group, from its CustomResourceDefinitions
 * when known), else the apiVersion given.
 *
 * @param crdVersions the preferred version of custom groups, by group (see {@link crdPreferredVersions})
 */
export function preferredApiVersion(apiVersion: string, crdVersions: ReadonlyMap<string, string> = new Map()): string {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = PREFERRED_VERSIONS.get(group) ?? crdVersions.get(group);
  return version ? (group ? `${group}/${version}` : version) : apiVersion;
}

/** The preferred version of each group the CustomResourceDefinitions among `objects` define. */
export function crdPreferredVersions(objects: readonly unknown[]): Map<string, string> {
  const served = new Map<string, Set<string>>();
  for (const o of objects) {
    if (!isJsonObject(o) || o.kind !== 'CustomResourceDefinition' || !isJsonObject(o.spec)) continue;
    const group = o.spec.group;
    if (typeof group !== 'string') continue;
    const set = served.get(group) ?? new Set<string>();
    for (const v of Array.isArray(o.spec.versions) ? o.spec.versions : []) {
      if (isJsonObject(v) && typeof v.name === 'string' && v.served !== false) set.add(v.name);
    }
    served.set(group, set);
  }
  const out = new Map<string, string>();
  for (const [group, versions] of served) {
    const best = [...versions].sort(compareKubeVersions)[0];
    if (best) out.set(group, best);
  }
  return out;
}

/** The versions a CustomResourceDefinition defines for its kind, and those it serves. */
export interface CrdVersions {
  /** the CRD's metadata.name (`<plural>.<group>`). */
  readonly crd: string;
  /** `spec.names.plural`. */
  readonly plural: string;
  /** every version of `spec.versions` (or the v1beta1 `spec.version`), in the CRD's order. */
  readonly defined: readonly string[];
  /** the versions not marked `served: false`, best first ({@link compareKubeVersions}). */
  readonly served: readonly string[];
}

/**
 * The versions of each kind the CustomResourceDefinitions among `objects` define, by
 * `kind.group`. A CRD of apiextensions.k8s.io/v1beta1 without `spec.versions` serves its
 * `spec.version`.
 */
export function crdVersionsByKind(objects: readonly unknown[]): Map<string, CrdVersions> {
  const out = new Map<string, CrdVersions>();
  for (const o of objects) {
    if (!isJsonObject(o) || o.kind !== 'CustomResourceDefinition' || typeof o.apiVersion !== 'string' || !o.apiVersion.startsWith('apiextensions.k8s.io/')) continue;
    const spec = o.spec;
    if (!isJsonObject(spec) || typeof spec.group !== 'string' || !isJsonObject(spec.names) || typeof spec.names.kind !== 'string') continue;
    const defined: string[] = [];
    const served: string[] = [];
    if (Array.isArray(spec.versions)) {
      for (const v of spec.versions) {
        if (!isJsonObject(v) || typeof v.name !== 'string') continue;
        defined.push(v.name);
        // as crdPreferredVersions reads it: the API server always writes `served`.
        if (v.served !== false) served.push(v.name);
      }
    } else if (typeof spec.version === 'string') {
      defined.push(spec.version);
      served.push(spec.version);
    }
    const name = isJsonObject(o.metadata) && typeof o.metadata.name === 'string' ? o.metadata.name : '';
    const plural = typeof spec.names.plural === 'string' ? spec.names.plural : '';
    out.set(`${spec.names.kind}.${spec.group}`, { crd: name, plural, defined, served: served.sort(compareKubeVersions) });
  }
  return out;
}

/**
 * Why the Karmada API server refuses an object of a custom kind in its apiVersion: its
 * CustomResourceDefinition does not define or does not serve that version, or serves none.
 * Undefined when the version is served, or when no CRD of `crds` defines the kind or lists its versions.
 *
 * @param crds see {@link crdVersionsByKind}
 */
export function unservedVersionProblem(apiVersion: string, kind: string, crds: ReadonlyMap<string, CrdVersions>): string | undefined {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return undefined;
  const group = apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const crd = crds.get(`${kind}.${group}`);
  // a CRD that lists no version says nothing of them (the API server refuses such a CRD itself).
  if (!crd || crd.defined.length === 0 || crd.served.includes(version)) return undefined;
  const refuses = 'the Karmada API server refuses it';
  if (crd.served.length === 0) {
    return `apiVersion ${apiVersion}: its CustomResourceDefinition ${crd.crd} serves no version (every spec.versions[] has served: false), so ${refuses} ` +
      `(and every other ${kind}); serve a version in the CRD, or leave the CRD and its ${kind} objects out of the inventory`;
  }
  const how = crd.defined.includes(version) ? `defines ${version} with served: false` : `does not define ${version}`;
  return `apiVersion ${apiVersion}: its CustomResourceDefinition ${crd.crd} ${how} (it serves ${crd.served.join(', ')}), so ${refuses}; ` +
    `export the object in a served version (kubectl get ${crd.plural || kind.toLowerCase()}.${crd.served[0]}.${group} -o yaml), or serve ${version} in the CRD`;
}

/**
 * Kubernetes' version order (k8s.io/apimachinery pkg/version CompareKubeAwareVersionStrings),
 * best first: GA before beta before alpha, higher numbers first, then other strings by name.
 */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    return { major: Number(m[1]), level: m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2, minor: m[3] ? Number(m[3]) : 0 };
  };
  const x = parse(a);
  const y = parse(b);
  if (x && !y) return -1;
  if (!x && y) return 1;
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  return y.level - x.level || y.major - x.major || y.minor - x.minor;
}
