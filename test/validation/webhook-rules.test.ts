// Karmada's validating webhook, rule by rule: for each rule a policy that passes and one
// that fails, with the message and field path Karmada v1.18.2 answers
// (pkg/util/validation/validation.go, pkg/webhook/propagationpolicy/validating.go).
// The rules run on the policy as the validating webhook receives it: after the CRD
// defaults and Karmada's mutating webhook (pkg/webhook/propagationpolicy/mutating.go).
import { KubeObject } from '../../src/kube/object';
import { validateManifests } from '../../src/validation/validate-manifests';
import { admitForValidation, WEBHOOK_RULES } from '../../src/validation/webhook-rules';
import { Json, policy } from './_policy';



/** `placement` replaced as a whole. */
function placed(placement: Json, spec: Json = {}): KubeObject {
  return policy({ placement, ...spec });
}

/** the findings of one rule, as `path: message`. */
function findings(ruleId: string, m: KubeObject): string[] {
  const rule = WEBHOOK_RULES.find(r => r.id === `karmada-webhook/${ruleId}`);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return validateManifests([m], { rules: [rule] }).filter(v => v.rule === rule.id).map(v => `${v.path}: ${v.message}`);
}

// content.IsLabelKey's regex message, with apimachinery's double spaces before "or".
const LABEL_KEY_REGEX_MSG = 'must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character ' +
  '(e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')';
const DNS_SUBDOMAIN_MSG = 'a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with ' +
  'an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')';

const primary = (extra: Json = {}): Json => ({ affinityName: 'primary', clusterNames: ['member1'], ...extra });
const AGGREGATED = { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' };

interface Case {
  /** the rule id without `karmada-webhook/`. */
  readonly rule: string;
  readonly name: string;
  readonly policy: KubeObject;
  /** `path: message` of every finding, in order; empty: the policy passes. */
  readonly expected: readonly string[];
}

const CASES: readonly Case[] = [
  // ValidatePlacement: clusterAffinities cannot co-exist with clusterAffinity.
  { rule: 'cluster-affinity-coexist', name: 'clusterAffinity alone', policy: policy(), expected: [] },
  {
    rule: 'cluster-affinity-coexist', name: 'an empty clusterAffinities list vanishes in the mutating webhook\'s Go round trip',
    policy: placed({ clusterAffinity: { clusterNames: ['member1'] }, clusterAffinities: [] }), expected: [],
  },
  {
    rule: 'cluster-affinity-coexist', name: 'both', policy: placed({ clusterAffinity: { clusterNames: ['member1'] }, clusterAffinities: [primary()] }),
    expected: ['spec.placement: clusterAffinities cannot co-exist with clusterAffinity'],
  },

  // ValidatePlacement + util.IsOverflowSchedulingAllowed.
  {
    rule: 'overflow-scheduling', name: 'overflow without replica scheduling (Duplicated)',
    policy: placed({ clusterAffinities: [primary({ overflowAffinities: [{ affinityName: 'burst', clusterNames: ['member2'] }] })] }),
    expected: ['spec.placement.clusterAffinities[0].overflowAffinities: overflowAffinities can only be used together with dynamic weight or aggregated scheduling'],
  },
  {
    rule: 'overflow-scheduling', name: 'Divided without a preference becomes static Weighted in the mutating webhook',
    policy: placed({
      clusterAffinities: [primary({ overflowAffinities: [{ affinityName: 'burst', clusterNames: ['member2'] }] })],
      replicaScheduling: { replicaSchedulingType: 'Divided' },
    }),
    expected: ['spec.placement.clusterAffinities[0].overflowAffinities: overflowAffinities can only be used together with dynamic weight or aggregated scheduling'],
  },
  {
    rule: 'overflow-scheduling', name: 'Divided and Aggregated',
    policy: placed({ clusterAffinities: [primary({ overflowAffinities: [{ affinityName: 'burst', clusterNames: ['member2'] }] })], replicaScheduling: AGGREGATED }),
    expected: [],
  },
  {
    rule: 'overflow-scheduling', name: 'Divided with a dynamic weight (Weighted set by the mutating webhook)',
    policy: placed({
      clusterAffinities: [primary({ overflowAffinities: [{ affinityName: 'burst', clusterNames: ['member2'] }] })],
      replicaScheduling: { replicaSchedulingType: 'Divided', weightPreference: { dynamicWeight: 'AvailableReplicas' } },
    }),
    expected: [],
  },

  // ValidateClusterAffinity → ValidatePolicyFieldSelector: the first bad expression only.
  {
    rule: 'field-selector', name: 'provider, region and zone with In and NotIn',
    policy: placed({ clusterAffinity: { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'In', values: ['eu'] }, { key: 'zone', operator: 'NotIn', values: ['a'] }] } } }),
    expected: [],
  },
  {
    rule: 'field-selector', name: 'an unsupported key',
    policy: placed({ clusterAffinity: { fieldSelector: { matchExpressions: [{ key: 'name', operator: 'In', values: ['member1'] }] } } }),
    expected: ['spec.placement.clusterAffinity.fieldSelector: unsupported key "name", must be provider, region, or zone'],
  },
  {
    rule: 'field-selector', name: 'an unsupported operator; the next bad expression is not reported',
    policy: placed({ clusterAffinity: { fieldSelector: { matchExpressions: [{ key: 'region', operator: 'Exists' }, { key: 'cloud', operator: 'In', values: ['x'] }] } } }),
    expected: ['spec.placement.clusterAffinity.fieldSelector: unsupported operator "Exists", must be In or NotIn'],
  },
  {
    rule: 'field-selector', name: 'in a clusterAffinities term and its overflow affinity',
    policy: placed({
      clusterAffinities: [primary({
        fieldSelector: { matchExpressions: [{ key: 'Region', operator: 'In', values: ['eu'] }] },
        overflowAffinities: [{ affinityName: 'burst', fieldSelector: { matchExpressions: [{ key: 'zone', operator: 'Gt', values: ['1'] }] } }],
      })],
      replicaScheduling: AGGREGATED,
    }),
    expected: [
      'spec.placement.clusterAffinities[0].fieldSelector: unsupported key "Region", must be provider, region, or zone',
      'spec.placement.clusterAffinities[0].overflowAffinities[0].fieldSelector: unsupported operator "Gt", must be In or NotIn',
    ],
  },

  // ValidateClusterAffinities: affinityName is a label key, unique.
  { rule: 'affinity-name', name: 'unique label keys', policy: placed({ clusterAffinities: [primary(), primary({ affinityName: 'example.com/backup' })] }), expected: [] },
  {
    rule: 'affinity-name', name: 'not a label key', policy: placed({ clusterAffinities: [primary({ affinityName: 'my group' })] }),
    expected: [`spec.placement.clusterAffinities[0]: name part ${LABEL_KEY_REGEX_MSG}`],
  },
  {
    rule: 'affinity-name', name: 'a name used three times is reported once, as Karmada\'s aggregated error does',
    policy: placed({ clusterAffinities: [primary(), primary(), primary()] }),
    expected: ['spec.placement.clusterAffinities: each affinity term in a policy must have a unique name'],
  },

  // ValidateOverflowAffinities.
  {
    rule: 'overflow-affinities', name: 'after an inline affinity, unique names',
    policy: placed({ clusterAffinities: [primary({ overflowAffinities: [{ affinityName: 'burst', clusterNames: ['member2'] }] })], replicaScheduling: AGGREGATED }),
    expected: [],
  },
  {
    rule: 'overflow-affinities', name: 'without an inline cluster affinity',
    policy: placed({ clusterAffinities: [{ affinityName: 'primary', overflowAffinities: [{ affinityName: 'burst', clusterNames: ['member2'] }] }], replicaScheduling: AGGREGATED }),
    expected: ['spec.placement.clusterAffinities[0].overflowAffinities: overflowAffinities can only be used together with the inline ClusterAffinity'],
  },
  {
    rule: 'overflow-affinities', name: 'a name equal to the primary\'s, another repeated, one not a label key',
    policy: placed({
      clusterAffinities: [primary({
        overflowAffinities: [
          { affinityName: 'primary', clusterNames: ['member2'] },
          { affinityName: 'burst', clusterNames: ['member3'] },
          { affinityName: 'burst', clusterNames: ['member4'] },
          { affinityName: '-burst', clusterNames: ['member5'] },
        ],
      })],
      replicaScheduling: AGGREGATED,
    }),
    expected: [
      'spec.placement.clusterAffinities[0].overflowAffinities[0].affinityName: overflow affinity name must be unique and must not duplicate the primary group\'s affinityName',
      'spec.placement.clusterAffinities[0].overflowAffinities[2].affinityName: overflow affinity name must be unique and must not duplicate the primary group\'s affinityName',
      `spec.placement.clusterAffinities[0].overflowAffinities[3].affinityName: name part ${LABEL_KEY_REGEX_MSG}`,
    ],
  },

  // ValidateSpreadConstraint (after SetDefaultSpreadConstraints: cluster when neither is set, minGroups 0 => 1).
  { rule: 'spread-constraints', name: 'one cluster constraint', policy: placed({ spreadConstraints: [{ spreadByField: 'cluster', maxGroups: 2, minGroups: 1 }] }), expected: [] },
  {
    rule: 'spread-constraints', name: 'a region constraint with a defaulted cluster one',
    policy: placed({ spreadConstraints: [{ spreadByField: 'region', maxGroups: 2 }, { maxGroups: 3 }] }), expected: [],
  },
  { rule: 'spread-constraints', name: 'label constraints only (no field, no cluster needed)', policy: placed({ spreadConstraints: [{ spreadByLabel: 'topology' }, { spreadByLabel: 'topology' }] }), expected: [] },
  { rule: 'spread-constraints', name: 'maxGroups 0 means unset', policy: placed({ spreadConstraints: [{ spreadByField: 'cluster', minGroups: 3, maxGroups: 0 }] }), expected: [] },
  {
    rule: 'spread-constraints', name: 'field and label together',
    policy: placed({ spreadConstraints: [{ spreadByField: 'cluster', spreadByLabel: 'topology' }] }),
    expected: ['spec.placement.spreadConstraints[0]: spreadByLabel should not co-exist with spreadByField'],
  },
  {
    rule: 'spread-constraints', name: 'negative bounds',
    policy: placed({ spreadConstraints: [{ spreadByField: 'cluster', minGroups: -1, maxGroups: -2 }] }),
    expected: ['spec.placement.spreadConstraints[0]: minGroups lower than 0 is not allowed', 'spec.placement.spreadConstraints[0]: maxGroups lower than 0 is not allowed'],
  },
  {
    rule: 'spread-constraints', name: 'maxGroups below minGroups',
    policy: placed({ spreadConstraints: [{ spreadByField: 'cluster', minGroups: 3, maxGroups: 2 }] }),
    expected: ['spec.placement.spreadConstraints[0]: maxGroups lower than minGroups is not allowed'],
  },
  {
    rule: 'spread-constraints', name: 'maxGroups below the defaulted minGroups of 1 cannot happen; maxGroups 1 passes',
    policy: placed({ spreadConstraints: [{ maxGroups: 1 }] }), expected: [],
  },
  {
    rule: 'spread-constraints', name: 'three cluster constraints, one of them defaulted: reported once, on the list',
    policy: placed({ spreadConstraints: [{}, { spreadByField: 'cluster' }, { spreadByField: 'cluster' }] }),
    expected: ['spec.placement.spreadConstraints: multiple cluster spread constraints are not allowed'],
  },
  {
    rule: 'spread-constraints', name: 'two region constraints, and no cluster one',
    policy: placed({ spreadConstraints: [{ spreadByField: 'region' }, { spreadByField: 'region' }] }),
    expected: [
      'spec.placement.spreadConstraints: multiple region spread constraints are not allowed',
      'spec.placement.spreadConstraints: the cluster spread constraint must be enabled in one of the constraints in case of SpreadByField is enabled',
    ],
  },
  {
    rule: 'spread-constraints', name: 'a zone constraint beside a label one is still a field without cluster',
    policy: placed({ spreadConstraints: [{ spreadByField: 'zone' }, { spreadByLabel: 'topology' }] }),
    expected: ['spec.placement.spreadConstraints: the cluster spread constraint must be enabled in one of the constraints in case of SpreadByField is enabled'],
  },

  // ValidateWorkloadAffinity.
  {
    rule: 'workload-affinity', name: 'different label keys',
    policy: placed({ clusterAffinity: { clusterNames: ['member1'] }, workloadAffinity: { affinity: { groupByLabelKey: 'app' }, antiAffinity: { groupByLabelKey: 'example.com/shard' } } }),
    expected: [],
  },
  {
    rule: 'workload-affinity', name: 'the same key on both',
    policy: placed({ clusterAffinity: { clusterNames: ['member1'] }, workloadAffinity: { affinity: { groupByLabelKey: 'app' }, antiAffinity: { groupByLabelKey: 'app' } } }),
    expected: ['spec.placement.workloadAffinity: affinity and antiAffinity must not use the same groupByLabelKey'],
  },
  {
    rule: 'workload-affinity', name: 'keys that are not label keys',
    policy: placed({ clusterAffinity: { clusterNames: ['member1'] }, workloadAffinity: { affinity: { groupByLabelKey: 'Example.com/app' }, antiAffinity: { groupByLabelKey: 'shard!' } } }),
    expected: [
      `spec.placement.workloadAffinity.affinity.groupByLabelKey: prefix part ${DNS_SUBDOMAIN_MSG}`,
      `spec.placement.workloadAffinity.antiAffinity.groupByLabelKey: name part ${LABEL_KEY_REGEX_MSG}`,
    ],
  },

  // validateClusterTolerations: field.NotSupported.
  {
    rule: 'toleration-operator', name: 'Exists and Equal',
    policy: placed({ clusterAffinity: { clusterNames: ['member1'] }, clusterTolerations: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Equal', value: 'x' }] }),
    expected: [],
  },
  {
    rule: 'toleration-operator', name: 'Lt and Gt',
    policy: placed({ clusterAffinity: { clusterNames: ['member1'] }, clusterTolerations: [{ key: 'a', operator: 'Lt', value: '1' }, { key: 'b', operator: 'Gt', value: '2' }] }),
    expected: [
      'spec.placement.clusterTolerations[0].operator: Unsupported value: "Lt": supported values: "", "Exists", "Equal"',
      'spec.placement.clusterTolerations[1].operator: Unsupported value: "Gt": supported values: "", "Exists", "Equal"',
    ],
  },

  // ValidatePropagationSpec: application failover needs propagateDeps.
  {
    rule: 'failover-needs-propagate-deps', name: 'application failover without propagateDeps',
    policy: policy({ failover: { application: { decisionConditions: { tolerationSeconds: 60 } } } }),
    expected: ['spec.propagateDeps: application failover is set, propagateDeps must be true'],
  },
  { rule: 'failover-needs-propagate-deps', name: 'with propagateDeps', policy: policy({ propagateDeps: true, failover: { application: { decisionConditions: {} } } }), expected: [] },
  { rule: 'failover-needs-propagate-deps', name: 'cluster failover only', policy: policy({ failover: { cluster: { purgeMode: 'Directly' } } }), expected: [] },
  {
    rule: 'failover-needs-propagate-deps', name: 'a ServiceImport selector makes the mutating webhook set propagateDeps',
    policy: policy({
      failover: { application: { decisionConditions: {} } },
      resourceSelectors: [{ apiVersion: 'multicluster.x-k8s.io/v1alpha1', kind: 'ServiceImport', name: 'svc' }],
    }),
    expected: [],
  },

  // ValidateApplicationFailover (CRD defaults: tolerationSeconds 300, purgeMode Gracefully; mutating: gracePeriodSeconds 600).
  {
    rule: 'application-failover', name: 'defaults only',
    policy: policy({ propagateDeps: true, failover: { application: { decisionConditions: {} } } }), expected: [],
  },
  {
    rule: 'application-failover', name: 'a negative tolerationSeconds',
    policy: policy({ propagateDeps: true, failover: { application: { decisionConditions: { tolerationSeconds: -1 } } } }),
    expected: ['spec.failover.application.decisionConditions.tolerationSeconds: must be greater than or equal to 0'],
  },
  {
    rule: 'application-failover', name: 'gracePeriodSeconds with purgeMode Directly',
    policy: policy({ propagateDeps: true, failover: { application: { decisionConditions: {}, purgeMode: 'Directly', gracePeriodSeconds: 60 } } }),
    expected: ['spec.failover.application.gracePeriodSeconds: only takes effect when purgeMode is gracefully'],
  },
  {
    rule: 'application-failover', name: 'gracePeriodSeconds 0 when Gracefully',
    policy: policy({ propagateDeps: true, failover: { application: { decisionConditions: {}, purgeMode: 'Gracefully', gracePeriodSeconds: 0 } } }),
    expected: ['spec.failover.application.gracePeriodSeconds: must be greater than 0'],
  },
  {
    rule: 'application-failover', name: 'a negative gracePeriodSeconds with purgeMode Never',
    policy: policy({ propagateDeps: true, failover: { application: { decisionConditions: {}, purgeMode: 'Never', gracePeriodSeconds: -5 } } }),
    expected: [
      'spec.failover.application.gracePeriodSeconds: only takes effect when purgeMode is gracefully',
      'spec.failover.application.gracePeriodSeconds: must be greater than 0',
    ],
  },

  // validateStatePreservationRule → metav1validation.ValidateLabelName.
  {
    rule: 'state-preservation', name: 'valid alias label names',
    policy: policy({
      propagateDeps: true,
      failover: {
        application: { decisionConditions: {}, statePreservation: { rules: [{ aliasLabelName: 'example.com/replicas', jsonPath: '{ .replicas }' }] } },
        cluster: { statePreservation: { rules: [{ aliasLabelName: 'phase', jsonPath: '{ .phase }' }] } },
      },
    }),
    expected: [],
  },
  {
    rule: 'state-preservation', name: 'two slashes, an empty name, an upper-case prefix, 64 characters',
    policy: policy({
      propagateDeps: true,
      failover: {
        application: {
          decisionConditions: {},
          statePreservation: { rules: [{ aliasLabelName: 'a/b/c', jsonPath: '{ .a }' }, { aliasLabelName: '', jsonPath: '{ .b }' }] },
        },
        cluster: { statePreservation: { rules: [{ aliasLabelName: 'Example.com/x', jsonPath: '{ .c }' }, { aliasLabelName: 'x'.repeat(64), jsonPath: '{ .d }' }] } },
      },
    }),
    expected: [
      `spec.failover.application.statePreservation.rules[0].aliasLabelName: a valid label key ${LABEL_KEY_REGEX_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
      'spec.failover.application.statePreservation.rules[1].aliasLabelName: name part must be non-empty',
      `spec.failover.application.statePreservation.rules[1].aliasLabelName: name part ${LABEL_KEY_REGEX_MSG}`,
      `spec.failover.cluster.statePreservation.rules[0].aliasLabelName: prefix part ${DNS_SUBDOMAIN_MSG}`,
      'spec.failover.cluster.statePreservation.rules[1].aliasLabelName: name part must be no more than 63 bytes',
    ],
  },

  // validateResourceSelectors (PropagationPolicy only; the mutating webhook fills an empty namespace).
  { rule: 'selector-namespace', name: 'no selector namespace', policy: policy(), expected: [] },
  {
    rule: 'selector-namespace', name: 'the policy\'s namespace',
    policy: policy({ resourceSelectors: [{ apiVersion: 'v1', kind: 'Service', namespace: 'shop' }] }, 'PropagationPolicy', { name: 'p', namespace: 'shop' }), expected: [],
  },
  {
    rule: 'selector-namespace', name: 'a policy without metadata.namespace is sent to default',
    policy: policy({ resourceSelectors: [{ apiVersion: 'v1', kind: 'Service', namespace: 'default' }] }, 'PropagationPolicy', { name: 'p' }), expected: [],
  },
  {
    rule: 'selector-namespace', name: 'another namespace',
    policy: policy({ resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }, { apiVersion: 'v1', kind: 'Service', namespace: 'default' }] }, 'PropagationPolicy', { name: 'p', namespace: 'shop' }),
    expected: ['spec.resourceSelectors[1].namespace: namespace of resource selector must be the same as the namespace of the policy'],
  },
  {
    rule: 'selector-namespace', name: 'a ClusterPropagationPolicy selects any namespace',
    policy: policy({ resourceSelectors: [{ apiVersion: 'v1', kind: 'Service', namespace: 'shop' }] }, 'ClusterPropagationPolicy', { name: 'p' }), expected: [],
  },

  // validateResourceSelectorsIfPreemptionEnabled.
  { rule: 'preemption-needs-name', name: 'Always with names', policy: policy({ preemption: 'Always' }), expected: [] },
  { rule: 'preemption-needs-name', name: 'Never with a kind-only selector', policy: policy({ preemption: 'Never', resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }] }), expected: [] },
  {
    rule: 'preemption-needs-name', name: 'Always with a kind-only and a labelSelector selector',
    policy: policy({
      preemption: 'Always',
      resourceSelectors: [{ apiVersion: 'v1', kind: 'Service' }, { apiVersion: 'v1', kind: 'Service', name: 'a' }, { apiVersion: 'v1', kind: 'ConfigMap', labelSelector: { matchLabels: { app: 'a' } } }],
    }),
    expected: [
      'spec.resourceSelectors[0].name: name cannot be empty if preemption is Always, the empty name may cause unexpected resources preemption',
      'spec.resourceSelectors[2].name: name cannot be empty if preemption is Always, the empty name may cause unexpected resources preemption',
    ],
  },

  // validateSuspension (Karmada adds the child twice: spec.suspension.suspension).
  { rule: 'suspension', name: 'dispatching alone', policy: policy({ suspension: { dispatching: true } }), expected: [] },
  { rule: 'suspension', name: 'dispatching with an empty cluster list', policy: policy({ suspension: { dispatching: true, dispatchingOnClusters: { clusterNames: [] } } }), expected: [] },
  { rule: 'suspension', name: 'not dispatching, with clusters', policy: policy({ suspension: { dispatching: false, dispatchingOnClusters: { clusterNames: ['member1'] } } }), expected: [] },
  {
    rule: 'suspension', name: 'both', policy: policy({ suspension: { dispatching: true, dispatchingOnClusters: { clusterNames: ['member1'] } } }),
    expected: ['spec.suspension.suspension: suspension dispatching cannot co-exist with dispatchingOnClusters.clusterNames'],
  },

  // validating.go validateUpdate (the mutating webhook sets the label to a UUID on CREATE).
  { rule: 'permanent-id-label', name: 'no label', policy: policy(), expected: [] },
  {
    rule: 'permanent-id-label', name: 'a ClusterPropagationPolicy with the PropagationPolicy label is not checked for it',
    policy: policy({}, 'ClusterPropagationPolicy', { name: 'p', labels: { 'propagationpolicy.karmada.io/permanent-id': 'x' } }), expected: [],
  },
  {
    rule: 'permanent-id-label', name: 'a PropagationPolicy with its label',
    policy: policy({}, 'PropagationPolicy', { name: 'p', namespace: 'default', labels: { 'propagationpolicy.karmada.io/permanent-id': '0f6f3b52-0000-4000-8000-000000000000' } }),
    expected: ['metadata.labels[propagationpolicy.karmada.io/permanent-id]: label propagationpolicy.karmada.io/permanent-id is immutable, it can only be set by the system during creation'],
  },
  {
    rule: 'permanent-id-label', name: 'a ClusterPropagationPolicy with its label',
    policy: policy({}, 'ClusterPropagationPolicy', { name: 'p', labels: { 'clusterpropagationpolicy.karmada.io/permanent-id': 'x' } }),
    expected: ['metadata.labels[clusterpropagationpolicy.karmada.io/permanent-id]: label clusterpropagationpolicy.karmada.io/permanent-id is immutable, it can only be set by the system during creation'],
  },
];

describe('Karmada\'s validating webhook rules (v1.18.2)', () => {
  test.each(CASES.map(c => [c.rule, c.name, c] as const))('%s: %s', (_rule, _name, c) => {
    expect(findings(c.rule, c.policy)).toStrictEqual(c.expected);
  });

  test('every rule has a passing and a failing case, and cites the Karmada function it ports', () => {
    for (const rule of WEBHOOK_RULES) {
      const id = rule.id.replace('karmada-webhook/', '');
      const cases = CASES.filter(c => c.rule === id);
      expect([id, cases.some(c => c.expected.length === 0)]).toStrictEqual([id, true]);
      expect([id, cases.some(c => c.expected.length > 0)]).toStrictEqual([id, true]);
      expect(rule.source).toMatch(/^pkg\/(util\/validation\/validation\.go|webhook\/propagationpolicy\/validating\.go): [A-Za-z]+/);
    }
  });

  test('a failing policy breaks only the rule of its case', () => {
    for (const c of CASES.filter(x => x.expected.length > 0)) {
      const broken = validateManifests([c.policy], { rules: WEBHOOK_RULES }).map(v => v.rule);
      expect([c.name, [...new Set(broken)]]).toStrictEqual([c.name, [`karmada-webhook/${c.rule}`]]);
    }
  });

  test('the example\'s kind of policy (every field written out as admitted) passes every rule', () => {
    const p = policy({ preemption: 'Never', priority: 0, schedulerName: 'default-scheduler', resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default' }] });
    expect(validateManifests([p], { rules: WEBHOOK_RULES })).toStrictEqual([]);
  });

  test('gracePeriodSeconds "should not be empty when purgeMode is gracefully" is unreachable through the mutating webhook, which sets 600', () => {
    const rule = WEBHOOK_RULES.find(r => r.id === 'karmada-webhook/application-failover')!;
    // the rule itself, on a policy as it would reach it without the mutating webhook.
    const raw = { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy', metadata: { name: 'p', namespace: 'default' },
      spec: { propagateDeps: true, failover: { application: { decisionConditions: { tolerationSeconds: 300 }, purgeMode: 'Graciously' } } } };
    expect(rule.checkAdmitted(raw).map(f => `${f.path}: ${f.message}`))
      .toStrictEqual(['spec.failover.application.gracePeriodSeconds: should not be empty when purgeMode is gracefully']);
    // through admission, the deprecated Graciously gets 600 as Gracefully does.
    const admitted = admitForValidation(raw as KubeObject)!;
    expect((admitted.spec as Json).failover).toStrictEqual({ application: { decisionConditions: { tolerationSeconds: 300 }, gracePeriodSeconds: 600, purgeMode: 'Graciously' } });
    expect(findings('application-failover', raw as KubeObject)).toStrictEqual([]);
  });

  test('a policy Karmada cannot decode is left to the CRD schema check; other kinds are not checked', () => {
    const undecodable = policy({ priority: 'high' });
    expect(admitForValidation(undecodable)).toBeUndefined();
    const violations = validateManifests([undecodable], { rules: WEBHOOK_RULES });
    expect(violations.map(v => [v.rule, v.path])).toStrictEqual([['crd-schema', 'spec.priority']]);
    const deployment: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x', namespace: 'default' }, spec: { preemption: 'Always' } };
    expect(validateManifests([deployment], { rules: WEBHOOK_RULES })).toStrictEqual([]);
  });
});
