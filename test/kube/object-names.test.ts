import { identityProblem } from '../../src/kube/object-names';

describe('identityProblem: apiVersion', () => {
  test.each([
    ['v1', 'ConfigMap'], ['apps/v1', 'Deployment'], ['networking.k8s.io/v1', 'Ingress'], ['ex.io/v2alpha3', 'Foo'],
  ])('%s is an apiVersion', (apiVersion, kind) => {
    expect(identityProblem(apiVersion, kind, 'x', 'default')).toBeUndefined();
  });

  test.each<[string, string]>([
    ['/v1', 'apiVersion "/v1": the group before \'/\' is empty; the core group is written without it ("v1")'],
    ['/', 'apiVersion "/": the group before \'/\' is empty'],
    ['apps/', 'apiVersion "apps/": the version must be like v1'],
    ['v1/', 'apiVersion "v1/": the version must be like v1'],
    ['apps//v1', 'apiVersion "apps//v1": an apiVersion is <group>/<version> or, for the core group, <version>: one \'/\' at most'],
    ['a/b/v1', 'one \'/\' at most'],
    ['', 'apiVersion "": the version must be like v1'],
    ['Apps/v1', 'the group must be a DNS subdomain'],
    ['apps/V1', 'the version must be like v1'],
    [' v1', 'the version must be like v1'],
  ])('%j is refused', (apiVersion, message) => {
    expect(identityProblem(apiVersion, 'ConfigMap', 'x', 'default')).toContain(message);
  });
});
