import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { TemplateObject } from './_template-object';
import { SourceLocation } from '../errors';
import { KubeObject, keyOf, ObjectKey } from '../kube/object';
import { identityProblem } from '../kube/object-names';

/**
 * Props of a {@link ResourceTemplate}.
 */
export interface ResourceTemplateProps {
  /**
   * the object, as it should be stored in Karmada: already cleaned of server fields
   * (see `cleanObject`). It is written out unchanged, with keys sorted, whatever the keys
   * (a label named `constructor` included); changes made later through `apiObject.metadata`
   * do not reach the output.
   */
  readonly object: KubeObject;

  /**
   * where the object was read from, for messages.
   *
   * @default - not from a file
   */
  readonly source?: SourceLocation;

  /**
   * the template is released: it is not written, so GitOps deletes it from Karmada,
   * which lets go of the member object if the claiming policy preserves it (the release
   * step of a rollback).
   *
   * @default false
   */
  readonly released?: boolean;
}

/**
 * A Karmada resource template: an ordinary Kubernetes object applied to the Karmada
 * API server, which a policy then propagates to member clusters.
 *
 * With `conflictResolution: Overwrite` Karmada replaces the live member object with
 * this template (a full PUT), so it must equal the live object to leave pods alone.
 */
export class ResourceTemplate extends Construct {
  /** the object this construct renders into (also `node.defaultChild`); none once released. */
  public readonly apiObject?: ApiObject;
  /** `released`. */
  public readonly released: boolean;
  /** the object's identity: group, kind, namespace, name. */
  public readonly key: ObjectKey;
  /** `apiVersion`, as Karmada's selectors match it (exactly). */
  public readonly apiVersion: string;
  /** where the object was read from. */
  public readonly source?: SourceLocation;

  public constructor(scope: Construct, id: string, props: ResourceTemplateProps) {
    super(scope, id);
    const { apiVersion, kind, metadata } = props.object;
    if (!apiVersion || !kind || !metadata?.name) {
      throw new Error(`ResourceTemplate 'object' needs apiVersion, kind and metadata.name, got ${JSON.stringify({ apiVersion, kind, name: metadata?.name })}`);
    }
    const problem = identityProblem(apiVersion, kind, metadata.name, metadata.namespace);
    if (problem) throw new Error(`ResourceTemplate 'object': ${problem}`);
    this.key = keyOf(props.object);
    this.apiVersion = apiVersion;
    this.source = props.source;
    this.released = props.released ?? false;
    // rendered without cdk8s' token resolution, which chokes on a key named `constructor`.
    if (!this.released) this.apiObject = new TemplateObject(this, 'Resource', props.object);
  }

  /** `kind`. */
  public get kind(): string {
    return this.key.kind;
  }

  /** `metadata.namespace`, undefined for a cluster-scoped object. */
  public get namespace(): string | undefined {
    return this.key.namespace;
  }

  /** `metadata.name`. */
  public get name(): string {
    return this.key.name;
  }
}
