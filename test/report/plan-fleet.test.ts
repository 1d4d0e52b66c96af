// The plan's fleet view: a template's copy per cluster through the override policies of dist/
// (Karmada v1.18.2 pkg/util/overridemanager), and the fields each overrider changes, named.
import { JsonObject } from '../../src/kube/json';
import { KubeObject } from '../../src/kube/object';
import { fieldsOf, OverridePolicyIndex } from '../../src/report/plan-fleet';

const web: KubeObject = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  spec: { replicas: 3, template: { spec: { initContainers: [{ name: 'init', image: 'busybox:1' }], containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2' }] } } },
};

const op = (name: string, selector: object, rules: object[], namespace = 'shop'): KubeObject => ({
  apiVersion: 'policy.karmada.io/v1alpha1', kind: 'OverridePolicy', metadata: { name, namespace },
  spec: { resourceSelectors: [selector], overrideRules: rules },
});

const byName = op('fleet-web-deployment', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, [
  {
    targetCluster: { clusterNames: ['member2'] },
    overriders: {
      imageOverrider: [{ predicate: { path: '/spec/template/spec/containers/0/image' }, component: 'Tag', operator: 'replace', value: '1.5.0' }],
      labelsOverrider: [{ operator: 'add', value: { stage: 'staging', region: 'us' } }],
      plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 1 }],
    },
  },
]);

describe('OverridePolicyIndex', () => {
  test('a cluster no rule targets gets the template as written, without an override', () => {
    expect(new OverridePolicyIndex([byName]).copyFor(web, 'member1')).toStrictEqual({ object: web });
  });

  test('a targeted cluster gets the overridden copy, the policy applied and the fields it changes', () => {
    const copy = new OverridePolicyIndex([byName]).copyFor(web, 'member2');
    expect('object' in copy && copy.object).toMatchObject({
      metadata: { labels: { app: 'web', stage: 'staging', region: 'us' } },
      spec: { replicas: 1, template: { spec: { containers: [{ image: 'registry.example.com/shop/web:1.5.0' }] } } },
    });
    expect('override' in copy && copy.override).toStrictEqual({
      cluster: 'member2',
      policies: ['OverridePolicy shop/fleet-web-deployment'],
      fields: [
        { overrider: 'imageOverrider', operator: 'replace', path: '/spec/template/spec/containers/0/image', container: 'web', component: 'Tag' },
        { overrider: 'labelsOverrider', operator: 'add', key: 'region' },
        { overrider: 'labelsOverrider', operator: 'add', key: 'stage' },
        { overrider: 'plaintext', operator: 'replace', path: '/spec/replicas' },
      ],
    });
  });

  test('a policy of another name or namespace does not apply; one that selects by kind does', () => {
    const other = op('other', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cart' }, [{ overriders: { plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 9 }] } }]);
    const elsewhere = op('elsewhere', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      [{ overriders: { plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 8 }] } }], 'default');
    expect(new OverridePolicyIndex([other, elsewhere]).copyFor(web, 'member1')).toStrictEqual({ object: web });
    const byKind = op('all-deployments', { apiVersion: 'apps/v1', kind: 'Deployment' }, [{ overriders: { annotationsOverrider: [{ operator: 'remove', value: { a: '' } }] } }]);
    const copy = new OverridePolicyIndex([other, byKind]).copyFor(web, 'member1');
    expect('override' in copy && copy.override?.fields).toStrictEqual([{ overrider: 'annotationsOverrider', operator: 'remove', key: 'a' }]);
  });

  test('the selectors are matched against the version Karmada watches the template in; the copy keeps the version it is written in', () => {
    const hpa: KubeObject = { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' }, spec: { maxReplicas: 5 } };
    const policy = op('fleet-web-horizontalpodautoscaler', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'web' },
      [{ targetCluster: { clusterNames: ['member2'] }, overriders: { plaintext: [{ path: '/spec/maxReplicas', operator: 'replace', value: 9 }] } }]);
    const index = new OverridePolicyIndex([policy]);
    expect(index.copyFor(hpa, 'member2')).toStrictEqual({ object: hpa });
    const copy = index.copyFor(hpa, 'member2', 'autoscaling/v2');
    expect('object' in copy && copy.object).toStrictEqual({ ...hpa, spec: { maxReplicas: 9 } });
  });

  test('an overrider that fails is the error, naming the policy and the rule: Karmada overrides nothing on that cluster', () => {
    const broken = op('broken', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      [{ overriders: { plaintext: [{ path: '/spec/strategy/type', operator: 'replace', value: 'Recreate' }] } }]);
    const copy = new OverridePolicyIndex([broken]).copyFor(web, 'member1');
    expect(copy).toStrictEqual({ error: expect.stringMatching(/^OverridePolicy broken overrideRules\[0\]: /) });
  });
});

describe('fieldsOf', () => {
  test('each overrider in Karmada\'s order: image, command, args, labels, annotations, plaintext', () => {
    expect(fieldsOf({
      plaintext: [{ path: '/spec/paused', operator: 'add', value: true }],
      annotationsOverrider: [{ operator: 'replace', value: { note: 'x' } }],
      argsOverrider: [{ containerName: 'web', operator: 'add', value: ['--v=2'] }],
      commandOverrider: [{ containerName: 'web', operator: 'remove', value: ['sh'] }],
      imageOverrider: [
        { component: 'Registry', operator: 'remove' },
        { predicate: { path: '/spec/template/spec/initContainers/0/image' }, component: 'Repository', operator: 'replace', value: 'x/y' },
        { predicate: { path: '/spec/template/spec/containers/7/image' }, component: 'Tag', operator: 'replace', value: '2' },
      ],
    }, web as unknown as JsonObject)).toStrictEqual([
      // without a predicate: every container's image
      { overrider: 'imageOverrider', operator: 'remove', component: 'Registry' },
      { overrider: 'imageOverrider', operator: 'replace', path: '/spec/template/spec/initContainers/0/image', container: 'init', component: 'Repository' },
      // a container the template does not have: the path only
      { overrider: 'imageOverrider', operator: 'replace', path: '/spec/template/spec/containers/7/image', component: 'Tag' },
      { overrider: 'commandOverrider', operator: 'remove', container: 'web' },
      { overrider: 'argsOverrider', operator: 'add', container: 'web' },
      { overrider: 'annotationsOverrider', operator: 'replace', key: 'note' },
      { overrider: 'plaintext', operator: 'add', path: '/spec/paused' },
    ]);
  });
});
