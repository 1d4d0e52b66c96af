// karmada v1.18.2: which member clusters a policy's placement schedules a template to, as far as
// the manifests (and optionally the Cluster objects) tell. Sources:
// pkg/util/selector.go (ClusterMatches, matchZones, extractClusterFields: exclude, labelSelector,
// fieldSelector on provider/region/zones, clusterNames), pkg/scheduler/core (a placement change
// reschedules the binding; Duplicated gives every feasible cluster the object, Divided may leave a
// cluster with no replicas and drop it), pkg/scheduler/scheduler.go (clusterAffinities: the first
// affinity group that yields a feasible result is used), pkg/scheduler/core/spreadconstraint
// (spreadConstraints select a subset of the feasible clusters),
// pkg/scheduler/framework/plugins/tainttoleration (a cluster already in the binding's target is
// never filtered out by taints), pkg/apis/policy/v1alpha1/propagation_types.go (Placement).
import { compileLabelSelector } from '../kube/label-selector';
import { canonicalJson, child, isJsonObject, JsonObject, JsonValue, objectItems, setOwn, str } from '../kube/json';

/** A member cluster as the scheduler's cluster-affinity filter reads it (`cluster.karmada.io/v1alpha1` Cluster). */
export interface MemberCluster {
  /** `metadata.name`. */
  readonly name: string;
  /** `metadata.labels`. */
  readonly labels: Readonly<Record<string, string>>;
  /** `spec.provider`. @default '' */
  readonly provider?: string;
  /** `spec.region`. @default '' */
  readonly region?: string;
  /** `spec.zones`. @default [] */
  readonly zones?: readonly string[];
}

/** What can be said about the clusters a placement schedules to. */
export interface PlacementClusters {
  /**
   * Every cluster the placement may schedule the template to; `undefined` when it cannot
   * be told (a selector, and no Cluster objects to resolve it against).
   */
  readonly possible?: ReadonlySet<string>;
  /** The clusters it schedules the template to whatever the scheduler decides. */
  readonly certain: ReadonlySet<string>;
  /**
   * Why the sets are not exact, for a reviewer.
   *
   * @default - they are exact
   */
  readonly uncertainty?: string;
}

/**
 * Reads `kubectl get clusters.cluster.karmada.io -o json` items.
 *
 * @param objects the items (a List already expanded)
 * @returns the clusters, by name
 * @throws Error naming the item when one is not a Cluster
 */
export function memberClusters(objects: readonly unknown[]): Map<string, MemberCluster> {
  const out = new Map<string, MemberCluster>();
  objects.forEach((o, i) => {
    if (!isJsonObject(o) || o.kind !== 'Cluster' || typeof o.apiVersion !== 'string' || !o.apiVersion.startsWith('cluster.karmada.io/')) {
      throw new Error(`item ${i} is not a cluster.karmada.io Cluster`);
    }
    const meta = child(o, 'metadata');
    const spec = child(o, 'spec');
    const name = str(meta, 'name');
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(child(meta, 'labels') ?? {})) if (typeof v === 'string') setOwn(labels, k, v);
    const zones = Array.isArray(spec?.zones) ? spec.zones.filter((z): z is string => typeof z === 'string') : [];
    out.set(name, { name, labels, provider: str(spec, 'provider'), region: str(spec, 'region'), zones });
  });
  return out;
}

/**
 * The clusters a placement (`spec.placement` of a PropagationPolicy or
 * ClusterPropagationPolicy) schedules a template to.
 *
 * Without `clusters`, only a `clusterAffinity` that names its clusters (`clusterNames`,
 * minus `exclude`) and has no label or field selector resolves; anything else is
 * unknown. With the Cluster objects, selectors are matched as `util.ClusterMatches` does.
 * Either way, what the scheduler may leave out is not certain: clusters beyond the chosen
 * `clusterAffinities` group, those `spreadConstraints` do not pick, and with `Divided`
 * replica scheduling those that get no replicas.
 *
 * @param placement `spec.placement`
 * @param clusters the registered member clusters, by name
 */
export function placementClusters(placement: unknown, clusters?: ReadonlyMap<string, MemberCluster>): PlacementClusters {
  const p = isJsonObject(placement) ? placement : {};
  const groups: JsonObject[] = objectItems(p, 'clusterAffinities');
  const affinities = groups.length > 0 ? groups : [child(p, 'clusterAffinity') ?? {}];
  const resolved = affinities.map(a => affinityClusters(a, clusters));
  const unknown = resolved.find(r => r.possible === undefined);
  let possible: Set<string> | undefined;
  let certain: Set<string>;
  if (unknown) {
    possible = undefined;
    certain = new Set();
  } else {
    possible = new Set(resolved.flatMap(r => [...r.possible!]));
    // whichever group the scheduler settles on, the clusters every group holds are in it.
    certain = new Set([...resolved[0].possible!].filter(c => resolved.every(r => r.possible!.has(c))));
  }
  const reasons: string[] = [];
  if (unknown) reasons.push(unknown.why!);
  if (groups.length > 1) reasons.push('clusterAffinities: the scheduler uses the first group that fits, so only the clusters of every group are certain');
  if (objectItems(p, 'spreadConstraints').length > 0) {
    certain = new Set();
    reasons.push('spreadConstraints: the scheduler picks a subset of the clusters');
  }
  const replicaScheduling = child(p, 'replicaScheduling');
  // a nil replicaScheduling is Duplicated (Placement.ReplicaSchedulingType); present without a type, the CRD defaults it to Divided.
  if (replicaScheduling && str(replicaScheduling, 'replicaSchedulingType') !== 'Duplicated') {
    certain = new Set();
    reasons.push('replicaScheduling Divided: a cluster that gets no replicas is left out');
  }
  return { ...(possible ? { possible } : {}), certain, ...(reasons.length ? { uncertainty: reasons.join('; ') } : {}) };
}

/** Whether two placements are the same to the scheduler (the same JSON, keys in any order). */
export function samePlacement(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? {}) === canonicalJson(b ?? {});
}

function affinityClusters(affinity: JsonObject, clusters?: ReadonlyMap<string, MemberCluster>): { possible?: Set<string>; why?: string } {
  const names = strings(affinity.clusterNames);
  const exclude = new Set(strings(affinity.exclude));
  const hasLabels = affinity.labelSelector !== undefined && affinity.labelSelector !== null;
  const hasFields = affinity.fieldSelector !== undefined && affinity.fieldSelector !== null;
  if (!clusters) {
    if (names.length === 0 || hasLabels || hasFields) {
      const what = names.length === 0 && !hasLabels && !hasFields ? 'no clusterNames (every registered cluster)' : 'a label or field selector over clusters';
      return { why: `the placement has ${what}: without the Cluster objects (--clusters) the clusters it selects are unknown` };
    }
    return { possible: new Set(names.filter(n => !exclude.has(n))) };
  }
  const possible = new Set<string>();
  for (const cluster of clusters.values()) if (clusterMatches(cluster, affinity)) possible.add(cluster.name);
  // a named cluster the evidence lacks may still hold the objects (the list may be partial or
  // stale): possible, and certain where nothing but names decides.
  for (const n of names) if (!clusters.has(n) && !exclude.has(n) && !hasLabels && !hasFields) possible.add(n);
  return { possible };
}

/** `util.ClusterMatches`: exclude, labelSelector, fieldSelector, then clusterNames. */
export function clusterMatches(cluster: MemberCluster, affinity: JsonObject): boolean {
  if (strings(affinity.exclude).includes(cluster.name)) return false;
  if (affinity.labelSelector !== undefined && affinity.labelSelector !== null) {
    const compiled = compileLabelSelector(affinity.labelSelector);
    if (!compiled.ok || !compiled.selector.matches(cluster.labels)) return false;
  }
  const fieldSelector = child(affinity, 'fieldSelector');
  if (fieldSelector) {
    for (const e of objectItems(fieldSelector, 'matchExpressions')) {
      const key = str(e, 'key');
      const values = strings(e.values);
      const operator = str(e, 'operator');
      if (key === 'zone') {
        if (!zonesMatch(operator, values, cluster.zones ?? [])) return false;
        continue;
      }
      // NodeSelectorRequirementsAsSelector over {provider, region}: an empty field is absent.
      const value = key === 'provider' ? cluster.provider ?? '' : key === 'region' ? cluster.region ?? '' : '';
      if (!fieldMatches(operator, values, value)) return false;
    }
  }
  const names = strings(affinity.clusterNames);
  return names.length === 0 || names.includes(cluster.name);
}

function zonesMatch(operator: string, values: readonly string[], zones: readonly string[]): boolean {
  switch (operator) {
    case 'In': return zones.some(z => values.includes(z));
    case 'NotIn': return !zones.some(z => values.includes(z));
    case 'Exists': return zones.length > 0;
    case 'DoesNotExist': return zones.length === 0;
    default: return false;
  }
}

function fieldMatches(operator: string, values: readonly string[], value: string): boolean {
  switch (operator) {
    case 'In': return value !== '' && values.includes(value);
    case 'NotIn': return value === '' || !values.includes(value);
    case 'Exists': return value !== '';
    case 'DoesNotExist': return value === '';
    default: return false;
  }
}

function strings(v: JsonValue | undefined): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

