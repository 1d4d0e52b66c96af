import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { PolicyBase } from './_policy-base';
import { l1Placement, RenderedPolicySpec } from './_policy-spec';
import { ConflictResolution, PolicyOptions, Preemption } from './policy-options';
import * as l1 from '../../imports/policy.karmada.io';

/**
 * Props of a {@link PropagationPolicy}.
 */
export interface PropagationPolicyProps extends PolicyOptions {
  /**
   * `metadata.namespace`. A PropagationPolicy only ever claims templates of its own
   * namespace (the detector lists policies by the template's namespace).
   */
  readonly namespace: string;
}

/**
 * A Karmada PropagationPolicy (`policy.karmada.io/v1alpha1`): claims templates of its
 * own namespace and places them on clusters.
 *
 * Written with the fields Karmada fills in on admission already set (CRD defaults, and
 * the mutating webhook's `resourceSelectors[].namespace`), so the object in Git is the
 * object Karmada stores.
 *
 * @example
 * new PropagationPolicy(chart, 'nginx-pp', {
 *   name: 'nginx-pp',
 *   namespace: 'default',
 *   clusterNames: ['member1'],
 *   conflictResolution: ConflictResolution.OVERWRITE,
 *   resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }],
 * });
 */
export class PropagationPolicy extends PolicyBase {
  /** `metadata.namespace`. */
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: PropagationPolicyProps) {
    super(scope, id, 'PropagationPolicy', props, props.namespace, (s, i, metadata, spec) => new l1.PropagationPolicy(s, i, {
      metadata,
      spec: Lazy.any({ produce: (): l1.PropagationPolicySpec => toL1Spec(spec()) }),
    }));
    this.namespace = props.namespace;
  }
}

const CONFLICT_RESOLUTION: Readonly<Record<ConflictResolution, l1.PropagationPolicySpecConflictResolution>> = {
  [ConflictResolution.ABORT]: l1.PropagationPolicySpecConflictResolution.ABORT,
  [ConflictResolution.OVERWRITE]: l1.PropagationPolicySpecConflictResolution.OVERWRITE,
};

const PREEMPTION: Readonly<Record<Preemption, l1.PropagationPolicySpecPreemption>> = {
  [Preemption.ALWAYS]: l1.PropagationPolicySpecPreemption.ALWAYS,
  [Preemption.NEVER]: l1.PropagationPolicySpecPreemption.NEVER,
};

// the rendered spec in the generated type, so that the compiler holds it to the CRD.
function toL1Spec(spec: RenderedPolicySpec): l1.PropagationPolicySpec {
  return {
    ...spec,
    conflictResolution: CONFLICT_RESOLUTION[spec.conflictResolution],
    preemption: PREEMPTION[spec.preemption],
    placement: l1Placement(spec.placement, l1.PropagationPolicySpecPlacementReplicaSchedulingReplicaSchedulingType.DUPLICATED),
  };
}
