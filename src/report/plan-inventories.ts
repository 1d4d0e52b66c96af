// What the plan reads from a migration's inventories: the Secrets its templates leave unmanaged,
// the inventory's warnings, the dependencies it lacks, the API versions it converted and the
// risky objects. A migration of one cluster reads its one inventory against the templates of
// dist/; a fleet reads each cluster's inventory against that cluster's copies (the objects of its
// export the templates take over: applying the cluster's overrides to a template gives exactly that
// copy), and a finding made on several clusters is one row that names them.
import type { PlanInventoryWarning, PlanMissingDependency, PlanSecret } from './plan';
import { RiskyObject, riskyObjects } from './risky-objects';
import { formatSourceLine } from '../errors';
import { Inventory } from '../inventory/inventory';
import { secretReferences, SecretPolicy, UNMANAGED_SECRET_RULE } from '../inventory/secrets';
import { compareStrings } from '../kube/json';
import { compareKeys, formatKey, keyString, KubeObject, ObjectKey } from '../kube/object';

/** A template of a migration as {@link inventorySources} reads it. */
export interface SourceTemplate {
  readonly key: ObjectKey;
  /** `Kind.group namespace/name`. */
  readonly id: string;
  readonly object: KubeObject;
}

/** One inventory of a migration, and the templates it is read against. */
export interface InventorySource {
  /**
   * the member cluster of the inventory, in a fleet: the rows read from it name it.
   *
   * @default - a migration of one cluster: rows name no cluster
   */
  readonly cluster?: string;
  /**
   * the inventory.
   *
   * @default - none: only the templates are read
   */
  readonly inventory?: Inventory;
  /** the templates on this cluster: dist/'s for one cluster; in a fleet, this cluster's copies of the templates its export holds. */
  readonly templates: readonly SourceTemplate[];
}

/**
 * The sources of a migration: given its inventories by cluster (a fleet's; or a migration of one
 * cluster's, named beside a fleet), one per cluster, sorted by cluster, each with its copies of
 * the templates: their rows name their clusters. Otherwise its one inventory with dist/'s templates.
 */
export function inventorySources(
  templates: readonly SourceTemplate[], inventory: Inventory | undefined, inventories: ReadonlyMap<string, Inventory> | undefined,
): InventorySource[] {
  if (!inventories?.size) return [{ ...(inventory ? { inventory } : {}), templates }];
  return [...inventories].sort(([a], [b]) => compareStrings(a, b)).map(([cluster, inv]) => ({
    cluster,
    inventory: inv,
    templates: templates.flatMap(t => {
      const copy = inv.find(t.key);
      return copy ? [{ key: t.key, id: t.id, object: copy.object }] : [];
    }),
  }));
}

/** Whether the sources are a fleet's: their rows name clusters. */
export function isFleetSources(sources: readonly InventorySource[]): boolean {
  return sources.some(s => s.cluster !== undefined);
}

/**
 * The rows each source gives, identical rows of several clusters merged into one that names
 * them (in a fleet; rows of one cluster name none and keep their order). A fleet's rows are
 * sorted by `compare`, then by their clusters.
 */
export function mergeAcrossClusters<T extends object>(
  sources: readonly InventorySource[], rowsOf: (source: InventorySource) => readonly T[], compare: (a: T, b: T) => number,
  identity: (row: T) => string = row => JSON.stringify(row),
): Array<T & { readonly clusters?: readonly string[] }> {
  if (!isFleetSources(sources)) return sources.flatMap(s => [...rowsOf(s)]);
  const merged = new Map<string, { row: T; clusters: string[] }>();
  for (const s of sources) {
    for (const row of rowsOf(s)) {
      const k = identity(row);
      const e = merged.get(k) ?? { row, clusters: [] as string[] };
      if (!e.clusters.includes(s.cluster!)) e.clusters.push(s.cluster!);
      merged.set(k, e);
    }
  }
  return [...merged.values()]
    .sort((a, b) => compare(a.row, b.row) || compareStrings(a.clusters.join(','), b.clusters.join(',')))
    .map(e => ({ ...e.row, clusters: e.clusters }));
}

/** The Secrets the templates of one migration refer to and leave in the member cluster(s), unmanaged, sorted by Secret. */
export function unmanagedSecrets(migration: string, sources: readonly InventorySource[]): PlanSecret[] {
  return mergeAcrossClusters(sources, s => secretsOfSource(migration, s), (a, b) => compareStrings(a.secret, b.secret));
}

function secretsOfSource(migration: string, source: InventorySource): PlanSecret[] {
  const { inventory, templates } = source;
  const out: PlanSecret[] = [];
  const takenOver = new Set(templates.map(t => keyString(t.key)));
  const entries = new Map<string, { key: ObjectKey; usedBy: ObjectKey[] }>();
  for (const ref of secretReferencesOf(source)) {
    // a Secret that is itself a template is managed (its data must then be empty; validation says so otherwise).
    if (takenOver.has(keyString(ref.secret))) continue;
    entries.set(keyString(ref.secret), { key: ref.secret, usedBy: [...ref.referencedBy] });
  }
  for (const d of inventory?.dropped ?? []) {
    if (d.rule === UNMANAGED_SECRET_RULE && !entries.has(keyString(d.key))) entries.set(keyString(d.key), { key: d.key, usedBy: [] });
  }
  for (const e of [...entries.values()].sort((a, b) => compareKeys(a.key, b.key))) {
    const others = inventory ? inventory.referencedBy(e.key).filter(k => !takenOver.has(keyString(k))) : [];
    out.push({
      migration,
      secret: formatKey(e.key),
      ...(inventory ? { inInventory: inventory.findDropped(e.key) !== undefined || inventory.find(e.key) !== undefined } : {}),
      usedBy: e.usedBy.map(formatKey),
      alsoUsedBy: [...others].sort(compareKeys).map(formatKey),
    });
  }
  return out;
}

// the Secrets the templates of a source refer to. A fleet's copies are the inventory's own objects,
// whose references it read already (the Secrets among them are findDependencies', as secretReferences reads).
function secretReferencesOf(
  { cluster, inventory, templates }: InventorySource,
): ReadonlyArray<{ readonly secret: ObjectKey; readonly referencedBy: readonly ObjectKey[] }> {
  if (cluster === undefined || !inventory) return secretReferences(templates.map(t => t.object));
  const bySecret = new Map<string, { secret: ObjectKey; referencedBy: ObjectKey[] }>();
  for (const t of templates) {
    for (const d of inventory.dependencies(t.key)) {
      if (d.key.kind !== 'Secret') continue;
      const entry = bySecret.get(keyString(d.key)) ?? { secret: d.key, referencedBy: [] };
      entry.referencedBy.push(t.key);
      bySecret.set(keyString(d.key), entry);
    }
  }
  return [...bySecret.values()].map(e => ({ secret: e.secret, referencedBy: e.referencedBy.sort(compareKeys) }))
    .sort((a, b) => compareKeys(a.secret, b.secret));
}

/**
 * The warnings of a migration's inventories. In a fleet, one warning of several clusters' exports
 * (the same object and message) is one row: its `source` lists where each cluster's export holds it.
 */
export function inventoryWarnings(migration: string, sources: readonly InventorySource[]): PlanInventoryWarning[] {
  const rows = (s: InventorySource) => (s.inventory?.warnings ?? []).map(w => ({
    migration, object: formatKey(w.key), source: formatSourceLine(w.source), message: w.message,
  }));
  if (!isFleetSources(sources)) return sources.flatMap(rows);
  const merged = new Map<string, { row: PlanInventoryWarning; sources: string[]; clusters: string[] }>();
  for (const s of sources) {
    for (const row of rows(s)) {
      const k = `${row.object}\u0000${row.message}`;
      const e = merged.get(k) ?? { row, sources: [] as string[], clusters: [] as string[] };
      if (!e.sources.includes(row.source)) e.sources.push(row.source);
      if (!e.clusters.includes(s.cluster!)) e.clusters.push(s.cluster!);
      merged.set(k, e);
    }
  }
  return [...merged.values()].map(e => ({ ...e.row, source: e.sources.join(', '), clusters: e.clusters }));
}

/** The dependencies of a migration's templates that its inventories lack, by template. */
export function missingDependencies(migration: string, sources: readonly InventorySource[]): PlanMissingDependency[] {
  return mergeAcrossClusters(sources, ({ inventory, templates }) => {
    if (!inventory) return [];
    const takenOver = new Set(templates.map(t => keyString(t.key)));
    return inventory.missingDependencies().filter(d => takenOver.has(keyString(d.dependent))).map(d => ({
      migration, object: formatKey(d.dependent), dependency: formatKey(d.dependency.key), paths: d.dependency.paths,
    }));
  }, (a, b) => compareStrings(a.object, b.object) || compareStrings(a.dependency, b.dependency));
}

/** The objects a migration's inventories converted from an API version the Karmada API server no longer serves. */
export function conversions(
  sources: readonly InventorySource[],
): Array<{ readonly object: string; readonly from: string; readonly to: string; readonly clusters?: readonly string[] }> {
  return mergeAcrossClusters(sources, s => (s.inventory?.conversions ?? []).map(c => ({ object: formatKey(c.key), from: c.from, to: c.to })),
    (a, b) => compareStrings(a.object, b.object));
}

/**
 * The templates of a migration that are risky to take over (`riskyObjects`); in a fleet, each
 * cluster's copies, with the CustomResourceDefinitions of every cluster's inventory.
 */
export function riskyTemplates(sources: readonly InventorySource[], crdsPresent?: readonly string[]): RiskyObject[] {
  const fleet = isFleetSources(sources);
  // the CRDs any cluster brings, read once for every cluster.
  const crds = fleet ? sources.flatMap(s => (s.inventory?.byGroupKind('apiextensions.k8s.io', 'CustomResourceDefinition') ?? []).map(t => t.object)) : [];
  return mergeAcrossClusters(sources, s => riskyObjects(s.templates.map(t => t.object), fleet ? crds : s.inventory, crdsPresent),
    (a, b) => compareStrings(a.object, b.object) || compareStrings(a.reason, b.reason));
}

/** Whether the Secrets of a migration stay unmanaged (its inventory's policy; unmanaged without one). */
export function leavesSecretsUnmanaged(inventory: Inventory | undefined): boolean {
  return (inventory?.secrets ?? SecretPolicy.UNMANAGED) === SecretPolicy.UNMANAGED;
}
