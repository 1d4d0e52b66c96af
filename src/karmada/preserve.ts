// karmada v1.18.2: whether deleting a resource template keeps its member objects.
// pkg/apis/policy/v1alpha1/propagation_types.go (PreserveResourcesOnDeletion,
// ActivationPreference), pkg/detector/policy.go (ApplyPolicy returns before updating the
// binding for a Lazy policy when the change came from Karmada itself),
// pkg/controllers/execution/execution_controller.go (handleWorkDelete keeps the member object
// only when the Work carries spec.preserveResourcesOnDeletion).
import { child, isJsonObject, str } from '../kube/json';

/** Whether a policy keeps member objects when its templates are deleted, and if not, why. */
export interface PreserveState {
  /** true when the flag is set and reaches the bindings as soon as the policy is applied. */
  readonly armed: boolean;
  /**
   * Why it is not armed, in words for a reviewer.
   *
   * @default - it is armed
   */
  readonly reason?: string;
}

/**
 * Tells whether a PropagationPolicy or ClusterPropagationPolicy is armed for a rollback:
 * `spec.preserveResourcesOnDeletion: true` without `spec.activationPreference: Lazy`.
 *
 * The flag travels policy → ResourceBinding → Work, and only a Work that carries it keeps
 * the member object when it is deleted. Under `Lazy`, a policy change is not pushed to the
 * existing bindings (`ApplyPolicy` returns before the binding update when the template did
 * not change), so a flag set under Lazy may never have reached them.
 */
export function preserveState(policy: unknown): PreserveState {
  const spec = isJsonObject(policy) ? child(policy, 'spec') : undefined;
  if (spec?.preserveResourcesOnDeletion !== true) {
    return { armed: false, reason: 'it does not have preserveResourcesOnDeletion: true' };
  }
  if (str(spec, 'activationPreference') === 'Lazy') {
    return {
      armed: false,
      reason: 'it has activationPreference: Lazy, which keeps a policy change (the preserve flag too) from reaching the existing bindings until each template is edited',
    };
  }
  return { armed: true };
}
