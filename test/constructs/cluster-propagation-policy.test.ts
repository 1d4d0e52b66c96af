import { Testing } from 'cdk8s';
import { ClusterPropagationPolicy, ConflictResolution } from '../../src';

describe('ClusterPropagationPolicy', () => {
  test('minimal: no namespace anywhere, defaults written out', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ClusterPropagationPolicy(chart, 'cpp', {
      name: 'deployments-cpp',
      clusterNames: ['member1'],
      conflictResolution: ConflictResolution.OVERWRITE,
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
    });

    // THEN
    expect(Testing.synth(chart)).toStrictEqual([{
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'ClusterPropagationPolicy',
      metadata: { name: 'deployments-cpp', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
      spec: {
        conflictResolution: 'Overwrite',
        placement: { clusterAffinity: { clusterNames: ['member1'] } },
        preemption: 'Never',
        priority: 0,
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
        schedulerName: 'default-scheduler',
      },
    }]);
  });

  test('a selector may restrict to one namespace', () => {
    const chart = Testing.chart();
    const cpp = new ClusterPropagationPolicy(chart, 'cpp', {
      name: 'cpp', clusterNames: ['member1'], resourceSelectors: [{ apiVersion: 'v1', kind: 'Service', namespace: 'shop' }],
    });
    cpp.addResourceSelector({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(Testing.synth(chart)[0].spec.resourceSelectors).toStrictEqual([
      { apiVersion: 'v1', kind: 'Service', namespace: 'shop' },
      { apiVersion: 'v1', kind: 'ConfigMap' },
    ]);
    expect(cpp.node.defaultChild).toBe(cpp.apiObject);
  });

  test('fails when a selector names a reserved namespace', () => {
    expect(() => new ClusterPropagationPolicy(Testing.chart(), 'cpp', {
      name: 'cpp', clusterNames: ['member1'], resourceSelectors: [{ apiVersion: 'v1', kind: 'Service', namespace: 'kube-system' }],
    })).toThrow("ClusterPropagationPolicy 'cpp': 'resourceSelectors[0].namespace' (kube-system) is a namespace Karmada never propagates");
  });
});
