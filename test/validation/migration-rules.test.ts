// The migration rules, one by one: what a takeover needs beyond what Karmada admits
// (the Karmada sources are named in src/validation/migration-rules.ts).
import * as path from 'path';
import { Testing } from 'cdk8s';
import * as yaml from 'js-yaml';
import { ArgoCdApplication } from '../../src/constructs/delivery/argo-cd-application';
import { ArgoCdApplicationSet } from '../../src/constructs/delivery/argo-cd-application-set';
import { KubeObject } from '../../src/kube/object';
import { KARMADA_KUBE_CONTROLLERS, KARMADA_OWN_OBJECTS, MIGRATION_RULES, ownObjectsClaimedBy } from '../../src/validation/migration-rules';
import { validateManifests } from '../../src/validation/validate-manifests';
import { readTree, ROOT } from '../util';
import { Json, policy } from './_policy';



function selecting(selectors: Json[], kind = 'PropagationPolicy', namespace = 'default'): KubeObject {
  return policy({ resourceSelectors: selectors }, kind, kind === 'PropagationPolicy' ? { name: 'p', namespace } : { name: 'p' });
}

/** the findings of one migration rule, as `path: message`. */
function findings(ruleId: string, m: KubeObject, sourceClusters: string[] = ['member1'], karmadaControllers?: string[]): string[] {
  const rule = MIGRATION_RULES.find(r => r.id === `migration/${ruleId}`);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return validateManifests([m], { rules: [rule], sourceClusters, ...(karmadaControllers ? { karmadaControllers } : {}) })
    .filter(v => v.rule === rule.id).map(v => `${v.path}: ${v.message}`);
}


const OWN_SERVICE = 'the Karmada API server\'s own default/kubernetes, which Overwrite would push onto the member cluster';

describe('migration rules', () => {
  test('the example\'s committed dist/ (policies, templates, the Namespace) breaks no rule at all', () => {
    const manifests = Object.entries(readTree(path.join(ROOT, 'dist'))).filter(([f]) => f.endsWith('.yaml')).flatMap(([, text]) => yaml.loadAll(text) as KubeObject[]);
    expect(manifests.filter(m => m.kind === 'PropagationPolicy')).toHaveLength(5);
    expect(validateManifests(manifests, { sourceClusters: ['member1'] })).toStrictEqual([]);
  });

  test('migration/overwrite: conflictResolution Overwrite, not Abort nor unset', () => {
    expect(findings('overwrite', policy())).toStrictEqual([]);
    expect(findings('overwrite', policy({ conflictResolution: 'Abort' }))).toStrictEqual([
      'spec.conflictResolution: conflictResolution is Abort: Karmada will not take the existing member objects over (the Works fail with "strategy value is empty")',
    ]);
    expect(findings('overwrite', policy({ conflictResolution: undefined }))).toStrictEqual([
      'spec.conflictResolution: conflictResolution is unset (Abort): Karmada will not take the existing member objects over (the Works fail with "strategy value is empty")',
    ]);
  });

  test('migration/placement-source-cluster: exactly the source clusters, by name, and nothing else', () => {
    const placement = (p: Json) => findings('placement-source-cluster', policy({ placement: p }));
    const notOne = (names: string) => [`spec.placement: the placement does not name its clusters and nothing else (clusterNames: ${names}): ` +
      'a takeover must place each object back where it runs, and only there'];
    expect(placement({ clusterAffinity: { clusterNames: ['member1'] } })).toStrictEqual([]);
    expect(placement({ clusterAffinity: { clusterNames: ['member1'], exclude: [] } })).toStrictEqual([]);
    expect(placement({})).toStrictEqual(notOne('none'));
    expect(placement({ clusterAffinity: { clusterNames: ['member1', 'member2'] } }))
      .toStrictEqual(['spec.placement.clusterAffinity.clusterNames: cluster member2 is not a source cluster of the migration (member1)']);
    // a fleet: several source clusters, Duplicated (absent or explicit), never Divided.
    const fleet = (p: Json) => findings('placement-source-cluster', policy({ placement: p }), ['member1', 'member2']);
    expect(fleet({ clusterAffinity: { clusterNames: ['member1', 'member2'] } })).toStrictEqual([]);
    expect(fleet({ clusterAffinity: { clusterNames: ['member1', 'member2'] }, replicaScheduling: { replicaSchedulingType: 'Duplicated' } })).toStrictEqual([]);
    expect(fleet({ clusterAffinity: { clusterNames: ['member1', 'member2'] }, replicaScheduling: {} })).toStrictEqual([
      'spec.placement.replicaScheduling: replicaScheduling {} on 2 clusters divides the replicas: each member would scale to its share',
    ]);
    expect(placement({ clusterAffinity: { clusterNames: ['member1'], labelSelector: { matchLabels: { env: 'prod' } } } })).toStrictEqual(notOne('member1'));
    expect(placement({ clusterAffinity: { clusterNames: ['member1'], exclude: ['member2'] } })).toStrictEqual(notOne('member1'));
    expect(placement({ clusterAffinities: [{ affinityName: 'a', clusterNames: ['member1'] }] })).toStrictEqual(notOne('none'));
    expect(placement({ clusterAffinity: { clusterNames: ['member2'] } }))
      .toStrictEqual(['spec.placement.clusterAffinity.clusterNames: cluster member2 is not a source cluster of the migration (member1)']);
    // without known source clusters (a TypeScript app under cdk8s synth) only the shape is checked.
    expect(findings('placement-source-cluster', policy({ placement: { clusterAffinity: { clusterNames: ['member2'] } } }), [])).toStrictEqual([]);
  });

  test('migration/placement-source-cluster: with the clusters of each manifest\'s migration, another migration\'s cluster is refused', () => {
    const rule = MIGRATION_RULES.find(r => r.id === 'migration/placement-source-cluster')!;
    const mine = policy({ placement: { clusterAffinity: { clusterNames: ['member1', 'member2'] } } });
    const theirs = policy({ placement: { clusterAffinity: { clusterNames: ['member2'] } } });
    const clustersOf = (m: KubeObject) => (m === mine ? ['member1'] : m === theirs ? ['member2'] : undefined);
    const violations = validateManifests([mine, theirs], { rules: [rule], sourceClusters: ['member1', 'member2'], clustersOf });
    expect(violations.map(v => [v.object === mine, `${v.path}: ${v.message}`])).toStrictEqual([
      [true, 'spec.placement.clusterAffinity.clusterNames: cluster member2 is not a source cluster of the migration (member1)'],
    ]);
    // a manifest of no known migration falls back on every source cluster.
    expect(validateManifests([mine], { rules: [rule], sourceClusters: ['member1', 'member2'], clustersOf: () => undefined })).toStrictEqual([]);
  });

  test('migration/no-preemption', () => {
    expect(findings('no-preemption', policy())).toStrictEqual([]);
    expect(findings('no-preemption', policy({ preemption: 'Always' })))
      .toStrictEqual(['spec.preemption: preemption: Always lets the policy take templates from other policies']);
  });

  test('migration/no-lazy-activation: Lazy would keep preserveResourcesOnDeletion from reaching the bindings', () => {
    expect(findings('no-lazy-activation', policy())).toStrictEqual([]);
    expect(findings('no-lazy-activation', policy({ activationPreference: 'Lazy' }))).toStrictEqual([
      'spec.activationPreference: with activationPreference: Lazy a policy change reaches the bindings only when each template is edited: preserveResourcesOnDeletion would not arm the rollback',
    ]);
  });

  test('migration/suspended-rehearsal: a suspended policy neither propagates dependencies nor activates lazily', () => {
    const suspended = { suspension: { dispatching: true } };
    expect(findings('suspended-rehearsal', policy(suspended))).toStrictEqual([]);
    // the pinned CRDs (Karmada v1.18.2) and webhook admit spec.suspension on both kinds: no violation of any rule.
    expect(validateManifests([policy(suspended), policy(suspended, 'ClusterPropagationPolicy', { name: 'p' })], { sourceClusters: ['member1'] })).toStrictEqual([]);
    // propagateDeps alone (not suspended) is another matter.
    expect(findings('suspended-rehearsal', policy({ propagateDeps: true }))).toStrictEqual([]);
    const deps = 'do not inherit the suspension and are dispatched at once: with Overwrite they are written onto the member cluster during the rehearsal';
    expect(findings('suspended-rehearsal', policy({ ...suspended, propagateDeps: true, activationPreference: 'Lazy' }))).toStrictEqual([
      expect.stringMatching(new RegExp(`^spec\\.propagateDeps: the policy suspends dispatching but has propagateDeps: true: .*${deps}$`)),
      'spec.activationPreference: the policy suspends dispatching under activationPreference: Lazy: lifting the suspension would reach a binding only when its template is edited, so the takeover would never happen',
    ]);
    // suspended on the source cluster only counts too, and the webhook's propagateDeps for a ServiceImport.
    const serviceImport = { apiVersion: 'multicluster.x-k8s.io/v1alpha1', kind: 'ServiceImport', name: 'web' };
    expect(findings('suspended-rehearsal', policy({
      suspension: { dispatchingOnClusters: { clusterNames: ['member1'] } },
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }, serviceImport],
    }))).toStrictEqual([expect.stringMatching(/^spec\.resourceSelectors\[1\]: the policy suspends dispatching and selects a multicluster\.x-k8s\.io\/v1alpha1 ServiceImport, for which Karmada's webhook sets propagateDeps: true/)]);
    // not suspended: dispatching false, {} or null.
    for (const suspension of [{ dispatching: false }, {}, null]) {
      expect(findings('suspended-rehearsal', policy({ suspension, propagateDeps: true }))).toStrictEqual([]);
    }
  });

  test('migration/no-namespace-takeover: no selector of v1 Namespaces', () => {
    expect(findings('no-namespace-takeover', selecting([{ apiVersion: 'v1', kind: 'Service' }, { apiVersion: 'example.com/v1', kind: 'Namespace' }]))).toStrictEqual([]);
    expect(findings('no-namespace-takeover', selecting([{ apiVersion: 'apps/v1', kind: 'Deployment' }, { apiVersion: 'v1', kind: 'Namespace', name: 'shop' }], 'ClusterPropagationPolicy'))).toStrictEqual([
      'spec.resourceSelectors[1]: a policy selects Namespaces: with Overwrite, deleting one from Karmada would delete the member namespace and everything in it',
    ]);
  });

  describe('migration/karmada-own-objects', () => {
    const own = (m: KubeObject) => findings('karmada-own-objects', m);

    test('a kind-only Service selector in default claims the API server\'s kubernetes Service', () => {
      expect(own(selecting([{ apiVersion: 'apps/v1', kind: 'Deployment' }, { apiVersion: 'v1', kind: 'Service' }]))).toStrictEqual([
        `spec.resourceSelectors[1]: a kind-only selector of Service in default also claims ${OWN_SERVICE}`,
      ]);
      // the PropagationPolicy webhook fills the namespace: written out, it is the same.
      expect(own(selecting([{ apiVersion: 'v1', kind: 'Service', namespace: 'default' }]))).toHaveLength(1);
    });

    test('a kind-only ConfigMap selector, in any namespace, claims kube-root-ca.crt where the Karmada control plane publishes it', () => {
      const publisher = '(published by its kube-controller-manager\'s root-ca-cert-publisher controller)';
      const all = ['*'];
      expect(findings('karmada-own-objects', selecting([{ apiVersion: 'v1', kind: 'ConfigMap' }], 'PropagationPolicy', 'shop'), ['member1'], all)).toStrictEqual([
        `spec.resourceSelectors[0]: a kind-only selector of ConfigMap in shop also claims the Karmada API server's own shop/kube-root-ca.crt ${publisher}, ` +
        'which Overwrite would push onto the member cluster',
      ]);
      expect(findings('karmada-own-objects', selecting([{ apiVersion: 'v1', kind: 'ConfigMap' }], 'ClusterPropagationPolicy'), ['member1'], all)).toStrictEqual([
        `spec.resourceSelectors[0]: a kind-only selector of ConfigMap in every namespace also claims the Karmada API server's own kube-root-ca.crt in every namespace ${publisher}, ` +
        'which Overwrite would push onto the member cluster',
      ]);
      expect(findings('karmada-own-objects', selecting([{ apiVersion: 'v1', kind: 'ServiceAccount' }]), ['member1'], [...KARMADA_KUBE_CONTROLLERS, 'serviceaccount']))
        .toStrictEqual(['spec.resourceSelectors[0]: a kind-only selector of ServiceAccount in default also claims the Karmada API server\'s own default/default ' +
          '(published by its kube-controller-manager\'s serviceaccount controller), which Overwrite would push onto the member cluster']);
      expect(findings('karmada-own-objects', selecting([{ apiVersion: 'v1', kind: 'ConfigMap' }]), ['member1'], ['*', '-root-ca-cert-publisher'])).toStrictEqual([]);
    });

    test('Karmada\'s installers run neither root-ca-cert-publisher nor serviceaccount: by default ConfigMaps and ServiceAccounts may be taken over by kind', () => {
      expect(KARMADA_KUBE_CONTROLLERS).not.toContain('root-ca-cert-publisher');
      expect(KARMADA_KUBE_CONTROLLERS).not.toContain('serviceaccount');
      expect(own(selecting([{ apiVersion: 'v1', kind: 'ConfigMap' }, { apiVersion: 'v1', kind: 'ServiceAccount' }]))).toStrictEqual([]);
      expect(own(selecting([{ apiVersion: 'v1', kind: 'ConfigMap' }], 'ClusterPropagationPolicy'))).toStrictEqual([]);
    });

    test('name selectors are not flagged, unless they name an own object', () => {
      expect(own(selecting([{ apiVersion: 'v1', kind: 'Service', name: 'nginx-svc' }, { apiVersion: 'v1', kind: 'ConfigMap', name: 'nginx-conf' }]))).toStrictEqual([]);
      expect(own(selecting([{ apiVersion: 'v1', kind: 'Service', name: 'kubernetes' }]))).toStrictEqual([
        `spec.resourceSelectors[0]: the name selector kubernetes of Service in default also claims ${OWN_SERVICE}`,
      ]);
    });

    test('a ClusterPropagationPolicy\'s kind-only selector claims it from every namespace, unless it names another namespace', () => {
      expect(own(selecting([{ apiVersion: 'v1', kind: 'Service' }], 'ClusterPropagationPolicy'))).toStrictEqual([
        `spec.resourceSelectors[0]: a kind-only selector of Service in every namespace also claims ${OWN_SERVICE}`,
      ]);
      expect(own(selecting([{ apiVersion: 'v1', kind: 'Service', namespace: 'shop' }], 'ClusterPropagationPolicy'))).toStrictEqual([]);
      expect(own(selecting([{ apiVersion: 'v1', kind: 'Service', namespace: 'default' }], 'ClusterPropagationPolicy'))).toHaveLength(1);
    });

    test('other namespaces, other kinds and label selectors the own objects do not match are fine', () => {
      expect(own(selecting([{ apiVersion: 'v1', kind: 'Service' }, { apiVersion: 'apps/v1', kind: 'Deployment' }], 'PropagationPolicy', 'shop'))).toStrictEqual([]);
      expect(own(selecting([{ apiVersion: 'v1', kind: 'Service', labelSelector: { matchLabels: { app: 'nginx' } } }]))).toStrictEqual([]);
      expect(own(selecting([{ apiVersion: 'v1', kind: 'Service', labelSelector: { matchLabels: { provider: 'kubernetes' } } }]))).toStrictEqual([
        `spec.resourceSelectors[0]: a labelSelector selector of Service in default also claims ${OWN_SERVICE}`,
      ]);
      // kube-* namespaces are never propagated (--skipped-propagating-namespaces).
      expect(own(selecting([{ apiVersion: 'v1', kind: 'ConfigMap' }], 'PropagationPolicy', 'kube-public'))).toStrictEqual([]);
    });

    test('the endpoints of the kubernetes Service', () => {
      const m = selecting([{ apiVersion: 'v1', kind: 'Endpoints' }, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }]);
      expect(own(m).map(f => f.split(': ')[0])).toStrictEqual(['spec.resourceSelectors[0]', 'spec.resourceSelectors[1]']);
    });

    test('cluster-scoped own objects: only a ClusterPropagationPolicy claims them', () => {
      expect(own(selecting([{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' }], 'ClusterPropagationPolicy'))).toStrictEqual([
        'spec.resourceSelectors[0]: a kind-only selector of ClusterRole also claims the Karmada API server\'s own cluster-admin, admin, edit, view, system:*, ' +
        'which Overwrite would push onto the member cluster',
      ]);
      expect(own(selecting([{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'shop-reader' }], 'ClusterPropagationPolicy'))).toStrictEqual([]);
      expect(own(selecting([{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'system:aggregate-to-view' }], 'ClusterPropagationPolicy'))).toHaveLength(1);
      expect(own(selecting([{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'foos.example.com' }], 'ClusterPropagationPolicy'))).toStrictEqual([]);
      expect(own(selecting([{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'propagationpolicies.policy.karmada.io' }], 'ClusterPropagationPolicy')))
        .toHaveLength(1);
      expect(own(selecting([{ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass' }], 'ClusterPropagationPolicy'))[0]).toContain('system-cluster-critical, system-node-critical');
    });

    test('ownObjectsClaimedBy lists the objects; every entry of the table is claimed by a kind-only ClusterPropagationPolicy selector', () => {
      const cpp = selecting([], 'ClusterPropagationPolicy');
      for (const o of KARMADA_OWN_OBJECTS) {
        const claimed = ownObjectsClaimedBy(cpp, { apiVersion: o.apiVersion, kind: o.kind }, ['*']).includes(o);
        expect([o.kind, o.name, claimed]).toStrictEqual([o.kind, o.name, true]);
      }
      expect(ownObjectsClaimedBy(selecting([]), { apiVersion: 'v1', kind: 'Service' }).map(o => `${o.namespace}/${o.name}`)).toStrictEqual(['default/kubernetes']);
    });
  });

  test('migration/namespace-overwrite-annotation: only the overwrite value takes a namespace over', () => {
    const ns = (annotations?: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', ...(annotations ? { annotations } : {}) } });
    expect(findings('namespace-overwrite-annotation', ns())).toStrictEqual([]);
    expect(findings('namespace-overwrite-annotation', ns({ 'work.karmada.io/conflict-resolution': 'abort' }))).toStrictEqual([]);
    expect(findings('namespace-overwrite-annotation', ns({ 'work.karmada.io/conflict-resolution': 'overwrite' }))).toStrictEqual([
      'metadata.annotations[work.karmada.io/conflict-resolution]: the Namespace carries work.karmada.io/conflict-resolution: overwrite: Karmada would take the member namespace over, ' +
      'and deleting it from Karmada would delete the namespace and everything in it',
    ]);
    const templated: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'shop', annotations: { 'work.karmada.io/conflict-resolution': 'overwrite' } } };
    expect(findings('namespace-overwrite-annotation', templated)).toStrictEqual([]);
  });

  describe('migration/no-replace', () => {
    const replace = 'Replace=true makes Argo CD replace the object with a full PUT (kubectl replace): a policy loses the permanent-id label Karmada set, ' +
      'which its webhook denies; with Force=true it deletes and re-creates, and deleting a template deletes the live object in the member cluster';

    test('in an Argo CD Application\'s syncOptions, and in the Applications of an ApplicationSet', () => {
      const app: KubeObject = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'a', namespace: 'argocd' },
        spec: { syncPolicy: { syncOptions: ['ServerSideApply=true', ' Replace=true '] } } };
      expect(findings('no-replace', app)).toStrictEqual([`spec.syncPolicy.syncOptions[1]: ${replace}`]);
      const set: KubeObject = { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'a', namespace: 'argocd' },
        spec: { template: { spec: { syncPolicy: { syncOptions: ['Replace=true'] } } } } };
      expect(findings('no-replace', set)).toStrictEqual([`spec.template.spec.syncPolicy.syncOptions[0]: ${replace}`]);
      const other: KubeObject = { apiVersion: 'example.com/v1', kind: 'Application', metadata: { name: 'a' }, spec: { syncPolicy: { syncOptions: ['Replace=true'] } } };
      expect(findings('no-replace', other)).toStrictEqual([]);
    });

    test('in the sync-options annotation of a policy (or any object)', () => {
      const annotated = (options: string) =>
        policy({}, 'PropagationPolicy', { name: 'p', namespace: 'default', annotations: { 'argocd.argoproj.io/sync-options': options } });
      expect(findings('no-replace', annotated('Prune=false, Replace=true'))).toStrictEqual([`metadata.annotations[argocd.argoproj.io/sync-options]: ${replace}`]);
      expect(findings('no-replace', annotated('Replace=true'))).toHaveLength(1);
      expect(findings('no-replace', annotated('Replace=false,ServerSideApply=true'))).toStrictEqual([]);
      expect(findings('no-replace', annotated('Prune=false,Delete=false'))).toStrictEqual([]);
    });

    test('the Application and ApplicationSet the delivery constructs make are clean', () => {
      const chart = Testing.chart();
      const argo = { destination: { name: 'karmada' }, repoURL: 'https://git.example.com/gitops.git', path: 'dist/member1' };
      new ArgoCdApplication(chart, 'app', { ...argo, name: 'karmada-member1' });
      new ArgoCdApplicationSet(chart, 'set', { ...argo, name: 'karmada-member1-set' });
      const manifests = Testing.synth(chart) as KubeObject[];
      expect(manifests.map(m => m.kind)).toStrictEqual(['Application', 'ApplicationSet']);
      expect(validateManifests(manifests, { sourceClusters: ['member1'] })).toStrictEqual([]);
    });
  });

  test('rules about policies ignore other kinds', () => {
    const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a', namespace: 'default' }, spec: { preemption: 'Always' } };
    expect(validateManifests([deployment], { rules: MIGRATION_RULES })).toStrictEqual([]);
  });
});
