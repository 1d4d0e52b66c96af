// What a takeover needs beyond what Karmada admits: the rules that keep a migration
// from restarting, moving or deleting live workloads (karmada-semantics §3, §5, §6, §8).
import { KubeObject } from '../inventory/types';
import { ManifestRule, Violation } from './validate-manifests';

type Found = Array<Omit<Violation, 'rule'>>;

interface Selector { readonly apiVersion?: string; readonly kind?: string; readonly namespace?: string; readonly name?: string }
interface ClusterAffinity {
  readonly clusterNames?: readonly string[];
  readonly labelSelector?: unknown;
  readonly fieldSelector?: unknown;
  readonly exclude?: unknown;
}

interface Spec {
  readonly resourceSelectors?: readonly Selector[];
  readonly conflictResolution?: string;
  readonly preemption?: string;
  readonly activationPreference?: string;
  readonly placement?: {
    readonly clusterAffinity?: ClusterAffinity;
    readonly clusterAffinities?: unknown;
  };
}

/** an object of the Karmada API server itself; `namespace` undefined: in every namespace. */
export interface OwnObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/**
 * Objects the Karmada API server holds itself, by kind: a kind-only selector in their
 * namespace claims them too, and Overwrite then pushes them onto the member cluster (its
 * `kubernetes` Service would replace the member's own). `namespace: undefined` = any namespace.
 */
export const KARMADA_OWN_OBJECTS: readonly OwnObject[] = [
  { apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'kubernetes' },
  { apiVersion: 'v1', kind: 'Endpoints', namespace: 'default', name: 'kubernetes' },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespace: 'default', name: 'kubernetes' },
  // not listed: `kube-root-ca.crt` ConfigMaps and `default` ServiceAccounts exist only where the
  // kube-controller-manager runs the root-ca-cert-publisher and serviceaccount controllers, which
  // Karmada's control plane does not enable by default; flagging every kind-wide ConfigMap
  // takeover on that guess would be a false alarm.
];

function isPolicy(m: KubeObject): boolean {
  return m.apiVersion === 'policy.karmada.io/v1alpha1' && (m.kind === 'PropagationPolicy' || m.kind === 'ClusterPropagationPolicy');
}

function policyRule(id: string, description: string, check: (spec: Spec, m: KubeObject, clusters: readonly string[]) => Found): ManifestRule {
  return { id: `migration/${id}`, description, check: (m, ctx) => (isPolicy(m) ? check((m.spec ?? {}) as Spec, m, ctx.sourceClusters) : []) };
}

/** the migration rules, as data. */
export const MIGRATION_RULES: readonly ManifestRule[] = [
  policyRule('overwrite', 'a takeover policy has conflictResolution: Overwrite', spec =>
    spec.conflictResolution === 'Overwrite' ? [] : [{
      path: 'spec.conflictResolution',
      message: `conflictResolution is ${spec.conflictResolution ?? 'unset (Abort)'}: Karmada will not take the existing member objects over (the Works fail with "strategy value is empty")`,
      fix: 'set conflictResolution: Overwrite',
    }]),
  policyRule('placement-source-cluster', 'a takeover places on the source cluster, by name, and only there', (spec, _m, clusters) => {
    const a = spec.placement?.clusterAffinity;
    const names = a?.clusterNames ?? [];
    if (spec.placement?.clusterAffinities || !a || names.length !== 1 || a.labelSelector || a.fieldSelector || a.exclude) {
      return [{
        path: 'spec.placement',
        message: `the placement does not name exactly one cluster (${names.length ? names.join(', ') : 'none'}): a takeover must place each object back where it runs, and only there`,
        fix: 'set placement.clusterAffinity.clusterNames: [<source cluster>] and nothing else',
      }];
    }
    return clusters.length > 0 && !clusters.includes(names[0])
      ? [{
        path: 'spec.placement.clusterAffinity.clusterNames',
        message: `cluster ${names[0]} is not a source cluster of the migration (${clusters.join(', ')})`, fix: 'name the source cluster',
      }]
      : [];
  }),
  policyRule('no-preemption', 'a takeover policy does not preempt', spec =>
    spec.preemption === 'Always' ? [{ path: 'spec.preemption', message: 'preemption: Always lets the policy take templates from other policies', fix: 'set preemption: Never' }] : []),
  policyRule('no-lazy-activation', 'activationPreference: Lazy blocks the rollback flag', spec =>
    spec.activationPreference === 'Lazy' ? [{
      path: 'spec.activationPreference',
      message: 'with activationPreference: Lazy a policy change reaches the bindings only when each template is edited: preserveResourcesOnDeletion would not arm the rollback',
      fix: 'remove activationPreference',
    }] : []),
  policyRule('no-namespace-takeover', 'Namespaces are never taken over', spec =>
    (spec.resourceSelectors ?? []).flatMap((s, i) => s.kind === 'Namespace' && s.apiVersion === 'v1' ? [{
      path: `spec.resourceSelectors[${i}]`,
      message: 'a policy selects Namespaces: with Overwrite, deleting one from Karmada would delete the member namespace and everything in it',
      fix: 'leave Namespaces to Karmada (labelled namespace.karmada.io/skip-auto-propagation)',
    }] : [])),
  policyRule('karmada-own-objects', 'a kind-wide selector also claims objects of the Karmada API server itself', (spec, m) =>
    (spec.resourceSelectors ?? []).flatMap((s, i) => {
      if (s.name) return [];
      const ns = m.kind === 'PropagationPolicy' ? (m.metadata.namespace ?? 'default') : s.namespace;
      const own = KARMADA_OWN_OBJECTS.filter(o => o.apiVersion === s.apiVersion && o.kind === s.kind
        && (o.namespace === undefined || ns === undefined || o.namespace === ns));
      return own.length === 0 ? [] : [{
        path: `spec.resourceSelectors[${i}]`,
        message: `the selector claims every ${s.kind} ${ns ? `in ${ns}` : 'in every namespace'}, including the Karmada API server's own ` +
          `${own.map(o => `${o.namespace ? `${o.namespace}/` : ''}${o.name}`).join(', ')}, which Overwrite would push onto the member cluster`,
        fix: 'select the migration\'s objects by name (selectBy: Name on the takeover)',
      }];
    })),
  {
    id: 'migration/namespace-overwrite-annotation',
    description: 'a Namespace template never carries the overwrite annotation',
    check: m => m.apiVersion === 'v1' && m.kind === 'Namespace' && m.metadata.annotations?.['work.karmada.io/conflict-resolution']
      ? [{ path: 'metadata.annotations', message: 'the Namespace carries work.karmada.io/conflict-resolution: Karmada would take the member namespace over', fix: 'remove the annotation' }]
      : [],
  },
  {
    id: 'migration/no-replace',
    description: 'nothing is synced with Replace=true',
    check: m => {
      const options = [m.metadata.annotations?.['argocd.argoproj.io/sync-options'] ?? '',
        ...(((m.spec as { syncPolicy?: { syncOptions?: string[] } } | undefined)?.syncPolicy?.syncOptions) ?? [])].join(',');
      return /(^|,)\s*Replace=true/.test(options) ? [{
        path: 'argocd.argoproj.io/sync-options',
        message: 'Replace=true makes a full PUT without the permanent-id label Karmada sets, which its webhook denies (and a replace can delete)',
        fix: 'remove Replace=true',
      }] : [];
    },
  },
];
