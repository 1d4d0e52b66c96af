import * as path from 'path';
import fc from 'fast-check';
import { admitPolicy, CLUSTER_PROPAGATION_POLICY_FINALIZER, CLUSTER_PROPAGATION_POLICY_PERMANENT_ID_LABEL, normalizeAsStored, PROPAGATION_POLICY_FINALIZER, PROPAGATION_POLICY_PERMANENT_ID_LABEL } from '../../src/karmada';
import { CrdSchemaSet } from '../../src/kube';
import { SEED_POLICIES, yamlDocumentsOf } from '../util';

const CRDS = path.join(__dirname, '../../crds/karmada-v1.18.2');
const POLICY = 'policy.karmada.io/v1alpha1';

const schemas = CrdSchemaSet.fromFiles([
  path.join(CRDS, 'policy.karmada.io_propagationpolicies.yaml'),
  path.join(CRDS, 'policy.karmada.io_clusterpropagationpolicies.yaml'),
]);

type Spec = Record<string, unknown>;
type Policy = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Spec };

function pp(spec: Spec, metadata: Record<string, unknown> = { name: 'nginx-pp', namespace: 'apps' }): Policy {
  return { apiVersion: POLICY, kind: 'PropagationPolicy', metadata, spec };
}

function cpp(spec: Spec): Policy {
  return { apiVersion: POLICY, kind: 'ClusterPropagationPolicy', metadata: { name: 'all-deployments' }, spec };
}

const DEPLOYMENTS = [{ apiVersion: 'apps/v1', kind: 'Deployment' }];
const ON_MEMBER1 = { clusterAffinity: { clusterNames: ['member1'] } };

function admittedSpec(policy: Policy): Spec {
  return admitPolicy(policy, { operation: 'CREATE' }).spec as Spec;
}

function placementOf(policy: Policy): Spec {
  return admittedSpec(policy).placement as Spec;
}

describe('admitPolicy', () => {
  describe('resource selector namespaces (PropagationPolicy only)', () => {
    test('fills every empty selector namespace with the policy namespace', () => {
      // GIVEN
      const policy = pp({ resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }, { apiVersion: 'v1', kind: 'Service', namespace: '' }], placement: ON_MEMBER1 });

      // WHEN
      const out = admitPolicy(policy, { operation: 'UPDATE' });

      // THEN
      expect(out).toStrictEqual({
        apiVersion: POLICY,
        kind: 'PropagationPolicy',
        metadata: { name: 'nginx-pp', namespace: 'apps' },
        spec: {
          placement: ON_MEMBER1,
          resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', namespace: 'apps' }, { apiVersion: 'v1', kind: 'Service', namespace: 'apps' }],
        },
      });
    });

    test('keeps a selector namespace that is set (the validating webhook, not modelled, rejects a different one)', () => {
      expect(admittedSpec(pp({ resourceSelectors: [{ apiVersion: 'v1', kind: 'Service', namespace: 'other' }] })).resourceSelectors).toStrictEqual([
        { apiVersion: 'v1', kind: 'Service', namespace: 'other' },
      ]);
    });

    test('uses `default` when the policy names no namespace, as kubectl would send it', () => {
      // WHEN
      const out = admitPolicy(pp({ resourceSelectors: DEPLOYMENTS }, { name: 'x' }), { operation: 'CREATE' });

      // THEN
      expect(out.metadata).toStrictEqual({ name: 'x', namespace: 'default' });
      expect((out.spec as Spec).resourceSelectors).toStrictEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default' }]);
    });

    test('uses the request namespace when one is given', () => {
      // WHEN
      const out = admitPolicy(pp({ resourceSelectors: DEPLOYMENTS }, { name: 'x' }), { operation: 'CREATE', namespace: 'shop' });

      // THEN
      expect(out.metadata).toStrictEqual({ name: 'x', namespace: 'shop' });
      expect((out.spec as Spec).resourceSelectors).toStrictEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop' }]);
    });

    test('fails when the request namespace differs from metadata.namespace', () => {
      expect(() => admitPolicy(pp({ resourceSelectors: DEPLOYMENTS }), { operation: 'CREATE', namespace: 'shop' }))
        .toThrow('PropagationPolicy nginx-pp: the namespace of the provided object (apps) does not match the namespace sent on the request (shop)');
    });

    test('leaves the selectors of a ClusterPropagationPolicy alone', () => {
      // WHEN
      const out = admitPolicy(cpp({ resourceSelectors: DEPLOYMENTS, placement: ON_MEMBER1 }), { operation: 'CREATE' });

      // THEN
      expect(out).toStrictEqual({
        apiVersion: POLICY,
        kind: 'ClusterPropagationPolicy',
        metadata: { name: 'all-deployments' },
        spec: { placement: ON_MEMBER1, resourceSelectors: DEPLOYMENTS },
      });
    });
  });

  describe('spread constraints (helper.SetDefaultSpreadConstraints)', () => {
    test('sets spreadByField cluster and minGroups 1 when neither is given', () => {
      const constraints = [{}, { maxGroups: 2, minGroups: 0 }];
      expect(placementOf(pp({ resourceSelectors: DEPLOYMENTS, placement: { spreadConstraints: constraints } })).spreadConstraints)
        .toStrictEqual([{ minGroups: 1, spreadByField: 'cluster' }, { maxGroups: 2, minGroups: 1, spreadByField: 'cluster' }]);
    });

    test('keeps spreadByLabel without adding spreadByField, and keeps a minGroups that is set', () => {
      const constraints = [{ spreadByLabel: 'topology', minGroups: 0 }, { spreadByField: 'region', minGroups: 2 }];
      expect(placementOf(pp({ resourceSelectors: DEPLOYMENTS, placement: { spreadConstraints: constraints } })).spreadConstraints)
        .toStrictEqual([{ minGroups: 1, spreadByLabel: 'topology' }, { minGroups: 2, spreadByField: 'region' }]);
    });

    test('applies to ClusterPropagationPolicies too', () => {
      expect(placementOf(cpp({ resourceSelectors: DEPLOYMENTS, placement: { spreadConstraints: [{}] } })).spreadConstraints)
        .toStrictEqual([{ minGroups: 1, spreadByField: 'cluster' }]);
    });
  });

  describe('propagateDeps for ServiceImport (helper.ContainsServiceImport)', () => {
    test('forces propagateDeps when a selector is a multicluster.x-k8s.io/v1alpha1 ServiceImport', () => {
      expect(admittedSpec(pp({ resourceSelectors: [...DEPLOYMENTS, { apiVersion: 'multicluster.x-k8s.io/v1alpha1', kind: 'ServiceImport', name: 'web' }], propagateDeps: false })).propagateDeps)
        .toBe(true);
      expect(admittedSpec(cpp({ resourceSelectors: [{ apiVersion: 'multicluster.x-k8s.io/v1alpha1', kind: 'ServiceImport' }] })).propagateDeps).toBe(true);
    });

    test('does not for a ServiceImport of another group/version', () => {
      expect(admittedSpec(pp({ resourceSelectors: [{ apiVersion: 'multicluster.x-k8s.io/v1beta1', kind: 'ServiceImport' }] }))).not.toHaveProperty('propagateDeps');
    });
  });

  describe('replicaDivisionPreference (helper.SetReplicaDivisionPreferenceWeighted)', () => {
    const scheduling = (replicaScheduling: Spec | undefined): unknown =>
      placementOf(pp({ resourceSelectors: DEPLOYMENTS, placement: replicaScheduling ? { replicaScheduling } : {} })).replicaScheduling;

    test('sets Weighted when Divided has no preference', () => {
      expect(scheduling({ replicaSchedulingType: 'Divided' })).toStrictEqual({ replicaDivisionPreference: 'Weighted', replicaSchedulingType: 'Divided' });
    });

    test('keeps Aggregated, and leaves Duplicated alone', () => {
      expect(scheduling({ replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Aggregated' }))
        .toStrictEqual({ replicaDivisionPreference: 'Aggregated', replicaSchedulingType: 'Divided' });
      expect(scheduling({ replicaSchedulingType: 'Duplicated' })).toStrictEqual({ replicaSchedulingType: 'Duplicated' });
      expect(scheduling(undefined)).toBeUndefined();
    });

    test('does not see the CRD default Divided on its own: `replicaScheduling: {}` needs the API server defaults first', () => {
      expect(scheduling({})).toStrictEqual({});
    });
  });

  describe('failover gracePeriodSeconds (helper.SetDefaultGracePeriodSeconds)', () => {
    const application = (app: Spec): unknown =>
      (admittedSpec(pp({ resourceSelectors: DEPLOYMENTS, failover: { application: app } })).failover as Spec).application;

    test('sets 600 when purgeMode is Gracefully, or the deprecated Graciously', () => {
      expect(application({ decisionConditions: {}, purgeMode: 'Gracefully' })).toStrictEqual({ decisionConditions: {}, gracePeriodSeconds: 600, purgeMode: 'Gracefully' });
      expect(application({ decisionConditions: {}, purgeMode: 'Graciously' })).toStrictEqual({ decisionConditions: {}, gracePeriodSeconds: 600, purgeMode: 'Graciously' });
    });

    test('keeps a period that is set, and sets none for the other purge modes', () => {
      expect(application({ decisionConditions: {}, purgeMode: 'Gracefully', gracePeriodSeconds: 30 })).toStrictEqual({ decisionConditions: {}, gracePeriodSeconds: 30, purgeMode: 'Gracefully' });
      expect(application({ decisionConditions: {}, purgeMode: 'Directly' })).toStrictEqual({ decisionConditions: {}, purgeMode: 'Directly' });
    });

    test('does nothing for cluster failover', () => {
      expect(admittedSpec(pp({ resourceSelectors: DEPLOYMENTS, failover: { cluster: { purgeMode: 'Gracefully' } } })).failover)
        .toStrictEqual({ cluster: { purgeMode: 'Gracefully' } });
    });
  });

  describe('system metadata on CREATE', () => {
    const newPermanentId = (): string => '8e3a6e3c-0000-4000-8000-000000000001';

    test('is left out by default', () => {
      expect(admitPolicy(pp({ resourceSelectors: DEPLOYMENTS }), { operation: 'CREATE' }).metadata).toStrictEqual({ name: 'nginx-pp', namespace: 'apps' });
    });

    test('adds the permanent-id label (replacing a given one) and the finalizer of a PropagationPolicy', () => {
      // GIVEN
      const policy = pp({ resourceSelectors: DEPLOYMENTS }, { name: 'nginx-pp', namespace: 'apps', labels: { app: 'nginx', [PROPAGATION_POLICY_PERMANENT_ID_LABEL]: 'from-git' } });

      // WHEN
      const out = admitPolicy(policy, { operation: 'CREATE', includeSystemMetadata: true, newPermanentId });

      // THEN
      expect(out.metadata).toStrictEqual({
        name: 'nginx-pp',
        namespace: 'apps',
        labels: { app: 'nginx', 'propagationpolicy.karmada.io/permanent-id': '8e3a6e3c-0000-4000-8000-000000000001' },
        finalizers: ['karmada.io/propagation-policy-controller'],
      });
    });

    test('adds the ClusterPropagationPolicy label and finalizer, without duplicating a finalizer', () => {
      // GIVEN
      const policy = { ...cpp({ resourceSelectors: DEPLOYMENTS }), metadata: { name: 'all', finalizers: [CLUSTER_PROPAGATION_POLICY_FINALIZER] } };

      // WHEN
      const out = admitPolicy(policy, { operation: 'CREATE', includeSystemMetadata: true, newPermanentId });

      // THEN
      expect(out.metadata).toStrictEqual({
        name: 'all',
        labels: { [CLUSTER_PROPAGATION_POLICY_PERMANENT_ID_LABEL]: '8e3a6e3c-0000-4000-8000-000000000001' },
        finalizers: ['karmada.io/cluster-propagation-policy-controller'],
      });
    });

    test('adds nothing on UPDATE', () => {
      expect(admitPolicy(pp({ resourceSelectors: DEPLOYMENTS }), { operation: 'UPDATE', includeSystemMetadata: true, newPermanentId }).metadata)
        .toStrictEqual({ name: 'nginx-pp', namespace: 'apps' });
    });

    test('makes a random UUID by default', () => {
      const labels = admitPolicy(pp({ resourceSelectors: DEPLOYMENTS }), { operation: 'CREATE', includeSystemMetadata: true }).metadata as { labels: Record<string, string> };
      expect(labels.labels[PROPAGATION_POLICY_PERMANENT_ID_LABEL]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(PROPAGATION_POLICY_FINALIZER).toBe('karmada.io/propagation-policy-controller');
    });
  });

  describe('the Go round trip of the webhook response', () => {
    test('drops zero values of omitempty fields, keeps pointers to zero, and adds placement: {}', () => {
      // GIVEN
      const policy = pp({
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: '', labelSelector: { matchLabels: {} } }],
        propagateDeps: false,
        association: false,
        schedulerName: '',
        dependentOverrides: [],
        priority: 0,
        preserveResourcesOnDeletion: false,
        suspension: { dispatching: false, dispatchingOnClusters: { clusterNames: [] } },
      });

      // WHEN
      const spec = admittedSpec(policy);

      // THEN
      expect(spec).toStrictEqual({
        placement: {},
        preserveResourcesOnDeletion: false,
        priority: 0,
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', labelSelector: {}, namespace: 'apps' }],
        suspension: { dispatching: false, dispatchingOnClusters: {} },
      });
    });

    test('keeps fields without omitempty even when zero, and drops unknown fields', () => {
      // GIVEN a static weight whose targetCluster and weight are not omitempty
      const WEIGHTS = { staticWeightList: [{ targetCluster: {}, weight: 0 }] };
      const policy = pp({
        resourceSelectors: DEPLOYMENTS,
        placement: { clusterAffinity: { clusterNames: [] }, replicaScheduling: { weightPreference: WEIGHTS }, typo: 1 },
        unknown: 'x',
      });

      // WHEN
      const spec = admittedSpec(policy);

      // THEN
      expect(spec.placement).toStrictEqual({ clusterAffinity: {}, replicaScheduling: { weightPreference: WEIGHTS } });
      expect(spec).not.toHaveProperty('unknown');
    });

    test('fails when the spec does not decode into the Go type (the webhook answers 400)', () => {
      expect(() => admitPolicy(pp({ resourceSelectors: DEPLOYMENTS, priority: 'high' }), { operation: 'CREATE' }))
        .toThrow('spec.priority: cannot unmarshal string into Go value of type int32');
      expect(() => admitPolicy(pp({ resourceSelectors: DEPLOYMENTS, priority: 2 ** 31 }), { operation: 'CREATE' }))
        .toThrow('spec.priority: cannot unmarshal number into Go value of type int32');
      expect(() => admitPolicy(pp({ resourceSelectors: [{ apiVersion: 'v1', kind: 3 }] }), { operation: 'CREATE' }))
        .toThrow('spec.resourceSelectors[0].kind: cannot unmarshal number into Go value of type string');
    });
  });

  test('fails when the object is not a Karmada propagation policy', () => {
    expect(() => admitPolicy({ apiVersion: POLICY, kind: 'OverridePolicy', metadata: { name: 'x' } }, { operation: 'CREATE' }))
      .toThrow('only policy.karmada.io/v1alpha1 PropagationPolicy and ClusterPropagationPolicy are admitted by this webhook, got policy.karmada.io/v1alpha1 OverridePolicy');
    expect(() => admitPolicy('x', { operation: 'CREATE' })).toThrow('a policy must be an object');
  });

  test('does not mutate its input', () => {
    // GIVEN
    const policy = pp({ resourceSelectors: DEPLOYMENTS, placement: { spreadConstraints: [{}], replicaScheduling: { replicaSchedulingType: 'Divided' } } });
    const before = JSON.stringify(policy);

    // WHEN
    admitPolicy(policy, { operation: 'CREATE', includeSystemMetadata: true });

    // THEN
    expect(JSON.stringify(policy)).toBe(before);
  });
});

describe('normalizeAsStored', () => {
  const seed = yamlDocumentsOf(SEED_POLICIES) as Policy[];

  test('the seed document holds four PropagationPolicies', () => {
    expect(seed.map((p) => `${p.kind}/${p.metadata.name}`)).toStrictEqual([
      'PropagationPolicy/deployments-pp', 'PropagationPolicy/services-pp', 'PropagationPolicy/nginx-pp', 'PropagationPolicy/nginx-pp',
    ]);
  });

  test('example 1 (all Deployments) is stored in `default` with its selector namespaced', () => {
    // WHEN
    const stored = normalizeAsStored(seed[0], schemas);

    // THEN
    expect(stored).toStrictEqual({
      apiVersion: POLICY,
      kind: 'PropagationPolicy',
      metadata: { name: 'deployments-pp', namespace: 'default' },
      spec: {
        conflictResolution: 'Overwrite',
        placement: { clusterAffinity: { clusterNames: ['member1'] } },
        preemption: 'Never',
        priority: 0,
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'default' }],
        schedulerName: 'default-scheduler',
      },
    });
  });

  test('example 2 (all Services) is stored the same way', () => {
    // WHEN
    const spec = normalizeAsStored(seed[1], schemas).spec as Spec;

    // THEN
    expect(spec.resourceSelectors).toStrictEqual([{ apiVersion: 'v1', kind: 'Service', namespace: 'default' }]);
    expect([spec.conflictResolution, spec.preemption, spec.priority, spec.schedulerName]).toStrictEqual(['Overwrite', 'Never', 0, 'default-scheduler']);
  });

  test('example 3 (one app) gets priority, schedulerName and preemption, keeps Overwrite, and namespaces both selectors', () => {
    // WHEN
    const stored = normalizeAsStored(seed[2], schemas);
    const spec = stored.spec as Spec;

    // THEN field by field
    expect(stored.metadata).toStrictEqual({ name: 'nginx-pp', namespace: 'default' });
    expect(spec.priority).toBe(0);
    expect(spec.schedulerName).toBe('default-scheduler');
    expect(spec.conflictResolution).toBe('Overwrite');
    expect(spec.preemption).toBe('Never');
    expect(spec.resourceSelectors).toStrictEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx', namespace: 'default' },
      { apiVersion: 'v1', kind: 'Service', name: 'nginx-svc', namespace: 'default' },
    ]);
    expect(spec.placement).toStrictEqual({ clusterAffinity: { clusterNames: ['member1'] } });
    expect(Object.keys(spec)).toStrictEqual(['conflictResolution', 'placement', 'preemption', 'priority', 'resourceSelectors', 'schedulerName']);
  });

  test('example 4 (rollback armed) is example 3 plus preserveResourcesOnDeletion: true', () => {
    // WHEN
    const armed = normalizeAsStored(seed[3], schemas).spec as Spec;
    const plain = normalizeAsStored(seed[2], schemas).spec as Spec;

    // THEN
    expect(armed).toStrictEqual({ ...plain, preserveResourcesOnDeletion: true });
  });

  test('a stored policy stays as it is when stored again (no drift once Git holds the stored form)', () => {
    for (const policy of seed) {
      const stored = normalizeAsStored(policy, schemas);
      expect(normalizeAsStored(stored, schemas)).toStrictEqual(stored);
    }
  });

  test('chains CRD defaults, webhook and CRD defaults again', () => {
    // GIVEN replicaScheduling: {} (CRD default Divided, then webhook Weighted), failover (CRD then webhook)
    // and schedulerName '' (dropped by the Go round trip, then defaulted again by the API server)
    const policy = pp({
      resourceSelectors: DEPLOYMENTS,
      schedulerName: '',
      placement: { replicaScheduling: {} },
      failover: { application: { decisionConditions: {} } },
      propagateDeps: true,
    });

    // WHEN
    const spec = normalizeAsStored(policy, schemas).spec as Spec;

    // THEN
    expect(spec).toStrictEqual({
      conflictResolution: 'Abort',
      failover: { application: { decisionConditions: { tolerationSeconds: 300 }, gracePeriodSeconds: 600, purgeMode: 'Gracefully' } },
      placement: { replicaScheduling: { replicaDivisionPreference: 'Weighted', replicaSchedulingType: 'Divided' } },
      preemption: 'Never',
      priority: 0,
      propagateDeps: true,
      resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'apps' }],
      schedulerName: 'default-scheduler',
    });
  });

  test('prunes unknown fields and drops the namespace of a ClusterPropagationPolicy', () => {
    // GIVEN
    const policy = { ...cpp({ resourceSelectors: DEPLOYMENTS, placement: ON_MEMBER1, typo: true }), metadata: { name: 'all', namespace: 'default' } };

    // WHEN
    const stored = normalizeAsStored(policy, schemas);

    // THEN
    expect(stored).toStrictEqual({
      apiVersion: POLICY,
      kind: 'ClusterPropagationPolicy',
      metadata: { name: 'all' },
      spec: { conflictResolution: 'Abort', placement: ON_MEMBER1, preemption: 'Never', priority: 0, resourceSelectors: DEPLOYMENTS, schedulerName: 'default-scheduler' },
    });
  });

  test('adds the system metadata only when asked, on CREATE', () => {
    // GIVEN
    const options = { includeSystemMetadata: true, newPermanentId: () => 'id-1' };

    // THEN
    expect(normalizeAsStored(seed[0], schemas, options).metadata).toStrictEqual({
      name: 'deployments-pp', namespace: 'default', labels: { [PROPAGATION_POLICY_PERMANENT_ID_LABEL]: 'id-1' }, finalizers: [PROPAGATION_POLICY_FINALIZER],
    });
    expect(normalizeAsStored(seed[0], schemas, { ...options, operation: 'UPDATE' }).metadata).toStrictEqual({ name: 'deployments-pp', namespace: 'default' });
  });

  test('fails when the API server would reject the policy', () => {
    expect(() => normalizeAsStored(pp({ placement: ON_MEMBER1, conflictResolution: 'Replace' }), schemas)).toThrow(
      'the API server would reject this PropagationPolicy: spec.conflictResolution: must be one of: Abort, Overwrite; spec.resourceSelectors: required',
    );
  });

  test('fails when the schema set has no CRD for the kind', () => {
    expect(() => normalizeAsStored({ apiVersion: POLICY, kind: 'OverridePolicy', metadata: { name: 'x' }, spec: {} }, schemas))
      .toThrow('no CRD of the set serves OverridePolicy in policy.karmada.io/v1alpha1');
  });

  test('is idempotent, yields a valid object and leaves its input alone, on generated policies', () => {
    // GIVEN
    const selector = fc.record({
      apiVersion: fc.constantFrom('apps/v1', 'v1', 'multicluster.x-k8s.io/v1alpha1'),
      kind: fc.constantFrom('Deployment', 'Service', 'ServiceImport'),
      name: fc.constantFrom('', 'nginx'),
      namespace: fc.constantFrom('', 'apps'),
    }, { requiredKeys: ['apiVersion', 'kind'] });
    const spec = fc.record({
      resourceSelectors: fc.array(selector, { minLength: 1, maxLength: 3 }),
      conflictResolution: fc.constantFrom('Abort', 'Overwrite'),
      priority: fc.integer({ min: -3, max: 3 }),
      schedulerName: fc.constantFrom('', 'default-scheduler'),
      propagateDeps: fc.boolean(),
      placement: fc.record({
        clusterAffinity: fc.record({ clusterNames: fc.array(fc.constantFrom('member1', 'member2'), { maxLength: 2 }) }),
        replicaScheduling: fc.record({
          replicaSchedulingType: fc.constantFrom('Duplicated', 'Divided'),
          replicaDivisionPreference: fc.constantFrom('Aggregated', 'Weighted'),
        }, { requiredKeys: [] }),
        spreadConstraints: fc.array(fc.record({ spreadByField: fc.constantFrom('cluster', 'region'), minGroups: fc.nat(2) }, { requiredKeys: [] }), { maxLength: 2 }),
      }, { requiredKeys: [] }),
      failover: fc.record({
        application: fc.record({
          decisionConditions: fc.record({ tolerationSeconds: fc.nat(600) }, { requiredKeys: [] }),
          purgeMode: fc.constantFrom('Directly', 'Gracefully', 'Never'),
        }, { requiredKeys: ['decisionConditions'] }),
      }, { requiredKeys: [] }),
    }, { requiredKeys: ['resourceSelectors'] });
    const kinds = fc.constantFrom('PropagationPolicy', 'ClusterPropagationPolicy');

    // THEN
    fc.assert(fc.property(spec, kinds, (s, kind) => {
      const policy = { apiVersion: POLICY, kind, metadata: { name: 'generated', ...(kind === 'PropagationPolicy' ? { namespace: 'apps' } : {}) }, spec: s };
      const before = JSON.stringify(policy);
      const stored = normalizeAsStored(policy, schemas);
      expect(JSON.stringify(policy)).toBe(before);
      expect(normalizeAsStored(stored, schemas)).toStrictEqual(stored);
      expect(schemas.validate(stored)).toStrictEqual([]);
    }));
  });
});
