// risky objects are named before they are taken over; what no takeover selects is listed. Karmada
// facts: prune.go strips ttlSecondsAfterFinished from member Jobs; work_status_controller.go
// recreateResourceIfNeeded creates a deleted member object again (a finished Job runs again).
import { Inventory } from '../../src/inventory/inventory';
import { KubeObject } from '../../src/kube/object';
import { leftBehind, riskyObjects } from '../../src/report/risky-objects';
import { fixture } from '../inventory/fixtures';
import { deployment } from '../util';

describe('riskyObjects', () => {
  test('real exports: a Job, a bound claim; a Pod its ReplicaSet owns is not bare', () => {
    const job = fixture('job-owned-by-cronjob.json');
    const pvc = fixture('pvc-bound-minikube-hostpath.yaml');
    const owned = fixture('pod-owned-by-replicaset.json');
    expect(riskyObjects([job, pvc, owned]).map(r => [r.object, r.reason])).toStrictEqual([
      ['Job.batch default/hello-1567179180', 'job'],
      ['PersistentVolumeClaim redis/redis-data', 'bound-claim'],
    ]);
  });

  test.each<[string, KubeObject, string]>([
    ['a bare Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [] } }, 'bare-pod'],
    ['a PersistentVolume', { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv1' }, spec: { persistentVolumeReclaimPolicy: 'Delete' } }, 'persistent-volume'],
    ['a plain-text Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' }, data: { a: 'Yg==' } }, 'plaintext-secret'],
    ['a custom resource without its CRD', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } }, 'custom-resource-without-crd'],
  ])('%s', (_, o, reason) => {
    expect(riskyObjects([o]).map(r => r.reason)).toStrictEqual([reason]);
  });

  test('a custom resource whose CRD is in the export or declared present is not flagged', () => {
    const widget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' } };
    const crd: KubeObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced' } };
    expect(riskyObjects([widget, crd])).toStrictEqual([]);
    expect(riskyObjects([widget], undefined, ['widgets.example.com'])).toStrictEqual([]);
    // a fleet passes the CRDs every cluster brings
    expect(riskyObjects([widget], [crd])).toStrictEqual([]);
    expect(riskyObjects([widget], []).map(r => r.reason)).toStrictEqual(['custom-resource-without-crd']);
  });
});

describe('leftBehind', () => {
  test('lists what no takeover selects, per kind, and counts what the inventory dropped', () => {
    const inventory = Inventory.fromObjects([deployment('default', 'a'), deployment('default', 'b'), fixture('replicaset-owned-by-deployment.yaml')]);
    expect(leftBehind('member1', inventory, new Set(['Deployment.apps default/a']))).toStrictEqual({
      migration: 'member1',
      byKind: [{ kind: 'Deployment.apps', objects: ['Deployment.apps default/b'] }],
      dropped: [{ rule: 'controller-owned', count: 1 }],
    });
  });

  test('a fleet: each row names the clusters whose exports hold its objects; a rule counts an object once; excluded objects are apart', () => {
    const m1 = Inventory.fromObjects([deployment('default', 'a'), deployment('default', 'b'), deployment('default', 'c'), fixture('replicaset-owned-by-deployment.yaml')]);
    const m2 = Inventory.fromObjects([deployment('default', 'a'), deployment('default', 'b'), fixture('replicaset-owned-by-deployment.yaml')]);
    const m3 = Inventory.fromObjects([deployment('default', 'c'), deployment('default', 'd')]);
    const fleet = new Map([['member3', m3], ['member1', m1], ['member2', m2]]);
    expect(leftBehind('fleet', fleet, new Set(['Deployment.apps default/a']), new Map([['Deployment.apps default/c', 'excluded by spec.exclude[0]']]))).toStrictEqual({
      migration: 'fleet',
      byKind: [
        { kind: 'Deployment.apps', objects: ['Deployment.apps default/b'], clusters: ['member1', 'member2'] },
        { kind: 'Deployment.apps', objects: ['Deployment.apps default/d'], clusters: ['member3'] },
      ],
      dropped: [{ rule: 'controller-owned', count: 1, clusters: ['member1', 'member2'] }],
      excluded: [{ object: 'Deployment.apps default/c', reason: 'excluded by spec.exclude[0]', clusters: ['member1', 'member3'] }],
    });
  });

  test('one cluster: an excluded object is listed apart, without clusters', () => {
    const inventory = Inventory.fromObjects([deployment('default', 'a'), deployment('default', 'b')]);
    expect(leftBehind('member1', inventory, new Set(), new Map([['Deployment.apps default/b', 'excluded by spec.exclude[1]: retired']]))).toStrictEqual({
      migration: 'member1',
      byKind: [{ kind: 'Deployment.apps', objects: ['Deployment.apps default/a'] }],
      dropped: [],
      excluded: [{ object: 'Deployment.apps default/b', reason: 'excluded by spec.exclude[1]: retired' }],
    });
  });
});
