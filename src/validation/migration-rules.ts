// What a takeover needs beyond what Karmada admits: the rules that keep a migration
// from restarting, moving or deleting live workloads, or from pushing the Karmada API
// server's own objects onto the member cluster (karmada v1.18.2: pkg/detector/, pkg/util/objectwatcher/
// objectwatcher.go, pkg/controllers/execution/execution_controller.go, pkg/controllers/namespace/
// namespace_sync_controller.go; docs/userguide/cicd/working-with-argocd.md).
import { KubeObject } from '../kube/object';
import { resourceSelectorPriority } from '../karmada/claims';
import { formatFieldPath } from '../kube/field-path';
import { isNeverPropagated } from '../karmada/namespaces';
import { isSuspended, rehearsalLeaks } from '../karmada/suspension';
import { isKarmadaPolicy } from './webhook-rules';
import type { ManifestRule, RuleContext, Violation } from './validate-manifests';

type Found = Array<Omit<Violation, 'rule'>>;

interface Selector {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly labelSelector?: unknown;
}

interface ClusterAffinity {
  readonly clusterNames?: readonly string[];
  readonly labelSelector?: unknown;
  readonly fieldSelector?: unknown;
  readonly exclude?: readonly string[];
}

interface Spec {
  readonly resourceSelectors?: readonly Selector[];
  readonly conflictResolution?: string;
  readonly preemption?: string;
  readonly activationPreference?: string;
  readonly placement?: {
    readonly clusterAffinity?: ClusterAffinity;
    readonly clusterAffinities?: readonly unknown[];
    readonly replicaScheduling?: { readonly replicaSchedulingType?: string };
  };
}

/** An object the Karmada API server holds itself, which a selector of the migration could claim. */
export interface OwnObject {
  readonly apiVersion: string;
  readonly kind: string;
  /**
   * the namespace of a namespaced object; `*` for one found in every namespace.
   *
   * @default - cluster-scoped
   */
  readonly namespace?: string;
  /** the name; `*` stands for any characters (`system:*`). */
  readonly name: string;
  /**
   * the labels the object is created with (a labelSelector selector claims it only when they match).
   *
   * @default {}
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * the kube-controller-manager controller that publishes the object, when it is not the API
   * server itself: the object only counts when the Karmada control plane runs that controller.
   *
   * @default - made by kube-apiserver (or Karmada's installer): always there
   */
  readonly controller?: string;
}

const BOOTSTRAP_RBAC = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

/**
 * The controllers Karmada's installers run in the control plane's kube-controller-manager
 * (v1.18.2: charts/karmada/values.yaml kubeControllerManager.controllers, operator/pkg/controlplane/
 * manifests.go, pkg/karmadactl/cmdinit/kubernetes/command.go; the operator's list lacks
 * tokencleaner). Neither root-ca-cert-publisher nor serviceaccount is among them: a Karmada API
 * server has no `kube-root-ca.crt` ConfigMaps and no `default` ServiceAccounts unless its
 * operator enabled them.
 */
export const KARMADA_KUBE_CONTROLLERS: readonly string[] = [
  'namespace', 'garbagecollector', 'serviceaccount-token', 'ttl-after-finished', 'bootstrapsigner', 'tokencleaner', 'csrcleaner', 'csrsigning', 'clusterrole-aggregation',
];

/**
 * Objects the Karmada API server holds itself. A selector that matches them claims them like
 * any template, and with Overwrite Karmada pushes them onto the member cluster: its `kubernetes`
 * Service and endpoints would replace the member's own, its bootstrap RBAC roles and priority
 * classes the member's. `default` is propagated (only `kube-*`, `karmada-system`,
 * `karmada-cluster` and `karmada-es-*` are not); resource detector: pkg/detector/detector.go EventFilter.
 */
export const KARMADA_OWN_OBJECTS: readonly OwnObject[] = [
  // kube-apiserver's own Service and its endpoints (the endpoint reconciler).
  { apiVersion: 'v1', kind: 'Service', namespace: 'default', name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
  { apiVersion: 'v1', kind: 'Endpoints', namespace: 'default', name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
  { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespace: 'default', name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
  // published into every namespace by controllers Karmada does not run by default (KARMADA_KUBE_CONTROLLERS).
  { apiVersion: 'v1', kind: 'ConfigMap', namespace: '*', name: 'kube-root-ca.crt', controller: 'root-ca-cert-publisher' },
  { apiVersion: 'v1', kind: 'ServiceAccount', namespace: '*', name: 'default', controller: 'serviceaccount' },
  // kube-apiserver's bootstrap policy (rbac/bootstrap-roles) and priority classes.
  ...['cluster-admin', 'admin', 'edit', 'view', 'system:*'].map(name => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name, labels: BOOTSTRAP_RBAC })),
  ...['cluster-admin', 'system:*'].map(name => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', name, labels: BOOTSTRAP_RBAC })),
  ...['system-cluster-critical', 'system-node-critical'].map(name => ({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', name })),
  // API priority and fairness defaults, the aggregator's APIServices, Karmada's own CRDs and webhooks.
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'FlowSchema', name: '*' },
  { apiVersion: 'flowcontrol.apiserver.k8s.io/v1', kind: 'PriorityLevelConfiguration', name: '*' },
  { apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', name: '*' },
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: '*.karmada.io' },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', name: '*' },
  { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', name: '*' },
];

function namePattern(name: string): RegExp {
  return new RegExp(`^${name.split('*').map(p => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * The objects of {@link KARMADA_OWN_OBJECTS} a resource selector of a policy claims, as the
 * resource detector matches it (`util.ResourceSelectorPriority`): for a PropagationPolicy,
 * in its namespace only (its webhook fills an empty selector namespace); for a
 * ClusterPropagationPolicy, in the selector's namespace, or everywhere without one.
 *
 * @param controllers the controllers the Karmada kube-controller-manager runs (`*`: all of
 * kube-controller-manager's defaults); objects published by others do not exist
 */
export function ownObjectsClaimedBy(policy: KubeObject, selector: Selector, controllers: readonly string[] = KARMADA_KUBE_CONTROLLERS): OwnObject[] {
  const namespaced = policy.kind === 'PropagationPolicy';
  const policyNs = policy.metadata.namespace ?? 'default';
  const selectorNs = selector.namespace || (namespaced ? policyNs : '');
  const runs = (c: string): boolean => controllers.includes(c) || (controllers.includes('*') && !controllers.includes(`-${c}`));
  return KARMADA_OWN_OBJECTS.filter(o => {
    if (o.apiVersion !== selector.apiVersion || o.kind !== selector.kind) return false;
    if (o.controller && !runs(o.controller)) return false;
    // a PropagationPolicy never claims cluster-scoped objects.
    if (o.namespace === undefined && namespaced) return false;
    let ns = o.namespace === '*' ? (selectorNs || 'default') : o.namespace;
    if (ns !== undefined && isNeverPropagated(ns)) return false;
    if (selector.name && !namePattern(o.name).test(selector.name)) return false;
    const name = selector.name || o.name.replace(/\*/g, 'x');
    if (o.namespace === undefined) ns = undefined;
    const template = { apiVersion: o.apiVersion, kind: o.kind, metadata: { name, ...(ns ? { namespace: ns } : {}), labels: { ...o.labels } } };
    return resourceSelectorPriority(template, { ...selector, namespace: selectorNs }) > 0;
  });
}

function describeOwn(o: OwnObject, selectorNs: string): string {
  const where = o.namespace === '*' ? (selectorNs ? `${selectorNs}/` : '') : o.namespace ? `${o.namespace}/` : '';
  const every = o.namespace === '*' && !selectorNs ? ' in every namespace' : '';
  return `${where}${o.name}${every}${o.controller ? ` (published by its kube-controller-manager's ${o.controller} controller)` : ''}`;
}

function policyRule(id: string, description: string, check: (spec: Spec, m: KubeObject, ctx: RuleContext) => Found): ManifestRule {
  return { id: `migration/${id}`, description, check: (m, ctx) => (isKarmadaPolicy(m) ? check((m.spec ?? {}) as Spec, m, ctx) : []) };
}

// argo cd splits the option lists on commas and trims each (common.SyncOptions).
function hasReplace(options: readonly unknown[]): boolean {
  return options.some(o => typeof o === 'string' && o.split(',').some(x => x.trim() === 'Replace=true'));
}

const SYNC_OPTIONS_ANNOTATION = 'argocd.argoproj.io/sync-options';
const CONFLICT_RESOLUTION_ANNOTATION = 'work.karmada.io/conflict-resolution';

/** the migration rules, as data. */
export const MIGRATION_RULES: readonly ManifestRule[] = [
  policyRule('overwrite', 'a takeover policy has conflictResolution: Overwrite', spec =>
    spec.conflictResolution === 'Overwrite' ? [] : [{
      path: 'spec.conflictResolution',
      message: `conflictResolution is ${spec.conflictResolution ?? 'unset (Abort)'}: Karmada will not take the existing member objects over (the Works fail with "strategy value is empty")`,
      fix: 'set conflictResolution: Overwrite',
    }]),

  policyRule('placement-source-cluster', 'a takeover places on its source clusters, by name, and only there (several: Duplicated)', (spec, m, context) => {
    // the clusters of the policy's own migration when known: another migration's cluster is no source of this one.
    const clusters = context.clustersOf?.(m) ?? context.sourceClusters;
    const a = spec.placement?.clusterAffinity;
    const names = a?.clusterNames ?? [];
    const some = (v: unknown): boolean => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
    if (some(spec.placement?.clusterAffinities) || !a || names.length === 0 || some(a.labelSelector) || some(a.fieldSelector) || some(a.exclude)) {
      return [{
        path: 'spec.placement',
        message: `the placement does not name its clusters and nothing else (clusterNames: ${names.length ? names.join(', ') : 'none'}): ` +
          'a takeover must place each object back where it runs, and only there',
        fix: 'set placement.clusterAffinity.clusterNames: [<source cluster>, ...] and nothing else',
      }];
    }
    const unknown = names.filter(n => clusters.length > 0 && !clusters.includes(n));
    if (unknown.length > 0) {
      return [{
        path: 'spec.placement.clusterAffinity.clusterNames',
        message: `cluster ${unknown.join(', ')} is not a source cluster of the migration (${clusters.join(', ')})`, fix: 'name the source cluster',
      }];
    }
    // pkg/apis/policy/v1alpha1/propagation_helper.go: an absent replicaScheduling is Duplicated; any other (`{}` is Divided by the CRD default) splits replicas.
    const scheduling = spec.placement?.replicaScheduling;
    return names.length > 1 && scheduling !== undefined && scheduling?.replicaSchedulingType !== 'Duplicated'
      ? [{
        path: 'spec.placement.replicaScheduling',
        message: `replicaScheduling ${JSON.stringify(scheduling)} on ${names.length} clusters divides the replicas: each member would scale to its share`,
        fix: 'set replicaScheduling: {replicaSchedulingType: Duplicated} (each cluster keeps its own count through its override)',
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

  // a suspended policy is a rehearsal only if nothing it claims is dispatched meanwhile, and if lifting it takes effect
  // (karmada pkg/dependenciesdistributor/dependencies_distributor.go buildAttachedBinding copies no suspension;
  // pkg/detector/policy.go ApplyPolicy under Lazy).
  policyRule('suspended-rehearsal', 'a policy that suspends dispatching neither propagates dependencies nor activates lazily', (_spec, m) =>
    isSuspended(m) ? rehearsalLeaks(m) : []),

  policyRule('no-namespace-takeover', 'Namespaces are never taken over', spec =>
    (spec.resourceSelectors ?? []).flatMap((s, i) => s.kind === 'Namespace' && s.apiVersion === 'v1' ? [{
      path: `spec.resourceSelectors[${i}]`,
      message: 'a policy selects Namespaces: with Overwrite, deleting one from Karmada would delete the member namespace and everything in it',
      fix: 'leave Namespaces to Karmada (labelled namespace.karmada.io/skip-auto-propagation)',
    }] : [])),

  policyRule('karmada-own-objects', 'no selector claims objects of the Karmada API server itself', (spec, m, ctx) =>
    (spec.resourceSelectors ?? []).flatMap((s, i) => {
      const own = ownObjectsClaimedBy(m, s, ctx.karmadaControllers);
      if (own.length === 0) return [];
      const selectorNs = s.namespace || (m.kind === 'PropagationPolicy' ? (m.metadata.namespace ?? 'default') : '');
      const scope = selectorNs ? ` in ${selectorNs}` : own.every(o => o.namespace === undefined) ? '' : ' in every namespace';
      const form = s.name ? `the name selector ${s.name}` : s.labelSelector !== undefined && s.labelSelector !== null ? 'a labelSelector selector' : 'a kind-only selector';
      return [{
        path: `spec.resourceSelectors[${i}]`,
        message: `${form} of ${s.kind}${scope} also claims the Karmada API server's own ` +
          `${own.map(o => describeOwn(o, selectorNs)).join(', ')}, which Overwrite would push onto the member cluster`,
        fix: s.name ? 'do not select the Karmada API server\'s own objects' : 'select the migration\'s objects by name (selectBy: Name on the takeover)',
      }];
    })),

  {
    id: 'migration/namespace-overwrite-annotation',
    description: 'a Namespace template never carries work.karmada.io/conflict-resolution: overwrite',
    // pkg/controllers/binding/common.go mergeConflictResolution and the namespace sync
    // controller's Works take the annotation from the object; only `overwrite` takes over.
    check: m => m.apiVersion === 'v1' && m.kind === 'Namespace' && m.metadata.annotations?.[CONFLICT_RESOLUTION_ANNOTATION] === 'overwrite'
      ? [{
        path: formatFieldPath(['metadata', 'annotations', CONFLICT_RESOLUTION_ANNOTATION]),
        message: 'the Namespace carries work.karmada.io/conflict-resolution: overwrite: Karmada would take the member namespace over, and deleting it from Karmada would delete the namespace and everything in it',
        fix: 'remove the annotation',
      }]
      : [],
  },

  {
    id: 'migration/no-replace',
    description: 'nothing is synced with Argo CD\'s Replace=true',
    check: m => {
      const found: Found = [];
      const annotation = m.metadata.annotations?.[SYNC_OPTIONS_ANNOTATION];
      // Argo CD docs/user-guide/sync-options.md; karmada pkg/webhook/propagationpolicy/validating.go (permanent-id)
      // and pkg/controllers/execution/execution_controller.go (deleting a template).
      const message = 'Replace=true makes Argo CD replace the object with a full PUT (kubectl replace): a policy loses the permanent-id label Karmada set, ' +
        'which its webhook denies; with Force=true it deletes and re-creates, and deleting a template deletes the live object in the member cluster';
      if (hasReplace([annotation])) {
        found.push({ path: formatFieldPath(['metadata', 'annotations', SYNC_OPTIONS_ANNOTATION]), message, fix: 'remove Replace=true' });
      }
      // an Application's sync options, or those of the Applications an ApplicationSet makes.
      const appSpec = m.apiVersion !== 'argoproj.io/v1alpha1' ? undefined
        : m.kind === 'Application' ? { spec: m.spec, at: 'spec' }
          : m.kind === 'ApplicationSet' ? { spec: (m.spec as { template?: { spec?: unknown } } | undefined)?.template?.spec, at: 'spec.template.spec' }
            : undefined;
      const options = (appSpec?.spec as { syncPolicy?: { syncOptions?: unknown } } | undefined)?.syncPolicy?.syncOptions;
      (Array.isArray(options) ? options : []).forEach((o, i) => {
        if (hasReplace([o])) found.push({ path: `${appSpec!.at}.syncPolicy.syncOptions[${i}]`, message, fix: 'remove Replace=true' });
      });
      return found;
    },
  },
];
