// karmada v1.18.2: which PropagationPolicy or ClusterPropagationPolicy the resource detector
// gives each resource template. Sources: pkg/detector/detector.go (EventFilter, Reconcile,
// LookForMatchedPolicy, LookForMatchedClusterPolicy), pkg/detector/policy.go (propagateResource),
// pkg/detector/compare.go (getHighestPriority*), pkg/util/selector.go (ResourceSelectorPriority,
// ResourceMatchSelectorsPriority), pkg/detector/preemption.go, pkg/util/apigroup.go
// (NewSkippedResourceConfig).
import { InputError } from '../errors';
import { compileLabelSelector, CompiledLabelSelector } from '../kube/label-selector';
import { child, compareStrings, isJsonObject, JsonObject, str, stringMap } from '../kube/json';
import { DEFAULT_SKIPPED_PROPAGATING_NAMESPACES, isReservedNamespace } from './namespaces';

/** The apiVersion of PropagationPolicy and ClusterPropagationPolicy. */
const POLICY_API = 'policy.karmada.io/v1alpha1';

/**
 * The label that hands a template to another controller (a MultiClusterService, for one):
 * the detector skips a template that carries it with any non-empty value (`Reconcile`).
 */
export const RESOURCE_TEMPLATE_CLAIMED_BY_LABEL = 'resourcetemplate.karmada.io/claimed-by';

/**
 * The APIs the resource detector never watches, in `--skipped-propagating-apis` syntax:
 * Karmada's own groups, events and leases (`NewSkippedResourceConfig`). The flag adds to
 * this list; it cannot remove from it.
 */
export const DEFAULT_SKIPPED_PROPAGATING_APIS: readonly string[] = [
  'cluster.karmada.io', 'policy.karmada.io', 'work.karmada.io', 'config.karmada.io', 'networking.karmada.io',
  'autoscaling.karmada.io', 'remedy.karmada.io', 'apps.karmada.io', 'events.k8s.io', 'v1/Event', 'coordination.k8s.io/v1',
];

/**
 * How specifically a policy's selectors match a template (`util.ImplicitPriority`):
 * 0 no match, 1 apiVersion and kind only, 2 a label selector (also `{}`), 3 the name.
 */
export type ImplicitPriority = 0 | 1 | 2 | 3;

/** The named values of {@link ImplicitPriority}, as in pkg/util/selector.go. */
export const IMPLICIT_PRIORITY = {
  /** `PriorityMisMatch`: the selector does not match. */
  misMatch: 0,
  /** `PriorityMatchAll`: neither name nor labelSelector; every object of the apiVersion and kind. */
  matchAll: 1,
  /** `PriorityMatchLabelSelector`: the labelSelector matches (an empty `{}` one matches everything). */
  matchLabelSelector: 2,
  /** `PriorityMatchName`: the name matches. */
  matchName: 3,
} as const;

/** A policy, by kind, namespace (PropagationPolicy only) and name. */
export interface PolicyRef {
  /** `PropagationPolicy` or `ClusterPropagationPolicy`. */
  readonly kind: 'PropagationPolicy' | 'ClusterPropagationPolicy';
  /**
   * The namespace of a PropagationPolicy.
   *
   * @default - none (a ClusterPropagationPolicy)
   */
  readonly namespace?: string;
  /** The policy's name. */
  readonly name: string;
}

/** A resource template, by apiVersion, kind, namespace and name. */
export interface TemplateRef {
  /** The apiVersion as written in the template (`apps/v1`). */
  readonly apiVersion: string;
  /** The kind. */
  readonly kind: string;
  /**
   * The namespace.
   *
   * @default - none (a cluster-scoped object)
   */
  readonly namespace?: string;
  /** The name. */
  readonly name: string;
}

/** A policy whose selectors match a template, with the two priorities the detector ranks by. */
export interface ClaimCandidate {
  /** The policy. */
  readonly policy: PolicyRef;
  /** `spec.priority` (`ExplicitPriority()`: nil counts as 0). */
  readonly explicitPriority: number;
  /** The best match over the policy's selectors (`ResourceMatchSelectorsPriority`). */
  readonly implicitPriority: ImplicitPriority;
  /** The indexes in `spec.resourceSelectors` that match the template. */
  readonly matchedSelectors: readonly number[];
}

/** Why the detector never looks for a policy for a template. */
export type ClaimSkipReason =
  /** the API is in `--skipped-propagating-apis` or Karmada's built-in skip list. */
  | 'skipped-api'
  /** `karmada-system`, `karmada-cluster` or `karmada-es-*` (`names.IsReservedNamespace`). */
  | 'reserved-namespace'
  /** the namespace matches `--skipped-propagating-namespaces` (default `kube-.*`). */
  | 'skipped-namespace'
  /** ConfigMap `kube-system/extension-apiserver-authentication`, always skipped by `EventFilter`. */
  | 'extension-apiserver-authentication'
  /** the template carries `resourcetemplate.karmada.io/claimed-by`. */
  | 'claimed-by-label';

/** The detector's decision for one template. */
export interface TemplateClaim {
  /** The template. */
  readonly template: TemplateRef;
  /**
   * The policy that claims the template when every policy exists before the template is
   * first reconciled.
   *
   * @default - none: no policy matches, or the template is skipped
   */
  readonly winner?: PolicyRef;
  /**
   * Every matching policy, best first: PropagationPolicies (of the template's namespace)
   * before ClusterPropagationPolicies, then by explicit priority, implicit priority and name.
   */
  readonly candidates: readonly ClaimCandidate[];
  /**
   * Why the detector never considers the template.
   *
   * @default - it is considered
   */
  readonly skipped?: ClaimSkipReason;
}

/** Why the winner beats another candidate (`getHighestPriority*`, `propagateResource`). */
export type ClaimWinReason =
  /** a matching PropagationPolicy beats every ClusterPropagationPolicy, whatever the priorities. */
  | 'propagation-policy-beats-cluster-policy'
  /** a higher `spec.priority`. */
  | 'higher-explicit-priority'
  /** the same `spec.priority`, a more specific selector (name > labelSelector > kind only). */
  | 'higher-implicit-priority'
  /** everything equal: the lexicographically smaller name (`getHigherPriority*`). */
  | 'smaller-name';

/** A candidate that loses a template to the winner. */
export interface ClaimLoser {
  /** The losing policy. */
  readonly policy: PolicyRef;
  /** Why the winner beats it. */
  readonly reason: ClaimWinReason;
}

/** A template matched by more than one policy. */
export interface ClaimOverlap {
  /** The template. */
  readonly template: TemplateRef;
  /** The policy that claims it when all exist before the template. */
  readonly winner: PolicyRef;
  /** The other candidates, best first, each with the reason it loses. */
  readonly losers: readonly ClaimLoser[];
}

/** A template no policy claims. */
export interface UnclaimedTemplate {
  /** The template. */
  readonly template: TemplateRef;
  /** Why: skipped by the detector, or no selector of any policy matches it. */
  readonly reason: ClaimSkipReason | 'no-matching-policy';
}

/** A policy that claims no template. */
export interface IdlePolicy {
  /** The policy. */
  readonly policy: PolicyRef;
  /** `matches-nothing`: no selector matches a template; `always-loses`: it matches, but never wins. */
  readonly reason: 'matches-nothing' | 'always-loses';
  /** How many templates it matches. */
  readonly matched: number;
}

/**
 * A template whose claim depends on the order in which its candidate policies reach Karmada.
 * The detector decides once, when it first reconciles the template, among the policies it
 * already knows; a claim is never re-decided (preemption is alpha and off by default). A
 * losing candidate that is created before the winner therefore claims the template for good.
 */
export interface ApplyOrderHazard {
  /** The template. */
  readonly template: TemplateRef;
  /** The policy that should claim it. */
  readonly winner: PolicyRef;
  /** The candidates that would claim it for good if created before the winner. */
  readonly riskyPolicies: readonly PolicyRef[];
  /** A sentence for a reviewer. */
  readonly message: string;
}

/** Something about a policy that makes part of it inert. */
export interface PolicyWarning {
  /** The policy. */
  readonly policy: PolicyRef;
  /**
   * The selector concerned.
   *
   * @default - the policy as a whole
   */
  readonly selectorIndex?: number;
  /** What is wrong and what Karmada does about it. */
  readonly message: string;
}

/** The result of {@link simulateClaims}. */
export interface ClaimReport {
  /** One entry per template, in the order given. */
  readonly templates: readonly TemplateClaim[];
  /** Templates matched by more than one policy, sorted by template. */
  readonly overlaps: readonly ClaimOverlap[];
  /** Templates no policy claims, sorted by template. */
  readonly unclaimed: readonly UnclaimedTemplate[];
  /** Policies that claim nothing, sorted by policy. */
  readonly idlePolicies: readonly IdlePolicy[];
  /** Templates whose claim depends on apply order, sorted by template. */
  readonly hazards: readonly ApplyOrderHazard[];
  /** Inert selectors and ignored policies, sorted by policy. */
  readonly warnings: readonly PolicyWarning[];
}

/** Options of {@link simulateClaims}. */
export interface SimulateClaimsOptions {
  /**
   * The controller-manager's `--skipped-propagating-namespaces` (regular expressions,
   * anchored `^…$`). Setting it replaces the default.
   *
   * @default ['kube-.*']
   */
  readonly skippedNamespaces?: readonly string[];
  /**
   * The controller-manager's `--skipped-propagating-apis`, semicolon-separated
   * (`<group>`, `<group>/<version>`, `<group>/<version>/<kind>,<kind>`, `v1/<kind>,<kind>`).
   * Added to {@link DEFAULT_SKIPPED_PROPAGATING_APIS}.
   *
   * @default ''
   */
  readonly skippedPropagatingApis?: string;
  /**
   * Whether every policy is guaranteed to exist before any template is created (policies in
   * an earlier Argo CD sync wave, or a Flux Kustomization the templates' one `dependsOn`).
   * Then every template is first reconciled with all its candidates known, and no
   * {@link ApplyOrderHazard} is reported. Otherwise every template with more than one
   * candidate whose winner cannot preempt the others is a hazard.
   *
   * @default false
   */
  readonly policiesBeforeTemplates?: boolean;
  /**
   * Whether the controller-manager runs with the alpha feature gate
   * `PropagationPolicyPreemption`. Then a winner with `preemption: Always` that selects the
   * template by name takes it over from a ClusterPropagationPolicy, or from a policy of the
   * same kind with a lower `spec.priority`, and such losers are no hazard.
   *
   * @default false
   */
  readonly preemptionFeatureGate?: boolean;
  /**
   * Match a selector on the API group instead of the exact apiVersion. The detector compares
   * the apiVersion of the template as it watches it (the preferred version of its group in the
   * Karmada API server) with the selector's, as strings; when that preferred version is not
   * known, any version of the group may match: the candidates are then every policy that may
   * claim the template, a superset.
   *
   * @default false
   */
  readonly matchAnyVersion?: boolean;
  /**
   * The apiVersion the detector sees a template in: it watches each resource in its group's
   * preferred version (`preferredApiVersion`), whatever version the template was written in.
   *
   * @default - the template's own apiVersion
   */
  readonly watchedApiVersion?: (apiVersion: string) => string;
}

interface ParsedPolicy {
  readonly ref: PolicyRef;
  readonly cluster: boolean;
  readonly explicit: number;
  readonly preemptAlways: boolean;
  /** tie-break key: the name (PPs compete only within one namespace). */
  readonly name: string;
  matched: number;
  won: number;
}

interface IndexedSelector {
  readonly policy: number;
  readonly selector: number;
  /** undefined: nil labelSelector (kind only); else the compiled selector. */
  readonly labels?: CompiledLabelSelector;
}

interface Bucket {
  readonly byName: Map<string, IndexedSelector[]>;
  readonly others: IndexedSelector[];
}

interface Match {
  implicit: ImplicitPriority;
  readonly selectors: number[];
}

/**
 * Simulates Karmada's resource detector (v1.18.2) on a set of resource templates and
 * PropagationPolicies / ClusterPropagationPolicies, all plain manifests:
 *
 * 1. templates the detector never sees are skipped: APIs in the skip list, reserved namespaces
 *    (`karmada-system`, `karmada-cluster`, `karmada-es-*`), `--skipped-propagating-namespaces`
 *    (default `kube-.*`), ConfigMap `kube-system/extension-apiserver-authentication`, and
 *    templates labelled `resourcetemplate.karmada.io/claimed-by`;
 * 2. PropagationPolicies of the template's namespace are tried first; only if none matches,
 *    ClusterPropagationPolicies. A cluster-scoped template (no namespace) is only ever
 *    matched by ClusterPropagationPolicies, and only by selectors without a namespace;
 * 3. a selector matches on the exact apiVersion string and kind, then its namespace (empty:
 *    the PropagationPolicy's own namespace, as the mutating webhook fills it; for a
 *    ClusterPropagationPolicy, any namespace), then its name (when set, labelSelector is
 *    ignored), else its labelSelector (nil: every object; `{}`: every object, ranked as a
 *    labelSelector match);
 * 4. among candidates: higher `spec.priority` (nil is 0), then higher implicit priority
 *    (name 3 > labelSelector 2 > kind only 1, the best over the policy's selectors), then
 *    the lexicographically smaller name;
 * 5. policies with `metadata.deletionTimestamp` are ignored.
 *
 * The policies are indexed by (namespace, apiVersion, kind) and by name, so the work grows
 * with templates plus policies, not with their product. The result does not depend on the
 * order of `policies`; `templates` keep their order in {@link ClaimReport.templates}.
 *
 * Templates already claimed (carrying claim labels from an earlier run) are simulated as new.
 *
 * @param templates resource templates (a namespaced one must carry its namespace)
 * @param policies PropagationPolicies and ClusterPropagationPolicies, as written or as stored
 * @throws InputError when a template lacks apiVersion, kind or name, when a policy is not a
 * Karmada policy or lacks a name, or when two policies have the same identity
 */
export function simulateClaims(
  templates: readonly unknown[],
  policies: readonly unknown[],
  options: SimulateClaimsOptions = {},
): ClaimReport {
  const warnings: PolicyWarning[] = [];
  const parsed: ParsedPolicy[] = [];
  const apiKey = (apiVersion: string) => (options.matchAnyVersion ? `group:${apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : ''}` : apiVersion);
  const ppIndex = new Map<string, Bucket>();
  const cppIndex = new Map<string, Bucket>();
  const seen = new Set<string>();

  for (const raw of policies) {
    const policy = parsePolicy(raw);
    const id = policyKey(policy.ref);
    if (seen.has(id)) throw new InputError(`${formatPolicyRef(policy.ref)} is given twice`);
    seen.add(id);
    const obj = raw as JsonObject;
    // pkg/detector/detector.go: LookForMatched*Policy skip policies whose DeletionTimestamp is set.
    if (child(obj, 'metadata')?.deletionTimestamp) {
      warnings.push({ policy: policy.ref, message: 'is being deleted (metadata.deletionTimestamp is set): the detector ignores it' });
      continue;
    }
    const index = parsed.length;
    parsed.push(policy);
    indexSelectors(obj, policy, index, policy.cluster ? cppIndex : ppIndex, warnings, apiKey);
  }

  const skippedNs = (options.skippedNamespaces ?? DEFAULT_SKIPPED_PROPAGATING_NAMESPACES).map((p) => new RegExp(`^${p}$`));
  const skippedApis = parseSkippedApis([...DEFAULT_SKIPPED_PROPAGATING_APIS, ...splitFlag(options.skippedPropagatingApis ?? '')]);
  const nsSkipCache = new Map<string, ClaimSkipReason | undefined>();
  const nsSkip = (ns: string): ClaimSkipReason | undefined => {
    if (!nsSkipCache.has(ns)) {
      // pkg/detector/detector.go: EventFilter tests reserved namespaces, then each skipped-namespace regexp.
      nsSkipCache.set(ns, isReservedNamespace(ns) ? 'reserved-namespace' : skippedNs.some((r) => r.test(ns)) ? 'skipped-namespace' : undefined);
    }
    return nsSkipCache.get(ns);
  };

  const claims: TemplateClaim[] = [];
  const overlaps: ClaimOverlap[] = [];
  const unclaimed: UnclaimedTemplate[] = [];
  const hazards: ApplyOrderHazard[] = [];

  for (const raw of templates) {
    const template = parseTemplate(raw);
    const obj = raw as JsonObject;
    const ns = template.namespace ?? '';
    const skipped = skipReason(template, obj, ns, skippedApis, nsSkip);
    if (skipped) {
      claims.push({ template, candidates: [], skipped });
      unclaimed.push({ template, reason: skipped });
      continue;
    }
    const labels = stringMap(obj, 'labels');
    const avk = `${apiKey(options.watchedApiVersion ? options.watchedApiVersion(template.apiVersion) : template.apiVersion)}\u0000${template.kind}`;

    // pkg/detector/policy.go: propagateResource looks for a PP of the template's namespace first
    // (LookForMatchedPolicy returns nil for cluster-scoped objects), and for a CPP only if none matched.
    const ppMatches = ns ? collect([ppIndex.get(`${ns}\u0000${avk}`)], template.name, labels) : new Map<number, Match>();
    const cppMatches = collect(ns ? [cppIndex.get(`\u0000${avk}`), cppIndex.get(`${ns}\u0000${avk}`)] : [cppIndex.get(`\u0000${avk}`)],
      template.name, labels);
    const pps = rank(ppMatches, parsed);
    const cpps = rank(cppMatches, parsed);
    const candidates = [...pps, ...cpps];
    for (const c of candidates) parsed[c.index].matched++;
    const publicCandidates = candidates.map(toCandidate(parsed));
    if (candidates.length === 0) {
      claims.push({ template, candidates: [] });
      unclaimed.push({ template, reason: 'no-matching-policy' });
      continue;
    }
    const best = candidates[0];
    const winner = parsed[best.index];
    winner.won++;
    claims.push({ template, winner: winner.ref, candidates: publicCandidates });
    if (candidates.length < 2) continue;

    const losers = candidates.slice(1).map((c) => ({ policy: parsed[c.index].ref, reason: winReason(best, c, parsed) }));
    overlaps.push({ template, winner: winner.ref, losers });
    if (options.policiesBeforeTemplates) continue;
    const risky = candidates.slice(1)
      .filter((c) => !(options.preemptionFeatureGate && canPreempt(best, c, parsed)))
      .map((c) => parsed[c.index].ref);
    if (risky.length) {
      hazards.push({
        template,
        winner: winner.ref,
        riskyPolicies: risky,
        message: `${formatTemplateRef(template)} goes to ${formatPolicyRef(winner.ref)} only if that policy exists when Karmada first sees the template: ` +
          `${risky.map(formatPolicyRef).join(', ')} would claim it for good if applied before it (a claim is never re-decided; ` +
          'preemption is alpha and off by default). Apply all policies before the templates, or remove the overlap.',
      });
    }
  }

  const idlePolicies: IdlePolicy[] = parsed
    .filter((p) => p.won === 0)
    .map((p) => ({ policy: p.ref, reason: p.matched === 0 ? 'matches-nothing' as const : 'always-loses' as const, matched: p.matched }));

  const byTemplate = <T extends { template: TemplateRef }>(a: T, b: T) => compareTemplateRefs(a.template, b.template);
  const byPolicy = <T extends { policy: PolicyRef }>(a: T, b: T) => comparePolicyRefs(a.policy, b.policy);
  return {
    templates: claims,
    overlaps: overlaps.sort(byTemplate),
    unclaimed: unclaimed.sort(byTemplate),
    idlePolicies: idlePolicies.sort(byPolicy),
    hazards: hazards.sort(byTemplate),
    warnings: warnings.sort((a, b) => comparePolicyRefs(a.policy, b.policy) || (a.selectorIndex ?? -1) - (b.selectorIndex ?? -1)),
  };
}

/**
 * The implicit priority of one resource selector for a template
 * (`util.ResourceSelectorPriority`). The selector's namespace is compared as given: pass
 * the stored form of a PropagationPolicy (its webhook fills an empty namespace).
 *
 * @param template the template (apiVersion, kind, metadata.namespace, name, labels)
 * @param selector one `spec.resourceSelectors[]` entry
 */
export function resourceSelectorPriority(template: unknown, selector: unknown): ImplicitPriority {
  if (!isJsonObject(template) || !isJsonObject(selector)) return IMPLICIT_PRIORITY.misMatch;
  const meta = child(template, 'metadata');
  if (template.apiVersion !== selector.apiVersion || template.kind !== selector.kind) return IMPLICIT_PRIORITY.misMatch;
  const selectorNs = str(selector, 'namespace');
  if (selectorNs && str(meta, 'namespace') !== selectorNs) return IMPLICIT_PRIORITY.misMatch;
  const name = str(selector, 'name');
  // case 1, 2: name set, labelSelector ignored.
  if (name) return name === str(meta, 'name') ? IMPLICIT_PRIORITY.matchName : IMPLICIT_PRIORITY.misMatch;
  // case 4: nil labelSelector matches all.
  if (selector.labelSelector === undefined || selector.labelSelector === null) return IMPLICIT_PRIORITY.matchAll;
  const compiled = compileLabelSelector(selector.labelSelector);
  if (!compiled.ok) return IMPLICIT_PRIORITY.misMatch;
  return compiled.selector.matches(stringMap(template, 'labels')) ? IMPLICIT_PRIORITY.matchLabelSelector : IMPLICIT_PRIORITY.misMatch;
}

/**
 * The reference of a PropagationPolicy or ClusterPropagationPolicy manifest (a
 * PropagationPolicy without a namespace lands in `default`, where kubectl sends it).
 *
 * @throws InputError when it is not a Karmada policy with a name
 */
export function policyRefOf(policy: unknown): PolicyRef {
  return parsePolicy(policy).ref;
}

/** Renders a policy as `PropagationPolicy default/nginx-pp` or `ClusterPropagationPolicy all-deployments`. */
export function formatPolicyRef(ref: PolicyRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** Renders a template as `apps/v1 Deployment default/nginx`. */
export function formatTemplateRef(ref: TemplateRef): string {
  return `${ref.apiVersion} ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

function parsePolicy(raw: unknown): ParsedPolicy {
  if (!isJsonObject(raw)) throw new InputError('a policy must be an object');
  const kind = raw.kind;
  if (raw.apiVersion !== POLICY_API || (kind !== 'PropagationPolicy' && kind !== 'ClusterPropagationPolicy')) {
    throw new InputError(`only ${POLICY_API} PropagationPolicy and ClusterPropagationPolicy can claim templates, got ${String(raw.apiVersion)} ${String(kind)}`);
  }
  const meta = child(raw, 'metadata');
  const name = str(meta, 'name');
  if (!name) throw new InputError(`a ${kind} needs metadata.name`);
  const cluster = kind === 'ClusterPropagationPolicy';
  // a PropagationPolicy without a namespace lands in `default`, where kubectl sends it.
  const ref: PolicyRef = cluster ? { kind, name } : { kind, namespace: str(meta, 'namespace') || 'default', name };
  const spec = child(raw, 'spec');
  // pkg/apis/policy/v1alpha1/propagation_helper.go: ExplicitPriority treats a nil priority as 0.
  const priority = spec?.priority;
  return {
    ref,
    cluster,
    explicit: typeof priority === 'number' && Number.isFinite(priority) ? priority : 0,
    preemptAlways: spec?.preemption === 'Always',
    name,
    matched: 0,
    won: 0,
  };
}

function parseTemplate(raw: unknown): TemplateRef {
  if (!isJsonObject(raw)) throw new InputError('a resource template must be an object');
  const meta = child(raw, 'metadata');
  const apiVersion = str(raw, 'apiVersion');
  const kind = str(raw, 'kind');
  const name = str(meta, 'name');
  if (!apiVersion || !kind || !name) throw new InputError('a resource template needs apiVersion, kind and metadata.name');
  const namespace = str(meta, 'namespace');
  return namespace ? { apiVersion, kind, namespace, name } : { apiVersion, kind, name };
}

function indexSelectors(obj: JsonObject, policy: ParsedPolicy, index: number, target: Map<string, Bucket>, warnings: PolicyWarning[],
  apiKey: (apiVersion: string) => string): void {
  const selectors = child(obj, 'spec')?.resourceSelectors;
  if (!Array.isArray(selectors) || selectors.length === 0) {
    warnings.push({ policy: policy.ref, message: 'has no spec.resourceSelectors: the API server rejects it (minItems 1), it selects nothing' });
    return;
  }
  selectors.forEach((s, i) => {
    const warn = (message: string) => warnings.push({ policy: policy.ref, selectorIndex: i, message });
    if (!isJsonObject(s) || typeof s.apiVersion !== 'string' || typeof s.kind !== 'string' || !s.apiVersion || !s.kind) {
      warn('needs apiVersion and kind: the API server rejects the policy; the selector matches nothing');
      return;
    }
    let ns = str(s, 'namespace');
    if (!policy.cluster) {
      // pkg/webhook/propagationpolicy/mutating.go fills an empty selector namespace with the policy's;
      // pkg/util/validation/validation.go: validateResourceSelectors rejects another namespace.
      if (!ns) ns = policy.ref.namespace!;
      if (ns !== policy.ref.namespace) {
        warn(`selects namespace ${ns}, but a PropagationPolicy only matches templates of its own namespace ${policy.ref.namespace}: ` +
          'the webhook rejects it ("namespace of resource selector must be the same as the namespace of the policy"); it matches nothing');
        return;
      }
    }
    const name = str(s, 'name');
    let labels: CompiledLabelSelector | undefined;
    if (!name && s.labelSelector !== undefined && s.labelSelector !== null) {
      const compiled = compileLabelSelector(s.labelSelector);
      if (!compiled.ok) {
        warn(`labelSelector is invalid (${compiled.error}): the selector matches nothing`);
        return;
      }
      labels = compiled.selector;
    }
    const key = `${ns}\u0000${apiKey(s.apiVersion)}\u0000${s.kind}`;
    let bucket = target.get(key);
    if (!bucket) {
      bucket = { byName: new Map(), others: [] };
      target.set(key, bucket);
    }
    const entry: IndexedSelector = labels ? { policy: index, selector: i, labels } : { policy: index, selector: i };
    if (name) {
      const list = bucket.byName.get(name);
      if (list) list.push(entry);
      else bucket.byName.set(name, [entry]);
    } else {
      bucket.others.push(entry);
    }
  });
}

// pkg/util/selector.go: ResourceMatchSelectorsPriority keeps the best priority over a policy's selectors.
function collect(buckets: readonly (Bucket | undefined)[], name: string, labels: Record<string, string>): Map<number, Match> {
  const matches = new Map<number, Match>();
  const add = (e: IndexedSelector, p: ImplicitPriority) => {
    const m = matches.get(e.policy);
    if (!m) {
      matches.set(e.policy, { implicit: p, selectors: [e.selector] });
    } else {
      m.selectors.push(e.selector);
      if (p > m.implicit) m.implicit = p;
    }
  };
  for (const bucket of buckets) {
    if (!bucket) continue;
    for (const e of bucket.byName.get(name) ?? []) add(e, IMPLICIT_PRIORITY.matchName);
    for (const e of bucket.others) {
      if (!e.labels) add(e, IMPLICIT_PRIORITY.matchAll);
      else if (e.labels.matches(labels)) add(e, IMPLICIT_PRIORITY.matchLabelSelector);
    }
  }
  return matches;
}

interface Ranked {
  readonly index: number;
  readonly explicit: number;
  readonly implicit: ImplicitPriority;
  readonly selectors: readonly number[];
}

// pkg/detector/compare.go: getHighestPriority* (explicit, then implicit) and getHigherPriority* (a.Name < b.Name).
function rank(matches: Map<number, Match>, parsed: readonly ParsedPolicy[]): Ranked[] {
  const out: Ranked[] = [];
  for (const [index, m] of matches) {
    out.push({ index, explicit: parsed[index].explicit, implicit: m.implicit, selectors: m.selectors.sort((a, b) => a - b) });
  }
  return out.sort((a, b) => b.explicit - a.explicit || b.implicit - a.implicit || compareStrings(parsed[a.index].name, parsed[b.index].name));
}

function toCandidate(parsed: readonly ParsedPolicy[]): (r: Ranked) => ClaimCandidate {
  return (r) => ({ policy: parsed[r.index].ref, explicitPriority: r.explicit, implicitPriority: r.implicit, matchedSelectors: r.selectors });
}

function winReason(winner: Ranked, loser: Ranked, parsed: readonly ParsedPolicy[]): ClaimWinReason {
  if (!parsed[winner.index].cluster && parsed[loser.index].cluster) return 'propagation-policy-beats-cluster-policy';
  if (winner.explicit !== loser.explicit) return 'higher-explicit-priority';
  if (winner.implicit !== loser.implicit) return 'higher-implicit-priority';
  return 'smaller-name';
}

// pkg/detector/preemption.go: preemption needs `preemption: Always` and names in every selector
// (validation.go); a PP preempts any CPP claim (preemptClusterPropagationPolicyDirectly) and a
// policy of its own kind only with a strictly higher explicit priority; a CPP never preempts a PP.
function canPreempt(winner: Ranked, loser: Ranked, parsed: readonly ParsedPolicy[]): boolean {
  const w = parsed[winner.index];
  const l = parsed[loser.index];
  if (!w.preemptAlways || winner.implicit !== IMPLICIT_PRIORITY.matchName) return false;
  if (!w.cluster && l.cluster) return true;
  return w.cluster === l.cluster && winner.explicit > loser.explicit;
}

interface SkippedApis {
  readonly groups: Set<string>;
  readonly groupVersions: Set<string>;
  readonly groupVersionKinds: Set<string>;
}

function splitFlag(flag: string): string[] {
  return flag.split(';').map((t) => t.trim()).filter((t) => t !== '');
}

// pkg/util/apigroup.go: SkippedResourceConfig.parseSingle.
function parseSkippedApis(tokens: readonly string[]): SkippedApis {
  const out: SkippedApis = { groups: new Set(), groupVersions: new Set(), groupVersionKinds: new Set() };
  for (const token of tokens) {
    const slashes = token.split('/').length - 1;
    if (slashes === 0) {
      out.groups.add(token);
    } else if (slashes === 1 && token.startsWith('v1')) {
      for (const k of token.split(',')) out.groupVersionKinds.add(`v1/${k.includes('/') ? k.split('/')[1] : k}`);
    } else if (slashes === 1) {
      out.groupVersions.add(token);
    } else if (slashes === 2) {
      let gv = '';
      for (const k of token.split(',')) {
        if (k.includes('/')) {
          const [g, v, kind] = k.split('/');
          gv = `${g}/${v}`;
          out.groupVersionKinds.add(`${gv}/${kind}`);
        } else {
          out.groupVersionKinds.add(`${gv}/${k}`);
        }
      }
    } else {
      throw new InputError(`--skipped-propagating-apis: invalid parameter: ${token}`);
    }
  }
  return out;
}

function skipReason(
  template: TemplateRef,
  obj: JsonObject,
  ns: string,
  apis: SkippedApis,
  nsSkip: (ns: string) => ClaimSkipReason | undefined,
): ClaimSkipReason | undefined {
  const slash = template.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : template.apiVersion.slice(0, slash);
  if (apis.groups.has(group) || apis.groupVersions.has(template.apiVersion) || apis.groupVersionKinds.has(`${template.apiVersion}/${template.kind}`)) {
    return 'skipped-api';
  }
  const byNs = nsSkip(ns);
  if (byNs) return byNs;
  // pkg/detector/detector.go: EventFilter, karmada-io/karmada#4228.
  if (ns === 'kube-system' && template.kind === 'ConfigMap' && template.name === 'extension-apiserver-authentication') {
    return 'extension-apiserver-authentication';
  }
  // pkg/detector/detector.go: Reconcile returns early for a non-empty claimed-by label.
  if (stringMap(obj, 'labels')[RESOURCE_TEMPLATE_CLAIMED_BY_LABEL]) return 'claimed-by-label';
  return undefined;
}

function policyKey(ref: PolicyRef): string {
  return `${ref.kind}\u0000${ref.namespace ?? ''}\u0000${ref.name}`;
}

function comparePolicyRefs(a: PolicyRef, b: PolicyRef): number {
  return compareStrings(a.kind, b.kind) || compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.name, b.name);
}

function compareTemplateRefs(a: TemplateRef, b: TemplateRef): number {
  return compareStrings(a.apiVersion, b.apiVersion) || compareStrings(a.kind, b.kind) ||
    compareStrings(a.namespace ?? '', b.namespace ?? '') || compareStrings(a.name, b.name);
}
