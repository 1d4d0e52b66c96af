// a custom resource whose CustomResourceDefinition the migration holds: the CRD is taken over too,
// by name, with a ClusterPropagationPolicy of its own, in an earlier wave (docs/tutorials/
// crd-application.md: the CRD and its ClusterPropagationPolicy before the custom resources).
import { Testing } from 'cdk8s';
import { consolidateFleet, KindTakeover, Migration } from '../../src';
import { clusterSetSuffix } from '../../src/constructs/policy-options';
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

  test('in a fleet each CRD goes exactly where it is installed, with one CRD policy per set of clusters, before the custom resources', () => {
    const gadgets: KubeObject = {
      ...crd, metadata: { name: 'gadgets.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Gadget', plural: 'gadgets' }, versions: [{ name: 'v1', served: true, storage: true }] },
    };
    const gadget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1', namespace: 'shop' }, spec: {} };
    const consolidation = consolidateFleet([{ cluster: 'a', objects: [crd, widget, gadgets, gadget] }, { cluster: 'b', objects: [crd, widget] }]);
    const migration = new Migration(Testing.app(), 'fleet', {
      fleet: { clusters: ['a', 'b'], consolidation }, objects: consolidation.objects.map(o => ({ object: o.template })),
    });
    new KindTakeover(migration, 'widgets', { apiVersion: 'example.com/v1', kind: 'Widget' });
    new KindTakeover(migration, 'gadgets', { apiVersion: 'example.com/v1', kind: 'Gadget' });
    const out = Testing.synth(migration);
    const cpps = out.filter(m => m.kind === 'ClusterPropagationPolicy').map(m => [m.metadata.name, m.spec.placement.clusterAffinity.clusterNames, m.spec.resourceSelectors.map((r: { name: string }) => r.name)]);
    expect(cpps).toStrictEqual([
      [`fleet-crds-${clusterSetSuffix(['a', 'b'])}`, ['a', 'b'], ['widgets.example.com']],
      [`fleet-crds-${clusterSetSuffix(['a'])}`, ['a'], ['gadgets.example.com']],
    ]);
    for (const m of out.filter(o => o.kind === 'CustomResourceDefinition')) expect(m.metadata.annotations).toStrictEqual({ 'argocd.argoproj.io/sync-wave': '-2' });
    for (const m of out.filter(o => o.kind === 'Widget' || o.kind === 'Gadget')) expect(m.metadata.annotations).toBeUndefined();
    const placed = out.filter(m => m.kind === 'PropagationPolicy').map(m => [m.spec.resourceSelectors[0].kind, m.spec.placement.clusterAffinity.clusterNames]);
    expect(placed).toStrictEqual([['Widget', ['a', 'b']], ['Gadget', ['a']]]);
  });
});
