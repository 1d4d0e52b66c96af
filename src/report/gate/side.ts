// One side of a change (the deployed base, or the head of a pull request) as the gate reads
// it: the objects of dist/ by identity, their deliveries, and what becomes of a base object.
import { Delivery, deliveriesOf, DELIVERY_FOLDER, protectedFrom } from '../../gitops/delivery';
import { formatKey, groupOf, KubeObject, keyOf } from '../../kube/object';
import { formatPolicyRef, policyRefOf } from '../../karmada/claims';
import { BindingEvidence } from '../../karmada/bindings';
import { MemberCluster } from '../../karmada/placement';
import { canonicalJson } from '../../kube/json';
import { RetentionSpec } from '../../karmada/retention';
import { customizationRetentions } from '../../karmada/retention-lua';
import { categoryOf, topFolder } from '../../output/layout';
import { DistSnapshot } from '../dist-tree';

/** An object of dist/, by identity. */
export interface DistEntry {
  /** its path under dist/. */
  readonly file: string;
  readonly object: KubeObject;
  /** `Kind.group namespace/name`, or `PropagationPolicy ns/name` for a policy. */
  readonly id: string;
  /** the top folder: the migration (or `_delivery`). */
  readonly migration: string;
}

/** What the rules over templates (their removal, their claims, their overrides) know of the change. */
export interface ChangeContext {
  /** the deployed side. */
  readonly b: Side;
  /** the side of the change. */
  readonly h: Side;
  /** the PropagationPolicies and ClusterPropagationPolicies in Karmada before the change, by `Kind ns/name`. */
  readonly livePolicies: ReadonlyMap<string, DistEntry>;
  /** the policies in Karmada after it (the head's, and the base's left behind unpruned). */
  readonly headPolicies: ReadonlyMap<string, DistEntry>;
  /** the bindings given as evidence, by template. @default - none */
  readonly bindings?: ReadonlyMap<string, BindingEvidence>;
  /** the member clusters given as evidence. @default - none */
  readonly clusters?: ReadonlyMap<string, MemberCluster>;
  /** a finding that is a warning by default is an error (`--strict`). */
  readonly strict: boolean;
}

/** What becomes of a base object in Karmada after the change. */
export type FateState = 'kept' | 'deleted' | 'orphaned' | 'undelivered';

/** {@link FateState}, and how it goes, for a reviewer. */
export interface Fate {
  readonly state: FateState;
  /** @default - it stays */
  readonly how?: string;
}

/** One side. */
export interface Side {
  readonly snapshot: DistSnapshot;
  readonly byId: ReadonlyMap<string, DistEntry>;
  readonly templates: readonly DistEntry[];
  readonly policies: readonly DistEntry[];
  readonly namespaces: readonly DistEntry[];
  /** objects of Karmada's own APIs other than policies, override policies and the customizations karmada-migrate writes (Clusters, Works, quotas...), with their content. */
  readonly karmadaObjects: ReadonlyMap<string, { readonly file: string; readonly fingerprint: string }>;
  /** the OverridePolicies and ClusterOverridePolicies, by `Kind.group ns/name`, with their content (gate/override-rules.ts models them). */
  readonly overrides: ReadonlyMap<string, { readonly file: string; readonly object: KubeObject; readonly fingerprint: string }>;
  /**
   * the ResourceInterpreterCustomizations karmada-migrate wrote (their retention read back from the
   * script, karmada/retention-lua.ts), by `Kind name`; one whose script it did not write is in
   * {@link karmadaObjects}.
   */
  readonly customizations: ReadonlyMap<string, { readonly file: string; readonly retention: RetentionSpec }>;
  /** objects of `_delivery/` that are not a delivery the gate reads (a GitRepository, ...), by `Kind ns/name`, with their spec. */
  readonly otherDeliveryObjects: ReadonlyMap<string, { readonly file: string; readonly fingerprint: string }>;
  readonly deliveries: readonly Delivery[];
  readonly deliveryById: ReadonlyMap<string, Delivery>;
  /** the deliveries that know what they apply (see {@link deliverersOf}); unresolved deliveries are in {@link everywhere}. */
  readonly resolved: readonly Delivery[];
  readonly everywhere: readonly Delivery[];
  /** the same identity written twice (Karmada's own objects too: override policies, customizations...). */
  readonly duplicates: ReadonlyArray<readonly [DistEntry, DistEntry]>;
  /** deliveries declared twice (the same Application or Kustomization in two files), with the files. */
  readonly duplicateDeliveries: ReadonlyArray<{ readonly id: string; readonly files: readonly string[] }>;
}

// the sides read of each snapshot (the change's scope reads them before the gate does): a side is only read.
const sidesRead = new WeakMap<DistSnapshot, Map<string, Side>>();

/**
 * Reads a side. Policies are read as the API server would store them from the manifest: a
 * `metadata.deletionTimestamp` written in Git means nothing to it, so it is dropped. The same
 * snapshot read the same way twice gives the same side.
 *
 * @param external migration folders an external delivery applied on the other side
 */
export function readSide(snapshot: DistSnapshot, distRoot: string, external?: readonly string[]): Side {
  const key = JSON.stringify([distRoot, external ?? null]);
  let read = sidesRead.get(snapshot);
  if (!read) sidesRead.set(snapshot, read = new Map());
  let side = read.get(key);
  if (!side) read.set(key, side = readSideOnce(snapshot, distRoot, external));
  return side;
}

function readSideOnce(snapshot: DistSnapshot, distRoot: string, external?: readonly string[]): Side {
  const byId = new Map<string, DistEntry>();
  const duplicates: Array<[DistEntry, DistEntry]> = [];
  const templates: DistEntry[] = [];
  const policies: DistEntry[] = [];
  const namespaces: DistEntry[] = [];
  const otherDeliveryObjects = new Map<string, { file: string; fingerprint: string }>();
  const karmadaObjects = new Map<string, { file: string; fingerprint: string }>();
  const customizations = new Map<string, { file: string; retention: RetentionSpec }>();
  const overrides = new Map<string, { file: string; object: KubeObject; fingerprint: string }>();
  // Karmada's own objects by identity, to tell one written twice.
  const karmadaById = new Map<string, DistEntry>();
  for (const [file, raw] of snapshot.manifests) {
    const migration = topFolder(file);
    const category = categoryOf(raw);
    // _delivery/ goes to the cluster Argo CD or Flux run in, not to Karmada; a delivery object
    // elsewhere is misplaced (gate/layout-rules.ts) and applies nothing.
    if (migration === DELIVERY_FOLDER || category === 'delivery') {
      const known = (raw.kind === 'Application' || raw.kind === 'ApplicationSet') && raw.apiVersion.startsWith('argoproj.io/') ||
        raw.kind === 'Kustomization' && raw.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/');
      if (migration === DELIVERY_FOLDER && !known) {
        otherDeliveryObjects.set(`${raw.kind} ${raw.metadata.namespace ?? ''}/${raw.metadata.name}`, { file, fingerprint: canonicalJson(raw) });
      }
      continue;
    }
    const isPolicy = category === 'policies' && (raw.kind === 'PropagationPolicy' || raw.kind === 'ClusterPropagationPolicy');
    // Karmada acts on its own objects directly (a Cluster, a Work, an OverridePolicy, a quota), not through a binding.
    if (!isPolicy && groupOf(raw.apiVersion).endsWith('karmada.io')) {
      const id = formatKey(keyOf(raw));
      const entry: DistEntry = { file, object: raw, id, migration };
      const other = karmadaById.get(id);
      if (other) {
        duplicates.push([other, entry]);
        continue;
      }
      karmadaById.set(id, entry);
      if (groupOf(raw.apiVersion) === 'policy.karmada.io' && (raw.kind === 'OverridePolicy' || raw.kind === 'ClusterOverridePolicy')) {
        overrides.set(id, { file, object: raw, fingerprint: canonicalJson(raw) });
        continue;
      }
      const retention = customizationRetentions([raw]).values().next().value;
      if (retention && !('problem' in retention)) {
        customizations.set(id, { file, retention });
        continue;
      }
      karmadaObjects.set(id, { file, fingerprint: canonicalJson(raw) });
      continue;
    }
    const object = isPolicy && raw.metadata.deletionTimestamp !== undefined ? withoutDeletionTimestamp(raw) : raw;
    const id = isPolicy ? formatPolicyRef(policyRefOf(object)) : formatKey(keyOf(object));
    const entry: DistEntry = { file, object, id, migration };
    const other = byId.get(id);
    if (other) {
      duplicates.push([other, entry]);
      continue;
    }
    byId.set(id, entry);
    if (isPolicy) policies.push(entry);
    else if (category === 'namespaces') namespaces.push(entry);
    else if (category === 'templates') templates.push(entry);
  }
  // the base: anything may be live; the head: only what a delivery applies, or a folder nothing covers.
  const input = { manifests: snapshot.manifests, files: snapshot.files, distRoot, argoSkipped: snapshot.argoSkipped, unread: snapshot.unread };
  const deliveries = deliveriesOf(input, { external, uncoveredFiles: external === undefined });
  const resolved = deliveries.filter(d => d.manifests);
  const everywhere = deliveries.filter(d => !d.manifests);
  const deliveryById = new Map<string, Delivery>();
  const declared = new Map<string, string[]>();
  for (const d of deliveries) {
    deliveryById.set(d.id, d);
    if (d.declaredIn) declared.set(d.id, [...new Set([...(declared.get(d.id) ?? []), d.declaredIn])]);
  }
  const duplicateDeliveries = [...declared].filter(([, files]) => files.length > 1).map(([id, files]) => ({ id, files }));
  return {
    snapshot, byId, templates, policies, namespaces, karmadaObjects, overrides, customizations, otherDeliveryObjects,
    deliveries, deliveryById, resolved, everywhere, duplicates, duplicateDeliveries,
  };
}

/** how many deliveries that know what they apply are asked one by one; beyond, an index of their paths is made. */
const FEW_DELIVERIES = 8;

// the deliveries of each manifest path, for a side with many deliveries (made when first asked).
const deliverersByPath = new WeakMap<Side, ReadonlyMap<string, readonly Delivery[]>>();

/** the deliveries that apply a manifest path, in the order of {@link Side.deliveries}. */
export function deliverersOf(side: Side, file: string): readonly Delivery[] {
  let list: readonly Delivery[];
  if (side.resolved.length <= FEW_DELIVERIES) {
    list = side.resolved.filter(d => d.manifests!.has(file));
  } else {
    let index = deliverersByPath.get(side);
    if (!index) {
      const made = new Map<string, Delivery[]>();
      for (const d of side.resolved) {
        for (const m of d.manifests!) {
          const those = made.get(m);
          if (those) those.push(d);
          else made.set(m, [d]);
        }
      }
      deliverersByPath.set(side, index = made);
    }
    list = index.get(file) ?? [];
  }
  return side.everywhere.length ? [...list, ...side.everywhere] : list;
}

/** whether any delivery applies a manifest path. */
export function isDelivered(side: Side, file: string): boolean {
  return side.everywhere.length > 0 || deliverersOf(side, file).length > 0;
}

/**
 * What becomes of a base object after the change. For each delivery that applies it in the
 * base: the same delivery keeps applying it (same target, the file still in its scope); or it
 * prunes it (the file left, the delivery prunes, the object does not opt out); or its deletion
 * cascades; or it just stops applying it. Deleted by any is deleted; dropped by one and applied
 * by none is orphaned.
 */
export function fateOf(e: DistEntry, b: Side, h: Side): Fate {
  const from = deliverersOf(b, e.file);
  if (from.length === 0) return { state: 'undelivered' };
  const next = h.byId.get(e.id);
  let dropped: string | undefined;
  for (const d of from) {
    const dh = h.deliveryById.get(d.id);
    const keeps = dh && dh.target === d.target && next && (!dh.manifests || dh.manifests.has(next.file));
    if (keeps) continue;
    if (dh) {
      // a changed repository, revision or destination: the gate cannot tell what the tool does with the old objects.
      if (dh.target !== d.target && !protectedFrom(d.tool, e.object, 'prune')) {
        return { state: 'deleted', how: `left to ${d.id}, whose repository, revision or destination changes, to prune or not` };
      }
      if (dh.prunes && !protectedFrom(d.tool, e.object, 'prune')) {
        return { state: 'deleted', how: next ? `pruned by ${d.id}, which no longer applies ${next.file}` : `pruned by ${d.id}, as its file is removed` };
      }
    } else if (d.cascades && !protectedFrom(d.tool, e.object, 'delete')) {
      return { state: 'deleted', how: `deleted with ${d.id}, which is removed and deletes what it applied` };
    }
    dropped ??= d.id;
  }
  if (dropped && !(next && isDelivered(h, next.file))) {
    return { state: 'orphaned', how: `left outside every delivery (${dropped} no longer applies it): it would stay in Karmada unmanaged, and whoever deletes it later deletes the member object` };
  }
  return { state: 'kept' };
}

function withoutDeletionTimestamp(o: KubeObject): KubeObject {
  const metadata: Record<string, unknown> = { ...o.metadata };
  delete metadata.deletionTimestamp;
  return { ...o, metadata } as KubeObject;
}
