import { applyRetainHook, RETAINED_FIELDS, retainClusterFields } from '../../src/karmada';
import { JsonObject } from '../../src/kube';

type Obj = Record<string, unknown>;
const o = (x: Obj) => x as JsonObject;

// karmada v1.18.2 pkg/util/objectwatcher/objectwatcher.go: retainClusterFields; pkg/util/{annotation,label}.go.
describe('retainClusterFields', () => {
  const live = o({
    apiVersion: 'v1', kind: 'ConfigMap',
    metadata: {
      name: 'c', resourceVersion: '7', finalizers: ['f'], ownerReferences: [{ name: 'o' }],
      labels: { shared: 'live', liveOnly: 'l', recorded: 'r' },
      annotations: { 'note': 'n', 'resourcetemplate.karmada.io/managed-labels': 'shared,recorded', 'resourcetemplate.karmada.io/managed-annotations': 'gone', 'gone': 'g' },
    },
  });

  test('keeps resourceVersion, finalizers, ownerReferences; live labels and annotations the template lacks, minus the recorded ones', () => {
    const desired = o({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { shared: 'template' } }, data: {} });
    expect(retainClusterFields(desired, live)).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap', data: {},
      metadata: {
        name: 'c', resourceVersion: '7', finalizers: ['f'], ownerReferences: [{ name: 'o' }],
        labels: { shared: 'template', liveOnly: 'l' },
        annotations: { 'note': 'n', 'resourcetemplate.karmada.io/managed-labels': 'shared,recorded', 'resourcetemplate.karmada.io/managed-annotations': 'gone' },
      },
    });
  });

  test('live labels named like Object.prototype members survive like any other', () => {
    const labels = JSON.parse('{"constructor": "c", "__proto__": "p", "toString": "t"}');
    const merged = retainClusterFields(o({ metadata: { name: 'c' } }), o({ metadata: { name: 'c', labels } })).metadata as Obj;
    expect(JSON.stringify(merged.labels)).toBe(JSON.stringify(labels));
  });

  test('on a first takeover (no record) every live label and annotation survives', () => {
    const fresh = o({ metadata: { name: 'c', labels: { a: '1' }, annotations: { b: '2' } } });
    expect(retainClusterFields(o({ metadata: { name: 'c' } }), fresh).metadata).toEqual({ name: 'c', labels: { a: '1' }, annotations: { b: '2' } });
  });
});

// pkg/resourceinterpreter/default/native/retain.go and pkg/util/lifted/retain.go.
describe('applyRetainHook', () => {
  test('lists the default hooks by GVK', () => {
    expect(Object.keys(RETAINED_FIELDS).sort()).toEqual([
      'apps/v1/Deployment', 'batch/v1/Job', 'v1/PersistentVolume', 'v1/PersistentVolumeClaim', 'v1/Pod', 'v1/Secret', 'v1/Service', 'v1/ServiceAccount',
    ]);
  });

  test('Deployment replicas only with the label "true" on the template', () => {
    const live = o({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 7 } });
    const t = (labels?: Obj) => o({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', labels }, spec: { replicas: 1 } });
    expect((applyRetainHook(t({ 'resourcetemplate.karmada.io/retain-replicas': 'true' }), live).spec as Obj).replicas).toBe(7);
    expect((applyRetainHook(t({ 'resourcetemplate.karmada.io/retain-replicas': 'True' }), live).spec as Obj).replicas).toBe(1);
    expect((applyRetainHook(t(), live).spec as Obj).replicas).toBe(1);
    // other API versions have no hook.
    const v1beta2 = { ...t({ 'resourcetemplate.karmada.io/retain-replicas': 'true' }), apiVersion: 'apps/v1beta2' };
    expect((applyRetainHook(o(v1beta2), live).spec as Obj).replicas).toBe(1);
  });

  test('Service clusterIP and healthCheckNodePort; PVC volumeName; PV claimRef', () => {
    const svc = applyRetainHook(o({ apiVersion: 'v1', kind: 'Service', spec: {} }), o({ spec: { clusterIP: '10.1.1.1', healthCheckNodePort: 31000 } }));
    expect(svc.spec).toEqual({ clusterIP: '10.1.1.1', healthCheckNodePort: 31000 });
    expect(applyRetainHook(o({ apiVersion: 'v1', kind: 'Service', spec: {} }), o({ spec: { clusterIP: '', healthCheckNodePort: 0 } })).spec).toEqual({});
    expect(applyRetainHook(o({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', spec: {} }), o({ spec: { volumeName: 'pv-1' } })).spec).toEqual({ volumeName: 'pv-1' });
    expect(applyRetainHook(o({ apiVersion: 'v1', kind: 'PersistentVolume', spec: {} }), o({ spec: { claimRef: { name: 'c' } } })).spec).toEqual({ claimRef: { name: 'c' } });
  });

  test('ServiceAccount: union of secrets and imagePullSecrets by name, the template first', () => {
    const got = applyRetainHook(
      o({ apiVersion: 'v1', kind: 'ServiceAccount', secrets: [{ name: 'a' }], imagePullSecrets: [] }),
      o({ secrets: [{ name: 'b' }, { name: 'a' }], imagePullSecrets: [{ name: 'reg' }] }),
    );
    expect(got).toEqual({ apiVersion: 'v1', kind: 'ServiceAccount', secrets: [{ name: 'a' }, { name: 'b' }], imagePullSecrets: [{ name: 'reg' }] });
  });

  test('Job selector and template labels; Pod scheduling fields; token Secret data', () => {
    const job = applyRetainHook(
      o({ apiVersion: 'batch/v1', kind: 'Job', spec: { template: { metadata: { labels: { app: 'a' } } } } }),
      o({ spec: { selector: { matchLabels: { 'controller-uid': 'u' } }, template: { metadata: { labels: { 'controller-uid': 'u', 'job-name': 'j', 'app': 'a' } } } } }),
    );
    expect(job.spec).toEqual({ selector: { matchLabels: { 'controller-uid': 'u' } }, template: { metadata: { labels: { 'controller-uid': 'u', 'job-name': 'j', 'app': 'a' } } } });
    const pod = applyRetainHook(
      o({ apiVersion: 'v1', kind: 'Pod', spec: { nodeName: 'x', containers: [{ name: 'c', volumeMounts: [] }, { name: 'new' }] } }),
      o({ spec: { nodeName: 'n1', serviceAccountName: 'sa', volumes: [{ name: 'v' }], containers: [{ name: 'c', volumeMounts: [{ name: 'v', mountPath: '/v' }] }] } }),
    );
    expect(pod.spec).toEqual({
      nodeName: 'n1', serviceAccountName: 'sa', volumes: [{ name: 'v' }],
      containers: [{ name: 'c', volumeMounts: [{ name: 'v', mountPath: '/v' }] }, { name: 'new' }],
    });
    const token = applyRetainHook(o({ apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', data: null }), o({ data: { token: 'dA==' } }));
    expect(token.data).toEqual({ token: 'dA==' });
    expect(applyRetainHook(o({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', data: { a: 'b' } }), o({ data: { c: 'd' } })).data).toEqual({ a: 'b' });
  });

  test('kinds without a hook are returned as they are (StatefulSet, ConfigMap, ...)', () => {
    const sts = o({ apiVersion: 'apps/v1', kind: 'StatefulSet', spec: { replicas: 1 } });
    expect(applyRetainHook(sts, o({ spec: { replicas: 5 } }))).toEqual(sts);
  });
});
