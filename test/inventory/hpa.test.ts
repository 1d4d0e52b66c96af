import { RETAIN_REPLICAS_LABEL } from '../../src/inventory/hpa';
import { Inventory } from '../../src/inventory/inventory';
import { formatKey, KubeObject } from '../../src/kube/object';
import { deployment } from '../util';
import { fixture, fixturePath } from './fixtures';

function hpa(apiVersion: string, name: string, target: Record<string, unknown> | undefined, namespace = 'shop'): KubeObject {
  return { apiVersion, kind: 'HorizontalPodAutoscaler', metadata: { name, namespace }, spec: { minReplicas: 1, maxReplicas: 5, scaleTargetRef: target } };
}

function statefulSet(name: string, replicas?: number): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'shop' }, spec: { replicas, serviceName: name, selector: {}, template: {} } };
}

describe('Inventory: HorizontalPodAutoscaler targets', () => {
  test('labels a Deployment an autoscaling/v2 or autoscaling/v1 autoscaler scales with retain-replicas, and nothing else', () => {
    // GIVEN two Deployments each scaled by an HPA of another version, and one without
    const objects = [
      deployment('shop', 'web'), deployment('shop', 'api'), deployment('shop', 'worker'),
      hpa('autoscaling/v2', 'web', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }),
      hpa('autoscaling/v1', 'api-hpa', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }),
    ];
    const before = JSON.stringify(objects);

    // WHEN they make an inventory
    const inventory = Inventory.fromObjects(objects);

    // THEN the two targets carry the label on their own metadata (never on the pod template), the third does not
    const labels = (name: string) => inventory.find({ group: 'apps', kind: 'Deployment', namespace: 'shop', name })!.object.metadata.labels;
    expect(labels('web')).toStrictEqual({ app: 'web', [RETAIN_REPLICAS_LABEL]: 'true' });
    expect(labels('api')).toStrictEqual({ app: 'api', [RETAIN_REPLICAS_LABEL]: 'true' });
    expect(labels('worker')).toStrictEqual({ app: 'worker' });
    const web = inventory.find({ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' })!.object;
    expect((web.spec as { template: { metadata: unknown } }).template.metadata).toStrictEqual({ labels: { app: 'web' } });
    expect((web.spec as { replicas: number }).replicas).toBe(2);
    expect(inventory.warnings).toStrictEqual([]);
    expect(JSON.stringify(objects)).toBe(before);
  });

  test('labels a Deployment once however many autoscalers scale it, and keeps a label already there', () => {
    // GIVEN a Deployment already labelled, scaled by two HPAs
    const web = deployment('shop', 'web');
    const labelled = { ...web, metadata: { ...web.metadata, labels: { app: 'web', [RETAIN_REPLICAS_LABEL]: 'true' } } };
    const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };

    // WHEN they make an inventory THEN the object is as given
    const inventory = Inventory.fromObjects([labelled, hpa('autoscaling/v2', 'a', target), hpa('autoscaling/v2', 'b', target)]);
    expect(inventory.find({ group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' })!.object).toStrictEqual(labelled);
  });

  test('warns about an autoscaler of a StatefulSet, naming the replicas a takeover would write back', () => {
    // GIVEN HPAs of a StatefulSet with 3 replicas and one without replicas
    const inventory = Inventory.fromObjects([
      statefulSet('db', 3), statefulSet('cache'),
      hpa('autoscaling/v2', 'db', { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db' }),
      hpa('autoscaling/v2', 'cache', { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'cache' }),
    ], { file: 'shop.yaml' });

    // THEN each is a warning at the HPA; the StatefulSets are not labelled
    expect(inventory.warnings).toStrictEqual([
      {
        key: { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'cache' },
        source: { file: 'shop.yaml', document: 3, documents: 4 },
        message: 'HorizontalPodAutoscaler.autoscaling shop/cache scales StatefulSet.apps shop/cache: Karmada keeps the live replica count only for ' +
          `Deployments (${RETAIN_REPLICAS_LABEL}), so a takeover writes spec.replicas (1 when unset) back at every sync and fights the autoscaler; ` +
          'leave it out of the takeovers, or add a replica retention for the kind (a ResourceInterpreterCustomization with retention)',
      },
      expect.objectContaining({ message: expect.stringContaining('HorizontalPodAutoscaler.autoscaling shop/db scales StatefulSet.apps shop/db:') }),
    ]);
    expect(inventory.warnings[1].message).toContain('writes spec.replicas (3) back');
    expect(inventory.byGroupKind('apps', 'StatefulSet').map(t => t.object.metadata.labels)).toStrictEqual([undefined, undefined]);
  });

  test('a Deployment written as extensions/v1beta1 is converted to apps/v1, and its autoscaler found through the old group', () => {
    // GIVEN an HPA of an extensions/v1beta1 Deployment (the Karmada API server no longer serves that version)
    const inventory = Inventory.fromObjects([
      deployment('shop', 'old', 'extensions/v1beta1'),
      hpa('autoscaling/v1', 'old', { apiVersion: 'extensions/v1beta1', kind: 'Deployment', name: 'old' }),
    ]);

    // THEN the Deployment is apps/v1, and keeps its replicas for the autoscaler
    expect(inventory.warnings).toStrictEqual([]);
    const [old] = inventory.byGroupKind('apps', 'Deployment');
    expect([old.object.apiVersion, old.object.metadata.labels]).toStrictEqual(['apps/v1', { app: 'old', [RETAIN_REPLICAS_LABEL]: 'true' }]);
  });

  test('finds an apps/v1 Deployment through an extensions scaleTargetRef', () => {
    // GIVEN an old HPA naming the extensions group of a Deployment now in apps THEN the Deployment is labelled
    const inventory = Inventory.fromObjects([deployment('shop', 'web'), hpa('autoscaling/v1', 'web', { apiVersion: 'extensions/v1beta1', kind: 'Deployment', name: 'web' })]);
    expect(inventory.byGroupKind('apps', 'Deployment')[0].object.metadata.labels?.[RETAIN_REPLICAS_LABEL]).toBe('true');
  });

  test('warns about a target that is not a template: absent, in another namespace, or of a custom kind', () => {
    // GIVEN the real autoscaling/v1 export (its nginx Deployment is not exported), and HPAs of a Deployment of another namespace
    const live = fixture('hpa-autoscaling-v1.json');
    const inventory = Inventory.load([fixturePath('hpa-autoscaling-v1.json')]);
    const other = Inventory.fromObjects([deployment('other', 'web'), hpa('autoscaling/v2', 'web', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' })]);
    const customTarget = Inventory.fromObjects([hpa('autoscaling/v2', 'x', { apiVersion: 'example.com/v1', kind: 'Worker', name: 'x' })]);

    // THEN each is a warning naming the target and what to do
    expect(inventory.warnings).toStrictEqual([{
      key: { group: 'autoscaling', kind: 'HorizontalPodAutoscaler', namespace: live.metadata.namespace, name: live.metadata.name },
      source: { file: fixturePath('hpa-autoscaling-v1.json'), document: 0, documents: 1, line: 1 },
      message: 'HorizontalPodAutoscaler.autoscaling default/nginx scales Deployment.apps default/nginx, which is not among the templates of the inventory; ' +
        `if it is taken over, give it the label ${RETAIN_REPLICAS_LABEL}: "true" so that Karmada keeps its replicas`,
    }]);
    expect(other.warnings.map(w => w.message)).toStrictEqual([expect.stringContaining('scales Deployment.apps shop/web, which is not among the templates')]);
    expect(other.byGroupKind('apps', 'Deployment')[0].object.metadata.labels).toStrictEqual({ app: 'web' });
    expect(customTarget.warnings.map(w => w.message)).toStrictEqual([
      'HorizontalPodAutoscaler.autoscaling shop/x scales Worker.example.com shop/x, which is not among the templates of the inventory; ' +
      'if it is taken over, Karmada will write its replicas back at every sync and fight the autoscaler',
    ]);
  });

  test('warns about an autoscaler without a usable scaleTargetRef', () => {
    // GIVEN HPAs without a target, without a name, and with a target that is not a mapping
    const inventory = Inventory.fromObjects([
      hpa('autoscaling/v2', 'a', undefined), hpa('autoscaling/v2', 'b', { kind: 'Deployment' }), { ...hpa('autoscaling/v2', 'c', undefined), spec: 'x' },
    ]);

    // THEN each is a warning; nothing throws
    expect(inventory.warnings.map(w => formatKey(w.key))).toStrictEqual(['a', 'b', 'c'].map(n => `HorizontalPodAutoscaler.autoscaling shop/${n}`));
    expect(inventory.warnings[0].message).toBe('HorizontalPodAutoscaler.autoscaling shop/a has no spec.scaleTargetRef with a kind and a name; it scales nothing the inventory can check');
  });
});
