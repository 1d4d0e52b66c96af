import * as path from 'path';
import { ConfigSource, formatPath, isFleet, LoadedConfig, readConfig, sourcesOf } from '../config/read-config';
import { AppTakeover } from '../constructs/app-takeover';
import { KindSelection, KindTakeover, TakeoverScope } from '../constructs/kind-takeover';
import { ArgoCdApplication } from '../constructs/delivery/argo-cd-application';
import { ArgoCdApplicationSet } from '../constructs/delivery/argo-cd-application-set';
import { FluxDelivery } from '../constructs/delivery/flux-delivery';
import { LeftOutObject, Migration, parseMigrationPhase } from '../constructs/migration';
import { formatLocation, InputError, isInputError } from '../errors';
import { Inventory } from '../inventory/inventory';
import { consolidateFleet } from '../inventory/consolidate';
import { Exclusions, matchExclusions } from '../inventory/exclude';
import { keyOf, keyString } from '../kube/object';
import { parseSecretPolicy } from '../inventory/secrets';
import { MigrationApp } from './migration-app';
import { STDIN } from '../text-file';

/**
 * Builds the migrations a config file describes into `app`, through the TypeScript API
 * (this loader adds nothing the constructs do not do). Inventory paths are relative to
 * the config file.
 *
 * @throws InputError naming the config file and field for problems found while
 * building; problems of the finished tree are reported by `app.render()`
 */
export function buildFromConfigFile(app: MigrationApp, file: string): Migration[] {
  return readConfig(file).map(loaded => buildMigration(app, loaded));
}

/**
 * Reads the inventory of one cluster of a Migration document (the first, `sourceCluster`'s, by
 * default), with its reader options (`defaultNamespace`, `onDuplicate`, `limits`) and Secret
 * policy; paths are relative to the config file.
 *
 * @throws InputError naming the inventory file at fault
 */
export function loadInventory(loaded: LoadedConfig, source: ConfigSource = sourcesOf(loaded.config)[0]): Inventory {
  const { spec } = loaded.config;
  return Inventory.load(source.inventory, {
    baseDir: path.dirname(loaded.file),
    ...(spec.secrets ? { secrets: parseSecretPolicy(spec.secrets) } : {}),
    ...(spec.defaultNamespace ? { defaultNamespace: spec.defaultNamespace } : {}),
    ...(spec.onDuplicate ? { onDuplicate: spec.onDuplicate } : {}),
    ...spec.limits,
  });
}

/**
 * Reads the inventory of every cluster of a Migration document (`sources`, or the one cluster of
 * `sourceCluster`), in the config's order.
 *
 * @throws InputError naming the config field (`spec.inventory`, `spec.sources[i].inventory`) and the inventory file at fault
 */
export function loadInventories(loaded: LoadedConfig): Map<string, Inventory> {
  const fleet = isFleet(loaded.config);
  return new Map(sourcesOf(loaded.config).map((s, i) => [s.cluster, within(loaded, fleet ? ['spec', 'sources', i, 'inventory'] : ['spec', 'inventory'],
    () => loadInventory(loaded, s))]));
}

/**
 * Builds one Migration document into `app`. With `sources`, the clusters' inventories are
 * consolidated (`consolidateFleet`): one template per object, placed on exactly its clusters, with
 * the override policies of the clusters whose copy differs.
 *
 * @param preloaded the inventories by cluster, already read (the paths are then not read again)
 */
export function buildMigration(app: MigrationApp, loaded: LoadedConfig, preloaded?: ReadonlyMap<string, Inventory>): Migration {
  const { config } = loaded;
  const at = (field: Array<string | number>) => formatLocation(loaded.locate(field));
  // the output may never replace the config (unless read from standard input) or an inventory path.
  app.protect([...(loaded.file === STDIN ? [] : [loaded.file]),
    ...sourcesOf(config).flatMap(s => s.inventory.map(p => path.resolve(path.dirname(loaded.file), p)))]);
  const inventories = preloaded ?? loadInventories(loaded);
  const first = inventories.values().next().value as Inventory;
  const exclusions = exclusionsOf(loaded, inventories);
  const kept = (inv: Inventory) => exclusions ? inv.templates.filter(t => exclusions.entryOf(keyOf(t.object)) === undefined) : inv.templates;
  const fleet = isFleet(config) ? within(loaded, ['spec', 'sources'], () => {
    const consolidation = consolidateFleet([...inventories].map(([cluster, inv]) => ({ cluster, objects: kept(inv).map(t => t.object) })),
      config.spec.baseCluster ? { baseCluster: config.spec.baseCluster } : {});
    return { clusters: [...inventories.keys()], consolidation };
  }) : undefined;
  // a fleet's templates are the consolidated copies, each with where its base cluster's copy was read.
  const objects = fleet
    ? fleet.consolidation.objects.map(o => ({ object: o.template, source: inventories.get(o.baseCluster)!.find(o.key)?.source }))
    : kept(first);
  // excluded objects are left out with the entry that excludes them (once, though several clusters have them).
  const excluded = new Map<string, LeftOutObject>();
  for (const inv of inventories.values()) {
    for (const t of inv.templates) {
      const reason = exclusions?.reasonOf(keyOf(t.object));
      const key = keyOf(t.object);
      if (reason !== undefined && !excluded.has(keyString(key))) excluded.set(keyString(key), { key, reason, source: t.source, excluded: true });
    }
  }
  const migration = within(loaded, ['spec'], () => new Migration(app, config.metadata.name, {
    ...(fleet ? { fleet } : { sourceCluster: config.spec.sourceCluster! }),
    objects,
    leftOut: [...(fleet ? [...inventories.values()].flatMap(i => i.dropped) : first.dropped), ...excluded.values()],
    rollback: config.spec.rollback,
    createNamespaces: config.spec.createNamespaces,
    ...(config.spec.secrets ? { secrets: parseSecretPolicy(config.spec.secrets) } : {}),
    phase: parseMigrationPhase(config.spec.phase),
    ...(config.spec.retain ? { retain: config.spec.retain } : {}),
  }));
  app.setOrigin(migration, at(['spec']));
  // a phase that cannot be reached (Release without preserve) is the phase's line, whatever the takeovers say.
  app.setOrigin(migration.phaseScope, `${at(['spec', 'phase'])}: spec.phase`);
  const delivery = config.spec.delivery;
  if (delivery?.argocd) {
    const { applicationSet, ...argocd } = delivery.argocd;
    const name = `karmada-${config.metadata.name}`;
    const origin = at(['spec', 'delivery', 'argocd']);
    within(loaded, ['spec', 'delivery', 'argocd'], () => {
      if (applicationSet) {
        // one Application per namespace folder, and one for the Namespace objects.
        app.setOrigin(new ArgoCdApplicationSet(migration, 'ArgoCdSet', { ...argocd, name }), origin);
        const namespaces = `${argocd.path.replace(/\/+$/, '')}/namespaces`;
        app.setOrigin(new ArgoCdApplication(migration, 'ArgoCd', { ...argocd, name: `${name}-namespaces`, path: namespaces }), origin);
      } else {
        app.setOrigin(new ArgoCdApplication(migration, 'ArgoCd', { ...argocd, name }), origin);
      }
    });
  }
  if (delivery?.flux) {
    const flux = delivery.flux;
    app.setOrigin(within(loaded, ['spec', 'delivery', 'flux'], () => new FluxDelivery(migration, 'Flux', {
      ...flux,
      namePrefix: `karmada-${config.metadata.name}`,
    })), at(['spec', 'delivery', 'flux']));
  }
  config.spec.takeovers.forEach((t, i) => {
    const field = ['spec', 'takeovers', i];
    const options = {
      name: t.name, preserveResourcesOnDeletion: t.preserveResourcesOnDeletion, priority: t.priority, ...(t.retain ? { retain: t.retain } : {}),
    };
    // the construct path mirrors the config path (`member1/takeovers[2]`): names need not be unique.
    const id = `takeovers[${i}]`;
    const takeover = within(loaded, field, () => (t.kind
      ? new KindTakeover(migration, id, {
        ...options,
        apiVersion: t.kind.apiVersion,
        kind: t.kind.kind,
        scope: t.scope === 'Cluster' ? TakeoverScope.CLUSTER : TakeoverScope.NAMESPACE,
        selectBy: t.selectBy === 'Name' ? KindSelection.NAME : KindSelection.KIND,
      })
      : new AppTakeover(migration, id, {
        ...options,
        namespace: t.app!.namespace,
        resources: t.app!.resources,
        includeDependencies: t.app!.includeDependencies,
      })));
    app.setOrigin(takeover, `${at(field)}: spec.takeovers[${i}] (${t.name})`);
    migration.nameInMessages(takeover, `spec.takeovers[${i}]`);
  });
  return migration;
}

// the exclude list matched against every object read from every cluster (templates and dropped
// ones); an entry that matches nothing is refused, every such entry at once with its line.
function exclusionsOf(loaded: LoadedConfig, inventories: ReadonlyMap<string, Inventory>): Exclusions | undefined {
  const entries = loaded.config.spec.exclude ?? [];
  if (entries.length === 0) return undefined;
  const known = [...inventories.values()].flatMap(inv => [...inv.templates.map(t => keyOf(t.object)), ...inv.dropped.map(d => d.key)]);
  const exclusions = matchExclusions(entries, known, 'spec.exclude');
  if (exclusions.unmatched.length > 0) {
    // the first line gets its location from the error; the others carry theirs, as the first does once printed.
    const lines = exclusions.unmatched.map((u, i) => `${i > 0 ? `${formatLocation(loaded.locate(['spec', 'exclude', u.index]))}: ` : ''}` +
      `${formatPath(['spec', 'exclude', u.index])}: ${u.message}`);
    throw new InputError(lines.join('\n'), loaded.locate(['spec', 'exclude', exclusions.unmatched[0].index]));
  }
  return exclusions;
}

// runs a step of the build and names the config field when it fails.
function within<T>(loaded: LoadedConfig, field: Array<string | number>, step: () => T): T {
  try {
    return step();
  } catch (e) {
    // construct props come from the config here, so a construct's eager error is the user's.
    const message = isInputError(e) || e instanceof Error ? e.message : String(e);
    throw new InputError(`${formatPath(field)}: ${message}`, loaded.locate(field));
  }
}
