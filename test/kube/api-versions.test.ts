// API versions as the Karmada API server (Kubernetes v1.35) serves them and the detector watches
// them: pkg/detector/detector.go discoverResources (the preferred version of each group); the
// Kubernetes deprecation guide (removed versions and their replacements).
import { compareKubeVersions, convertRemovedVersion, crdPreferredVersions, crdVersionsByKind, preferredApiVersion, unservedVersionProblem } from '../../src/kube/api-versions';
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
    ...([
      [{ serviceName: 'web' }, 'spec.backend.servicePort is missing'],
      [{ serviceName: 'web', servicePort: null }, 'spec.backend.servicePort is null'],
      [{ serviceName: 'web', servicePort: 0 }, 'spec.backend.servicePort 0 is not a port number (1-65535)'],
      [{ serviceName: 'web', servicePort: 80.5 }, 'spec.backend.servicePort 80.5 is not a port number (1-65535)'],
      [{ serviceName: 'web', servicePort: '80' }, 'spec.backend.servicePort "80" is neither a port number (1-65535) nor a port name (at most 15 lowercase letters, digits and single \'-\', with a letter)'],
      [{ serviceName: 'web', servicePort: 'HTTP' }, 'spec.backend.servicePort "HTTP" is neither a port number (1-65535) nor a port name (at most 15 lowercase letters, digits and single \'-\', with a letter)'],
    ] as Array<[JsonObject, string]>).map(([backend, why]): [string, JsonObject, string] => [
      `an Ingress whose servicePort is ${JSON.stringify(backend.servicePort) ?? 'missing'} is refused, not given a made-up port`,
      obj('extensions/v1beta1', 'Ingress', { backend }),
      `extensions/v1beta1 Ingress was removed in Kubernetes v1.22, and the Karmada API server (Kubernetes v1.35.2) refuses it; rewrite it as networking.k8s.io/v1: ${why}`,
    ]),
    ['an Ingress path backend with a null servicePort is refused, naming the path', obj('networking.k8s.io/v1beta1', 'Ingress', {
      backend: { serviceName: 'web', servicePort: 80 },
      rules: [{ http: { paths: [{ path: '/', backend: { serviceName: 'web', servicePort: 'http' } }, { path: '/b', backend: { serviceName: 'web', servicePort: null } }] } }],
    }), 'networking.k8s.io/v1beta1 Ingress was removed in Kubernetes v1.22, and the Karmada API server (Kubernetes v1.35.2) refuses it; ' +
      'rewrite it as networking.k8s.io/v1: spec.rules[0].http.paths[1].backend.servicePort is null'],
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

describe('unservedVersionProblem', () => {
  const crd = (versions: Array<[string, boolean]> | undefined, extra: JsonObject = {}) => ({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'foos.ex.io' },
    spec: { group: 'ex.io', scope: 'Namespaced', names: { kind: 'Foo', plural: 'foos' }, ...(versions ? { versions: versions.map(([name, served]) => ({ name, served })) } : {}), ...extra },
  });

  test('a version the CRD serves, a kind or group no CRD defines, or a CRD without versions: no problem', () => {
    const crds = crdVersionsByKind([crd([['v2', true], ['v10', true], ['v1', false]])]);
    expect(['ex.io/v2', 'ex.io/v10'].map(v => unservedVersionProblem(v, 'Foo', crds))).toStrictEqual([undefined, undefined]);
    expect(unservedVersionProblem('ex.io/v1', 'Bar', crds)).toBeUndefined();
    expect(unservedVersionProblem('other.io/v1', 'Foo', crds)).toBeUndefined();
    expect(unservedVersionProblem('v1', 'Foo', crds)).toBeUndefined();
    expect(unservedVersionProblem('ex.io/v1', 'Foo', crdVersionsByKind([crd(undefined)]))).toBeUndefined();
  });

  test('a version the CRD does not define, or defines with served: false, names the CRD, the versions it serves and the fix', () => {
    const crds = crdVersionsByKind([crd([['v2', true], ['v10', true], ['v1beta1', false]])]);
    expect(unservedVersionProblem('ex.io/v1', 'Foo', crds)).toBe('apiVersion ex.io/v1: its CustomResourceDefinition foos.ex.io does not define v1 (it serves v10, v2), ' +
      'so the Karmada API server refuses it; export the object in a served version (kubectl get foos.v10.ex.io -o yaml), or serve v1 in the CRD');
    expect(unservedVersionProblem('ex.io/v1beta1', 'Foo', crds)).toContain('its CustomResourceDefinition foos.ex.io defines v1beta1 with served: false (it serves v10, v2)');
  });

  test('a CRD that serves no version refuses every object of its kind', () => {
    const crds = crdVersionsByKind([crd([['v1', false], ['v2', false]])]);
    expect(unservedVersionProblem('ex.io/v1', 'Foo', crds)).toBe('apiVersion ex.io/v1: its CustomResourceDefinition foos.ex.io serves no version ' +
      '(every spec.versions[] has served: false), so the Karmada API server refuses it (and every other Foo); serve a version in the CRD, or leave the CRD and its Foo objects out of the inventory');
  });

  test('a v1beta1 CRD without spec.versions serves its spec.version', () => {
    const crds = crdVersionsByKind([{ ...crd(undefined, { version: 'v1alpha1' }), apiVersion: 'apiextensions.k8s.io/v1beta1' }]);
    expect(crds.get('Foo.ex.io')).toStrictEqual({ crd: 'foos.ex.io', plural: 'foos', defined: ['v1alpha1'], served: ['v1alpha1'] });
    expect(unservedVersionProblem('ex.io/v1', 'Foo', crds)).toContain('does not define v1 (it serves v1alpha1)');
  });
});
