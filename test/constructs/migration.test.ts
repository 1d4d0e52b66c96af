import { Testing } from 'cdk8s';
import { AppTakeover, KindTakeover, Migration } from '../../src';
import { deployment, service } from '../util';

describe('Migration', () => {
  test('a Namespace object per namespace with templates, except default, never propagated nor pruned', () => {
    // GIVEN
    const migration = new Migration(Testing.app(), 'member1', {
      sourceCluster: 'member1',
      objects: [deployment('default', 'a'), deployment('shop', 'b')].map(object => ({ object })),
    });

    // WHEN
    new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });

    // THEN
    const namespaces = Testing.synth(migration).filter(m => m.kind === 'Namespace');
    expect(namespaces).toStrictEqual([{
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'shop',
        labels: { 'namespace.karmada.io/skip-auto-propagation': 'true', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' },
        annotations: { 'argocd.argoproj.io/sync-wave': '-2', 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' },
      },
    }]);
  });

  test('createNamespaces: false writes no Namespace', () => {
    const migration = new Migration(Testing.app(), 'member1', {
      sourceCluster: 'member1', createNamespaces: false, objects: [{ object: deployment('shop', 'b') }],
    });
    new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(Testing.synth(migration).map(m => m.kind)).toStrictEqual(['Deployment', 'PropagationPolicy']);
  });

  test('resourceTemplates lists each selected object once, in key order', () => {
    const migration = new Migration(Testing.app(), 'member1', {
      sourceCluster: 'member1',
      objects: [service('default', 'web'), deployment('default', 'web')].map(object => ({ object })),
    });
    new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    new AppTakeover(migration, 'web', { namespace: 'default', resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, { apiVersion: 'v1', kind: 'Service', name: 'web' }] });
    expect(migration.resourceTemplates.map(t => `${t.kind}/${t.name}`)).toStrictEqual(['Service/web', 'Deployment/web']);
  });

  test('rollback defaults to false', () => {
    expect(new Migration(Testing.app(), 'm', { sourceCluster: 'member1' }).rollback).toBe(false);
  });

  test('fails when sourceCluster is not a cluster name', () => {
    expect(() => new Migration(Testing.app(), 'm', { sourceCluster: 'Member 1' }))
      .toThrow('Migration \'sourceCluster\' ("Member 1") must be a cluster name as registered in Karmada');
  });

  test('fails when an object is given twice', () => {
    expect(() => new Migration(Testing.app(), 'm', {
      sourceCluster: 'member1',
      objects: [{ object: deployment('default', 'a'), source: { file: 'a.yaml' } }, { object: deployment('default', 'a', 'apps/v1beta2'), source: { file: 'b.yaml' } }],
    })).toThrow("Migration 'objects' holds Deployment.apps default/a twice (a.yaml and b.yaml); keep one");
  });

  test('two migrations may not write the same object, nor claim each other\'s templates', () => {
    // Karmada holds one object per identity; the deliveries of two migrations are not ordered, so a
    // policy of one that matches the other's template may claim it first (pkg/detector/policy.go).
    const app = Testing.app();
    const a = new Migration(app, 'member1', { sourceCluster: 'member1', objects: [{ object: deployment('default', 'web') }, { object: deployment('shop', 'cart') }] });
    const b = new Migration(app, 'member2', { sourceCluster: 'member2', objects: [{ object: deployment('default', 'web') }, { object: deployment('shop', 'cart') }] });
    new AppTakeover(a, 'web', { namespace: 'default', resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }] });
    new AppTakeover(b, 'web2', { namespace: 'default', resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }] });
    new AppTakeover(a, 'cart', { namespace: 'shop', resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'cart' }] });
    expect([...a.node.validate(), ...b.node.validate()]).toStrictEqual([
      'Deployment.apps default/web is matched by PropagationPolicy default/web2 of migration \'member2\': either migration\'s policy may claim it first, ' +
        'and one rollback would arm or release the other\'s object; narrow that policy\'s selectors or take both over in one migration',
      'Deployment.apps default/web is written by migration \'member1\' too: Karmada holds one object per identity; keep it in one migration',
      'Deployment.apps default/web is matched by PropagationPolicy default/web of migration \'member1\': either migration\'s policy may claim it first, ' +
        'and one rollback would arm or release the other\'s object; narrow that policy\'s selectors or take both over in one migration',
    ]);
  });

  test('two migrations of disjoint objects and selectors are fine', () => {
    const app = Testing.app();
    const a = new Migration(app, 'member1', { sourceCluster: 'member1', objects: [{ object: deployment('default', 'web') }] });
    const b = new Migration(app, 'member2', { sourceCluster: 'member2', objects: [{ object: deployment('shop', 'cart') }] });
    new KindTakeover(a, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    new KindTakeover(b, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    expect([...a.node.validate(), ...b.node.validate()]).toStrictEqual([]);
  });
});
