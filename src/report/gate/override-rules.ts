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
import { ChangeContext, DistEntry, isDelivered, deliverersOf, Side } from './side';
import { formatPolicyRef, IMPLICIT_PRIORITY, PolicyRef, TemplateClaim } from '../../karmada/claims';
import { applyOverridePolicies, OverridePolicyManifest, overridePolicyPriority } from '../../karmada/overrides';
import { OverwritePrediction, predictOverwrite } from '../../karmada/overwrite';
import { MemberCluster, placementClusters } from '../../karmada/placement';
import { preserveState } from '../../karmada/preserve';
import { MANAGED_ANNOTATIONS_ANNOTATION, MANAGED_LABELS_ANNOTATION, RETAIN_REPLICAS_TEMPLATE_LABEL } from '../../karmada/retain';
import { gvkKey, RetentionSpec } from '../../karmada/retention';
import { crdPreferredVersions, PREFERRED_VERSIONS } from '../../kube/api-versions';
import { canonicalJson, child, compareStrings, isJsonObject, JsonObject, JsonValue, str, stringMap } from '../../kube/json';
import { formatKey, KubeObject, keyOf } from '../../kube/object';
import type { CheckFinding } from '../check';

/** What the override rules need to know about the change. */
export type OverrideContext = ChangeContext;

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

/** A template's Works that go while every policy involved preserves (gate/template-rules.ts). */
export interface Departure {
  /** the base's entry. */
  readonly template: DistEntry;
  /** who may claim it as deployed. */
  readonly baseClaim: TemplateClaim;
  /** the clusters whose Works go. @default - every cluster it is on */
  readonly clusters?: readonly string[];
  /** how they go, in words. */
  readonly how: string;
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

/** The override policies that select a template, and why the gate cannot override it (the version it is watched in). */
interface Matches {
  readonly list: readonly ReadOverride[];
  /** set when some select it and the gate cannot compute the object they override. */
  readonly versionProblem?: string;
  /** what makes the gate compute it, with {@link versionProblem}. */
  readonly versionFix?: string;
}

/** The override policies of one side in Karmada, indexed by the kind and name their selectors name. */
class OverrideIndex {
  public readonly all: readonly ReadOverride[];
  /** by `kind/name`, or `kind/` for a selector without a name. */
  private readonly bySelector = new Map<string, ReadOverride[]>();
  private readonly anyKind: ReadOverride[] = [];
  /** the preferred version of the custom groups whose CustomResourceDefinitions this side holds. */
  private readonly crdVersions: ReadonlyMap<string, string>;

  public constructor(all: readonly ReadOverride[], side: Side) {
    this.all = all;
    this.crdVersions = crdPreferredVersions(side.templates.map(t => t.object));
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

  /**
   * The policies that override the template (or may: those whose selectors the gate does not
   * read), by id. Karmada's detector watches the template in its group's preferred version
   * (pkg/detector/detector.go discoverResources), the override manager compares a selector's
   * apiVersion with that version as a string (pkg/util/selector.go ResourceSelectorPriority), and
   * overrides the object the API server converted to it: a template written in another version
   * is matched in the watched one, and its overridden shape is not computed. For a custom group
   * whose CustomResourceDefinition this side lacks, the watched version is unknown: a selector of
   * any version of the group may match.
   */
  public matching(template: KubeObject): Matches {
    const namespace = template.metadata.namespace;
    const written = template.apiVersion;
    const group = written.includes('/') ? written.slice(0, written.indexOf('/')) : '';
    const preferred = PREFERRED_VERSIONS.get(group) ?? this.crdVersions.get(group);
    const watched = preferred === undefined ? undefined : group ? `${group}/${preferred}` : preferred;
    const candidates = new Set([
      ...(this.bySelector.get(`${template.kind}/${template.metadata.name}`) ?? []), ...(this.bySelector.get(`${template.kind}/`) ?? []), ...this.anyKind,
    ]);
    const otherVersions = new Set<string>();
    const list = [...candidates].filter(o => {
      // pkg/util/overridemanager/overridemanager.go: an OverridePolicy overrides the templates of its namespace only.
      if (o.object.kind === 'OverridePolicy' && (!namespace || (o.object.metadata.namespace ?? 'default') !== namespace)) return false;
      if (!o.selectors) return true;
      const selecting = { ...o.object, spec: { resourceSelectors: o.selectors } } as unknown as OverridePolicyManifest;
      const versions = watched !== undefined ? [watched] : [...new Set([written, ...o.selectors.map(s => str(s, 'apiVersion') ?? '')
        .filter(v => v !== written && v.startsWith(`${group}/`))])];
      const hit = versions.find(v =>
        overridePolicyPriority({ ...template, apiVersion: v } as unknown as JsonObject, selecting) !== IMPLICIT_PRIORITY.misMatch);
      if (hit !== undefined && hit !== written) otherVersions.add(hit);
      return hit !== undefined;
    }).sort((x, y) => compareStrings(x.id, y.id));
    if (list.length === 0) return { list };
    if (watched !== undefined && watched !== written) {
      return {
        list,
        versionProblem: `Karmada's detector watches it as ${watched}, the preferred version of its group, not ${written} as written: ` +
          `${list.map(o => o.id).join(', ')} override${list.length > 1 ? '' : 's'} the object the API server converts to ${watched}, whose shape the gate does not compute`,
        versionFix: `write the template as ${watched} (the version Karmada watches it in), in a change of its own`,
      };
    }
    if (watched === undefined && otherVersions.size > 0) {
      return {
        list,
        versionProblem: `${list.filter(o => o.selectors?.some(s => otherVersions.has(str(s, 'apiVersion') ?? ''))).map(o => o.id).join(', ')} select it as ` +
          `${[...otherVersions].sort(compareStrings).join(', ')}, not ${written} as written, and the gate cannot tell which version Karmada watches group ${group} in ` +
          '(no CustomResourceDefinition of it in dist/)',
        versionFix: `add the CustomResourceDefinitions of ${group} to dist/, or write the template in the version the selectors name`,
      };
    }
    return { list };
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
 * - `override-unresolved`: the gate cannot compute what a cluster gets (a template written in
 *   another version than the one Karmada watches it in, which override policies select);
 * - `retention-dropped`: what Karmada applies to a Deployment loses the label that makes it keep
 *   the member's replica count;
 * - `preserve-unreached`: a Work goes while the deployed overrides fail on its cluster (Karmada
 *   never rewrote that Work, so the preserve flag armed since cannot be on it), an error; a
 *   policy arms the rollback while the overrides fail on a cluster, a warning.
 *
 * @param templates the templates that stay (with a base entry) and those the change adds
 * @param departures the Works that go while every policy involved preserves
 */
export function overrideFindings(ctx: OverrideContext, templates: readonly OverriddenTemplate[],
  departures: readonly Departure[] = []): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const read = (side: Side, present: (file: string) => boolean) => new OverrideIndex([...side.overrides]
    .filter(([, o]) => present(o.file))
    .map(([id, o]) => readOverride(id, o.file, o.fingerprint, o.object, ctx.clusters)), side);
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
  for (const d of departures) findings.push(...unreachedWork(ctx, d, before));
  findings.push(...armingUnreached(ctx, templates, after));
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
  const baseM: Matches = t.base ? before.matching(t.base.object) : { list: [] };
  const headM = after.matching(t.head.object);
  const baseMatches = baseM.list;
  const headMatches = headM.list;
  // the template itself drops Karmada's replica retention: judged per cluster too, with no override policy.
  const retainDropped = t.base !== undefined && retainsReplicas(t.base.object) && !retainsReplicas(t.head.object);
  if (baseMatches.length === 0 && headMatches.length === 0 && !retainDropped) return [];
  const prints = (list: readonly ReadOverride[]) => list.map(o => `${o.id}\u0000${o.fingerprint}`).join('\u0001');
  const overridesChanged = prints(baseMatches) !== prints(headMatches);
  const templateChanged = !t.base || canonicalJson(t.base.object) !== canonicalJson(t.head.object);
  if (!overridesChanged && !templateChanged) return [];
  const id = t.head.id;
  const version = headM.versionProblem ? headM : baseM.versionProblem ? baseM : undefined;
  if (version) {
    return [{
      severity: 'error', rule: 'override-unresolved', object: id,
      message: `${id} ${t.base ? 'changes, or the overrides that select it do' : 'is taken over'}, and the gate cannot compute what each cluster gets: ${version.versionProblem!}`,
      fix: version.versionFix!,
    }];
  }
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

  const retention = [...ctx.h.customizations.values()].map(c => c.retention)
    .find(r => gvkKey(r.apiVersion, r.kind) === gvkKey(t.head.object.apiVersion, t.head.object.kind));
  const change = { overridesChanged, templateChanged, cause, retention };
  // where rules name their clusters, the clusters no rule names get the same: judged once.
  const all = [...baseMatches, ...headMatches];
  return grouped(id, perCluster(ctx, clustersOf(ctx, t, all), all, cluster => judgeCluster(ctx, t, cluster, baseMatches, headMatches, change)));
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
  // pkg/resourceinterpreter/default/native/retain.go retainWorkloadReplicas: the Work's label keeps
  // the member's replica count (an autoscaler's); without it the next PUT sets the Work's count.
  if (retainsReplicas(base.object) && !retainsReplicas(head.object)) {
    const replicas = child(head.object, 'spec')?.replicas;
    return {
      severity: 'error', rule: 'retention-dropped',
      message: `${change.cause} drops the label ${RETAIN_REPLICAS_TEMPLATE_LABEL}: "true" from what Karmada applies there (replicas-change): ` +
        `Karmada stops keeping the member's replica count, which an autoscaler sets and the gate cannot see, and its next PUT sets spec.replicas to ${JSON.stringify(replicas ?? 1)}`,
      fix: `keep the label ${RETAIN_REPLICAS_TEMPLATE_LABEL}: "true" on this cluster while an autoscaler scales the Deployment there`,
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
  const sorted = (s: Iterable<string>) => [...new Set(s)].sort(compareStrings);
  const every = () => ({ names: sorted([...matches.flatMap(o => o.named), ...(ctx.clusters?.keys() ?? [])]), others: true });
  // pkg/controllers/namespace/namespace_sync_controller.go: a Namespace goes to every cluster, with the ClusterOverridePolicies, binding or not.
  if ([t.base?.object, t.head.object].some(o => o !== undefined && namespaceSynced(o))) return every();
  const placed = (entry: DistEntry | undefined): ReadonlySet<string> | undefined =>
    placementClusters((entry?.object.spec as { placement?: unknown } | undefined)?.placement, ctx.clusters).possible;
  const binding = t.base ? ctx.bindings?.get(t.base.id) : undefined;
  const policy = (ref: PolicyRef) => formatPolicyRef(ref);
  // a policy that claims it in the base and still matches after the change keeps the claim: Karmada never re-evaluates it.
  const stillClaims = (ref: PolicyRef) => ctx.headPolicies.has(policy(ref)) && t.headClaim.candidates.some(c => policy(c.policy) === policy(ref));
  let was: ReadonlySet<string> | undefined;
  const holders: Array<ReadonlySet<string> | undefined> = [];
  if (!t.base) {
    was = undefined;
  } else if (binding) {
    // pkg/controllers/binding/common.go ensureWork: the binding's clusters and those of the bindings that require it (a dependency).
    was = new Set([...binding.clusters, ...binding.requiredBy.flatMap(r => r.clusters)]);
    if (binding.claimant && !ctx.livePolicies.has(policy(binding.claimant))) holders.push(was);
    else if (binding.claimant && stillClaims(binding.claimant)) holders.push(placed(ctx.headPolicies.get(policy(binding.claimant))));
  } else if (ctx.bindings) {
    // the bindings given prove it is not propagated.
    return { names: [], others: false };
  } else {
    // any base policy that matches it may be its live claimant; with none, it may keep a binding
    // from an earlier claim, or be a dependency another binding requires.
    const claimants = (t.baseClaim?.candidates ?? []).map(c => c.policy);
    const sets = claimants.map(c => placed(ctx.livePolicies.get(policy(c))));
    was = claimants.length > 0 && sets.every(s => s !== undefined) ? new Set(sets.flatMap(s => [...s!])) : undefined;
    for (const c of claimants) if (stillClaims(c)) holders.push(placed(ctx.headPolicies.get(policy(c))));
  }
  // and the policy that wins after the change, should the claim be made anew.
  const winner = t.headClaim.winner ? ctx.headPolicies.get(policy(t.headClaim.winner)) : undefined;
  if (winner) holders.push(placed(winner));
  if (!t.base && !winner) return { names: [], others: false };
  // no claimant after the change: the binding stays as it was.
  const will = holders.length === 0 ? was : holders.every(s => s !== undefined) ? new Set(holders.flatMap(s => [...s!])) : undefined;
  if (was && will) return { names: sorted([...was].filter(c => will.has(c))), others: false };
  if (was || will) return { names: sorted(was ?? will!), others: false };
  return every();
}

// whether the namespace sync controller propagates a Namespace (it skips the reserved ones, default, and the skip label).
function namespaceSynced(o: KubeObject): boolean {
  if (o.kind !== 'Namespace' || o.apiVersion !== 'v1') return false;
  const name = o.metadata.name;
  if (name === 'default' || name === 'karmada-system' || name === 'karmada-cluster' || name.startsWith('karmada-es-')) return false;
  return (stringMap(o as unknown as JsonObject, 'labels')['namespace.karmada.io/skip-auto-propagation'] ?? '').toLowerCase() !== 'true';
}

function retainsReplicas(o: KubeObject | JsonObject): boolean {
  return o.apiVersion === 'apps/v1' && o.kind === 'Deployment' && stringMap(o as JsonObject, 'labels')[RETAIN_REPLICAS_TEMPLATE_LABEL] === 'true';
}

const FIX_UNREACHED = 'fix the overrides of that cluster in a commit of its own and sync it, so that Karmada rewrites its Work with the flag; ' +
  'karmada-migrate verify-rollback --works (kubectl get works.work.karmada.io -A -o json) is the evidence that every Work carries it; then make this change';

// Karmada v1.18.2 pkg/controllers/binding/common.go ensureWork: an override error returns before the
// Work is written, so a Work whose cluster's overrides fail keeps the manifest and the
// preserveResourcesOnDeletion it had before they failed; the flag armed since cannot be on it, and
// deleting that Work deletes the member object (pkg/controllers/execution/execution_controller.go).
function unreachedWork(ctx: OverrideContext, d: Departure, before: OverrideIndex): CheckFinding[] {
  const m = before.matching(d.template.object);
  if (m.list.length === 0) return [];
  const id = d.template.id;
  const unknown = m.versionProblem ?? m.list.filter(o => !o.policy).map(o => `${o.id} (${o.file}) ${o.problem!}`).join('; ');
  if (unknown) {
    return [{
      severity: 'error', rule: 'preserve-unreached', object: id,
      message: `${id}: its Works go (${d.how}), and the gate cannot tell whether the deployed overrides apply on each cluster: ${unknown}. ` +
        'Where they fail, Karmada has not rewritten the Work since, so the preserve flag may not be on it, and deleting the Work deletes the member object',
      fix: FIX_UNREACHED,
    }];
  }
  const where = d.clusters ? { names: [...d.clusters].sort(compareStrings), others: false } : departedClusters(ctx, d, m.list);
  return grouped(id, perCluster(ctx, where, m.list, cluster => {
    const base = effective(d.template.object, ctx.clusters?.get(cluster) ?? cluster, m.list);
    if (!('error' in base)) return undefined;
    return {
      severity: 'error', rule: 'preserve-unreached',
      message: `its Work goes (${d.how}) while the deployed overrides fail there (${base.error}): Karmada has not rewritten that Work since they failed ` +
        '(ensureWork stops at the override error), so the preserve flag armed since cannot have reached it, and deleting the Work deletes the member object',
      fix: FIX_UNREACHED,
    };
  }));
}

// a policy arms the rollback while the overrides after the change fail on a cluster: that cluster's Work will not get the flag.
function armingUnreached(ctx: OverrideContext, templates: readonly OverriddenTemplate[], after: OverrideIndex): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const t of templates) {
    if (!t.base) continue;
    const arming = t.headClaim.candidates.map(c => formatPolicyRef(c.policy)).filter(p => ctx.livePolicies.has(p) &&
      !preserveState(ctx.livePolicies.get(p)!.object).armed && ctx.headPolicies.has(p) && preserveState(ctx.headPolicies.get(p)!.object).armed);
    if (arming.length === 0) continue;
    const m = after.matching(t.head.object);
    if (m.list.length === 0 || m.versionProblem || m.list.some(o => !o.policy)) continue;
    out.push(...grouped(t.head.id, perCluster(ctx, clustersOf(ctx, t, m.list), m.list, cluster => {
      const head = effective(t.head.object, ctx.clusters?.get(cluster) ?? cluster, m.list);
      if (!('error' in head)) return undefined;
      return {
        severity: 'warning', rule: 'preserve-unreached',
        message: `${arming.join(', ')} ${arming.length > 1 ? 'arm' : 'arms'} the rollback, but the overrides fail there (${head.error}): ` +
          'Karmada does not rewrite that cluster\'s Work while they fail (ensureWork stops at the override error), so the flag does not reach it, and removing the template later would delete the member object',
        fix: 'make the overrides apply on that cluster, sync, and check every Work carries the flag (karmada-migrate verify-rollback) before removing anything',
      };
    })));
  }
  return out;
}

// the clusters a departing template is on: its binding's, or those of every base policy that may claim it.
function departedClusters(ctx: OverrideContext, d: Departure, matches: readonly ReadOverride[]): { names: string[]; others: boolean } {
  const sorted = (s: Iterable<string>) => [...new Set(s)].sort(compareStrings);
  const binding = ctx.bindings?.get(d.template.id);
  if (binding) return { names: sorted([...binding.clusters, ...binding.requiredBy.flatMap(r => r.clusters)]), others: false };
  const sets = d.baseClaim.candidates.map(c => placementClusters(
    (ctx.livePolicies.get(formatPolicyRef(c.policy))?.object.spec as { placement?: unknown } | undefined)?.placement, ctx.clusters).possible);
  if (sets.length > 0 && sets.every(x => x !== undefined)) return { names: sorted(sets.flatMap(x => [...x!])), others: false };
  return { names: sorted([...matches.flatMap(o => o.named), ...(ctx.clusters?.keys() ?? [])]), others: true };
}

// a verdict per cluster, the clusters no rule names judged once (where rules name their clusters), grouped by verdict.
function perCluster(ctx: OverrideContext, where: { names: readonly string[]; others: boolean }, matches: readonly ReadOverride[],
  judge: (cluster: string) => ClusterVerdict | undefined): Array<{ verdict: ClusterVerdict; clusters: string[] }> {
  const byName = !matches.some(o => o.byClusterFields);
  const named = new Set(matches.flatMap(o => o.named));
  let unnamed: { verdict?: ClusterVerdict } | undefined;
  const verdicts = new Map<string, { verdict: ClusterVerdict; clusters: string[] }>();
  for (const cluster of [...where.names, ...(where.others ? [OTHER_CLUSTER] : [])]) {
    let v: ClusterVerdict | undefined;
    // a rule that selects clusters by label needs this cluster's labels.
    if (!byName && !ctx.clusters?.has(cluster)) {
      v = {
        severity: 'error', rule: 'override-unresolved',
        message: 'an override policy that selects it targets clusters by label or field, and the Cluster objects given (--clusters) do not hold this one',
        fix: 'give --clusters with every member cluster (kubectl get clusters.cluster.karmada.io -o json)',
      };
    } else if (byName && !named.has(cluster)) {
      v = (unnamed ??= { verdict: judge(OTHER_CLUSTER) }).verdict;
    } else {
      v = judge(cluster);
    }
    if (!v) continue;
    const key = JSON.stringify(v);
    const entry = verdicts.get(key);
    if (entry) entry.clusters.push(cluster);
    else verdicts.set(key, { verdict: v, clusters: [cluster] });
  }
  return [...verdicts.values()];
}

function grouped(id: string, verdicts: ReadonlyArray<{ verdict: ClusterVerdict; clusters: readonly string[] }>): CheckFinding[] {
  return verdicts.map(({ verdict, clusters }) => {
    const where = clusters.filter(c => c !== OTHER_CLUSTER);
    const label = [...where, ...(clusters.includes(OTHER_CLUSTER) ? ['every other cluster of its placement'] : [])].join(', ');
    return { severity: verdict.severity, rule: verdict.rule, object: id, message: `${id} on ${label}: ${verdict.message}`, ...(verdict.fix ? { fix: verdict.fix } : {}) };
  });
}
