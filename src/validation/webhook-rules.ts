// Karmada's validating admission webhook for PropagationPolicy and ClusterPropagationPolicy,
// rule by rule, with the webhook's own messages and field paths (karmada v1.18.2:
// pkg/webhook/propagationpolicy/validating.go, pkg/webhook/clusterpropagationpolicy/
// validating.go, pkg/util/validation/validation.go). A policy that
// breaks one is denied, and Argo CD or Flux keep retrying it.
//
// the validating webhook never sees the manifest as written: the API server prunes and
// defaults it with the CRD, Karmada's mutating webhook changes it (empty selector namespaces
// filled, spread constraints defaulted, gracePeriodSeconds set) and answers with the Go JSON
// encoding of its type (empty lists gone), then the CRD defaults apply again. so every rule
// checks that admitted form (admitForValidation), with Go's nil-versus-empty semantics.
import { KubeObject } from '../kube/object';
import {
  admitPolicy,
  CLUSTER_PROPAGATION_POLICY_PERMANENT_ID_LABEL,
  POLICY_API_VERSION,
  PROPAGATION_POLICY_PERMANENT_ID_LABEL,
} from '../karmada/admission';
import { CrdSchemaSet } from '../kube/crd-schema-set';
import { formatFieldPath, PathSegment } from '../kube/field-path';
import { isJsonObject, JsonObject, JsonValue, toJson } from '../kube/json';
import { isInputError } from '../errors';
import { bundledSchemas } from './bundled-schemas';
import { goQuote, isLabelKey } from './_k8s-content';
import type { ManifestRule, RuleContext, Violation } from './validate-manifests';

/** What a webhook rule finds on one policy. */
export type WebhookFinding = Omit<Violation, 'rule'>;

/** A rule of Karmada's validating webhook, checked on the policy as the webhook receives it. */
export interface WebhookRule extends ManifestRule {
  /** the Karmada function the rule ports, `pkg/util/validation/validation.go: ValidateSpreadConstraint`. */
  readonly source: string;
  /**
   * the rule on a policy as the validating webhook decodes it (see {@link admitForValidation});
   * `check` runs it on the admitted form of a manifest.
   */
  checkAdmitted(policy: JsonObject): WebhookFinding[];
}

/** tells a Karmada PropagationPolicy or ClusterPropagationPolicy. */
export function isKarmadaPolicy(m: { readonly apiVersion?: unknown; readonly kind?: unknown }): boolean {
  return m.apiVersion === POLICY_API_VERSION && (m.kind === 'PropagationPolicy' || m.kind === 'ClusterPropagationPolicy');
}

const admitted = new WeakMap<CrdSchemaSet, WeakMap<object, JsonObject | null>>();

/**
 * The policy as Karmada's validating webhook receives it on CREATE: pruned and defaulted
 * with its CRD, through the mutating webhook (`admitPolicy`), defaulted again. The result
 * is cached per manifest object.
 *
 * @returns `undefined` when the policy cannot be decoded into Karmada's Go type (a wrong
 * type somewhere): the API server rejects it before any rule, and the CRD schema check says why
 */
export function admitForValidation(policy: KubeObject, schemas: CrdSchemaSet = bundledSchemas()): JsonObject | undefined {
  let bySchemas = admitted.get(schemas);
  if (!bySchemas) {
    bySchemas = new WeakMap();
    admitted.set(schemas, bySchemas);
  }
  let result = bySchemas.get(policy);
  if (result === undefined) {
    try {
      const schema = schemas.schemaFor(policy.apiVersion, policy.kind);
      const defaulted = schema ? schema.applyDefaults(schema.prune(policy)) : toJson(policy);
      const mutated = admitPolicy(defaulted, { operation: 'CREATE' });
      result = schema ? schema.applyDefaults(mutated) : mutated;
    } catch (e) {
      if (!isInputError(e)) throw e;
      result = null;
    }
    bySchemas.set(policy, result);
  }
  return result ?? undefined;
}

// --- reading the admitted JSON: a field absent there is nil (or the zero value) in Go.

function obj(v: JsonValue | undefined): JsonObject | undefined {
  return isJsonObject(v) ? v : undefined;
}

function list(v: JsonValue | undefined): JsonObject[] {
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
}

function text(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

function num(v: JsonValue | undefined): number {
  return typeof v === 'number' ? v : 0;
}

function at(...segments: PathSegment[]): string {
  return formatFieldPath(segments);
}

function specOf(policy: JsonObject): JsonObject {
  return obj(policy.spec) ?? {};
}

function placementOf(policy: JsonObject): JsonObject {
  return obj(specOf(policy).placement) ?? {};
}

function rule(id: string, source: string, description: string, checkAdmitted: (policy: JsonObject) => WebhookFinding[]): WebhookRule {
  return {
    id: `karmada-webhook/${id}`,
    source,
    description,
    checkAdmitted,
    check: (m: KubeObject, context: RuleContext) => {
      if (!isKarmadaPolicy(m)) return [];
      const policy = admitForValidation(m, context.schemas ?? bundledSchemas());
      return policy ? checkAdmitted(policy) : [];
    },
  };
}

// pkg/util/validation/validation.go: ValidatePolicyFieldSelector; the first bad expression only.
function fieldSelectorProblem(affinity: JsonObject, path: PathSegment[]): WebhookFinding[] {
  const selector = obj(affinity.fieldSelector);
  for (const e of list(selector?.matchExpressions)) {
    const key = text(e.key);
    if (!['provider', 'region', 'zone'].includes(key)) {
      return [{ path: at(...path, 'fieldSelector'), message: `unsupported key ${goQuote(key)}, must be provider, region, or zone`, fix: 'select clusters by provider, region or zone' }];
    }
    const operator = text(e.operator);
    if (!['In', 'NotIn'].includes(operator)) {
      return [{ path: at(...path, 'fieldSelector'), message: `unsupported operator ${goQuote(operator)}, must be In or NotIn`, fix: 'use In or NotIn' }];
    }
  }
  return [];
}

// pkg/util/validation/validation.go: emptyClusterAffinity.
function emptyClusterAffinity(a: JsonObject): boolean {
  const empty = (v: JsonValue | undefined): boolean => !Array.isArray(v) || v.length === 0;
  return a.labelSelector === undefined && a.fieldSelector === undefined && empty(a.clusterNames) && empty(a.exclude);
}

// pkg/util/policy.go: IsOverflowSchedulingAllowed.
function overflowSchedulingAllowed(replicaScheduling: JsonObject | undefined): boolean {
  if (!replicaScheduling || replicaScheduling.replicaSchedulingType !== 'Divided') return false;
  switch (replicaScheduling.replicaDivisionPreference) {
    case 'Aggregated':
      return true;
    case 'Weighted':
      return text(obj(replicaScheduling.weightPreference)?.dynamicWeight) !== '';
    default:
      return false;
  }
}

function labelKeyProblems(value: string, path: string, fix: string): WebhookFinding[] {
  return isLabelKey(value).map(message => ({ path, message, fix }));
}

function statePreservationProblems(behavior: JsonObject | undefined, path: PathSegment[]): WebhookFinding[] {
  const rules = list(obj(behavior?.statePreservation)?.rules);
  return rules.flatMap((r, i) => labelKeyProblems(text(r.aliasLabelName), at(...path, 'statePreservation', 'rules', i, 'aliasLabelName'),
    'use a valid label name as aliasLabelName'));
}

/**
 * The validating webhook's rules, as data, in the order `ValidatePropagationSpec` checks
 * them (placement, propagateDeps, failover, resource selectors, preemption, suspension),
 * then the permanent-id label its update check guards.
 */
export const WEBHOOK_RULES: readonly WebhookRule[] = [
  rule('cluster-affinity-coexist', 'pkg/util/validation/validation.go: ValidatePlacement',
    'placement.clusterAffinities and placement.clusterAffinity exclude each other', policy => {
      const p = placementOf(policy);
      return p.clusterAffinity !== undefined && p.clusterAffinities !== undefined
        ? [{ path: 'spec.placement', message: 'clusterAffinities cannot co-exist with clusterAffinity', fix: 'keep clusterAffinity or clusterAffinities' }]
        : [];
    }),

  rule('overflow-scheduling', 'pkg/util/validation/validation.go: ValidatePlacement (util.IsOverflowSchedulingAllowed)',
    'overflowAffinities need Divided replica scheduling with Aggregated or dynamic-weight division', policy => {
      const p = placementOf(policy);
      const allowed = overflowSchedulingAllowed(obj(p.replicaScheduling));
      return list(p.clusterAffinities).flatMap((term, i) => term.overflowAffinities !== undefined && !allowed ? [{
        path: at('spec', 'placement', 'clusterAffinities', i, 'overflowAffinities'),
        message: 'overflowAffinities can only be used together with dynamic weight or aggregated scheduling',
        fix: 'use replicaSchedulingType: Divided with replicaDivisionPreference: Aggregated or a dynamicWeight, or drop overflowAffinities',
      }] : []);
    }),

  rule('field-selector', 'pkg/util/validation/validation.go: ValidateClusterAffinity (ValidatePolicyFieldSelector)',
    'cluster fieldSelector keys are provider, region or zone, with the operators In or NotIn', policy => {
      const p = placementOf(policy);
      const affinity = obj(p.clusterAffinity);
      return [
        ...(affinity ? fieldSelectorProblem(affinity, ['spec', 'placement', 'clusterAffinity']) : []),
        ...list(p.clusterAffinities).flatMap((term, i) => [
          ...fieldSelectorProblem(term, ['spec', 'placement', 'clusterAffinities', i]),
          ...list(term.overflowAffinities).flatMap((o, oi) =>
            fieldSelectorProblem(o, ['spec', 'placement', 'clusterAffinities', i, 'overflowAffinities', oi])),
        ]),
      ];
    }),

  rule('affinity-name', 'pkg/util/validation/validation.go: ValidateClusterAffinities',
    'each clusterAffinities term has a unique affinityName that is a valid label key', policy => {
      const found: WebhookFinding[] = [];
      const names = new Set<string>();
      list(placementOf(policy).clusterAffinities).forEach((term, i) => {
        const name = text(term.affinityName);
        found.push(...labelKeyProblems(name, at('spec', 'placement', 'clusterAffinities', i), 'use a valid label key as affinityName'));
        if (names.has(name)) {
          found.push({ path: 'spec.placement.clusterAffinities', message: 'each affinity term in a policy must have a unique name', fix: 'rename the duplicate affinityName' });
        }
        names.add(name);
      });
      return found;
    }),

  rule('overflow-affinities', 'pkg/util/validation/validation.go: ValidateOverflowAffinities',
    'overflowAffinities follow an inline cluster affinity and have unique, valid names', policy =>
      list(placementOf(policy).clusterAffinities).flatMap((term, i) => {
        if (term.overflowAffinities === undefined) return [];
        const base: PathSegment[] = ['spec', 'placement', 'clusterAffinities', i, 'overflowAffinities'];
        const found: WebhookFinding[] = [];
        if (emptyClusterAffinity(term)) {
          found.push({
            path: at(...base), message: 'overflowAffinities can only be used together with the inline ClusterAffinity',
            fix: 'give the term clusterNames, a labelSelector, a fieldSelector or exclude',
          });
        }
        const names = new Set([text(term.affinityName)]);
        list(term.overflowAffinities).forEach((o, oi) => {
          const name = text(o.affinityName);
          const path = at(...base, oi, 'affinityName');
          found.push(...labelKeyProblems(name, path, 'use a valid label key as affinityName'));
          if (names.has(name)) {
            found.push({ path, message: 'overflow affinity name must be unique and must not duplicate the primary group\'s affinityName', fix: 'rename the overflow affinity' });
          } else {
            names.add(name);
          }
        });
        return found;
      })),

  rule('spread-constraints', 'pkg/util/validation/validation.go: ValidateSpreadConstraint',
    'spread constraints: field or label, non-negative bounds, one per field, and a cluster constraint whenever a field is used', policy => {
      const found: WebhookFinding[] = [];
      const constraints = list(placementOf(policy).spreadConstraints);
      // the go map of fields seen, valued by whether the duplicate was reported already.
      const fields = new Map<string, boolean>();
      constraints.forEach((c, i) => {
        const path = at('spec', 'placement', 'spreadConstraints', i);
        const field = text(c.spreadByField);
        const minGroups = num(c.minGroups);
        const maxGroups = num(c.maxGroups);
        if (field !== '' && text(c.spreadByLabel) !== '') found.push({ path, message: 'spreadByLabel should not co-exist with spreadByField', fix: 'keep spreadByField or spreadByLabel' });
        if (minGroups < 0) found.push({ path, message: 'minGroups lower than 0 is not allowed', fix: 'set minGroups to 0 or more' });
        if (maxGroups < 0) found.push({ path, message: 'maxGroups lower than 0 is not allowed', fix: 'set maxGroups to 0 or more' });
        if (maxGroups > 0 && maxGroups < minGroups) found.push({ path, message: 'maxGroups lower than minGroups is not allowed', fix: 'raise maxGroups to minGroups or more' });
        if (field !== '') {
          if (fields.get(field) === false) {
            found.push({ path: 'spec.placement.spreadConstraints', message: `multiple ${field} spread constraints are not allowed`, fix: `keep one spreadByField: ${field} constraint` });
            fields.set(field, true);
          }
          if (!fields.has(field)) fields.set(field, false);
        }
      });
      if (fields.size > 0 && !fields.has('cluster')) {
        found.push({
          path: 'spec.placement.spreadConstraints',
          message: 'the cluster spread constraint must be enabled in one of the constraints in case of SpreadByField is enabled',
          fix: 'add a constraint with spreadByField: cluster',
        });
      }
      return found;
    }),

  rule('workload-affinity', 'pkg/util/validation/validation.go: ValidateWorkloadAffinity',
    'workload affinity and anti-affinity group by valid, different label keys', policy => {
      const w = obj(placementOf(policy).workloadAffinity);
      if (!w) return [];
      const affinity = obj(w.affinity);
      const antiAffinity = obj(w.antiAffinity);
      return [
        ...(affinity ? labelKeyProblems(text(affinity.groupByLabelKey), 'spec.placement.workloadAffinity.affinity.groupByLabelKey', 'use a valid label key') : []),
        ...(antiAffinity ? labelKeyProblems(text(antiAffinity.groupByLabelKey), 'spec.placement.workloadAffinity.antiAffinity.groupByLabelKey', 'use a valid label key') : []),
        ...(affinity && antiAffinity && text(affinity.groupByLabelKey) === text(antiAffinity.groupByLabelKey) ? [{
          path: 'spec.placement.workloadAffinity', message: 'affinity and antiAffinity must not use the same groupByLabelKey', fix: 'group them by different label keys',
        }] : []),
      ];
    }),

  rule('toleration-operator', 'pkg/util/validation/validation.go: validateClusterTolerations',
    'cluster tolerations do not support the operators Lt and Gt', policy =>
      list(placementOf(policy).clusterTolerations).flatMap((t, i) => {
        const operator = text(t.operator);
        // field.NotSupported renders the value and the supported ones, each go-quoted.
        return operator === 'Lt' || operator === 'Gt' ? [{
          path: at('spec', 'placement', 'clusterTolerations', i, 'operator'),
          message: `Unsupported value: ${goQuote(operator)}: supported values: "", "Exists", "Equal"`,
          fix: 'use Equal or Exists',
        }] : [];
      })),

  rule('failover-needs-propagate-deps', 'pkg/util/validation/validation.go: ValidatePropagationSpec',
    'application failover needs propagateDeps: true', policy => {
      const spec = specOf(policy);
      return obj(spec.failover)?.application !== undefined && spec.propagateDeps !== true
        ? [{ path: 'spec.propagateDeps', message: 'application failover is set, propagateDeps must be true', fix: 'set propagateDeps: true' }]
        : [];
    }),

  rule('application-failover', 'pkg/util/validation/validation.go: ValidateApplicationFailover',
    'application failover: tolerationSeconds of 0 or more; gracePeriodSeconds, above 0, exactly when purgeMode is Gracefully', policy => {
      const application = obj(obj(specOf(policy).failover)?.application);
      if (!application) return [];
      const found: WebhookFinding[] = [];
      const base: PathSegment[] = ['spec', 'failover', 'application'];
      const toleration = obj(application.decisionConditions)?.tolerationSeconds;
      if (typeof toleration === 'number' && toleration < 0) {
        found.push({ path: at(...base, 'decisionConditions', 'tolerationSeconds'), message: 'must be greater than or equal to 0', fix: 'set tolerationSeconds to 0 or more' });
      }
      // Graciously is the deprecated spelling of Gracefully, still accepted by v1.18.
      const graceful = application.purgeMode === 'Gracefully' || application.purgeMode === 'Graciously';
      const grace = application.gracePeriodSeconds;
      const gracePath = at(...base, 'gracePeriodSeconds');
      if (!graceful && grace !== undefined) found.push({ path: gracePath, message: 'only takes effect when purgeMode is gracefully', fix: 'drop gracePeriodSeconds' });
      if (graceful && grace === undefined) found.push({ path: gracePath, message: 'should not be empty when purgeMode is gracefully', fix: 'set gracePeriodSeconds' });
      if (typeof grace === 'number' && grace <= 0) found.push({ path: gracePath, message: 'must be greater than 0', fix: 'set gracePeriodSeconds above 0' });
      return found;
    }),

  rule('state-preservation', 'pkg/util/validation/validation.go: validateStatePreservationRule (metav1validation.ValidateLabelName)',
    'each failover statePreservation rule has an aliasLabelName that is a valid label name', policy => {
      const failover = obj(specOf(policy).failover);
      return [
        ...statePreservationProblems(obj(failover?.application), ['spec', 'failover', 'application']),
        ...statePreservationProblems(obj(failover?.cluster), ['spec', 'failover', 'cluster']),
      ];
    }),

  rule('selector-namespace', 'pkg/util/validation/validation.go: validateResourceSelectors',
    'PropagationPolicy: a resource selector\'s namespace is the policy\'s', policy => {
      // the cluster webhook passes the empty request namespace: the check returns at once.
      if (policy.kind !== 'PropagationPolicy') return [];
      const namespace = text(obj(policy.metadata)?.namespace);
      return list(specOf(policy).resourceSelectors).flatMap((s, i) => text(s.namespace) !== namespace ? [{
        path: at('spec', 'resourceSelectors', i, 'namespace'),
        message: 'namespace of resource selector must be the same as the namespace of the policy',
        fix: `drop the selector's namespace or set it to ${namespace}`,
      }] : []);
    }),

  rule('preemption-needs-name', 'pkg/util/validation/validation.go: validateResourceSelectorsIfPreemptionEnabled',
    'preemption: Always needs a name in every resource selector', policy => {
      const spec = specOf(policy);
      if (spec.preemption !== 'Always') return [];
      return list(spec.resourceSelectors).flatMap((s, i) => text(s.name) === '' ? [{
        path: at('spec', 'resourceSelectors', i, 'name'),
        message: 'name cannot be empty if preemption is Always, the empty name may cause unexpected resources preemption',
        fix: 'select by name, or set preemption: Never',
      }] : []);
    }),

  rule('suspension', 'pkg/util/validation/validation.go: validateSuspension',
    'suspension.dispatching and suspension.dispatchingOnClusters exclude each other', policy => {
      const suspension = obj(specOf(policy).suspension);
      // karmada names the field spec.suspension.suspension (validateSuspension adds the child again).
      const clusterNames = obj(suspension?.dispatchingOnClusters)?.clusterNames;
      return suspension?.dispatching === true && Array.isArray(clusterNames) && clusterNames.length > 0
        ? [{ path: 'spec.suspension.suspension', message: 'suspension dispatching cannot co-exist with dispatchingOnClusters.clusterNames', fix: 'keep dispatching or dispatchingOnClusters' }]
        : [];
    }),

  // the mutating webhooks overwrite the label with a fresh UUID on CREATE (util.MergeLabel).
  rule('permanent-id-label', 'pkg/webhook/propagationpolicy/validating.go: validateUpdate; pkg/webhook/clusterpropagationpolicy/validating.go: Handle',
    'the permanent-id label is left to Karmada: one written in Git differs from the UUID the webhook sets, so the next apply is denied', policy => {
      const label = policy.kind === 'PropagationPolicy' ? PROPAGATION_POLICY_PERMANENT_ID_LABEL : CLUSTER_PROPAGATION_POLICY_PERMANENT_ID_LABEL;
      const labels = obj(obj(policy.metadata)?.labels);
      return labels && Object.prototype.hasOwnProperty.call(labels, label) ? [{
        path: at('metadata', 'labels', label),
        message: `label ${label} is immutable, it can only be set by the system during creation`,
        fix: `remove the ${label} label from the manifest`,
      }] : [];
    }),
];
