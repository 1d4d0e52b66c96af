import { Construct } from 'constructs';
import { ClusterPropagationPolicy } from './cluster-propagation-policy';
import { DUPLICATED, Migration, MigrationObject } from './migration';
import { clusterSetSuffix, ConflictResolution } from './policy-options';
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

    // a fleet places each template on exactly the clusters that have it: one policy per set of
    // clusters, selecting by name when a namespace (or the cluster scope) holds several sets.
    const placed = (candidates: MigrationObject[]) => placementGroups(migration, candidates).map((g, _i, all) => ({
      ...common,
      name: all.length > 1 ? `${this.name}-${clusterSetSuffix(g.clusters)}` : this.name,
      clusterNames: g.clusters,
      ...(g.clusters.length > 1 ? { replicaScheduling: DUPLICATED } : {}),
      objects: g.objects,
      byName: byName || all.length > 1,
    }));

    if (takeoverScope === TakeoverScope.CLUSTER) {
      for (const { objects: group, byName: named, ...options } of placed(selected)) {
        migration.reservePolicyName(undefined, options.name, this);
        this.policies.push(new ClusterPropagationPolicy(this, options.name === this.name ? 'Cluster' : `Cluster@${options.name}`, {
          ...options,
          resourceSelectors: named
            ? group.map(o => nameSelector(o.object))
            : [{ apiVersion, kind: props.kind }],
        }));
      }
      for (const o of selected) this.templates.push(migration.selectObject(keyOf(o.object)));
      return;
    }

    const clusterScoped = selected.filter(o => !o.object.metadata.namespace);
    if (clusterScoped.length > 0) {
      this.problems.push(`${kindName} is cluster-scoped (${formatKey(keyOf(clusterScoped[0].object))}): a PropagationPolicy can never claim it; ` +
        `set the takeover's scope to ${TakeoverScope.CLUSTER}`);
      return;
    }
    // grouped in one pass: filtering the selection once per namespace is quadratic on a big estate.
    const byNamespace = new Map<string, MigrationObject[]>();
    for (const o of selected) {
      const ns = o.object.metadata.namespace as string;
      const inNs = byNamespace.get(ns);
      if (inNs) inNs.push(o);
      else byNamespace.set(ns, [o]);
    }
    const namespaces = [...byNamespace.keys()].sort();
    for (const ns of namespaces) {
      for (const { objects: group, byName: named, ...options } of placed(byNamespace.get(ns)!)) {
        migration.reservePolicyName(ns, options.name, this);
        // the id is never the bare namespace: ids are keys of a plain object in the constructs library, where `constructor` is taken.
        this.policies.push(new PropagationPolicy(this, options.name === this.name ? `PropagationPolicy@${ns}` : `PropagationPolicy@${ns}@${options.name}`, {
          ...options,
          namespace: ns,
          resourceSelectors: named
            ? group.map(o => nameSelector(o.object))
            : [{ apiVersion, kind: props.kind, namespace: ns }],
        }));
      }
    }
    for (const o of selected) this.templates.push(migration.selectObject(keyOf(o.object)));
  }
}

/** objects grouped by the clusters they are placed on (a fleet's placement), the groups in order of their cluster lists. */
export function placementGroups(
  migration: Migration, objects: readonly MigrationObject[],
): Array<{ clusters: string[]; objects: MigrationObject[] }> {
  const groups = new Map<string, { clusters: string[]; objects: MigrationObject[] }>();
  for (const o of objects) {
    const clusters = migration.placementOf(keyOf(o.object));
    const k = clusters.join(',');
    const g = groups.get(k) ?? { clusters, objects: [] };
    g.objects.push(o);
    groups.set(k, g);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

