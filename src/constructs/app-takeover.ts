import { Construct } from 'constructs';
import { AppDependency, selectDependencies } from './_app-dependencies';
import { DUPLICATED, Migration } from './migration';
import { ConflictResolution } from './policy-options';
import { PropagationPolicy } from './propagation-policy';
import { ResourceTemplate } from './resource-template';
import { TakeoverOptions } from './takeover-options';
import { formatKey, groupOf, ObjectKey } from '../kube/object';

export type { AppDependency } from './_app-dependencies';

/** One object of an application, by name. */
export interface AppResource {
  /** its apiVersion (`apps/v1`); the policy names the version Karmada watches the group in. */
  readonly apiVersion: string;
  /** its kind (`Deployment`). */
  readonly kind: string;
  /** its `metadata.name`. */
  readonly name: string;
}

/**
 * Props of an {@link AppTakeover}.
 */
export interface AppTakeoverProps extends TakeoverOptions {
  /** the namespace of the application; the policy is made there. */
  readonly namespace: string;

  /** the objects of the application, each selected by name. At least one. */
  readonly resources: readonly AppResource[];

  /**
   * also select, each by a name selector of the policy (so the reviewer sees them), what
   * the objects refer to by name: ConfigMaps, Secrets, ServiceAccounts and
   * PersistentVolumeClaims of their pod templates, TLS Secrets of an Ingress (as Karmada's
   * dependency interpreter finds them). Secrets only when the migration's `secrets` is
   * `Plaintext`; otherwise they stay unmanaged in the member cluster and are listed in
   * `dependencies`. A dependency the inventory lacks is a problem, unless the reference
   * is optional.
   *
   * @default false
   */
  readonly includeDependencies?: boolean;
}

/**
 * Takes over the objects of one application by name (the document's
 * `deployment/nginx` + `service/nginx-svc`): one PropagationPolicy in the
 * application's namespace with `conflictResolution: Overwrite` and a name selector per
 * object. A name selector outranks a kind-only one, so the application's policy wins
 * over a per-kind takeover of the same namespace.
 */
export class AppTakeover extends Construct {
  /** the policy made. */
  public readonly policy: PropagationPolicy;
  /** the templates selected, in the order of `resources`, then those of dependencies. */
  public readonly templates: ResourceTemplate[] = [];
  /** with `includeDependencies`, what the objects refer to and what became of each. */
  public readonly dependencies: AppDependency[] = [];
  private readonly problems: string[] = [];

  public constructor(scope: Construct, id: string, props: AppTakeoverProps) {
    super(scope, id);
    const migration = Migration.of(this);
    migration.retainFields(props.retain ?? [], this);
    const name = props.name ?? id;
    if (props.resources.length === 0) {
      throw new Error(`AppTakeover '${name}': 'resources' must list at least one object`);
    }
    this.node.addValidation({ validate: () => [...this.problems] });
    migration.reservePolicyName(props.namespace, name, this);
    // in a fleet, the app's objects must all run on the same clusters: its one policy places them on exactly those.
    const clusterNames = appPlacement(migration, props);
    this.policy = new PropagationPolicy(this, 'Resource', {
      name,
      namespace: props.namespace,
      clusterNames,
      ...(clusterNames.length > 1 ? { replicaScheduling: DUPLICATED } : {}),
      conflictResolution: ConflictResolution.OVERWRITE,
      preserveResourcesOnDeletion: props.preserveResourcesOnDeletion ?? migration.rollback,
      priority: props.priority,
      suspendDispatching: migration.suspendDispatching,
      // the detector sees every object of the group in its preferred version, whatever version it was written in.
      resourceSelectors: props.resources.map(r => ({
        apiVersion: migration.watchedApiVersion(r.apiVersion), kind: r.kind, name: r.name, namespace: props.namespace,
      })),
    });

    const seen = new Set<string>();
    props.resources.forEach((r, i) => {
      const key: ObjectKey = { group: groupOf(r.apiVersion), kind: r.kind, namespace: props.namespace, name: r.name };
      const id2 = `${key.group}/${key.kind}/${key.name}`;
      if (seen.has(id2)) {
        this.problems.push(`resources[${i}] (${formatKey(key)}) is listed twice; remove one`);
        return;
      }
      seen.add(id2);
      const found = migration.findObject(key) ?? migration.findObject({ ...key, namespace: undefined });
      if (!found) {
        const note = migration.leftOutNote(key.kind, key.namespace, key.name);
        this.problems.push(note
          ? `resources[${i}] (${formatKey(key)}) is no template${note}`
          : `resources[${i}] (${formatKey(key)}) is not in the inventory${migration.lookupHint(r.apiVersion, r.kind, props.namespace, r.name) ||
            '; add it to the inventory or remove it from the app'}`);
      } else if (!found.object.metadata.namespace) {
        this.problems.push(`resources[${i}] (${formatKey(key)}) is cluster-scoped: a PropagationPolicy can never claim it; take it over with a Cluster-scoped KindTakeover`);
      } else {
        this.templates.push(migration.selectObject(key));
      }
    });
    if (props.includeDependencies) {
      const keys = props.resources.map(r => ({ group: groupOf(r.apiVersion), kind: r.kind, namespace: props.namespace, name: r.name }));
      const deps = selectDependencies(migration, this.policy, [...this.templates], keys);
      this.templates.push(...deps.templates);
      this.dependencies.push(...deps.dependencies);
      this.problems.push(...deps.problems);
    }
    const elsewhere = this.templates.filter(t => migration.placementOf(t.key).join(',') !== clusterNames.join(','));
    if (elsewhere.length > 0) {
      this.problems.push(`the app's policy places on ${clusterNames.join(', ')}, but ${elsewhere.map(t => `${formatKey(t.key)} runs on ` +
        `${migration.placementOf(t.key).join(', ')}`).join('; ')}: a policy would create or miss objects there; split the app by the clusters its objects run on`);
    }
  }
}

// the clusters of the app's objects found in the migration (the first object's, when they differ: a problem then says so).
function appPlacement(migration: Migration, props: AppTakeoverProps): string[] {
  for (const r of props.resources) {
    const key: ObjectKey = { group: groupOf(r.apiVersion), kind: r.kind, namespace: props.namespace, name: r.name };
    if (migration.findObject(key)) return migration.placementOf(key);
  }
  return [migration.sourceCluster];
}
