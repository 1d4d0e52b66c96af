// a custom resource whose CustomResourceDefinition the migration holds: the CRD is taken over too,
// by name, with a ClusterPropagationPolicy of its own, in an earlier wave (docs/tutorials/
// crd-application.md: the CRD and its ClusterPropagationPolicy before the custom resources).
import { Testing } from 'cdk8s';
import { KindTakeover, Migration } from '../../src';
import { KubeObject } from '../../src/kube/object';

const crd: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
  spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1beta1', served: true, storage: false }, { name: 'v1', served: true, storage: true }] },
};
const widget: KubeObject = { apiVersion: 'example.com/v1beta1', kind: 'Widget', metadata: { name: 'w1', namespace: 'shop' }, spec: {} };

describe('custom resources', () => {
  test('the CRD in the inventory is taken over first, by name, and the selectors name its preferred version', () => {
    const migration = new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects: [{ object: crd }, { object: widget }] });
    new KindTakeover(migration, 'widgets', { apiVersion: 'example.com/v1beta1', kind: 'Widget' });
    const out = Testing.synth(migration);
    const cpp = out.find(m => m.kind === 'ClusterPropagationPolicy');
    expect(cpp.metadata.name).toBe('member1-crds');
    expect(cpp.spec.resourceSelectors).toStrictEqual([{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'widgets.example.com' }]);
    expect(cpp.spec.conflictResolution).toBe('Overwrite');
    expect(out.find(m => m.kind === 'CustomResourceDefinition').metadata.annotations).toStrictEqual({ 'argocd.argoproj.io/sync-wave': '-2' });
    expect(out.find(m => m.kind === 'PropagationPolicy').spec.resourceSelectors).toStrictEqual([{ apiVersion: 'example.com/v1', kind: 'Widget', namespace: 'shop' }]);
  });

  test('without its CRD a custom resource is taken over alone', () => {
    const migration = new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects: [{ object: widget }] });
    new KindTakeover(migration, 'widgets', { apiVersion: 'example.com/v1beta1', kind: 'Widget' });
    expect(Testing.synth(migration).map(m => m.kind).sort()).toStrictEqual(['Namespace', 'PropagationPolicy', 'Widget']);
  });
});
