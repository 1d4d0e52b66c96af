import { Construct } from 'constructs';
import { ClusterPropagationPolicy } from './cluster-propagation-policy';
import { Migration } from './migration';
import { ConflictResolution } from './policy-options';
import { PropagationPolicy } from './propagation-policy';
import { ResourceTemplate } from './resource-template';
import { TakeoverOptions } from './takeover-options';
import { formatKey, groupOf, keyOf, KubeObject } from '../kube/object';

/** How a per-kind takeover scopes its policies. */
export enum TakeoverScope {
  /**
   * one PropagationPolicy per namespace that holds objects of the kind: a
   * PropagationPolicy only ever claims templates of its own namespace.
   */
  NAMESPACE = 'Namespace',
  /**
   * one ClusterPropagationPolicy for the kind in every namespace (and for
   * cluster-scoped kinds, which only a ClusterPropagationPolicy can claim).
   */
  CLUSTER = 'Cluster',
}

/** How a per-kind takeover's policies select the objects. */
export enum KindSelection {
  /**
   * one kind-only selector (`{apiVersion, kind}`), the form of Karmada's document. It
   * claims every object of the kind in scope, including objects created later and objects
   * the Karmada API server holds itself (its `kubernetes` Service in `default`, for one),
   * which Karmada would then push onto the member cluster with Overwrite.
   */
  KIND = 'Kind',
  /** one name selector per object of the migration: only the migration's templates are claimed. */
  NAME = 'Name',
}

/**
 * Props of a {@link KindTakeover}.
 */
export interface KindTakeoverProps extends TakeoverOptions {
  /** the apiVersion of the kind (`apps/v1`); the policies name the version Karmada watches the group in (`autoscaling/v2` for any `autoscaling/*`). */
  readonly apiVersion: string;

  /** the kind (`Deployment`). */
  readonly kind: string;

  /**
   * one policy per namespace, or one for the whole cluster.
   *
   * @default TakeoverScope.NAMESPACE
   */
  readonly scope?: TakeoverScope;

  /**
   * select the kind as a whole, or each object by name.
   *
   * @default KindSelection.KIND
   */
  readonly selectBy?: KindSelection;
}

/**
 * Takes over every object of one kind in the migration (the document's "migrate all
 * Deployments"): each becomes a resource template, and policies with
 * `conflictResolution: Overwrite` place them back on the source cluster.
 */
export class KindTakeover extends Construct {
  /** the policies made, in namespace order. */
  public readonly policies: Array<PropagationPolicy | ClusterPropagationPolicy> = [];
  /** the templates selected, in key order. */
  public readonly templates: ResourceTemplate[] = [];
  /** the policies' name. */
  public readonly name: string;
  private readonly problems: string[] = [];

  public constructor(scope: Construct, id: string, props: KindTakeoverProps) {
    super(scope, id);
    const migration = Migration.of(this);
    const otherKind = (props.retain ?? []).find(r => r.apiVersion !== props.apiVersion || r.kind !== props.kind);
    if (otherKind) {
      throw new Error(`KindTakeover 'retain' names ${otherKind.apiVersion} ${otherKind.kind}, but the takeover selects ${props.apiVersion} ${props.kind}: ` +
        'retain the fields in the takeover of that kind, or in the migration\'s retain');
    }
    migration.retainFields(props.retain ?? [], this);
    this.name = props.name ?? id;
    const takeoverScope = props.scope ?? TakeoverScope.NAMESPACE;
    const byName = props.selectBy === KindSelection.NAME;
    // the detector sees every object of the group in its preferred version, whatever version it was written in.
    const apiVersion = migration.watchedApiVersion(props.apiVersion);
    const nameSelector = (o: KubeObject) => ({
      apiVersion, kind: props.kind, name: o.metadata.name, namespace: o.metadata.namespace,
    });
    const kindName = `${props.kind}${groupOf(props.apiVersion) ? `.${groupOf(props.apiVersion)}` : ''}`;
    const common = {
      name: this.name,
      clusterNames: [migration.sourceCluster],
      conflictResolution: ConflictResolution.OVERWRITE,
      preserveResourcesOnDeletion: props.preserveResourcesOnDeletion ?? migration.rollback,
      priority: props.priority,
      suspendDispatching: migration.suspendDispatching,
    };
    this.node.addValidation({ validate: () => [...this.problems] });

    const objects = migration.objectsOfKind(groupOf(props.apiVersion), props.kind);
    const selected = objects;
    if (objects.length === 0) {
      this.problems.push(`takeover '${this.name}' selects nothing: the migration has no ${kindName} object` +
        `${migration.leftOutNote(props.kind) || migration.lookupHint(props.apiVersion, props.kind)}`);
      return;
    }

    if (takeoverScope === TakeoverScope.CLUSTER) {
      migration.reservePolicyName(undefined, this.name, this);
      this.policies.push(new ClusterPropagationPolicy(this, 'Cluster', {
        ...common,
        resourceSelectors: byName
          ? selected.map(o => nameSelector(o.object))
          : [{ apiVersion, kind: props.kind }],
      }));
      for (const o of selected) this.templates.push(migration.selectObject(keyOf(o.object)));
      return;
    }

    const clusterScoped = selected.filter(o => !o.object.metadata.namespace);
    if (clusterScoped.length > 0) {
      this.problems.push(`${kindName} is cluster-scoped (${formatKey(keyOf(clusterScoped[0].object))}): a PropagationPolicy can never claim it; ` +
        `set the takeover's scope to ${TakeoverScope.CLUSTER}`);
      return;
    }
    const namespaces = [...new Set(selected.map(o => o.object.metadata.namespace as string))].sort();
    for (const ns of namespaces) {
      migration.reservePolicyName(ns, this.name, this);
      // the id is never the bare namespace: ids are keys of a plain object in the constructs library, where `constructor` is taken.
      this.policies.push(new PropagationPolicy(this, `PropagationPolicy@${ns}`, {
        ...common,
        namespace: ns,
        resourceSelectors: byName
          ? selected.filter(o => o.object.metadata.namespace === ns).map(o => nameSelector(o.object))
          : [{ apiVersion, kind: props.kind, namespace: ns }],
      }));
    }
    for (const o of selected) this.templates.push(migration.selectObject(keyOf(o.object)));
  }
}
