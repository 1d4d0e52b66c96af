// The pull-request gate. Karmada facts (v1.18.2): pkg/detector/policy.go (a claim is never
// re-evaluated while the claiming policy exists and still matches; policy deletion and
// cleanPPUnmatchedRBs remove the claim, and the template is claimed anew by whatever policy then
// wins, whose spec overwrites the binding's), pkg/controllers/execution/execution_controller.go
// (handleWorkDelete keeps the member object only when the Work carries
// preserveResourcesOnDeletion), pkg/controllers/binding (a cluster leaving the schedule deletes
// its Work), pkg/controllers/namespace (deleting a Namespace in Karmada deletes every template
// in it). GitOps facts: see src/gitops/delivery.ts.
import { DistSnapshot, DistTree } from './dist-tree';
import { bindingsByObject } from './evidence';
import { Delivery, deliveriesOf, DELIVERY_FOLDER, protectedFrom } from '../gitops/delivery';
import { formatKey, KubeObject, keyOf } from '../inventory/types';
import { BindingEvidence } from '../karmada/bindings';
import { formatPolicyRef, PolicyRef, policyRefOf, simulateClaims, TemplateClaim } from '../karmada/claims';
import { MemberCluster, placementClusters, samePlacement } from '../karmada/placement';
import { preserveState } from '../karmada/preserve';
import { categoryOf } from '../output/layout';

/** How bad a finding is: errors fail the gate. */
export type CheckSeverity = 'error' | 'warning';

/** One reason the gate gives. */
export interface CheckFinding {
  readonly severity: CheckSeverity;
  /** a stable rule id (`template-removed-without-preserve`, ...); the README lists them. */
  readonly rule: string;
  /** the object concerned, as `Kind.group namespace/name`. @default - the change as a whole */
  readonly object?: string;
  /** what would happen, and why. */
  readonly message: string;
  /** what makes the gate accept it: the change to make, or the evidence to give. @default - nothing to do */
  readonly fix?: string;
}

/** Evidence from the live Karmada control plane that makes the gate exact. */
export interface CheckEvidence {
  /**
   * the ResourceBindings and ClusterResourceBindings: for each template they name, the
   * claiming policy, the preserve flag and the scheduled clusters are taken from them instead
   * of from the model.
   *
   * @default - the model alone
   */
  readonly bindings?: readonly BindingEvidence[];
  /**
   * the member clusters, to resolve placements that select clusters by label or field.
   *
   * @default - only placements that name their clusters resolve
   */
  readonly clusters?: ReadonlyMap<string, MemberCluster>;
}

/** Options of {@link checkChange}. */
export interface CheckOptions {
  /**
   * a policy change that moves the claim of an existing template is an error, not a warning.
   *
   * @default false
   */
  readonly strict?: boolean;
  /** @default - none */
  readonly evidence?: CheckEvidence;
  /**
   * the path of `dist/` in the repository, against which delivery paths are resolved.
   *
   * @default 'dist'
   */
  readonly distRoot?: string;
  /**
   * this is the first takeover: a base without `dist/` is accepted.
   *
   * @default false
   */
  readonly initial?: boolean;
}

/** The verdict of {@link checkChange}. */
export interface CheckResult {
  /** true when no finding is an error. */
  readonly ok: boolean;
  /** every finding, errors first, then by object and rule. */
  readonly findings: readonly CheckFinding[];
}

/** The rules of the gate, by id, with what they refuse: the README's table is made from it. */
export const CHECK_RULES: Readonly<Record<string, string>> = {
  'base-without-dist': 'the base has no dist/ (a mis-pointed --dist or --base, a revision without it) and --initial was not given',
  'initial-with-base': '--initial was given but the base already holds manifests',
  'template-removed-without-preserve': 'a template leaves Karmada (pruned, deleted with its delivery, or left outside every delivery) while a policy that may claim it does not preserve',
  'cluster-removed-without-preserve': 'a cluster leaves a template\'s placement (a placement change, or a new claimant after the old one was deleted or renamed) while a policy involved does not preserve',
  'placement-unresolved': 'a template\'s placement changes and the gate cannot tell which clusters it leaves',
  'namespace-deleted': 'a Namespace would be pruned or deleted from Karmada, which deletes every template in it',
  'namespace-unprotected': 'a Namespace is delivered without the marks that keep its delivery from ever deleting it',
  'delivery-unresolved': 'a delivery object the gate cannot read (a generator, a Helm or kustomize source) is added, changed or removed',
  'duplicate-identity': 'two files of dist/ hold the same object (API group, kind, namespace, name): Karmada keeps one',
  'cross-migration-claim': 'a policy of one migration matches a template of another',
  'claim-moves': 'a template would be claimed by another policy than its live claimant (a warning; an error with --strict)',
  'claim-lost': 'no policy claims a template any more: its binding stays as it was (a warning)',
  'reclaimed': 'a template\'s claimant is deleted or renamed and another policy claims it, on the same clusters (a warning)',
  'stale-dist': 'dist/ is not what the config synthesizes (with --config)',
};

type Fate = 'kept' | 'deleted' | 'orphaned' | 'undelivered';

interface Entry {
  readonly file: string;
  readonly object: KubeObject;
  readonly id: string;
  readonly migration: string;
}

interface Side {
  readonly snapshot: DistSnapshot;
  readonly byId: Map<string, Entry>;
  readonly templates: Entry[];
  readonly policies: Entry[];
  readonly namespaces: Entry[];
  readonly deliveries: Delivery[];
  readonly deliveryById: Map<string, Delivery>;
  /** delivery ids by manifest path; unresolved deliveries are in {@link everywhere}. */
  readonly deliverers: Map<string, Delivery[]>;
  readonly everywhere: Delivery[];
  readonly duplicates: Array<[Entry, Entry]>;
}

/**
 * The pull-request gate over two `dist/` trees: `base`, what is deployed, and `head`, what
 * the pull request would deploy. It refuses any change that the evidence does not prove
 * safe for the live objects of the member clusters (the rule ids are in {@link CHECK_RULES}):
 *
 * - what exists in Karmada is what the deliveries apply (`dist/_delivery`: Argo CD
 *   Applications and ApplicationSets, Flux Kustomizations; a migration folder without one is
 *   assumed to be applied, with pruning, from outside). A template leaves Karmada when it
 *   leaves its delivery (pruned), when its delivery is deleted with cascade, or when no
 *   delivery applies it any more;
 * - a template that leaves is safe only if every policy that may be its live claimant
 *   preserves (`preserveResourcesOnDeletion: true`, not `Lazy`): every base policy that
 *   matches it, since Karmada never re-evaluates a claim and the live claimant may be any of
 *   them, and their head versions, since policies may sync before the prune; if the claimant
 *   is deleted or stops matching, every head policy that may claim it anew. With bindings as
 *   evidence, the binding names the claimant and its flag;
 * - a template that stays loses a cluster when its claimant's placement changes, or when a new
 *   claimant takes it after the old one was deleted or renamed (PP → CPP too); that is a
 *   removal on that cluster, judged the same way. A placement the gate cannot resolve counts
 *   as possibly dropping every cluster;
 * - a Namespace is never deleted from Karmada, and must carry the marks that keep its delivery
 *   from deleting it.
 */
export function checkChange(base: DistSnapshot | DistTree, head: DistSnapshot | DistTree, options: CheckOptions = {}): CheckResult {
  const distRoot = options.distRoot ?? 'dist';
  const findings: CheckFinding[] = [];
  const baseSnapshot = asSnapshot(base, 'base');
  const headSnapshot = asSnapshot(head, 'head');
  const baseEmpty = !baseSnapshot.exists || baseSnapshot.manifests.size === 0;
  if (baseEmpty && !options.initial) {
    findings.push({
      severity: 'error', rule: 'base-without-dist',
      message: `the base (${baseSnapshot.where}) holds no manifest: the gate cannot tell what is deployed, and a mis-pointed --base or --dist would pass anything`,
      fix: 'point --base and --dist at the deployed dist/; for the very first takeover, when nothing is deployed yet, pass --initial',
    });
    return finish(findings);
  }
  if (!baseEmpty && options.initial) {
    findings.push({
      severity: 'error', rule: 'initial-with-base',
      message: `--initial says nothing is deployed, but the base (${baseSnapshot.where}) holds ${baseSnapshot.manifests.size} manifests`,
      fix: 'drop --initial',
    });
    return finish(findings);
  }

  const b = readSide(baseSnapshot, distRoot);
  const externals = b.deliveries.flatMap(d => (d.folder ? [d.folder] : []));
  const h = readSide(headSnapshot, distRoot, externals);
  for (const [x, y] of h.duplicates) {
    findings.push({
      severity: 'error', rule: 'duplicate-identity', object: x.id,
      message: `${x.id} is written twice, to ${x.file} and ${y.file}: Karmada holds one object per identity, so one file would overwrite the other`,
      fix: 'keep it in one migration; to take over the same object in several clusters, use one migration with all of them',
    });
  }
  findings.push(...unresolvedDeliveries(b, h));

  const bindings = bindingsByObject(options.evidence?.bindings ?? []);

  // what is in Karmada before and after: delivered objects, and policies left behind unpruned.
  const fates = new Map<string, { state: Fate; how?: string }>();
  const fateOf = (e: Entry) => {
    let f = fates.get(e.id);
    if (!f) fates.set(e.id, f = fate(e, b, h));
    return f.state;
  };
  const livePolicies = new Map<string, Entry>();
  for (const p of b.policies) if (fateOf(p) !== 'undelivered') livePolicies.set(p.id, p);
  const headPolicies = new Map<string, Entry>();
  for (const p of h.policies) if (isDelivered(h, p.file)) headPolicies.set(p.id, p);
  for (const p of livePolicies.values()) if (fateOf(p) === 'orphaned' && !headPolicies.has(p.id)) headPolicies.set(p.id, p);

  const liveTemplates = b.templates.filter(t => fateOf(t) !== 'undelivered');
  const baseClaims = claimsOf(liveTemplates.map(t => t.object), [...livePolicies.values()].map(p => p.object));
  // the head model: delivered head templates, and the live ones that leave (to see who could claim them anew).
  const headTemplates = new Map<string, KubeObject>();
  for (const t of h.templates) if (isDelivered(h, t.file)) headTemplates.set(t.id, t.object);
  for (const t of liveTemplates) if (!headTemplates.has(t.id)) headTemplates.set(t.id, t.object);
  const headIds = [...headTemplates.keys()];
  const headClaims = claimsOf([...headTemplates.values()], [...headPolicies.values()].map(p => p.object));
  const headClaimOf = new Map(headIds.map((id, i) => [id, headClaims[i]]));

  const ctx: Ctx = { b, h, livePolicies, headPolicies, bindings, clusters: options.evidence?.clusters, strict: options.strict ?? false, findings };
  liveTemplates.forEach((t, i) => judgeTemplate(ctx, t, fates.get(t.id)!, baseClaims[i], headClaimOf.get(t.id)!));

  for (const n of b.namespaces) {
    if (fateOf(n) !== 'deleted') continue;
    findings.push({
      severity: 'error', rule: 'namespace-deleted', object: n.id,
      message: `${n.id} would be ${fates.get(n.id)!.how}: deleting a Namespace in Karmada deletes every template in it, other teams' too, and each member object goes with its template unless preserved`,
      fix: 'keep the Namespace in dist/ and in its delivery; never prune Namespaces (Argo CD: argocd.argoproj.io/sync-options: Prune=false,Delete=false; Flux: kustomize.toolkit.fluxcd.io/prune: disabled), and delete it from Karmada by hand if it must go',
    });
  }
  for (const n of h.namespaces) {
    for (const d of deliverersOf(h, n.file)) {
      if (protectedFrom(d.tool, n.object, 'prune') && (!d.cascades || protectedFrom(d.tool, n.object, 'delete'))) continue;
      findings.push({
        severity: 'error', rule: 'namespace-unprotected', object: n.id,
        message: `${n.id} is applied by ${d.id} without the marks that keep it from deleting the Namespace (${d.tool === 'argocd' ? 'argocd.argoproj.io/sync-options: Prune=false,Delete=false' : d.tool === 'flux' ? 'kustomize.toolkit.fluxcd.io/prune: disabled' : 'Argo CD\'s Prune=false,Delete=false and Flux\'s kustomize.toolkit.fluxcd.io/prune: disabled, the tool being unknown'}): both tools read them on the live object, so they must be there before the Namespace ever leaves`,
        fix: 'synthesize the Namespace with karmada-migrate (it carries both marks), or add them',
      });
    }
  }

  // a policy of one migration matching another's template: their deliveries are not ordered
  // relative to each other, so either may claim it first, and one migration's rollback arms the other's.
  headIds.forEach((id, i) => {
    const t = h.byId.get(id);
    if (!t || t.migration === DELIVERY_FOLDER) return;
    for (const c of headClaims[i].candidates) {
      const p = headPolicies.get(policyId(c.policy));
      if (!p || p.migration === t.migration) continue;
      findings.push({
        severity: 'error', rule: 'cross-migration-claim', object: t.id,
        message: `${formatPolicyRef(c.policy)} of migration ${p.migration} (${p.file}) matches ${t.id} of migration ${t.migration} (${t.file}): ` +
          'the two migrations are delivered independently, so either policy may claim it first, and the rollback of one would arm or release the other\'s object',
        fix: `narrow the selectors of ${formatPolicyRef(c.policy)} (by name, or another namespace), or take both over in one migration`,
      });
    }
  });
  return finish(findings);
}

interface Ctx {
  readonly b: Side;
  readonly h: Side;
  readonly livePolicies: ReadonlyMap<string, Entry>;
  readonly headPolicies: ReadonlyMap<string, Entry>;
  readonly bindings: ReadonlyMap<string, BindingEvidence>;
  readonly clusters?: ReadonlyMap<string, MemberCluster>;
  readonly strict: boolean;
  readonly findings: CheckFinding[];
}

function judgeTemplate(ctx: Ctx, t: Entry, tFate: { state: Fate; how?: string }, baseClaim: TemplateClaim, headClaim: TemplateClaim): void {
  const binding = ctx.bindings.get(t.id);
  // who may be the live claimant: the binding says; else any base policy that matches.
  const claimants: PolicyRef[] = binding ? (binding.claimant ? [binding.claimant] : []) : baseClaim.candidates.map(c => c.policy);
  if (claimants.length === 0 && !binding) return; // never propagated: nothing in a member cluster depends on it
  const headCandidates = headClaim.candidates.map(c => c.policy);
  // a claimant dist/ does not hold (named by a binding) is not changed by this change.
  const stillClaims = (ref: PolicyRef) => !ctx.livePolicies.has(policyId(ref)) ||
    (ctx.headPolicies.has(policyId(ref)) && headCandidates.some(c => policyId(c) === policyId(ref)));
  const liveArmed = (ref: PolicyRef): string | undefined => {
    if (binding) return binding.preserveResourcesOnDeletion ? undefined : `its binding (${binding.binding}) has preserveResourcesOnDeletion: false`;
    const p = ctx.livePolicies.get(policyId(ref));
    const s = preserveState(p?.object);
    return s.armed ? undefined : `${formatPolicyRef(ref)} as deployed: ${s.reason}`;
  };
  const headArmed = (ref: PolicyRef): string | undefined => {
    const p = ctx.headPolicies.get(policyId(ref));
    if (!p) return undefined;
    const s = preserveState(p.object);
    return s.armed ? undefined : `${formatPolicyRef(ref)} in this change: ${s.reason}`;
  };

  if (tFate.state === 'deleted' || tFate.state === 'orphaned') {
    const problems = new Set<string>();
    let reclaim = claimants.length === 0;
    if (binding && !binding.claimant && !binding.preserveResourcesOnDeletion) problems.add(`its binding (${binding.binding}) has preserveResourcesOnDeletion: false`);
    for (const ref of claimants) {
      const live = liveArmed(ref);
      if (live) problems.add(live);
      const next = headArmed(ref);
      if (next) problems.add(next);
      if (!stillClaims(ref)) reclaim = true;
    }
    // the claimant goes too (or stops matching): the template is claimed anew before it is deleted, and that policy's flag decides.
    if (reclaim) for (const ref of headCandidates) { const next = headArmed(ref); if (next) problems.add(next); }
    if (problems.size === 0) return;
    const consequence = tFate.state === 'orphaned' ? '' : ', and Karmada would delete the live object in the member cluster';
    ctx.findings.push({
      severity: 'error', rule: 'template-removed-without-preserve', object: t.id,
      message: `${t.id} (${t.file}) would be ${tFate.how}${consequence}: not every policy that may claim it preserves: ${[...problems].join('; ')}`,
      fix: 'arm the rollback first (rollback: true) in a commit of its own, merge and sync it, check every Work carries the flag (karmada-migrate verify-rollback), ' +
        'then remove the template in a later commit; --bindings (kubectl get resourcebindings,clusterresourcebindings -A -o json) names the one live claimant',
    });
    return;
  }

  // the template stays: does a cluster leave its placement?
  const headWinner = headClaim.winner;
  const lost: string[] = [];
  const unresolved: string[] = [];
  const problems = new Set<string>();
  for (const ref of claimants) {
    const live = ctx.livePolicies.get(policyId(ref));
    const stays = stillClaims(ref);
    const governors = stays ? [ref] : headCandidates;
    if (!stays && governors.length === 0) {
      ctx.findings.push({
        severity: 'warning', rule: 'claim-lost', object: t.id,
        message: `${t.id} is claimed by ${formatPolicyRef(ref)} in the base and by no policy after this change: Karmada keeps its binding as it was, and template changes stop reaching the member clusters`,
      });
      continue;
    }
    const before = binding ? new Set(binding.clusters) : live ? placementClusters(placementOf(live.object), ctx.clusters).possible : undefined;
    for (const g of governors) {
      const next = ctx.headPolicies.get(policyId(g))!;
      if (policyId(g) === policyId(ref) && live && samePlacement(placementOf(live.object), placementOf(next.object))) continue;
      const after = placementClusters(placementOf(next.object), ctx.clusters);
      // a new placement the gate cannot resolve may drop any cluster: that is "unresolved", not a known loss.
      const gone = before && after.possible ? [...before].filter(c => !after.certain.has(c)) : undefined;
      if (gone && gone.length === 0) continue;
      const why = [liveArmed(ref), headArmed(g)].filter((x): x is string => x !== undefined);
      if (why.length === 0) continue;
      why.forEach(w => problems.add(w));
      const change = policyId(g) === policyId(ref) ? `${formatPolicyRef(ref)} changes its placement` : `${formatPolicyRef(ref)} goes (deleted, renamed or no longer matching) and ${formatPolicyRef(g)} may claim it anew`;
      if (gone) lost.push(`${change}: ${gone.join(', ')} ${gone.length > 1 ? 'leave' : 'leaves'} (${after.uncertainty ?? 'not in the new placement'})`);
      else unresolved.push(`${change}, and the gate cannot tell which clusters it leaves (${(before ? after : placementClusters(live ? placementOf(live.object) : undefined, ctx.clusters)).uncertainty ?? 'no placement'})`);
    }
    if (!stays && governors.length > 0 && lost.length === 0 && unresolved.length === 0) {
      ctx.findings.push({
        severity: 'warning', rule: 'reclaimed', object: t.id,
        message: `${formatPolicyRef(ref)}, which may claim ${t.id}, is deleted, renamed or no longer matches: ${headWinner ? formatPolicyRef(headWinner) : 'another policy'} claims it anew, and its spec replaces the binding's (same clusters)`,
      });
    }
  }
  const liveWinner = binding ? binding.claimant : baseClaim.winner;
  if (liveWinner && stillClaims(liveWinner) && headWinner && policyId(headWinner) !== policyId(liveWinner)) {
    ctx.findings.push({
      severity: ctx.strict ? 'error' : 'warning', rule: 'claim-moves', object: t.id,
      message: `${t.id} is claimed by ${formatPolicyRef(liveWinner)} but would be by ${formatPolicyRef(headWinner)}: Karmada never re-evaluates a claim, so the live binding keeps ${formatPolicyRef(liveWinner)} until the template is re-created`,
      fix: 'change the claimant itself, or delete it in a commit of its own so the template is claimed anew',
    });
  }
  if (lost.length > 0) {
    ctx.findings.push({
      severity: 'error', rule: 'cluster-removed-without-preserve', object: t.id,
      message: `${t.id}: ${lost.join('; ')}. Karmada deletes the Work, and so the live object, on each cluster that leaves, since not every policy involved preserves: ${[...problems].join('; ')}`,
      fix: 'arm the rollback (rollback: true) for these policies in a commit of its own and sync it before changing the placement or the claimant',
    });
  }
  if (unresolved.length > 0) {
    ctx.findings.push({
      severity: 'error', rule: 'placement-unresolved', object: t.id,
      message: `${t.id}: ${unresolved.join('; ')}; a cluster may leave, and not every policy involved preserves: ${[...problems].join('; ')}`,
      fix: 'give --clusters (kubectl get clusters.cluster.karmada.io -o json) or --bindings so the gate sees which clusters the template is on and stays on, or arm the rollback first',
    });
  }
}

function readSide(snapshot: DistSnapshot, distRoot: string, external?: readonly string[]): Side {
  const byId = new Map<string, Entry>();
  const duplicates: Array<[Entry, Entry]> = [];
  const templates: Entry[] = [];
  const policies: Entry[] = [];
  const namespaces: Entry[] = [];
  for (const [file, object] of snapshot.manifests) {
    const migration = file.split('/')[0];
    if (migration === DELIVERY_FOLDER) continue;
    const category = categoryOf(object);
    if (category === 'delivery') continue;
    const isPolicy = category === 'policies' && (object.kind === 'PropagationPolicy' || object.kind === 'ClusterPropagationPolicy');
    const id = isPolicy ? policyId(policyRefOf(object)) : formatKey(keyOf(object));
    const entry: Entry = { file, object, id, migration };
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
  const deliveries = deliveriesOf({ manifests: snapshot.manifests, files: snapshot.files, distRoot }, { external });
  const deliverers = new Map<string, Delivery[]>();
  const everywhere: Delivery[] = [];
  for (const d of deliveries) {
    if (!d.manifests) {
      everywhere.push(d);
      continue;
    }
    for (const m of d.manifests) {
      const list = deliverers.get(m);
      if (list) list.push(d);
      else deliverers.set(m, [d]);
    }
  }
  const deliveryById = new Map(deliveries.map(d => [d.id, d]));
  return { snapshot, byId, templates, policies, namespaces, deliveries, deliveryById, deliverers, everywhere, duplicates };
}

function deliverersOf(side: Side, file: string): Delivery[] {
  const list = side.deliverers.get(file) ?? [];
  return side.everywhere.length ? [...list, ...side.everywhere] : list;
}

function isDelivered(side: Side, file: string): boolean {
  return side.everywhere.length > 0 || side.deliverers.has(file);
}

// what becomes of a base object in Karmada after the change, and how it goes.
function fate(e: Entry, b: Side, h: Side): { state: Fate; how?: string } {
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

function unresolvedDeliveries(b: Side, h: Side): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const d of h.everywhere) {
    const before = b.deliveryById.get(d.id);
    if (before && before.fingerprint === d.fingerprint && before.target === d.target) continue;
    out.push({
      severity: 'error', rule: 'delivery-unresolved', object: d.id,
      message: `${d.id} (${d.declaredIn}) is ${before ? 'changed' : 'added'}, and the gate cannot tell what it applies: ${d.unresolved}`,
      fix: 'use the deliveries karmada-migrate writes (spec.delivery), or change this one in a pull request of its own with no dist/ change, reviewed by hand',
    });
  }
  for (const d of b.everywhere) {
    if (h.deliveryById.has(d.id)) continue;
    out.push({
      severity: 'error', rule: 'delivery-unresolved', object: d.id,
      message: `${d.id} (${d.declaredIn}) is removed, and the gate cannot tell what it applied: ${d.unresolved}${d.cascades ? '; removing it deletes what it applied' : ''}`,
      fix: 'remove it in a pull request of its own with no dist/ change, after checking by hand what it applies',
    });
  }
  return out;
}

function claimsOf(templates: readonly KubeObject[], policies: readonly KubeObject[]): readonly TemplateClaim[] {
  return simulateClaims(templates, policies, { policiesBeforeTemplates: true }).templates;
}


function policyId(p: PolicyRef): string {
  return formatPolicyRef(p);
}

function placementOf(policy: KubeObject): unknown {
  return (policy.spec as { placement?: unknown } | undefined)?.placement;
}

function asSnapshot(x: DistSnapshot | DistTree, where: string): DistSnapshot {
  if (x instanceof Map) return { manifests: x, files: new Set(x.keys()), exists: x.size > 0, where };
  return x as DistSnapshot;
}

function finish(findings: CheckFinding[]): CheckResult {
  findings.sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'error' ? -1 : 1) || cmp(x.object ?? '', y.object ?? '') || cmp(x.rule, y.rule) || cmp(x.message, y.message));
  const unique = findings.filter((f, i) => i === 0 || JSON.stringify(f) !== JSON.stringify(findings[i - 1]));
  return { ok: !unique.some(f => f.severity === 'error'), findings: unique };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
