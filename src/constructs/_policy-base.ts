import { ApiObject, ApiObjectMetadata } from 'cdk8s';
import { Construct } from 'constructs';
import { checkPolicyOptions, renderPolicyMetadata, renderPolicySpec, RenderedPolicySpec } from './_policy-spec';
import { PolicyOptions, ResourceSelector } from './policy-options';

/**
 * makes the generated L1 object of a policy kind; `spec` renders the spec when the app is
 * synthesized (selectors may be added until then).
 */
export type PolicyL1Factory = (scope: Construct, id: string, metadata: ApiObjectMetadata, spec: () => RenderedPolicySpec) => ApiObject;

/**
 * What PropagationPolicy and ClusterPropagationPolicy share: one generated L1 child
 * `'Resource'` whose spec is rendered lazily, so selectors added later reach it.
 */
export abstract class PolicyBase extends Construct {
  /** the generated L1 object this construct renders into (also `node.defaultChild`). */
  public readonly apiObject: ApiObject;
  /** `metadata.name`. */
  public readonly name: string;
  private readonly _selectors: ResourceSelector[];

  protected constructor(scope: Construct, id: string, private readonly _what: string, private readonly _options: PolicyOptions,
    private readonly _namespace: string | undefined, makeL1: PolicyL1Factory) {
    super(scope, id);
    checkPolicyOptions(_what, _options, _namespace);
    this.name = _options.name;
    this._selectors = [..._options.resourceSelectors];
    this.apiObject = makeL1(this, 'Resource', renderPolicyMetadata(_options, _namespace), () => this._toKube());
  }

  /** the selectors so far (a copy). */
  public get resourceSelectors(): ResourceSelector[] {
    return [...this._selectors];
  }

  /** the value of `spec.preserveResourcesOnDeletion`. */
  public get preserveResourcesOnDeletion(): boolean {
    return this._options.preserveResourcesOnDeletion ?? false;
  }

  /** whether it renders `spec.suspension.dispatching: true`. */
  public get suspendDispatching(): boolean {
    return this._options.suspendDispatching ?? false;
  }

  /** adds a selector (for a PropagationPolicy, in its namespace or without one). */
  public addResourceSelector(selector: ResourceSelector): void {
    checkPolicyOptions(this._what, { ...this._options, resourceSelectors: [selector] }, this._namespace);
    this._selectors.push(selector);
  }

  /** @internal */
  public _toKube(): RenderedPolicySpec {
    return renderPolicySpec({ ...this._options, resourceSelectors: this._selectors }, this._namespace);
  }
}
