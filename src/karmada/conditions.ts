// karmada v1.18.2: the status conditions Karmada sets on its own objects, as metav1.Condition
// (type, status, reason, message). Sources: pkg/apis/work/v1alpha1/work_types.go (a Work's
// Applied and Dispatching, set by pkg/controllers/execution/execution_controller.go and
// pkg/controllers/status/work_status_controller.go), pkg/apis/work/v1alpha2/binding_types.go
// (a binding's Scheduled, set by pkg/scheduler/helper.go getConditionByError, and FullyApplied,
// set by pkg/util/helper/workstatus.go generateFullyAppliedCondition).
import { child, isJsonObject, JsonObject, objectItems, str } from '../kube/json';

/** One status condition, as Karmada writes it. */
export interface KarmadaCondition {
  /** `Applied`, `Dispatching`, `Scheduled`, `FullyApplied`. */
  readonly type: string;
  /** `True`, `False` or `Unknown`. */
  readonly status: string;
  /** the machine-readable reason (`AppliedFailed`, `SuspendDispatching`, ...). @default '' */
  readonly reason: string;
  /** the message, as Karmada wrote it. @default '' */
  readonly message: string;
}

/** The condition types and reasons of Karmada v1.18.2 that the verifications read. */
export const KARMADA_CONDITIONS = {
  /** Work: the execution controller applied the manifests to the member cluster (`workv1alpha1.WorkApplied`). */
  applied: 'Applied',
  /** Work: dispatching state (`workv1alpha1.WorkDispatching`, Karmada v1.11 on). */
  dispatching: 'Dispatching',
  /** Work, Dispatching=False: the binding's policy suspends dispatching (`execution_controller.go`: `WorkSuspendDispatchingConditionReason`). */
  suspendDispatchingReason: 'SuspendDispatching',
  /** Work, Applied=True after the work-status controller re-created a deleted member object (`work_status_controller.go`: `recreateResourceIfNeeded`). */
  reCreateSuccessfulReason: 'ReCreateSuccessful',
  /** binding: the scheduler's verdict (`workv1alpha2.Scheduled`). */
  scheduled: 'Scheduled',
  /** binding: every Work applied (`workv1alpha2.FullyApplied`). */
  fullyApplied: 'FullyApplied',
} as const;

/**
 * reads `status.conditions` of an object; items without a type are skipped.
 *
 * @param object a Work or a binding as exported (`kubectl get -o json`)
 */
export function conditionsOf(object: unknown): KarmadaCondition[] {
  if (!isJsonObject(object)) return [];
  const status: JsonObject | undefined = child(object, 'status');
  return objectItems(status, 'conditions').filter(c => str(c, 'type') !== '').map(c => ({
    type: str(c, 'type'), status: str(c, 'status'), reason: str(c, 'reason'), message: str(c, 'message'),
  }));
}

/** the condition of a type, or `undefined`. */
export function findCondition(conditions: readonly KarmadaCondition[], type: string): KarmadaCondition | undefined {
  return conditions.find(c => c.type === type);
}

/** renders a condition as `Applied=False (AppliedFailed): "the message"`. */
export function formatCondition(c: KarmadaCondition): string {
  return `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: "${c.message}"` : ''}`;
}
