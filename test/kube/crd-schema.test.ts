import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import * as yaml from 'js-yaml';
import { CrdSchema, CrdSchemaSet } from '../../src/kube';

const CRDS = path.join(__dirname, '../../crds/karmada-v1.18.2');
const PP_FILE = path.join(CRDS, 'policy.karmada.io_propagationpolicies.yaml');
const POLICY = 'policy.karmada.io/v1alpha1';

const schemas = CrdSchemaSet.fromDirectory(CRDS);
const pp = CrdSchema.fromCrd(yaml.load(fs.readFileSync(PP_FILE, 'utf8')))[0];

function propagationPolicy(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: POLICY, kind: 'PropagationPolicy', metadata: { name: 'nginx-pp', namespace: 'default' }, spec };
}

const MINIMAL_SPEC = {
  resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
  placement: { clusterAffinity: { clusterNames: ['member1'] } },
};

// a small CRD using the Kubernetes extensions the Karmada CRDs do not use.
function syntheticCrd(): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Widget', plural: 'widgets' },
      scope: 'Cluster',
      versions: [{
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                'x-kubernetes-validations': [{ rule: 'self.size > 0', message: 'size must be positive' }],
                properties: {
                  size: { type: 'integer', format: 'int32', minimum: 0, exclusiveMinimum: true },
                  port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
                  note: { type: 'string', nullable: true },
                  tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
                  ports: {
                    type: 'array',
                    'x-kubernetes-list-type': 'map',
                    'x-kubernetes-list-map-keys': ['port'],
                    items: { type: 'object', required: ['port'], properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } } },
                  },
                  limits: { type: 'object', additionalProperties: { type: 'object', properties: { max: { type: 'integer', default: 10 } } } },
                  tier: {
                    type: 'object',
                    default: {},
                    properties: { name: { type: 'string', default: 'gold' }, nested: { type: 'object', default: { level: 1 }, properties: { level: { type: 'integer' }, mode: { type: 'string', default: 'auto' } } } },
                  },
                  template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
                  free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'object', properties: { a: { type: 'string' } } } } },
                },
              },
            },
          },
        },
      }],
    },
  };
}

describe('CrdSchema.fromCrd', () => {
  test('reads group, version, kind, plural and scope of the real PropagationPolicy CRD', () => {
    // GIVEN the v1.18.2 PropagationPolicy CRD file (loaded above)

    // THEN
    expect([pp.apiVersion, pp.group, pp.version, pp.kind, pp.plural, pp.scope, pp.served, pp.storage]).toStrictEqual([
      'policy.karmada.io/v1alpha1', 'policy.karmada.io', 'v1alpha1', 'PropagationPolicy', 'propagationpolicies', 'Namespaced', true, true,
    ]);
    expect(pp.celRules).toStrictEqual([]);
  });

  test('lists x-kubernetes-validations rules without evaluating them', () => {
    // WHEN
    const [widget] = CrdSchema.fromCrd(syntheticCrd());

    // THEN
    expect(widget.celRules).toStrictEqual([{ path: 'spec', rule: 'self.size > 0', message: 'size must be positive' }]);
    expect(widget.validate({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1 } })).toStrictEqual([]);
  });

  test('fails when the document is not a CustomResourceDefinition', () => {
    expect(() => CrdSchema.fromCrd({ apiVersion: 'v1', kind: 'ConfigMap' })).toThrow('expected a CustomResourceDefinition, got kind "ConfigMap"');
  });

  test('fails when the CRD is apiextensions.k8s.io/v1beta1', () => {
    expect(() => CrdSchema.fromCrd({ apiVersion: 'apiextensions.k8s.io/v1beta1', kind: 'CustomResourceDefinition' }))
      .toThrow('only apiextensions.k8s.io/v1 CRDs are supported, got "apiextensions.k8s.io/v1beta1"');
  });

  test('fails when a version has no schema', () => {
    // GIVEN
    const crd = syntheticCrd() as { spec: { versions: Array<Record<string, unknown>> } };
    delete crd.spec.versions[0].schema;

    // THEN
    expect(() => CrdSchema.fromCrd(crd)).toThrow('CRD widgets.example.com: spec.versions[0] (v1) has no schema.openAPIV3Schema');
  });

  test('fails when the schema uses a keyword a CRD may not use', () => {
    // GIVEN
    const crd = syntheticCrd() as { spec: { versions: Array<{ schema: { openAPIV3Schema: { properties: Record<string, unknown> } } }> } };
    crd.spec.versions[0].schema.openAPIV3Schema.properties.spec = { $ref: '#/definitions/x' };

    // THEN
    expect(() => CrdSchema.fromCrd(crd)).toThrow('unsupported schema keyword "$ref" at spec');
  });
});

describe('CrdSchema.validate on the real PropagationPolicy CRD', () => {
  test('a minimal policy passes', () => {
    expect(pp.validate(propagationPolicy(MINIMAL_SPEC))).toStrictEqual([]);
  });

  test('fails when resourceSelectors is missing', () => {
    expect(pp.validate(propagationPolicy({ placement: MINIMAL_SPEC.placement }))).toStrictEqual([
      { path: 'spec.resourceSelectors', message: 'required', effect: 'rejected' },
    ]);
  });

  test('fails when resourceSelectors is empty (minItems 1)', () => {
    expect(pp.validate(propagationPolicy({ ...MINIMAL_SPEC, resourceSelectors: [] }))).toStrictEqual([
      { path: 'spec.resourceSelectors', message: 'must have at least 1 item', effect: 'rejected' },
    ]);
  });

  test('fails when a selector has no kind', () => {
    expect(pp.validate(propagationPolicy({ ...MINIMAL_SPEC, resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }, { apiVersion: 'v1' }] })))
      .toStrictEqual([{ path: 'spec.resourceSelectors[1].kind', message: 'required', effect: 'rejected' }]);
  });

  test('fails when conflictResolution is not in the enum', () => {
    expect(pp.validate(propagationPolicy({ ...MINIMAL_SPEC, conflictResolution: 'Replace' }))).toStrictEqual([
      { path: 'spec.conflictResolution', message: 'must be one of: Abort, Overwrite', effect: 'rejected' },
    ]);
  });

  test('fails when priority is a string', () => {
    expect(pp.validate(propagationPolicy({ ...MINIMAL_SPEC, priority: 'high' }))).toStrictEqual([
      { path: 'spec.priority', message: 'must be integer', effect: 'rejected' },
    ]);
  });

  test('fails when priority does not fit in an int32', () => {
    expect(pp.validate(propagationPolicy({ ...MINIMAL_SPEC, priority: 2 ** 31 }))).toStrictEqual([
      { path: 'spec.priority', message: 'must be a valid int32', effect: 'rejected' },
    ]);
  });

  test('fails when spec has an unknown field (the API server would prune it silently)', () => {
    expect(pp.validate(propagationPolicy({ ...MINIMAL_SPEC, conflictResolutions: 'Overwrite' }))).toStrictEqual([
      { path: 'spec.conflictResolutions', message: 'unknown field', effect: 'pruned' },
    ]);
  });

  test('fails when a nested object has an unknown field', () => {
    expect(pp.validate(propagationPolicy({ ...MINIMAL_SPEC, placement: { clusterAffinity: { clusterNames: ['member1'], clusters: ['member2'] } } })))
      .toStrictEqual([{ path: 'spec.placement.clusterAffinity.clusters', message: 'unknown field', effect: 'pruned' }]);
  });

  test('fails when a non-nullable field is null, with the effect the API server gives it', () => {
    // GIVEN null in a field without default (pruned) and in one with a default (replaced)
    const obj = propagationPolicy({ ...MINIMAL_SPEC, suspension: null, schedulerName: null });

    // THEN
    expect(pp.validate(obj)).toStrictEqual([
      { path: 'spec.schedulerName', message: 'must not be null', effect: 'defaulted' },
      { path: 'spec.suspension', message: 'must not be null', effect: 'pruned' },
    ]);
  });

  test('reports every violation, in field order', () => {
    // GIVEN
    const obj = propagationPolicy({ resourceSelectors: [{ kind: 'Deployment' }], conflictResolution: 'Replace', priority: 1.5, extra: true });

    // THEN
    expect(pp.validate(obj)).toStrictEqual([
      { path: 'spec.conflictResolution', message: 'must be one of: Abort, Overwrite', effect: 'rejected' },
      { path: 'spec.extra', message: 'unknown field', effect: 'pruned' },
      { path: 'spec.priority', message: 'must be integer', effect: 'rejected' },
      { path: 'spec.resourceSelectors[0].apiVersion', message: 'required', effect: 'rejected' },
    ]);
  });

  test('fails when spec is missing', () => {
    expect(pp.validate({ apiVersion: POLICY, kind: 'PropagationPolicy', metadata: { name: 'x' } })).toStrictEqual([
      { path: 'spec', message: 'required', effect: 'rejected' },
    ]);
  });

  test('fails when apiVersion and kind are not the schema\'s', () => {
    expect(pp.validate({ ...propagationPolicy(MINIMAL_SPEC), apiVersion: 'policy.karmada.io/v1', kind: undefined })).toStrictEqual([
      { path: 'apiVersion', message: 'must be policy.karmada.io/v1alpha1', effect: 'rejected' },
      { path: 'kind', message: 'required', effect: 'rejected' },
    ]);
  });

  test('fails when the object is not an object', () => {
    expect(pp.validate([])).toStrictEqual([{ path: '(root)', message: 'must be object', effect: 'rejected' }]);
  });

  test('checks metadata as ObjectMeta, not with the CRD\'s bare metadata schema', () => {
    // GIVEN
    const obj = {
      ...propagationPolicy(MINIMAL_SPEC),
      metadata: { name: 7, namespace: 'default', labels: { 'app.kubernetes.io/name': 1 }, annotations: null, creationTimestamp: null, owner: 'me' },
    };

    // THEN
    expect(pp.validate(obj)).toStrictEqual([
      { path: 'metadata.labels[app.kubernetes.io/name]', message: 'must be string', effect: 'rejected' },
      { path: 'metadata.name', message: 'must be string', effect: 'rejected' },
      { path: 'metadata.owner', message: 'unknown field', effect: 'pruned' },
    ]);
  });

  test('ignores properties whose value is undefined, as JSON serialization drops them', () => {
    expect(pp.validate(propagationPolicy({ ...MINIMAL_SPEC, priority: undefined }))).toStrictEqual([]);
  });
});

describe('CrdSchema.validate on the other Karmada kinds', () => {
  test('a ClusterPropagationPolicy passes and its enums are checked', () => {
    // GIVEN
    const cpp = { apiVersion: POLICY, kind: 'ClusterPropagationPolicy', metadata: { name: 'all-deployments' }, spec: { ...MINIMAL_SPEC, preemption: 'Sometimes' } };

    // THEN
    expect(schemas.validate({ ...cpp, spec: MINIMAL_SPEC })).toStrictEqual([]);
    expect(schemas.validate(cpp)).toStrictEqual([{ path: 'spec.preemption', message: 'must be one of: Always, Never', effect: 'rejected' }]);
  });

  test('an OverridePolicy keeps any value under a preserve-unknown-fields field', () => {
    // GIVEN a plaintext override whose `value` is typeless (x-kubernetes-preserve-unknown-fields)
    const op = {
      apiVersion: POLICY,
      kind: 'OverridePolicy',
      metadata: { name: 'replicas', namespace: 'default' },
      spec: {
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }],
        overrideRules: [{ overriders: { plaintext: [{ path: '/spec/template', operator: 'replace', value: { any: { shape: [1, 'two'] } } }] } }],
      },
    };

    // THEN
    expect(schemas.validate(op)).toStrictEqual([]);
    expect(schemas.require(op).prune(op)).toStrictEqual(op);
  });

  test('an OverridePolicy with a bad operator fails', () => {
    // GIVEN
    const op = {
      apiVersion: POLICY,
      kind: 'OverridePolicy',
      metadata: { name: 'replicas', namespace: 'default' },
      spec: { overrideRules: [{ overriders: { plaintext: [{ path: '/spec/replicas', operator: 'set', value: 3 }] } }] },
    };

    // THEN
    expect(schemas.validate(op)).toStrictEqual([
      { path: 'spec.overrideRules[0].overriders.plaintext[0].operator', message: 'must be one of: add, remove, replace', effect: 'rejected' },
    ]);
  });

  test('a Work keeps arbitrary manifests (preserve-unknown-fields) but checks its own fields', () => {
    // GIVEN
    const work = {
      apiVersion: 'work.karmada.io/v1alpha1',
      kind: 'Work',
      metadata: { name: 'nginx-687f7fb96f', namespace: 'karmada-es-member1' },
      spec: {
        preserveResourcesOnDeletion: 'yes',
        workload: { manifests: [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'nginx' }, spec: { replicas: 2 } }, 'not-an-object'] },
      },
      status: { conditions: [{ type: 'Applied', status: 'True', reason: 'AppliedSuccessful', message: '', lastTransitionTime: 'yesterday' }] },
    };

    // THEN
    expect(schemas.validate(work)).toStrictEqual([
      { path: 'spec.preserveResourcesOnDeletion', message: 'must be boolean', effect: 'rejected' },
      { path: 'spec.workload.manifests[1]', message: 'must be object', effect: 'rejected' },
      { path: 'status.conditions[0].lastTransitionTime', message: 'must be a valid date-time', effect: 'rejected' },
    ]);
  });

  test('a ResourceBinding checks x-kubernetes-int-or-string map values and their pattern', () => {
    // GIVEN
    const rb = {
      apiVersion: 'work.karmada.io/v1alpha2',
      kind: 'ResourceBinding',
      metadata: { name: 'nginx-deployment', namespace: 'default' },
      spec: {
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' },
        replicaRequirements: { resourceRequest: { cpu: '500m', memory: 1024, gpu: true, disk: 'lots' } },
      },
    };

    // THEN
    expect(schemas.validate(rb)).toStrictEqual([
      { path: 'spec.replicaRequirements.resourceRequest.disk', message: expect.stringMatching(/^must match the pattern \^/), effect: 'rejected' },
      { path: 'spec.replicaRequirements.resourceRequest.gpu', message: 'must be integer or string', effect: 'rejected' },
    ]);
  });
});

describe('CrdSchema.validate on the Kubernetes extensions', () => {
  const [widget] = CrdSchema.fromCrd(syntheticCrd());
  const obj = (spec: Record<string, unknown>): Record<string, unknown> => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });

  test('nullable allows null where a non-nullable field is pruned', () => {
    expect(widget.validate(obj({ note: null }))).toStrictEqual([]);
  });

  test('fails when an int-or-string is neither', () => {
    expect(widget.validate(obj({ port: 80 }))).toStrictEqual([]);
    expect(widget.validate(obj({ port: 'http' }))).toStrictEqual([]);
    expect(widget.validate(obj({ port: 1.5 }))).toStrictEqual([{ path: 'spec.port', message: 'must be integer or string', effect: 'rejected' }]);
  });

  test('fails when an exclusive minimum (OpenAPI v3.0 boolean form) is reached', () => {
    expect(widget.validate(obj({ size: 0 }))).toStrictEqual([{ path: 'spec.size', message: 'must be > 0', effect: 'rejected' }]);
  });

  test('fails when a list-type set or map has duplicates', () => {
    expect(widget.validate(obj({ tags: ['a', 'b', 'a'], ports: [{ port: 80 }, { port: 443 }, { port: 80, protocol: 'UDP' }] }))).toStrictEqual([
      { path: 'spec.ports[2]', message: 'duplicate entry for key (port)', effect: 'rejected' },
      { path: 'spec.tags[2]', message: 'duplicate value', effect: 'rejected' },
    ]);
  });

  test('fails when an embedded resource has no apiVersion or kind, and keeps its other fields', () => {
    expect(widget.validate(obj({ template: { metadata: { name: 'x', bogus: 1 }, spec: { anything: true } } }))).toStrictEqual([
      { path: 'spec.template.apiVersion', message: 'required', effect: 'rejected' },
      { path: 'spec.template.kind', message: 'required', effect: 'rejected' },
      { path: 'spec.template.metadata.bogus', message: 'unknown field', effect: 'pruned' },
    ]);
  });

  test('prunes known-but-undeclared fields below a preserve-unknown-fields object', () => {
    // GIVEN `free` keeps unknown fields, but its declared child `known` does not
    const w = obj({ free: { whatever: { deep: 1 }, known: { a: 'x', b: 'y' } } });

    // THEN
    expect(widget.validate(w)).toStrictEqual([{ path: 'spec.free.known.b', message: 'unknown field', effect: 'pruned' }]);
    expect(widget.prune(w)).toStrictEqual(obj({ free: { whatever: { deep: 1 }, known: { a: 'x' } } }));
  });
});

describe('CrdSchema.applyDefaults', () => {
  test('adds exactly the four top-level defaults of the PropagationPolicy CRD to a minimal policy', () => {
    // GIVEN
    const input = { spec: { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }], placement: { clusterAffinity: { clusterNames: ['member1'] } } } };

    // WHEN
    const out = pp.applyDefaults(input);

    // THEN (policy.karmada.io_propagationpolicies.yaml lines 86, 1003, 1030, 1189)
    expect(out).toStrictEqual({
      spec: {
        resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
        placement: { clusterAffinity: { clusterNames: ['member1'] } },
        conflictResolution: 'Abort',
        preemption: 'Never',
        priority: 0,
        schedulerName: 'default-scheduler',
      },
    });
  });

  test('defaults replicaSchedulingType to Divided only when replicaScheduling is present', () => {
    expect(pp.applyDefaults({ spec: { placement: { replicaScheduling: {} } } })).toMatchObject({
      spec: { placement: { replicaScheduling: { replicaSchedulingType: 'Divided' } } },
    });
    expect(pp.applyDefaults({ spec: { placement: {} } })).toMatchObject({ spec: { placement: {} } });
  });

  test('adds the failover defaults only where their parent object exists', () => {
    // GIVEN
    const defaults = (failover: Record<string, unknown>): unknown =>
      (pp.applyDefaults({ spec: { failover } }) as { spec: { failover: unknown } }).spec.failover;

    // THEN
    expect(defaults({})).toStrictEqual({});
    expect(defaults({ cluster: {} })).toStrictEqual({ cluster: { purgeMode: 'Gracefully' } });
    expect(defaults({ application: {} })).toStrictEqual({ application: { purgeMode: 'Gracefully' } });
    expect(defaults({ application: { decisionConditions: {} } })).toStrictEqual({
      application: { decisionConditions: { tolerationSeconds: 300 }, purgeMode: 'Gracefully' },
    });
    expect(defaults({ application: { decisionConditions: { tolerationSeconds: 30 }, purgeMode: 'Never' } })).toStrictEqual({
      application: { decisionConditions: { tolerationSeconds: 30 }, purgeMode: 'Never' },
    });
  });

  test('applies every default: of the CRD file once each parent exists', () => {
    // GIVEN every `default:` line of the file
    const lines = fs.readFileSync(PP_FILE, 'utf8').split('\n').filter((l) => /^\s+default: /.test(l)).map((l) => l.trim());
    const full = { spec: { failover: { application: { decisionConditions: {} }, cluster: {} }, placement: { replicaScheduling: {} } } };

    // WHEN
    const out = JSON.stringify(pp.applyDefaults(full));

    // THEN
    expect(lines).toStrictEqual([
      'default: Abort', 'default: 300', 'default: Gracefully', 'default: Gracefully', 'default: Divided', 'default: Never', 'default: 0', 'default: default-scheduler',
    ]);
    expect(JSON.parse(out)).toStrictEqual({
      spec: {
        conflictResolution: 'Abort',
        failover: { application: { decisionConditions: { tolerationSeconds: 300 }, purgeMode: 'Gracefully' }, cluster: { purgeMode: 'Gracefully' } },
        placement: { replicaScheduling: { replicaSchedulingType: 'Divided' } },
        preemption: 'Never',
        priority: 0,
        schedulerName: 'default-scheduler',
      },
    });
  });

  test('keeps values that are set, and replaces a null by the default', () => {
    expect(pp.applyDefaults({ spec: { conflictResolution: 'Overwrite', priority: 5, schedulerName: null, preemption: null } })).toStrictEqual({
      spec: { conflictResolution: 'Overwrite', priority: 5, schedulerName: 'default-scheduler', preemption: 'Never' },
    });
  });

  test('drops a null that is neither nullable nor defaulted, as the API server does before defaulting', () => {
    expect(pp.applyDefaults({ spec: { conflictResolution: 'Abort', priority: 0, preemption: 'Never', schedulerName: 's', suspension: null } }))
      .toStrictEqual({ spec: { conflictResolution: 'Abort', priority: 0, preemption: 'Never', schedulerName: 's' } });
  });

  test('applies defaults top-down, inside array items and inside additionalProperties values', () => {
    // GIVEN
    const [widget] = CrdSchema.fromCrd(syntheticCrd());

    // WHEN
    const out = widget.applyDefaults({ spec: { ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }], limits: { cpu: {}, mem: { max: 2 } } } });

    // THEN the defaulted `tier` object got its own nested defaults, and `nested` its own in turn
    expect(out).toStrictEqual({
      spec: {
        ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }],
        limits: { cpu: { max: 10 }, mem: { max: 2 } },
        tier: { name: 'gold', nested: { level: 1, mode: 'auto' } },
      },
    });
  });

  test('fails when the object is not an object', () => {
    expect(() => pp.applyDefaults('nope')).toThrow('a PropagationPolicy must be an object');
  });

  describe('properties on generated policies', () => {
    const selector = fc.record({
      apiVersion: fc.constantFrom('apps/v1', 'v1', 'multicluster.x-k8s.io/v1alpha1'),
      kind: fc.constantFrom('Deployment', 'Service', 'ServiceImport'),
      name: fc.constantFrom('nginx', 'nginx-svc'),
      namespace: fc.constantFrom('', 'default'),
      labelSelector: fc.record({ matchLabels: fc.dictionary(fc.constantFrom('app', 'tier'), fc.string({ maxLength: 5 })) }),
    }, { requiredKeys: ['apiVersion', 'kind'] });
    const nullable = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> =>
      fc.oneof({ weight: 5, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(null) });
    const spec = fc.record({
      resourceSelectors: fc.array(selector, { minLength: 1, maxLength: 3 }),
      conflictResolution: nullable(fc.constantFrom('Abort', 'Overwrite')),
      priority: nullable(fc.integer({ min: -10, max: 10 })),
      preemption: nullable(fc.constantFrom('Always', 'Never')),
      schedulerName: nullable(fc.constantFrom('default-scheduler', 'other', '')),
      propagateDeps: fc.boolean(),
      association: fc.boolean(),
      preserveResourcesOnDeletion: fc.boolean(),
      placement: fc.record({
        clusterAffinity: nullable(fc.record({ clusterNames: fc.array(fc.constantFrom('member1', 'member2'), { maxLength: 2 }) }, { requiredKeys: [] })),
        replicaScheduling: fc.record({
          replicaSchedulingType: fc.constantFrom('Duplicated', 'Divided'),
          replicaDivisionPreference: fc.constantFrom('Aggregated', 'Weighted'),
        }, { requiredKeys: [] }),
        spreadConstraints: fc.array(fc.record({
          spreadByField: fc.constantFrom('cluster', 'region', 'zone', 'provider'),
          spreadByLabel: fc.constantFrom('topology'),
          minGroups: fc.nat(3),
          maxGroups: fc.nat(5),
        }, { requiredKeys: [] }), { maxLength: 2 }),
      }, { requiredKeys: [] }),
      failover: fc.record({
        application: fc.record({
          decisionConditions: fc.record({ tolerationSeconds: fc.nat(600) }, { requiredKeys: [] }),
          purgeMode: fc.constantFrom('Directly', 'Gracefully', 'Never', 'Immediately', 'Graciously'),
          gracePeriodSeconds: fc.integer({ min: 1, max: 900 }),
        }, { requiredKeys: ['decisionConditions'] }),
        cluster: fc.record({ purgeMode: fc.constantFrom('Directly', 'Gracefully') }, { requiredKeys: [] }),
      }, { requiredKeys: [] }),
    }, { requiredKeys: ['resourceSelectors'] });
    const policies = spec.map((s) => propagationPolicy(s));

    test('applyDefaults is idempotent', () => {
      fc.assert(fc.property(policies, (p) => {
        const once = pp.applyDefaults(p);
        expect(pp.applyDefaults(once)).toStrictEqual(once);
      }));
    });

    test('applyDefaults does not mutate its input', () => {
      fc.assert(fc.property(policies, (p) => {
        // fast-check may build null-prototype objects; compare the serialized form, key order included.
        const before = JSON.stringify(p);
        pp.applyDefaults(deepFreeze(p));
        expect(JSON.stringify(p)).toBe(before);
      }));
    });

    test('a defaulted generated policy has no violation left', () => {
      fc.assert(fc.property(policies, (p) => {
        expect(pp.validate(pp.applyDefaults(p))).toStrictEqual([]);
      }));
    });
  });
});

describe('CrdSchema.prune', () => {
  test('removes unknown fields and keeps the others, without touching the input', () => {
    // GIVEN
    const input = propagationPolicy({ ...MINIMAL_SPEC, bogus: { a: 1 }, placement: { clusterAffinity: { clusterNames: ['member1'], typo: 1 } } });
    const before = jsonClone(input);

    // WHEN
    const out = pp.prune({ ...input, status: { phase: 'x' } });

    // THEN
    expect(out).toStrictEqual(propagationPolicy(MINIMAL_SPEC));
    expect(input).toStrictEqual(before);
  });
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

// structuredClone builds objects of another realm than jest's, which toStrictEqual tells apart.
function jsonClone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

describe('CrdSchema with fields named like Object.prototype members', () => {
  // field names are data: ajv, the pruning and the defaulting walkers must look at own properties only.
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets.example.com' },
    spec: {
      group: 'example.com', names: { kind: 'Gadget', plural: 'gadgets' }, scope: 'Namespaced',
      versions: [{
        name: 'v1', served: true, storage: true,
        schema: {
          openAPIV3Schema: JSON.parse(`{"type": "object", "properties": {"spec": {"type": "object", "required": ["constructor"], "properties": {
            "constructor": {"type": "string"}, "toString": {"type": "integer", "default": 3},
            "__proto__": {"type": "object", "properties": {"valueOf": {"type": "string", "default": "v"}}},
            "hasOwnProperty": {"type": "object", "additionalProperties": {"type": "string", "nullable": true}}}}}}`),
        },
      }],
    },
  };
  const [gadget] = CrdSchema.fromCrd(crd);
  const obj = (spec: unknown) => ({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g', namespace: 'default' }, spec });

  test('a required field of such a name is required, and an absent one is not validated', () => {
    expect(gadget.validate(obj({}))).toStrictEqual([{ path: 'spec.constructor', message: 'required', effect: 'rejected' }]);
    expect(gadget.validate(obj({ constructor: 'c', toString: 3 }))).toStrictEqual([]);
    expect(gadget.validate(obj({ constructor: 1, toString: 3 }))).toStrictEqual([{ path: 'spec.constructor', message: 'must be string', effect: 'rejected' }]);
  });

  test('defaults, pruning and map keys work on own properties, __proto__ included', () => {
    const spec = JSON.parse('{"constructor": "c", "__proto__": {}, "hasOwnProperty": {"toString": "t", "__proto__": null}, "valueOf": 1}');
    expect(JSON.stringify(gadget.applyDefaults(obj(spec)))).toBe(JSON.stringify(obj(JSON.parse(
      '{"constructor": "c", "__proto__": {"valueOf": "v"}, "hasOwnProperty": {"toString": "t", "__proto__": null}, "valueOf": 1, "toString": 3}'))));
    expect(gadget.validate(obj(spec))).toStrictEqual([
      { path: 'spec.valueOf', message: 'unknown field', effect: 'pruned' },
    ]);
  });
});
