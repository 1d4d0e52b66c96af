import { closest, didYouMean, editDistance, maxSuggestionDistance, nameDistance } from '../../src/kube/suggest';

const KINDS = ['ConfigMap', 'CronJob', 'DaemonSet', 'Deployment', 'Endpoints', 'HorizontalPodAutoscaler', 'Ingress', 'Job',
  'NetworkPolicy', 'PersistentVolumeClaim', 'Pod', 'ReplicaSet', 'Secret', 'Service', 'ServiceAccount', 'StatefulSet'];
const FIELDS = ['sourceCluster', 'inventory', 'rollback', 'createNamespaces', 'secrets', 'takeovers', 'phase', 'delivery',
  'defaultNamespace', 'crdsPresent', 'onDuplicate', 'limits'];
const TAKEOVER_FIELDS = ['name', 'kind', 'scope', 'selectBy', 'app', 'preserveResourcesOnDeletion', 'priority'];

describe('closest', () => {
  test.each<[string, string, readonly string[], string | undefined]>([
    // typos
    ['a transposition', 'Deploymnet', KINDS, 'Deployment'],
    ['a missing letter', 'Deploymet', KINDS, 'Deployment'],
    ['an extra letter', 'Deployyment', KINDS, 'Deployment'],
    ['a wrong letter', 'ConfigNap', KINDS, 'ConfigMap'],
    ['two edits in a long name', 'PersistantVolumeClam', KINDS, 'PersistentVolumeClaim'],
    ['a short name, one transposition', 'Pdo', KINDS, 'Pod'],
    // plurals, as kubectl's resource names are
    ['a plural', 'Services', KINDS, 'Service'],
    ['a plural in -es', 'Ingresses', KINDS, 'Ingress'],
    ['a plural in -ies', 'NetworkPolicies', KINDS, 'NetworkPolicy'],
    ['a lower-case plural', 'deployments', KINDS, 'Deployment'],
    ['a kind that ends in s is not made singular', 'Endpoint', KINDS, 'Endpoints'],
    // case
    ['lower case', 'configmap', KINDS, 'ConfigMap'],
    ['upper case', 'SERVICEACCOUNT', KINDS, 'ServiceAccount'],
    ['a config field in the wrong case', 'selectby', TAKEOVER_FIELDS, 'selectBy'],
    ['a config field with a typo', 'sourceClsuter', FIELDS, 'sourceCluster'],
    ['a config field in the singular', 'takeover', FIELDS, 'takeovers'],
    ['a config field in snake case', 'default_namespace', FIELDS, 'defaultNamespace'],
    // nothing close
    ['an unrelated short name', 'Job', ['Pod', 'Secret'], undefined],
    ['an unrelated long name', 'Gateway', KINDS, undefined],
    ['no candidates', 'Deployment', [], undefined],
    ['an exact match is no typo', 'Service', KINDS, undefined],
    ['two transpositions in seven letters', 'Sevrcie', ['Service'], 'Service'],
    ['three edits in seven letters is too many', 'Sarvoke', ['Service'], undefined],
    ['an empty name', '', KINDS, undefined],
    // ties
    ['a tie goes to the first candidate', 'cat', ['bat', 'hat'], 'bat'],
    ['a tie in the other order', 'cat', ['hat', 'bat'], 'hat'],
    ['the case-or-number form beats an equal edit', 'Service', ['Services', 'Servic'], 'Services'],
    ['a closer candidate beats an earlier one', 'Secrte', ['Service', 'Secret'], 'Secret'],
    ['ServiceAccounts is ServiceAccount, not Service', 'ServiceAccounts', KINDS, 'ServiceAccount'],
  ])('%s: %s', (_, typed, candidates, expected) => {
    expect(closest(typed, candidates)).toBe(expected);
  });
});

describe('editDistance', () => {
  test.each<[string, string, number]>([
    ['', '', 0], ['', 'abc', 3], ['abc', '', 3], ['abc', 'abc', 0],
    ['ab', 'ba', 1], ['abcd', 'acbd', 1], ['kitten', 'sitting', 3], ['ca', 'abc', 3],
  ])('%j → %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

test('nameDistance ignores case and number', () => {
  expect(nameDistance('services', 'Service')).toBe(0);
  expect(nameDistance('Policies', 'policy')).toBe(0);
  expect(nameDistance('Deploymnet', 'Deployment')).toBe(1);
});

test('the threshold grows with the length, one edit at least', () => {
  expect([1, 2, 3, 5, 6, 9, 12].map(maxSuggestionDistance)).toEqual([1, 1, 1, 1, 2, 3, 4]);
});

test('didYouMean ends a message, or adds nothing', () => {
  expect(didYouMean('Deploymnet', KINDS)).toBe("; did you mean 'Deployment'?");
  expect(didYouMean('selectby', TAKEOVER_FIELDS, s => s)).toBe('; did you mean selectBy?');
  expect(didYouMean('Gateway', KINDS)).toBe('');
});
