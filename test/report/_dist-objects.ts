// the objects of dist/ that the gate's tests (check-scenarios, change-scope) commit: takeover
// policies, Namespaces and the Argo CD and Flux deliveries of migration `member1`.
import { KubeObject } from '../../src/kube/object';

/** what a PropagationPolicy or ClusterPropagationPolicy sets beyond its defaults. */
export type PolicyOpts = {
  /** spec.preserveResourcesOnDeletion: true. */
  preserve?: boolean;
  /** the clusters of the placement (default member1); ignored when `placement` is given. */
  clusters?: readonly string[];
  /** the whole spec.placement, in place of `clusters`. */
  placement?: object;
  /** spec.priority (default 0; PropagationPolicy only). */
  priority?: number;
  /** spec.activationPreference: Lazy (PropagationPolicy only). */
  lazy?: boolean;
  /** the policy's namespace and its selectors' (default `default`; PropagationPolicy only). */
  namespace?: string;
  /** spec.propagateDeps: true. */
  deps?: boolean;
  /** spec.suspension: true (or false, none) for every cluster, or the clusters of dispatchingOnClusters. */
  suspend?: boolean | readonly string[];
};

/** spec.suspension as `suspend` asks, spread into a spec. */
function suspension(suspend: PolicyOpts['suspend']): object {
  if (suspend === true) return { suspension: { dispatching: true } };
  if (Array.isArray(suspend)) return { suspension: { dispatchingOnClusters: { clusterNames: suspend } } };
  return {};
}

/** a PropagationPolicy of Argo CD sync-wave -1 that takes over `selectors` (each given the policy's namespace). */
export function pp(name: string, selectors: readonly object[], o: PolicyOpts = {}): KubeObject {
  const ns = o.namespace ?? 'default';
  return {
    apiVersion: 'policy.karmada.io/v1alpha1', kind: 'PropagationPolicy',
    metadata: { name, namespace: ns, annotations: { 'argocd.argoproj.io/sync-wave': '-1' } },
    spec: {
      conflictResolution: 'Overwrite',
      placement: o.placement ?? { clusterAffinity: { clusterNames: o.clusters ?? ['member1'] } },
      priority: o.priority ?? 0,
      resourceSelectors: selectors.map(s => ({ namespace: ns, ...s })),
      ...(o.preserve ? { preserveResourcesOnDeletion: true } : {}),
      ...(o.lazy ? { activationPreference: 'Lazy' } : {}),
      ...(o.deps ? { propagateDeps: true } : {}),
      ...suspension(o.suspend),
    },
  };
}

/** a ClusterPropagationPolicy that takes over `selectors` as given. */
export function cpp(name: string, selectors: readonly object[], o: PolicyOpts = {}): KubeObject {
  return {
    apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterPropagationPolicy', metadata: { name },
    spec: {
      conflictResolution: 'Overwrite', placement: o.placement ?? { clusterAffinity: { clusterNames: o.clusters ?? ['member1'] } },
      resourceSelectors: selectors,
      ...(o.preserve ? { preserveResourcesOnDeletion: true } : {}),
      ...(o.deps ? { propagateDeps: true } : {}),
      ...suspension(o.suspend),
    },
  };
}

/** which deletion marks a Namespace carries: Argo CD's sync-options, Flux's prune label, both or none. */
export type NamespaceMarks = 'argo' | 'flux' | 'both' | 'none';

/** a Namespace with the marks that keep Argo CD and Flux from deleting it (default both). */
export function namespace(name: string, marks: NamespaceMarks = 'both'): KubeObject {
  const annotations: Record<string, string> = marks === 'argo' || marks === 'both' ? { 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false' } : {};
  const labels: Record<string, string> = marks === 'flux' || marks === 'both' ? { 'kustomize.toolkit.fluxcd.io/prune': 'disabled' } : {};
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations, labels } };
}

/** what the Argo CD Application sets beyond its defaults. */
export type AppOpts = {
  /** source.path (default dist/member1). */
  path?: string;
  /** source.directory.recurse (default true). */
  recurse?: boolean;
  /** source.directory.include (default every .yaml file). */
  include?: string;
  /** source.directory.exclude (default none). */
  exclude?: string;
  /** the resources finalizer, as a list. */
  finalizer?: boolean;
  /** the resources finalizer as a bare string (a list Kubernetes would refuse). */
  finalizerString?: boolean;
  /** destination.name (default karmada). */
  destination?: string;
  /** a Helm source in place of the directory. */
  helm?: boolean;
};

/** the Argo CD Application `karmada-member1` that syncs dist/member1 to the Karmada API server. */
export function argoApp(o: AppOpts = {}): KubeObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'Application',
    metadata: {
      name: 'karmada-member1', namespace: 'argocd',
      ...(o.finalizer ? { finalizers: ['resources-finalizer.argocd.argoproj.io'] } : o.finalizerString ? { finalizers: 'resources-finalizer.argocd.argoproj.io' } : {}),
    },
    spec: {
      project: 'default',
      destination: { name: o.destination ?? 'karmada' },
      source: {
        repoURL: 'https://git.example.com/gitops.git', targetRevision: 'HEAD', path: o.path ?? 'dist/member1',
        ...(o.helm ? { helm: { valueFiles: ['values.yaml'] } } : { directory: { recurse: o.recurse ?? true, include: o.include ?? '{*.yaml,**/*.yaml}', ...(o.exclude ? { exclude: o.exclude } : {}) } }),
      },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['ServerSideApply=true'] },
    },
  };
}

/** what a Flux Kustomization sets beyond its defaults. */
export type FluxOpts = {
  /** spec.path (default ./dist/member1/<part>). */
  path?: string;
  /** spec.prune (default true). */
  prune?: boolean;
  /** spec.deletionPolicy (default Orphan). */
  deletionPolicy?: string;
};

/** the Flux Kustomization `member1-<part>` that applies one folder of dist/member1 (templates, policies, namespaces) to Karmada. */
export function flux(part: string, o: FluxOpts = {}): KubeObject {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: `member1-${part}`, namespace: 'flux-system' },
    spec: {
      interval: '10m', path: o.path ?? `./dist/member1/${part}`, prune: o.prune ?? true, deletionPolicy: o.deletionPolicy ?? 'Orphan',
      sourceRef: { kind: 'GitRepository', name: 'gitops' }, kubeConfig: { secretRef: { name: 'karmada-kubeconfig' } },
    },
  };
}
