import * as path from 'path';
import { Testing } from 'cdk8s';
import { KindTakeover, Migration, MigrationApp, MigrationPhase } from '../../../src';
import { ArgoCdApplication } from '../../../src/constructs/delivery/argo-cd-application';
import { ArgoCdApplicationSet } from '../../../src/constructs/delivery/argo-cd-application-set';
import { FluxDelivery } from '../../../src/constructs/delivery/flux-delivery';
import { CrdSchemaSet } from '../../../src/kube/crd-schema-set';
import { deployment, ROOT } from '../../util';

const schemas = CrdSchemaSet.fromFiles([
  path.join(ROOT, 'crds/argo-cd-v3.5.1/application-crd.yaml'),
  path.join(ROOT, 'crds/argo-cd-v3.5.1/applicationset-crd.yaml'),
  path.join(ROOT, 'crds/flux-kustomize-controller-v1.9.4/kustomize.toolkit.fluxcd.io_kustomizations.yaml'),
]);

const argo = { destination: { name: 'karmada' }, repoURL: 'https://git.example.com/platform/karmada-gitops.git', path: 'dist/member1' };

describe('ArgoCdApplication', () => {
  test('automated sync with prune and self-heal, server-side apply, never Replace=true, manifests only', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ArgoCdApplication(chart, 'app', { ...argo, name: 'karmada-member1' });

    // THEN
    const [app] = Testing.synth(chart);
    expect(app.metadata).toStrictEqual({ name: 'karmada-member1', namespace: 'argocd' });
    expect(app.spec.destination).toStrictEqual({ name: 'karmada' });
    expect(app.spec.source).toStrictEqual({
      repoURL: argo.repoURL, targetRevision: 'HEAD', path: 'dist/member1', directory: { recurse: true, include: '{*.yaml,**/*.yaml}' },
    });
    expect(app.spec.syncPolicy.automated).toStrictEqual({ prune: true, selfHeal: true, allowEmpty: false });
    expect(app.spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    expect(JSON.stringify(app)).not.toContain('Replace=true');
    // no resources finalizer: deleting the Application never deletes what it applied
    expect(app.metadata).not.toHaveProperty('finalizers');
  });

  test('validates against the Argo CD v3.5.1 CRD', () => {
    const chart = Testing.chart();
    new ArgoCdApplication(chart, 'a', { ...argo, name: 'a' });
    new ArgoCdApplication(chart, 'b', { ...argo, name: 'b', destination: { server: 'https://karmada-apiserver.karmada-system.svc:5443' }, prune: false, project: 'platform' });
    for (const m of Testing.synth(chart)) expect(schemas.validate(m)).toStrictEqual([]);
  });

  test('fails when the destination is not exactly one of name and server', () => {
    expect(() => new ArgoCdApplication(Testing.chart(), 'a', { ...argo, name: 'a', destination: {} }))
      .toThrow("ArgoCdApplication 'destination' ({}) needs exactly one of 'name' (the cluster name in Argo CD) or 'server' (the Karmada API server URL)");
    expect(() => new ArgoCdApplication(Testing.chart(), 'a', { ...argo, name: 'a', destination: { name: 'k', server: 'https://k' } })).toThrow('needs exactly one');
    expect(() => new ArgoCdApplication(Testing.chart(), 'a', { ...argo, name: 'a', path: '/dist' })).toThrow("'path' (\"/dist\") must be a path inside the repository");
  });
});

describe('FluxDelivery', () => {
  const flux = { sourceRef: { name: 'karmada-gitops' }, path: './dist/member1', kubeConfigSecretRef: 'karmada-kubeconfig', namePrefix: 'karmada-member1' };

  test('namespaces, then policies, then templates, through dependsOn; prune, no health checks, orphan on deletion', () => {
    const chart = Testing.chart();
    new FluxDelivery(chart, 'flux', flux);
    const ks = Testing.synth(chart);
    expect(ks.map(k => [k.metadata.name, k.spec.path, k.spec.dependsOn])).toStrictEqual([
      ['karmada-member1-namespaces', './dist/member1/namespaces', undefined],
      ['karmada-member1-policies', './dist/member1/policies', [{ name: 'karmada-member1-namespaces' }]],
      ['karmada-member1-templates', './dist/member1/templates', [{ name: 'karmada-member1-policies' }]],
    ]);
    for (const k of ks) {
      expect(k.spec.prune).toBe(true);
      expect(k.spec.kubeConfig).toStrictEqual({ secretRef: { name: 'karmada-kubeconfig' } });
      expect(k.spec.sourceRef).toStrictEqual({ kind: 'GitRepository', name: 'karmada-gitops' });
      expect(k.spec.deletionPolicy).toBe('Orphan');
      expect(k.spec).not.toHaveProperty('wait');
      expect(k.spec).not.toHaveProperty('healthChecks');
      expect(schemas.validate(k)).toStrictEqual([]);
    }
  });

  test('fails without a kubeconfig Secret', () => {
    expect(() => new FluxDelivery(Testing.chart(), 'f', { ...flux, kubeConfigSecretRef: '' })).toThrow("FluxDelivery 'kubeConfigSecretRef' must name the Secret");
  });
});

describe('ArgoCdApplicationSet', () => {
  test('one Application per namespace folder, policies and templates as two sources, resources preserved on deletion', () => {
    // GIVEN
    const chart = Testing.chart();

    // WHEN
    new ArgoCdApplicationSet(chart, 'set', { ...argo, name: 'karmada-member1' });

    // THEN
    const [set] = Testing.synth(chart);
    expect(schemas.validate(set)).toStrictEqual([]);
    expect(set.spec.generators).toStrictEqual([{ git: { repoURL: argo.repoURL, revision: 'HEAD', directories: [{ path: 'dist/member1/policies/*' }] } }]);
    expect(set.spec.syncPolicy).toStrictEqual({ preserveResourcesOnDeletion: true });
    expect(set.spec.template.metadata.name).toBe('karmada-member1-{{.path.basenameNormalized}}');
    expect(set.spec.template.spec.sources.map((s: { path: string }) => s.path)).toStrictEqual(['{{.path.path}}', 'dist/member1/templates/{{.path.basename}}']);
    expect(JSON.stringify(set)).not.toContain('Replace=true');
  });

  test('inside a Migration, every namespace folder is kept in both trees', () => {
    const app = new MigrationApp({ outdir: 'never-written' });
    const migration = new Migration(app, 'member1', { sourceCluster: 'member1', objects: [{ object: deployment('shop', 'cart') }], rollback: true });
    new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    new ArgoCdApplicationSet(migration, 'set', { ...argo, name: 'karmada-member1' });
    expect(migration.mirrorNamespaceFolders).toBe(true);
    const released = new MigrationApp({ outdir: 'never-written' });
    const m2 = new Migration(released, 'member1', { sourceCluster: 'member1', objects: [{ object: deployment('shop', 'cart') }], rollback: true, phase: MigrationPhase.RELEASE });
    new KindTakeover(m2, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
    new ArgoCdApplicationSet(m2, 'set', { ...argo, name: 'karmada-member1' });
    expect([...released.render().keys()].filter(f => !f.startsWith('_delivery'))).toStrictEqual([
      'member1/namespaces/Namespace_shop.yaml',
      'member1/policies/shop/PropagationPolicy.policy.karmada.io_deployments-pp.yaml',
      'member1/templates/.keep',
      'member1/templates/shop/.keep',
    ]);
  });
});

describe('a rehearsal is delivered like a takeover', () => {
  // while suspended, templates stay Progressing and their bindings Degraded in Argo CD (Karmada's
  // health checks): nothing the deliveries write may wait on health, or the rehearsal would block.
  test('phase Rehearse writes the same deliveries, none of which waits on health: no Flux wait or health checks, no progressive sync, no hook', () => {
    const deliveries = (phase: MigrationPhase) => {
      const app = new MigrationApp({ outdir: 'never-written' });
      const m = new Migration(app, 'member1', { sourceCluster: 'member1', objects: [{ object: deployment('shop', 'cart') }], phase });
      new KindTakeover(m, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
      new ArgoCdApplication(m, 'app', { ...argo, name: 'karmada-member1' });
      new ArgoCdApplicationSet(m, 'set', { ...argo, name: 'karmada-member1-set' });
      new FluxDelivery(m, 'flux', { sourceRef: { kind: 'GitRepository', name: 'gitops' }, path: './dist/member1', kubeConfigSecretRef: 'karmada-kubeconfig', namePrefix: 'member1' });
      return [...app.render().entries()].filter(([f]) => f.startsWith('_delivery/'));
    };
    const rehearsal = deliveries(MigrationPhase.REHEARSE);
    expect(rehearsal).toStrictEqual(deliveries(MigrationPhase.TAKEOVER));
    expect(rehearsal.length).toBeGreaterThan(0);
    for (const [, text] of rehearsal) {
      expect(text).not.toMatch(/\bwait: true|healthChecks|strategy:|RollingSync|argocd\.argoproj\.io\/hook/);
    }
  });
});
