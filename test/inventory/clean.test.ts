import * as fc from 'fast-check';
import { cleanObject, copyLeavingOut, leftOutBy } from '../../src/inventory/clean';
import { CLEAN_RULES, CleanRule } from '../../src/inventory/clean-rules';
import { readInventory } from '../../src/inventory/read';
import { KubeObject } from '../../src/kube/object';
import { ALL_NAMESPACES, fixture, FIXTURES, listItem } from './fixtures';

// the tests look deep into plain JSON; `any` keeps those paths short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

function clean(obj: KubeObject): Any {
  return cleanObject(obj);
}

function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

describe('cleanObject: every object', () => {
  test('removes what prune.RemoveIrrelevantFields removes from metadata, and status', () => {
    // GIVEN a Deployment with managedFields of three managers, generation 119 and status
    const live = fixture('deployment-multi-manager-argocd.yaml');

    // WHEN it is cleaned
    const cleaned = clean(live);

    // THEN metadata keeps only what the user wrote (not Argo CD's tracking-id), and status is gone
    expect(cleaned.metadata).toStrictEqual({
      annotations: {
        'iksm-version': '2.0',
      },
      name: 'kustomize-guestbook-ui',
      namespace: 'default',
    });
    expect(cleaned.status).toBeUndefined();
  });

  test('removes ownerReferences, selfLink, generateName and finalizers', () => {
    // GIVEN a Pod owned by a ReplicaSet (JSON, with selfLink and generateName) and a PVC with a finalizer
    const pod = clean(fixture('pod-owned-by-replicaset.json'));
    const pvc = clean(fixture('pvc-bound-minikube-hostpath.yaml'));

    // THEN those fields are gone; the pod keeps its restartedAt annotation and labels
    expect(pod.metadata).toStrictEqual({
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2019-12-31T12:26:47-07:00' },
      labels: { 'app': 'nginx', 'pod-template-hash': '7fb78fb6d8' },
      name: 'nginx-7fb78fb6d8-2w75j',
      namespace: 'default',
    });
    expect(pvc.metadata.finalizers).toBeUndefined();
  });

  test('removes last-applied-configuration and keeps spec.template exactly as live, restartedAt included', () => {
    // GIVEN metrics-server after `kubectl rollout restart`
    const live: Any = fixture('deployment-restartedat-metrics-server.yaml');

    // WHEN it is cleaned
    const cleaned = clean(live);

    // THEN the annotations are gone, and the pod template differs only by `creationTimestamp: null`
    expect(cleaned.metadata).toStrictEqual({ name: 'metrics-server', namespace: 'kube-system' });
    const template = copy(live.spec.template);
    delete template.metadata.creationTimestamp;
    expect(cleaned.spec.template).toStrictEqual(template);
    expect(cleaned.spec.template.metadata.annotations).toStrictEqual({ 'kubectl.kubernetes.io/restartedAt': '2024-10-23T15:23:39Z' });
    expect(cleaned.spec.template.spec.volumes).toStrictEqual([{ emptyDir: {}, name: 'tmp-cert-storage' }]);
    expect(cleaned.spec.template.spec.containers[0].resources).toStrictEqual({});
    expect(cleaned.spec.replicas).toBe(1);
  });

  test('removes creationTimestamp: null from job templates, and the job template metadata it leaves empty', () => {
    // GIVEN a batch/v1beta1 CronJob export
    const live: Any = fixture('cronjob-batch-v1beta1.json');

    // WHEN it is cleaned
    const cleaned = clean(live);

    // THEN both template metadata blocks, which only held the null, are gone; the rest is live
    const spec = copy(live.spec);
    delete spec.jobTemplate.metadata;
    delete spec.jobTemplate.spec.template.metadata;
    expect(cleaned.spec).toStrictEqual(spec);
  });

  test('removes creationTimestamp: null and status from volumeClaimTemplates', () => {
    // GIVEN a StatefulSet copied from the OpenShift console
    const cleaned = clean(fixture('statefulset-volumeclaimtemplates-openshift-console.yaml'));

    // THEN the claim template keeps its name and spec (volumeMode too)
    expect(cleaned.spec.volumeClaimTemplates).toStrictEqual([{
      kind: 'PersistentVolumeClaim',
      apiVersion: 'v1',
      metadata: { name: 'mongodb-persistent-storage-claim' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '512Mi' } }, storageClassName: 'ebs', volumeMode: 'Filesystem' },
    }]);
    expect(cleaned.spec.template.metadata).toStrictEqual({ labels: { app: 'mongo', env: 'demo', replicaset: 'rs0.main', role: 'db' } });
    expect(cleaned.spec.replicas).toBe(3);
  });
});

describe('cleanObject: per kind', () => {
  test('removes the Deployment revision annotations and keeps replicas', () => {
    // GIVEN a Deployment at revision 9 with 4 replicas WHEN cleaned THEN the revision goes and the replicas stay
    const cleaned = clean(fixture('deployment-multi-manager-argocd.yaml'));
    expect(cleaned.metadata.annotations['deployment.kubernetes.io/revision']).toBeUndefined();
    expect(cleaned.spec.replicas).toBe(4);
  });

  test('removes the revision-history annotation of a Deployment', () => {
    // GIVEN a Deployment carrying revision-history (as the Deployment controller writes it after a rollback)
    const live: Any = copy(fixture('deployment-multi-manager-argocd.yaml'));
    live.metadata.annotations['deployment.kubernetes.io/revision-history'] = '7,8';

    // THEN it is removed with the revision
    expect(Object.keys(clean(live).metadata.annotations)).toStrictEqual(['iksm-version']);
  });

  test('removes deprecated.daemonset.template.generation, and the annotations map it leaves empty', () => {
    // GIVEN the kube-proxy DaemonSet of the all-namespaces List
    const live = listItem(ALL_NAMESPACES, 'DaemonSet', 'kube-system', 'kube-proxy');
    expect(live.metadata.annotations).toStrictEqual({ 'deprecated.daemonset.template.generation': '1' });

    // THEN no annotations are left
    expect(clean(live).metadata).toStrictEqual({ labels: { 'k8s-app': 'kube-proxy' }, name: 'kube-proxy', namespace: 'kube-system' });
  });

  test('removes the generated Job selector and pod labels, and the job-tracking annotation', () => {
    // GIVEN a standalone ingress-nginx admission Job (Kubernetes 1.27+ labels) of the all-namespaces List
    const live: Any = listItem(ALL_NAMESPACES, 'Job', 'ingress-nginx', 'ingress-nginx-admission-create');

    // WHEN it is cleaned
    const cleaned = clean(live);

    // THEN the selector is gone, the pod template keeps only the user's labels, the rest of the template is live
    expect(cleaned.spec.selector).toBeUndefined();
    expect(cleaned.spec.template.metadata).toStrictEqual({
      labels: { 'app.kubernetes.io/component': 'admission-webhook', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' },
      name: 'ingress-nginx-admission-create',
    });
    expect(cleaned.spec.template.spec).toStrictEqual(live.spec.template.spec);
    expect(cleaned.metadata.annotations).toBeUndefined();
  });

  test('removes the old controller-uid and job-name labels of a Job', () => {
    // GIVEN a 2019 Job (controller-uid, job-name), whose template labels are all generated
    const cleaned = clean(fixture('job-owned-by-cronjob.json'));

    // THEN the selector and the template metadata are gone; the Job's own labels stay
    expect(cleaned.spec.selector).toBeUndefined();
    expect(cleaned.spec.template.metadata).toBeUndefined();
    expect(cleaned.metadata.labels).toStrictEqual({ 'controller-uid': '7473e6d0-cb3b-11e9-990f-42010a800218', 'job-name': 'hello-1567179180' });
  });

  test('keeps the selector and labels of a Job with manualSelector', () => {
    // GIVEN the same Job with spec.manualSelector: true
    const live: Any = copy(fixture('job-owned-by-cronjob.json'));
    live.spec.manualSelector = true;

    // THEN the selector and the template labels stay
    const cleaned = clean(live);
    expect(cleaned.spec.selector).toStrictEqual(live.spec.selector);
    expect(cleaned.spec.template.metadata).toStrictEqual({ labels: live.spec.template.metadata.labels });
  });

  test('removes Service clusterIP and clusterIPs and keeps every nodePort', () => {
    // GIVEN a NodePort Service with allocated nodePorts
    const live: Any = fixture('service-nodeport-multi-manager.yaml');

    // WHEN it is cleaned
    const cleaned = clean(live);

    // THEN the IPs are gone and the ports are exactly as live
    expect(cleaned.spec.clusterIP).toBeUndefined();
    expect(cleaned.spec.clusterIPs).toBeUndefined();
    expect(cleaned.spec.ports).toStrictEqual(live.spec.ports);
    expect(cleaned.spec.ports.map((p: Any) => p.nodePort)).toStrictEqual([31648, 30018, 31975]);
  });

  test('keeps a LoadBalancer nodePort and drops its status and IPs', () => {
    // GIVEN a MetalLB LoadBalancer Service WHEN cleaned THEN its nodePort stays and its IPs and status go
    const cleaned = clean(fixture('service-loadbalancer-metallb.yaml'));
    expect(cleaned.spec.ports).toStrictEqual([{ protocol: 'TCP', port: 80, targetPort: 8080, nodePort: 31775 }]);
    expect([cleaned.spec.clusterIP, cleaned.spec.clusterIPs, cleaned.status]).toStrictEqual([undefined, undefined, undefined]);
  });

  test('drops the pool MetalLB writes, in both of its forms, and nothing the user set', () => {
    // GIVEN the MetalLB Service (metallb.universe.tf/ip-allocated-from-pool) and a newer one with a requested pool
    const live = fixture('service-loadbalancer-metallb.yaml');
    expect(live.metadata.annotations).toStrictEqual({ 'metallb.universe.tf/ip-allocated-from-pool': 'first-pool' });
    const newer = { ...live, metadata: { ...live.metadata, annotations: { 'metallb.io/ip-allocated-from-pool': 'first-pool', 'metallb.io/address-pool': 'first-pool' } } };

    // WHEN cleaned THEN the controller's annotation goes, the user's request stays
    expect(clean(live).metadata.annotations).toBeUndefined();
    expect(clean(newer).metadata.annotations).toStrictEqual({ 'metallb.io/address-pool': 'first-pool' });
  });

  test('drops a leader-election record from a ConfigMap lock', () => {
    const lock = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ingress-controller-leader', namespace: 'ingress-nginx',
      annotations: { 'control-plane.alpha.kubernetes.io/leader': '{"holderIdentity":"ingress-nginx-controller-7799c6795f-gs6bm","leaseDurationSeconds":30}', team: 'web' } } };
    expect(clean(lock).metadata.annotations).toStrictEqual({ team: 'web' });
  });

  test('keeps clusterIP: None of a headless Service', () => {
    // GIVEN the kubectl-neat headless Service fixture
    const cleaned = clean(fixture('service-headless-clusterip-none.yaml'));

    // THEN the whole spec is as live
    expect(cleaned).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'myappservice', namespace: 'default' },
      spec: {
        clusterIP: 'None',
        ports: [{ port: 2222, protocol: 'TCP', targetPort: 2222 }],
        selector: { name: 'myapp' },
        sessionAffinity: 'None',
        type: 'ClusterIP',
      },
    });
  });

  test('removes the generated token Secret from a ServiceAccount and keeps the others', () => {
    // GIVEN the john-doe ServiceAccount, whose only secret is its generated token
    const live: Any = fixture('serviceaccount-with-token-secret-ref.yaml');
    expect(clean(live)).toStrictEqual({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'john-doe', namespace: 'default' } });

    // WHEN it also lists a Secret of the user's
    const withOwn = copy(live);
    withOwn.secrets.push({ name: 'registry' }, { name: 'other-sa-token-abcde' });

    // THEN that one (and another account's token) stays
    expect(clean(withOwn).secrets).toStrictEqual([{ name: 'registry' }, { name: 'other-sa-token-abcde' }]);
  });

  test('removes the data and uid annotation of a service account token Secret', () => {
    // GIVEN the legacy token Secret WHEN cleaned THEN its data and uid annotation go, the rest stays
    const cleaned = clean(fixture('secret-service-account-token-redacted.yaml'));
    expect(cleaned.data).toBeUndefined();
    expect(cleaned.metadata.annotations).toStrictEqual({ 'kubernetes.io/service-account.name': 'john-doe' });
    expect(cleaned.type).toBe('kubernetes.io/service-account-token');
  });

  test('removes the PV controller annotations of a bound PVC and keeps volumeName', () => {
    // GIVEN a bound minikube PVC
    const live: Any = fixture('pvc-bound-minikube-hostpath.yaml');

    // THEN all four annotations (and the map) are gone, and the spec is as live
    const cleaned = clean(live);
    expect(cleaned.metadata).toStrictEqual({ name: 'redis-data', namespace: 'redis' });
    expect(cleaned.spec).toStrictEqual(live.spec);
    expect(cleaned.spec.volumeName).toBe('pvc-9a11245c-1789-49d1-a666-b877de7201d6');
  });

  test('removes volume.kubernetes.io/selected-node from a PVC', () => {
    // GIVEN a PVC with the scheduler's selected-node annotation WHEN cleaned THEN only the user's annotation stays
    const live: Any = copy(fixture('pvc-bound-minikube-hostpath.yaml'));
    live.metadata.annotations = { 'volume.kubernetes.io/selected-node': 'minikube', 'team': 'data' };
    expect(clean(live).metadata.annotations).toStrictEqual({ team: 'data' });
  });

  test('removes the status annotations of an autoscaling/v1 HPA and keeps its spec', () => {
    // GIVEN an HPA with the conditions annotation (and current-metrics, as a working HPA has)
    const live: Any = copy(fixture('hpa-autoscaling-v1.json'));
    live.metadata.annotations['autoscaling.alpha.kubernetes.io/current-metrics'] = '[]';
    live.metadata.annotations['autoscaling.alpha.kubernetes.io/metrics'] = '[]';

    // THEN only the spec annotation stays
    const cleaned = clean(live);
    expect(cleaned.metadata.annotations).toStrictEqual({ 'autoscaling.alpha.kubernetes.io/metrics': '[]' });
    expect(cleaned.spec).toStrictEqual(live.spec);
  });

  test('matches kinds by group: a custom Service is not a core Service', () => {
    // GIVEN a Service of another API group WHEN cleaned THEN the core Service rule leaves its clusterIP
    const custom = { apiVersion: 'example.com/v1', kind: 'Service', metadata: { name: 's', namespace: 'd' }, spec: { clusterIP: '10.0.0.1' } };
    expect(clean(custom).spec).toStrictEqual({ clusterIP: '10.0.0.1' });
  });
});

describe('cleanObject: rules', () => {
  test('every rule has a unique kebab-case id and a description', () => {
    // GIVEN the rule table THEN ids are unique and kebab-case, and the empty-map rule runs last
    const ids = CLEAN_RULES.map(r => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of CLEAN_RULES) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(r.description.length).toBeGreaterThan(10);
    }
    expect(ids[ids.length - 1]).toBe('empty-metadata-maps');
  });

  test('applies the rules given instead of the default ones', () => {
    // GIVEN only the status rule
    const live = fixture('service-headless-clusterip-none.yaml');
    const statusOnly = CLEAN_RULES.filter(r => r.id === 'status');

    // THEN only status is removed
    const expected: Any = copy(live);
    delete expected.status;
    expect(cleanObject(live, statusOnly)).toStrictEqual(expected);
  });
});

describe('cleanObject: properties', () => {
  const real = readInventory([FIXTURES], { onDuplicate: 'first' }).map(o => o.object);

  // objects shaped like exports: kinds the rules know, the fields they touch, and random JSON elsewhere.
  const annotationKey = fc.constantFrom(
    'kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision', 'deprecated.daemonset.template.generation',
    'pv.kubernetes.io/bind-completed', 'autoscaling.alpha.kubernetes.io/conditions', 'batch.kubernetes.io/job-tracking', 'team');
  const labelKey = fc.constantFrom('controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'app');
  const labels = fc.dictionary(labelKey, fc.string());
  const templateMeta = fc.record({ creationTimestamp: fc.constantFrom(null, '2024-01-01T00:00:00Z'), labels }, { requiredKeys: [] });
  const synthetic = fc.record({
    apiVersion: fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'autoscaling/v1', 'example.com/v1'),
    kind: fc.constantFrom('Service', 'ServiceAccount', 'Secret', 'PersistentVolumeClaim', 'Deployment', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob',
      'HorizontalPodAutoscaler', 'ConfigMap'),
    metadata: fc.record({
      name: fc.constantFrom('a', 'web'),
      namespace: fc.constant('default'),
      generateName: fc.string(),
      uid: fc.uuid(),
      labels,
      annotations: fc.dictionary(annotationKey, fc.string()),
      ownerReferences: fc.array(fc.record({ kind: fc.string(), name: fc.string(), controller: fc.boolean() })),
    }, { requiredKeys: ['name'] }),
    type: fc.constantFrom('Opaque', 'kubernetes.io/service-account-token'),
    data: fc.dictionary(fc.string(), fc.string()),
    secrets: fc.array(fc.record({ name: fc.constantFrom('a-token-x', 'web-token-y', 'registry') })),
    spec: fc.record({
      clusterIP: fc.constantFrom('None', '10.0.0.1', ''),
      clusterIPs: fc.array(fc.constantFrom('None', '10.0.0.1')),
      manualSelector: fc.boolean(),
      selector: fc.record({ matchLabels: labels }, { requiredKeys: [] }),
      template: fc.record({ metadata: templateMeta, spec: fc.jsonValue() }, { requiredKeys: [] }),
      jobTemplate: fc.record({ metadata: templateMeta, spec: fc.record({ template: fc.record({ metadata: templateMeta }) }) }, { requiredKeys: [] }),
      volumeClaimTemplates: fc.array(fc.record({ metadata: templateMeta, status: fc.jsonValue() }, { requiredKeys: [] })),
      other: fc.jsonValue(),
    }, { requiredKeys: [] }),
    status: fc.jsonValue(),
  }, { requiredKeys: ['apiVersion', 'kind', 'metadata'] }) as unknown as fc.Arbitrary<KubeObject>;
  const objects = fc.oneof(fc.constantFrom(...real), synthetic);

  test('is idempotent', () => {
    // GIVEN real exports and export-shaped random objects WHEN cleaned twice THEN the second pass changes nothing
    fc.assert(fc.property(objects, obj => {
      const once = cleanObject(obj);
      expect(cleanObject(once)).toStrictEqual(once);
    }), { numRuns: 500 });
  });

  test('the fields rules declare as removed (removes) are left out of the copy with the result of copying them and applying the rules', () => {
    // GIVEN the rules as they are, and the same rules declaring nothing
    const declaring = CLEAN_RULES.filter(r => r.removes);
    expect(declaring.map(r => r.id)).toStrictEqual(['server-metadata', 'status']);
    const copyingAll = CLEAN_RULES.map(r => ({ ...r, removes: undefined }));

    // WHEN real exports and export-shaped random objects (with metadata.managedFields and status) are cleaned with each
    // THEN the results are the same, key order included
    const withManagedFields = fc.tuple(objects, fc.jsonValue()).map(([o, managedFields]) => ({ ...o, metadata: { ...o.metadata, managedFields } }));
    fc.assert(fc.property(fc.oneof(objects, withManagedFields), obj => {
      const cleaned = cleanObject(obj);
      expect(JSON.stringify(cleaned)).toBe(JSON.stringify(cleanObject(obj, copyingAll)));
      expect(cleaned).toStrictEqual(cleanObject(obj, copyingAll));
    }), { numRuns: 500 });
  });

  test('a field declared removed under one declared removed whole, or nested, is left out', () => {
    // GIVEN nested fields to leave out, one under another
    const paths = [['spec', 'a', 'b'], ['spec', 'a'], ['spec', 'c', 'd'], ['spec', 'c', 'e', 'f']];
    const obj = { apiVersion: 'v1', kind: 'X', metadata: { name: 'x' }, spec: { a: { b: 1, z: 2 }, c: { d: 3, e: { f: 4, g: 5 }, h: 6 } } };
    Object.defineProperty(obj.spec, '__proto__', { value: 7, enumerable: true });

    // WHEN it is copied THEN only those fields are gone, an own __proto__ field stays
    expect(JSON.stringify(copyLeavingOut(obj, paths))).toBe('{"apiVersion":"v1","kind":"X","metadata":{"name":"x"},"spec":{"c":{"e":{"g":5},"h":6},"__proto__":7}}');
  });

  test('removes is honoured for the leading built-in rules only: a rule of the user\'s before them reads what they remove', () => {
    // GIVEN a rule of the user's, before the built-in ones, that keeps the phase of a status and a finalizer in annotations
    const keep: CleanRule = {
      id: 'keep-phase',
      description: 'copies status.phase and the finalizers into annotations',
      appliesTo: 'all',
      apply: obj => {
        const meta = obj.metadata as Any;
        meta.annotations = { ...meta.annotations, phase: String((obj.status as Any)?.phase), finalizers: String(meta.finalizers) };
      },
      removes: [['spec']], // a promise of the user's own rule is not trusted either
    };
    const obj = { apiVersion: 'v1', kind: 'X', metadata: { name: 'x', finalizers: ['f'] }, spec: { a: 1 }, status: { phase: 'Bound' } } as unknown as KubeObject;

    // WHEN the object is cleaned with it first THEN it saw the status and the finalizers, and the built-in rules still removed them
    expect(cleanObject(obj, [keep, ...CLEAN_RULES])).toStrictEqual({
      apiVersion: 'v1', kind: 'X', metadata: { name: 'x', annotations: { phase: 'Bound', finalizers: 'f' } }, spec: { a: 1 },
    });
    expect(leftOutBy([keep, ...CLEAN_RULES])).toStrictEqual([]);

    // AND a copy of a built-in rule with another apply (which reads the status first) is not trusted either
    const [serverMetadata, status] = CLEAN_RULES;
    const wrapped: CleanRule = { ...status, apply: o => { keep.apply(o); status.apply(o); } };
    expect(leftOutBy([wrapped, serverMetadata])).toStrictEqual([]);
    expect((cleanObject(obj, [wrapped, serverMetadata]).metadata as Any).annotations).toStrictEqual({ phase: 'Bound', finalizers: 'f' });

    // AND the built-in rules as they are leave out what they declare
    expect(leftOutBy(CLEAN_RULES)).toStrictEqual([...serverMetadata.removes ?? [], ['status']]);
  });

  test('never changes its input and shares nothing with it', () => {
    // GIVEN real exports and export-shaped random objects WHEN cleaned, and the result changed THEN the input stays the same
    fc.assert(fc.property(objects, obj => {
      const before = JSON.stringify(obj);
      const cleaned: Any = cleanObject(obj);
      expect(JSON.stringify(obj)).toBe(before);
      // changing the result must not reach the input either.
      cleaned.metadata.name = 'changed';
      if (cleaned.spec && typeof cleaned.spec === 'object') cleaned.spec.changed = true;
      expect(JSON.stringify(obj)).toBe(before);
    }), { numRuns: 500 });
  });

});
