import { matchExclusions } from '../../src/inventory/exclude';
import { ObjectKey } from '../../src/kube/object';

const web: ObjectKey = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' };
const api: ObjectKey = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'api' };
const reader: ObjectKey = { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'reader' };
const istio: ObjectKey = { group: 'networking.istio.io', kind: 'Gateway', namespace: 'shop', name: 'web' };
const gateway: ObjectKey = { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'shop', name: 'web' };
const KNOWN = [web, api, reader, istio, gateway];

describe('matchExclusions', () => {
  test('an entry matches by kind, namespace and name, whatever the version', () => {
    const x = matchExclusions([{ apiVersion: 'apps/v1beta2', kind: 'Deployment', namespace: 'shop', name: 'web', reason: 'runs a migration job' }], KNOWN, 'spec.exclude');
    expect(x.entryOf(web)).toBe(0);
    expect(x.entryOf(api)).toBeUndefined();
    expect(x.reasonOf(web)).toBe('excluded by spec.exclude[0]: runs a migration job');
    expect(x.reasonOf(api)).toBeUndefined();
    expect(x.unmatched).toStrictEqual([]);
  });

  test('without apiVersion an entry matches the object in every API group; with one, that group only', () => {
    const any = matchExclusions([{ kind: 'Gateway', namespace: 'shop', name: 'web' }], KNOWN);
    expect([any.entryOf(istio), any.entryOf(gateway)]).toStrictEqual([0, 0]);
    const one = matchExclusions([{ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', namespace: 'shop', name: 'web' }], KNOWN);
    expect([one.entryOf(istio), one.entryOf(gateway)]).toStrictEqual([0, undefined]);
    expect(one.reasonOf(istio)).toBe('excluded by exclude[0]');
  });

  test('a cluster-scoped object is named without a namespace; the first entry that matches is the one named', () => {
    const x = matchExclusions([{ kind: 'ClusterRole', name: 'reader' }, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'reader' }], KNOWN);
    expect(x.entryOf(reader)).toBe(0);
    expect(x.unmatched).toStrictEqual([]);
  });

  test('an entry that matches nothing is reported with what was probably meant', () => {
    const x = matchExclusions([
      { kind: 'Deployment', name: 'web' },
      { kind: 'Deployment', namespace: 'shop', name: 'wbe' },
      { kind: 'Deploymnet', namespace: 'shop', name: 'zzz' },
      { apiVersion: 'extensions/v1beta1', kind: 'Deployment', namespace: 'shop', name: 'web' },
      { kind: 'Secret', namespace: 'shop', name: 'token' },
    ], KNOWN, 'spec.exclude');
    expect(x.unmatched.map(u => u.index)).toStrictEqual([0, 1, 2, 3, 4]);
    expect(x.unmatched[0].message).toBe('matches no object of the inventory: Deployment web (any API group); the inventory has Deployment.apps shop/web: ' +
      'give its namespace (none for a cluster-scoped object) and API group as the object has them');
    expect(x.unmatched[1].message).toMatch(/did you mean 'web'\?$/);
    expect(x.unmatched[2].message).toMatch(/did you mean kind 'Deployment'\?$/);
    expect(x.unmatched[3].message).toMatch(/^matches no object of the inventory: Deployment.extensions shop\/web; the inventory has Deployment.apps shop\/web/);
    expect(x.unmatched[4].message).toMatch(/: remove the entry, or correct it/);
  });
});
