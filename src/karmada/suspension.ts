// karmada v1.18.2: a policy's `spec.suspension` (pkg/apis/policy/v1alpha1/propagation_types.go,
// struct Suspension, since v1.11). The detector copies it into the binding
// (pkg/detector/detector.go BuildResourceBinding; util.MergePolicySuspension in
// pkg/util/binding.go on later policy changes), the binding controller into each Work's
// spec.suspendDispatching (pkg/controllers/binding/common.go ensureWork,
// shouldSuspendDispatching), and the execution controller applies nothing for a suspended Work
// (pkg/controllers/execution/execution_controller.go Reconcile) - except on deletion, which it
// handles first (handleWorkDelete). Bindings the dependencies distributor attaches
// (pkg/dependenciesdistributor/dependencies_distributor.go buildAttachedBinding) copy no
// suspension: propagateDeps dispatches a suspended policy's dependencies at once.
import { child, isJsonObject, items } from '../kube/json';
import { SERVICE_IMPORT_API_VERSION } from './admission';

/** Which clusters a policy suspends dispatching to. */
export interface SuspensionState {
  /** `spec.suspension.dispatching: true`: every cluster. */
  readonly all: boolean;
  /** `spec.suspension.dispatchingOnClusters.clusterNames`, sorted (empty with `all`). */
  readonly clusters: readonly string[];
}

/**
 * The suspension of a PropagationPolicy or ClusterPropagationPolicy (or of a binding, whose
 * `spec.suspension` inlines the policy's). `dispatching: false`, `suspension: {}` and
 * `suspension: null` all mean "not suspended".
 */
export function suspensionOf(policy: unknown): SuspensionState {
  const spec = isJsonObject(policy) ? child(policy, 'spec') : undefined;
  const suspension = child(spec, 'suspension');
  if (suspension?.dispatching === true) return { all: true, clusters: [] };
  const names = items(child(suspension, 'dispatchingOnClusters'), 'clusterNames').filter((n): n is string => typeof n === 'string' && n !== '');
  return { all: false, clusters: [...new Set(names)].sort() };
}

/** true when the policy suspends dispatching to some cluster. */
export function isSuspended(policy: unknown): boolean {
  const s = suspensionOf(policy);
  return s.all || s.clusters.length > 0;
}

/**
 * What lifting a suspension resumes, from `before` to `after`: `'all'` when every cluster was
 * suspended and no longer is, else the clusters suspended before and not after (empty: nothing
 * resumes).
 */
export function resumedClusters(before: SuspensionState, after: SuspensionState): 'all' | string[] {
  if (after.all) return [];
  if (before.all) return 'all';
  return before.clusters.filter(c => !after.clusters.includes(c));
}

/**
 * Why a suspended policy is no rehearsal, or an empty list: `propagateDeps` (asked for, or set
 * by the mutating webhook for a ServiceImport selector, pkg/util/helper/policy.go
 * ContainsServiceImport) dispatches the dependencies at once, and under
 * `activationPreference: Lazy` lifting the suspension never reaches the bindings
 * (pkg/detector/policy.go ApplyPolicy returns before the binding update).
 *
 * @returns the field at fault, what it does, and the fix, for each
 */
export function rehearsalLeaks(policy: unknown): Array<{ readonly path: string; readonly message: string; readonly fix: string }> {
  const spec = isJsonObject(policy) ? child(policy, 'spec') : undefined;
  const out: Array<{ path: string; message: string; fix: string }> = [];
  const deps = 'the bindings Karmada attaches for the dependencies of its workloads (ConfigMaps, Secrets, ServiceAccounts, PersistentVolumeClaims) ' +
    'do not inherit the suspension and are dispatched at once: with Overwrite they are written onto the member cluster during the rehearsal';
  if (spec?.propagateDeps === true || spec?.association === true) {
    out.push({
      path: spec.propagateDeps === true ? 'spec.propagateDeps' : 'spec.association',
      message: `the policy suspends dispatching but has ${spec.propagateDeps === true ? 'propagateDeps' : 'association'}: true: ${deps}`,
      fix: 'remove propagateDeps and select the dependencies by name in the suspended policy (AppTakeover includeDependencies does this)',
    });
  } else {
    items(spec, 'resourceSelectors').forEach((s, i) => {
      if (isJsonObject(s) && s.kind === 'ServiceImport' && s.apiVersion === SERVICE_IMPORT_API_VERSION) {
        out.push({
          path: `spec.resourceSelectors[${i}]`,
          message: `the policy suspends dispatching and selects a ${SERVICE_IMPORT_API_VERSION} ServiceImport, for which Karmada's webhook sets propagateDeps: true: ${deps}`,
          fix: 'take the ServiceImport over after the rehearsal, in a policy of its own',
        });
      }
    });
  }
  if (spec?.activationPreference === 'Lazy') {
    out.push({
      path: 'spec.activationPreference',
      message: 'the policy suspends dispatching under activationPreference: Lazy: lifting the suspension would reach a binding only when its template is edited, so the takeover would never happen',
      fix: 'remove activationPreference',
    });
  }
  return out;
}
