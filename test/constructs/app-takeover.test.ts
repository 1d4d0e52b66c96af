import { Testing } from 'cdk8s';
import { AppTakeover, KindTakeover, Migration } from '../../src';
import { deployment, service } from '../util';

function migrationOf() {
  const objects = [deployment('default', 'nginx'), service('default', 'nginx-svc'), deployment('default', 'other')];
  return new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects: objects.map(object => ({ object })) });
}

const nginx = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }, { apiVersion: 'v1', kind: 'Service', name: 'nginx-svc' }];

describe('AppTakeover', () => {
  test('one PropagationPolicy selecting each object by name; only those become templates', () => {
    // GIVEN
    const migration = migrationOf();

    // WHEN
    new AppTakeover(migration, 'nginx-pp', { namespace: 'default', resources: nginx });

    // THEN
    const manifests = Testing.synth(migration);
    expect(manifests.map(m => `${m.kind}/${m.metadata.name}`).sort()).toStrictEqual(['Deployment/nginx', 'PropagationPolicy/nginx-pp', 'Service/nginx-svc']);
    const pp = manifests.find(m => m.kind === 'PropagationPolicy')!;
    expect(pp.spec).toStrictEqual({
      conflictResolution: 'Overwrite',
      placement: { clusterAffinity: { clusterNames: ['member1'] } },
      preemption: 'Never',
      priority: 0,
      resourceSelectors: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', namespace: 'default' },
        { apiVersion: 'v1', kind: 'Service', name: 'nginx-svc', namespace: 'default' },
      ],
      schedulerName: 'default-scheduler',
    });
  });

  test('an object selected by a kind takeover and an app takeover is one template', () => {
    const migration = migrationOf();
    new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    new AppTakeover(migration, 'nginx-pp', { namespace: 'default', resources: nginx });
    const deployments = Testing.synth(migration).filter(m => m.kind === 'Deployment');
    expect(deployments.map(d => d.metadata.name)).toStrictEqual(['nginx', 'other']);
  });

  test('the per-takeover preserve flag overrides the migration', () => {
    const migration = migrationOf();
    new AppTakeover(migration, 'nginx-pp', { namespace: 'default', resources: nginx, preserveResourcesOnDeletion: true });
    expect(Testing.synth(migration).find(m => m.kind === 'PropagationPolicy')!.spec.preserveResourcesOnDeletion).toBe(true);
  });

  describe('fails', () => {
    test('fails when a resource is not in the inventory, listing every one', () => {
      const migration = migrationOf();
      new AppTakeover(migration, 'nginx-pp', {
        namespace: 'default',
        resources: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'ngnix' }, { apiVersion: 'v1', kind: 'Service', name: 'nginx' }],
      });
      expect(() => Testing.synth(migration)).toThrow(
        "[member1/nginx-pp] resources[0] (Deployment.apps default/ngnix) is not in the inventory; did you mean 'nginx'?\n" +
        '  [member1/nginx-pp] resources[1] (Service default/nginx) is not in the inventory; add it to the inventory or remove it from the app');
    });

    test('a resource in another namespace is named there; a kind or name typo is suggested', () => {
      const objects = [deployment('default', 'nginx'), service('default', 'nginx-svc'), deployment('shop', 'cart'), deployment('tools', 'cart')];
      const migration = new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects: objects.map(object => ({ object })) });
      new AppTakeover(migration, 'x', {
        namespace: 'default',
        resources: [
          { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cart' },
          { apiVersion: 'v1', kind: 'Service', name: 'nginx-scv' },
          { apiVersion: 'apps/v1', kind: 'Deploymnet', name: 'nginx' },
          { apiVersion: 'apps/v1beta2', kind: 'Deployment', name: 'nginx' },
        ],
      });
      expect(() => Testing.synth(migration)).toThrow('[member1/x] resources[0] (Deployment.apps default/cart) is not in the inventory; ' +
        "Deployment.apps cart exists in namespaces 'shop', 'tools': an app takes over objects of its own namespace; take it over in an app of that namespace\n" +
        "  [member1/x] resources[1] (Service default/nginx-scv) is not in the inventory; did you mean 'nginx-svc'?\n" +
        "  [member1/x] resources[2] (Deploymnet.apps default/nginx) is not in the inventory; did you mean kind 'Deployment'?");
    });

    test('a resource the inventory left out is named with the reason, whatever its group', () => {
      const migration = new Migration(Testing.app(), 'member1', {
        sourceCluster: 'member1', objects: [{ object: service('default', 'nginx-svc') }],
        leftOut: [{ key: { group: 'extensions', kind: 'Ingress', namespace: 'default', name: 'web' }, source: { file: 'export.yaml', line: 7 }, reason: 'spec.backend.servicePort is null' }],
      });
      new AppTakeover(migration, 'web', { namespace: 'default', resources: [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' }, { apiVersion: 'v1', kind: 'Service', name: 'nginx-svc' }] });
      expect(() => Testing.synth(migration)).toThrow('[member1/web] resources[0] (Ingress.networking.k8s.io default/web) is no template; ' +
        'the inventory left out Ingress.extensions default/web (export.yaml:7): spec.backend.servicePort is null');
    });

    test('a resource named in another version of its group selects the version Karmada watches', () => {
      const migration = migrationOf();
      new AppTakeover(migration, 'nginx-pp', { namespace: 'default', resources: [{ apiVersion: 'apps/v1beta1', kind: 'Deployment', name: 'nginx' }] });
      expect(Testing.synth(migration).find(m => m.kind === 'PropagationPolicy').spec.resourceSelectors[0].apiVersion).toBe('apps/v1');
    });

    test('fails when resources is empty or lists an object twice', () => {
      expect(() => new AppTakeover(migrationOf(), 'x', { namespace: 'default', resources: [] })).toThrow("AppTakeover 'x': 'resources' must list at least one object");
      const migration = migrationOf();
      new AppTakeover(migration, 'x', { namespace: 'default', resources: [nginx[0], nginx[0]] });
      expect(() => Testing.synth(migration)).toThrow('resources[1] (Deployment.apps default/nginx) is listed twice; remove one');
    });

    test('fails when the app is in a reserved namespace', () => {
      expect(() => new AppTakeover(migrationOf(), 'x', { namespace: 'kube-system', resources: nginx }))
        .toThrow("namespace 'kube-system' is one Karmada never propagates");
    });
  });
});
