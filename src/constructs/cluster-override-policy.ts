import { Construct } from 'constructs';
import { checkOverridePolicyOptions, OverridePolicyOptions, renderOverrideSpec } from './_override-spec';
import { renderPolicyMetadata } from './_policy-spec';
import * as l1 from '../../imports/policy.karmada.io';

/**
 * Props of a {@link ClusterOverridePolicy}.
 */
export interface ClusterOverridePolicyProps extends OverridePolicyOptions {}

/**
 * A Karmada ClusterOverridePolicy (`policy.karmada.io/v1alpha1`): like an {@link OverridePolicy},
 * for templates of any namespace and for cluster-scoped templates, which only ClusterOverridePolicies
 * change (pkg/util/overridemanager/overridemanager.go: applyNamespacedOverrides skips them). It is
 * applied before every OverridePolicy.
 */
export class ClusterOverridePolicy extends Construct {
  /** the generated L1 object. */
  public readonly apiObject: l1.ClusterOverridePolicy;
  /** `metadata.name`. */
  public readonly name: string;

  public constructor(scope: Construct, id: string, props: ClusterOverridePolicyProps) {
    super(scope, id);
    checkOverridePolicyOptions('ClusterOverridePolicy', props);
    this.name = props.name;
    this.apiObject = new l1.ClusterOverridePolicy(this, 'Resource', {
      metadata: renderPolicyMetadata(props),
      // the CRD's enums are strings; the rendered manifests are checked against the CRD schema.
      spec: renderOverrideSpec(props) as unknown as l1.ClusterOverridePolicySpec,
    });
  }
}
