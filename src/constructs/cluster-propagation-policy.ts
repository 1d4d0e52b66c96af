import { Construct } from 'constructs';
import { PolicyBase } from './_policy-base';
import { PolicyOptions } from './policy-options';
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
    super(scope, id, 'ClusterPropagationPolicy', props, undefined, (s, i, p) => new l1.ClusterPropagationPolicy(s, i, p));
  }
}
