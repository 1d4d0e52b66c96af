// A policy's spec.suspension as Karmada reads it (sources in src/karmada/suspension.ts).
import { isSuspended, rehearsalLeaks, resumedClusters, suspensionOf } from '../../src/karmada/suspension';

const policy = (spec: Record<string, unknown>) => ({ apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: 'p', namespace: 'default' }, spec });

describe('suspension', () => {
  test('dispatching: true suspends every cluster; dispatchingOnClusters the named ones; false, {} and null none', () => {
    expect(suspensionOf(policy({ suspension: { dispatching: true } }))).toStrictEqual({ all: true, clusters: [] });
    expect(suspensionOf(policy({ suspension: { dispatchingOnClusters: { clusterNames: ['b', 'a', 'b', ''] } } }))).toStrictEqual({ all: false, clusters: ['a', 'b'] });
    for (const suspension of [{ dispatching: false }, {}, null, undefined, { dispatching: 'true' }]) {
      expect(isSuspended(policy({ suspension }))).toBe(false);
    }
    expect(isSuspended(undefined)).toBe(false);
    expect(isSuspended(policy({ suspension: { dispatching: true } }))).toBe(true);
  });

  test('resumedClusters: what lifting (part of) a suspension dispatches', () => {
    const all = { all: true, clusters: [] };
    const none = { all: false, clusters: [] };
    expect(resumedClusters(all, none)).toBe('all');
    expect(resumedClusters(all, { all: false, clusters: ['member1'] })).toBe('all');
    expect(resumedClusters(all, all)).toStrictEqual([]);
    expect(resumedClusters(none, all)).toStrictEqual([]);
    expect(resumedClusters({ all: false, clusters: ['a', 'b'] }, { all: false, clusters: ['b'] })).toStrictEqual(['a']);
    expect(resumedClusters(none, none)).toStrictEqual([]);
  });

  test('rehearsalLeaks: propagateDeps, the deprecated association, a ServiceImport selector, Lazy', () => {
    expect(rehearsalLeaks(policy({}))).toStrictEqual([]);
    expect(rehearsalLeaks(policy({ propagateDeps: true })).map(l => l.path)).toStrictEqual(['spec.propagateDeps']);
    expect(rehearsalLeaks(policy({ association: true })).map(l => l.path)).toStrictEqual(['spec.association']);
    expect(rehearsalLeaks(policy({ resourceSelectors: [{ apiVersion: 'multicluster.x-k8s.io/v1alpha1', kind: 'ServiceImport' }] })).map(l => l.path))
      .toStrictEqual(['spec.resourceSelectors[0]']);
    // another version of the group is not what the webhook compares.
    expect(rehearsalLeaks(policy({ resourceSelectors: [{ apiVersion: 'multicluster.x-k8s.io/v1beta1', kind: 'ServiceImport' }] }))).toStrictEqual([]);
    expect(rehearsalLeaks(policy({ activationPreference: 'Lazy' })).map(l => [l.path, l.fix])).toStrictEqual([['spec.activationPreference', 'remove activationPreference']]);
  });
});
