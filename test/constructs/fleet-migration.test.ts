// a fleet Migration in any cdk8s App (the TypeScript API): consolidateFleet's result as `fleet`,
// each template placed on exactly its clusters, the overrides written, the rules run at synth.
import { App, Testing } from 'cdk8s';
import { consolidateFleet, KindTakeover, Migration } from '../../src';
import { KubeObject } from '../../src/kube/object';
import { deployment } from '../util';

test('a fleet Migration synthesizes under a plain App, its rules checked on every cluster', () => {
  const web = deployment('shop', 'web');
  const scaled = { ...web, spec: { ...(web.spec as object), replicas: 7 } } as KubeObject;
  const api = deployment('shop', 'api');
  const consolidation = consolidateFleet([
    { cluster: 'member1', objects: [web, api] },
    { cluster: 'member2', objects: [scaled] },
  ]);
  const app = new App({ outdir: Testing.app().outdir });
  const migration = new Migration(app, 'fleet', {
    fleet: { clusters: ['member2', 'member1'], consolidation },
    objects: consolidation.objects.map(o => ({ object: o.template })),
  });
  new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
  expect(migration.clusters).toStrictEqual(['member1', 'member2']);
  // App.synth runs the construct validations, the migration's rules among them (placement on member2 included).
  expect(() => app.synth()).not.toThrow();
  const manifests = Testing.synth(migration);
  const policies = manifests.filter(m => m.kind === 'PropagationPolicy').map(m => [m.metadata.name, m.spec.placement]);
  expect(policies).toStrictEqual([
    [expect.stringMatching(/^deployments-pp-[0-9a-f]{8}$/), { clusterAffinity: { clusterNames: ['member1'] } }],
    [expect.stringMatching(/^deployments-pp-[0-9a-f]{8}$/),
      { clusterAffinity: { clusterNames: ['member1', 'member2'] }, replicaScheduling: { replicaSchedulingType: 'Duplicated' } }],
  ]);
  expect(manifests.filter(m => m.kind === 'OverridePolicy').map(m => m.spec.overrideRules)).toStrictEqual([[
    { targetCluster: { clusterNames: ['member2'] }, overriders: { plaintext: [{ operator: 'replace', path: '/spec/replicas', value: 7 }] } },
  ]]);
});

test('exactly one of sourceCluster and fleet', () => {
  expect(() => new Migration(Testing.app(), 'm', {})).toThrow("Migration needs exactly one of 'sourceCluster' (one cluster) and 'fleet'");
});
