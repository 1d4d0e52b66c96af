import fc from 'fast-check';
import { InputError } from '../../src/errors';
import {
  DEFAULT_SKIPPED_PROPAGATING_APIS,
  IMPLICIT_PRIORITY,
  PolicyRef,
  resourceSelectorPriority,
  simulateClaims,
  SimulateClaimsOptions,
  TemplateClaim,
} from '../../src/karmada';

// builders: plain manifests, as read from YAML.
type Obj = Record<string, unknown>;
const POLICY = 'policy.karmada.io/v1alpha1';

function tpl(name: string, namespace?: string, labels?: Record<string, string>, apiVersion = 'apps/v1', kind = 'Deployment'): Obj {
  const metadata: Obj = { name };
  if (namespace) metadata.namespace = namespace;
  if (labels) metadata.labels = labels;
  return { apiVersion, kind, metadata };
}

function sel(extra: Obj = {}): Obj {
  return { apiVersion: 'apps/v1', kind: 'Deployment', ...extra };
}

function pp(name: string, namespace: string | undefined, selectors: Obj[], spec: Obj = {}, metadata: Obj = {}): Obj {
  return {
    apiVersion: POLICY,
    kind: 'PropagationPolicy',
    metadata: { name, ...(namespace ? { namespace } : {}), ...metadata },
    spec: { resourceSelectors: selectors, ...spec },
  };
}

function cpp(name: string, selectors: Obj[], spec: Obj = {}, metadata: Obj = {}): Obj {
  return { apiVersion: POLICY, kind: 'ClusterPropagationPolicy', metadata: { name, ...metadata }, spec: { resourceSelectors: selectors, ...spec } };
}

// `pp:ns/name`, `cpp:name`, or `none:<reason>`.
function outcome(claim: TemplateClaim, unclaimedReason?: string): string {
  const w = claim.winner;
  if (!w) return `none:${claim.skipped ?? unclaimedReason ?? 'no-matching-policy'}`;
  return w.kind === 'PropagationPolicy' ? `pp:${w.namespace}/${w.name}` : `cpp:${w.name}`;
}

function ref(p: PolicyRef): string {
  return p.kind === 'PropagationPolicy' ? `pp:${p.namespace}/${p.name}` : `cpp:${p.name}`;
}

interface Case {
  /** the rule, naming its Karmada source function (checked below). */
  readonly rule: string;
  readonly templates: Obj[];
  readonly policies: Obj[];
  readonly options?: SimulateClaimsOptions;
  /** template name (unique per case) => expected outcome. */
  readonly expect: Record<string, string>;
}

const CASES: Case[] = [
  // --- selector matching: pkg/util/selector.go ResourceSelectorPriority (ResourceSelector)
  {
    rule: 'ResourceSelectorPriority: a kind-only selector (nil labelSelector) matches every template of the kind in the policy namespace',
    templates: [tpl('a', 'default'), tpl('b', 'default')],
    policies: [pp('all', 'default', [sel()])],
    expect: { a: 'pp:default/all', b: 'pp:default/all' },
  },
  {
    rule: 'ResourceSelector.apiVersion: exact string match, apps/v1beta1 does not select an apps/v1 template (ResourceSelectorPriority)',
    templates: [tpl('web', 'default')],
    policies: [pp('old', 'default', [sel({ apiVersion: 'apps/v1beta1' })])],
    expect: { web: 'none:no-matching-policy' },
  },
  {
    rule: 'ResourceSelector.apiVersion: an apps/v1beta1 template is not selected by an apps/v1 selector either (ResourceSelectorPriority)',
    templates: [tpl('web', 'default', undefined, 'apps/v1beta1')],
    policies: [pp('new', 'default', [sel()])],
    expect: { web: 'none:no-matching-policy' },
  },
  {
    rule: 'ResourceSelector.kind: exact kind match, a StatefulSet selector does not select a Deployment (ResourceSelectorPriority)',
    templates: [tpl('web', 'default')],
    policies: [pp('sts', 'default', [sel({ kind: 'StatefulSet' })])],
    expect: { web: 'none:no-matching-policy' },
  },
  {
    rule: 'ResourceSelector.name: a name selector matches only that name (ResourceSelectorPriority case 2)',
    templates: [tpl('nginx', 'default'), tpl('other', 'default')],
    policies: [pp('nginx-pp', 'default', [sel({ name: 'nginx' })])],
    expect: { nginx: 'pp:default/nginx-pp', other: 'none:no-matching-policy' },
  },
  {
    rule: 'name overrides labelSelector: with a name set, a non-matching labelSelector is ignored (ResourceSelectorPriority case 1)',
    templates: [tpl('nginx', 'default', { app: 'nginx' })],
    policies: [pp('by-name', 'default', [sel({ name: 'nginx', labelSelector: { matchLabels: { app: 'something-else' } } })])],
    expect: { nginx: 'pp:default/by-name' },
  },
  {
    rule: 'name overrides labelSelector: a matching labelSelector does not rescue a different name (ResourceSelectorPriority case 1)',
    templates: [tpl('web', 'default', { app: 'web' })],
    policies: [pp('by-name', 'default', [sel({ name: 'nginx', labelSelector: { matchLabels: { app: 'web' } } })])],
    expect: { web: 'none:no-matching-policy' },
  },
  {
    rule: 'labelSelector.matchLabels selects templates with every label (LabelSelectorAsSelector, ResourceSelectorPriority case 3)',
    templates: [tpl('a', 'default', { app: 'a', tier: 'web' }), tpl('b', 'default', { app: 'a' }), tpl('c', 'default')],
    policies: [pp('web-tier', 'default', [sel({ labelSelector: { matchLabels: { app: 'a', tier: 'web' } } })])],
    expect: { a: 'pp:default/web-tier', b: 'none:no-matching-policy', c: 'none:no-matching-policy' },
  },
  {
    rule: 'labelSelector.matchExpressions In / NotIn / Exists / DoesNotExist (labels.Requirement.Matches; NotIn also matches a missing label)',
    templates: [tpl('in', 'default', { env: 'prod' }), tpl('notin', 'default', { env: 'dev' }), tpl('nolabel', 'default'), tpl('both', 'default', { env: 'qa', legacy: 'y' })],
    policies: [
      pp('in', 'default', [sel({ labelSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] } })]),
      pp('notin', 'default', [sel({ labelSelector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod', 'qa'] }] } })]),
      pp('exists-not', 'default', [sel({
        labelSelector: { matchExpressions: [{ key: 'env', operator: 'Exists' }, { key: 'legacy', operator: 'DoesNotExist' }] },
      })]),
    ],
    // in: in(2) and exists-not(2) match; `exists-not` < `in`. notin: notin and exists-not; `exists-not` < `notin`.
    // nolabel: only notin (env missing). both: env=qa, legacy set: none of them.
    expect: { in: 'pp:default/exists-not', notin: 'pp:default/exists-not', nolabel: 'pp:default/notin', both: 'none:no-matching-policy' },
  },
  {
    rule: 'an empty labelSelector {} matches everything and ranks as a labelSelector match (2), above kind only (1) (ResourceSelectorPriority case 3, labels.Everything)',
    templates: [tpl('web', 'default')],
    policies: [pp('a-kind-only', 'default', [sel()]), pp('z-empty-selector', 'default', [sel({ labelSelector: {} })])],
    expect: { web: 'pp:default/z-empty-selector' },
  },
  {
    rule: 'labelSelector: null is nil, i.e. kind only (1), so the smaller name wins among equals (ResourceSelectorPriority case 4, getHigherPriorityPropagationPolicy)',
    templates: [tpl('web', 'default')],
    policies: [pp('b-null', 'default', [sel({ labelSelector: null })]), pp('a-kind', 'default', [sel()])],
    expect: { web: 'pp:default/a-kind' },
  },
  {
    rule: 'implicit priority is the maximum over a policy\'s selectors: kind-only + name selector counts as name (ResourceMatchSelectorsPriority)',
    templates: [tpl('nginx', 'default')],
    policies: [
      pp('a-labels', 'default', [sel({ labelSelector: {} })]),
      pp('z-mixed', 'default', [sel(), sel({ name: 'nginx' })]),
    ],
    expect: { nginx: 'pp:default/z-mixed' },
  },
  // --- ranking: pkg/detector/compare.go getHighestPriorityPropagationPolicy
  {
    rule: 'name (3) > labelSelector (2) > kind only (1) at equal explicit priority (getHighestPriorityPropagationPolicy)',
    templates: [tpl('nginx', 'default', { app: 'nginx' })],
    policies: [
      pp('a-kind', 'default', [sel()]),
      pp('b-label', 'default', [sel({ labelSelector: { matchLabels: { app: 'nginx' } } })]),
      pp('c-name', 'default', [sel({ name: 'nginx' })]),
    ],
    expect: { nginx: 'pp:default/c-name' },
  },
  {
    rule: 'explicit priority outranks implicit: a priority-5 kind-only policy beats a priority-0 name policy (getHighestPriorityPropagationPolicy)',
    templates: [tpl('nginx', 'default')],
    policies: [pp('per-kind', 'default', [sel()], { priority: 5 }), pp('per-app', 'default', [sel({ name: 'nginx' })], { priority: 0 })],
    expect: { nginx: 'pp:default/per-kind' },
  },
  {
    rule: 'a nil priority counts as 0 (ExplicitPriority), so it beats a negative priority (getHighestPriorityPropagationPolicy)',
    templates: [tpl('web', 'default')],
    policies: [pp('a-negative', 'default', [sel({ name: 'web' })], { priority: -1 }), pp('z-nil', 'default', [sel()])],
    expect: { web: 'pp:default/z-nil' },
  },
  {
    rule: 'all equal: the lexicographically smaller name wins, "bar" over "foo" (getHigherPriorityPropagationPolicy)',
    templates: [tpl('web', 'default')],
    policies: [pp('foo', 'default', [sel()]), pp('bar', 'default', [sel()])],
    expect: { web: 'pp:default/bar' },
  },
  {
    rule: 'name order is Go string order (code units): "Zeta" < "alpha" (getHigherPriorityPropagationPolicy, a.Name < b.Name)',
    templates: [tpl('web', 'default')],
    policies: [pp('alpha', 'default', [sel()]), pp('Zeta', 'default', [sel()])],
    expect: { web: 'pp:default/Zeta' },
  },
  {
    rule: 'ClusterPropagationPolicies rank the same way: priority, implicit, name (getHighestPriorityClusterPropagationPolicy)',
    templates: [tpl('a', 'default'), tpl('b', 'default')],
    policies: [cpp('z-name', [sel({ name: 'a' })]), cpp('y-kind', [sel()]), cpp('x-kind', [sel()])],
    expect: { a: 'cpp:z-name', b: 'cpp:x-kind' },
  },
  // --- PP vs CPP: pkg/detector/policy.go propagateResource
  {
    rule: 'a matching PP beats every CPP whatever the priorities: CPP priority 1000 by name loses to a PP kind-only (propagateResource)',
    templates: [tpl('nginx', 'default')],
    policies: [cpp('vip', [sel({ name: 'nginx' })], { priority: 1000 }), pp('per-kind', 'default', [sel()], { priority: -5 })],
    expect: { nginx: 'pp:default/per-kind' },
  },
  {
    rule: 'CPPs are tried only when no PP of the namespace matches; a PP for another kind does not count (propagateResource, LookForMatchedClusterPolicy)',
    templates: [tpl('web', 'default')],
    policies: [pp('services', 'default', [{ apiVersion: 'v1', kind: 'Service' }]), cpp('deployments', [sel()])],
    expect: { web: 'cpp:deployments' },
  },
  // --- scoping: pkg/detector/detector.go LookForMatchedPolicy / LookForMatchedClusterPolicy
  {
    rule: 'a PP only matches templates of its own namespace (LookForMatchedPolicy lists PPs of the template namespace)',
    templates: [tpl('web', 'shop'), tpl('web2', 'default')],
    policies: [pp('all', 'default', [sel()])],
    expect: { web: 'none:no-matching-policy', web2: 'pp:default/all' },
  },
  {
    rule: 'the PP webhook fills an empty selector namespace with the policy namespace; another namespace is rejected and matches nothing (validateResourceSelectors)',
    templates: [tpl('web', 'shop')],
    policies: [pp('cross', 'default', [sel({ namespace: 'shop' })])],
    expect: { web: 'none:no-matching-policy' },
  },
  {
    rule: 'a PP written without metadata.namespace is applied to default, where kubectl sends it (LookForMatchedPolicy)',
    templates: [tpl('web', 'default')],
    policies: [pp('no-ns', undefined, [sel()])],
    expect: { web: 'pp:default/no-ns' },
  },
  {
    rule: 'a CPP selector without namespace matches the kind in every namespace (LookForMatchedClusterPolicy, ResourceSelectorPriority)',
    templates: [tpl('a', 'shop'), tpl('b', 'billing')],
    policies: [cpp('everywhere', [sel()])],
    expect: { a: 'cpp:everywhere', b: 'cpp:everywhere' },
  },
  {
    rule: 'a CPP selector namespace restricts it to that namespace (ResourceSelectorPriority: len(rs.Namespace) > 0)',
    templates: [tpl('a', 'shop'), tpl('b', 'billing')],
    policies: [cpp('shop-only', [sel({ namespace: 'shop' })])],
    expect: { a: 'cpp:shop-only', b: 'none:no-matching-policy' },
  },
  {
    rule: 'a cluster-scoped object is never matched by a PP (LookForMatchedPolicy returns nil without namespace), only by a CPP',
    templates: [tpl('admin', undefined, undefined, 'rbac.authorization.k8s.io/v1', 'ClusterRole')],
    policies: [
      pp('roles', 'default', [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' }]),
      cpp('roles', [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' }]),
    ],
    expect: { admin: 'cpp:roles' },
  },
  {
    rule: 'a cluster-scoped object only matches CPP selectors without namespace (ResourceSelectorPriority)',
    templates: [tpl('admin', undefined, undefined, 'rbac.authorization.k8s.io/v1', 'ClusterRole')],
    policies: [cpp('namespaced-sel', [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', namespace: 'default' }])],
    expect: { admin: 'none:no-matching-policy' },
  },
  // --- templates the detector never sees: detector.go EventFilter, Reconcile
  {
    rule: 'reserved namespaces karmada-system, karmada-cluster, karmada-es-* are never matched (EventFilter, names.IsReservedNamespace)',
    templates: [tpl('a', 'karmada-system'), tpl('b', 'karmada-cluster'), tpl('c', 'karmada-es-member1'), tpl('d', 'karmada')],
    policies: [cpp('everything', [sel()])],
    expect: { a: 'none:reserved-namespace', b: 'none:reserved-namespace', c: 'none:reserved-namespace', d: 'cpp:everything' },
  },
  {
    rule: '--skipped-propagating-namespaces defaults to kube-.*; default itself is propagated (EventFilter)',
    templates: [tpl('a', 'kube-system'), tpl('b', 'kube-public'), tpl('c', 'default'), tpl('d', 'my-kube-system')],
    policies: [cpp('everything', [sel()])],
    expect: { a: 'none:skipped-namespace', b: 'none:skipped-namespace', c: 'cpp:everything', d: 'cpp:everything' },
  },
  {
    rule: 'setting --skipped-propagating-namespaces replaces the default (EventFilter, options.go)',
    templates: [tpl('a', 'kube-system'), tpl('b', 'legacy-billing')],
    policies: [cpp('everything', [sel()])],
    options: { skippedNamespaces: ['legacy-.*'] },
    expect: { a: 'cpp:everything', b: 'none:skipped-namespace' },
  },
  {
    rule: 'ConfigMap kube-system/extension-apiserver-authentication is always skipped (EventFilter, karmada#4228)',
    templates: [tpl('extension-apiserver-authentication', 'kube-system', undefined, 'v1', 'ConfigMap'), tpl('other', 'kube-system', undefined, 'v1', 'ConfigMap')],
    policies: [cpp('cms', [{ apiVersion: 'v1', kind: 'ConfigMap' }])],
    options: { skippedNamespaces: [] },
    expect: { 'extension-apiserver-authentication': 'none:extension-apiserver-authentication', 'other': 'cpp:cms' },
  },
  {
    rule: 'step 0: a template labelled resourcetemplate.karmada.io/claimed-by is skipped (ResourceDetector.Reconcile)',
    templates: [tpl('mcs', 'default', { 'resourcetemplate.karmada.io/claimed-by': 'MultiClusterService' }), tpl('free', 'default')],
    policies: [pp('all', 'default', [sel()])],
    expect: { mcs: 'none:claimed-by-label', free: 'pp:default/all' },
  },
  {
    rule: 'APIs in the built-in skip list (Karmada groups, events, leases) are never propagated (NewSkippedResourceConfig)',
    templates: [
      tpl('e1', 'default', undefined, 'v1', 'Event'),
      tpl('e2', 'default', undefined, 'events.k8s.io/v1', 'Event'),
      tpl('lease', 'default', undefined, 'coordination.k8s.io/v1', 'Lease'),
      tpl('pp', 'default', undefined, POLICY, 'OverridePolicy'),
    ],
    policies: [cpp('catch-all', [
      { apiVersion: 'v1', kind: 'Event' }, { apiVersion: 'events.k8s.io/v1', kind: 'Event' },
      { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' }, { apiVersion: POLICY, kind: 'OverridePolicy' },
    ])],
    expect: { e1: 'none:skipped-api', e2: 'none:skipped-api', lease: 'none:skipped-api', pp: 'none:skipped-api' },
  },
  {
    rule: '--skipped-propagating-apis adds groups, group/versions and kinds (SkippedResourceConfig.parseSingle)',
    templates: [
      tpl('web', 'default'),
      tpl('cm', 'default', undefined, 'v1', 'ConfigMap'),
      tpl('ing', 'default', undefined, 'networking.k8s.io/v1', 'Ingress'),
      tpl('job', 'default', undefined, 'batch/v1', 'Job'),
    ],
    policies: [cpp('catch-all', [
      sel(), { apiVersion: 'v1', kind: 'ConfigMap' }, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' }, { apiVersion: 'batch/v1', kind: 'Job' },
    ])],
    options: { skippedPropagatingApis: 'networking.k8s.io;v1/ConfigMap,Secret;apps/v1/Deployment' },
    expect: { web: 'none:skipped-api', cm: 'none:skipped-api', ing: 'none:skipped-api', job: 'cpp:catch-all' },
  },
  // --- policies that are ignored: detector.go LookForMatched*Policy
  {
    rule: 'a policy being deleted (deletionTimestamp) is ignored, the next candidate wins (LookForMatchedPolicy)',
    templates: [tpl('web', 'default')],
    policies: [pp('a-deleting', 'default', [sel({ name: 'web' })], {}, { deletionTimestamp: '2026-01-01T00:00:00Z' }), pp('b-kind', 'default', [sel()])],
    expect: { web: 'pp:default/b-kind' },
  },
  {
    rule: 'an invalid labelSelector (In without values) matches nothing (ResourceSelectorPriority: LabelSelectorAsSelector error => PriorityMisMatch)',
    templates: [tpl('web', 'default', { app: 'web' })],
    policies: [pp('broken', 'default', [sel({ labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] } })])],
    expect: { web: 'none:no-matching-policy' },
  },
  {
    rule: 'an unknown operator is invalid too (labels.NewRequirement), even with another valid selector in the policy: only that selector is inert',
    templates: [tpl('web', 'default', { app: 'web' })],
    policies: [pp('half', 'default', [sel({ labelSelector: { matchExpressions: [{ key: 'app', operator: 'in', values: ['web'] }] } }), sel({ name: 'web' })])],
    expect: { web: 'pp:default/half' },
  },
];

describe('simulateClaims: the resource detector\'s choice (pkg/detector/detector.go, policy.go, compare.go; pkg/util/selector.go)', () => {
  test.each(CASES.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    const report = simulateClaims(c.templates, c.policies, c.options);
    const got: Record<string, string> = {};
    for (const claim of report.templates) {
      const reason = report.unclaimed.find((u) => u.template.name === claim.template.name)?.reason;
      got[claim.template.name] = outcome(claim, reason);
    }
    expect(got).toEqual(c.expect);
  });

  test('has 30+ table cases, each naming its Karmada source', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    // a Go identifier (ResourceSelectorPriority, labels.NewRequirement, ...) in parentheses, or as the rule's subject.
    for (const c of CASES) expect(c.rule).toMatch(/\([^)]*\b[A-Za-z]+\.?[A-Z][A-Za-z]+|^[A-Z][A-Za-z]+(\.[a-zA-Z]+)?:/);
  });
});

describe('simulateClaims: the report', () => {
  test('candidates are listed best first with their explicit and implicit priorities (getHighestPriority*)', () => {
    const report = simulateClaims(
      [tpl('nginx', 'default', { app: 'nginx' })],
      [
        cpp('cluster-wide', [sel()], { priority: 9 }),
        pp('by-label', 'default', [sel({ labelSelector: { matchLabels: { app: 'nginx' } } })]),
        pp('by-name', 'default', [sel(), sel({ name: 'nginx' })], { priority: 1 }),
      ],
    );
    expect(report.templates[0].candidates.map((c) => [ref(c.policy), c.explicitPriority, c.implicitPriority, c.matchedSelectors])).toEqual([
      ['pp:default/by-name', 1, IMPLICIT_PRIORITY.matchName, [0, 1]],
      ['pp:default/by-label', 0, IMPLICIT_PRIORITY.matchLabelSelector, [0]],
      ['cpp:cluster-wide', 9, IMPLICIT_PRIORITY.matchAll, [0]],
    ]);
  });

  test('an overlap names the winner and why each other candidate loses (compare.go, policy.go)', () => {
    const report = simulateClaims(
      [tpl('nginx', 'default')],
      [
        pp('b-kind', 'default', [sel()]),
        pp('a-kind', 'default', [sel()]),
        pp('low', 'default', [sel({ name: 'nginx' })], { priority: -1 }),
        pp('per-app', 'default', [sel({ name: 'nginx' })]),
        cpp('cluster', [sel({ name: 'nginx' })], { priority: 100 }),
      ],
    );
    expect(report.overlaps).toHaveLength(1);
    const overlap = report.overlaps[0];
    expect(ref(overlap.winner)).toBe('pp:default/per-app');
    expect(overlap.losers.map((l) => [ref(l.policy), l.reason])).toEqual([
      ['pp:default/a-kind', 'higher-implicit-priority'],
      ['pp:default/b-kind', 'higher-implicit-priority'],
      ['pp:default/low', 'higher-explicit-priority'],
      ['cpp:cluster', 'propagation-policy-beats-cluster-policy'],
    ]);
    const tie = simulateClaims([tpl('web', 'default')], [pp('foo', 'default', [sel()]), pp('bar', 'default', [sel()])]);
    expect(tie.overlaps[0].losers.map((l) => l.reason)).toEqual(['smaller-name']);
  });

  test('unclaimed templates carry the reason', () => {
    const report = simulateClaims([tpl('a', 'kube-system'), tpl('b', 'default'), tpl('c', 'karmada-system')], []);
    expect(report.unclaimed.map((u) => [u.template.name, u.reason])).toEqual([
      ['b', 'no-matching-policy'],
      ['c', 'reserved-namespace'],
      ['a', 'skipped-namespace'],
    ]);
  });

  test('policies that claim nothing: matching nothing, or always losing', () => {
    const report = simulateClaims(
      [tpl('nginx', 'default')],
      [pp('per-app', 'default', [sel({ name: 'nginx' })]), pp('per-kind', 'default', [sel()]), pp('statefulsets', 'default', [sel({ kind: 'StatefulSet' })])],
    );
    expect(report.idlePolicies.map((p) => [ref(p.policy), p.reason, p.matched])).toEqual([
      ['pp:default/per-kind', 'always-loses', 1],
      ['pp:default/statefulsets', 'matches-nothing', 0],
    ]);
  });

  test('warnings: selectors that can never match, policies being deleted', () => {
    const report = simulateClaims([], [
      pp('cross', 'default', [sel({ namespace: 'shop' })]),
      pp('broken', 'default', [sel({ labelSelector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] } }), { kind: 'Deployment' }]),
      cpp('gone', [sel()], {}, { deletionTimestamp: '2026-01-01T00:00:00Z' }),
      pp('empty', 'default', []),
    ]);
    expect(report.warnings.map((w) => [ref(w.policy), w.selectorIndex])).toEqual([
      ['cpp:gone', undefined],
      ['pp:default/broken', 0],
      ['pp:default/broken', 1],
      ['pp:default/cross', 0],
      ['pp:default/empty', undefined],
    ]);
    expect(report.warnings[3].message).toContain('namespace of resource selector must be the same as the namespace of the policy');
  });

  test('resourceSelectorPriority scores one selector (pkg/util/selector.go ResourceSelectorPriority)', () => {
    const t = tpl('nginx', 'default', { app: 'nginx' });
    expect(resourceSelectorPriority(t, sel())).toBe(1);
    expect(resourceSelectorPriority(t, sel({ labelSelector: {} }))).toBe(2);
    expect(resourceSelectorPriority(t, sel({ labelSelector: { matchLabels: { app: 'nginx' } } }))).toBe(2);
    expect(resourceSelectorPriority(t, sel({ name: 'nginx', labelSelector: { matchLabels: { app: 'x' } } }))).toBe(3);
    expect(resourceSelectorPriority(t, sel({ namespace: 'other' }))).toBe(0);
    expect(resourceSelectorPriority(t, sel({ apiVersion: 'apps/v1beta1' }))).toBe(0);
    expect(resourceSelectorPriority(t, sel({ labelSelector: { matchLabels: { app: 'x' } } }))).toBe(0);
    expect(resourceSelectorPriority('not an object', sel())).toBe(0);
  });

  test('the default skip list is Karmada\'s (pkg/util/apigroup.go NewSkippedResourceConfig)', () => {
    expect(DEFAULT_SKIPPED_PROPAGATING_APIS).toEqual(expect.arrayContaining(['cluster.karmada.io', 'policy.karmada.io', 'work.karmada.io', 'v1/Event']));
  });

  test('bad input: not a policy, a policy without name, a template without kind, a duplicate policy, a bad skip flag', () => {
    expect(() => simulateClaims([], [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }])).toThrow(InputError);
    expect(() => simulateClaims([], [pp('', 'default', [sel()])])).toThrow(/metadata.name/);
    expect(() => simulateClaims([{ metadata: { name: 'x' } }], [])).toThrow(/apiVersion, kind and metadata.name/);
    expect(() => simulateClaims([], [pp('a', 'default', [sel()]), pp('a', 'default', [sel()])])).toThrow(/given twice/);
    expect(simulateClaims([], [pp('a', 'default', [sel()]), pp('a', 'shop', [sel()]), cpp('a', [sel()])]).warnings).toEqual([]);
    expect(() => simulateClaims([], [], { skippedPropagatingApis: 'a/b/c/d' })).toThrow(/invalid parameter/);
  });
});

describe('simulateClaims: apply-order hazards (pkg/detector/policy.go, preemption.go)', () => {
  const templates = [tpl('nginx', 'default'), tpl('alone', 'shop')];
  const policies = [pp('per-app', 'default', [sel({ name: 'nginx' })]), pp('per-kind', 'default', [sel()]), pp('shop', 'shop', [sel()])];

  test('an overlap is a hazard: the loser claims for good if it lands first (a claim is never re-decided)', () => {
    const report = simulateClaims(templates, policies);
    expect(report.hazards).toHaveLength(1);
    expect(report.hazards[0].template.name).toBe('nginx');
    expect(ref(report.hazards[0].winner)).toBe('pp:default/per-app');
    expect(report.hazards[0].riskyPolicies.map(ref)).toEqual(['pp:default/per-kind']);
    expect(report.hazards[0].message).toContain('never re-decided');
  });

  test('a template matched by one policy is no hazard: it waits until its policy arrives (HandlePropagationPolicyCreationOrUpdate)', () => {
    const report = simulateClaims([tpl('alone', 'shop')], policies);
    expect(report.hazards).toEqual([]);
    expect(report.overlaps).toEqual([]);
  });

  test('policiesBeforeTemplates: every candidate exists at the first reconcile, no hazard (the overlap is still reported)', () => {
    const report = simulateClaims(templates, policies, { policiesBeforeTemplates: true });
    expect(report.hazards).toEqual([]);
    expect(report.overlaps).toHaveLength(1);
  });

  test('a PP loser against a CPP winner cannot happen, but a CPP loser against a PP winner is a hazard (PP beats CPP only if present)', () => {
    const report = simulateClaims([tpl('web', 'default')], [cpp('all', [sel()]), pp('web', 'default', [sel()])]);
    expect(report.hazards[0].riskyPolicies.map(ref)).toEqual(['cpp:all']);
  });

  test('with the PropagationPolicyPreemption gate, a named winner with preemption Always takes over from a CPP and from lower priorities', () => {
    const withPreemption = [
      pp('per-app', 'default', [sel({ name: 'nginx' })], { preemption: 'Always', priority: 10 }),
      pp('per-kind', 'default', [sel()], { priority: 1 }),
      pp('same-priority', 'default', [sel()], { priority: 10 }),
      cpp('cluster', [sel()], { priority: 50 }),
    ];
    const gated = simulateClaims([tpl('nginx', 'default')], withPreemption, { preemptionFeatureGate: true });
    // equal explicit priority does not preempt (`policy.ExplicitPriority() <= claimed`).
    expect(gated.hazards[0].riskyPolicies.map(ref)).toEqual(['pp:default/same-priority']);
    const off = simulateClaims([tpl('nginx', 'default')], withPreemption);
    expect(off.hazards[0].riskyPolicies.map(ref)).toEqual(['pp:default/same-priority', 'pp:default/per-kind', 'cpp:cluster']);
  });
});

describe('simulateClaims: determinism and scale', () => {
  test('the report does not depend on the order of the policies (property)', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const policyArb = fc.record({
      name: fc.constantFrom(...names),
      cluster: fc.boolean(),
      priority: fc.option(fc.integer({ min: -2, max: 2 }), { nil: undefined }),
      selector: fc.oneof(
        fc.constant<Obj>({}),
        fc.constant<Obj>({ labelSelector: {} }),
        fc.constantFrom(...names).map((n): Obj => ({ name: n })),
        fc.constantFrom('x', 'y').map((v): Obj => ({ labelSelector: { matchLabels: { app: v } } })),
      ),
    });
    fc.assert(fc.property(fc.uniqueArray(policyArb, { selector: (p) => `${p.cluster}/${p.name}`, maxLength: 8 }), (specs) => {
      const policies = specs.map((s) => {
        const spec = s.priority === undefined ? {} : { priority: s.priority };
        return s.cluster ? cpp(s.name, [sel(s.selector)], spec) : pp(s.name, 'default', [sel(s.selector)], spec);
      });
      const templates = names.map((n, i) => tpl(n, 'default', { app: i % 2 ? 'x' : 'y' }));
      const forward = simulateClaims(templates, policies);
      const backward = simulateClaims(templates, [...policies].reverse());
      expect(backward).toEqual(forward);
    }));
  });

  test('60,000 templates x 3,000 policies is near-linear (indexed by namespace, apiVersion, kind and name)', () => {
    const namespaces = Array.from({ length: 300 }, (_, i) => `ns-${i}`);
    const templates: Obj[] = [];
    for (let i = 0; i < 60000; i++) templates.push(tpl(`app-${i}`, namespaces[i % namespaces.length], { app: `app-${i}`, tier: i % 3 ? 'web' : 'db' }));
    const policies: Obj[] = [];
    // per namespace: one per-kind PP, one label PP, eight per-app PPs (with names); plus some CPPs.
    for (const [n, ns] of namespaces.entries()) {
      policies.push(pp('per-kind', ns, [sel()]));
      policies.push(pp('db-tier', ns, [sel({ labelSelector: { matchLabels: { tier: 'db' } } })]));
      for (let k = 0; k < 8; k++) policies.push(pp(`app-${n + k * 300}`, ns, [sel({ name: `app-${n + k * 300}` })]));
    }
    for (let k = 0; k < 10; k++) policies.push(cpp(`cluster-${k}`, [sel({ namespace: namespaces[k] })]));
    expect(policies.length).toBe(3010);
    // its time is measured by npm run bench (a product of 60,000 x 3,010 selector checks would take minutes).
    const report = simulateClaims(templates, policies);
    expect(report.templates).toHaveLength(60000);
    expect(report.unclaimed).toEqual([]);
  });
});
