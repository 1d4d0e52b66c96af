// The gate and the OverridePolicies of a fleet: per cluster, the template overridden in Karmada's
// order (pkg/util/overridemanager/overridemanager.go, ApplyOverridePolicies) is that cluster's Work
// (pkg/controllers/binding/common.go, ensureWork; an overrider error skips the cluster), and the
// execution controller PUTs it onto the member object (pkg/controllers/execution/execution_controller.go):
// an override change is an Overwrite on the clusters it hits, classified as karmada/overwrite.ts does.
import * as path from 'path';
import { KubeObject } from '../../../src/kube/object';
import { bindingEvidence } from '../../../src/karmada/bindings';
import { memberClusters } from '../../../src/karmada/placement';
import { manifestPath } from '../../../src/output/layout';
import { synthesizeConfig } from '../../../src/pipeline/synthesis';
import { checkChange, CheckOptions } from '../../../src/report/check';
import { DistSnapshot, DistTree, readDistSnapshot } from '../../../src/report/dist-tree';
import { deployment, ROOT, withTempDir } from '../../util';

const CLUSTERS = ['member1', 'member2', 'member3'];
const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment' };
const web = deployment('shop', 'web');

function pp(placement: object = { clusterAffinity: { clusterNames: CLUSTERS }, replicaScheduling: { replicaSchedulingType: 'Duplicated' } }): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: 'web-pp', namespace: 'shop' },
    spec: { conflictResolution: 'Overwrite', placement, resourceSelectors: [{ ...DEPLOY, namespace: 'shop', name: 'web' }] },
  };
}

type Rule = { targetCluster?: object; overriders: object };

function op(rules: Rule[], name = 'fleet-web-deployment', selectors: object[] = [{ ...DEPLOY, name: 'web' }]): KubeObject {
  return { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'OverridePolicy', metadata: { name, namespace: 'shop' }, spec: { resourceSelectors: selectors, overrideRules: rules } };
}

const on = (cluster: string, overriders: object): Rule => ({ targetCluster: { clusterNames: [cluster] }, overriders });
const replicas = (n: number) => ({ plaintext: [{ path: '/spec/replicas', operator: 'replace', value: n }] });
const tag = (value: string) => ({ imageOverrider: [{ component: 'Tag', operator: 'replace', value }] });

function tree(...objects: KubeObject[]): DistTree {
  return new Map(objects.map(o => [manifestPath('fleet', o), o]));
}

const findings = (base: DistTree, head: DistTree, options: CheckOptions = {}) =>
  checkChange(base, head, options).findings.map(f => `${f.severity}:${f.rule}:${f.message}`);

describe('the gate on examples/fleet', () => {
  let dist: DistSnapshot;
  beforeAll(() => {
    dist = withTempDir(dir => {
      synthesizeConfig({ config: path.join(ROOT, 'examples', 'fleet', 'migration.yaml'), outdir: dir });
      return readDistSnapshot(dir);
    });
  });
  const empty = (): DistSnapshot => ({ manifests: new Map(), files: new Set(), exists: false, where: 'base' });
  const OP = 'fleet/policies/shop/OverridePolicy.policy.karmada.io_fleet-web-deployment.yaml';

  // its OverridePolicies are added: the model evaluates them, so they are no karmada-object.
  test('the first takeover (--initial) passes, its OverridePolicies included', () => {
    expect([...dist.manifests.keys()].filter(f => f.includes('OverridePolicy'))).toHaveLength(2);
    expect(checkChange(empty(), dist, { initial: true })).toStrictEqual({ ok: true, findings: [] });
  });

  test('one cluster\'s image override changes: one finding, naming that cluster and pods-restart', () => {
    const policy = dist.manifests.get(OP)!;
    type Rules = Array<{ targetCluster: { clusterNames: string[] }; overriders: { imageOverrider: Array<{ value: string }> } }>;
    const rules = (policy.spec as { overrideRules: Rules }).overrideRules;
    const staging = rules.findIndex(r => r.targetCluster.clusterNames[0] === 'member3');
    const changed = structuredClone(policy);
    (changed.spec as typeof policy.spec & { overrideRules: typeof rules }).overrideRules[staging].overriders.imageOverrider[0].value = '1.5.0';
    const head = new Map(dist.manifests).set(OP, changed);
    const result = checkChange(dist.manifests, head);
    expect(result.ok).toBe(true);
    expect(result.findings.map(f => [f.severity, f.rule, f.object, f.file])).toStrictEqual([
      ['warning', 'override-changes-member', 'Deployment.apps shop/web', OP],
    ]);
    expect(result.findings[0].message).toBe('Deployment.apps shop/web on member3: the change of OverridePolicy.policy.karmada.io shop/fleet-web-deployment ' +
      `(${OP}) changes what Karmada applies there (pods-restart): the pod template changes: the Deployment rolls every pod ` +
      '(spec.template.spec.containers[0].image: "registry.example.com/shop/web:1.5.0-rc.1" → "registry.example.com/shop/web:1.5.0")');
    expect(checkChange(dist.manifests, head, { strict: true }).findings.map(f => [f.severity, f.rule])).toStrictEqual([['error', 'override-changes-member']]);
  });

  test('no change, no finding', () => {
    expect(checkChange(dist.manifests, dist.manifests)).toStrictEqual({ ok: true, findings: [] });
  });
});

describe('overrideFindings: what each cluster gets', () => {
  test('a replicas override changed for member2 is a replicas-change on member2 alone', () => {
    expect(findings(tree(web, pp(), op([on('member2', replicas(5))])), tree(web, pp(), op([on('member2', replicas(7))])))).toStrictEqual([
      'warning:override-changes-member:Deployment.apps shop/web on member2: the change of OverridePolicy.policy.karmada.io shop/fleet-web-deployment ' +
      '(fleet/policies/shop/OverridePolicy.policy.karmada.io_fleet-web-deployment.yaml) changes what Karmada applies there (replicas-change): spec.replicas 5 → 7',
    ]);
  });

  test('clusters with the same outcome share a finding; an OverridePolicy added counts as a change', () => {
    const [f, ...rest] = checkChange(tree(web, pp()), tree(web, pp(), op([on('member1', tag('2')), on('member3', tag('2'))]))).findings;
    expect(rest).toStrictEqual([]);
    expect(f.message).toMatch(/^Deployment\.apps shop\/web on member1, member3: .* \(pods-restart\)/);
  });

  test('an override removed: what it added goes (Karmada\'s managed-labels record)', () => {
    const labels = { labelsOverrider: [{ operator: 'add', value: { region: 'us' } }] };
    expect(findings(tree(web, pp(), op([on('member2', labels)])), tree(web, pp()))).toStrictEqual([
      'warning:override-changes-member:Deployment.apps shop/web on member2: the change of OverridePolicy.policy.karmada.io shop/fleet-web-deployment ' +
      '(fleet/policies/shop/OverridePolicy.policy.karmada.io_fleet-web-deployment.yaml) changes what Karmada applies there (metadata-only): label region change',
    ]);
  });

  test('an immutable field overridden: the member refuses the PUT, an error', () => {
    const selector = { plaintext: [{ path: '/spec/selector/matchLabels/tier', operator: 'add', value: 'front' }] };
    const [f] = checkChange(tree(web, pp()), tree(web, pp(), op([on('member3', selector)]))).findings;
    expect([f.severity, f.rule]).toStrictEqual(['error', 'override-changes-member']);
    expect(f.message).toContain('on member3: ');
    expect(f.message).toContain('(apply-fails): spec.selector.matchLabels.tier: field is immutable');
  });

  test('an override of the object\'s name: Karmada would apply another object, refused', () => {
    const rename = { plaintext: [{ path: '/metadata/name', operator: 'replace', value: 'web-eu' }] };
    const [f] = checkChange(tree(web, pp()), tree(web, pp(), op([on('member1', rename)]))).findings;
    expect([f.severity, f.rule]).toStrictEqual(['error', 'override-changes-member']);
    expect(f.message).toBe('Deployment.apps shop/web on member1: the overrides make its Work\'s manifest apps/v1 Deployment.apps shop/web-eu, ' +
      'not the template\'s apps/v1 Deployment.apps shop/web: Karmada would apply that other object on this member, and manage it in the template\'s name');
  });

  test('an override that fails leaves the cluster\'s Work as it was: an error', () => {
    const missing = { plaintext: [{ path: '/spec/paused', operator: 'replace', value: true }] };
    const [f] = checkChange(tree(web, pp()), tree(web, pp(), op([on('member2', missing)]))).findings;
    expect([f.severity, f.rule]).toStrictEqual(['error', 'override-fails']);
    expect(f.message).toContain('on member2: an override fails (OverridePolicy fleet-web-deployment overrideRules[0]: replace operation does not apply: doc is missing key: /spec/paused)');
  });

  test('a template change the overrides pass through is the template\'s, as for one cluster', () => {
    const bumped = { ...web, spec: { ...web.spec as object, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:2' }] } } } };
    expect(findings(tree(web, pp(), op([on('member2', replicas(5))])), tree(bumped, pp(), op([on('member2', replicas(5))])))).toStrictEqual([]);
  });

  // pkg/util/selector.go ClusterMatches: exclude is read by name, first.
  test('a rule excluding a cluster overrides the others of the placement', () => {
    const [f, ...rest] = checkChange(tree(web, pp()), tree(web, pp(), op([{ targetCluster: { exclude: ['member1'] }, overriders: replicas(4) }]))).findings;
    expect(rest).toStrictEqual([]);
    expect(f.message).toMatch(/^Deployment\.apps shop\/web on member2, member3: .*spec\.replicas 2 → 4$/);
  });

  test('with --bindings, the clusters the binding is scheduled to', () => {
    const binding = {
      apiVersion: 'work.karmada.io/v1alpha2', kind: 'ResourceBinding',
      metadata: { name: 'web-deployment', namespace: 'shop', annotations: { 'propagationpolicy.karmada.io/name': 'web-pp', 'propagationpolicy.karmada.io/namespace': 'shop' } },
      spec: { resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, clusters: [{ name: 'member1' }, { name: 'member3' }] },
    };
    const result = checkChange(tree(web, pp()), tree(web, pp(), op([on('member2', replicas(5)), on('member3', replicas(6))])), { evidence: { bindings: bindingEvidence([binding]) } });
    expect(result.findings.map(f => f.message.split(': ')[0])).toStrictEqual(['Deployment.apps shop/web on member3']);
  });

  test('a placement the gate cannot resolve: the clusters the rules name, and every other one', () => {
    const byLabel = pp({ clusterAffinity: { labelSelector: { matchLabels: { env: 'prod' } } } });
    const everywhere: Rule = { overriders: replicas(4) };
    // rules apply in list order, the last wins: member2 gets 5, the others 4.
    const messages = findings(tree(web, byLabel), tree(web, byLabel, op([everywhere, on('member2', replicas(5))])));
    expect(messages.map(m => m.split(': ').slice(0, 1).concat(m.split(': ').slice(-1)).join(': '))).toStrictEqual([
      'warning:override-changes-member:Deployment.apps shop/web on every other cluster of its placement: spec.replicas 2 → 4',
      'warning:override-changes-member:Deployment.apps shop/web on member2: spec.replicas 2 → 5',
    ]);
  });
  // the other clusters stand as one: the label changes on member3 alone.
  test('a template no policy claims may still be propagated (an earlier binding, a Namespace): judged on every cluster', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'shop' } } };
    const cop = (value: string): KubeObject => ({ apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterOverridePolicy', metadata: { name: 'shop-ns' },
      spec: { resourceSelectors: [{ apiVersion: 'v1', kind: 'Namespace', name: 'shop' }], overrideRules: [on('member3', { labelsOverrider: [{ operator: 'add', value: { team: value } }] })] } });
    const result = checkChange(tree(ns, cop('a')), tree(ns, cop('b')));
    expect(result.findings.filter(f => f.rule.startsWith('override-')).map(f => [f.rule, f.message.split(': ')[0]])).toStrictEqual([
      ['override-changes-member', 'Namespace shop on member3'],
    ]);
  });
});

describe('overrideFindings: the policies the gate cannot model', () => {
  const labelled = { targetCluster: { labelSelector: { matchLabels: { env: 'staging' } } }, overriders: replicas(1) };

  test.each<[string, KubeObject, string]>([
    ['a fieldOverrider', op([on('member1', { fieldOverrider: [{ fieldPath: '/data/x', yaml: [] }] })]),
      'spec.overrideRules[0].overriders.fieldOverrider is not modelled (the YAML or JSON it patches inside a string field)'],
    ['clusters selected by label, without --clusters', op([labelled]),
      'spec.overrideRules[0].targetCluster selects clusters by label or field: without the Cluster objects (--clusters) the gate cannot tell which clusters it overrides'],
    ['no resourceSelectors', op([on('member1', replicas(1))], 'all', []),
      'it has no resourceSelectors, so it overrides every resource of its namespace, beyond what dist/ holds'],
    ['a ClusterOverridePolicy naming no object and no namespace',
      { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterOverridePolicy', metadata: { name: 'all-deployments' }, spec: { resourceSelectors: [DEPLOY], overrideRules: [on('member1', replicas(1))] } },
      'spec.resourceSelectors[0] names no object and no namespace, so it overrides every Deployment of the Karmada control plane, beyond what dist/ holds'],
  ])('%s: added, refused as karmada-object, saying why', (_, policy, why) => {
    const result = checkChange(tree(web, pp()), tree(web, pp(), policy));
    expect(result.ok).toBe(false);
    expect(result.findings.filter(f => f.rule === 'karmada-object').map(f => f.message.split(': ').slice(1).join(': '))).toStrictEqual([why]);
  });

  test('clusters selected by label resolve with --clusters', () => {
    const clusters = memberClusters(CLUSTERS.map(name => ({ apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'Cluster', metadata: { name, labels: { env: name === 'member3' ? 'staging' : 'prod' } } })));
    const result = checkChange(tree(web, pp()), tree(web, pp(), op([labelled])), { evidence: { clusters } });
    expect(result.findings.map(f => [f.rule, f.message.split(': ')[0]])).toStrictEqual([['override-changes-member', 'Deployment.apps shop/web on member3']]);
  });

  test('an unmodelled policy left as it is, selecting another object: the template\'s change is judged as usual', () => {
    const field = op([on('member1', { fieldOverrider: [{ fieldPath: '/data/x', yaml: [] }] })], 'field', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-config' }]);
    const bumped = { ...web, spec: { ...web.spec as object, replicas: 3 } };
    expect(checkChange(tree(web, pp(), field), tree(bumped, pp(), field))).toStrictEqual({ ok: true, findings: [] });
  });

  test('an unmodelled policy left as it is still selects the template: a change of the template cannot be evaluated', () => {
    const field = op([on('member1', { fieldOverrider: [{ fieldPath: '/data/x', yaml: [] }] })], 'field');
    const bumped = { ...web, spec: { ...web.spec as object, replicas: 3 } };
    const result = checkChange(tree(web, pp(), field), tree(bumped, pp(), field));
    expect(result.findings.map(f => [f.severity, f.rule])).toStrictEqual([['error', 'override-unresolved']]);
    expect(result.findings[0].message).toContain('OverridePolicy.policy.karmada.io shop/field (fleet/policies/shop/OverridePolicy.policy.karmada.io_field.yaml) ' +
      'spec.overrideRules[0].overriders.fieldOverrider is not modelled');
  });
});

// pkg/detector/detector.go discoverResources: the detector watches each kind in its group's preferred
// version, and pkg/util/selector.go compares a selector's apiVersion with that version as a string.
describe('overrideFindings: the version Karmada watches a template in', () => {
  const hpa = (apiVersion: string): KubeObject => ({
    apiVersion, kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' },
    spec: { minReplicas: 2, maxReplicas: 10, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, targetCPUUtilizationPercentage: 80 },
  });
  const hpaPP: KubeObject = { ...pp(), metadata: { name: 'hpa-pp', namespace: 'shop' },
    spec: { ...pp().spec as object, resourceSelectors: [{ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'web' }] } };
  const maxOn2 = (n: number, apiVersion = 'autoscaling/v2') => op([on('member2', { plaintext: [{ path: '/spec/maxReplicas', operator: 'replace', value: n }] })],
    'web-hpa', [{ apiVersion, kind: 'HorizontalPodAutoscaler', name: 'web' }]);

  test('an autoscaling/v1 HPA is overridden as autoscaling/v2: a change of its override is unresolved, naming both versions and the fix', () => {
    const result = checkChange(tree(hpa('autoscaling/v1'), hpaPP, maxOn2(10)), tree(hpa('autoscaling/v1'), hpaPP, maxOn2(1)));
    expect(result.findings.map(f => [f.severity, f.rule])).toStrictEqual([['error', 'override-unresolved']]);
    expect(result.findings[0].message).toContain('Karmada\'s detector watches it as autoscaling/v2, the preferred version of its group, not autoscaling/v1 as written');
    expect(result.findings[0].fix).toBe('write the template as autoscaling/v2 (the version Karmada watches it in), in a change of its own');
  });

  test('so is its takeover', () => {
    const result = checkChange(new Map(), tree(hpa('autoscaling/v1'), hpaPP, maxOn2(1)), { initial: true });
    expect(result.findings.map(f => [f.rule, f.message.split(',')[0]])).toStrictEqual([['override-unresolved', 'HorizontalPodAutoscaler.autoscaling shop/web is taken over']]);
  });

  test('written in the watched version, the change is judged', () => {
    const v2 = { ...hpa('autoscaling/v2'), spec: { ...hpa('autoscaling/v2').spec as object, targetCPUUtilizationPercentage: undefined } } as KubeObject;
    delete (v2.spec as Record<string, unknown>).targetCPUUtilizationPercentage;
    expect(findings(tree(v2, hpaPP, maxOn2(10)), tree(v2, hpaPP, maxOn2(1)))[0]).toMatch(/^warning:override-changes-member:HorizontalPodAutoscaler\.autoscaling shop\/web on member2: .*spec\.maxReplicas/);
  });

  test('a selector naming autoscaling/v1 never matches: nothing changes on a member', () => {
    expect(checkChange(tree(hpa('autoscaling/v1'), hpaPP, maxOn2(10, 'autoscaling/v1')), tree(hpa('autoscaling/v1'), hpaPP, maxOn2(1, 'autoscaling/v1'))))
      .toStrictEqual({ ok: true, findings: [] });
  });

  test('a custom group is watched in the best version its CustomResourceDefinition serves', () => {
    const crd: KubeObject = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'caches.example.com' },
      spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Cache', plural: 'caches' }, versions: [{ name: 'v1beta1', served: true }, { name: 'v1', served: true, storage: true }] } };
    const cache = (size: number): KubeObject => ({ apiVersion: 'example.com/v1beta1', kind: 'Cache', metadata: { name: 'web', namespace: 'shop' }, spec: { size } });
    const sizeOn2 = (n: number) => op([on('member2', { plaintext: [{ path: '/spec/size', operator: 'replace', value: n }] })], 'cache', [{ apiVersion: 'example.com/v1', kind: 'Cache', name: 'web' }]);
    const cachePP: KubeObject = { ...pp(), metadata: { name: 'cache-pp', namespace: 'shop' },
      spec: { ...pp().spec as object, resourceSelectors: [{ apiVersion: 'example.com/v1', kind: 'Cache', namespace: 'shop', name: 'web' }] } };
    const unresolved = (...extra: KubeObject[]) => checkChange(tree(...extra, cache(1), cachePP, sizeOn2(1)),
      tree(...extra, cache(1), cachePP, sizeOn2(2)))
      .findings.filter(f => f.rule === 'override-unresolved').map(f => f.message.split(': ').slice(1).join(': '));
    expect(unresolved(crd)).toStrictEqual([expect.stringContaining('watches it as example.com/v1, the preferred version of its group, not example.com/v1beta1 as written')]);
    // without the CRD the watched version is unknown: a selector of another version may match.
    expect(unresolved()).toStrictEqual([expect.stringContaining('select it as example.com/v1, not example.com/v1beta1 as written, and the gate cannot tell which version')]);
  });
});

// pkg/controllers/binding/common.go ensureWork: an override error returns before the Work is written,
// so a Work whose cluster's overrides fail keeps the preserveResourcesOnDeletion it had.
describe('overrideFindings: the preserve flag cannot reach a Work whose overrides fail', () => {
  const armed = (placement?: object) => {
    const p = pp(placement);
    return { ...p, spec: { ...p.spec as object, preserveResourcesOnDeletion: true } } as KubeObject;
  };
  const broken = op([on('member2', { plaintext: [{ path: '/spec/template/spec/containers/0/env/0/value', operator: 'replace', value: 'debug' }] })]);
  const names = (r: ReturnType<typeof checkChange>, rule: string) => r.findings.filter(f => f.rule === rule).map(f => `${f.severity}:${f.message.split(': ')[0]}`);

  test('the template removed while the deployed overrides fail on member2: refused on member2, naming verify-rollback', () => {
    const result = checkChange(tree(web, armed(), broken), tree(armed(), broken));
    expect(result.ok).toBe(false);
    expect(names(result, 'preserve-unreached')).toStrictEqual(['error:Deployment.apps shop/web on member2']);
    expect(result.findings.find(f => f.rule === 'preserve-unreached')!.fix).toContain('karmada-migrate verify-rollback --works');
    // the overrides apply everywhere: the removal is trusted as before.
    expect(checkChange(tree(web, armed()), tree(armed())).ok).toBe(true);
  });

  test('the same with --bindings: the binding\'s flag is not the Work\'s', () => {
    const binding = {
      apiVersion: 'work.karmada.io/v1alpha2', kind: 'ResourceBinding',
      metadata: { name: 'web-deployment', namespace: 'shop', annotations: { 'propagationpolicy.karmada.io/name': 'web-pp', 'propagationpolicy.karmada.io/namespace': 'shop' } },
      spec: { resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, preserveResourcesOnDeletion: true, clusters: CLUSTERS.map(name => ({ name })) },
    };
    const result = checkChange(tree(web, armed(), broken), tree(armed(), broken), { evidence: { bindings: bindingEvidence([binding]) } });
    expect(names(result, 'preserve-unreached')).toStrictEqual(['error:Deployment.apps shop/web on member2']);
  });

  test('a preserving placement dropping member2 is refused; dropping member3, whose overrides apply, is not', () => {
    const only = (...clusters: string[]) => armed({ clusterAffinity: { clusterNames: clusters }, replicaScheduling: { replicaSchedulingType: 'Duplicated' } });
    expect(names(checkChange(tree(web, armed(), broken), tree(web, only('member1', 'member3'), broken)), 'preserve-unreached'))
      .toStrictEqual(['error:Deployment.apps shop/web on member2']);
    expect(checkChange(tree(web, armed(), broken), tree(web, only('member1', 'member2'), broken)).ok).toBe(true);
  });

  test('arming the rollback while the overrides fail on member2: a warning naming member2', () => {
    const result = checkChange(tree(web, pp(), broken), tree(web, armed(), broken));
    expect(result.ok).toBe(true);
    expect(names(result, 'preserve-unreached')).toStrictEqual(['warning:Deployment.apps shop/web on member2']);
    expect(checkChange(tree(web, pp()), tree(web, armed())).findings).toStrictEqual([]);
  });
});

describe('overrideFindings: which clusters are judged', () => {
  const kindPP = (clusters: string[]): KubeObject => ({ ...pp({ clusterAffinity: { clusterNames: clusters } }), metadata: { name: 'deployments-pp', namespace: 'shop' },
    spec: { ...pp({ clusterAffinity: { clusterNames: clusters } }).spec as object, resourceSelectors: [{ ...DEPLOY, namespace: 'shop' }] } });
  const m1Only = pp({ clusterAffinity: { clusterNames: ['member1'] } });
  const onMessages = (r: ReturnType<typeof checkChange>) => r.findings.filter(f => f.rule === 'override-changes-member').map(f => f.message.split(': ')[0]);
  const binding = (spec: object) => ({
    apiVersion: 'work.karmada.io/v1alpha2', kind: 'ResourceBinding',
    metadata: { name: 'web-deployment', namespace: 'shop', labels: { 'propagationpolicy.karmada.io/permanent-id': 'id-1' },
      annotations: { 'propagationpolicy.karmada.io/name': 'deployments-pp', 'propagationpolicy.karmada.io/namespace': 'shop' } },
    spec: { resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' }, ...spec },
  });

  // pkg/detector/policy.go: a claim is never re-evaluated while its policy exists and matches.
  test('a new policy that would win places on member1 only: the live claimant keeps member2, whose override change is judged', () => {
    const base = tree(web, kindPP(CLUSTERS), op([on('member2', tag('1'))]));
    const head = tree(web, kindPP(CLUSTERS), m1Only, op([on('member2', tag('2'))]));
    expect(onMessages(checkChange(base, head))).toStrictEqual(['Deployment.apps shop/web on member2']);
    const bindings = bindingEvidence([binding({ clusters: CLUSTERS.map(name => ({ name })) })]);
    expect(onMessages(checkChange(base, head, { evidence: { bindings } }))).toStrictEqual(['Deployment.apps shop/web on member2']);
  });

  // pkg/controllers/namespace/namespace_sync_controller.go: every cluster, with the ClusterOverridePolicies.
  test('with --bindings, a Namespace without a binding is still propagated to every cluster', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
    const cop = (value: string): KubeObject => ({ apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterOverridePolicy', metadata: { name: 'shop-ns' },
      spec: { resourceSelectors: [{ apiVersion: 'v1', kind: 'Namespace', name: 'shop' }], overrideRules: [on('member2', { labelsOverrider: [{ operator: 'add', value: { team: value } }] })] } });
    const result = checkChange(tree(ns, web, pp(), cop('a')), tree(ns, web, pp(), cop('b')),
      { evidence: { bindings: bindingEvidence([binding({ clusters: CLUSTERS.map(name => ({ name })) })]) } });
    expect(onMessages(result)).toStrictEqual(['Namespace shop on member2']);
  });

  // pkg/controllers/binding/common.go ensureWork: a Work per cluster of the binding and of the bindings that require it.
  test('with --bindings, an attached binding goes where the bindings that require it are scheduled', () => {
    const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'shop' }, data: { level: 'info' } };
    const cmOp = (value: string) => op([on('member2', { labelsOverrider: [{ operator: 'add', value: { tier: value } }] })], 'cm', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-config' }]);
    const attached = {
      apiVersion: 'work.karmada.io/v1alpha2', kind: 'ResourceBinding', metadata: { name: 'web-config-configmap', namespace: 'shop' },
      spec: { resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'web-config' }, requiredBy: [{ name: 'web-deployment', namespace: 'shop', clusters: CLUSTERS.map(name => ({ name })) }] },
    };
    const result = checkChange(tree(web, cm, pp(), cmOp('a')), tree(web, cm, pp(), cmOp('b')),
      { evidence: { bindings: bindingEvidence([binding({ clusters: CLUSTERS.map(name => ({ name })) }), attached]) } });
    expect(onMessages(result)).toStrictEqual(['ConfigMap shop/web-config on member2']);
  });
});

// pkg/resourceinterpreter/default/native/retain.go retainWorkloadReplicas: the Work's label keeps the member's count.
describe('overrideFindings: Karmada\'s replica retention dropped', () => {
  const retain = { labelsOverrider: [{ operator: 'add', value: { 'resourcetemplate.karmada.io/retain-replicas': 'true' } }] };

  test('an override that made member2 keep its autoscaled replicas removed: an error on member2, the live count unknown', () => {
    const result = checkChange(tree(web, pp(), op([on('member2', retain)])), tree(web, pp()));
    expect(result.findings.map(f => [f.severity, f.rule, f.message.split(': ')[0]])).toStrictEqual([['error', 'retention-dropped', 'Deployment.apps shop/web on member2']]);
    expect(result.findings[0].message).toContain('(replicas-change): Karmada stops keeping the member\'s replica count, which an autoscaler sets and the gate cannot see, and its next PUT sets spec.replicas to 2');
  });

  test('the template dropping the label, no override policy: an error on every cluster it is on', () => {
    const labelled = { ...web, metadata: { ...web.metadata, labels: { ...web.metadata.labels, 'resourcetemplate.karmada.io/retain-replicas': 'true' } } } as KubeObject;
    const result = checkChange(tree(labelled, pp()), tree(web, pp()));
    expect(result.findings.map(f => [f.rule, f.message.split(': ')[0]])).toStrictEqual([['retention-dropped', 'Deployment.apps shop/web on member1, member2, member3']]);
    expect(checkChange(tree(labelled, pp()), tree(labelled, pp())).findings).toStrictEqual([]);
  });
});
