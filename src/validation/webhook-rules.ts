// Karmada's validating admission webhook for PropagationPolicy and ClusterPropagationPolicy
// (v1.18.2: pkg/webhook/propagationpolicy/validating.go, pkg/webhook/clusterpropagationpolicy/
// validating.go, pkg/util/validation/validation.go: ValidatePropagationSpec), rule by rule,
// with the webhook's own messages (karmada-semantics §4). A policy breaking one is denied.
import { KubeObject } from '../inventory/types';
import { ManifestRule, Violation } from './validate-manifests';

type Found = Array<Omit<Violation, 'rule'>>;

interface Selector { readonly namespace?: string; readonly name?: string }
interface Spread { readonly spreadByField?: string; readonly spreadByLabel?: string; readonly minGroups?: number; readonly maxGroups?: number }
interface Spec {
  readonly resourceSelectors?: readonly Selector[];
  readonly preemption?: string;
  readonly propagateDeps?: boolean;
  readonly failover?: { readonly application?: unknown };
  readonly suspension?: { readonly dispatching?: boolean; readonly dispatchingOnClusters?: { readonly clusterNames?: readonly string[] } };
  readonly placement?: {
    readonly clusterAffinity?: { readonly fieldSelector?: { readonly matchExpressions?: ReadonlyArray<{ key?: string; operator?: string }> } };
    readonly clusterAffinities?: readonly unknown[];
    readonly clusterTolerations?: ReadonlyArray<{ operator?: string }>;
    readonly spreadConstraints?: readonly Spread[];
  };
}

function isPolicy(m: KubeObject): boolean {
  return m.apiVersion === 'policy.karmada.io/v1alpha1' && (m.kind === 'PropagationPolicy' || m.kind === 'ClusterPropagationPolicy');
}

function rule(id: string, description: string, check: (spec: Spec, m: KubeObject) => Found): ManifestRule {
  return { id: `karmada-webhook/${id}`, description, check: m => (isPolicy(m) ? check((m.spec ?? {}) as Spec, m) : []) };
}

/** the validating webhook's rules, as data. */
export const WEBHOOK_RULES: readonly ManifestRule[] = [
  rule('selector-namespace', 'PropagationPolicy: a selector namespace must be the policy namespace (validateResourceSelectors)', (spec, m) =>
    m.kind !== 'PropagationPolicy' ? [] : (spec.resourceSelectors ?? []).flatMap((s, i) =>
      s.namespace && s.namespace !== (m.metadata.namespace ?? 'default')
        ? [{ path: `spec.resourceSelectors[${i}].namespace`, message: 'namespace of resource selector must be the same as the namespace of the policy', fix: 'drop the namespace or use the policy\'s' }]
        : [])),
  rule('preemption-needs-name', 'preemption: Always needs a name in every selector', spec =>
    spec.preemption !== 'Always' ? [] : (spec.resourceSelectors ?? []).flatMap((s, i) => s.name ? [] : [{
      path: `spec.resourceSelectors[${i}]`,
      message: 'name cannot be empty if preemption is Always, the empty name may cause unexpected resources preemption',
      fix: 'select by name, or set preemption: Never',
    }])),
  rule('failover-needs-propagate-deps', 'application failover needs propagateDeps', spec =>
    spec.failover?.application && !spec.propagateDeps
      ? [{ path: 'spec.propagateDeps', message: 'application failover is set, propagateDeps must be true', fix: 'set propagateDeps: true' }] : []),
  rule('suspension', 'suspension.dispatching and dispatchingOnClusters exclude each other', spec =>
    spec.suspension?.dispatching && (spec.suspension.dispatchingOnClusters?.clusterNames?.length ?? 0) > 0
      ? [{ path: 'spec.suspension', message: 'suspension dispatching cannot co-exist with dispatchingOnClusters.clusterNames', fix: 'keep one of them' }] : []),
  rule('cluster-affinities', 'clusterAffinities and clusterAffinity exclude each other', spec =>
    spec.placement?.clusterAffinities && spec.placement.clusterAffinity
      ? [{ path: 'spec.placement', message: 'clusterAffinities cannot co-exist with clusterAffinity', fix: 'keep one of them' }] : []),
  rule('field-selector', 'fieldSelector keys are provider, region or zone; operators In or NotIn', spec =>
    (spec.placement?.clusterAffinity?.fieldSelector?.matchExpressions ?? []).flatMap((e, i) => [
      ...(['provider', 'region', 'zone'].includes(e.key ?? '') ? [] : [{
        path: `spec.placement.clusterAffinity.fieldSelector.matchExpressions[${i}].key`,
        message: `unsupported key "${e.key}", must be provider, region, or zone`, fix: 'use provider, region or zone',
      }]),
      ...(['In', 'NotIn'].includes(e.operator ?? '') ? [] : [{
        path: `spec.placement.clusterAffinity.fieldSelector.matchExpressions[${i}].operator`,
        message: `unsupported operator "${e.operator}", must be In or NotIn`, fix: 'use In or NotIn',
      }]),
    ])),
  rule('toleration-operator', 'cluster tolerations do not support Lt and Gt', spec =>
    (spec.placement?.clusterTolerations ?? []).flatMap((t, i) => ['Lt', 'Gt'].includes(t.operator ?? '')
      ? [{ path: `spec.placement.clusterTolerations[${i}].operator`, message: `Unsupported value: "${t.operator}"`, fix: 'use Equal or Exists' }] : [])),
  rule('spread-constraints', 'spread constraints (validateSpreadConstraint)', spec => {
    const found: Found = [];
    const cs = spec.placement?.spreadConstraints ?? [];
    const seen = new Set<string>();
    cs.forEach((c, i) => {
      const path = `spec.placement.spreadConstraints[${i}]`;
      if (c.spreadByLabel && c.spreadByField) found.push({ path, message: 'spreadByLabel should not co-exist with spreadByField', fix: 'keep one of them' });
      if ((c.minGroups ?? 0) < 0) found.push({ path, message: 'minGroups lower than 0 is not allowed', fix: 'use 0 or more' });
      if ((c.maxGroups ?? 0) < 0) found.push({ path, message: 'maxGroups lower than 0 is not allowed', fix: 'use 0 or more' });
      if (c.maxGroups !== undefined && c.minGroups !== undefined && c.maxGroups < c.minGroups) {
        found.push({ path, message: 'maxGroups lower than minGroups is not allowed', fix: 'raise maxGroups' });
      }
      const by = c.spreadByField ?? c.spreadByLabel ?? 'cluster';
      if (seen.has(by)) found.push({ path, message: `multiple ${by} spread constraints are not allowed`, fix: 'merge them' });
      seen.add(by);
    });
    if (cs.some(c => c.spreadByField) && !cs.some(c => (c.spreadByField ?? 'cluster') === 'cluster' && !c.spreadByLabel)) {
      found.push({
        path: 'spec.placement.spreadConstraints',
        message: 'the cluster spread constraint must be enabled in one of the constraints in case of SpreadByField is enabled', fix: 'add a spreadByField: cluster constraint',
      });
    }
    return found;
  }),
];
