// who applies an object today, from the marks each tool leaves on it, on real exports.
import { KubeObject } from '../../src/kube/object';
import { formatOwner, ownerOf } from '../../src/inventory/owners';
import { ALL_NAMESPACES, fixture, listItem } from './fixtures';
import { deployment } from '../util';

function marked(labels: Record<string, string>, annotations: Record<string, string> = {}): KubeObject {
  const d = deployment('shop', 'cart');
  return { ...d, metadata: { ...d.metadata, labels: { ...d.metadata.labels, ...labels }, annotations } };
}

describe('ownerOf', () => {
  test.each<[string, KubeObject, string, string]>([
    // Argo CD >= 3.0 tracks by annotation: <app>:<group>/<kind>:<namespace>/<name>.
    ['an Argo CD tracking-id (real export)', fixture('deployment-multi-manager-argocd.yaml'), 'Argo CD Application guestbook', 'annotation argocd.argoproj.io/tracking-id'],
    // Helm 3 install and upgrade annotate every object of the release.
    ['a Helm release (real export)', listItem(ALL_NAMESPACES, 'Service', 'default', 'web-server'), 'Helm release default/fastapi-gpt2-release', 'annotation meta.helm.sh/release-name'],
    ['kubectl apply (real export)', fixture('cronjob-batch-v1beta1.json'), 'kubectl apply', 'annotation kubectl.kubernetes.io/last-applied-configuration'],
    ['no mark at all (real export)', fixture('service-headless-clusterip-none.yaml'), 'unknown', ''],
    ['Argo CD label tracking (real export)', fixture('service-nodeport-multi-manager.yaml'), 'Argo CD Application big-crd',
      'label app.kubernetes.io/instance (Argo CD label tracking, or a chart\'s own label)'],
    ['an Application in any namespace', marked({}, { 'argocd.argoproj.io/tracking-id': 'team-a_shop:apps/Deployment:shop/cart' }), 'Argo CD Application team-a/shop', 'annotation argocd.argoproj.io/tracking-id'],
    ['a Flux Kustomization', marked({ 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' }),
      'Flux Kustomization flux-system/apps', 'label kustomize.toolkit.fluxcd.io/name'],
    // a HelmRelease's objects carry Helm's annotations too: Flux wins.
    ['a Flux HelmRelease', marked({ 'helm.toolkit.fluxcd.io/name': 'cart', 'helm.toolkit.fluxcd.io/namespace': 'shop', 'app.kubernetes.io/managed-by': 'Helm' },
      { 'meta.helm.sh/release-name': 'shop-cart', 'meta.helm.sh/release-namespace': 'shop' }), 'Flux HelmRelease shop/cart', 'label helm.toolkit.fluxcd.io/name'],
    // a Helm chart's instance label is not Argo CD's when Helm's annotations are there.
    ['Helm before the instance label', marked({ 'app.kubernetes.io/instance': 'cart' }, { 'meta.helm.sh/release-name': 'cart' }), 'Helm release shop/cart', 'annotation meta.helm.sh/release-name'],
  ])('%s', (_, object, owner, evidence) => {
    const o = ownerOf(object);
    expect([formatOwner(o), o.evidence]).toStrictEqual([owner, evidence]);
  });

  test('a Flux HelmRelease owner knows its Helm release', () => {
    expect(ownerOf(marked({ 'helm.toolkit.fluxcd.io/name': 'cart', 'helm.toolkit.fluxcd.io/namespace': 'flux-system' },
      { 'meta.helm.sh/release-name': 'shop-cart', 'meta.helm.sh/release-namespace': 'shop' })).release).toStrictEqual({ name: 'shop-cart', namespace: 'shop' });
  });
});
