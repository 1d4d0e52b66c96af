// What the change does to each live template's claim, preserve flag and clusters. Karmada
// v1.18.2: pkg/detector/policy.go (a claim is never re-evaluated while its policy exists; a
// template whose own labels stop matching keeps its claim; policy deletion and
// cleanPPUnmatchedRBs remove the claim and leave the binding as it was, and the template is
// claimed anew by whatever policy then wins, whose spec overwrites the binding),
// pkg/dependenciesdistributor (a dependency of a workload whose policy has propagateDeps gets an
// attached binding that copies the referencing bindings' preserve flag, and loses it when no
// such workload refers to it), pkg/controllers/execution/execution_controller.go (deleting a
// Work keeps the member object only with preserveResourcesOnDeletion), pkg/controllers/binding
// (a cluster leaving the schedule deletes its Work).
import { ChangeContext, DistEntry, Fate } from './side';
import { formatKey, KubeObject } from '../../kube/object';
import { dependenciesOf, knowsDependencies } from '../../inventory/dependencies';
import { formatPolicyRef, PolicyRef, TemplateClaim } from '../../karmada/claims';
import { placementClusters, samePlacement } from '../../karmada/placement';
import { preserveState } from '../../karmada/preserve';
import type { CheckFinding } from '../check';
import type { Departure } from './override-rules';

/** What the template rules need to know about the change. */
export interface TemplateContext extends ChangeContext {
  /** the policies with propagateDeps whose workloads refer to each template (dependency id => policies), before and after. */
  readonly attachedBefore: ReadonlyMap<string, readonly PolicyRef[]>;
  readonly attachedAfter: ReadonlyMap<string, readonly PolicyRef[]>;
  readonly findings: CheckFinding[];
  /** templates that leave Karmada, accepted on the strength of Git alone (no binding given). */
  readonly trustedRemovals: string[];
  /** the Works that go while every policy involved preserves: the override rules check the flag could reach them. */
  readonly departures: Departure[];
  /** whether two policies place the same way (memoized: many templates share a policy). */
  readonly samePlacement: (a: DistEntry, b: DistEntry) => boolean;
}

/** {@link TemplateContext.samePlacement}, memoized per pair of policies. */
export function placementComparer(): (a: DistEntry, b: DistEntry) => boolean {
  const memo = new Map<string, boolean>();
  return (a, b) => {
    const key = `${a.file}\u0000${b.file}`;
    let same = memo.get(key);
    if (same === undefined) memo.set(key, same = samePlacement(placementOf(a.object), placementOf(b.object)));
    return same;
  };
}

const FIX_REMOVAL = 'arm the rollback first (rollback: true) in a commit of its own, merge and sync it, check every Work carries the flag (karmada-migrate verify-rollback), ' +
  'then remove the template in a later commit; --bindings (kubectl get resourcebindings,clusterresourcebindings -A -o json) names the one live claimant';

/**
 * For every policy with `propagateDeps` (or the deprecated `association`) that may claim a
 * workload, the templates the workload refers to (Karmada's default dependency interpreter)
 * get that policy as a possible attached claimant.
 */
export function attachedClaimants(templates: readonly DistEntry[], claims: readonly TemplateClaim[], policies: ReadonlyMap<string, DistEntry>,
  present: ReadonlySet<string>): Map<string, PolicyRef[]> {
  const out = new Map<string, PolicyRef[]>();
  templates.forEach((t, i) => {
    const deps = claims[i].candidates.map(c => c.policy).filter(ref => {
      const spec = policies.get(formatPolicyRef(ref))?.object.spec as { propagateDeps?: unknown; association?: unknown } | undefined;
      return spec?.propagateDeps === true || spec?.association === true;
    });
    if (deps.length === 0) return;
    // a kind the native interpreter does not read may refer to anything of its namespace (a customized or third-party interpreter).
    const referred = knowsDependencies(t.object) ? dependenciesOf(t.object).map(formatKey) : inNamespace(present, t.object.metadata.namespace);
    for (const id of referred) {
      if (!present.has(id) || id === t.id) continue;
      const list = out.get(id) ?? [];
      for (const ref of deps) if (!list.some(r => formatPolicyRef(r) === formatPolicyRef(ref))) list.push(ref);
      out.set(id, list);
    }
  });
  return out;
}

/** Judges one live template: its removal, or the clusters it may lose. */
export function judgeTemplate(ctx: TemplateContext, t: DistEntry, fate: Fate, baseClaim: TemplateClaim, headClaim: TemplateClaim,
  headEntry?: DistEntry): void {
  const binding = ctx.bindings?.get(t.id);
  // the evidence must cover what it claims to: a template a base policy matches has a binding.
  if (ctx.bindings && !binding && baseClaim.candidates.length > 0) {
    ctx.findings.push({
      severity: 'error', rule: 'evidence-incomplete', object: t.id,
      message: `${t.id}: ${formatPolicyRef(baseClaim.candidates[0].policy)} matches it, but the bindings given have no binding for it: they are partial (exported without -A?), stale, or of another control plane`,
      fix: 'export every binding of the control plane dist/ is deployed to: kubectl get resourcebindings.work.karmada.io,clusterresourcebindings.work.karmada.io -A -o json',
    });
    return;
  }
  const id = (r: PolicyRef) => formatPolicyRef(r);
  const attached = ctx.attachedBefore.get(t.id) ?? [];
  // who may be the live claimant: the binding says; else any base policy that matches, and those that attach it as a dependency.
  const claimants: PolicyRef[] = binding ? (binding.claimant ? [binding.claimant] : [])
    : uniq([...baseClaim.candidates.map(c => c.policy), ...attached]);
  const headCandidates = uniq([...headClaim.candidates.map(c => c.policy), ...(ctx.attachedAfter.get(t.id) ?? [])]);
  // a claimant dist/ does not hold (named by a binding) is not changed by this change.
  const managed = (ref: PolicyRef) => ctx.livePolicies.has(id(ref));
  const stillClaims = (ref: PolicyRef) => !managed(ref) || (ctx.headPolicies.has(id(ref)) && headCandidates.some(c => id(c) === id(ref)));
  const liveArmed = (ref: PolicyRef): string | undefined => {
    if (binding) return binding.preserveResourcesOnDeletion ? undefined : `its binding (${binding.binding}) has preserveResourcesOnDeletion: false`;
    const s = preserveState(ctx.livePolicies.get(id(ref))?.object);
    return s.armed ? undefined : `${id(ref)} as deployed: ${s.reason}`;
  };
  const headArmed = (ref: PolicyRef): string | undefined => {
    const p = ctx.headPolicies.get(id(ref));
    if (!p) return undefined;
    const s = preserveState(p.object);
    return s.armed ? undefined : `${id(ref)} in this change: ${s.reason}`;
  };
  const deployedArmed = binding?.claimant && preserveState(ctx.livePolicies.get(id(binding.claimant))?.object).armed;
  const leaving = fate.state === 'deleted' || fate.state === 'orphaned';
  if (binding?.claimant && managed(binding.claimant) && binding.preserveResourcesOnDeletion && !deployedArmed) {
    ctx.findings.push({
      // what makes a removal pass must agree with what is deployed.
      severity: leaving ? 'error' : 'warning', rule: 'evidence-disagrees', object: t.id,
      message: `${binding.binding} has preserveResourcesOnDeletion: true, but ${id(binding.claimant)} as deployed does not: the bindings given may be stale, or of another control plane`,
      fix: 'export the bindings again from the Karmada control plane this dist/ is deployed to',
    });
  }

  // a Namespace leaving Karmada is the namespace rules' (it is never to be deleted); one no policy claims is the namespace controller's.
  const isNamespace = t.object.kind === 'Namespace' && t.object.apiVersion === 'v1';
  if (isNamespace && (leaving || claimants.length === 0)) return;

  // no base policy matches it and no binding was given: it may still hold a binding from an earlier
  // claim (its policy deleted, renamed, or no longer matching), whose flag and clusters are unknown.
  const unknownClaim = claimants.length === 0 && !binding && !ctx.bindings;
  if (claimants.length === 0 && !binding && ctx.bindings) return; // the bindings prove it is not propagated

  const leaves = leaving;
  // an attached binding (no claim, required by the bindings of workloads that propagate their dependencies) goes when nothing refers to it any more.
  const attachedBinding = binding !== undefined && !binding.claimant && binding.requiredBy.length > 0;
  const attachedOnly = !binding && attached.length > 0 && baseClaim.candidates.length === 0;
  const detached = !leaves && headCandidates.length === 0 && (attachedBinding || attachedOnly);
  if (leaves || detached) {
    const problems = new Set<string>();
    if (unknownClaim) problems.add('no policy of the base matches it, so it may keep a binding from an earlier claim whose flag the gate cannot see');
    let reclaim = false;
    if (binding && !binding.claimant && !binding.preserveResourcesOnDeletion) problems.add(`its binding (${binding.binding}) has preserveResourcesOnDeletion: false`);
    for (const ref of claimants) {
      const live = liveArmed(ref);
      if (live) problems.add(live);
      const next = headArmed(ref);
      if (next) problems.add(next);
      if (!stillClaims(ref)) reclaim = true;
    }
    // the claimant goes too (or stops matching): the template is claimed anew before it is deleted, and that policy's flag decides.
    if (reclaim || unknownClaim) for (const ref of headCandidates) { const next = headArmed(ref); if (next) problems.add(next); }
    if (problems.size === 0) {
      if (!binding) ctx.trustedRemovals.push(t.id);
      ctx.departures.push({ template: t, baseClaim, how: detached ? 'detached: no workload that propagates its dependencies refers to it any more' : fate.how ?? 'it leaves Karmada' });
      return;
    }
    const how = detached
      ? 'detached: no workload whose policy propagates dependencies refers to it any more, so its attached binding and its Works go'
      : fate.state === 'orphaned' ? fate.how : `${fate.how}, and Karmada would delete the live object in the member cluster`;
    ctx.findings.push({
      severity: 'error', rule: 'template-removed-without-preserve', object: t.id,
      message: `${t.id} (${t.file}) would be ${how}: not every policy that may claim it preserves: ${[...problems].join('; ')}`,
      fix: FIX_REMOVAL,
    });
    return;
  }

  if (unknownClaim) {
    if (headCandidates.length > 0) {
      ctx.findings.push({
        severity: 'error', rule: 'placement-unresolved', object: t.id,
        message: `${t.id}: no policy of the base matches it, so it may keep a binding from an earlier claim on clusters the gate cannot see; ` +
          `${headCandidates.map(id).join(', ')} would claim it anew with ${headCandidates.length > 1 ? 'their' : 'its'} own placement and flag`,
        fix: 'give --bindings so the gate sees whether it has a binding and where, or arm the rollback first',
      });
    }
    return;
  }

  // the template stays: does a cluster leave its placement? A replica change reschedules Divided
  // placements (doScheduleBinding: IsBindingReplicasChanged), which drop a cluster left with none.
  const replicasChanged = headEntry !== undefined && JSON.stringify((t.object.spec as { replicas?: unknown } | undefined)?.replicas) !==
    JSON.stringify((headEntry.object.spec as { replicas?: unknown } | undefined)?.replicas);
  const headWinner = headClaim.winner;
  const lost: string[] = [];
  // the clusters that leave, to name where the Works go (a fleet: one Work per cluster).
  const leavers = new Set<string>();
  const unresolved: string[] = [];
  const problems = new Set<string>();
  for (const ref of claimants) {
    const live = ctx.livePolicies.get(id(ref));
    const stays = stillClaims(ref);
    if (stays && !managed(ref)) continue; // a policy outside dist/: this change does not touch it
    const governors = stays ? [ref] : headCandidates;
    if (!stays && governors.length === 0) {
      ctx.findings.push({
        severity: 'warning', rule: 'claim-lost', object: t.id,
        message: `${t.id} is claimed by ${id(ref)} in the base and by no policy after this change: Karmada keeps its binding as it was, template changes stop ` +
          'reaching the member clusters, and removing the template later needs --bindings to be accepted',
      });
      continue;
    }
    let before: ReadonlySet<string> | undefined | null = null;
    for (const g of governors) {
      const next = ctx.headPolicies.get(id(g));
      if (!next) continue;
      if (id(g) === id(ref) && live && ctx.samePlacement(live, next) && !(replicasChanged && byReplicas(placementOf(next.object)))) continue;
      before ??= binding ? new Set(binding.clusters) : live ? placementClusters(placementOf(live.object), ctx.clusters).possible : undefined;
      const after = placementClusters(placementOf(next.object), ctx.clusters);
      // a new placement the gate cannot resolve may drop any cluster: that is "unresolved", not a known loss.
      const gone = before && after.possible ? [...before].filter(c => !after.certain.has(c)) : undefined;
      if (gone && gone.length === 0) continue;
      const why = [liveArmed(ref), headArmed(g)].filter((x): x is string => x !== undefined);
      const change = id(g) === id(ref) ? `${id(ref)} changes its placement` : `${id(ref)} goes (deleted, renamed or no longer matching) and ${id(g)} may claim it anew`;
      if (why.length === 0) {
        // accepted on the flag: the override rules check it could reach each Work that goes.
        ctx.departures.push({ template: t, baseClaim, ...(gone ? { clusters: gone } : {}), how: gone ? `${change}, and it leaves ${gone.join(', ')}` : `${change}, and it may leave any cluster` });
        continue;
      }
      why.forEach(w => problems.add(w));
      if (gone) gone.forEach(c => leavers.add(c));
      if (gone) lost.push(`${change}: ${gone.join(', ')} ${gone.length > 1 ? 'leave' : 'leaves'} (${after.uncertainty ?? 'not in the new placement'})`);
      else unresolved.push(`${change}, and the gate cannot tell which clusters it leaves (${(before ? after : placementClusters(live ? placementOf(live.object) : undefined, ctx.clusters)).uncertainty ?? 'no placement'})`);
    }
    if (!stays && governors.length > 0 && lost.length === 0 && unresolved.length === 0) {
      ctx.findings.push({
        severity: 'warning', rule: 'reclaimed', object: t.id,
        message: `${id(ref)}, which may claim ${t.id}, is deleted, renamed or no longer matches: ${headWinner ? id(headWinner) : 'another policy'} claims it anew, and its spec replaces the binding's (same clusters)`,
      });
    }
  }
  const liveWinner = binding ? binding.claimant : baseClaim.winner;
  if (liveWinner && managed(liveWinner) && stillClaims(liveWinner) && headWinner && id(headWinner) !== id(liveWinner)) {
    ctx.findings.push({
      severity: ctx.strict ? 'error' : 'warning', rule: 'claim-moves', object: t.id,
      message: `${t.id} is claimed by ${id(liveWinner)} but would be by ${id(headWinner)}: Karmada never re-evaluates a claim, so the live binding keeps ${id(liveWinner)} until the template is re-created`,
      fix: 'change the claimant itself, or delete it in a commit of its own so the template is claimed anew',
    });
  }
  if (lost.length > 0) {
    ctx.findings.push({
      severity: 'error', rule: 'cluster-removed-without-preserve', object: t.id,
      message: `${t.id}: ${lost.join('; ')}. Karmada deletes the Work, and so the live object, on ${[...leavers].sort().join(', ')}, ` +
        `since not every policy involved preserves (the flag is a policy's, for every cluster it places on): ${[...problems].join('; ')}`,
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

// the templates of a namespace, by id (`Kind.group namespace/name`), indexed once per set.
const byNamespaceCache = new WeakMap<ReadonlySet<string>, Map<string, string[]>>();
function inNamespace(present: ReadonlySet<string>, namespace: string | undefined): string[] {
  if (!namespace) return [];
  let index = byNamespaceCache.get(present);
  if (!index) {
    index = new Map();
    for (const id of present) {
      const ns = /^\S+ ([^/]+)\//.exec(id)?.[1];
      if (!ns) continue;
      const list = index.get(ns);
      if (list) list.push(id);
      else index.set(ns, [id]);
    }
    byNamespaceCache.set(present, index);
  }
  return index.get(namespace) ?? [];
}

// placements whose clusters follow the replica count: Divided, or spread constraints.
function byReplicas(placement: unknown): boolean {
  const p = placement as { replicaScheduling?: { replicaSchedulingType?: string }; spreadConstraints?: unknown[] } | undefined;
  return (p?.replicaScheduling !== undefined && p.replicaScheduling.replicaSchedulingType !== 'Duplicated') || (p?.spreadConstraints?.length ?? 0) > 0;
}

function uniq(refs: readonly PolicyRef[]): PolicyRef[] {
  const seen = new Set<string>();
  return refs.filter(r => !seen.has(formatPolicyRef(r)) && seen.add(formatPolicyRef(r)));
}

function placementOf(policy: KubeObject): unknown {
  return (policy.spec as { placement?: unknown } | undefined)?.placement;
}
