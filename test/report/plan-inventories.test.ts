// What the plan reads from inventories, per cluster in a fleet: each cluster's copies against its
// own export, a finding of several clusters merged into one row that names them.
import { Inventory } from '../../src/inventory/inventory';
import { formatKey, keyOf, KubeObject } from '../../src/kube/object';
import {
  conversions, inventorySources, inventoryWarnings, mergeAcrossClusters, riskyTemplates, SourceTemplate, unmanagedSecrets,
} from '../../src/report/plan-inventories';
import { deployment } from '../util';

const template = (o: KubeObject): SourceTemplate => ({ key: keyOf(o), id: formatKey(keyOf(o)), object: o });

// a Deployment reading the Secret `secret` through envFrom.
function reading(name: string, secret: string): KubeObject {
  const d = deployment('shop', name) as KubeObject & { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } };
  d.spec.template.spec.containers[0].envFrom = [{ secretRef: { name: secret } }];
  return d;
}
const secret = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'shop' }, type: 'Opaque', data: { k: 'dg==' } });
const job: KubeObject = {
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop' },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'm:1' }] } } },
};

describe('inventorySources', () => {
  test('one inventory: dist/\'s templates, no cluster; a fleet: each cluster sorted, with its own copies of the templates it holds', () => {
    const web = deployment('shop', 'web');
    const m1 = Inventory.fromObjects([web]);
    const m2Web = { ...deployment('shop', 'web'), metadata: { name: 'web', namespace: 'shop', labels: { region: 'us' } } };
    const m2 = Inventory.fromObjects([m2Web, deployment('shop', 'only2')]);
    const templates = [template(web), template(deployment('shop', 'only2'))];
    expect(inventorySources(templates, m1, undefined)).toStrictEqual([{ inventory: m1, templates }]);
    // one cluster's inventory given by cluster (beside a fleet) is named
    expect(inventorySources(templates, m1, new Map([['member1', m1]]))).toStrictEqual([{ cluster: 'member1', inventory: m1, templates: [templates[0]] }]);
    const sources = inventorySources(templates, m1, new Map([['member2', m2], ['member1', m1]]));
    expect(sources.map(s => [s.cluster, s.templates.map(t => t.id)])).toStrictEqual([
      ['member1', ['Deployment.apps shop/web']],
      ['member2', ['Deployment.apps shop/web', 'Deployment.apps shop/only2']],
    ]);
    expect(sources[1].templates[0].object.metadata.labels).toStrictEqual({ region: 'us' });
  });
});

describe('mergeAcrossClusters', () => {
  const rows: Record<string, Array<{ n: string }>> = { member1: [{ n: 'b' }, { n: 'a' }], member2: [{ n: 'a' }], member3: [{ n: 'b' }, { n: 'c' }] };
  const byN = (a: { n: string }, b: { n: string }) => (a.n < b.n ? -1 : a.n > b.n ? 1 : 0);
  test('identical rows of several clusters are one row naming them, sorted; one cluster keeps its rows and order, naming none', () => {
    const fleet = ['member1', 'member2', 'member3'].map(cluster => ({ cluster, templates: [] }));
    expect(mergeAcrossClusters(fleet, s => rows[s.cluster!], byN)).toStrictEqual([
      { n: 'a', clusters: ['member1', 'member2'] }, { n: 'b', clusters: ['member1', 'member3'] }, { n: 'c', clusters: ['member3'] },
    ]);
    expect(mergeAcrossClusters([{ templates: [] }], () => rows.member1, byN)).toStrictEqual([{ n: 'b' }, { n: 'a' }]);
  });
});

describe('per cluster findings of a fleet', () => {
  test('a Secret only member3\'s copy reads is unmanaged on member3; one both read with the same users is one row', () => {
    const m1 = Inventory.fromObjects([reading('web', 'common'), secret('common')]);
    const m3 = Inventory.fromObjects([reading('web', 'common'), reading('worker', 'creds'), secret('common'), secret('creds')]);
    const templates = [template(reading('web', 'common')), template(reading('worker', 'creds'))];
    const sources = inventorySources(templates, m1, new Map([['member1', m1], ['member3', m3]]));
    expect(unmanagedSecrets('fleet', sources).map(s => [s.secret, s.usedBy, s.clusters])).toStrictEqual([
      ['Secret shop/common', ['Deployment.apps shop/web'], ['member1', 'member3']],
      ['Secret shop/creds', ['Deployment.apps shop/worker'], ['member3']],
    ]);
  });

  test('a Job taken over on two clusters is one risky row naming both; a custom resource whose CRD another cluster brings is not flagged', () => {
    const widget: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'shop' } };
    const crd: KubeObject = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' }, scope: 'Namespaced' },
    };
    const m1 = Inventory.fromObjects([job, widget]);
    const m2 = Inventory.fromObjects([job, crd]);
    const m3 = Inventory.fromObjects([deployment('shop', 'web')]);
    const sources = inventorySources([template(job), template(widget)], m1, new Map([['member1', m1], ['member2', m2], ['member3', m3]]));
    expect(riskyTemplates(sources).map(r => [r.object, r.reason, r.clusters])).toStrictEqual([['Job.batch shop/migrate', 'job', ['member1', 'member2']]]);
    // member1 alone lacks the CRD
    expect(riskyTemplates(inventorySources([template(widget)], m1, undefined)).map(r => r.reason)).toStrictEqual(['custom-resource-without-crd']);
  });

  test('a conversion and a warning name the clusters whose exports hold them; a warning lists each export', () => {
    const old = { ...deployment('shop', 'legacy', 'extensions/v1beta1') };
    const hpa: KubeObject = {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'ghost', namespace: 'shop' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ghost' }, maxReplicas: 3 },
    };
    const m1 = Inventory.fromObjects([old, hpa], { file: 'm1.yaml' });
    const m2 = Inventory.fromObjects([hpa], { file: 'm2.yaml' });
    const m3 = Inventory.fromObjects([old], { file: 'm3.yaml' });
    const sources = inventorySources([], m1, new Map([['member1', m1], ['member2', m2], ['member3', m3]]));
    expect(conversions(sources)).toStrictEqual([
      { object: 'Deployment.apps shop/legacy', from: 'extensions/v1beta1', to: 'apps/v1', clusters: ['member1', 'member3'] },
    ]);
    expect(inventoryWarnings('fleet', sources).map(w => [w.object, w.source, w.clusters])).toStrictEqual([
      ['HorizontalPodAutoscaler.autoscaling shop/ghost', 'm1.yaml (document 1), m2.yaml', ['member1', 'member2']],
    ]);
  });
});
