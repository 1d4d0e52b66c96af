// what a binding says: the claim metadata the detector puts on it (pkg/detector/claim.go), its
// preserve flag and scheduled clusters (pkg/apis/work/v1alpha2/binding_types.go).
import * as path from 'path';
import { bindingEvidence } from '../../src/karmada/bindings';
import { CrdSchemaSet } from '../../src/kube/crd-schema-set';
import { ROOT } from '../util';

const schemas = CrdSchemaSet.fromFiles([path.join(ROOT, 'crds', 'karmada-v1.18.2', 'work.karmada.io_resourcebindings.yaml')]);

const rb = {
  apiVersion: 'work.karmada.io/v1alpha2', kind: 'ResourceBinding',
  metadata: {
    name: 'nginx-deployment', namespace: 'default',
    labels: { 'propagationpolicy.karmada.io/permanent-id': '0b5d9e21-7f2a-4c68-9a3c-3f1e2a4b5c6d' },
    annotations: { 'propagationpolicy.karmada.io/name': 'nginx-pp', 'propagationpolicy.karmada.io/namespace': 'default' },
  },
  spec: {
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'nginx' },
    clusters: [{ name: 'member1', replicas: 2 }],
    placement: { clusterAffinity: { clusterNames: ['member1'] } },
    preserveResourcesOnDeletion: true,
  },
};

const crb = {
  apiVersion: 'work.karmada.io/v1alpha2', kind: 'ClusterResourceBinding',
  metadata: { name: 'reader-clusterrole', labels: { 'clusterpropagationpolicy.karmada.io/permanent-id': 'f3c0a1b2-1111-4222-8333-944455566677' },
    annotations: { 'clusterpropagationpolicy.karmada.io/name': 'rbac' } },
  spec: { resource: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'reader' }, clusters: [{ name: 'member1' }, { name: 'member2' }] },
};

describe('bindingEvidence', () => {
  test('the fixtures are valid for the ResourceBinding CRD', () => {
    expect(schemas.validate(rb)).toStrictEqual([]);
  });

  test('reads the claimant, the flag and the clusters', () => {
    expect(bindingEvidence([rb, crb])).toStrictEqual([
      {
        binding: 'ResourceBinding default/nginx-deployment',
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default', name: 'nginx' },
        claimant: { kind: 'PropagationPolicy', namespace: 'default', name: 'nginx-pp' },
        preserveResourcesOnDeletion: true,
        clusters: ['member1'],
        placement: { clusterAffinity: { clusterNames: ['member1'] } },
        requiredBy: [],
        conditions: [],
      },
      {
        binding: 'ClusterResourceBinding reader-clusterrole',
        resource: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'reader' },
        claimant: { kind: 'ClusterPropagationPolicy', name: 'rbac' },
        preserveResourcesOnDeletion: false,
        clusters: ['member1', 'member2'],
        requiredBy: [],
        conditions: [],
      },
    ]);
  });

  test('a binding without the permanent-id label is not claimed (the claim was removed, or it is a dependency\'s attached binding)', () => {
    const unclaimed = { ...rb, metadata: { ...rb.metadata, labels: {} } };
    expect(bindingEvidence([unclaimed])[0].claimant).toBeUndefined();
  });

  test('refuses what is not a binding', () => {
    expect(() => bindingEvidence([{ apiVersion: 'work.karmada.io/v1alpha1', kind: 'Work', metadata: { name: 'w' } }])).toThrow('item 0 is not a work.karmada.io ResourceBinding or ClusterResourceBinding');
    expect(() => bindingEvidence([{ ...rb, spec: {} }])).toThrow('item 0 (ResourceBinding default/nginx-deployment) has no spec.resource with apiVersion, kind and name');
  });
});
