import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { readInventory } from '../../src/inventory/read';
import { API_DEFAULT_RULES, applyApiDefaults, defaultImagePullPolicy, JsonObject, SERVER_ALLOCATED_FIELDS } from '../../src/kube';

const FIXTURES = path.join(__dirname, '../fixtures/real-exports');

type Obj = Record<string, unknown>;
const d = (o: Obj) => applyApiDefaults(o as JsonObject) as Obj;

// the pod spec fields every pod template gets (pkg/apis/core/v1/defaults.go: SetDefaults_PodSpec).
const POD_SPEC_DEFAULTS = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};
// SetDefaults_Container for an image with a tag other than latest.
const CONTAINER_DEFAULTS = { imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };

function podTemplate(containers: Obj[], spec: Obj = {}): Obj {
  return { metadata: { labels: { app: 'x' } }, spec: { containers, ...spec } };
}

describe('the defaulting table', () => {
  test('every row has a unique id, a Kubernetes source and a description', () => {
    const ids = API_DEFAULT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of API_DEFAULT_RULES) {
      expect(r.source).toMatch(/pkg\/apis\/|staging\/src\/k8s.io\/api/);
      expect(r.description).not.toBe('');
      expect(r.remove === true || r.value !== undefined).toBe(true);
    }
    expect(SERVER_ALLOCATED_FIELDS.map((f) => f.field)).toEqual(expect.arrayContaining(['spec.clusterIP', 'spec.ipFamilies', 'spec.ipFamilyPolicy', 'spec.ports[].nodePort']));
  });

  test('enableServiceLinks is defaulted on Pods only (SetDefaults_Pod), never on pod templates', () => {
    expect(API_DEFAULT_RULES.find((r) => r.id === 'pod-enable-service-links')!.scope).toBe('Pod');
    const deployment = d({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { template: podTemplate([{ name: 'c', image: 'i:1' }]) } });
    expect((deployment.spec as Obj & { template: { spec: Obj } }).template.spec.enableServiceLinks).toBeUndefined();
    const pod = d({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [{ name: 'c', image: 'i:1' }] } });
    expect((pod.spec as Obj).enableServiceLinks).toBe(true);
  });
});

describe('defaultImagePullPolicy (SetDefaults_Container, parsers.ParseImageName)', () => {
  test.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['docker.io/library/nginx', 'Always'],
    ['registry.local:5000/team/nginx', 'Always'],
    ['registry.local:5000/team/nginx:2', 'IfNotPresent'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'IfNotPresent'],
    ['nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'Always'],
    ['', 'IfNotPresent'],
    ['Upper/Case', 'IfNotPresent'],
  ])('%j => %s', (image, policy) => {
    expect(defaultImagePullPolicy(image)).toBe(policy);
  });
});

describe('applyApiDefaults per kind', () => {
  test('apps/v1 Deployment: SetDefaults_Deployment, SetDefaults_PodSpec, SetDefaults_Container, container port protocol', () => {
    const got = d({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'x' } }, template: podTemplate([{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }]) },
    });
    expect(got).toEqual({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 1,
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        selector: { matchLabels: { app: 'x' } },
        template: {
          metadata: { labels: { app: 'x' } },
          spec: { ...POD_SPEC_DEFAULTS, containers: [{ name: 'web', image: 'nginx:1.25', ...CONTAINER_DEFAULTS, ports: [{ containerPort: 80, protocol: 'TCP' }] }] },
        },
      },
    });
  });

  test('a Recreate Deployment gets no rollingUpdate', () => {
    const got = d({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { strategy: { type: 'Recreate' } } });
    expect((got.spec as Obj).strategy).toEqual({ type: 'Recreate' });
  });

  test('apps/v1 StatefulSet: SetDefaults_StatefulSet, claim templates (SetDefaults_PersistentVolumeClaimSpec, conversion apiVersion/kind)', () => {
    const got = d({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
      spec: {
        serviceName: 'db', template: podTemplate([{ name: 'db', image: 'mongo' }]),
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
      },
    });
    const spec = got.spec as Obj;
    expect(spec.replicas).toBe(1);
    expect(spec.podManagementPolicy).toBe('OrderedReady');
    expect(spec.revisionHistoryLimit).toBe(10);
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(spec.volumeClaimTemplates).toEqual([{
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' }, status: { phase: 'Pending' },
    }]);
    // image without tag: Always.
    expect((spec.template as { spec: { containers: Obj[] } }).spec.containers[0].imagePullPolicy).toBe('Always');
  });

  test('StatefulSet updateStrategy: rollingUpdate is created only when the type was empty; OnDelete stays', () => {
    const strategy = (s: Obj) => (d({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'a' }, spec: { updateStrategy: s } }).spec as Obj).updateStrategy;
    expect(strategy({ type: 'RollingUpdate' })).toEqual({ type: 'RollingUpdate' });
    expect(strategy({ type: 'RollingUpdate', rollingUpdate: {} })).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(strategy({ type: 'OnDelete' })).toEqual({ type: 'OnDelete' });
    expect(strategy({ rollingUpdate: { partition: 2 } })).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 2 } });
  });

  test('apps/v1 DaemonSet and ReplicaSet (SetDefaults_DaemonSet, SetDefaults_ReplicaSet)', () => {
    const ds = d({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'a' }, spec: { template: podTemplate([]) } });
    expect((ds.spec as Obj).updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect((ds.spec as Obj).revisionHistoryLimit).toBe(10);
    expect((d({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'a' }, spec: { updateStrategy: { type: 'OnDelete' } } }).spec as Obj).updateStrategy)
      .toEqual({ type: 'OnDelete' });
    expect((d({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'a' }, spec: {} }).spec as Obj).replicas).toBe(1);
  });

  test('batch/v1 Job: SetDefaults_Job', () => {
    const job = d({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: podTemplate([{ name: 'c', image: 'busybox:1' }], { restartPolicy: 'Never' }) } });
    expect(job.metadata).toEqual({ name: 'j', labels: { app: 'x' } });
    const spec = job.spec as Obj;
    expect([spec.completions, spec.parallelism, spec.backoffLimit, spec.completionMode, spec.suspend, spec.podReplacementPolicy])
      .toEqual([1, 1, 6, 'NonIndexed', false, 'TerminatingOrFailed']);
    expect((spec.template as { spec: Obj }).spec.restartPolicy).toBe('Never');
    const parallel = d({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', labels: { own: 'y' } }, spec: { parallelism: 3, backoffLimitPerIndex: 1, podFailurePolicy: { rules: [] } } });
    expect(parallel.metadata).toEqual({ name: 'j', labels: { own: 'y' } });
    const pspec = parallel.spec as Obj;
    expect([pspec.completions, pspec.parallelism, pspec.backoffLimit, pspec.podReplacementPolicy]).toEqual([undefined, 3, 2147483647, 'Failed']);
  });

  test('batch/v1 CronJob: SetDefaults_CronJob; the jobTemplate gets pod defaults but no Job defaults', () => {
    const cj = d({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: podTemplate([{ name: 'c', image: 'b:1' }]) } } } });
    const spec = cj.spec as Obj & { jobTemplate: { spec: Obj & { template: { spec: Obj } } } };
    expect([spec.concurrencyPolicy, spec.suspend, spec.successfulJobsHistoryLimit, spec.failedJobsHistoryLimit]).toEqual(['Allow', false, 3, 1]);
    expect(spec.jobTemplate.spec.backoffLimit).toBeUndefined();
    expect(spec.jobTemplate.spec.template.spec.dnsPolicy).toBe('ClusterFirst');
  });

  test('v1 Service: SetDefaults_Service per type', () => {
    const svc = (spec: Obj) => d({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec }).spec as Obj;
    expect(svc({ ports: [{ port: 80 }, { port: 53, protocol: 'UDP', targetPort: 'dns' }] })).toEqual({
      type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }, { port: 53, protocol: 'UDP', targetPort: 'dns' }],
    });
    expect(svc({ type: 'NodePort', ports: [{ port: 80, targetPort: 0 }] })).toEqual({
      type: 'NodePort', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', externalTrafficPolicy: 'Cluster',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    });
    expect(svc({ type: 'LoadBalancer' })).toMatchObject({ externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true });
    expect(svc({ externalIPs: ['1.2.3.4'] })).toMatchObject({ externalTrafficPolicy: 'Cluster' });
    expect(svc({ type: 'ExternalName', externalName: 'x.example' })).toEqual({ type: 'ExternalName', externalName: 'x.example', sessionAffinity: 'None' });
    expect(svc({ sessionAffinity: 'ClientIP' }).sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    expect(svc({ sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } }).sessionAffinityConfig).toBeUndefined();
  });

  test('pod spec parts: probes, handlers, volumes, downward API, service account alias (core/v1 defaults.go, types.go markers)', () => {
    const probe = { httpGet: { port: 8080 } };
    const got = d({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' },
      spec: {
        template: podTemplate([{
          name: 'c', image: 'app:1', livenessProbe: probe, readinessProbe: { grpc: { port: 9 } }, startupProbe: { tcpSocket: { port: 1 }, periodSeconds: 5 },
          lifecycle: { preStop: { httpGet: { port: 1, path: '/stop' } } },
          env: [{ name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }, { name: 'X', value: 'y' }],
        }], {
          serviceAccount: 'legacy',
          volumes: [
            { name: 'cm', configMap: { name: 'cm' } }, { name: 's', secret: { secretName: 's', defaultMode: 256 } }, { name: 'tmp' },
            { name: 'host', hostPath: { path: '/x' } },
            { name: 'proj', projected: { sources: [{ serviceAccountToken: { path: 't' } }, { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } }] } },
            { name: 'eph', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'] } } } },
          ],
          initContainers: [{ name: 'init', image: 'init' }],
        }),
      },
    });
    const pod = (got.spec as { template: { spec: Obj & { containers: Obj[]; initContainers: Obj[]; volumes: Obj[] } } }).template.spec;
    const c = pod.containers[0];
    expect(c.livenessProbe).toEqual({ httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
    expect(c.readinessProbe).toMatchObject({ grpc: { port: 9, service: '' } });
    expect(c.startupProbe).toMatchObject({ periodSeconds: 5, timeoutSeconds: 1 });
    expect(c.lifecycle).toEqual({ preStop: { httpGet: { port: 1, path: '/stop', scheme: 'HTTP' } } });
    expect(c.env).toEqual([{ name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace', apiVersion: 'v1' } } }, { name: 'X', value: 'y' }]);
    expect(pod.initContainers[0].imagePullPolicy).toBe('Always');
    expect(pod.serviceAccountName).toBe('legacy');
    expect(pod.serviceAccount).toBe('legacy');
    expect(pod.volumes).toEqual([
      { name: 'cm', configMap: { name: 'cm', defaultMode: 420 } },
      { name: 's', secret: { secretName: 's', defaultMode: 256 } },
      { name: 'tmp', emptyDir: {} },
      { name: 'host', hostPath: { path: '/x', type: '' } },
      { name: 'proj', projected: { defaultMode: 420, sources: [
        { serviceAccountToken: { path: 't', expirationSeconds: 3600 } },
        { downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } }] } },
      ] } },
      { name: 'eph', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' } } } },
    ]);
  });

  test('v1 Pod: requests default to limits and hostNetwork ports to host ports (SetDefaults_Pod)', () => {
    const pod = d({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: { hostNetwork: true, containers: [{ name: 'c', image: 'i:1', ports: [{ containerPort: 9100 }], resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m' } } }] },
    });
    const c = (pod.spec as { containers: Obj[] }).containers[0];
    expect(c.resources).toEqual({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } });
    expect(c.ports).toEqual([{ containerPort: 9100, hostPort: 9100, protocol: 'TCP' }]);
  });

  test('v1 PersistentVolumeClaim, Secret; ConfigMap and other kinds are copied unchanged', () => {
    expect((d({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' }, spec: {} }).spec as Obj).volumeMode).toBe('Filesystem');
    expect(d({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }).type).toBe('Opaque');
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    expect(d(cm)).toEqual(cm);
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' }, spec: { rules: [] } };
    expect(d(ingress)).toEqual(ingress);
    // removed API versions have other defaults: left alone.
    const old = { apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'a' }, spec: {} };
    expect(d(old)).toEqual(old);
  });
});

describe('applyApiDefaults against the real exports', () => {
  const files = fs.readdirSync(FIXTURES).filter((f) => /\.(ya?ml|json)$/.test(f));
  const objects = files.flatMap((f) => readInventory([path.join(FIXTURES, f)]).map((o) => [`${f}: ${o.object.kind} ${o.object.metadata.name}`, o.object] as const));

  // what the exports' older API servers did not default yet: internalTrafficPolicy (1.22), Job
  // completionMode and suspend (1.21), podReplacementPolicy (1.29), StatefulSet PVC retention (1.27).
  const NEWER_DEFAULTS = /^spec\.(internalTrafficPolicy|completionMode|suspend|podReplacementPolicy|persistentVolumeClaimRetentionPolicy\.\w+)$/;

  test.each(objects)('%s is already defaulted, except for fields of later Kubernetes versions', (_name, obj) => {
    const defaulted = applyApiDefaults(obj as unknown as JsonObject);
    const added: string[] = [];
    const walk = (a: unknown, b: unknown, p: string) => {
      if (b !== null && typeof b === 'object' && !Array.isArray(b)) {
        for (const k of Object.keys(b)) walk((a as Obj | undefined)?.[k], (b as Obj)[k], p ? `${p}.${k}` : k);
      } else if (Array.isArray(b)) {
        b.forEach((v, i) => walk(Array.isArray(a) ? a[i] : undefined, v, `${p}[${i}]`));
      } else if (JSON.stringify(a) !== JSON.stringify(b)) {
        added.push(p);
      }
    };
    walk(obj, defaulted, '');
    expect(added.filter((p) => !NEWER_DEFAULTS.test(p))).toEqual([]);
  });
});

describe('applyApiDefaults is pure and idempotent', () => {
  const container = fc.record({
    name: fc.constantFrom('a', 'b', 'c'),
    image: fc.constantFrom('nginx', 'nginx:1', 'r:5000/x:latest', 'x@sha256:00'),
    ports: fc.option(fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }) }), { maxLength: 2 }), { nil: undefined }),
    readinessProbe: fc.option(fc.record({ httpGet: fc.record({ port: fc.integer({ min: 1, max: 9 }) }) }), { nil: undefined }),
  }, { requiredKeys: ['name', 'image'] });
  const workload = fc.record({
    kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'),
    replicas: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    containers: fc.uniqueArray(container, { selector: (c) => c.name, minLength: 1, maxLength: 3 }),
  });

  test('property: defaulting twice equals defaulting once, and the input is untouched', () => {
    fc.assert(fc.property(workload, (w) => {
      const obj = JSON.parse(JSON.stringify({
        apiVersion: 'apps/v1', kind: w.kind, metadata: { name: 'x' },
        spec: { replicas: w.replicas, template: { spec: { containers: w.containers } } },
      })) as JsonObject;
      const before = JSON.stringify(obj);
      const once = applyApiDefaults(obj);
      expect(JSON.stringify(obj)).toBe(before);
      expect(applyApiDefaults(once)).toEqual(once);
    }));
  });
});
