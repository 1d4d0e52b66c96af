// Objects that are risky to take over, named before the takeover, and what the migration leaves
// behind. Karmada v1.18.2: pkg/resourceinterpreter/default/native/prune/prune.go
// (removeJobIrrelevantField, RemoveJobTTLSeconds: ttlSecondsAfterFinished is stripped from the
// member Job), pkg/controllers/status/work_status_controller.go (recreateResourceIfNeeded: a member
// object deleted while its Work exists is created again, a finished Job or Pod runs again),
// pkg/resourceinterpreter/default/native/retain.go (a Pod's nodeName, volumes and service account
// are kept; the rest of its spec must match, or the PUT is rejected); Kubernetes' ttl-after-finished
// controller runs in Karmada's kube-controller-manager and deletes a finished Job template that
// keeps its TTL (and so its member Job); a PersistentVolume's reclaim policy decides what deleting
// its claim does to the data.
import { Inventory } from '../inventory/inventory';
import { isClusterScoped } from '../kube/kinds';
import { formatKey, groupOf, KubeObject, keyOf } from '../kube/object';

/** Why an object is risky to take over. */
export type RiskyReason = 'job' | 'bare-pod' | 'persistent-volume' | 'bound-claim' | 'custom-resource-without-crd' | 'plaintext-secret';

/** A template that is risky to take over. */
export interface RiskyObject {
  /** `Kind.group namespace/name`. */
  readonly object: string;
  readonly reason: RiskyReason;
  /** what can go wrong and what to do, in words for a reviewer. */
  readonly message: string;
  /**
   * the member clusters whose copies are risky so, sorted (a fleet).
   *
   * @default - a plan without a fleet: the one cluster of the migration
   */
  readonly clusters?: readonly string[];
}

/** What a migration leaves behind: the objects of its export that no takeover selects. */
export interface LeftBehind {
  /** the migration. */
  readonly migration: string;
  /**
   * objects that could be templates but no takeover selects, per kind (sorted); in a fleet, per
   * kind and set of clusters that hold them (sorted by kind, then clusters).
   */
  readonly byKind: ReadonlyArray<{
    readonly kind: string;
    readonly objects: readonly string[];
    /**
     * the member clusters whose exports hold these objects, sorted (a fleet).
     *
     * @default - a plan without a fleet: the one cluster of the migration
     */
    readonly clusters?: readonly string[];
  }>;
  /**
   * objects the inventory dropped, per rule (sorted), with a count; in a fleet, per rule and set
   * of clusters, each object counted once.
   */
  readonly dropped: ReadonlyArray<{
    readonly rule: string;
    readonly count: number;
    /**
     * the member clusters whose exports hold them, sorted (a fleet).
     *
     * @default - a plan without a fleet: the one cluster of the migration
     */
    readonly clusters?: readonly string[];
  }>;
  /**
   * the objects the user left out by identity (`spec.exclude`), sorted: they stay in the member
   * cluster(s) as they are, outside Karmada.
   *
   * @default - none excluded
   */
  readonly excluded?: readonly ExcludedObject[];
}

/** An object of the export(s) the user left out by identity (`spec.exclude`). */
export interface ExcludedObject {
  /** `Kind.group namespace/name`. */
  readonly object: string;
  /** which entry excludes it, and the reason given (`excluded by spec.exclude[0]: ...`). */
  readonly reason: string;
  /**
   * the templates that refer to it (in their copy of any cluster), sorted: once taken over, they
   * keep using the member's object, which Karmada does not manage.
   *
   * @default - no template refers to it
   */
  readonly usedBy?: readonly string[];
  /**
   * the member clusters whose exports hold it, sorted (a fleet).
   *
   * @default - a plan without a fleet: the one cluster of the migration
   */
  readonly clusters?: readonly string[];
}

const TTL_NOTE = 'Karmada strips spec.ttlSecondsAfterFinished from the member Job, and its own control plane\'s TTL controller deletes a finished Job template ' +
  'that keeps it (and with it the member Job, unless preserved)';

/**
 * The templates of a migration that are risky to take over: Jobs (a member Job that finishes
 * and is deleted is created again and runs again; the TTL moves to Karmada's control plane),
 * bare Pods (a deleted one is created again from the template; any spec difference but image and
 * tolerations makes the takeover fail), PersistentVolumes and the claims bound to them (deleting
 * the template of a claim can delete the volume's data, per its reclaim policy), custom resources
 * whose CustomResourceDefinition is neither in the export nor declared present in Karmada, and
 * Secrets written in plain text.
 *
 * @param inventory the inventory whose CRDs are taken over with the templates, or those CRDs (a fleet's, every cluster's)
 * @param crdsPresent CustomResourceDefinitions (`<plural>.<group>`) installed in Karmada already
 */
export function riskyObjects(
  templates: readonly KubeObject[], inventory?: Inventory | readonly KubeObject[], crdsPresent: readonly string[] = [],
): RiskyObject[] {
  const out: RiskyObject[] = [];
  const crdKinds = new Set<string>();
  const brought = inventory === undefined ? [] : inventory instanceof Inventory ? inventory.templates.map(t => t.object) : inventory;
  for (const o of [...templates, ...brought]) {
    const spec = o.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
    if (o.kind === 'CustomResourceDefinition' && typeof spec?.group === 'string' && typeof spec.names?.kind === 'string') crdKinds.add(`${spec.names.kind}.${spec.group}`);
  }
  const present = new Set(crdsPresent);
  for (const o of templates) {
    const object = formatKey(keyOf(o));
    const group = groupOf(o.apiVersion);
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    const push = (reason: RiskyReason, message: string) => out.push({ object, reason, message });
    if (o.kind === 'Job' && group === 'batch') {
      push('job', `a member Job that finishes and is then deleted (by a person, or its TTL) is created again by Karmada and runs again; ${TTL_NOTE}` +
        `${typeof spec.ttlSecondsAfterFinished === 'number' ? ` (this one has ttlSecondsAfterFinished: ${spec.ttlSecondsAfterFinished})` : ''}. Take over the CronJob, not its Jobs, or leave finished Jobs out`);
    } else if (o.kind === 'Pod' && group === '' && !(o.metadata.ownerReferences as unknown[] | undefined)?.length) {
      push('bare-pod', 'a bare Pod deleted in the member cluster is created again by Karmada from the template (a finished one runs again); '
        + 'any difference of its spec from the live Pod but image and tolerations makes the takeover fail (Applied=False). Prefer taking over what should own it');
    } else if (o.kind === 'PersistentVolume' && group === '') {
      const policy = typeof spec.persistentVolumeReclaimPolicy === 'string' ? spec.persistentVolumeReclaimPolicy : 'Retain';
      push('persistent-volume', `removing this template without preserveResourcesOnDeletion deletes the member PersistentVolume (reclaim policy ${policy}); `
        + 'volumes are the member cluster\'s storage: take over the claims, not the volumes, unless you mean to');
    } else if (o.kind === 'PersistentVolumeClaim' && group === '' && typeof spec.volumeName === 'string' && spec.volumeName) {
      push('bound-claim', `bound to the volume ${spec.volumeName}: removing this template without preserveResourcesOnDeletion deletes the claim, and a volume whose reclaim policy is Delete loses its data`);
    } else if (o.kind === 'Secret' && group === '') {
      push('plaintext-secret', 'its data is written in plain text to dist/ and to Git (secrets: Plaintext): anyone who can read the repository can read it');
    }
    if (group && isClusterScoped(o.apiVersion, o.kind) === undefined && !crdKinds.has(`${o.kind}.${group}`) && !present.has(group) &&
      ![...present].some(name => name.endsWith(`.${group}`))) {
      push('custom-resource-without-crd', `its CustomResourceDefinition (${o.kind}.${group}) is not in the export: the Karmada API server refuses the template until the CRD is ` +
        'installed there; add the CRD to the inventory (it is then taken over first), or declare it present (spec.crdsPresent)');
    }
  }
  return out.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : a.reason < b.reason ? -1 : 1));
}

/**
 * What a migration leaves behind of its export(s): the objects no takeover selects (`selected`
 * holds the ids of its templates), those the user excluded (`excluded`: id => why) and those the
 * inventory dropped. Given a fleet's inventories (cluster => inventory), each row names the
 * clusters whose exports hold its objects, and objects held by the same clusters share a row.
 */
export function leftBehind(
  migration: string, inventory: Inventory | ReadonlyMap<string, Inventory>, selected: ReadonlySet<string>,
  excluded: ReadonlyMap<string, string> = new Map(),
): LeftBehind {
  const fleet = !(inventory instanceof Inventory);
  const sources: ReadonlyArray<readonly [string, Inventory]> = fleet ? [...inventory].sort(([a], [b]) => cmp(a, b)) : [['', inventory]];
  // id => kind and the clusters that hold it, in cluster order.
  const left = new Map<string, { kind: string; clusters: string[] }>();
  const out = new Map<string, { reason: string; clusters: string[]; usedBy: Set<string> }>();
  const dropped = new Map<string, { rule: string; clusters: string[] }>();
  const add = (list: string[], cluster: string) => {
    if (!list.includes(cluster)) list.push(cluster);
  };
  for (const [cluster, inv] of sources) {
    for (const t of inv.templates) {
      const id = formatKey(t.key);
      if (selected.has(id)) continue;
      const reason = excluded.get(id);
      if (reason !== undefined) {
        const e = out.get(id) ?? { reason, clusters: [], usedBy: new Set<string>() };
        add(e.clusters, cluster);
        for (const k of inv.referencedBy(t.key)) if (selected.has(formatKey(k))) e.usedBy.add(formatKey(k));
        out.set(id, e);
        continue;
      }
      const e = left.get(id) ?? { kind: t.key.group ? `${t.key.kind}.${t.key.group}` : t.key.kind, clusters: [] };
      add(e.clusters, cluster);
      left.set(id, e);
    }
    // one cluster counts each entry; a fleet counts each object once, per rule.
    inv.dropped.forEach((d, i) => {
      const id = fleet ? `${d.rule}\u0000${formatKey(d.key)}` : String(i);
      const e = dropped.get(id) ?? { rule: d.rule, clusters: [] };
      add(e.clusters, cluster);
      dropped.set(id, e);
    });
  }
  const where = (clusters: readonly string[]) => (fleet ? { clusters } : {});
  const byKind = new Map<string, { kind: string; clusters: string[]; objects: string[] }>();
  for (const [id, e] of left) {
    const k = `${e.kind}\u0000${e.clusters.join(',')}`;
    const row = byKind.get(k) ?? { kind: e.kind, clusters: e.clusters, objects: [] };
    row.objects.push(id);
    byKind.set(k, row);
  }
  const counts = new Map<string, { rule: string; clusters: string[]; count: number }>();
  for (const e of dropped.values()) {
    const k = `${e.rule}\u0000${e.clusters.join(',')}`;
    const row = counts.get(k) ?? { rule: e.rule, clusters: e.clusters, count: 0 };
    row.count++;
    counts.set(k, row);
  }
  const byClusters = (a: { clusters: string[] }, b: { clusters: string[] }) => cmp(a.clusters.join(','), b.clusters.join(','));
  return {
    migration,
    byKind: [...byKind.values()].sort((a, b) => cmp(a.kind, b.kind) || byClusters(a, b))
      .map(r => ({ kind: r.kind, objects: r.objects.sort(cmp), ...where(r.clusters) })),
    dropped: [...counts.values()].sort((a, b) => cmp(a.rule, b.rule) || byClusters(a, b))
      .map(r => ({ rule: r.rule, count: r.count, ...where(r.clusters) })),
    ...(out.size
      ? { excluded: [...out].sort(([a], [b]) => cmp(a, b)).map(([object, e]) => ({
        object, reason: e.reason, ...(e.usedBy.size ? { usedBy: [...e.usedBy].sort(cmp) } : {}), ...where(e.clusters),
      })) }
      : {}),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
