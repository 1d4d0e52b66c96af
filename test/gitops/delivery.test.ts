// what each delivery object applies and deletes. Argo CD: a directory source reads *.yaml, *.yml
// and *.json below its path, recursively only with directory.recurse, filtered by include and
// exclude; its deletion cascades only with the resources finalizer. ApplicationSet: one Application
// per matching Git directory, with the resources finalizer unless preserveResourcesOnDeletion.
// Flux: a Kustomization reads *.yaml and *.yml below its path, prunes with prune: true, and its
// deletion follows deletionPolicy (MirrorPrune: prune).
import * as yaml from 'js-yaml';
import { Construct } from 'constructs';
import { Testing } from 'cdk8s';
import { ArgoCdApplication, ArgoCdApplicationSet, FluxDelivery, Migration } from '../../src';
import { deliveriesOf, protectedFrom } from '../../src/gitops/delivery';
import { KubeObject } from '../../src/kube/object';
import { manifestPath } from '../../src/output/layout';

const FILES = [
  'member1/namespaces/Namespace_shop.yaml',
  'member1/policies/default/PropagationPolicy.policy.karmada.io_a.yaml',
  'member1/policies/shop/PropagationPolicy.policy.karmada.io_b.yaml',
  'member1/templates/default/Deployment.apps_nginx.yaml',
  'member1/templates/shop/Deployment.apps_cart.yaml',
  'member1/templates/shop/extra.yml',
  'member1/templates/shop/extra.json',
];

function input(delivery: KubeObject[], extra: string[] = []) {
  const manifests = new Map<string, KubeObject>();
  for (const f of FILES) manifests.set(f, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: f } });
  for (const d of delivery) manifests.set(`_delivery/member1/${d.kind}_${d.metadata.name}.yaml`, d);
  return { manifests, files: new Set([...manifests.keys(), ...extra]), distRoot: 'dist' };
}

/** the delivery objects karmada-migrate writes, as plain manifests. */
function synthesized(make: (scope: Construct) => void): KubeObject[] {
  const app = Testing.app();
  const m = new Migration(app, 'member1', { sourceCluster: 'member1' });
  make(m);
  return Testing.synth(m) as KubeObject[];
}

const argo = (source: object, extra: object = {}): KubeObject => ({
  apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a', namespace: 'argocd', ...extra },
  spec: { destination: { name: 'karmada' }, source: { repoURL: 'https://git/x.git', path: 'dist/member1', ...source } },
});

const delivered = (d: ReturnType<typeof deliveriesOf>) => d.map(x => [x.id, [...(x.manifests ?? [])].sort(), x.prunes, x.cascades, x.unresolved ?? '']);

describe('deliveriesOf', () => {
  test('the Argo CD Application karmada-migrate writes applies every manifest of the folder, and never cascades', () => {
    const objects = synthesized(m => new ArgoCdApplication(m, 'argo', { name: 'karmada-member1', destination: { name: 'karmada' }, repoURL: 'https://git/x.git', path: 'dist/member1' }));
    const [d] = deliveriesOf(input(objects));
    expect([d.id, d.prunes, d.cascades]).toStrictEqual(['Application argocd/karmada-member1', true, false]);
    expect([...d.manifests!].sort()).toStrictEqual(FILES.filter(f => f.endsWith('.yaml')).sort());
  });

  test.each<[string, KubeObject, string[]]>([
    ['not recursive: only the files directly in the path', argo({ path: 'dist/member1/templates/shop' }),
      ['member1/templates/shop/Deployment.apps_cart.yaml', 'member1/templates/shop/extra.json', 'member1/templates/shop/extra.yml']],
    ['recursive with an exclude', argo({ directory: { recurse: true, exclude: 'templates/*' } }),
      ['member1/namespaces/Namespace_shop.yaml', 'member1/policies/default/PropagationPolicy.policy.karmada.io_a.yaml', 'member1/policies/shop/PropagationPolicy.policy.karmada.io_b.yaml']],
    ['a path outside dist/', argo({ path: 'apps/member1' }), []],
    ['a ./ path', argo({ path: './dist/member1/policies/', directory: { recurse: true } }),
      ['member1/policies/default/PropagationPolicy.policy.karmada.io_a.yaml', 'member1/policies/shop/PropagationPolicy.policy.karmada.io_b.yaml']],
  ])('an Argo CD Application: %s', (_, app, files) => {
    const ds = deliveriesOf(input([app]));
    expect([...ds.find(d => d.tool === 'argocd')!.manifests!].sort()).toStrictEqual(files);
  });

  test('an Application with the resources finalizer cascades; a Helm source is unresolved', () => {
    expect(deliveriesOf(input([argo({}, { finalizers: ['resources-finalizer.argocd.argoproj.io/background'] })]))[0].cascades).toBe(true);
    const [d] = deliveriesOf(input([argo({ helm: { valueFiles: ['v.yaml'] } })]));
    expect([d.manifests, d.unresolved]).toStrictEqual([undefined, "a source with 'helm', which the gate does not render"]);
    expect(deliveriesOf(input([argo({ directory: { recurse: true } })], ['member1/kustomization.yaml']))[0].unresolved).toBe('dist/member1 holds a kustomization or a Helm chart, which the gate does not render');
  });

  test('the ApplicationSet karmada-migrate writes: one Application per namespace folder, with both trees, never cascading', () => {
    const objects = synthesized(m => new ArgoCdApplicationSet(m, 'set', { name: 'member1', destination: { name: 'karmada' }, repoURL: 'https://git/x.git', path: 'dist/member1' }));
    expect(delivered(deliveriesOf(input(objects)).filter(d => d.tool === 'argocd'))).toStrictEqual([
      ['ApplicationSet argocd/member1: Application argocd/member1-default', ['member1/policies/default/PropagationPolicy.policy.karmada.io_a.yaml', 'member1/templates/default/Deployment.apps_nginx.yaml'], true, false, ''],
      ['ApplicationSet argocd/member1: Application argocd/member1-shop', ['member1/policies/shop/PropagationPolicy.policy.karmada.io_b.yaml', 'member1/templates/shop/Deployment.apps_cart.yaml'], true, false, ''],
    ]);
  });

  test('ApplicationSet names are Argo CD\'s SanitizeName: dots kept, other characters dashed, ends trimmed', () => {
    const objects = synthesized(m => new ArgoCdApplicationSet(m, 'set', { name: 'member1', destination: { name: 'karmada' }, repoURL: 'https://git/x.git', path: 'dist/member1' }));
    const extra = ['member1/policies/web.v1/PropagationPolicy.policy.karmada.io_w.yaml', 'member1/policies/_cluster/ClusterPropagationPolicy.policy.karmada.io_c.yaml'];
    const ds = deliveriesOf({ ...input(objects), files: new Set([...input(objects).files, ...extra]) }).filter(d => d.tool === 'argocd').map(d => d.id);
    expect(ds).toContain('ApplicationSet argocd/member1: Application argocd/member1-web.v1');
    expect(ds).toContain('ApplicationSet argocd/member1: Application argocd/member1-cluster');
  });

  test('an ApplicationSet with another generator is unresolved', () => {
    const set: KubeObject = { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 's', namespace: 'argocd' }, spec: { generators: [{ list: { elements: [] } }], template: {} } };
    expect(deliveriesOf(input([set]))[0].unresolved).toBe('its generators are not a single Git directory generator, which is all the gate renders');
  });

  test('the Flux Kustomizations karmada-migrate writes: each folder, pruning, orphaning on deletion; .yml yes, .json no', () => {
    const objects = synthesized(m => new FluxDelivery(m, 'flux', { sourceRef: { name: 'gitops' }, path: './dist/member1', kubeConfigSecretRef: 'karmada', namePrefix: 'member1' }));
    const ds = deliveriesOf(input(objects));
    // extra.json is no Kustomization's: on the deployed side it is assumed applied from outside.
    expect(ds.map(d => [d.id, d.prunes, d.cascades, [...d.manifests!].filter(f => !f.endsWith('.yaml'))])).toStrictEqual([
      ['Kustomization flux-system/member1-namespaces', true, false, []],
      ['Kustomization flux-system/member1-policies', true, false, []],
      ['Kustomization flux-system/member1-templates', true, false, ['member1/templates/shop/extra.yml']],
      ['the external delivery of dist/member1', true, false, ['member1/templates/shop/extra.json']],
    ]);
    expect([...ds[2].manifests!].sort()).toStrictEqual(['member1/templates/default/Deployment.apps_nginx.yaml', 'member1/templates/shop/Deployment.apps_cart.yaml', 'member1/templates/shop/extra.yml']);
  });

  test('Flux deletionPolicy: MirrorPrune follows prune, Delete always cascades, a suspended Kustomization never', () => {
    const k = (spec: object): KubeObject => ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'k', namespace: 'flux-system' },
      spec: { path: './dist/member1', sourceRef: { kind: 'GitRepository', name: 'g' }, ...spec } });
    expect(deliveriesOf(input([k({ prune: true })]))[0].cascades).toBe(true);
    expect(deliveriesOf(input([k({ prune: false })]))[0].cascades).toBe(false);
    expect(deliveriesOf(input([k({ deletionPolicy: 'Delete' })]))[0].cascades).toBe(true);
    expect(deliveriesOf(input([k({ deletionPolicy: 'Delete', suspend: true })]))[0].cascades).toBe(false);
    expect(deliveriesOf(input([k({ targetNamespace: 'x' })]))[0].unresolved).toBe("it sets 'targetNamespace', which the gate does not render (it may change, rename or recreate the objects)");
  });

  test('a folder no delivery object covers is applied by an assumed external delivery that prunes', () => {
    const ds = deliveriesOf(input([]));
    expect(delivered(ds)).toStrictEqual([['the external delivery of dist/member1', FILES.sort(), true, false, '']]);
  });

  test('protections are read per tool; an external delivery needs both tools\' marks', () => {
    const ns = (annotations: Record<string, string>, labels: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', annotations, labels } });
    const argoMark = { 'argocd.argoproj.io/sync-options': 'Prune=false, Delete=false' };
    const fluxMark = { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' };
    expect([protectedFrom('argocd', ns(argoMark, {}), 'prune'), protectedFrom('argocd', ns(argoMark, {}), 'delete')]).toStrictEqual([true, true]);
    expect(protectedFrom('argocd', ns({ 'argocd.argoproj.io/sync-options': 'Prune=confirm' }, {}), 'prune')).toBe(false);
    expect(protectedFrom('flux', ns({}, fluxMark), 'prune')).toBe(true);
    expect(protectedFrom('flux', ns(fluxMark, {}), 'delete')).toBe(true);
    expect(protectedFrom('external', ns(argoMark, {}), 'prune')).toBe(false);
    expect(protectedFrom('external', ns(argoMark, fluxMark), 'prune')).toBe(true);
  });
});

// the manifests of the example's layout, as a sanity check of the paths used above.
test('the file names above are karmada-migrate\'s layout', () => {
  expect(manifestPath('member1', yaml.load('{apiVersion: apps/v1, kind: Deployment, metadata: {name: nginx, namespace: default}}') as KubeObject))
    .toBe('member1/templates/default/Deployment.apps_nginx.yaml');
});
