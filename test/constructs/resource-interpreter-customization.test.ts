import { App, Chart, Testing } from 'cdk8s';
import { Inventory, KindTakeover, Migration, ResourceInterpreterCustomization, retainedFieldPaths, retainedFieldsFor } from '../../src';
import { validateManifests } from '../../src/validation/validate-manifests';
import { KubeObject } from '../../src/kube/object';
import * as path from 'path';
import { ROOT } from '../util';

describe('ResourceInterpreterCustomization', () => {
  test('renders a cluster-scoped customization with the retention script, in the policies\' sync wave, valid for Karmada', () => {
    const chart = new Chart(Testing.app(), 'c');
    const script = 'function Retain(desiredObj, observedObj) return desiredObj end';
    new ResourceInterpreterCustomization(chart, 'r', { name: 'keep-restarts', target: { apiVersion: 'apps/v1', kind: 'Deployment' }, retentionLuaScript: () => script });
    const [ric] = Testing.synth(chart) as KubeObject[];
    expect(ric).toEqual({
      apiVersion: 'config.karmada.io/v1alpha1', kind: 'ResourceInterpreterCustomization',
      metadata: { name: 'keep-restarts', annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
      spec: { target: { apiVersion: 'apps/v1', kind: 'Deployment' }, customizations: { retention: { luaScript: script } } },
    });
    expect(validateManifests([ric])).toEqual([]);
  });

  test('refuses a name that is no DNS subdomain and an empty target, naming the prop and the fix', () => {
    const chart = new Chart(Testing.app(), 'c');
    expect(() => new ResourceInterpreterCustomization(chart, 'a', { name: 'Keep', target: { apiVersion: 'v1', kind: 'Service' }, retentionLuaScript: '' }))
      .toThrow(/'name' \("Keep"\) must be a DNS subdomain/);
    expect(() => new ResourceInterpreterCustomization(chart, 'b', { name: 'k', target: { apiVersion: '', kind: 'Service' }, retentionLuaScript: '' }))
      .toThrow(/'target' .* needs an apiVersion and a kind/);
  });

  test('a Migration with retain writes one per kind, for its templates only, and exposes what it retains', () => {
    const app = new App();
    const migration = new Migration(app, 'member1', {
      sourceCluster: 'member1', objects: Inventory.load([path.join(ROOT, 'inventory/member1.yaml')]).templates,
      retain: [{ apiVersion: 'apps/v1', kind: 'Deployment', fields: ['spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]'] }],
    });
    new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment', retain: [{ apiVersion: 'apps/v1', kind: 'Deployment', fields: ['spec.paused'] }] });
    expect(migration.retentionSpecs).toEqual([{
      apiVersion: 'apps/v1', kind: 'Deployment', objects: ['default/nginx', 'shop/cart', 'shop/storefront'].map(k => ({
        namespace: k.split('/')[0], name: k.split('/')[1], fields: ['spec.paused', 'spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]'],
      })),
    }]);
    expect(() => new KindTakeover(migration, 'svc', { apiVersion: 'v1', kind: 'Service', retain: [{ apiVersion: 'apps/v1', kind: 'Deployment', fields: ['spec.paused'] }] }))
      .toThrow(/KindTakeover 'retain' names apps\/v1 Deployment, but the takeover selects v1 Service/);
    expect(() => migration.retainFields([{ apiVersion: 'v1', kind: 'Service', fields: ['status'] }])).toThrow(/retain: \[0\]\.\[fields\]\.\[0\]: "status": status is written/);
  });
});

test('retainedFieldPaths and retainedFieldsFor tell the plan what an object keeps', () => {
  const specs = [{ apiVersion: 'apps/v1', kind: 'Deployment', objects: [{ namespace: 'default', name: 'nginx', fields: ['spec.paused'] }] }];
  const nginx = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { namespace: 'default', name: 'nginx' } };
  expect(retainedFieldPaths(specs, nginx)).toEqual(['spec.paused']);
  expect(retainedFieldsFor(specs, nginx)).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', paths: ['spec.paused'], keepsNativeRetention: true }]);
  expect(retainedFieldsFor(specs, { ...nginx, metadata: { namespace: 'default', name: 'other' } })[0].paths).toEqual([]);
  expect(retainedFieldsFor(specs, { ...nginx, kind: 'StatefulSet' })).toEqual([]);
});
