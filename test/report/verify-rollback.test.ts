// verify-rollback proves the rollback armed from the Works (and bindings), or says what is
// missing. Karmada facts: a template's member object is kept on deletion only by a Work with
// spec.preserveResourcesOnDeletion (execution_controller.go: handleWorkDelete); a member
// cluster's Works live in karmada-es-<cluster> (names.GenerateExecutionSpaceName); one Work per
// template and scheduled cluster (binding controller: ensureWork).
import * as path from 'path';
import { KubeObject } from '../../src/kube/object';
import { bindingEvidence } from '../../src/karmada/bindings';
import { CrdSchemaSet } from '../../src/kube/crd-schema-set';
import { memberClusters } from '../../src/karmada/placement';
import { DistTree } from '../../src/report/dist-tree';
import { verifyRollback } from '../../src/report/verify-rollback';
import { generateWorkName } from '../../src/karmada/works';
import { manifestPath } from '../../src/output/layout';
import { deployment, ROOT, service } from '../util';

const CRDS = path.join(ROOT, 'crds', 'karmada-v1.18.2');
const schemas = CrdSchemaSet.fromFiles([path.join(CRDS, 'work.karmada.io_works.yaml'), path.join(CRDS, 'work.karmada.io_resourcebindings.yaml')]);
const nginx = deployment('default', 'nginx');
const svc = service('default', 'nginx-svc');

type PolicyOpts = { preserve?: boolean; clusters?: string[]; placement?: object; lazy?: boolean };

function pp(name: string, selectors: object[], opts: PolicyOpts = {}): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name, namespace: 'default' },
    spec: {
      conflictResolution: 'Overwrite',
      placement: opts.placement ?? { clusterAffinity: { clusterNames: opts.clusters ?? ['member1'] } },
      resourceSelectors: selectors.map(s => ({ namespace: 'default', ...s })),
      ...(opts.preserve === false ? {} : { preserveResourcesOnDeletion: true }),
      ...(opts.lazy ? { activationPreference: 'Lazy' } : {}),
    },
  };
}
const app = (opts = {}) => pp('nginx-pp', [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }, { apiVersion: 'v1', kind: 'Service', name: 'nginx-svc' }], opts);

function dist(...objects: KubeObject[]): DistTree {
  return new Map(objects.map(o => [manifestPath('member1', o), o]));
}

/** a Work as Karmada writes it: the manifest carries the claim annotations of its template. */
function work(cluster: string, manifest: KubeObject, preserve?: boolean, namespace = `karmada-es-${cluster}`, claimant = 'nginx-pp'): object {
  const claimed = { ...manifest, metadata: { ...manifest.metadata, annotations: { 'propagationpolicy.karmada.io/name': claimant, 'propagationpolicy.karmada.io/namespace': 'default' } } };
  return {
    apiVersion: 'work.karmada.io/v1alpha1', kind: 'Work',
    metadata: { name: `${manifest.metadata.name}-${manifest.kind.toLowerCase()}-7d9f`, namespace },
    spec: { workload: { manifests: [claimed] }, ...(preserve === undefined ? {} : { preserveResourcesOnDeletion: preserve }) },
  };
}

function binding(manifest: KubeObject, clusters: string[], preserve: boolean): object {
  return {
    apiVersion: 'work.karmada.io/v1alpha2', kind: 'ResourceBinding',
    metadata: {
      name: `${manifest.metadata.name}-${manifest.kind.toLowerCase()}`, namespace: 'default',
      labels: { 'propagationpolicy.karmada.io/permanent-id': '5b0b9a9e-0d7f-4a53-9d4e-2f1c7c1f8a11' },
      annotations: { 'propagationpolicy.karmada.io/name': 'nginx-pp', 'propagationpolicy.karmada.io/namespace': 'default' },
    },
    spec: {
      resource: { apiVersion: manifest.apiVersion, kind: manifest.kind, namespace: 'default', name: manifest.metadata.name },
      clusters: clusters.map(name => ({ name })),
      ...(preserve ? { preserveResourcesOnDeletion: true } : {}),
    },
  };
}

const reasonsOf = (r: ReturnType<typeof verifyRollback>) => r.templates.flatMap(t => t.reasons.map(x => `${t.object}: ${x}`));

describe('verifyRollback', () => {
  test('the Works and bindings used here are valid for their CRDs', () => {
    for (const o of [work('member1', nginx, true), work('member2', svc), binding(nginx, ['member1'], true)]) expect(schemas.validate(o)).toStrictEqual([]);
  });

  test('armed: every template has a preserving Work on each cluster of its placement', () => {
    const r = verifyRollback([work('member1', nginx, true), work('member1', svc, true)], dist(nginx, svc, app()));
    expect(r.ready).toBe(true);
    expect(r.works).toBe(2);
    expect(r.templates.map(t => [t.object, t.armed, t.clusters])).toStrictEqual([
      ['Deployment.apps default/nginx', true, ['member1']], ['Service default/nginx-svc', true, ['member1']],
    ]);
  });

  test.each<[string, object[], DistTree, string[]]>([
    ['a Work lacks the flag', [work('member1', nginx), work('member1', svc, false)], dist(nginx, svc, app()), [
      'Deployment.apps default/nginx: Work karmada-es-member1/nginx-deployment-7d9f (cluster member1) lacks preserveResourcesOnDeletion: true',
      'Service default/nginx-svc: Work karmada-es-member1/nginx-svc-service-7d9f (cluster member1) lacks preserveResourcesOnDeletion: true',
    ]],
    ['no Work at all (not "all 0 armed")', [], dist(nginx, app()), [
      'Deployment.apps default/nginx: no Work applies it: not propagated yet, or the Works are of another control plane',
      'Deployment.apps default/nginx: no Work for it in karmada-es-member1 (cluster member1 of its placement)',
    ]],
    ['Works of other objects only', [work('member1', deployment('shop', 'cart'), true)], dist(nginx, app()), [
      'Deployment.apps default/nginx: no Work applies it: not propagated yet, or the Works are of another control plane',
      'Deployment.apps default/nginx: no Work for it in karmada-es-member1 (cluster member1 of its placement)',
    ]],
    ['a Work for another cluster only', [work('member2', nginx, true)], dist(nginx, app()), [
      'Deployment.apps default/nginx: no Work for it in karmada-es-member1 (cluster member1 of its placement)',
    ]],
    ['a Work outside karmada-es-*', [work('member1', nginx, true, 'default')], dist(nginx, app()), [
      'Deployment.apps default/nginx: Work default/nginx-deployment-7d9f applies it from outside karmada-es-*: not a member cluster\'s Work',
      'Deployment.apps default/nginx: no Work for it in karmada-es-member1 (cluster member1 of its placement)',
    ]],
    ['two clusters, one Work missing', [work('member1', nginx, true)], dist(nginx, app({ clusters: ['member1', 'member2'] })), [
      'Deployment.apps default/nginx: no Work for it in karmada-es-member2 (cluster member2 of its placement)',
    ]],
    ['the policy in dist/ is disarmed (the next sync clears the flag)', [work('member1', nginx, true)], dist(nginx, app({ preserve: false })), [
      'Deployment.apps default/nginx: PropagationPolicy default/nginx-pp in dist/ may claim it and it does not have preserveResourcesOnDeletion: true: the next sync would clear the flag',
    ]],
    ['a Lazy policy is not armed', [work('member1', nginx, true)], dist(nginx, app({ lazy: true })), [
      'Deployment.apps default/nginx: PropagationPolicy default/nginx-pp in dist/ may claim it and it has activationPreference: Lazy, which keeps a policy change ' +
      '(the preserve flag too) from reaching the existing bindings until each template is edited: the next sync would clear the flag',
    ]],
    ['a placement by label without --clusters', [work('member1', nginx, true)], dist(nginx, app({ placement: { clusterAffinity: { labelSelector: { matchLabels: { env: 'prod' } } } } })), [
      'Deployment.apps default/nginx: the clusters of PropagationPolicy default/nginx-pp are unknown (the placement has a label or field selector over clusters: ' +
      'without the Cluster objects (--clusters) the clusters it selects are unknown): give --bindings or --clusters',
    ]],
  ])('not armed: %s', (_, works, tree, reasons) => {
    const r = verifyRollback(works, tree);
    expect(r.ready).toBe(false);
    expect(reasonsOf(r)).toStrictEqual(reasons);
  });

  test('a dist/ without templates (the release commit) is not armed', () => {
    const r = verifyRollback([work('member1', nginx, true)], dist(app()));
    expect(r.ready).toBe(false);
    expect(r.problems).toStrictEqual([
      'Work karmada-es-member1/nginx-deployment-7d9f applies Deployment.apps default/nginx, claimed by PropagationPolicy default/nginx-pp of dist/, which no longer holds its template: ' +
        'run verify-rollback on the dist/ of the armed commit, before the release',
      'dist/ holds no template: there is nothing to verify. Run verify-rollback on the armed commit, before the release removes the templates',
    ]);
  });

  test('--clusters resolves a placement by label', () => {
    const clusters = memberClusters([
      { apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'Cluster', metadata: { name: 'member1', labels: { env: 'prod' } } },
      { apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'Cluster', metadata: { name: 'member2', labels: { env: 'prod' } } },
      { apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'Cluster', metadata: { name: 'member3', labels: { env: 'dev' } } },
    ]);
    const tree = dist(nginx, app({ placement: { clusterAffinity: { labelSelector: { matchLabels: { env: 'prod' } } } } }));
    expect(reasonsOf(verifyRollback([work('member1', nginx, true)], tree, { clusters }))).toStrictEqual([
      'Deployment.apps default/nginx: no Work for it in karmada-es-member2 (cluster member2 of its placement)',
    ]);
    expect(verifyRollback([work('member1', nginx, true), work('member2', nginx, true)], tree, { clusters }).ready).toBe(true);
  });

  test('--bindings: the binding must carry the flag, and its scheduled clusters need a Work', () => {
    const tree = dist(nginx, app());
    const armed = bindingEvidence([binding(nginx, ['member1'], true)]);
    expect(verifyRollback([work('member1', nginx, true)], tree, { bindings: armed }).ready).toBe(true);
    expect(reasonsOf(verifyRollback([work('member1', nginx, true)], tree, { bindings: bindingEvidence([binding(nginx, ['member1', 'member3'], false)]) }))).toStrictEqual([
      'Deployment.apps default/nginx: its binding ResourceBinding default/nginx-deployment has preserveResourcesOnDeletion: false',
      'Deployment.apps default/nginx: no Work for it in karmada-es-member3 (cluster member3 of its placement)',
    ]);
    expect(reasonsOf(verifyRollback([work('member1', nginx, true)], tree, { bindings: [] }))).toStrictEqual([
      'Deployment.apps default/nginx: no ResourceBinding for it among the bindings given: Karmada has not claimed it, or the bindings are of another control plane',
    ]);
  });

  // an attached binding (a dependency) has no claim; its clusters are those of the bindings that require it.
  test('a dependency propagated through propagateDeps: armed from its attached binding and the referring policy', () => {
    const podSpec = { containers: [{ name: 'web', image: 'web:1', envFrom: [{ configMapRef: { name: 'conf' } }] }] };
    const base = deployment('default', 'web');
    const web: KubeObject = { ...base, spec: { ...(base.spec as object), template: { metadata: { labels: { app: 'web' } }, spec: podSpec } } };
    const conf: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'conf', namespace: 'default' }, data: { a: 'b' } };
    const webPP = pp('web', [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }]);
    const policy: KubeObject = { ...webPP, spec: { ...(webPP.spec as object), propagateDeps: true } };
    const works = [work('member1', web, true, 'karmada-es-member1', 'web'), { ...work('member1', conf, true) as object, spec: { preserveResourcesOnDeletion: true, workload: { manifests: [conf] } } }];
    expect(verifyRollback(works, dist(web, conf, policy)).templates.flatMap(t => t.reasons)).toStrictEqual([]);
    const attached = { ...binding(conf, ['member1'], true) as { metadata: object; spec: object } };
    const evidence = bindingEvidence([binding(web, ['member1'], true), { ...attached, metadata: { name: 'conf-configmap', namespace: 'default' },
      spec: { resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'conf' }, preserveResourcesOnDeletion: true,
        requiredBy: [{ namespace: 'default', name: 'web-deployment', clusters: [{ name: 'member1' }] }] } }]);
    expect(verifyRollback(works, dist(web, conf, policy), { bindings: evidence }).templates.flatMap(t => t.reasons)).toStrictEqual([]);
  });

  test('a Work of an object claimed by a policy of dist/ whose template dist/ no longer holds: run on the armed commit', () => {
    const r = verifyRollback([work('member1', nginx, false), work('member1', svc, true)], dist(svc, app()));
    expect(r.ready).toBe(false);
    expect(r.problems).toStrictEqual(['Work karmada-es-member1/nginx-deployment-7d9f applies Deployment.apps default/nginx, claimed by PropagationPolicy default/nginx-pp of dist/, ' +
      'which no longer holds its template: run verify-rollback on the dist/ of the armed commit, before the release']);
  });

  test('a Work with null manifests is read, not a crash', () => {
    const w = { apiVersion: 'work.karmada.io/v1alpha1', kind: 'Work', metadata: { name: 'w', namespace: 'karmada-es-member1' }, spec: { workload: { manifests: null } } };
    expect(verifyRollback([w, work('member1', nginx, true)], dist(nginx, app())).ready).toBe(true);
  });

  test.each([
    ['an item that is not a Work', [{ kind: 'ResourceBinding', metadata: { name: 'x' } }], "works.json: item 0 is not a Work (kind: Work with metadata.name); give 'kubectl get works.work.karmada.io -A -o json'"],
    ['manifests not a list', [{ kind: 'Work', metadata: { name: 'w' }, spec: { workload: { manifests: {} } } }], 'works.json: item 0 (w): spec.workload.manifests must be a list'],
  ])('fails on malformed input: %s', (_, input, message) => {
    expect(() => verifyRollback(input, dist(nginx, app()), { file: 'works.json' })).toThrow(message);
  });
});

// a fleet: one Work per template and scheduled cluster, named by names.GenerateWorkName in
// karmada-es-<cluster> (pkg/controllers/binding/common.go: ensureWork), each carrying the binding's
// flag; preserveResourcesOnDeletion is the policy's, for every cluster it places on.
describe('verifyRollback: a fleet of three clusters', () => {
  const FLEET = ['member1', 'member2', 'member3'];
  const web = deployment('shop', 'web');
  const policy: KubeObject = {
    apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: 'deployments-pp-6739a741', namespace: 'shop' },
    spec: {
      conflictResolution: 'Overwrite', preserveResourcesOnDeletion: true,
      placement: { clusterAffinity: { clusterNames: FLEET }, replicaScheduling: { replicaSchedulingType: 'Duplicated' } },
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }],
    },
  };
  const fleetDist: DistTree = new Map([web, policy].map(o => [manifestPath('fleet', o), o]));
  const fleetWork = (cluster: string, preserve?: boolean): object => {
    const claimed = { ...web, metadata: { ...web.metadata, annotations: { 'propagationpolicy.karmada.io/name': policy.metadata.name, 'propagationpolicy.karmada.io/namespace': 'shop' } } };
    return {
      apiVersion: 'work.karmada.io/v1alpha1', kind: 'Work',
      metadata: { name: generateWorkName('Deployment', 'web', 'shop'), namespace: `karmada-es-${cluster}` },
      spec: { workload: { manifests: [claimed] }, ...(preserve === undefined ? {} : { preserveResourcesOnDeletion: preserve }) },
    };
  };

  test('the Works are valid for their CRD', () => {
    for (const c of FLEET) expect(schemas.validate(fleetWork(c, true))).toStrictEqual([]);
  });

  test('armed: a preserving Work on each of the three clusters', () => {
    const r = verifyRollback(FLEET.map(c => fleetWork(c, true)), fleetDist);
    expect([r.ready, r.works, r.templates.map(t => [t.armed, t.clusters])]).toStrictEqual([true, 3, [[true, FLEET]]]);
  });

  test('member3\'s Work missing: not armed, naming member3 alone', () => {
    const r = verifyRollback([fleetWork('member1', true), fleetWork('member2', true)], fleetDist);
    expect(r.ready).toBe(false);
    expect(reasonsOf(r)).toStrictEqual(['Deployment.apps shop/web: no Work for it in karmada-es-member3 (cluster member3 of its placement)']);
  });

  test('member3\'s Work without the flag: not armed, naming member3 and why a Work of one cluster can lack it', () => {
    const r = verifyRollback([fleetWork('member1', true), fleetWork('member2', true), fleetWork('member3')], fleetDist);
    expect(r.ready).toBe(false);
    expect(reasonsOf(r)).toStrictEqual([
      `Deployment.apps shop/web: Work karmada-es-member3/${generateWorkName('Deployment', 'web', 'shop')} (cluster member3) lacks preserveResourcesOnDeletion: true, ` +
      'which the Works of member1, member2 carry: the flag is the policy\'s for every cluster, so this Work has not been rewritten since (Karmada skips a cluster whose overrides fail)',
    ]);
  });
});
