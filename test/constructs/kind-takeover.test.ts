import { Testing } from 'cdk8s';
import { KindSelection, KindTakeover, Migration, TakeoverScope } from '../../src';
import { clusterRole, deployment, service } from '../util';

function migrationOf(objects = [deployment('default', 'nginx'), deployment('shop', 'cart'), deployment('tools', 'ci'), service('default', 'nginx-svc')]) {
  return new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects: objects.map(object => ({ object })) });
}

describe('KindTakeover', () => {
  test('objects of a kind in three namespaces make three PropagationPolicies', () => {
    // GIVEN
    const migration = migrationOf();

    // WHEN
    const takeover = new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });

    // THEN
    const policies = Testing.synth(migration).filter(m => m.kind === 'PropagationPolicy');
    expect(policies.map(p => `${p.metadata.namespace}/${p.metadata.name}`)).toStrictEqual(['default/deployments-pp', 'shop/deployments-pp', 'tools/deployments-pp']);
    for (const p of policies) {
      expect(p.spec.conflictResolution).toBe('Overwrite');
      expect(p.spec.placement).toStrictEqual({ clusterAffinity: { clusterNames: ['member1'] } });
      expect(p.spec.resourceSelectors).toStrictEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: p.metadata.namespace }]);
    }
    expect(takeover.templates.map(t => t.name)).toStrictEqual(['nginx', 'cart', 'ci']);
  });

  test('scope Cluster makes one ClusterPropagationPolicy', () => {
    const migration = migrationOf();
    new KindTakeover(migration, 'deployments', { apiVersion: 'apps/v1', kind: 'Deployment', scope: TakeoverScope.CLUSTER });
    const manifests = Testing.synth(migration);
    expect(manifests.filter(m => m.kind === 'PropagationPolicy')).toHaveLength(0);
    const cpp = manifests.filter(m => m.kind === 'ClusterPropagationPolicy');
    expect(cpp).toHaveLength(1);
    expect(cpp[0].metadata.name).toBe('deployments');
    expect(cpp[0].spec.resourceSelectors).toStrictEqual([{ apiVersion: 'apps/v1', kind: 'Deployment' }]);
  });

  test('only the selected objects become templates', () => {
    const migration = migrationOf();
    new KindTakeover(migration, 'services-pp', { apiVersion: 'v1', kind: 'Service', selectBy: KindSelection.NAME });
    const templates = Testing.synth(migration).filter(m => !['PropagationPolicy', 'Namespace'].includes(m.kind));
    expect(templates.map(t => `${t.kind}/${t.metadata.name}`)).toStrictEqual(['Service/nginx-svc']);
  });

  test('a cluster-scoped kind works with scope Cluster', () => {
    const migration = migrationOf([clusterRole('viewer')]);
    new KindTakeover(migration, 'roles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', scope: TakeoverScope.CLUSTER, selectBy: KindSelection.NAME });
    expect(Testing.synth(migration).map(m => m.kind).sort()).toStrictEqual(['ClusterPropagationPolicy', 'ClusterRole']);
  });

  test('preserveResourcesOnDeletion follows the migration, or the takeover when set', () => {
    const app = Testing.app();
    const migration = new Migration(app, 'm', { sourceCluster: 'member1', rollback: true, objects: [{ object: deployment('default', 'a') }, { object: service('default', 'b') }] });
    new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    new KindTakeover(migration, 'services-pp', { apiVersion: 'v1', kind: 'Service', selectBy: KindSelection.NAME, preserveResourcesOnDeletion: false });
    const byName = Object.fromEntries(Testing.synth(migration).filter(m => m.kind === 'PropagationPolicy').map(p => [p.metadata.name, p.spec]));
    expect(byName['deployments-pp'].preserveResourcesOnDeletion).toBe(true);
    expect(byName['services-pp']).not.toHaveProperty('preserveResourcesOnDeletion');
  });

  describe('fails', () => {
    test('fails when a cluster-scoped kind has scope Namespace', () => {
      const migration = migrationOf([clusterRole('viewer')]);
      new KindTakeover(migration, 'roles', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' });
      expect(() => Testing.synth(migration)).toThrow(
        '[member1/roles] ClusterRole.rbac.authorization.k8s.io is cluster-scoped (ClusterRole.rbac.authorization.k8s.io viewer): ' +
        'a PropagationPolicy can never claim it; set the takeover\'s scope to Cluster');
    });

    test('fails when the takeover selects nothing', () => {
      const migration = migrationOf();
      new KindTakeover(migration, 'jobs', { apiVersion: 'batch/v1', kind: 'Job' });
      expect(() => Testing.synth(migration)).toThrow("[member1/jobs] takeover 'jobs' selects nothing: the migration has no Job.batch object");
    });

    // what the user may have meant: the migration's kinds, its CRDs' kinds, the built-in kinds.
    test.each([
      ['a typo', 'apps/v1', 'Deploymnet', "the migration has no Deploymnet.apps object; did you mean kind 'Deployment'?"],
      ['a plural, as kubectl names resources', 'v1', 'Services', "the migration has no Services object; did you mean kind 'Service'?"],
      ['the wrong case', 'apps/v1', 'deployment', "the migration has no deployment.apps object; did you mean kind 'Deployment'?"],
      ['a kind of another group', 'v1', 'Deployment', "the migration has no Deployment object; the migration has Deployment objects in apps/v1: did you mean apiVersion 'apps/v1'?"],
      ['a removed group the inventory converted', 'extensions/v1beta1', 'Deployment',
        "the migration has Deployment objects in apps/v1: did you mean apiVersion 'apps/v1'?"],
      ['a typo of a kind and its group', 'v1', 'Deploymnet', "did you mean kind 'Deployment' (apiVersion apps/v1)?"],
      ['a built-in kind the inventory lacks', 'batch/v1', 'CronJobs', "did you mean kind 'CronJob'? (the migration has no such object either)"],
      ['a custom kind its CRD defines', 'stable.example.com/v1', 'CronTabb', "did you mean kind 'CronTab'? (the migration has no such object either)"],
    ])('a takeover that selects nothing suggests what was meant: %s', (_, apiVersion, kind, message) => {
      const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'crontabs.stable.example.com' },
        spec: { group: 'stable.example.com', names: { kind: 'CronTab', plural: 'crontabs' }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true }] } };
      const migration = migrationOf([deployment('default', 'nginx'), service('default', 'nginx-svc'), crd]);
      new KindTakeover(migration, 'x', { apiVersion, kind });
      expect(() => Testing.synth(migration)).toThrow(message);
    });

    test('a kind nothing is close to gets no suggestion', () => {
      const migration = migrationOf();
      new KindTakeover(migration, 'x', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' });
      expect(() => Testing.synth(migration)).toThrow(/selects nothing: the migration has no HTTPRoute\.gateway\.networking\.k8s\.io object$/m);
    });

    test('a takeover that selects nothing says which objects of the kind the inventory left out, and why', () => {
      const leftOut = [
        { key: { group: 'extensions', kind: 'Ingress', namespace: 'default', name: 'web' }, source: { file: 'export.yaml', document: 0, line: 12 }, reason: 'spec.backend.servicePort is missing' },
        { key: { group: 'extensions', kind: 'Ingress', namespace: 'shop', name: 'api' }, reason: 'spec.backend.servicePort is null' },
        { key: { group: 'apps', kind: 'ReplicaSet', namespace: 'shop', name: 'api' }, reason: 'controller-owned' },
      ];
      const migration = new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects: [{ object: deployment('default', 'nginx') }], leftOut });
      new KindTakeover(migration, 'ingresses', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' });
      expect(() => Testing.synth(migration)).toThrow("[member1/ingresses] takeover 'ingresses' selects nothing: the migration has no Ingress.networking.k8s.io object; " +
        'the inventory left out Ingress.extensions default/web (export.yaml:12): spec.backend.servicePort is missing (and 1 more Ingress object: karmada-migrate inventory lists them)');
    });

    // pkg/detector/detector.go watches each group in its preferred version; the selector names it.
    test('selects the version Karmada watches: autoscaling/v2 for an HPA written as autoscaling/v1', () => {
      const hpa = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'default' }, spec: {} };
      const migration = new Migration(Testing.app(), 'member1', { sourceCluster: 'member1', objects: [{ object: hpa }] });
      new KindTakeover(migration, 'hpa', { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', selectBy: KindSelection.NAME });
      const out = Testing.synth(migration);
      expect(out.find(m => m.kind === 'PropagationPolicy').spec.resourceSelectors).toStrictEqual([
        { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'web', namespace: 'default' },
      ]);
      expect(out.find(m => m.kind === 'HorizontalPodAutoscaler').apiVersion).toBe('autoscaling/v1');
    });

    test('fails when two takeovers make a policy of the same name in a namespace', () => {
      const migration = migrationOf();
      new KindTakeover(migration, 'a', { name: 'same', apiVersion: 'apps/v1', kind: 'Deployment' });
      expect(() => new KindTakeover(migration, 'b', { name: 'same', apiVersion: 'v1', kind: 'Service' }))
        .toThrow("PropagationPolicy 'same' in namespace 'default' is made twice, by member1/a and member1/b; give one of them another 'name'");
    });

    test('fails when created outside a Migration', () => {
      expect(() => new KindTakeover(Testing.chart(), 'x', { apiVersion: 'v1', kind: 'Service' }))
        .toThrow("'test/x' must be created inside a Migration");
    });
  });
});

describe('KindTakeover selectBy', () => {
  test('Name: one name selector per object, so only the migration\'s templates are claimed', () => {
    const migration = migrationOf([service('default', 'a'), service('default', 'b'), service('shop', 'c')]);
    new KindTakeover(migration, 'services-pp', { apiVersion: 'v1', kind: 'Service', selectBy: KindSelection.NAME });
    const policies = Testing.synth(migration).filter(m => m.kind === 'PropagationPolicy');
    expect(policies.map(p => [p.metadata.namespace, p.spec.resourceSelectors])).toStrictEqual([
      ['default', [{ apiVersion: 'v1', kind: 'Service', name: 'a', namespace: 'default' }, { apiVersion: 'v1', kind: 'Service', name: 'b', namespace: 'default' }]],
      ['shop', [{ apiVersion: 'v1', kind: 'Service', name: 'c', namespace: 'shop' }]],
    ]);
  });

  test('Name with scope Cluster: one ClusterPropagationPolicy naming every object', () => {
    const migration = migrationOf([service('default', 'a'), service('shop', 'c')]);
    new KindTakeover(migration, 'services', { apiVersion: 'v1', kind: 'Service', selectBy: KindSelection.NAME, scope: TakeoverScope.CLUSTER });
    const [cpp] = Testing.synth(migration).filter(m => m.kind === 'ClusterPropagationPolicy');
    expect(cpp.spec.resourceSelectors).toStrictEqual([
      { apiVersion: 'v1', kind: 'Service', name: 'a', namespace: 'default' },
      { apiVersion: 'v1', kind: 'Service', name: 'c', namespace: 'shop' },
    ]);
  });
});
