import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import * as yaml from 'js-yaml';
import { InputError } from '../../src/errors';
import { cleanObject } from '../../src/inventory/clean';
import { readInventory } from '../../src/inventory/read';
import { KubeObject } from '../../src/kube/object';
import { OverwritePrediction, predictOverwrite } from '../../src/karmada';
import { applyApiDefaults, JsonObject } from '../../src/kube';

const FIXTURES = path.join(__dirname, '../fixtures/real-exports');

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** every object of every real export, read with the inventory reader (List files and JSON included). */
function fixtureObjects(): { label: string; object: KubeObject }[] {
  return fs.readdirSync(FIXTURES).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().flatMap((f) =>
    readInventory([path.join(FIXTURES, f)]).map((o) => ({
      label: `${f}: ${o.object.kind} ${o.object.metadata.namespace ?? ''}/${o.object.metadata.name}`,
      object: o.object,
    })));
}

function fixture(file: string, kind?: string, name?: string): Obj {
  const found = readInventory([path.join(FIXTURES, file)])
    .find((o) => (!kind || o.object.kind === kind) && (!name || o.object.metadata.name === name));
  if (!found) throw new Error(`${kind} ${name} not in ${file}`);
  return JSON.parse(JSON.stringify(found.object)) as Obj;
}

/** the template made from a live export, as the inventory cleans it. */
function templateOf(live: Obj): Obj {
  return JSON.parse(JSON.stringify(cleanObject(live as KubeObject))) as Obj;
}

function predict(template: Obj, live: Obj, scaledByHpa?: boolean): OverwritePrediction {
  return predictOverwrite(template, live, scaledByHpa === undefined ? {} : { scaledByHpa });
}

const DEPLOYMENT = 'deployment-multi-manager-argocd.yaml';
const RESTARTED = 'deployment-restartedat-metrics-server.yaml';
const NODEPORT = 'service-nodeport-multi-manager.yaml';

describe('predictOverwrite: a template cleaned from the export changes nothing (objectwatcher.go Update)', () => {
  const objects = fixtureObjects();

  test('the fixtures hold every workload kind the issue names', () => {
    const kinds = new Set(objects.map((o) => o.object.kind));
    for (const k of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Service', 'PersistentVolumeClaim', 'Ingress', 'HorizontalPodAutoscaler']) {
      expect(kinds).toContain(k);
    }
    expect(objects.length).toBeGreaterThan(50);
  });

  test.each(objects.map((o) => [o.label, o.object] as const))('%s', (_label, live) => {
    const prediction = predict(templateOf(live), live as Obj);
    expect(prediction.changes).toEqual([]);
    expect(prediction.classes).toEqual(['unchanged']);
  });
});

describe('predictOverwrite: mutated templates (pod-restart risk: objectwatcher.go Update replaces the object)', () => {
  test('an image tag rolls the pods: pods-restart at spec.template.spec.containers[0].image', () => {
    const live = fixture(DEPLOYMENT);
    const t = templateOf(live);
    t.spec.template.spec.containers[0].image = 'quay.io/argoprojlabs/argocd-e2e-container:0.2';
    const p = predict(t, live);
    expect(p.classes).toEqual(['pods-restart']);
    expect(p.podTemplate).toEqual({
      paths: ['spec.template.spec.containers[0].image'],
      rollout: 'RollingUpdate',
      message: 'the pod template changes: the Deployment rolls every pod',
    });
    expect(p.changes).toEqual([{
      path: 'spec.template.spec.containers[0].image',
      before: 'quay.io/argoprojlabs/argocd-e2e-container:0.1',
      after: 'quay.io/argoprojlabs/argocd-e2e-container:0.2',
    }]);
  });

  test('a :latest image without imagePullPolicy also changes the defaulted pull policy (SetDefaults_Container)', () => {
    const live = fixture(DEPLOYMENT);
    const t = templateOf(live);
    t.spec.template.spec.containers[0].image = 'quay.io/argoprojlabs/argocd-e2e-container:latest';
    delete t.spec.template.spec.containers[0].imagePullPolicy;
    expect(predict(t, live).podTemplate!.paths).toEqual([
      'spec.template.spec.containers[0].image',
      'spec.template.spec.containers[0].imagePullPolicy',
    ]);
  });

  test('an env var added rolls the pods; env is matched by name', () => {
    const live = fixture(DEPLOYMENT);
    const t = templateOf(live);
    t.spec.template.spec.containers[0].env.unshift({ name: 'NEW', value: '1' });
    const p = predict(t, live);
    expect(p.classes).toEqual(['pods-restart']);
    // the new item is at index 0 of the template's env; SOME_ENV_VAR is matched by name, not by index.
    expect(p.changes).toEqual([{ path: 'spec.template.spec.containers[0].env[0]', after: { name: 'NEW', value: '1' } }]);
    // reordering named items is a change of its own (the pod template hash changes).
    live.spec.template.spec.containers[0].env.push({ name: 'OTHER', value: 'x' });
    const reordered = templateOf(live);
    reordered.spec.template.spec.containers[0].env.reverse();
    expect(predict(reordered, live).changes).toEqual([{
      path: 'spec.template.spec.containers[0].env', before: ['SOME_ENV_VAR', 'OTHER'], after: ['OTHER', 'SOME_ENV_VAR'],
    }]);
  });

  test('a missing kubectl.kubernetes.io/restartedAt pod-template annotation rolls the pods', () => {
    const live = fixture(RESTARTED);
    const t = templateOf(live);
    delete t.spec.template.metadata.annotations;
    const p = predict(t, live);
    expect(p.classes).toEqual(['pods-restart']);
    expect(p.podTemplate!.paths).toEqual(['spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]']);
    expect(p.changes[0].before).toBe('2024-10-23T15:23:39Z');
  });

  test('replicas absent: the API server defaults 1, the Overwrite scales 4 -> 1, with the HPA / retain-replicas hint', () => {
    const live = fixture(DEPLOYMENT);
    const t = templateOf(live);
    delete t.spec.replicas;
    const p = predict(t, live, true);
    expect(p.classes).toEqual(['replicas-change']);
    expect(p.replicas).toMatchObject({ from: 4, to: 1 });
    expect(p.replicas!.hint).toContain('no spec.replicas');
    expect(p.replicas!.hint).toContain('HorizontalPodAutoscaler');
    expect(p.replicas!.hint).toContain('resourcetemplate.karmada.io/retain-replicas: "true"');
  });

  test('replicas absent but the retain-replicas label: Karmada keeps the live count (retainWorkloadReplicas) => unchanged', () => {
    const live = fixture(DEPLOYMENT);
    const t = templateOf(live);
    delete t.spec.replicas;
    t.metadata.labels = { 'resourcetemplate.karmada.io/retain-replicas': 'true' };
    const p = predict(t, live);
    expect(p.classes).toEqual(['unchanged']);
    expect(p.desired.spec).toMatchObject({ replicas: 4 });
  });

  test('a ResourceInterpreterCustomization retention replaces the native hook: the fields it names stay, the native rule with them', () => {
    // GIVEN a StatefulSet scaled to another count on the member, and a template without the count
    const sts = fixture('statefulset-volumeclaimtemplates-openshift-console.yaml');
    const live = { ...sts, spec: { ...sts.spec, replicas: 7 } };
    const t = templateOf(sts);
    t.spec.replicas = 1;
    const retention = (name: string) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', objects: [{ namespace: sts.metadata.namespace, name, fields: ['spec.replicas'] }] });

    // THEN without a retention the PUT sets it back; with one naming the object it keeps the member's
    expect(predict(t, live).classes).toEqual(['replicas-change']);
    const kept = predictOverwrite(t, live, { retention: retention(sts.metadata.name) });
    expect([kept.classes, kept.desired.spec]).toMatchObject([['unchanged'], { replicas: 7 }]);
    // a retention of the kind that names another object keeps only the native rule (none for StatefulSets)
    expect(predictOverwrite(t, live, { retention: retention('other') }).classes).toEqual(['replicas-change']);

    // AND for a Deployment the customization still does what the native hook did (retain-replicas)
    const dep = fixture(DEPLOYMENT);
    const dt = templateOf(dep);
    delete dt.spec.replicas;
    dt.metadata.labels = { 'resourcetemplate.karmada.io/retain-replicas': 'true' };
    const none = { apiVersion: 'apps/v1', kind: 'Deployment', objects: [] };
    expect(predictOverwrite(dt, dep, { retention: none }).classes).toEqual(['unchanged']);
  });

  test('the retain-replicas label only counts as "true" and only on apps/v1 Deployments', () => {
    const live = fixture(DEPLOYMENT);
    const t = templateOf(live);
    delete t.spec.replicas;
    t.metadata.labels = { 'resourcetemplate.karmada.io/retain-replicas': 'yes' };
    expect(predict(t, live).classes).toEqual(['replicas-change']);
    const sts = fixture('statefulset-volumeclaimtemplates-openshift-console.yaml');
    const st = templateOf(sts);
    delete st.spec.replicas;
    st.metadata.labels = { 'resourcetemplate.karmada.io/retain-replicas': 'true' };
    const p = predict(st, sts);
    expect(p.replicas).toMatchObject({ from: 3, to: 1 });
    expect(p.replicas!.hint).toContain('only for apps/v1 Deployments');
  });

  test('a changed selector makes the PUT fail (Deployment spec.selector is immutable)', () => {
    const live = fixture(DEPLOYMENT);
    const t = templateOf(live);
    t.spec.selector.matchLabels = { app: 'guestbook' };
    const p = predict(t, live);
    expect(p.classes).toEqual(['apply-fails']);
    expect(p.applyFailures).toEqual([{ path: 'spec.selector.matchLabels.app', reason: expect.stringContaining('ValidateDeploymentUpdate') }]);
  });

  test('a Service port changed is a traffic change (ports matched by name): its clients break', () => {
    const live = fixture(NODEPORT);
    const t = templateOf(live);
    t.spec.ports[1].port = 1936;
    const p = predict(t, live);
    expect(p.classes).toEqual(['traffic-change']);
    expect(p.traffic).toEqual([{ path: 'spec.ports[1].port', before: 1935, after: 1936, message: expect.stringContaining('clients of port rtmp break') }]);
    expect(p.specPaths).toBeUndefined();
  });

  test('several classes at once, metadata listed by key', () => {
    const live = fixture(RESTARTED);
    const t = templateOf(live);
    t.metadata.labels = { team: 'a' };
    t.metadata.annotations = { 'deployment.kubernetes.io/revision': '3', note: 'x' };
    t.spec.replicas = 2;
    t.spec.minReadySeconds = 5;
    t.spec.template.spec.containers[0].args.push('--v=2');
    const p = predict(t, live);
    // the riskiest first (OVERWRITE_CLASSES).
    expect(p.classes).toEqual(['pods-restart', 'replicas-change', 'spec-change']);
    expect(p.metadata).toEqual({ labels: ['team'], annotations: ['note'] });
    expect(p.specPaths).toEqual(['spec.minReadySeconds']);
    expect(p.replicas).toMatchObject({ from: 1, to: 2 });
  });

  test('labels: live keys the template lacks survive, the template wins on shared keys (RetainLabels)', () => {
    const live = fixture(NODEPORT);
    const t = templateOf(live);
    t.metadata.labels = { extra: 'yes' };
    const p = predict(t, live);
    expect(p.classes).toEqual(['metadata-only']);
    expect(p.metadata).toEqual({ labels: ['extra'], annotations: [] });
    expect(p.desired.metadata).toMatchObject({ labels: { 'app.kubernetes.io/instance': 'big-crd', 'extra': 'yes' } });
    t.metadata.labels = { 'app.kubernetes.io/instance': 'other' };
    expect(predict(t, live).metadata!.labels).toEqual(['app.kubernetes.io/instance']);
  });

  test('labels named like Object.prototype members are compared as any other', () => {
    const live = fixture(NODEPORT);
    const t = templateOf(live);
    t.metadata.labels = JSON.parse('{"constructor": "c", "toString": "t"}');
    const p = predict(t, live);
    expect(p.classes).toEqual(['metadata-only']);
    expect(p.metadata).toEqual({ labels: ['constructor', 'toString'], annotations: [] });
    expect(predict(templateOf(live), { ...live, metadata: { ...live.metadata, labels: { ...live.metadata.labels, constructor: 'c' } } }).classes).toEqual(['unchanged']);
  });

  test('labels recorded in managed-labels and dropped from the template are removed (getDeletedLabelKeys)', () => {
    const live = fixture(NODEPORT);
    live.metadata.labels = { ...live.metadata.labels, old: 'x', 'karmada.io/managed': 'true' };
    live.metadata.annotations['resourcetemplate.karmada.io/managed-labels'] = 'app.kubernetes.io/instance,old';
    const t = templateOf(live);
    delete t.metadata.labels.old;
    delete t.metadata.labels['karmada.io/managed'];
    const p = predict(t, live);
    expect(p.metadata).toEqual({ labels: ['old'], annotations: [] });
    expect(p.changes).toEqual([{ path: 'metadata.labels.old', before: 'x' }]);
  });

  test('Karmada\'s bookkeeping labels and annotations on the live object are not changes', () => {
    const live = fixture(NODEPORT);
    live.metadata.labels['karmada.io/managed'] = 'true';
    live.metadata.labels['work.karmada.io/permanent-id'] = 'abc';
    live.metadata.annotations['work.karmada.io/name'] = 'svc-123';
    const t = templateOf(fixture(NODEPORT));
    expect(predict(t, live).classes).toEqual(['unchanged']);
  });
});

describe('predictOverwrite: Git-style manifests without server defaults', () => {
  const gitDeployment = yaml.load(`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx
  namespace: default
  labels: {app: nginx}
spec:
  replicas: 2
  selector:
    matchLabels: {app: nginx}
  template:
    metadata:
      labels: {app: nginx}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25.3
        ports:
        - containerPort: 80
        resources:
          requests: {cpu: 0.5, memory: 128Mi}
          limits: {cpu: "1", memory: 0.25Gi}
        readinessProbe:
          httpGet: {port: 80}
        volumeMounts:
        - {name: conf, mountPath: /etc/nginx/conf.d}
      volumes:
      - name: conf
        configMap: {name: nginx-conf}
`) as Obj;

  // what `kubectl get deploy nginx -o yaml` shows after `kubectl apply` of the manifest above.
  const liveDeployment = yaml.load(`
apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    deployment.kubernetes.io/revision: "1"
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"apps/v1","kind":"Deployment"}
  creationTimestamp: "2026-01-10T10:00:00Z"
  generation: 1
  labels: {app: nginx}
  name: nginx
  namespace: default
  resourceVersion: "12345"
  uid: 3c1c1d7e-0000-4000-8000-000000000001
spec:
  progressDeadlineSeconds: 600
  replicas: 2
  revisionHistoryLimit: 10
  selector:
    matchLabels: {app: nginx}
  strategy:
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}
    type: RollingUpdate
  template:
    metadata:
      creationTimestamp: null
      labels: {app: nginx}
    spec:
      containers:
      - image: nginx:1.25.3
        imagePullPolicy: IfNotPresent
        name: nginx
        ports:
        - {containerPort: 80, protocol: TCP}
        readinessProbe:
          failureThreshold: 3
          httpGet: {path: /, port: 80, scheme: HTTP}
          periodSeconds: 10
          successThreshold: 1
          timeoutSeconds: 1
        resources:
          limits: {cpu: "1", memory: 256Mi}
          requests: {cpu: 500m, memory: 128Mi}
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
        volumeMounts:
        - {mountPath: /etc/nginx/conf.d, name: conf}
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
      volumes:
      - configMap: {defaultMode: 420, name: nginx-conf}
        name: conf
status:
  availableReplicas: 2
  observedGeneration: 1
  readyReplicas: 2
  replicas: 2
  updatedReplicas: 2
`) as Obj;

  const gitService = yaml.load(`
apiVersion: v1
kind: Service
metadata: {name: nginx-svc, namespace: default}
spec:
  selector: {app: nginx}
  ports:
  - name: http
    port: 80
`) as Obj;

  const liveService = yaml.load(`
apiVersion: v1
kind: Service
metadata:
  creationTimestamp: "2026-01-10T10:00:00Z"
  name: nginx-svc
  namespace: default
  resourceVersion: "12346"
  uid: 3c1c1d7e-0000-4000-8000-000000000002
spec:
  clusterIP: 10.96.12.34
  clusterIPs: [10.96.12.34]
  internalTrafficPolicy: Cluster
  ipFamilies: [IPv4]
  ipFamilyPolicy: SingleStack
  ports:
  - {name: http, port: 80, protocol: TCP, targetPort: 80}
  selector: {app: nginx}
  sessionAffinity: None
  type: ClusterIP
status:
  loadBalancer: {}
`) as Obj;

  test('a minimal nginx Deployment from Git vs the live object with every server default: unchanged', () => {
    const p = predict(gitDeployment, liveDeployment);
    expect(p.changes).toEqual([]);
    expect(p.classes).toEqual(['unchanged']);
  });

  test('quantities compare by value after rounding to milli (0.5 == 500m, 0.25Gi == 256Mi)', () => {
    const t = JSON.parse(JSON.stringify(gitDeployment)) as Obj;
    t.spec.template.spec.containers[0].resources.requests.cpu = '501m';
    expect(predict(t, liveDeployment).podTemplate!.paths).toEqual(['spec.template.spec.containers[0].resources.requests.cpu']);
  });

  test('a minimal Service from Git vs the live one with clusterIP, IP families and defaults: unchanged', () => {
    const p = predict(gitService, liveService);
    expect(p.changes).toEqual([]);
    expect(p.classes).toEqual(['unchanged']);
    // Karmada retains the clusterIP (RetainServiceFields); clusterIPs come from the API server.
    expect(p.desired.spec).toMatchObject({ clusterIP: '10.96.12.34' });
  });

  test('a NodePort Service from Git without nodePorts keeps the allocated ones, matched by port name (patchAllocatedValues)', () => {
    const live = JSON.parse(JSON.stringify(liveService)) as Obj;
    live.spec.type = 'NodePort';
    live.spec.externalTrafficPolicy = 'Cluster';
    live.spec.ports[0].nodePort = 30080;
    const t = JSON.parse(JSON.stringify(gitService)) as Obj;
    t.spec.type = 'NodePort';
    const p = predict(t, live);
    expect(p.classes).toEqual(['unchanged']);
    expect(p.notes).toEqual([expect.stringContaining('keeps the allocated 30080')]);
    // a port whose name does not match a live one gets a new nodePort: a spec change.
    t.spec.ports[0].name = 'web';
    const renamed = predict(t, live);
    expect(renamed.specPaths).toEqual(['spec.ports[0]']);
    expect(renamed.changes).toEqual([
      { path: 'spec.ports[0]', after: { name: 'web', port: 80, protocol: 'TCP', targetPort: 80 } },
      { path: 'spec.ports[0]', before: { name: 'http', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080 } },
    ]);
  });
});

describe('predictOverwrite: what hurts production, on real exports (traffic-change, suspend-change, apply-fails alone)', () => {
  const LOADBALANCER = 'service-loadbalancer-metallb.yaml';
  const HEADLESS = 'service-headless-clusterip-none.yaml';

  test('NodePort → ClusterIP: the type and every node port are traffic changes, nothing else', () => {
    // GIVEN the live NodePort Service and a template written as a ClusterIP Service (no nodePorts)
    const live = fixture(NODEPORT);
    const t = templateOf(live);
    t.spec.type = 'ClusterIP';
    for (const port of t.spec.ports) delete port.nodePort;
    delete t.spec.externalTrafficPolicy;

    // WHEN
    const p = predict(t, live);

    // THEN the type change and each node port closing are named, with what breaks
    expect(p.classes).toEqual(['traffic-change']);
    expect(p.traffic!.map((c) => c.path)).toEqual(expect.arrayContaining(['spec.type', 'spec.ports[0].nodePort', 'spec.ports[1].nodePort', 'spec.ports[2].nodePort']));
    expect(p.traffic!.find((c) => c.path === 'spec.type')).toEqual({
      path: 'spec.type', before: 'NodePort', after: 'ClusterIP', message: expect.stringContaining('the node ports close: clients connecting to them on the nodes break'),
    });
    expect(p.traffic!.find((c) => c.path === 'spec.ports[1].nodePort')).toMatchObject({ before: 30018, message: expect.stringContaining('node port 30018 of port rtmp closes') });
    expect(p.specPaths).toBeUndefined();
  });

  test('a nodePort the template pins to another value moves the port: clients of the old one break', () => {
    const live = fixture(NODEPORT);
    const t = templateOf(live);
    expect(t.spec.ports[0].nodePort).toBe(31648); // the inventory keeps nodePorts
    t.spec.ports[0].nodePort = 31649;
    const p = predict(t, live);
    expect(p.classes).toEqual(['traffic-change']);
    expect(p.traffic).toEqual([{
      path: 'spec.ports[0].nodePort', before: 31648, after: 31649, message: expect.stringContaining('port rtmpk moves to another node port'),
    }]);
  });

  test('a port removed is a traffic change; a port added is a spec change', () => {
    const live = fixture(NODEPORT);
    const removed = templateOf(live);
    removed.spec.ports.pop();
    const p = predict(removed, live);
    expect(p.classes).toEqual(['traffic-change']);
    expect(p.traffic).toEqual([{ path: 'spec.ports[2]', before: expect.objectContaining({ name: 'https' }), message: 'spec.ports[2]: port https is removed: its clients break' }]);
    const added = templateOf(live);
    added.spec.ports.push({ name: 'metrics', port: 9100, protocol: 'TCP', targetPort: 9100, nodePort: 31999 });
    expect(predict(added, live)).toMatchObject({ classes: ['spec-change'], specPaths: ['spec.ports[3]'] });
  });

  test('a changed selector sends the traffic to other pods (LoadBalancer and headless Services)', () => {
    for (const file of [LOADBALANCER, HEADLESS]) {
      const live = fixture(file);
      const t = templateOf(live);
      t.spec.selector = { app: 'drawio-v2' };
      const p = predict(t, live);
      expect(p.classes).toEqual(['traffic-change']);
      expect(p.traffic!.every((c) => c.path.startsWith('spec.selector') && c.message.includes('the Service sends its traffic to the pods the new selector matches'))).toBe(true);
    }
    const live = fixture(LOADBALANCER);
    const t = templateOf(live);
    delete t.spec.selector;
    expect(predict(t, live).traffic).toEqual([expect.objectContaining({ path: 'spec.selector.app', message: expect.stringContaining('traffic stops') })]);
  });

  test('LoadBalancer → ClusterIP deletes the load balancer; targetPort and externalTrafficPolicy are traffic changes', () => {
    const live = fixture(LOADBALANCER);
    const cluster = templateOf(live);
    cluster.spec.type = 'ClusterIP';
    delete cluster.spec.ports[0].nodePort;
    delete cluster.spec.externalTrafficPolicy;
    delete cluster.spec.allocateLoadBalancerNodePorts;
    const p = predict(cluster, live);
    expect(p.classes).toEqual(['traffic-change']);
    expect(p.traffic!.find((c) => c.path === 'spec.type')!.message).toContain('the cloud provider deletes the load balancer and its external address');
    expect(p.traffic!.find((c) => c.path === 'spec.allocateLoadBalancerNodePorts')!.message).toContain('dropped with the change of spec.type from LoadBalancer to ClusterIP');
    const target = templateOf(live);
    target.spec.ports[0].targetPort = 8081;
    target.spec.externalTrafficPolicy = 'Local';
    expect(predict(target, live).traffic!.map((c) => c.path)).toEqual(['spec.externalTrafficPolicy', 'spec.ports[0].targetPort']);
    const sticky = templateOf(live);
    sticky.spec.sessionAffinity = 'ClientIP';
    expect(predict(sticky, live).classes).toEqual(['traffic-change']);
  });

  test('CronJob: a template that says suspend: false resumes the CronJob paused on the member (suspend-change)', () => {
    // GIVEN the CronJob was paused in production after the export the template was made from
    const exported = fixture('cronjob-batch-v1beta1.json');
    const t = templateOf(exported);
    const live = fixture('cronjob-batch-v1beta1.json');
    live.spec.suspend = true;

    // WHEN
    const p = predict(t, live);

    // THEN
    expect(p.classes).toEqual(['suspend-change']);
    expect(p.suspend).toEqual({ from: true, to: false, message: expect.stringContaining('resumes: its next schedule runs a Job') });
    expect(p.specPaths).toBeUndefined();
    // the other way round, it stops scheduling
    expect(predict({ ...t, spec: { ...t.spec, suspend: true } }, exported).suspend).toMatchObject({ from: false, to: true, message: expect.stringContaining('stops scheduling') });
  });

  test('Job: resuming a suspended Job starts its pods', () => {
    const live = fixture('job-owned-by-cronjob.json');
    const t = templateOf(live);
    live.spec.suspend = true;
    expect(predict(t, live)).toMatchObject({ classes: ['suspend-change'], suspend: { from: true, to: false, message: expect.stringContaining('starts its pods') } });
  });

  test('apply-fails comes alone: a refused PUT restarts nothing and changes no replica count; the rest is a note', () => {
    const live = fixture(DEPLOYMENT);
    const t = templateOf(live);
    t.spec.selector.matchLabels = { app: 'guestbook' };
    t.spec.template.metadata.labels = { app: 'guestbook' };
    t.spec.replicas = 7;
    t.metadata.labels = { team: 'a' };
    const p = predict(t, live);
    expect(p.classes).toEqual(['apply-fails']);
    expect(p.podTemplate).toBeUndefined();
    expect(p.replicas).toBeUndefined();
    expect(p.metadata).toBeUndefined();
    expect(p.applyFailures!.map((f) => f.path)).toEqual(['spec.selector.matchLabels.app']);
    expect(p.notes).toEqual([expect.stringMatching(/^nothing else happens while the member refuses the PUT; once the immutable field matches, it also changes .*metadata\.labels\.team.*spec\.replicas.*spec\.template\.metadata\.labels\.app/)]);
    // a claim whose storage class changes is refused, its growth with it
    const pvc = fixture('pvc-bound-minikube-hostpath.yaml');
    const c = templateOf(pvc);
    c.spec.storageClassName = 'fast';
    c.spec.resources.requests.storage = '2Gi';
    expect(predict(c, pvc)).toMatchObject({ classes: ['apply-fails'], applyFailures: [{ path: 'spec.storageClassName' }] });
  });

  test('Secret: type is immutable; data is a data change', () => {
    const live = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, type: 'Opaque', data: { a: 'eA==' } };
    expect(predict({ ...live, type: 'kubernetes.io/tls' }, live).applyFailures).toEqual([{ path: 'type', reason: expect.stringContaining('ValidateSecretUpdate') }]);
    expect(predict({ ...live, data: { a: 'eQ==' } }, live)).toMatchObject({ classes: ['data-change'], dataPaths: ['data.a'] });
  });
});

describe('predictOverwrite: per-kind retain hooks and immutable fields (retain.go, apiserver validation)', () => {
  test('Service: a template clusterIP is overridden by the live one (retainServiceClusterIP); changing type is a traffic change', () => {
    const live = fixture('service-loadbalancer-metallb.yaml');
    const t = templateOf(live);
    t.spec.clusterIP = '10.0.0.1';
    expect(predict(t, live).classes).toEqual(['unchanged']);
    t.spec.type = 'NodePort';
    const p = predict(t, live);
    expect(p.classes).toEqual(['traffic-change']);
    expect(p.traffic).toEqual([{
      path: 'spec.type', before: 'LoadBalancer', after: 'NodePort', message: expect.stringContaining('the cloud provider deletes the load balancer'),
    }]);
  });

  test('Service: a headless clusterIP None stays, a switch to a ClusterIP is refused', () => {
    const live = fixture('service-headless-clusterip-none.yaml');
    const t = templateOf(live);
    expect(t.spec.clusterIP).toBe('None');
    expect(predict(t, live).classes).toEqual(['unchanged']);
  });

  test('ServiceAccount: the live token secrets survive (RetainServiceAccountFields union)', () => {
    const live = fixture('serviceaccount-with-token-secret-ref.yaml');
    const t = templateOf(live);
    expect(t.secrets).toBeUndefined();
    const p = predict(t, live);
    expect(p.classes).toEqual(['unchanged']);
    expect(p.desired.secrets).toEqual([{ name: 'john-doe-token-n9w5x' }]);
    t.imagePullSecrets = [{ name: 'registry' }];
    expect(predict(t, live).specPaths).toEqual(['imagePullSecrets']);
  });

  test('PersistentVolumeClaim: volumeName retained; storageClassName and shrinking are refused, growth is a spec change', () => {
    const live = fixture('pvc-bound-minikube-hostpath.yaml');
    const t = templateOf(live);
    delete t.spec.volumeName;
    expect(predict(t, live).classes).toEqual(['unchanged']);
    const sc = templateOf(live);
    sc.spec.storageClassName = 'fast';
    expect(predict(sc, live).applyFailures).toEqual([{ path: 'spec.storageClassName', reason: expect.stringContaining('ValidatePersistentVolumeClaimUpdate') }]);
    const shrink = templateOf(live);
    shrink.spec.resources.requests.storage = '512Mi';
    expect(predict(shrink, live).classes).toEqual(['apply-fails']);
    const grow = templateOf(live);
    grow.spec.resources.requests.storage = '2Gi';
    expect(predict(grow, live).classes).toEqual(['spec-change']);
    const same = templateOf(live);
    same.spec.resources.requests.storage = '1024Mi';
    expect(predict(same, live).classes).toEqual(['unchanged']);
  });

  test('Job: the generated selector and labels are retained; any pod template change is refused (ValidateJobSpecUpdate)', () => {
    const live = fixture('job-owned-by-cronjob.json');
    const t = templateOf(live);
    expect(t.spec.selector).toBeUndefined();
    expect(predict(t, live).classes).toEqual(['unchanged']);
    t.spec.template.spec.containers[0].image = 'busybox:1';
    const p = predict(t, live);
    expect(p.classes).toEqual(['apply-fails']);
    expect(p.applyFailures!.map((f) => f.path)).toEqual(['spec.template.spec.containers[0].image']);
  });

  test('Job: Karmada removes ttlSecondsAfterFinished (RemoveJobTTLSeconds)', () => {
    const live = fixture('job-owned-by-cronjob.json');
    live.spec.ttlSecondsAfterFinished = 100;
    const p = predict(templateOf(live), live);
    expect(p.classes).toEqual(['spec-change']);
    expect(p.changes).toEqual([{ path: 'spec.ttlSecondsAfterFinished', before: 100 }]);
    expect(p.notes[0]).toContain('RemoveJobTTLSeconds');
  });

  test('StatefulSet: no retain hook; serviceName and volumeClaimTemplates are immutable; OnDelete rollout', () => {
    const live = fixture('statefulset-volumeclaimtemplates-openshift-console.yaml');
    const t = templateOf(live);
    t.spec.serviceName = 'mongo-headless';
    t.spec.volumeClaimTemplates[0].spec.resources.requests.storage = '1Gi';
    const p = predict(t, live);
    expect(p.classes).toEqual(['apply-fails']);
    expect(p.applyFailures!.map((f) => f.path)).toEqual(['spec.serviceName', 'spec.volumeClaimTemplates[0].spec.resources.requests.storage']);
    const onDelete = templateOf(live);
    live.spec.updateStrategy = { type: 'OnDelete' };
    onDelete.spec.updateStrategy = { type: 'OnDelete' };
    onDelete.spec.template.spec.containers[0].image = 'mongo:7';
    expect(predict(onDelete, live).podTemplate).toMatchObject({ rollout: 'OnDelete' });
  });

  test('DaemonSet, ReplicaSet and CronJob pod template changes: rolling, new pods only, next run', () => {
    const ds = fixture('list-get-all-all-namespaces-minikube.yaml', 'DaemonSet', 'kube-proxy');
    const dst = templateOf(ds);
    dst.spec.template.spec.containers[0].image = 'registry.k8s.io/kube-proxy:v1.27.5';
    expect(predict(dst, ds).podTemplate!.rollout).toBe('RollingUpdate');
    const rs = fixture('replicaset-owned-by-deployment.yaml');
    const rst = templateOf(rs);
    rst.spec.template.spec.containers[0].command = ['redis-server'];
    expect(predict(rst, rs).podTemplate!.rollout).toBe('NewPodsOnly');
    const cj = fixture('cronjob-batch-v1beta1.json');
    const cjt = templateOf(cj);
    cjt.spec.jobTemplate.spec.template.spec.containers[0].args = ['true'];
    const p = predict(cjt, cj);
    expect(p.podTemplate).toMatchObject({ rollout: 'NextRun', paths: ['spec.jobTemplate.spec.template.spec.containers[0].args'] });
    cjt.spec.schedule = '*/5 * * * *';
    expect(predict(cjt, cj).specPaths).toEqual(['spec.schedule']);
  });

  test('Pod: Karmada keeps nodeName, volumes and volumeMounts; an image change restarts in place, other spec changes are refused', () => {
    const live = fixture('pod-owned-by-replicaset.json');
    const t = templateOf(live);
    delete t.spec.nodeName;
    delete t.spec.volumes;
    delete t.spec.containers[0].volumeMounts;
    expect(predict(t, live).classes).toEqual(['unchanged']);
    t.spec.containers[0].image = 'k8s.gcr.io/nginx-slim:0.9';
    expect(predict(t, live).podTemplate).toMatchObject({ rollout: 'InPlace', paths: ['spec.containers[0].image'] });
    t.spec.dnsPolicy = 'Default';
    expect(predict(t, live).applyFailures).toEqual([{ path: 'spec.dnsPolicy', reason: expect.stringContaining('ValidatePodUpdate') }]);
  });

  test('ConfigMap: data changes are data changes, refused when the live one is immutable', () => {
    const live = fixture('configmap-kube-root-ca-crt.yaml');
    const t = templateOf(live);
    t.data['extra.txt'] = 'x';
    const p = predict(t, live);
    expect(p).toMatchObject({ classes: ['data-change'], dataPaths: ['data[extra.txt]'] });
    expect(p.specPaths).toBeUndefined();
    live.immutable = true;
    t.immutable = true;
    expect(predict(t, live).applyFailures).toEqual([{ path: 'data[extra.txt]', reason: expect.stringContaining('immutable') }]);
  });

  test('Secret: a service-account token keeps its live data (retainSecretServiceAccountToken)', () => {
    const live = fixture('secret-service-account-token-redacted.yaml');
    const t = templateOf(live);
    expect(t.data).toBeUndefined();
    expect(predict(t, live).classes).toEqual(['unchanged']);
  });

  test('a template that says conflict-resolution abort is noted', () => {
    const live = fixture(NODEPORT);
    const t = templateOf(live);
    t.metadata.annotations = { 'work.karmada.io/conflict-resolution': 'abort' };
    const p = predict(t, live);
    expect(p.classes).toEqual(['unchanged']);
    expect(p.notes[0]).toContain('abort');
  });

  test('the template and the live object must be the same object', () => {
    const live = fixture(NODEPORT);
    const t = templateOf(live);
    t.metadata.name = 'other';
    expect(() => predict(t, live)).toThrow(InputError);
    expect(() => predictOverwrite('x', live)).toThrow(InputError);
    // another version of the same group is the same object.
    const cj = fixture('cronjob-batch-v1beta1.json');
    const v1 = templateOf(cj);
    v1.apiVersion = 'batch/v1';
    expect(predict(v1, cj).classes).toEqual(['unchanged']);
  });

  test('neither input is changed', () => {
    const live = fixture(DEPLOYMENT);
    const t = templateOf(live);
    const before = JSON.stringify([t, live]);
    predict(t, live);
    expect(JSON.stringify([t, live])).toBe(before);
  });
});

describe('predictOverwrite: properties and scale', () => {
  const container = fc.record({
    name: fc.constantFrom('app', 'sidecar', 'proxy'),
    image: fc.constantFrom('nginx', 'nginx:1.25', 'registry.local:5000/a/b:latest', 'busybox@sha256:0123'),
    args: fc.option(fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }), { nil: undefined }),
    ports: fc.option(
      fc.uniqueArray(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }) }), { selector: (p) => p.containerPort, maxLength: 2 }),
      { nil: undefined },
    ),
    env: fc.option(fc.uniqueArray(fc.record({ name: fc.constantFrom('A', 'B', 'C'), value: fc.string({ maxLength: 4 }) }), { selector: (e) => e.name, maxLength: 2 }), { nil: undefined }),
    livenessProbe: fc.option(fc.record({ httpGet: fc.record({ port: fc.integer({ min: 1, max: 9000 }) }) }), { nil: undefined }),
    resources: fc.option(fc.record({ requests: fc.record({ cpu: fc.constantFrom('100m', '0.5', '1'), memory: fc.constantFrom('64Mi', '1Gi') }) }), { nil: undefined }),
  }, { requiredKeys: ['name', 'image'] });

  const deployment = fc.record({
    kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet'),
    replicas: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
    labels: fc.option(fc.dictionary(fc.constantFrom('team', 'tier', 'app.kubernetes.io/name'), fc.constantFrom('a', 'b')), { nil: undefined }),
    containers: fc.uniqueArray(container, { selector: (c) => c.name, minLength: 1, maxLength: 3 }),
    volumes: fc.option(fc.constantFrom([{ name: 'tmp' }], [{ name: 'cm', configMap: { name: 'cm' } }]), { nil: undefined }),
  });

  const service = fc.record({
    type: fc.constantFrom(undefined, 'ClusterIP', 'NodePort', 'LoadBalancer'),
    ports: fc.uniqueArray(fc.record({ name: fc.constantFrom('http', 'https', 'grpc'), port: fc.integer({ min: 1, max: 65535 }) }), { selector: (p) => p.name, minLength: 1, maxLength: 3 }),
  });

  /** the template as the live cluster would show it: defaults, server metadata, status, allocations. */
  function asLive(t: Obj): Obj {
    const live = applyApiDefaults(JSON.parse(JSON.stringify(t)) as JsonObject) as Obj;
    live.metadata = { ...live.metadata, uid: 'u-1', resourceVersion: '42', generation: 3, creationTimestamp: '2026-01-01T00:00:00Z' };
    live.status = { observedGeneration: 3 };
    if (live.kind === 'Service') {
      live.spec.clusterIP = '10.0.0.7';
      live.spec.clusterIPs = ['10.0.0.7'];
      live.spec.ipFamilies = ['IPv4'];
      live.spec.ipFamilyPolicy = 'SingleStack';
      if (live.spec.type !== 'ClusterIP') live.spec.ports.forEach((p: Obj, i: number) => (p.nodePort = 30000 + i));
    }
    return live;
  }

  test('property: a template against itself as the cluster shows it is unchanged (workloads)', () => {
    fc.assert(fc.property(deployment, (w) => {
      const t = JSON.parse(JSON.stringify({
        apiVersion: 'apps/v1', kind: w.kind, metadata: { name: 'app', namespace: 'default', labels: w.labels },
        spec: {
          replicas: w.kind === 'DaemonSet' ? undefined : w.replicas,
          selector: { matchLabels: { app: 'app' } },
          template: { metadata: { labels: { app: 'app' } }, spec: { containers: w.containers, volumes: w.volumes } },
        },
      })) as Obj;
      const p = predict(t, asLive(t));
      expect(p.changes).toEqual([]);
      expect(p.classes).toEqual(['unchanged']);
    }));
  });

  test('property: a Service against itself as the cluster shows it (clusterIP, families, nodePorts allocated) is unchanged', () => {
    fc.assert(fc.property(service, (s) => {
      const t = JSON.parse(JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { type: s.type, ports: s.ports } })) as Obj;
      const p = predict(t, asLive(t));
      expect(p.changes).toEqual([]);
    }));
  });
});
