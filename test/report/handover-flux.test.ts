// --handover-from with a Flux Kustomization or HelmRelease. Flux facts: a suspended Kustomization
// neither applies nor prunes and keeps what it applied when deleted (kustomize-controller
// finalizerShouldDeleteResources); deletionPolicy MirrorPrune deletes with prune: true; a suspended
// HelmRelease is not uninstalled when deleted (helm-controller reconcileDelete).
import { planHandover } from '../../src/report/handover';

function kustomization(spec: object = {}, labels: Record<string, string> = {}): object {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system', labels },
    spec: { interval: '10m', path: './clusters/member1', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' }, ...spec },
  };
}

function helmRelease(spec: object = {}): object {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'cart', namespace: 'shop' },
    spec: { interval: '10m', chart: { spec: { chart: 'cart', sourceRef: { kind: 'HelmRepository', name: 'charts' } } }, ...spec },
  };
}

const rules = (h: ReturnType<typeof planHandover>) => h.findings.map(f => `${f.severity}:${f.rule}`);

describe('planHandover of a Flux object', () => {
  test('a pruning Kustomization: suspend it with pruning off and an orphaning deletion, then delete it', () => {
    const h = planHandover(kustomization(), { file: 'old.yaml' });
    expect([h.kind, h.object, h.destination, h.autoSync]).toStrictEqual(['Kustomization', 'flux-system/apps', 'its own cluster', true]);
    expect(rules(h)).toStrictEqual(['danger:flux-not-suspended', 'danger:flux-prune', 'danger:flux-deletion-cascades']);
    expect(h.steps.map(s => [s.id, s.commands])).toStrictEqual([
      ['suspend', ['kubectl -n flux-system patch kustomization apps --type merge -p \'{"spec":{"suspend":true,"prune":false,"deletionPolicy":"Orphan"}}\'']],
      ['delete', ['kubectl -n flux-system delete kustomization apps']],
    ]);
  });

  test('a suspended Kustomization that orphans: no danger left, the steps stay', () => {
    const h = planHandover(kustomization({ suspend: true, prune: false, deletionPolicy: 'Orphan', kubeConfig: { secretRef: { name: 'member1' } } }));
    expect(rules(h)).toStrictEqual([]);
    expect(h.destination).toBe('kubeConfig secret member1');
  });

  test('a Kustomization applied by a parent: its source must change first', () => {
    const h = planHandover(kustomization({}, { 'kustomize.toolkit.fluxcd.io/name': 'flux-system', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' }));
    expect(rules(h)[0]).toBe('danger:flux-parent');
    expect(h.steps.map(s => s.id)).toStrictEqual(['parent-stop', 'suspend', 'delete']);
  });

  test('a HelmRelease: suspend (no uninstall on deletion), delete, then forget the Helm release', () => {
    const h = planHandover(helmRelease({ targetNamespace: 'shop' }));
    expect(rules(h)).toStrictEqual(['danger:flux-not-suspended', 'danger:flux-deletion-cascades']);
    expect(h.steps.flatMap(s => s.commands)).toStrictEqual([
      'kubectl -n shop patch helmrelease cart --type merge -p \'{"spec":{"suspend":true}}\'',
      'kubectl -n shop delete helmrelease cart',
      'kubectl -n shop delete secret -l owner=helm,name=shop-cart',
    ]);
    expect(planHandover(helmRelease({ releaseName: 'cart-prod', storageNamespace: 'helm' })).steps[2].commands).toStrictEqual(['kubectl -n helm delete secret -l owner=helm,name=cart-prod']);
  });

  test('a name a shell would run is refused', () => {
    expect(() => planHandover({ ...kustomization(), metadata: { name: 'a;b' } } as object, { file: 'old.yaml' }))
      .toThrow('old.yaml: metadata.name: "a;b" is not a Kubernetes object name');
  });
});
