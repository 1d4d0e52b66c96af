import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { PolicyBase } from './_policy-base';
import { l1Placement, RenderedPolicySpec } from './_policy-spec';
import { ConflictResolution, PolicyOptions, Preemption } from './policy-options';
import * as l1 from '../../imports/policy.karmada.io';

/**
 * Props of a {@link ClusterPropagationPolicy}.
 */
export interface ClusterPropagationPolicyProps extends PolicyOptions {}

/**
 * A Karmada ClusterPropagationPolicy (`policy.karmada.io/v1alpha1`): claims
 * cluster-scoped templates and templates of any namespace Karmada propagates.
 *
 * Any PropagationPolicy that matches a template beats every ClusterPropagationPolicy
 * (`pkg/detector/policy.go: propagateResource`), whatever the priorities.
 */
export class ClusterPropagationPolicy extends PolicyBase {
  public constructor(scope: Construct, id: string, props: ClusterPropagationPolicyProps) {
    super(scope, id, 'ClusterPropagationPolicy', props, undefined, (s, i, metadata, spec) => new l1.ClusterPropagationPolicy(s, i, {
      metadata,
      spec: Lazy.any({ produce: (): l1.ClusterPropagationPolicySpec => toL1Spec(spec()) }),
    }));
  }
}

const CONFLICT_RESOLUTION: Readonly<Record<ConflictResolution, l1.ClusterPropagationPolicySpecConflictResolution>> = {
  [ConflictResolution.ABORT]: l1.ClusterPropagationPolicySpecConflictResolution.ABORT,
  [ConflictResolution.OVERWRITE]: l1.ClusterPropagationPolicySpecConflictResolution.OVERWRITE,
};

const PREEMPTION: Readonly<Record<Preemption, l1.ClusterPropagationPolicySpecPreemption>> = {
  [Preemption.ALWAYS]: l1.ClusterPropagationPolicySpecPreemption.ALWAYS,
  [Preemption.NEVER]: l1.ClusterPropagationPolicySpecPreemption.NEVER,
};

// the rendered spec in the generated type, so that the compiler holds it to the CRD.
function toL1Spec(spec: RenderedPolicySpec): l1.ClusterPropagationPolicySpec {
  return {
    ...spec,
    conflictResolution: CONFLICT_RESOLUTION[spec.conflictResolution],
    preemption: PREEMPTION[spec.preemption],
    placement: l1Placement(spec.placement, l1.ClusterPropagationPolicySpecPlacementReplicaSchedulingReplicaSchedulingType.DUPLICATED),
  };
}
