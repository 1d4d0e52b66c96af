import { pruneIrrelevantFields } from '../../src/karmada';

type Obj = Record<string, unknown>;

// karmada v1.18.2 pkg/resourceinterpreter/default/native/prune/prune.go: RemoveIrrelevantFields.
describe('pruneIrrelevantFields', () => {
  const meta = {
    name: 'x', namespace: 'ns', labels: { a: 'b' }, annotations: { c: 'd' },
    uid: 'u', resourceVersion: '1', generation: 2, creationTimestamp: 't', deletionTimestamp: 't', deletionGracePeriodSeconds: 30,
    selfLink: '/x', managedFields: [], ownerReferences: [{ name: 'o' }], finalizers: ['f'],
  };

  test('every object: server metadata, ownerReferences, finalizers and status', () => {
    expect(pruneIrrelevantFields({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { k: 'v' }, status: {} })).toEqual({
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'ns', labels: { a: 'b' }, annotations: { c: 'd' } }, data: { k: 'v' },
    });
  });

  test('Deployment: the revision annotations (removeDeploymentIrrelevantField)', () => {
    const got = pruneIrrelevantFields({
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'x', annotations: { 'deployment.kubernetes.io/revision': '3', 'deployment.kubernetes.io/revision-history': '1,2', 'keep': 'y' } },
    }) as Obj;
    expect(got.metadata).toEqual({ name: 'x', annotations: { keep: 'y' } });
  });

  test('Job: generated selector and labels unless manualSelector; ttlSecondsAfterFinished unless told not to', () => {
    const job = {
      apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' },
      spec: {
        ttlSecondsAfterFinished: 60,
        selector: { matchLabels: { 'controller-uid': 'u', 'batch.kubernetes.io/controller-uid': 'u', 'job-name': 'j' } },
        template: { metadata: { labels: { 'controller-uid': 'u', 'job-name': 'j', 'batch.kubernetes.io/job-name': 'j', 'batch.kubernetes.io/controller-uid': 'u', 'app': 'a' } } },
      },
    };
    // removeGenerateSelectorOfJob leaves `job-name` in matchLabels.
    expect(pruneIrrelevantFields(job).spec).toEqual({ selector: { matchLabels: { 'job-name': 'j' } }, template: { metadata: { labels: { app: 'a' } } } });
    expect((pruneIrrelevantFields(job, { removeJobTtl: false }).spec as Obj).ttlSecondsAfterFinished).toBe(60);
    const manual = { ...job, spec: { ...job.spec, manualSelector: true } };
    expect((pruneIrrelevantFields(manual).spec as Obj).selector).toEqual(job.spec.selector);
  });

  test('Service: clusterIP and clusterIPs unless headless (removeServiceIrrelevantField)', () => {
    expect(pruneIrrelevantFields({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { clusterIP: '10.0.0.1', clusterIPs: ['10.0.0.1'], ports: [] } }).spec)
      .toEqual({ ports: [] });
    expect(pruneIrrelevantFields({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { clusterIP: 'None', clusterIPs: ['None'] } }).spec)
      .toEqual({ clusterIP: 'None', clusterIPs: ['None'] });
  });

  test('ServiceAccount, service-account token Secret, PVC', () => {
    expect(pruneIrrelevantFields({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' }, secrets: [{ name: 'sa-token-abc' }, { name: 'other' }] }).secrets)
      .toEqual([{ name: 'other' }]);
    const secret = pruneIrrelevantFields({
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', data: { token: 'x' },
      metadata: { name: 't', annotations: { 'kubernetes.io/service-account.uid': 'u', 'kubernetes.io/service-account.name': 'sa' } },
    }) as Obj;
    expect(secret.data).toBeNull();
    expect(secret.metadata).toEqual({ name: 't', annotations: { 'kubernetes.io/service-account.name': 'sa' } });
    const pvc = pruneIrrelevantFields({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p', annotations: { 'volume.kubernetes.io/selected-node': 'n1' } } });
    expect(pvc.metadata).toEqual({ name: 'p', annotations: {} });
  });

  test('the input is not changed', () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...meta } };
    const before = JSON.stringify(obj);
    pruneIrrelevantFields(obj);
    expect(JSON.stringify(obj)).toBe(before);
  });
});
