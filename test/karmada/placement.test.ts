// the clusters a placement schedules to. Karmada v1.18.2: pkg/util/selector.go ClusterMatches
// (exclude, labelSelector, fieldSelector on provider/region/zones, clusterNames); the scheduler
// uses the first clusterAffinities group that fits; spreadConstraints pick a subset; Divided
// replica scheduling drops a cluster with no replicas; a nil replicaScheduling is Duplicated.
import { memberClusters, placementClusters, samePlacement } from '../../src/karmada/placement';

const clusters = memberClusters([
  { apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'Cluster', metadata: { name: 'member1', labels: { env: 'prod' } }, spec: { provider: 'aws', region: 'eu-west-1', zones: ['eu-west-1a'] } },
  { apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'Cluster', metadata: { name: 'member2', labels: { env: 'prod' } }, spec: { provider: 'gcp', region: 'us-east1', zones: ['us-east1-b'] } },
  { apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'Cluster', metadata: { name: 'member3', labels: { env: 'dev' } }, spec: {} },
]);

const view = (r: ReturnType<typeof placementClusters>) => [r.possible ? [...r.possible].sort() : 'unknown', [...r.certain].sort()];

describe('placementClusters', () => {
  test.each<[string, object, boolean, unknown[]]>([
    ['clusterNames', { clusterAffinity: { clusterNames: ['member1', 'member2'] } }, false, [['member1', 'member2'], ['member1', 'member2']]],
    ['clusterNames minus exclude', { clusterAffinity: { clusterNames: ['member1', 'member2'], exclude: ['member2'] } }, false, [['member1'], ['member1']]],
    ['no clusterAffinity (every cluster), without clusters', {}, false, ['unknown', []]],
    ['no clusterAffinity (every cluster), with clusters', {}, true, [['member1', 'member2', 'member3'], ['member1', 'member2', 'member3']]],
    ['a label selector without clusters', { clusterAffinity: { labelSelector: { matchLabels: { env: 'prod' } } } }, false, ['unknown', []]],
    ['a label selector with clusters', { clusterAffinity: { labelSelector: { matchLabels: { env: 'prod' } } } }, true, [['member1', 'member2'], ['member1', 'member2']]],
    ['a field selector on provider', { clusterAffinity: { fieldSelector: { matchExpressions: [{ key: 'provider', operator: 'In', values: ['aws'] }] } } }, true, [['member1'], ['member1']]],
    ['NotIn a region: a cluster without one matches', { clusterAffinity: { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'NotIn', values: ['us-east1'] }] } } }, true,
      [['member1', 'member3'], ['member1', 'member3']]],
    ['zones In', { clusterAffinity: { fieldSelector: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['us-east1-b'] }] } } }, true, [['member2'], ['member2']]],
    ['clusterNames and a selector together', { clusterAffinity: { clusterNames: ['member1', 'member3'], labelSelector: { matchLabels: { env: 'prod' } } } }, true, [['member1'], ['member1']]],
    ['clusterAffinities: only what every group holds is certain', { clusterAffinities: [{ affinityName: 'a', clusterNames: ['member1', 'member2'] }, { affinityName: 'b', clusterNames: ['member1'] }] }, false,
      [['member1', 'member2'], ['member1']]],
    ['spreadConstraints: nothing is certain', { clusterAffinity: { clusterNames: ['member1'] }, spreadConstraints: [{ spreadByField: 'cluster', maxGroups: 1 }] }, false, [['member1'], []]],
    ['Divided: nothing is certain', { clusterAffinity: { clusterNames: ['member1'] }, replicaScheduling: { replicaSchedulingType: 'Divided' } }, false, [['member1'], []]],
    ['replicaScheduling without a type (the CRD defaults Divided)', { clusterAffinity: { clusterNames: ['member1'] }, replicaScheduling: {} }, false, [['member1'], []]],
    ['Duplicated', { clusterAffinity: { clusterNames: ['member1'] }, replicaScheduling: { replicaSchedulingType: 'Duplicated' } }, false, [['member1'], ['member1']]],
  ])('%s', (_, placement, withClusters, expected) => {
    expect(view(placementClusters(placement, withClusters ? clusters : undefined))).toStrictEqual(expected);
  });

  test('samePlacement ignores key order', () => {
    expect(samePlacement({ clusterAffinity: { clusterNames: ['a'] }, clusterTolerations: [] }, { clusterTolerations: [], clusterAffinity: { clusterNames: ['a'] } })).toBe(true);
    expect(samePlacement({ clusterAffinity: { clusterNames: ['a', 'b'] } }, { clusterAffinity: { clusterNames: ['b', 'a'] } })).toBe(false);
  });

  test('memberClusters refuses what is not a Cluster', () => {
    expect(() => memberClusters([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }])).toThrow('item 0 is not a cluster.karmada.io Cluster');
  });
});
