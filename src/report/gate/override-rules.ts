// What the change does, per member cluster, through the OverridePolicies and
// ClusterOverridePolicies. Karmada v1.18.2: pkg/controllers/binding/common.go (ensureWork: for
// each scheduled cluster, the template overridden by ApplyOverridePolicies becomes that cluster's
// Work; an overrider error skips the cluster, whose Work keeps its previous manifest),
// pkg/util/overridemanager/overridemanager.go (which policies apply, in which order: modelled in
// karmada/overrides.ts), pkg/controllers/execution/execution_controller.go (the execution
// controller applies each Work's manifest to its cluster: an Overwrite, karmada/overwrite.ts),
// pkg/util/objectwatcher/objectwatcher.go (the managed-labels and managed-annotations records
// that let a PUT remove what an override added before). A Work's manifest names the object it
// applies: an override of apiVersion, kind, metadata.name or metadata.namespace makes Karmada
// apply another object on that member than the template's.
import { DistEntry, isDelivered, deliverersOf, Side } from './side';
import { BindingEvidence } from '../../karmada/bindings';
import { formatPolicyRef, IMPLICIT_PRIORITY, TemplateClaim } from '../../karmada/claims';
import { applyOverridePolicies, OverridePolicyManifest, overridePolicyPriority } from '../../karmada/overrides';
import { OverwritePrediction, predictOverwrite } from '../../karmada/overwrite';
import { MemberCluster, placementClusters } from '../../karmada/placement';
import { MANAGED_ANNOTATIONS_ANNOTATION, MANAGED_LABELS_ANNOTATION } from '../../karmada/retain';
import { gvkKey, RetentionSpec } from '../../karmada/retention';
import { canonicalJson, child, compareStrings, isJsonObject, JsonObject, JsonValue, str } from '../../kube/json';
import { formatKey, KubeObject, keyOf } from '../../kube/object';
import type { CheckFinding } from '../check';

/** What the override rules need to know about the change. */
export interface OverrideContext {
  /** the deployed side. */
  readonly b: Side;
  /** the side of the change. */
  readonly h: Side;
  /** the PropagationPolicies and ClusterPropagationPolicies in Karmada before the change, by `Kind ns/name`. */
  readonly livePolicies: ReadonlyMap<string, DistEntry>;
  /** and after it. */
  readonly headPolicies: ReadonlyMap<string, DistEntry>;
  /** the bindings given as evidence, by template. @default - none */
  readonly bindings?: ReadonlyMap<string, BindingEvidence>;
  /** the member clusters given as evidence. @default - none */
  readonly clusters?: ReadonlyMap<string, MemberCluster>;
  /** a change on a member is an error, not a warning. */
  readonly strict: boolean;
}

/** A template of the change, with its claim on each side (none on the base side when it is new). */
export interface OverriddenTemplate {
  /** the base's entry; undefined for a template the change adds. */
  readonly base?: DistEntry;
  /** the change's entry. */
  readonly head: DistEntry;
  /** who may claim it as deployed. @default - none: a template the change adds */
  readonly baseClaim?: TemplateClaim;
  /** who may claim it after the change. */
  readonly headClaim: TemplateClaim;
}

/** An override policy as the gate reads it. */
interface ReadOverride {
  /** `Kind.group ns/name`. */
  readonly id: string;
  /** its file under dist/. */
  readonly file: string;
  /** its canonical JSON, to tell a change. */
  readonly fingerprint: string;
  /** the manifest as written. */
  readonly object: KubeObject;
  /** the manifest, when the model can apply it. */
  readonly policy?: OverridePolicyManifest;
  /** why a change of it cannot be judged (it cannot be applied, or it may override objects dist/ does not hold). */
  readonly problem?: string;
  /** whether a rule selects clusters by label or field. */
  readonly byClusterFields: boolean;
  /** its resourceSelectors, when the gate reads them (empty: every resource); undefined when it may match anything. */
  readonly selectors?: readonly JsonObject[];
  /** the clusters its rules name (clusterNames and exclude). */
  readonly named: readonly string[];
}

const OVERRIDE_API = 'policy.karmada.io/v1alpha1';
const SPEC_FIELDS = new Set(['resourceSelectors', 'overrideRules', 'targetCluster', 'overriders']);
const SELECTOR_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'name', 'labelSelector']);
const TARGET_FIELDS = new Set(['clusterNames', 'exclude', 'labelSelector', 'fieldSelector']);
const OVERRIDERS = new Set(['plaintext', 'imageOverrider', 'commandOverrider', 'argsOverrider', 'labelsOverrider', 'annotationsOverrider', 'fieldOverrider']);
/** the cluster standing for every cluster of a placement the gate cannot resolve that no rule names. */
const OTHER_CLUSTER = '';

// an override policy: the manifest when the model applies it, and what keeps a change of it from being judged.
function readOverride(id: string, file: string, fingerprint: string, object: KubeObject,
  clusters?: ReadonlyMap<string, MemberCluster>): ReadOverride {
  const named = new Set<string>();
  let byClusterFields = false;
  let selectors: JsonObject[] | undefined;
  const fail = (problem: string, appliable = false): ReadOverride => ({
    id, file, fingerprint, object, problem, byClusterFields, named: [...named].sort(compareStrings),
    ...(selectors ? { selectors } : {}), ...(appliable ? { policy: object as unknown as OverridePolicyManifest } : {}),
  });
  // selectors the gate cannot read may match any kind.
  const failAnyKind = (problem: string): ReadOverride => {
    selectors = undefined;
    return fail(problem);
  };
  if (object.apiVersion !== OVERRIDE_API) return failAnyKind(`its apiVersion ${object.apiVersion} is not ${OVERRIDE_API}, the version the model knows`);
  const spec = isJsonObject(object.spec) ? object.spec : {};
  const unknown = Object.keys(spec).find(k => !SPEC_FIELDS.has(k));
  if (unknown) return failAnyKind(`spec.${unknown} is not modelled`);

  // the resources it selects: pkg/util/selector.go ResourceMatchSelectorsPriority.
  const raw = spec.resourceSelectors ?? [];
  if (!Array.isArray(raw) || !raw.every(isJsonObject)) return failAnyKind('spec.resourceSelectors is not a list of selectors');
  let breadth: string | undefined;
  if (raw.length === 0) {
    breadth = `it has no resourceSelectors, so it overrides every resource ${object.kind === 'OverridePolicy' ? 'of its namespace' : 'of the Karmada control plane'}, beyond what dist/ holds`;
  }
  for (const [i, s] of raw.entries()) {
    const odd = Object.keys(s).find(k => !SELECTOR_FIELDS.has(k));
    if (odd) return failAnyKind(`spec.resourceSelectors[${i}].${odd} is not modelled`);
    if (!str(s, 'apiVersion') || !str(s, 'kind')) return failAnyKind(`spec.resourceSelectors[${i}] names no apiVersion and kind`);
    // an OverridePolicy's selectors get its namespace (pkg/webhook/overridepolicy/mutating.go).
    if (object.kind === 'ClusterOverridePolicy' && !str(s, 'name') && !str(s, 'namespace')) {
      breadth ??= `spec.resourceSelectors[${i}] names no object and no namespace, so it overrides every ${str(s, 'kind')} of the Karmada control plane, beyond what dist/ holds`;
    }
  }

  selectors = raw;

  // the clusters each rule overrides: pkg/util/selector.go ClusterMatches.
  const rules = spec.overrideRules ?? [];
  if (!Array.isArray(rules) || !rules.every(isJsonObject)) return fail('spec.overrideRules is not a list of rules');
  if (rules.length > 0 && (spec.targetCluster !== undefined || spec.overriders !== undefined)) {
    return fail('spec.overrideRules is given with the deprecated spec.targetCluster or spec.overriders, which the webhook refuses');
  }
  const blocks = rules.length > 0
    ? rules.map((r, i) => ({ where: `spec.overrideRules[${i}]`, target: r.targetCluster, overriders: r.overriders }))
    : [{ where: 'spec', target: spec.targetCluster, overriders: spec.overriders ?? {} }];
  for (const { where, target, overriders } of blocks) {
    if (target !== undefined && target !== null) {
      if (!isJsonObject(target)) return fail(`${where}.targetCluster is not an object`);
      const odd = Object.keys(target).find(k => !TARGET_FIELDS.has(k));
      if (odd) return fail(`${where}.targetCluster.${odd} is not modelled`);
      for (const k of ['clusterNames', 'exclude']) {
        const list = target[k] ?? [];
        if (!Array.isArray(list) || !list.every(x => typeof x === 'string')) return fail(`${where}.targetCluster.${k} is not a list of names`);
        for (const n of list as string[]) named.add(n);
      }
      if ((target.labelSelector ?? null) !== null || (target.fieldSelector ?? null) !== null) {
        byClusterFields = true;
        if (!clusters) return fail(`${where}.targetCluster selects clusters by label or field: without the Cluster objects (--clusters) the gate cannot tell which clusters it overrides`);
      }
    }
    if (!isJsonObject(overriders)) return fail(`${where}.overriders is not an object`);
    for (const [k, v] of Object.entries(overriders)) {
      if (!OVERRIDERS.has(k)) return fail(`${where}.overriders.${k} is not modelled`);
      if (!Array.isArray(v) || !v.every(isJsonObject)) return fail(`${where}.overriders.${k} is not a list of overriders`);
      if (k === 'fieldOverrider' && v.length > 0) return fail(`${where}.overriders.fieldOverrider is not modelled (the YAML or JSON it patches inside a string field)`);
    }
  }
  return breadth ? fail(breadth, true) : {
    id, file, fingerprint, object, policy: object as unknown as OverridePolicyManifest, byClusterFields, selectors,
    named: [...named].sort(compareStrings),
  };
}

/** The override policies of one side in Karmada, indexed by the kind and name their selectors name. */
class OverrideIndex {
  public readonly all: readonly ReadOverride[];
  /** by `kind/name`, or `kind/` for a selector without a name. */
  private readonly bySelector = new Map<string, ReadOverride[]>();
  private readonly anyKind: ReadOverride[] = [];

  public constructor(all: readonly ReadOverride[]) {
    this.all = all;
    for (const o of all) {
      const selectors = o.selectors ?? [];
      if (selectors.length === 0) {
        this.anyKind.push(o);
        continue;
      }
      for (const key of new Set(selectors.map(s => `${str(s, 'kind')}/${str(s, 'name')}`))) {
        const list = this.bySelector.get(key);
        if (list) list.push(o);
        else this.bySelector.set(key, [o]);
      }
    }
  }

  /** the policies that override the template (or may: those whose selectors the gate does not read), by id. */
  public matching(template: KubeObject): ReadOverride[] {
    const namespace = template.metadata.namespace;
    const candidates = new Set([
      ...(this.bySelector.get(`${template.kind}/${template.metadata.name}`) ?? []), ...(this.bySelector.get(`${template.kind}/`) ?? []), ...this.anyKind,
    ]);
    return [...candidates].filter(o => {
      // pkg/util/overridemanager/overridemanager.go: an OverridePolicy overrides the templates of its namespace only.
      if (o.object.kind === 'OverridePolicy' && (!namespace || (o.object.metadata.namespace ?? 'default') !== namespace)) return false;
      if (!o.selectors) return true;
      const selecting = { ...o.object, spec: { resourceSelectors: o.selectors } } as unknown as OverridePolicyManifest;
      return overridePolicyPriority(template as unknown as JsonObject, selecting) !== IMPLICIT_PRIORITY.misMatch;
    }).sort((x, y) => compareStrings(x.id, y.id));
  }
}

/**
 * The override findings of a change:
 *
 * - `karmada-object`: an override policy the model cannot evaluate (a fieldOverrider, clusters
 *   selected by label without `--clusters`, selectors that reach beyond dist/) is added, changed
 *   or removed;
 * - `override-changes-member`: for a template that stays, what Karmada applies on a cluster it
 *   stays on changes because an override policy that selects it changes; the Overwrite outcome
 *   (karmada/overwrite.ts, the base's effective manifest standing for the member's object) is a
 *   warning (an error with `--strict`), an error when the member refuses the PUT or the override
 *   makes the Work name another object than the template;
 * - `override-fails`: an overrider fails on a cluster (Karmada then leaves that cluster's Work as
 *   it was);
 * - `override-unresolved`: the gate cannot compute what a cluster gets.
 *
 * @param templates the templates that stay (with a base entry) and those the change adds
 */
export function overrideFindings(ctx: OverrideContext, templates: readonly OverriddenTemplate[]): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const read = (side: Side, present: (file: string) => boolean) => new OverrideIndex([...side.overrides]
    .filter(([, o]) => present(o.file))
    .map(([id, o]) => readOverride(id, o.file, o.fingerprint, o.object, ctx.clusters)));
  const before = read(ctx.b, f => deliverersOf(ctx.b, f).length > 0);
  const after = read(ctx.h, f => isDelivered(ctx.h, f));

  // a change of a policy the model cannot evaluate: refused, saying why.
  const beforeById = new Map(before.all.map(o => [o.id, o]));
  const afterById = new Map(after.all.map(o => [o.id, o]));
  for (const id of [...new Set([...beforeById.keys(), ...afterById.keys()])].sort(compareStrings)) {
    const x = beforeById.get(id);
    const y = afterById.get(id);
    if (x && y && x.fingerprint === y.fingerprint) continue;
    const problem = y?.problem ?? x?.problem;
    if (!problem) continue;
    findings.push({
      severity: 'error', rule: 'karmada-object', object: id,
      message: `${id} (${(y ?? x)!.file}) is ${!x ? 'added' : !y ? 'removed' : 'changed'}, and the gate cannot tell what it does to the member objects: ${problem}`,
      fix: 'select the templates of dist/ by apiVersion, kind and name (or namespace), target clusters by clusterNames (or give --clusters), ' +
        'use the overriders the model knows (plaintext, image, command, args, labels, annotations); or change it in a pull request of its own, reviewed by hand',
    });
  }

  for (const t of templates) findings.push(...judgeOverrides(ctx, t, before, after));
  return findings;
}

/** One cluster's verdict, before grouping the clusters that share it. */
interface ClusterVerdict {
  readonly severity: 'error' | 'warning';
  readonly rule: string;
  /** the message after `<object> on <clusters>: `. */
  readonly message: string;
  readonly fix?: string;
}

type Effective = { readonly object: JsonObject } | { readonly error: string };

function judgeOverrides(ctx: OverrideContext, t: OverriddenTemplate, before: OverrideIndex, after: OverrideIndex): CheckFinding[] {
  const baseMatches = t.base ? before.matching(t.base.object) : [];
  const headMatches = after.matching(t.head.object);
  if (baseMatches.length === 0 && headMatches.length === 0) return [];
  const prints = (list: readonly ReadOverride[]) => list.map(o => `${o.id}\u0000${o.fingerprint}`).join('\u0001');
  const overridesChanged = prints(baseMatches) !== prints(headMatches);
  const templateChanged = !t.base || canonicalJson(t.base.object) !== canonicalJson(t.head.object);
  if (!overridesChanged && !templateChanged) return [];
  const id = t.head.id;
  const changed = [...new Map([...baseMatches, ...headMatches].filter(o => {
    const other = (baseMatches.includes(o) ? headMatches : baseMatches).find(x => x.id === o.id);
    return !other || other.fingerprint !== o.fingerprint;
  }).map(o => [o.id, o])).values()];
  const unmodelled = [...baseMatches, ...headMatches].filter(o => !o.policy);
  if (unmodelled.length > 0) {
    // a new template is the takeover's (the plan shows what it applies); a changed policy is refused as a karmada-object already.
    if (!t.base || unmodelled.some(o => changed.some(c => c.id === o.id))) return [];
    return [{
      severity: 'error', rule: 'override-unresolved', object: id,
      message: `${id} changes, or the overrides that select it do, and the gate cannot compute what each cluster gets: ` +
        `${[...new Map(unmodelled.map(o => [o.id, `${o.id} (${o.file}) ${o.problem!}`])).values()].join('; ')}`,
      fix: 'use override policies the model evaluates, or make this change in a pull request of its own, reviewed by hand',
    }];
  }
  const cause = [
    ...(changed.length > 0 ? [`the change of ${changed.map(o => `${o.id} (${o.file})`).join(', ')}`] : []),
    ...(t.base && templateChanged ? ['the template change'] : []),
  ].join(' with ');

  const { names, others } = clustersOf(ctx, t, [...baseMatches, ...headMatches]);
  const verdicts = new Map<string, { verdict: ClusterVerdict; clusters: string[] }>();
  const retention = [...ctx.h.customizations.values()].map(c => c.retention)
    .find(r => gvkKey(r.apiVersion, r.kind) === gvkKey(t.head.object.apiVersion, t.head.object.kind));
  // where rules name their clusters, the clusters no rule names get the same: judged once.
  const all = [...baseMatches, ...headMatches];
  const byName = !all.some(o => o.byClusterFields);
  const named = new Set(all.flatMap(o => o.named));
  let unnamed: { verdict?: ClusterVerdict } | undefined;
  for (const cluster of [...names, ...(others ? [OTHER_CLUSTER] : [])]) {
    const change = { overridesChanged, templateChanged, cause, retention };
    let v: ClusterVerdict | undefined;
    if (byName && !named.has(cluster)) v = (unnamed ??= { verdict: judgeCluster(ctx, t, OTHER_CLUSTER, baseMatches, headMatches, change) }).verdict;
    else v = judgeCluster(ctx, t, cluster, baseMatches, headMatches, change);
    if (!v) continue;
    const key = JSON.stringify(v);
    const entry = verdicts.get(key);
    if (entry) entry.clusters.push(cluster);
    else verdicts.set(key, { verdict: v, clusters: [cluster] });
  }
  return [...verdicts.values()].map(({ verdict, clusters }) => {
    const where = clusters.filter(c => c !== OTHER_CLUSTER);
    const label = [...where, ...(clusters.includes(OTHER_CLUSTER) ? ['every other cluster of its placement'] : [])].join(', ');
    return { severity: verdict.severity, rule: verdict.rule, object: id, message: `${id} on ${label}: ${verdict.message}`, ...(verdict.fix ? { fix: verdict.fix } : {}) };
  });
}

interface Change {
  readonly overridesChanged: boolean;
  readonly templateChanged: boolean;
  /** what changes, in words. */
  readonly cause: string;
  readonly retention?: RetentionSpec;
}

function judgeCluster(ctx: OverrideContext, t: OverriddenTemplate, cluster: string,
  baseMatches: readonly ReadOverride[], headMatches: readonly ReadOverride[], change: Change): ClusterVerdict | undefined {
  // a rule that selects clusters by label needs this cluster's labels.
  if ([...baseMatches, ...headMatches].some(o => o.byClusterFields) && !ctx.clusters?.has(cluster)) {
    return {
      severity: 'error', rule: 'override-unresolved',
      message: 'an override policy that selects it targets clusters by label or field, and the Cluster objects given (--clusters) do not hold this one',
      fix: 'give --clusters with every member cluster (kubectl get clusters.cluster.karmada.io -o json)',
    };
  }
  const member = ctx.clusters?.get(cluster) ?? cluster;
  const head = effective(t.head.object, member, headMatches);
  const base = t.base ? effective(t.base.object, member, baseMatches) : undefined;
  if ('error' in head) {
    if (base && 'error' in base && base.error === head.error && !change.templateChanged) return undefined;
    return {
      severity: 'error', rule: 'override-fails',
      message: `an override fails (${head.error}): Karmada applies no override for this cluster and leaves its Work as it was ` +
        `(ensureWork skips the cluster and retries), so ${t.base ? 'neither this change nor a later one reaches the member object' : 'the object is not taken over there'} until the overrides apply again`,
      fix: 'make the override apply to the template (a plaintext path that exists, an image that parses), or split the policy per kind',
    };
  }
  const identity = formatKey(keyOf(head.object as unknown as KubeObject));
  if (identity !== t.head.id || head.object.apiVersion !== t.head.object.apiVersion) {
    if (base && !('error' in base) && canonicalJson(base.object) === canonicalJson(head.object)) return undefined;
    return {
      severity: 'error', rule: 'override-changes-member',
      message: `the overrides make its Work's manifest ${head.object.apiVersion as string} ${identity}, not the template's ${t.head.object.apiVersion} ${t.head.id}: ` +
        'Karmada would apply that other object on this member, and manage it in the template\'s name',
      fix: 'never override apiVersion, kind, metadata.name or metadata.namespace; write the other object as a template of its own',
    };
  }
  if (!base) return undefined;
  if ('error' in base) {
    return {
      severity: 'error', rule: 'override-unresolved',
      message: `the deployed overrides fail on this cluster (${base.error}), so its Work holds an older manifest the gate cannot see, which ${change.cause} replaces`,
      fix: 'look at the cluster\'s Work (kubectl get works.work.karmada.io -n karmada-es-<cluster>) and review the change by hand, or fix the overrides in a change of their own first',
    };
  }
  if (canonicalJson(base.object) === canonicalJson(head.object)) return undefined;
  const baseIdentity = formatKey(keyOf(base.object as unknown as KubeObject));
  if (baseIdentity !== t.base!.id || base.object.apiVersion !== t.base!.object.apiVersion) {
    return {
      severity: 'error', rule: 'override-changes-member',
      message: `the deployed overrides make its Work's manifest ${base.object.apiVersion as string} ${baseIdentity}, and this change makes it ${t.head.object.apiVersion} ${identity}: ` +
        'Karmada would apply another object on this member than the one it applies now',
      fix: 'never override apiVersion, kind, metadata.name or metadata.namespace; review such a repair by hand',
    };
  }
  // a template change the overrides pass through is the template's, as for one cluster.
  if (!change.overridesChanged) return undefined;
  const prediction = predictOverwrite(head.object, asMember(base.object), change.retention ? { retention: change.retention } : {});
  if (prediction.classes[0] === 'unchanged') return undefined;
  const fails = prediction.classes[0] === 'apply-fails';
  return {
    severity: fails || ctx.strict ? 'error' : 'warning', rule: 'override-changes-member',
    message: `${change.cause} changes what Karmada applies there (${prediction.classes.join(', ')}): ${describe(prediction)}`,
    fix: fails
      ? 'keep the immutable field as the member has it in the override, or re-create the object by hand'
      : 'if intended, merge it: only the clusters named change; otherwise keep the override as deployed',
  };
}

function effective(template: KubeObject, cluster: MemberCluster | string, matches: readonly ReadOverride[]): Effective {
  try {
    return { object: applyOverridePolicies(template as unknown as JsonObject, cluster, matches.map(o => o.policy!)).object };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

// the base's effective manifest as the member holds it: with the records of the labels and
// annotations Karmada manages (objectwatcher: a key it put there and the manifest drops is removed).
function asMember(object: JsonObject): JsonObject {
  const meta = child(object, 'metadata') ?? {};
  const keys = (field: string) => Object.keys(child(meta, field) ?? {}).sort(compareStrings).join(',');
  const annotations: Record<string, JsonValue> = { ...(child(meta, 'annotations') ?? {}) };
  annotations[MANAGED_LABELS_ANNOTATION] = keys('labels');
  annotations[MANAGED_ANNOTATIONS_ANNOTATION] = keys('annotations');
  return { ...object, metadata: { ...meta, annotations } };
}

function describe(p: OverwritePrediction): string {
  const parts: string[] = [];
  const shown = (v: JsonValue | undefined) => (v === undefined ? 'absent' : JSON.stringify(v));
  for (const f of p.applyFailures ?? []) parts.push(`${f.path}: ${f.reason}`);
  for (const x of p.traffic ?? []) parts.push(x.message);
  if (p.suspend) parts.push(p.suspend.message);
  if (p.podTemplate) {
    const changes = p.changes.filter(c => p.podTemplate!.paths.includes(c.path)).slice(0, 3);
    parts.push(`${p.podTemplate.message} (${changes.map(c => `${c.path}: ${shown(c.before)} → ${shown(c.after)}`).join(', ')}` +
      `${p.podTemplate.paths.length > changes.length ? ', ...' : ''})`);
  }
  if (p.replicas) parts.push(`spec.replicas ${p.replicas.from} → ${p.replicas.to}`);
  if (p.dataPaths) parts.push(`${p.dataPaths.join(', ')} change`);
  if (p.specPaths) parts.push(`${p.specPaths.join(', ')} change`);
  if (p.metadata) {
    const keys = [...p.metadata.labels.map(k => `label ${k}`), ...p.metadata.annotations.map(k => `annotation ${k}`)];
    parts.push(`${keys.join(', ')} change`);
  }
  return parts.join('; ');
}

// the clusters the template is on before and after the change; `others` when the placement is
// not resolved (a selector, no --clusters): the clusters no rule names stand as one.
function clustersOf(ctx: OverrideContext, t: OverriddenTemplate, matches: readonly ReadOverride[]): { names: string[]; others: boolean } {
  const placed = (entry: DistEntry | undefined): ReadonlySet<string> | undefined =>
    placementClusters((entry?.object.spec as { placement?: unknown } | undefined)?.placement, ctx.clusters).possible;
  const binding = t.base ? ctx.bindings?.get(t.base.id) : undefined;
  let was: ReadonlySet<string> | undefined;
  if (!t.base) {
    was = undefined;
  } else if (binding) {
    was = new Set(binding.clusters);
  } else if (ctx.bindings) {
    // the bindings given prove it is not propagated.
    return { names: [], others: false };
  } else {
    // any base policy that matches it may be its live claimant; with none, it may keep a binding
    // from an earlier claim, be a dependency another binding requires, or a Namespace the namespace
    // controller propagates (pkg/controllers/namespace, which applies ClusterOverridePolicies too).
    const claimants = (t.baseClaim?.candidates ?? []).map(c => ctx.livePolicies.get(formatPolicyRef(c.policy)));
    const sets = claimants.map(placed);
    was = claimants.length > 0 && sets.every(s => s !== undefined) ? new Set(sets.flatMap(s => [...s!])) : undefined;
  }
  // no claimant after the change: the binding stays as it was.
  const winner = t.headClaim.winner ? ctx.headPolicies.get(formatPolicyRef(t.headClaim.winner)) : undefined;
  const will = winner ? placed(winner) : t.base ? was : undefined;
  if (!t.base && !winner) return { names: [], others: false };
  const sorted = (s: Iterable<string>) => [...new Set(s)].sort(compareStrings);
  if (was && will) return { names: sorted([...was].filter(c => will.has(c))), others: false };
  if (was || will) return { names: sorted(was ?? will!), others: false };
  return { names: sorted([...matches.flatMap(o => o.named), ...(ctx.clusters?.keys() ?? [])]), others: true };
}
