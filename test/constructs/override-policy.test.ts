// OverridePolicy and ClusterOverridePolicy: Karmada's field names, the policies' sync wave, the
// selector namespace written as Karmada's webhook stores it, checked against the pinned CRDs.
import { Testing } from 'cdk8s';
import { ClusterOverridePolicy, OverridePolicy, validateManifests } from '../../src';
import { KubeObject } from '../../src/kube/object';

describe('OverridePolicy', () => {
  test('renders Karmada\'s fields, valid against the v1.18.2 CRD', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new OverridePolicy(chart, 'op', {
      name: 'fleet-web-deployment',
      namespace: 'shop',
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
      overrideRules: [{
        targetCluster: { clusterNames: ['member2'] },
        overriders: {
          imageOverrider: [{ predicate: { path: '/spec/template/spec/containers/0/image' }, component: 'Tag', operator: 'replace', value: '1.1' }],
          labelsOverrider: [{ operator: 'add', value: { region: 'us' } }],
          plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 5 }],
        },
      }],
    });

    // THEN
    const manifests = Testing.synth(chart);
    expect(manifests).toStrictEqual([{
      apiVersion: 'policy.karmada.io/v1alpha1',
      kind: 'OverridePolicy',
      metadata: { name: 'fleet-web-deployment', namespace: 'shop', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
      spec: {
        overrideRules: [{
          overriders: {
            imageOverrider: [{ component: 'Tag', operator: 'replace', predicate: { path: '/spec/template/spec/containers/0/image' }, value: '1.1' }],
            labelsOverrider: [{ operator: 'add', value: { region: 'us' } }],
            plaintext: [{ operator: 'replace', path: '/spec/replicas', value: 5 }],
          },
          targetCluster: { clusterNames: ['member2'] },
        }],
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }],
      },
    }]);
    expect(validateManifests(manifests as KubeObject[])).toStrictEqual([]);
  });

  test.each<[string, object, RegExp]>([
    ['a name that is no DNS subdomain', { name: 'Web' }, /OverridePolicy: name "Web" must be a DNS subdomain/],
    ['no rule', { overrideRules: [] }, /overrideRules is empty; give at least one rule/],
    ['a selector of another namespace', { resourceSelectors: [{ apiVersion: 'v1', kind: 'Service', namespace: 'other' }] },
      /resourceSelectors\[0\].namespace "other" is not the policy's namespace 'shop'; Karmada's webhook refuses it/],
    ['a fieldOverrider', { overrideRules: [{ overriders: { fieldOverrider: [{ fieldPath: '/data/x' }] } }] }, /fieldOverrider is not supported by karmada-migrate; use plaintext/],
  ])('refuses %s, naming the prop and the fix', (_, props, error) => {
    const base = { name: 'p', namespace: 'shop', overrideRules: [{ overriders: { plaintext: [{ path: '/spec/replicas', operator: 'replace' as const, value: 1 }] } }] };
    expect(() => new OverridePolicy(Testing.chart(), 'p', { ...base, ...props })).toThrow(error);
  });
});

describe('ClusterOverridePolicy', () => {
  test('cluster-scoped, valid against the CRD', () => {
    const chart = Testing.chart();
    new ClusterOverridePolicy(chart, 'cop', {
      name: 'fleet-reader-clusterrole',
      resourceSelectors: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'reader' }],
      overrideRules: [{ targetCluster: { clusterNames: ['member3'] }, overriders: { annotationsOverrider: [{ operator: 'remove', value: { owner: '' } }] } }],
    });
    const manifests = Testing.synth(chart);
    expect(manifests[0].metadata).toStrictEqual({ name: 'fleet-reader-clusterrole', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } });
    expect(manifests[0].spec.resourceSelectors).toStrictEqual([{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'reader' }]);
    expect(validateManifests(manifests as KubeObject[])).toStrictEqual([]);
  });
});

test('the CRD check does read override policies: an operator the CRD does not admit is a violation', () => {
  const chart = Testing.chart();
  new OverridePolicy(chart, 'op', {
    name: 'bad', namespace: 'shop',
    overrideRules: [{ overriders: { commandOverrider: [{ containerName: 'c', operator: 'replace' as 'add' }] } }],
  });
  expect(validateManifests(Testing.synth(chart) as KubeObject[]).map(v => v.rule)).toContain('crd-schema');
});
