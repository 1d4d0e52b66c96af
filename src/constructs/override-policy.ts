import { Construct } from 'constructs';
import { checkOverridePolicyOptions, OverridePolicyOptions, renderOverrideSpec } from './_override-spec';
import { renderPolicyMetadata } from './_policy-spec';
import * as l1 from '../../imports/policy.karmada.io';

/**
 * Props of an {@link OverridePolicy}.
 */
export interface OverridePolicyProps extends OverridePolicyOptions {
  /** `metadata.namespace`: an OverridePolicy only changes templates of its own namespace. */
  readonly namespace: string;
}

/**
 * A Karmada OverridePolicy (`policy.karmada.io/v1alpha1`): changes what Karmada writes to each
 * member cluster for the templates of its namespace it selects (the template stays as it is). Karmada
 * applies the ClusterOverridePolicies first, then the OverridePolicies, each sorted by selector
 * specificity (none or kind-only, labelSelector, name) then name (pkg/util/overridemanager/overridemanager.go).
 *
 * @example
 * new OverridePolicy(chart, 'web', {
 *   name: 'web', namespace: 'shop',
 *   resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }],
 *   overrideRules: [{ targetCluster: { clusterNames: ['member2'] }, overriders: { plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 5 }] } }],
 * });
 */
export class OverridePolicy extends Construct {
  /** the generated L1 object. */
  public readonly apiObject: l1.OverridePolicy;
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`. */
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: OverridePolicyProps) {
    super(scope, id);
    checkOverridePolicyOptions('OverridePolicy', props, props.namespace);
    this.name = props.name;
    this.namespace = props.namespace;
    this.apiObject = new l1.OverridePolicy(this, 'Resource', {
      metadata: renderPolicyMetadata(props, props.namespace),
      // the CRD's enums are strings; the rendered manifests are checked against the CRD schema.
      spec: renderOverrideSpec(props, props.namespace) as unknown as l1.OverridePolicySpec,
    });
  }
}
