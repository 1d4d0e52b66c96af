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
