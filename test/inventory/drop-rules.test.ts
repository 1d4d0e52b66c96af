import { DROP_RULES, dropReason, matchDropRule } from '../../src/inventory/drop-rules';
import { readInventory } from '../../src/inventory/read';
import { KubeObject } from '../../src/kube/object';
import { ALL_NAMESPACES, DEFAULT_NAMESPACE, fixture, fixturePath, listItem } from './fixtures';

// the reason one rule gives for `obj`, whatever the rules before it say.
function ruleReason(id: string, obj: KubeObject): string | undefined {
  const rule = DROP_RULES.find(r => r.id === id);
  if (!rule) throw new Error(`no drop rule ${id}`);
  return rule.test(obj);
}

function object(apiVersion: string, kind: string, name: string, namespace?: string, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion, kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...extra };
}

describe('drop rules', () => {
  test('every rule has a unique kebab-case id and a description', () => {
    // GIVEN the rule table THEN ids are unique and kebab-case
    const ids = DROP_RULES.map(r => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of DROP_RULES) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(r.description.length).toBeGreaterThan(5);
    }
  });

  test('reserved-namespace: drops objects in kube-* and Karmada namespaces', () => {
    // GIVEN coredns from kube-system of the all-namespaces export
    const coredns = listItem(ALL_NAMESPACES, 'Deployment', 'kube-system', 'coredns');

    // THEN it is dropped, as objects in karmada-system and karmada-es-member1 would be
    const reason = 'namespace kube-system is one Karmada never propagates (kube-*, karmada-system, karmada-cluster, karmada-es-*)';
    expect(matchDropRule(coredns)).toStrictEqual({ rule: 'reserved-namespace', reason });
    expect(dropReason(object('v1', 'ConfigMap', 'c', 'karmada-es-member1'))).toBe(reason.replace('kube-system', 'karmada-es-member1'));
    expect(dropReason(object('v1', 'ConfigMap', 'c', 'kube-public'))).toBe(reason.replace('kube-system', 'kube-public'));
    expect(ruleReason('reserved-namespace', object('v1', 'ConfigMap', 'c', 'kubeflow'))).toBeUndefined();
  });

  test('namespace: drops Namespace objects, which the Namespace rule handles', () => {
    // GIVEN a Namespace (no export holds one: `kubectl get all` does not list them) THEN it is dropped
    expect(matchDropRule(object('v1', 'Namespace', 'shop'))).toStrictEqual({
      rule: 'namespace',
      reason: 'handled by the Namespace rule: a Namespace is never taken over with Overwrite (deleting it in Karmada deletes everything in it)',
    });
  });

  test.each([
    ['v1', 'Node', 'Node objects are registered by the kubelet of each node'],
    ['v1', 'ComponentStatus', 'ComponentStatus objects are health reports of this control plane'],
    ['certificates.k8s.io/v1', 'CertificateSigningRequest',
      'CertificateSigningRequest.certificates.k8s.io objects are certificate requests to this cluster, from its kubelets and users'],
    ['authentication.k8s.io/v1', 'TokenReview', 'TokenReview.authentication.k8s.io objects are requests the API server answers, never stored'],
    ['apps/v1', 'ControllerRevision', 'ControllerRevision.apps objects are revision history written by the DaemonSet and StatefulSet controllers'],
  ])('cluster-made-kind: drops %s %s', (apiVersion, kind, reason) => {
    // GIVEN an object of a kind the cluster makes THEN it is dropped with the kind's reason
    expect(matchDropRule(object(apiVersion, kind, 'x'))).toStrictEqual({ rule: 'cluster-made-kind', reason });
  });

  test('event: drops core and events.k8s.io Events', () => {
    // GIVEN an Event of each API group THEN both are dropped
    const reason = 'Events are records the cluster writes, not desired state';
    expect(dropReason(object('v1', 'Event', 'web.17a', 'shop'))).toBe(reason);
    expect(dropReason(object('events.k8s.io/v1', 'Event', 'web.17a', 'shop'))).toBe(reason);
  });

  test('lease: drops Leases', () => {
    // GIVEN an operator's leader-election Lease THEN it is dropped
    expect(matchDropRule(object('coordination.k8s.io/v1', 'Lease', 'my-operator-lock', 'shop'))).toStrictEqual({
      rule: 'lease',
      reason: 'Leases are locks and heartbeats of running components (leader election, node heartbeats)',
    });
  });

  test('mirror-pod: drops static pods, owned by their Node', () => {
    // GIVEN the etcd static pod of the all-namespaces export (in kube-system, which wins first)
    const etcd = listItem(ALL_NAMESPACES, 'Pod', 'kube-system', 'etcd-minikube');
    expect(matchDropRule(etcd)?.rule).toBe('reserved-namespace');

    // THEN the mirror-pod rule names the node
    expect(ruleReason('mirror-pod', etcd)).toBe('static pod of node minikube: the kubelet runs it from a manifest file on the node');

    // AND a static pod elsewhere is dropped by it, ahead of the controller rule
    const moved = { ...etcd, metadata: { ...etcd.metadata, namespace: 'monitoring' } };
    expect(matchDropRule(moved)?.rule).toBe('mirror-pod');
  });

  test('mirror-pod: also recognises the kubernetes.io/config.mirror annotation alone', () => {
    // GIVEN a pod with only the mirror annotation THEN it is dropped as a static pod
    const pod = object('v1', 'Pod', 'agent-node1', 'monitoring');
    const mirror = { ...pod, metadata: { ...pod.metadata, annotations: { 'kubernetes.io/config.mirror': 'abc' } } };
    expect(dropReason(mirror)).toBe('static pod: the kubelet runs it from a manifest file on the node');
  });

  test.each([
    ['a ReplicaSet of a Deployment', 'replicaset-owned-by-deployment.yaml', 'owned by its controller Deployment redis, which re-creates it: take over the Deployment instead'],
    ['a Pod of a ReplicaSet', 'pod-owned-by-replicaset.json',
      'owned by its controller ReplicaSet nginx-7fb78fb6d8, which re-creates it: take over the ReplicaSet instead'],
    ['a Job of a CronJob', 'job-owned-by-cronjob.json', 'owned by its controller CronJob hello, which re-creates it: take over the CronJob instead'],
    ['an EndpointSlice of a Service', 'endpointslice-controller-managed.yaml',
      'owned by its controller Service my-simple-nginx-nopv, which re-creates it: take over the Service instead'],
  ])('controller-owned: drops %s', (_, file, reason) => {
    // GIVEN a real export owned by a controller THEN it is dropped naming the owner
    expect(matchDropRule(fixture(file))).toStrictEqual({ rule: 'controller-owned', reason });
  });

  test('controller-owned: drops the Pods of Jobs and ReplicaSets in the List exports, keeps what has no controller', () => {
    // GIVEN the Pod of an admission Job, and the same pod with a non-controller owner
    const pod = listItem(ALL_NAMESPACES, 'Pod', 'ingress-nginx', 'ingress-nginx-admission-create-9njdn');
    expect(dropReason(pod)).toBe('owned by its controller Job ingress-nginx-admission-create, which re-creates it: take over the Job instead');
    const refs = (pod.metadata.ownerReferences as Array<Record<string, unknown>>).map(r => ({ ...r, controller: false }));

    // THEN only the controller reference drops it
    expect(dropReason({ ...pod, metadata: { ...pod.metadata, ownerReferences: refs } })).toBeUndefined();
  });

  test('endpoints: drops every Endpoints object, with a note on Services without a selector', () => {
    // GIVEN an Endpoints object THEN it is dropped, with the note
    expect(matchDropRule(object('v1', 'Endpoints', 'web', 'shop'))).toStrictEqual({
      rule: 'endpoints',
      reason: 'Endpoints are written by the control plane from the Service of the same name. ' +
        'Note: for a Service without a selector they were written by hand; they stay on the cluster as they are, outside Karmada',
    });
  });

  test('managed-endpoint-slice: drops EndpointSlices labelled with their manager or Service', () => {
    // GIVEN the controller-made EndpointSlice export
    const slice = fixture('endpointslice-controller-managed.yaml');

    // THEN the rule names the manager
    expect(ruleReason('managed-endpoint-slice', slice))
      .toBe('EndpointSlice maintained by endpointslice-controller.k8s.io (endpointslice.kubernetes.io/managed-by)');

    // AND a slice with only the Service label is dropped too, a slice with neither is not
    const bare = object('discovery.k8s.io/v1', 'EndpointSlice', 'web-1', 'shop');
    const ofService = { ...bare, metadata: { ...bare.metadata, labels: { 'kubernetes.io/service-name': 'web' } } };
    expect(dropReason(ofService)).toBe('EndpointSlice of Service web (kubernetes.io/service-name), maintained by the control plane');
    expect(dropReason(bare)).toBeUndefined();
  });

  test('kubernetes-service: drops default/kubernetes of both List exports', () => {
    // GIVEN the kubernetes Service of each List export THEN it is dropped, but a kubernetes Service elsewhere is not
    for (const file of [ALL_NAMESPACES, DEFAULT_NAMESPACE]) {
      expect(matchDropRule(listItem(file, 'Service', 'default', 'kubernetes'))).toStrictEqual({
        rule: 'kubernetes-service',
        reason: 'the kubernetes Service is maintained by the API server of every cluster',
      });
    }
    expect(dropReason(object('v1', 'Service', 'kubernetes', 'shop'))).toBeUndefined();
  });

  test('default-service-account: drops the default ServiceAccount, keeps the others', () => {
    // GIVEN the john-doe ServiceAccount and the same named default THEN only default is dropped
    const sa = fixture('serviceaccount-with-token-secret-ref.yaml');
    expect(dropReason(sa)).toBeUndefined();
    expect(dropReason({ ...sa, metadata: { ...sa.metadata, name: 'default' } })).toBe('the default ServiceAccount is created in every namespace by the cluster');
  });

  test('kube-root-ca: drops the kube-root-ca.crt ConfigMap', () => {
    // GIVEN the real kube-root-ca.crt export THEN it is dropped
    expect(matchDropRule(fixture('configmap-kube-root-ca-crt.yaml'))).toStrictEqual({
      rule: 'kube-root-ca',
      reason: "kube-root-ca.crt is published in every namespace by the cluster and holds that cluster's CA",
    });
  });

  test('service-account-token: drops token Secrets, keeps other Secrets', () => {
    // GIVEN the real token Secret, and the same as Opaque THEN only the token Secret is dropped
    const token = fixture('secret-service-account-token-redacted.yaml');
    expect(matchDropRule(token)).toStrictEqual({ rule: 'service-account-token', reason: 'service account token Secrets are filled in by the cluster that holds them' });
    expect(dropReason({ ...token, type: 'Opaque' })).toBeUndefined();
  });

  test('bootstrap-rbac: drops the default RBAC objects', () => {
    // GIVEN a ClusterRole with and without the bootstrapping label THEN only the labelled one is dropped
    const role = object('rbac.authorization.k8s.io/v1', 'ClusterRole', 'system:basic-user');
    const bootstrap = { ...role, metadata: { ...role.metadata, labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' } } };
    expect(dropReason(bootstrap)).toBe('default RBAC object the API server of every cluster keeps up to date (kubernetes.io/bootstrapping: rbac-defaults)');
    expect(dropReason(role)).toBeUndefined();
  });

  test('flowcontrol-defaults: drops the API Priority and Fairness objects the API server maintains', () => {
    // GIVEN a FlowSchema with and without the autoupdate annotation THEN only the annotated one is dropped
    const schema = object('flowcontrol.apiserver.k8s.io/v1', 'FlowSchema', 'exempt');
    const maintained = { ...schema, metadata: { ...schema.metadata, annotations: { 'apf.kubernetes.io/autoupdate-spec': 'true' } } };
    expect(dropReason(maintained)).toBe('API Priority and Fairness default the API server of every cluster maintains (apf.kubernetes.io/autoupdate-spec)');
    expect(dropReason(schema)).toBeUndefined();
  });

  test('system-priority-class: drops the built-in PriorityClasses', () => {
    // GIVEN a system- and a user PriorityClass THEN only the system one is dropped
    expect(dropReason(object('scheduling.k8s.io/v1', 'PriorityClass', 'system-node-critical')))
      .toBe('built-in PriorityClass of every cluster (the system- prefix is reserved)');
    expect(dropReason(object('scheduling.k8s.io/v1', 'PriorityClass', 'high'))).toBeUndefined();
  });

  test('keeps what a migration takes over: the user workloads of the List exports', () => {
    // GIVEN everything in the all-namespaces export
    const kept = readInventory([fixturePath(ALL_NAMESPACES)])
      .filter(o => dropReason(o.object) === undefined)
      .map(o => `${o.object.kind} ${o.object.metadata.namespace}/${o.object.metadata.name}`);

    // THEN only the Deployments, Services and standalone Jobs outside kube-system stay
    expect(kept).toStrictEqual([
      'Service default/model-server-service',
      'Service default/redis-db-service',
      'Service default/web-server',
      'Service ingress-nginx/ingress-nginx-controller',
      'Service ingress-nginx/ingress-nginx-controller-admission',
      'Deployment default/model-server',
      'Deployment default/redis-db',
      'Deployment default/web-server',
      'Deployment ingress-nginx/ingress-nginx-controller',
      'Job ingress-nginx/ingress-nginx-admission-create',
      'Job ingress-nginx/ingress-nginx-admission-patch',
    ]);
  });

  test('tries the rules given instead of the default ones', () => {
    // GIVEN only the lease rule WHEN kube-root-ca.crt is tried THEN nothing drops it
    const onlyLeases = DROP_RULES.filter(r => r.id === 'lease');
    expect(dropReason(fixture('configmap-kube-root-ca-crt.yaml'), onlyLeases)).toBeUndefined();
  });
});
