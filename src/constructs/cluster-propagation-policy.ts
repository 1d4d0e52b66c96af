import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { checkPolicyOptions, renderPolicyMetadata, renderPolicySpec, RenderedPolicySpec } from './_policy-spec';
import { PolicyOptions, ResourceSelector } from './policy-options';
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
export class ClusterPropagationPolicy extends Construct {
  /** the generated L1 object this construct renders into (also `node.defaultChild`). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  private readonly _selectors: ResourceSelector[];
  private readonly _options: PolicyOptions;

  public constructor(scope: Construct, id: string, props: ClusterPropagationPolicyProps) {
    super(scope, id);
    checkPolicyOptions('ClusterPropagationPolicy', props);
    this.name = props.name;
    this._selectors = [...props.resourceSelectors];
    this._options = props;
    this.apiObject = new l1.ClusterPropagationPolicy(this, 'Resource', {
      metadata: renderPolicyMetadata(props),
      spec: Lazy.any({ produce: () => this._toKube() }),
    });
  }

  /** the selectors so far (a copy). */
  public get resourceSelectors(): ResourceSelector[] {
    return [...this._selectors];
  }

  /** the value of `spec.preserveResourcesOnDeletion`. */
  public get preserveResourcesOnDeletion(): boolean {
    return this._options.preserveResourcesOnDeletion ?? false;
  }

  /** adds a selector. */
  public addResourceSelector(selector: ResourceSelector): void {
    checkPolicyOptions('ClusterPropagationPolicy', { ...this._options, resourceSelectors: [selector] });
    this._selectors.push(selector);
  }

  /** @internal */
  public _toKube(): RenderedPolicySpec {
    return renderPolicySpec({ ...this._options, resourceSelectors: this._selectors });
  }
}
