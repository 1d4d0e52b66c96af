import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../../src/errors';
import { CLEAN_RULES } from '../../src/inventory/clean-rules';
import { Inventory } from '../../src/inventory/inventory';
import { formatKey, KubeObject } from '../../src/kube/object';
import { ALL_NAMESPACES, fixture, fixturePath, FIXTURES, withTempDir } from './fixtures';

describe('Inventory.load', () => {
  // the real exports hold metrics-server and the kubernetes Service twice: keep the first read.
  const inventory = Inventory.load([FIXTURES], { onDuplicate: 'first' });

  test('keeps the objects a migration may take over, cleaned, in key order', () => {
    // GIVEN every real export (read once, above) THEN the templates are the user's objects, cleaned
    expect(inventory.templates.map(t => formatKey(t.key))).toStrictEqual([
      'PersistentVolumeClaim redis/redis-data',
      'Service default/classifier-service',
      'Service default/drawio-service',
      'Service default/model-server-service',
      'Service default/multiple-protocol-port-svc',
      'Service default/myappservice',
      'Service default/redis-db-service',
      'Service default/web-server',
      'Service ingress-nginx/ingress-nginx-controller',
      'Service ingress-nginx/ingress-nginx-controller-admission',
      'ServiceAccount default/john-doe',
      'Deployment.apps default/classifier-deployment',
      'Deployment.apps default/kustomize-guestbook-ui',
      'Deployment.apps default/model-server',
      'Deployment.apps default/redis-db',
      'Deployment.apps default/web-server',
      'Deployment.apps ingress-nginx/ingress-nginx-controller',
      'StatefulSet.apps viyancs-test/mongo',
      'HorizontalPodAutoscaler.autoscaling default/nginx',
      'CronJob.batch default/hello',
      'Job.batch ingress-nginx/ingress-nginx-admission-create',
      'Job.batch ingress-nginx/ingress-nginx-admission-patch',
      'Ingress.networking.k8s.io default/drawio-ingress',
    ]);
    for (const t of inventory.templates) {
      expect([formatKey(t.key), t.object.status, t.object.metadata.managedFields]).toStrictEqual([formatKey(t.key), undefined, undefined]);
    }
  });

  test('records what it dropped, why and where from', () => {
    // THEN every drop rule the exports trigger is there, with a count
    const counts: Record<string, number> = {};
    for (const d of inventory.dropped) counts[d.rule] = (counts[d.rule] ?? 0) + 1;
    expect(counts).toStrictEqual({ 'controller-owned': 17, 'kube-root-ca': 1, 'kubernetes-service': 1, 'reserved-namespace': 15, 'service-account-token': 1 });
    expect(inventory.dropped.find(d => d.key.name === 'redis-fd76f5747')).toStrictEqual({
      key: { group: 'apps', kind: 'ReplicaSet', namespace: 'redis', name: 'redis-fd76f5747' },
      source: { file: fixturePath('replicaset-owned-by-deployment.yaml'), document: 0, documents: 1, line: 1 },
      reason: 'owned by its controller Deployment redis, which re-creates it: take over the Deployment instead',
      rule: 'controller-owned',
    });
  });

  test('keeps where each template was read from', () => {
    // GIVEN web-server from the all-namespaces List THEN its source is its item's line
    const web = inventory.find({ group: 'apps', kind: 'Deployment', namespace: 'default', name: 'web-server' });
    expect(web?.source).toStrictEqual({ file: fixturePath(ALL_NAMESPACES), document: 0, documents: 1, line: 2661 });
  });

  test('finds a template by key, whatever the version it was read with', () => {
    // GIVEN the batch/v1beta1 CronJob THEN it is found by group; absent and dropped keys are not
    const hello = inventory.find({ group: 'batch', kind: 'CronJob', namespace: 'default', name: 'hello' });
    // converted: the Karmada API server no longer serves batch/v1beta1.
    expect(hello?.object.apiVersion).toBe('batch/v1');
    expect(inventory.find({ group: 'batch', kind: 'CronJob', namespace: 'other', name: 'hello' })).toBeUndefined();
    expect(inventory.find({ group: 'apps', kind: 'ReplicaSet', namespace: 'redis', name: 'redis-fd76f5747' })).toBeUndefined();
  });

  test('lists the templates of a group and kind, and the namespaces', () => {
    // GIVEN the inventory THEN templates come by group and kind, in key order, and namespaces sorted
    expect(inventory.byGroupKind('batch', 'Job').map(t => t.key.name)).toStrictEqual(['ingress-nginx-admission-create', 'ingress-nginx-admission-patch']);
    expect(inventory.byGroupKind('', 'Service')).toHaveLength(9);
    expect(inventory.byGroupKind('apps', 'ReplicaSet')).toStrictEqual([]);
    expect(inventory.namespaces).toStrictEqual(['default', 'ingress-nginx', 'redis', 'viyancs-test']);
  });

  test('fails with the reader\'s InputError', () => {
    // GIVEN a path that does not exist THEN loading fails with the reader's InputError
    expect(() => Inventory.load(['nope'], { baseDir: FIXTURES })).toThrow(new InputError('no such file or directory', { file: 'nope' }));
  });

  test('loads a 6,000-object export (100,000 objects in one file are timed by npm run bench)', () => {
    withTempDir(dir => {
      // GIVEN a 6,000-item List (about 4.7 MB) of Deployments, Services and their ReplicaSets
      const file = path.join(dir, 'big.yaml');
      fs.writeFileSync(file, bigList(2000));

      // WHEN it is loaded
      const big = Inventory.load([file]);

      // THEN it holds everything, the ReplicaSets dropped as owned
      expect([big.templates.length, big.dropped.length]).toStrictEqual([4000, 2000]);
    });
  });
});

describe('Inventory.fromObjects', () => {
  test('builds an inventory from objects made in code, without changing them', () => {
    // GIVEN a live export and an object written in code
    const live = fixture('service-nodeport-multi-manager.yaml');
    const code: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf' } };
    const before = JSON.stringify([live, code]);

    // WHEN they make an inventory, with a default namespace
    const given = [live, code];
    const inventory = Inventory.fromObjects(given, { file: 'main.ts' }, { defaultNamespace: 'default' });

    // THEN they are cleaned and located by index; the inputs are unchanged
    expect(inventory.templates.map(t => [formatKey(t.key), t.source])).toStrictEqual([
      ['ConfigMap default/conf', { file: 'main.ts', document: 1, documents: 2 }],
      ['Service default/multiple-protocol-port-svc', { file: 'main.ts', document: 0, documents: 2 }],
    ]);
    expect(inventory.templates[1].object.spec).not.toHaveProperty('clusterIP');
    expect(JSON.stringify([live, code])).toBe(before);
    // the inventory lets go of the objects as read once cleaned, in an array of its own, not the caller's
    expect(given).toHaveLength(2);
    expect(given[0]).toBe(live);
    expect(given[1]).toBe(code);
  });

  test('fails when an object made in code has no namespace and there is no default', () => {
    // GIVEN a Deployment without a namespace WHEN it makes an inventory THEN the message names it by index
    const code: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } };
    expect(() => Inventory.fromObjects([code])).toThrow('<code>: namespaced kind Deployment.apps without metadata.namespace; ' +
      'add it (an export always has it), or give a default: spec.defaultNamespace in migration.yaml, --default-namespace for karmada-migrate inventory');
  });

  test('drops and cleans by the rules given', () => {
    // GIVEN a ReplicaSet owned by a Deployment, and no drop rules but the status one for cleaning
    const rs = fixture('replicaset-owned-by-deployment.yaml');

    // WHEN it makes an inventory with those rules
    const inventory = Inventory.fromObjects([rs], undefined, { dropRules: [], cleanRules: CLEAN_RULES.filter(r => r.id === 'status') });

    // THEN it is kept, and only its status is gone
    expect(inventory.dropped).toStrictEqual([]);
    const expected: Record<string, unknown> = JSON.parse(JSON.stringify(rs));
    delete expected.status;
    expect(inventory.templates[0].object).toStrictEqual(expected);
  });
});

// a `kubectl get -o yaml` List with n Deployments, n Services and the n ReplicaSets of the Deployments.
function bigList(n: number): string {
  const parts = ['apiVersion: v1\nitems:\n'];
  for (let i = 0; i < n; i++) {
    const ns = `team-${i % 100}`;
    const name = `app-${i}`;
    parts.push(`- apiVersion: apps/v1
  kind: Deployment
  metadata:
    annotations:
      deployment.kubernetes.io/revision: "2"
    creationTimestamp: "2024-10-23T15:10:15Z"
    generation: 2
    labels:
      app: ${name}
    name: ${name}
    namespace: ${ns}
    resourceVersion: "${1000 + i}"
    uid: 19e72e56-69fb-4554-ae78-${String(i).padStart(12, '0')}
  spec:
    progressDeadlineSeconds: 600
    replicas: 2
    revisionHistoryLimit: 10
    selector:
      matchLabels:
        app: ${name}
    strategy:
      rollingUpdate:
        maxSurge: 25%
        maxUnavailable: 25%
      type: RollingUpdate
    template:
      metadata:
        creationTimestamp: null
        labels:
          app: ${name}
      spec:
        containers:
        - image: registry.example.com/${name}:1.0.${i}
          imagePullPolicy: IfNotPresent
          name: main
          ports:
          - containerPort: 8080
            protocol: TCP
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
          terminationMessagePath: /dev/termination-log
          terminationMessagePolicy: File
        dnsPolicy: ClusterFirst
        restartPolicy: Always
        schedulerName: default-scheduler
        securityContext: {}
        terminationGracePeriodSeconds: 30
  status:
    availableReplicas: 2
    observedGeneration: 2
    readyReplicas: 2
    replicas: 2
    updatedReplicas: 2
- apiVersion: v1
  kind: Service
  metadata:
    creationTimestamp: "2024-10-23T15:10:15Z"
    name: ${name}
    namespace: ${ns}
    resourceVersion: "${2000 + i}"
    uid: 29e72e56-69fb-4554-ae78-${String(i).padStart(12, '0')}
  spec:
    clusterIP: 10.96.${i % 250}.${i % 200}
    clusterIPs:
    - 10.96.${i % 250}.${i % 200}
    ports:
    - port: 80
      protocol: TCP
      targetPort: 8080
    selector:
      app: ${name}
    sessionAffinity: None
    type: ClusterIP
  status:
    loadBalancer: {}
- apiVersion: apps/v1
  kind: ReplicaSet
  metadata:
    labels:
      app: ${name}
      pod-template-hash: 6bb8bdd84c
    name: ${name}-6bb8bdd84c
    namespace: ${ns}
    ownerReferences:
    - apiVersion: apps/v1
      blockOwnerDeletion: true
      controller: true
      kind: Deployment
      name: ${name}
      uid: 19e72e56-69fb-4554-ae78-${String(i).padStart(12, '0')}
  spec:
    replicas: 2
    selector:
      matchLabels:
        app: ${name}
        pod-template-hash: 6bb8bdd84c
`);
  }
  parts.push('kind: List\nmetadata:\n  resourceVersion: ""\n');
  return parts.join('');
}
