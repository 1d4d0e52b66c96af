import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { checkPolicyOptions, renderPolicyMetadata, renderPolicySpec, RenderedPolicySpec } from './_policy-spec';
import { PolicyOptions, ResourceSelector } from './policy-options';
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
 * Written with the fields Karmada fills in on admission already set, so the object in
 * Git is the object Karmada stores.
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
export class PropagationPolicy extends Construct {
  /** the generated L1 object this construct renders into (also `node.defaultChild`). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  /** `metadata.namespace`. */
  public readonly namespace: string;
  private readonly _selectors: ResourceSelector[];
  private readonly _options: PolicyOptions;

  public constructor(scope: Construct, id: string, props: PropagationPolicyProps) {
    super(scope, id);
    checkPolicyOptions('PropagationPolicy', props, props.namespace);
    this.name = props.name;
    this.namespace = props.namespace;
    this._selectors = [...props.resourceSelectors];
    this._options = props;
    this.apiObject = new l1.PropagationPolicy(this, 'Resource', {
      metadata: renderPolicyMetadata(props, props.namespace),
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

  /** adds a selector; it must be in the policy's namespace (or leave `namespace` out). */
  public addResourceSelector(selector: ResourceSelector): void {
    checkPolicyOptions('PropagationPolicy', { ...this._options, resourceSelectors: [selector] }, this.namespace);
    this._selectors.push(selector);
  }

  /** @internal */
  public _toKube(): RenderedPolicySpec {
    return renderPolicySpec({ ...this._options, resourceSelectors: this._selectors }, this.namespace);
  }
}
