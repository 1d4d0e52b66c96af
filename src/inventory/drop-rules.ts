import { formatGroupKind, groupOf, KubeObject } from '../kube/object';
import { isRecord } from '../kube/json';
import { isNeverPropagated } from '../karmada/namespaces';

/**
 * A kind of object that must never become a resource template: the cluster makes it,
 * or something else owns it.
 */
export interface DropRule {
  /** a stable kebab-case identifier, for reports and tests. */
  readonly id: string;
  /** what the rule drops, for documentation. */
  readonly description: string;
  /** returns why `obj` is dropped, in words for the user, or undefined when the rule does not apply. */
  readonly test: (obj: KubeObject) => string | undefined;
}

/** The first drop rule an object matches, and its reason. */
export interface DropMatch {
  /** the {@link DropRule.id}. */
  readonly rule: string;
  /** why the object is dropped. */
  readonly reason: string;
}

function isKind(obj: KubeObject, group: string, kind: string): boolean {
  return obj.kind === kind && groupOf(obj.apiVersion) === group;
}

// kinds whose objects the cluster makes for itself, with why.
const CLUSTER_MADE_KINDS: ReadonlyMap<string, string> = new Map([
  ['Node', 'registered by the kubelet of each node'],
  ['ComponentStatus', 'health reports of this control plane'],
  ['Binding', 'scheduling requests, never stored'],
  ['ControllerRevision.apps', 'revision history written by the DaemonSet and StatefulSet controllers'],
  ['CertificateSigningRequest.certificates.k8s.io', 'certificate requests to this cluster, from its kubelets and users'],
  ['TokenReview.authentication.k8s.io', 'requests the API server answers, never stored'],
  ['SelfSubjectReview.authentication.k8s.io', 'requests the API server answers, never stored'],
  ['SubjectAccessReview.authorization.k8s.io', 'requests the API server answers, never stored'],
  ['LocalSubjectAccessReview.authorization.k8s.io', 'requests the API server answers, never stored'],
  ['SelfSubjectAccessReview.authorization.k8s.io', 'requests the API server answers, never stored'],
  ['SelfSubjectRulesReview.authorization.k8s.io', 'requests the API server answers, never stored'],
  ['StorageVersion.internal.apiserver.k8s.io', 'bookkeeping of the API servers'],
  ['IPAddress.networking.k8s.io', 'Service IP allocations of this cluster'],
  ['VolumeAttachment.storage.k8s.io', 'volume attachments written by the attach/detach controller'],
  ['CSINode.storage.k8s.io', 'registered by the kubelet of each node'],
  ['ResourceSlice.resource.k8s.io', 'device inventories published by the drivers on each node'],
  ['NodeMetrics.metrics.k8s.io', 'live usage figures from metrics-server'],
  ['PodMetrics.metrics.k8s.io', 'live usage figures from metrics-server'],
]);

function controllerOf(obj: KubeObject): { kind: string; name: string } | undefined {
  const refs = obj.metadata.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const ref: unknown = refs.find(r => isRecord(r) && r.controller === true);
  if (!isRecord(ref)) return undefined;
  return { kind: String(ref.kind), name: String(ref.name) };
}

/**
 * The rules an inventory drops objects by, in order: the first that matches gives the
 * reason. Dropping an object leaves it on the member cluster as it is, outside Karmada,
 * so a rule errs towards dropping what the cluster or a controller maintains.
 */
export const DROP_RULES: readonly DropRule[] = [
  {
    // karmada pkg/detector/detector.go (EventFilter): the resource detector ignores these namespaces (karmada/namespaces.ts).
    id: 'reserved-namespace',
    description: 'objects in namespaces Karmada never propagates: kube-*, karmada-system, karmada-cluster, karmada-es-*',
    test: obj => {
      const ns = obj.metadata.namespace;
      return ns && isNeverPropagated(ns)
        ? `namespace ${ns} is one Karmada never propagates (kube-*, karmada-system, karmada-cluster, karmada-es-*)`
        : undefined;
    },
  },
  {
    // karmada pkg/controllers/namespace/namespace_sync_controller.go: Karmada propagates Namespaces
    // itself, and deleting one deletes all in it.
    id: 'namespace',
    description: 'Namespace objects, which the Namespace rule handles',
    test: obj => (isKind(obj, '', 'Namespace')
      ? 'handled by the Namespace rule: a Namespace is never taken over with Overwrite (deleting it in Karmada deletes everything in it)'
      : undefined),
  },
  {
    id: 'cluster-made-kind',
    description: 'kinds whose objects each cluster makes for itself: Node, ComponentStatus, CertificateSigningRequest, ' +
      'ControllerRevision, the review kinds, VolumeAttachment, CSINode, metrics...',
    test: obj => {
      const kind = formatGroupKind(groupOf(obj.apiVersion), obj.kind);
      const why = CLUSTER_MADE_KINDS.get(kind);
      return why ? `${kind} objects are ${why}` : undefined;
    },
  },
  {
    // migtools/crane skips Events on export (cmd/export/discover.go).
    id: 'event',
    description: 'Events, core and events.k8s.io',
    test: obj => (isKind(obj, '', 'Event') || isKind(obj, 'events.k8s.io', 'Event')
      ? 'Events are records the cluster writes, not desired state'
      : undefined),
  },
  {
    id: 'lease',
    description: 'Leases',
    test: obj => (isKind(obj, 'coordination.k8s.io', 'Lease')
      ? 'Leases are locks and heartbeats of running components (leader election, node heartbeats)'
      : undefined),
  },
  {
    // kubernetes pkg/kubelet/pod (mirror_client.go): a mirror pod carries the
    // kubernetes.io/config.mirror annotation and a controller ownerReference to its Node.
    id: 'mirror-pod',
    description: 'static pods: mirror pods the kubelet shows for pods it runs from manifest files',
    test: obj => {
      if (!isKind(obj, '', 'Pod')) return undefined;
      const owner = controllerOf(obj);
      const node = owner?.kind === 'Node' ? owner.name : undefined;
      if (node === undefined && obj.metadata.annotations?.['kubernetes.io/config.mirror'] === undefined) return undefined;
      return `static pod${node ? ` of node ${node}` : ''}: the kubelet runs it from a manifest file on the node`;
    },
  },
  {
    // the controller re-creates what it owns from its own spec, so only the owner is taken
    // over; crane whites out owned objects too (migtools/crane-lib transform/kubernetes/kubernetes.go getWhiteOuts).
    id: 'controller-owned',
    description: 'objects with a controller ownerReference: ReplicaSets of Deployments, Pods, Jobs of CronJobs, EndpointSlices of Services...',
    test: obj => {
      const owner = controllerOf(obj);
      return owner ? `owned by its controller ${owner.kind} ${owner.name}, which re-creates it: take over the ${owner.kind} instead` : undefined;
    },
  },
  {
    id: 'endpoints',
    description: 'Endpoints, which the control plane writes from each Service',
    test: obj => (isKind(obj, '', 'Endpoints')
      ? 'Endpoints are written by the control plane from the Service of the same name. ' +
        'Note: for a Service without a selector they were written by hand; they stay on the cluster as they are, outside Karmada'
      : undefined),
  },
  {
    id: 'managed-endpoint-slice',
    description: 'EndpointSlices labelled with their manager or their Service',
    test: obj => {
      if (!isKind(obj, 'discovery.k8s.io', 'EndpointSlice')) return undefined;
      const labels = obj.metadata.labels ?? {};
      for (const label of ['endpointslice.kubernetes.io/managed-by', 'endpoints.kubernetes.io/managed-by']) {
        if (labels[label] !== undefined) return `EndpointSlice maintained by ${labels[label]} (${label})`;
      }
      const service = labels['kubernetes.io/service-name'];
      return service !== undefined ? `EndpointSlice of Service ${service} (kubernetes.io/service-name), maintained by the control plane` : undefined;
    },
  },
  {
    id: 'kubernetes-service',
    description: 'the kubernetes Service in default',
    test: obj => (isKind(obj, '', 'Service') && obj.metadata.namespace === 'default' && obj.metadata.name === 'kubernetes'
      ? 'the kubernetes Service is maintained by the API server of every cluster'
      : undefined),
  },
  {
    // crane strip-default-rbac (migtools/crane-lib transform/kubernetes/kubernetes.go getWhiteOuts).
    id: 'default-service-account',
    description: 'the default ServiceAccount of each namespace',
    test: obj => (isKind(obj, '', 'ServiceAccount') && obj.metadata.name === 'default'
      ? 'the default ServiceAccount is created in every namespace by the cluster'
      : undefined),
  },
  {
    // crane strip-default-cabundle (migtools/crane-lib transform/kubernetes/kubernetes.go getWhiteOuts).
    id: 'kube-root-ca',
    description: 'the kube-root-ca.crt ConfigMap of each namespace',
    test: obj => (isKind(obj, '', 'ConfigMap') && obj.metadata.name === 'kube-root-ca.crt'
      ? "kube-root-ca.crt is published in every namespace by the cluster and holds that cluster's CA"
      : undefined),
  },
  {
    // karmada pkg/resourceinterpreter/default/native/prune/prune.go nulls their data; crane drops
    // them (migtools/crane-lib transform/kubernetes/kubernetes.go getWhiteOuts).
    id: 'service-account-token',
    description: 'Secrets of type kubernetes.io/service-account-token',
    test: obj => (isKind(obj, '', 'Secret') && obj.type === 'kubernetes.io/service-account-token'
      ? 'service account token Secrets are filled in by the cluster that holds them'
      : undefined),
  },
  {
    // kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy: the API server reconciles these at start.
    id: 'bootstrap-rbac',
    description: 'the default RBAC objects (kubernetes.io/bootstrapping: rbac-defaults)',
    test: obj => (groupOf(obj.apiVersion) === 'rbac.authorization.k8s.io' && obj.metadata.labels?.['kubernetes.io/bootstrapping'] === 'rbac-defaults'
      ? 'default RBAC object the API server of every cluster keeps up to date (kubernetes.io/bootstrapping: rbac-defaults)'
      : undefined),
  },
  {
    // kubernetes pkg/registry/flowcontrol/ensurer: the API server maintains the mandatory and suggested objects.
    id: 'flowcontrol-defaults',
    description: 'API Priority and Fairness objects the API server maintains (apf.kubernetes.io/autoupdate-spec)',
    test: obj => (groupOf(obj.apiVersion) === 'flowcontrol.apiserver.k8s.io' && obj.metadata.annotations?.['apf.kubernetes.io/autoupdate-spec'] !== undefined
      ? 'API Priority and Fairness default the API server of every cluster maintains (apf.kubernetes.io/autoupdate-spec)'
      : undefined),
  },
  {
    // kubernetes pkg/apis/scheduling: the system- prefix is reserved for the built-in classes.
    id: 'system-priority-class',
    description: 'the built-in PriorityClasses system-cluster-critical and system-node-critical',
    test: obj => (isKind(obj, 'scheduling.k8s.io', 'PriorityClass') && obj.metadata.name.startsWith('system-')
      ? 'built-in PriorityClass of every cluster (the system- prefix is reserved)'
      : undefined),
  },
];

/**
 * Returns the first drop rule `obj` matches, with its reason.
 *
 * @param rules the rules to try, in order
 */
export function matchDropRule(obj: KubeObject, rules: readonly DropRule[] = DROP_RULES): DropMatch | undefined {
  for (const rule of rules) {
    const reason = rule.test(obj);
    if (reason !== undefined) return { rule: rule.id, reason };
  }
  return undefined;
}

/**
 * Returns why `obj` must not become a resource template, or undefined when it may.
 *
 * @param rules the rules to try, in order
 */
export function dropReason(obj: KubeObject, rules: readonly DropRule[] = DROP_RULES): string | undefined {
  return matchDropRule(obj, rules)?.reason;
}
