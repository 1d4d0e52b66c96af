// examples/fleet: three member clusters through the real synth pipeline. Each template is placed on
// exactly the clusters that have the object, the output is valid against the pinned CRDs, and the
// override model (Karmada v1.18.2 pkg/util/overridemanager) applied to each template gives every
// cluster's cleaned object back, field for field.
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { Synthesis } from '../../src/pipeline/synthesis';
import { Inventory } from '../../src/inventory/inventory';
import { applyOverridePolicies, OverridePolicyManifest } from '../../src/karmada/overrides';
import { resourceSelectorPriority } from '../../src/karmada/claims';
import { JsonObject } from '../../src/kube/json';
import { formatKey, KubeObject, keyOf } from '../../src/kube/object';
import { validateManifests } from '../../src/validation/validate-manifests';
import { ROOT, withTempDir } from '../util';

const EXAMPLE = path.join(ROOT, 'examples', 'fleet');
const CLUSTERS = ['member1', 'member2', 'member3'];

interface PolicySpec {
  readonly placement: { readonly clusterAffinity: { readonly clusterNames: string[] }; readonly replicaScheduling?: object };
  readonly conflictResolution: string;
}

describe('examples/fleet', () => {
  const synthesis = Synthesis.run({ config: path.join(EXAMPLE, 'migration.yaml') });
  const tree = synthesis.validated();
  const manifests = [...tree.files].filter(([f]) => f.endsWith('.yaml')).map(([file, text]) => ({ file, object: yaml.load(text) as KubeObject }));
  const cleaned = new Map(CLUSTERS.map(c => [c, Inventory.load([path.join(EXAMPLE, 'exports', `${c}.yaml`)])]));
  const templates = manifests.filter(m => m.file.startsWith('fleet/templates/'));
  const placements = manifests.filter(m => /^(Cluster)?PropagationPolicy$/.test(m.object.kind)).map(m => m.object);
  const overrides = manifests.filter(m => /OverridePolicy$/.test(m.object.kind)).map(m => m.object as unknown as OverridePolicyManifest);

  test('the layout: templates, their policies, one OverridePolicy per differing object with the policies (wave -1)', () => {
    expect(templates.map(t => t.file)).toStrictEqual([
      'fleet/templates/_cluster/ClusterRole.rbac.authorization.k8s.io_shop-reader.yaml',
      'fleet/templates/shop/ConfigMap_web-config.yaml',
      'fleet/templates/shop/Deployment.apps_cart.yaml',
      'fleet/templates/shop/Deployment.apps_web.yaml',
      'fleet/templates/shop/Service_cart.yaml',
      'fleet/templates/shop/Service_web.yaml',
    ]);
    expect(manifests.filter(m => /OverridePolicy$/.test(m.object.kind)).map(m => m.file)).toStrictEqual([
      'fleet/policies/shop/OverridePolicy.policy.karmada.io_fleet-web-config-configmap.yaml',
      'fleet/policies/shop/OverridePolicy.policy.karmada.io_fleet-web-deployment.yaml',
    ]);
    for (const o of overrides) expect(o.metadata).toMatchObject({ annotations: { 'argocd.argoproj.io/sync-wave': '-1' } });
    // the ClusterRole is the same everywhere: no ClusterOverridePolicy.
    expect(overrides.map(o => o.kind)).not.toContain('ClusterOverridePolicy');
  });

  test('valid against the pinned CRDs and the migration\'s rules', () => {
    expect(validateManifests(manifests.map(m => m.object), { sourceClusters: CLUSTERS })).toStrictEqual([]);
  });

  test('each template is placed on exactly the clusters that have it, Duplicated when several, with Overwrite', () => {
    for (const { object: t } of templates) {
      const key = keyOf(t);
      const having = CLUSTERS.filter(c => cleaned.get(c)!.find(key));
      const claimers = placements.filter(p => (p.kind === 'ClusterPropagationPolicy' || p.metadata.namespace === t.metadata.namespace) &&
        ((p.spec as JsonObject).resourceSelectors as JsonObject[]).some(s => resourceSelectorPriority(t, s) > 0));
      expect([formatKey(key), claimers.length]).toStrictEqual([formatKey(key), 1]);
      const spec = claimers[0].spec as PolicySpec;
      expect([formatKey(key), spec.placement.clusterAffinity.clusterNames]).toStrictEqual([formatKey(key), having]);
      expect(spec.conflictResolution).toBe('Overwrite');
      if (having.length > 1) expect(spec.placement.replicaScheduling).toStrictEqual({ replicaSchedulingType: 'Duplicated' });
    }
    // cart does not run in staging: its policy leaves member3 out, by name.
    expect(placements.map(p => [p.metadata.name, (p.spec as PolicySpec).placement.clusterAffinity.clusterNames]))
      .toContainEqual([expect.stringMatching(/^deployments-pp-[0-9a-f]{8}$/), ['member1', 'member2']]);
  });

  test('the override model applied to each template gives each cluster its cleaned object exactly (replicas per cluster)', () => {
    let compared = 0;
    for (const { object: t } of templates) {
      for (const c of CLUSTERS) {
        const own = cleaned.get(c)!.find(keyOf(t));
        if (!own) continue;
        expect([c, formatKey(keyOf(t)), applyOverridePolicies(t as unknown as JsonObject, c, overrides).object])
          .toStrictEqual([c, formatKey(keyOf(t)), own.object]);
        compared++;
      }
    }
    expect(compared).toBe(16);
    const web = templates.find(t => t.file.endsWith('Deployment.apps_web.yaml'))!.object as unknown as JsonObject;
    expect(CLUSTERS.map(c => (applyOverridePolicies(web, c, overrides).object.spec as { replicas: number }).replicas)).toStrictEqual([3, 5, 1]);
  });
});

test('an object that cannot be one template stops the synth, naming it, its clusters, the reason and the fix', () => withTempDir(dir => {
  const deploy = (app: string) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
    spec: { replicas: 1, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
  });
  fs.writeFileSync(path.join(dir, 'a.yaml'), yaml.dump(deploy('web')));
  fs.writeFileSync(path.join(dir, 'b.yaml'), yaml.dump(deploy('web-v2')));
  fs.writeFileSync(path.join(dir, 'migration.yaml'), 'apiVersion: karmada-migrate.io/v1alpha1\nkind: Migration\nmetadata: {name: fleet}\nspec:\n' +
    '  sources:\n    - {cluster: a, inventory: [a.yaml]}\n    - {cluster: b, inventory: [b.yaml]}\n' +
    '  takeovers:\n    - name: deployments-pp\n      kind: {apiVersion: apps/v1, kind: Deployment}\n');
  expect(() => Synthesis.run({ config: path.join(dir, 'migration.yaml') }).validated())
    .toThrow(/Deployment.apps shop\/web \(clusters a, b\) cannot be one template: spec.selector differs between clusters .*Make the copies agree, or leave the object out of the migration: add \{kind: Deployment, namespace: shop, name: web\} to spec.exclude/);
  // excluded as the message says, the rest of the migration goes on; the member keeps its web.
  fs.writeFileSync(path.join(dir, 'a.yaml'), yaml.dump(deploy('web')) + '---\n' + yaml.dump({ ...deploy('api'), metadata: { name: 'api', namespace: 'shop' } }));
  fs.writeFileSync(path.join(dir, 'migration.yaml'), fs.readFileSync(path.join(dir, 'migration.yaml'), 'utf8') +
    '  exclude:\n    - {kind: Deployment, namespace: shop, name: web, reason: selectors differ}\n');
  const files = [...Synthesis.run({ config: path.join(dir, 'migration.yaml') }).validated().files.keys()];
  expect(files.filter(f => f.includes('/templates/'))).toStrictEqual(['fleet/templates/shop/Deployment.apps_api.yaml']);
}));

test('excluding one of two objects only an API group tells apart lets the other be one template', () => withTempDir(dir => {
  const ingress = (apiVersion: string) => ({ apiVersion, kind: 'Gateway', metadata: { name: 'web', namespace: 'shop' }, spec: { gatewayClassName: 'x' } });
  fs.writeFileSync(path.join(dir, 'a.yaml'), [ingress('gateway.networking.k8s.io/v1'), ingress('networking.istio.io/v1')].map(o => yaml.dump(o)).join('---\n'));
  const config = (exclude: string) => 'apiVersion: karmada-migrate.io/v1alpha1\nkind: Migration\nmetadata: {name: fleet}\nspec:\n' +
    '  crdsPresent: [gateways.gateway.networking.k8s.io, gateways.networking.istio.io]\n' +
    '  sources:\n    - {cluster: a, inventory: [a.yaml]}\n    - {cluster: b, inventory: [a.yaml]}\n' +
    '  takeovers:\n    - name: gateways-pp\n      kind: {apiVersion: gateway.networking.k8s.io/v1, kind: Gateway}\n' + exclude;
  fs.writeFileSync(path.join(dir, 'migration.yaml'), config(''));
  expect(() => Synthesis.run({ config: path.join(dir, 'migration.yaml') }).validated()).toThrow(/Gateway.gateway.networking.k8s.io shop\/web .*cannot be one template/);
  fs.writeFileSync(path.join(dir, 'migration.yaml'), config('  exclude:\n    - {apiVersion: networking.istio.io/v1, kind: Gateway, namespace: shop, name: web}\n'));
  const files = [...Synthesis.run({ config: path.join(dir, 'migration.yaml') }).validated().files.keys()];
  expect(files.filter(f => f.includes('/templates/'))).toStrictEqual(['fleet/templates/shop/Gateway.gateway.networking.k8s.io_web.yaml']);
}));

test('an inventory error of a fleet names its sources entry', () => withTempDir(dir => {
  fs.writeFileSync(path.join(dir, 'migration.yaml'), 'apiVersion: karmada-migrate.io/v1alpha1\nkind: Migration\nmetadata: {name: fleet}\nspec:\n' +
    '  sources:\n    - {cluster: a, inventory: [missing.yaml]}\n' +
    '  takeovers:\n    - name: deployments-pp\n      kind: {apiVersion: apps/v1, kind: Deployment}\n');
  expect(() => Synthesis.run({ config: path.join(dir, 'migration.yaml') })).toThrow(/migration.yaml:6: spec.sources\[0\].inventory: .*missing.yaml/);
}));

test('an autoscaled Deployment keeps its replicas only on the clusters where an autoscaler scales it (retain-replicas through the overrides)', () => withTempDir(dir => {
  const deploy = (replicas: number) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
  });
  const hpa = {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 9 },
  };
  fs.writeFileSync(path.join(dir, 'a.yaml'), [deploy(7), hpa].map(o => yaml.dump(o)).join('---\n'));
  fs.writeFileSync(path.join(dir, 'b.yaml'), yaml.dump(deploy(3)));
  fs.writeFileSync(path.join(dir, 'c.yaml'), yaml.dump(deploy(3)));
  fs.writeFileSync(path.join(dir, 'migration.yaml'), 'apiVersion: karmada-migrate.io/v1alpha1\nkind: Migration\nmetadata: {name: fleet}\nspec:\n' +
    '  sources:\n    - {cluster: a, inventory: [a.yaml]}\n    - {cluster: b, inventory: [b.yaml]}\n    - {cluster: c, inventory: [c.yaml]}\n' +
    '  takeovers:\n    - name: deployments-pp\n      kind: {apiVersion: apps/v1, kind: Deployment}\n' +
    '    - name: hpas-pp\n      kind: {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler}\n');
  const files = Synthesis.run({ config: path.join(dir, 'migration.yaml') }).validated().files;
  const objects = [...files].filter(([f]) => f.endsWith('.yaml')).map(([, text]) => yaml.load(text) as KubeObject);
  const web = objects.find(o => o.kind === 'Deployment')! as unknown as JsonObject;
  const overrides = objects.filter(o => o.kind === 'OverridePolicy') as unknown as OverridePolicyManifest[];
  const label = (c: string) => (applyOverridePolicies(web, c, overrides).object.metadata as KubeObject['metadata']).labels?.['resourcetemplate.karmada.io/retain-replicas'];
  expect(['a', 'b', 'c'].map(label)).toStrictEqual(['true', undefined, undefined]);
  // the autoscaler itself goes to the one cluster that has it.
  const hpaPolicy = objects.find(o => o.kind === 'PropagationPolicy' && o.metadata.name === 'hpas-pp')!;
  expect((hpaPolicy.spec as PolicySpec).placement.clusterAffinity.clusterNames).toStrictEqual(['a']);
}));


test('copies that differ beyond labels, exported in a version Karmada does not read them in, are refused: the overrides would not apply', () => withTempDir(dir => {
  const hpa = (target: number, labels?: Record<string, string>) => ({
    apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop', ...(labels ? { labels } : {}) },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: target },
  });
  const config = 'apiVersion: karmada-migrate.io/v1alpha1\nkind: Migration\nmetadata: {name: fleet}\nspec:\n' +
    '  sources:\n    - {cluster: a, inventory: [a.yaml]}\n    - {cluster: b, inventory: [b.yaml]}\n' +
    '  takeovers:\n    - name: hpas-pp\n      kind: {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler}\n';
  fs.writeFileSync(path.join(dir, 'migration.yaml'), config);
  fs.writeFileSync(path.join(dir, 'a.yaml'), yaml.dump(hpa(80)));
  fs.writeFileSync(path.join(dir, 'b.yaml'), yaml.dump(hpa(60)));
  expect(() => Synthesis.run({ config: path.join(dir, 'migration.yaml') }).validated()).toThrow(new RegExp(
    'HorizontalPodAutoscaler.autoscaling shop/web differs between clusters \\(b beyond labels and annotations\\), and its copies are written in autoscaling/v1 ' +
    'while Karmada reads and overrides it in autoscaling/v2 .*Export the clusters\' copies in autoscaling/v2 \\(kubectl get horizontalpodautoscaler.v2.autoscaling -A -o yaml\\), ' +
    'or leave the object out \\(spec.exclude\\)'));
  // a label reads alike in every version: its override is written.
  fs.writeFileSync(path.join(dir, 'b.yaml'), yaml.dump(hpa(80, { tier: 'canary' })));
  const files = [...Synthesis.run({ config: path.join(dir, 'migration.yaml') }).validated().files.keys()];
  expect(files.filter(f => f.includes('OverridePolicy'))).toStrictEqual(['fleet/policies/shop/OverridePolicy.policy.karmada.io_fleet-web-horizontalpodautoscaler.yaml']);
}));
