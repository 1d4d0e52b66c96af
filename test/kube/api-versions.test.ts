// API versions as the Karmada API server (Kubernetes v1.35) serves them and the detector watches
// them: pkg/detector/detector.go discoverResources (the preferred version of each group); the
// Kubernetes deprecation guide (removed versions and their replacements).
import { compareKubeVersions, convertRemovedVersion, crdPreferredVersions, preferredApiVersion } from '../../src/kube/api-versions';
import { JsonObject } from '../../src/kube/json';
import { Inventory } from '../../src/inventory/inventory';
import { fixture } from '../inventory/fixtures';

const obj = (apiVersion: string, kind: string, spec: JsonObject = {}): JsonObject => ({ apiVersion, kind, metadata: { name: 'x', namespace: 'default' }, spec });

describe('convertRemovedVersion', () => {
  test.each<[string, JsonObject, string | JsonObject]>([
    ['a CronJob of batch/v1beta1 has the same shape in batch/v1', obj('batch/v1beta1', 'CronJob', { schedule: '* * * * *' }),
      obj('batch/v1', 'CronJob', { schedule: '* * * * *' })],
    ['an extensions/v1beta1 Deployment with a selector becomes apps/v1', obj('extensions/v1beta1', 'Deployment', { selector: { matchLabels: { a: 'b' } } }),
      obj('apps/v1', 'Deployment', { selector: { matchLabels: { a: 'b' } } })],
    ['an apps/v1beta1 Deployment with rollbackTo is refused', obj('apps/v1beta1', 'Deployment', { selector: {}, rollbackTo: { revision: 1 } }),
      'apps/v1beta1 Deployment was removed in Kubernetes v1.16, and the Karmada API server (Kubernetes v1.35.2) refuses it; rewrite it as apps/v1: spec.rollbackTo does not exist in apps/v1'],
    ['an Ingress of networking.k8s.io/v1beta1 gets the v1 backend shape and a pathType', obj('networking.k8s.io/v1beta1', 'Ingress', {
      backend: { serviceName: 'web', servicePort: 80 },
      rules: [{ host: 'a', http: { paths: [{ path: '/', backend: { serviceName: 'web', servicePort: 'http' } }] } }],
    }), obj('networking.k8s.io/v1', 'Ingress', {
      defaultBackend: { service: { name: 'web', port: { number: 80 } } },
      rules: [{ host: 'a', http: { paths: [{ path: '/', pathType: 'ImplementationSpecific', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }],
    })],
    ['a PodDisruptionBudget with an empty selector is refused: policy/v1 would select every pod', obj('policy/v1beta1', 'PodDisruptionBudget', { selector: {} }),
      'policy/v1beta1 PodDisruptionBudget was removed in Kubernetes v1.25, and the Karmada API server (Kubernetes v1.35.2) refuses it; rewrite it as policy/v1: ' +
      'its selector is empty, which selects no pod in policy/v1beta1 but every pod in policy/v1'],
    ['a PodSecurityPolicy has no replacement', obj('policy/v1beta1', 'PodSecurityPolicy'),
      'policy/v1beta1 PodSecurityPolicy was removed in Kubernetes v1.25, and the Karmada API server (Kubernetes v1.35.2) refuses it; it has no replacement: leave it out'],
    ['a v1beta1 CustomResourceDefinition is not converted mechanically', obj('apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition'),
      'apiextensions.k8s.io/v1beta1 CustomResourceDefinition was removed in Kubernetes v1.22, and the Karmada API server (Kubernetes v1.35.2) refuses it; rewrite it as apiextensions.k8s.io/v1 (the conversion is not mechanical)'],
  ])('%s', (_, o, expected) => {
    const r = convertRemovedVersion(o)!;
    if (typeof expected === 'string') expect(r).toStrictEqual({ refused: expected });
    else expect(r).toStrictEqual({ converted: expected, from: o.apiVersion, to: expected.apiVersion });
  });

  test('a served version is left alone', () => {
    expect(convertRemovedVersion(obj('autoscaling/v1', 'HorizontalPodAutoscaler'))).toBeUndefined();
    expect(convertRemovedVersion(obj('apps/v1', 'Deployment'))).toBeUndefined();
  });

  test('the inventory converts the real batch/v1beta1 CronJob export and records it', () => {
    const inventory = Inventory.fromObjects([fixture('cronjob-batch-v1beta1.json')], { file: 'cj.json' });
    expect(inventory.templates.map(t => t.object.apiVersion)).toStrictEqual(['batch/v1']);
    expect(inventory.conversions.map(c => [c.from, c.to])).toStrictEqual([['batch/v1beta1', 'batch/v1']]);
  });
});

describe('preferredApiVersion', () => {
  test.each([['autoscaling/v1', 'autoscaling/v2'], ['autoscaling/v2', 'autoscaling/v2'], ['apps/v1beta2', 'apps/v1'], ['v1', 'v1'], ['example.com/v1alpha1', 'example.com/v1alpha1']])(
    '%s is watched as %s', (given, watched) => expect(preferredApiVersion(given)).toBe(watched));

  test('a custom group is watched in the best version its CRDs serve, in Kubernetes\' version order', () => {
    const crd = (versions: Array<[string, boolean]>) => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'w' },
      spec: { group: 'example.com', versions: versions.map(([name, served]) => ({ name, served })) } });
    const versions = crdPreferredVersions([crd([['v1beta1', true], ['v1', true], ['v2alpha1', true]]), crd([['v3', false]])]);
    expect(preferredApiVersion('example.com/v1beta1', versions)).toBe('example.com/v1');
    expect(['v1alpha1', 'foo', 'v1', 'v10beta3', 'v2', 'v11beta2', 'v12alpha1'].sort(compareKubeVersions)).toStrictEqual(['v2', 'v1', 'v11beta2', 'v10beta3', 'v12alpha1', 'v1alpha1', 'foo']);
  });
});
