import { Construct } from 'constructs';
import { PolicyBase } from './_policy-base';
import { PolicyOptions } from './policy-options';
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
    super(scope, id, 'PropagationPolicy', props, props.namespace, (s, i, p) => new l1.PropagationPolicy(s, i, p));
    this.namespace = props.namespace;
  }
}
