// Fleet consolidation: the cleaned objects of several member clusters become one resource template per
// object identity, placed on exactly the clusters that have the object, plus the overriders that
// turn the template into each other cluster's copy under Karmada's override semantics
// (src/karmada/overrides.ts; karmada v1.18.2 pkg/util/overridemanager). Karmada facts used here:
// pkg/util/names/names.go GenerateBindingName (`<name>-<kind>`, no group: two objects that differ
// by group alone collide), pkg/apis/apps/validation (apps/v1 selectors are immutable),
// pkg/resourceinterpreter/default/native/retain.go (the member keeps its Job selector).
import { canonicalJson, child, compareStrings, getOwn, isJsonObject, JsonObject, JsonValue, setOwn, stringMap } from '../kube/json';
import { compareKeys, formatKey, groupOf, KubeObject, keyOf, keyString, ObjectKey } from '../kube/object';
import { createHash } from 'crypto';
import {
  applyOverriders, formatImage, formatJsonPointer, ImageOverrider, LabelAnnotationOverrider, OverridePolicyManifest, overrideImage, Overriders,
  parseImage, PlaintextOverrider,
} from '../karmada/overrides';

/** The cleaned objects of one member cluster. */
export interface ClusterObjects {
  /** the cluster's name in Karmada. */
  readonly cluster: string;
  /** its objects, cleaned (`Inventory.templates`). */
  readonly objects: readonly KubeObject[];
}

/** Options of {@link consolidateFleet}. */
export interface ConsolidateOptions {
  /**
   * the cluster whose copy becomes the template wherever it has the object.
   *
   * @default - the copy most clusters share; of equally shared copies, the one of the cluster first by name
   */
  readonly baseCluster?: string;
}

/** The overriders one cluster needs. */
export interface ClusterOverride {
  readonly cluster: string;
  /** applied to the template (one overriders block), they give the cluster's copy exactly. */
  readonly overriders: Overriders;
}

/** One object identity of the fleet, as one template. */
export interface ConsolidatedObject {
  readonly key: ObjectKey;
  /** the copy chosen as the template. */
  readonly template: KubeObject;
  /** the cluster the template was taken from. */
  readonly baseCluster: string;
  /** every cluster that has the object, sorted: the placement, exactly. */
  readonly clusters: readonly string[];
  /** the clusters whose copy is the template, sorted. */
  readonly identicalIn: readonly string[];
  /** one entry per other cluster, sorted by cluster. */
  readonly overrides: readonly ClusterOverride[];
}

/** An object identity that cannot be one template. */
export interface RefusedObject {
  readonly key: ObjectKey;
  /** the clusters that have it, sorted. */
  readonly clusters: readonly string[];
  /** why, and what to do, in words for the user. */
  readonly reason: string;
}

/** What {@link consolidateFleet} made of the fleet. */
export interface Consolidation {
  /** sorted by key. */
  readonly objects: readonly ConsolidatedObject[];
  /** sorted by key. */
  readonly refused: readonly RefusedObject[];
}

// apps/v1 selectors are immutable (pkg/apis/apps/validation: ValidateDeploymentUpdate, ...StatefulSetUpdate, ...DaemonSetUpdate,
// ...ReplicaSetUpdate). A Job's selector is not listed: Karmada keeps the member's (retain.go retainJobSelectorFields).
const IMMUTABLE_SELECTOR_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/**
 * Consolidates the cleaned objects of several clusters: per identity (API group, kind, namespace,
 * name) the copy most clusters share becomes the template (or `baseCluster`'s), placed on exactly
 * the clusters that have the object, and every other cluster gets the overriders that turn the
 * template into its copy: `imageOverrider` (with a predicate naming the field) for registry,
 * repository and tag changes, `labelsOverrider` / `annotationsOverrider` for top-level metadata,
 * `plaintext` for the rest, replicas included (each cluster keeps its own count). Refused, with
 * the reason: objects that differ by API group alone (Karmada's binding names would collide), by
 * apiVersion, or by an immutable apps/v1 `spec.selector`.
 *
 * @throws Error naming the cluster when a cluster is given twice or an object twice in one cluster
 */
export function consolidateFleet(sources: readonly ClusterObjects[], options: ConsolidateOptions = {}): Consolidation {
  const seenClusters = new Set<string>();
  const byKey = new Map<string, { key: ObjectKey; copies: Map<string, KubeObject> }>();
  for (const { cluster, objects } of sources) {
    if (seenClusters.has(cluster)) throw new Error(`cluster '${cluster}' is given twice: give each member cluster once, with all its inventory`);
    seenClusters.add(cluster);
    for (const object of objects) {
      const key = keyOf(object);
      const k = keyString(key);
      let entry = byKey.get(k);
      if (!entry) byKey.set(k, entry = { key, copies: new Map() });
      if (entry.copies.has(cluster)) throw new Error(`${formatKey(key)} is twice in the inventory of cluster '${cluster}'`);
      entry.copies.set(cluster, object);
    }
  }
  // Karmada's binding (and Work) names leave the group out: `<name>-<kind>` in the namespace.
  const byBindingName = new Map<string, ObjectKey[]>();
  for (const { key } of byKey.values()) {
    const b = `${key.kind}\u0000${key.namespace ?? ''}\u0000${key.name}`;
    byBindingName.set(b, [...(byBindingName.get(b) ?? []), key]);
  }
  const objects: ConsolidatedObject[] = [];
  const refused: RefusedObject[] = [];
  for (const { key, copies } of byKey.values()) {
    const clusters = [...copies.keys()].sort(compareStrings);
    const namesakes = byBindingName.get(`${key.kind}\u0000${key.namespace ?? ''}\u0000${key.name}`)!;
    if (namesakes.length > 1) {
      const others = namesakes.filter(k => k.group !== key.group).map(formatKey).join(', ');
      refused.push({
        key, clusters, reason: `${others} has the same kind, namespace and name in another API group: Karmada names the binding and the Works ` +
          `'${key.name.toLowerCase()}-${key.kind.toLowerCase()}' without the group (pkg/util/names GenerateBindingName), so the two would collide; exclude one of them`,
      });
      continue;
    }
    const result = consolidateOne(key, clusters, copies, options.baseCluster);
    if ('reason' in result) refused.push(result);
    else objects.push(result);
  }
  const byKeyOrder = (a: { key: ObjectKey }, b: { key: ObjectKey }) => compareKeys(a.key, b.key);
  return { objects: objects.sort(byKeyOrder), refused: refused.sort(byKeyOrder) };
}

function consolidateOne(
  key: ObjectKey, clusters: string[], copies: Map<string, KubeObject>, baseCluster?: string,
): ConsolidatedObject | RefusedObject {
  const versions = new Set(clusters.map(c => copies.get(c)!.apiVersion));
  if (versions.size > 1) {
    return {
      key, clusters, reason: `its apiVersion differs between clusters (${clusters.map(c => `${c}: ${copies.get(c)!.apiVersion}`).join(', ')}): ` +
        'a template has one, and overriding apiVersion breaks Karmada\'s status tracking (karmada-io/karmada#1215); export every cluster in the same version',
    };
  }
  if (IMMUTABLE_SELECTOR_KINDS.has(key.kind) && groupOf(copies.get(clusters[0])!.apiVersion) === 'apps') {
    const selectors = new Set(clusters.map(c => canonicalJson(child(copies.get(c)! as unknown as JsonObject, 'spec')?.selector ?? null)));
    if (selectors.size > 1) {
      return {
        key, clusters, reason: `spec.selector differs between clusters (${clusters.map(c => `${c}: ${canonicalJson(child(copies.get(c)! as unknown as JsonObject, 'spec')?.selector ?? null)}`).join(', ')}): ` +
          'it is immutable, and a template whose selector is right on a cluster only through an override makes any failed or removed override ' +
          'a PUT the member rejects; make the selectors equal, or exclude the object',
      };
    }
  }
  // group the clusters by their copy.
  const groups = new Map<string, string[]>();
  for (const c of clusters) {
    const text = canonicalJson(copies.get(c));
    groups.set(text, [...(groups.get(text) ?? []), c]);
  }
  const ranked = [...groups.values()].sort((a, b) => b.length - a.length || compareStrings(a[0], b[0]));
  const chosen = baseCluster !== undefined && copies.has(baseCluster) ? ranked.find(g => g.includes(baseCluster))! : ranked[0];
  const base = baseCluster !== undefined && copies.has(baseCluster) ? baseCluster : chosen[0];
  const template = copies.get(base)!;
  const overrides: ClusterOverride[] = [];
  for (const c of clusters) {
    if (chosen.includes(c)) continue;
    try {
      overrides.push({ cluster: c, overriders: overridersFor(template as unknown as JsonObject, copies.get(c)! as unknown as JsonObject) });
    } catch (e) {
      return { key, clusters, reason: `the copy of cluster '${c}' cannot be expressed as overrides of the template from '${base}': ${(e as Error).message}` };
    }
  }
  return { key, template, baseCluster: base, clusters, identicalIn: [...chosen], overrides };
}

/**
 * The overriders that turn `template` into `target` under Karmada's semantics (one block,
 * `applyOverriders(template, result)` deep-equals `target`): image components where the image
 * parses and round-trips, labels and annotations where both maps exist (or the target adds one),
 * plaintext JSON patches for what remains.
 *
 * @throws Error when the result would not reproduce the target (a model gap)
 */
export function overridersFor(template: JsonObject, target: JsonObject): Overriders {
  const imageOverrider = imageOverriders(template, target);
  const labelsOverrider = metadataOverriders(template, target, 'labels');
  const annotationsOverrider = metadataOverriders(template, target, 'annotations');
  const partial: Overriders = {
    ...(imageOverrider.length ? { imageOverrider } : {}),
    ...(labelsOverrider.length ? { labelsOverrider } : {}),
    ...(annotationsOverrider.length ? { annotationsOverrider } : {}),
  };
  const plaintext: PlaintextOverrider[] = [];
  diffToPatch(applyOverriders(template, partial), target, [], plaintext);
  const overriders: Overriders = { ...partial, ...(plaintext.length ? { plaintext } : {}) };
  if (canonicalJson(applyOverriders(template, overriders)) !== canonicalJson(target)) {
    throw new Error('the overriders computed do not reproduce the copy (a gap in the override model)');
  }
  return overriders;
}

// the pod spec of the kinds whose images the generator overrides, by kind.
function podSpecPath(kind: unknown): string[] | undefined {
  switch (kind) {
    case 'Pod': return ['spec'];
    case 'Deployment': case 'ReplicaSet': case 'DaemonSet': case 'StatefulSet': case 'Job': return ['spec', 'template', 'spec'];
    case 'CronJob': return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    default: return undefined;
  }
}

function at(obj: JsonObject, path: readonly string[]): JsonObject | undefined {
  let cur: JsonObject | undefined = obj;
  for (const p of path) cur = child(cur, p);
  return cur;
}

function imageOverriders(template: JsonObject, target: JsonObject): ImageOverrider[] {
  const path = podSpecPath(template.kind);
  if (!path) return [];
  const out: ImageOverrider[] = [];
  for (const list of ['initContainers', 'containers']) {
    const a = getOwn(at(template, path), list);
    const b = getOwn(at(target, path), list);
    if (!Array.isArray(a) || !Array.isArray(b)) continue;
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const from = isJsonObject(a[i]) ? getOwn(a[i] as JsonObject, 'image') : undefined;
      const to = isJsonObject(b[i]) ? getOwn(b[i] as JsonObject, 'image') : undefined;
      if (typeof from !== 'string' || typeof to !== 'string' || from === to) continue;
      const ops = imageComponentOps(from, to, formatJsonPointer([...path, list, i, 'image']));
      if (ops) out.push(...ops);
    }
  }
  return out;
}

// Registry/Repository/Tag replace (or remove) operations from one image to another; undefined when
// Karmada's parser would not give back the same text (a digest beside a tag, an unparsable reference).
function imageComponentOps(from: string, to: string, predicatePath: string): ImageOverrider[] | undefined {
  let a;
  let b;
  try {
    a = parseImage(from);
    b = parseImage(to);
  } catch {
    return undefined;
  }
  if (formatImage(a) !== from || formatImage(b) !== to) return undefined;
  const predicate = { path: predicatePath };
  const ops: ImageOverrider[] = [];
  if (a.hostname !== b.hostname) {
    ops.push(b.hostname ? { predicate, component: 'Registry', operator: 'replace', value: b.hostname } : { predicate, component: 'Registry', operator: 'remove' });
  }
  if (a.repository !== b.repository) ops.push({ predicate, component: 'Repository', operator: 'replace', value: b.repository });
  if (a.tag !== b.tag || a.digest !== b.digest) {
    const value = b.tag || b.digest;
    ops.push(value ? { predicate, component: 'Tag', operator: 'replace', value } : { predicate, component: 'Tag', operator: 'remove' });
  }
  const result = ops.reduce((image, o) => overrideImage(image, o), from);
  return result === to ? ops : undefined;
}

function metadataOverriders(template: JsonObject, target: JsonObject, field: 'labels' | 'annotations'): LabelAnnotationOverrider[] {
  const from = getOwn(child(template, 'metadata'), field);
  const to = getOwn(child(target, 'metadata'), field);
  // what the maps' overriders cannot say (a map removed, a value not a string) is left to plaintext.
  if (to === undefined || !isStringMap(to) || (from !== undefined && !isStringMap(from))) return [];
  const a = stringMap(template, field);
  const b = stringMap(target, field);
  const add: Record<string, string> = {};
  const remove: Record<string, string> = {};
  for (const k of Object.keys(b).sort(compareStrings)) if (getOwn(a, k) !== b[k]) setOwn(add, k, b[k]);
  for (const k of Object.keys(a).sort(compareStrings)) if (getOwn(b, k) === undefined) setOwn(remove, k, a[k]);
  const out: LabelAnnotationOverrider[] = [];
  if (Object.keys(add).length > 0) out.push({ operator: 'add', value: add });
  if (Object.keys(remove).length > 0) out.push({ operator: 'remove', value: remove });
  return out;
}

function isStringMap(v: JsonValue | undefined): boolean {
  return isJsonObject(v) && Object.values(v).every(x => typeof x === 'string');
}

// the JSON patch from a to b: members added, removed or recursed into; arrays of one length element by element, else replaced whole.
function diffToPatch(a: JsonValue, b: JsonValue, path: Array<string | number>, out: PlaintextOverrider[]): void {
  if (canonicalJson(a) === canonicalJson(b)) return;
  if (isJsonObject(a) && isJsonObject(b)) {
    for (const k of Object.keys(a).sort(compareStrings)) {
      if (getOwn(b, k) === undefined) out.push({ path: formatJsonPointer([...path, k]), operator: 'remove' });
    }
    for (const k of Object.keys(b).sort(compareStrings)) {
      const av = getOwn(a, k);
      if (av === undefined) out.push({ path: formatJsonPointer([...path, k]), operator: 'add', value: b[k] });
      else diffToPatch(av, b[k], [...path, k], out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => diffToPatch(x, b[i], [...path, i], out));
    return;
  }
  if (path.length === 0) throw new Error('the copies are not both objects');
  out.push({ path: formatJsonPointer(path), operator: 'replace', value: b });
}

/**
 * The name of the override policy of one object: `<prefix>-<name>-<kind>` in lowercase (the
 * binding's name, which the group never takes part in, prefixed), cut to 253 characters with a
 * hash of the whole when longer. A name that is no DNS subdomain as it stands (a ClusterRole's
 * `system:aggregate-to-edit`, capitals) has its other characters made dots and a hash of the
 * name itself added, so that `a:b` and `a.b` (or `Admin` and `admin`) get two policies, not one.
 */
export function overridePolicyName(prefix: string, key: ObjectKey): string {
  const hash = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);
  const plain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(key.name);
  const name = plain ? key.name : `${key.name.toLowerCase().replace(/[^a-z0-9.-]/g, '.').replace(/[-.]*\.[-.]*/g, '.').replace(/^[-.]+|[-.]+$/g, '')}-${hash(key.name, 8)}`;
  const full = `${prefix}-${name}-${key.kind}`.toLowerCase();
  if (full.length <= 253) return full;
  return `${full.slice(0, 253 - 17).replace(/[.-]+$/, '')}-${hash(full, 16)}`;
}

/**
 * The override policy that carries an object's per-cluster differences: an OverridePolicy in its
 * namespace, or a ClusterOverridePolicy for a cluster-scoped object (only those apply to it,
 * overridemanager.go applyNamespacedOverrides), selecting the object by name, one rule per
 * differing cluster (`targetCluster.clusterNames: [cluster]`); undefined when every cluster has the template.
 */
export function overridePolicyOf(object: ConsolidatedObject, name: string): OverridePolicyManifest | undefined {
  if (object.overrides.length === 0) return undefined;
  const { template } = object;
  const selector: JsonObject = {
    apiVersion: template.apiVersion, kind: template.kind, name: template.metadata.name,
    ...(object.key.namespace ? { namespace: object.key.namespace } : {}),
  };
  const spec = {
    resourceSelectors: [selector],
    overrideRules: object.overrides.map(o => ({ targetCluster: { clusterNames: [o.cluster] }, overriders: o.overriders })),
  };
  return object.key.namespace
    ? { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'OverridePolicy', metadata: { name, namespace: object.key.namespace }, spec }
    : { apiVersion: 'policy.karmada.io/v1alpha1', kind: 'ClusterOverridePolicy', metadata: { name }, spec };
}
