// selects what the objects of an app takeover refer to; internal to the constructs.
import { Migration } from './migration';
import { PropagationPolicy } from './propagation-policy';
import { ResourceTemplate } from './resource-template';
import { formatKey, keyString, ObjectKey } from '../kube/object';
import { Dependency, findDependencies } from '../inventory/dependencies';
import { SecretPolicy } from '../inventory/secrets';

/** What became of one dependency of an {@link AppTakeover}'s objects. */
export interface AppDependency {
  /** the object of the app that refers to it. */
  readonly dependent: ObjectKey;
  /** what it refers to, where, and whether optionally. */
  readonly dependency: Dependency;
  /**
   * - `selected`: a template, selected by name by the app's policy (or already one of its resources);
   * - `unmanaged-secret`: a Secret left in the member cluster (the migration's `secrets` is `Unmanaged`);
   * - `excluded`: left out by the user's exclude list (the member keeps it as it is; no problem).
   * - `missing`: not among the migration's objects (a problem unless the reference is optional).
   */
  readonly outcome: 'selected' | 'unmanaged-secret' | 'excluded' | 'missing';
}

/** What {@link selectDependencies} did. */
export interface SelectedDependencies {
  /** the templates selected for dependencies, in the order found. */
  readonly templates: ResourceTemplate[];
  /** every dependency of every object, with what became of it. */
  readonly dependencies: AppDependency[];
  /** the dependencies missing from the migration that are not optional, one message each. */
  readonly problems: string[];
}

/**
 * Selects, by name in `policy`, what the app's templates refer to (see
 * `findDependencies`), so that the reviewer sees each one selected; an object the app
 * lists itself is not selected twice. Secrets only when the migration's `secrets` is
 * `Plaintext`. Dependencies are found on the objects in order, each object's sorted by key.
 *
 * @param resources the keys of every object the app lists, selected or not
 */
export function selectDependencies(migration: Migration, policy: PropagationPolicy, templates: readonly ResourceTemplate[],
  resources: readonly ObjectKey[]): SelectedDependencies {
  const result: SelectedDependencies = { templates: [], dependencies: [], problems: [] };
  const listed = new Set(resources.map(keyString));
  const selected = new Set<string>();
  for (const t of templates) {
    const object = migration.findObject(t.key)?.object;
    if (!object) continue;
    for (const dependency of findDependencies(object)) {
      const k = keyString(dependency.key);
      const record = (outcome: AppDependency['outcome']) => result.dependencies.push({ dependent: t.key, dependency, outcome });
      if (listed.has(k) || selected.has(k)) {
        record('selected');
        continue;
      }
      if (dependency.key.kind === 'Secret' && migration.secrets !== SecretPolicy.PLAINTEXT) {
        record('unmanaged-secret');
        continue;
      }
      const found = migration.findObject(dependency.key);
      if (!found && migration.isExcluded(dependency.key)) {
        record('excluded');
        continue;
      }
      // every namespace of every cluster has it (and the inventory drops it).
      const clusterMade = dependency.key.kind === 'ConfigMap' && dependency.key.name === 'kube-root-ca.crt';
      if (!found) {
        record('missing');
        if (!dependency.optional && !clusterMade) {
          result.problems.push(`${formatKey(t.key)} refers to ${formatKey(dependency.key)} (${dependency.paths.join(', ')}), which is not in the inventory; ` +
            'add it to the inventory, or set includeDependencies to false and take it over yourself');
        }
        continue;
      }
      selected.add(k);
      record('selected');
      const { kind, name, namespace } = dependency.key;
      policy.addResourceSelector({ apiVersion: found.object.apiVersion, kind, name, namespace });
      result.templates.push(migration.selectObject(dependency.key));
    }
  }
  return result;
}
