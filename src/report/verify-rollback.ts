// Is the rollback armed where it counts: in the Works that apply the templates to each member
// cluster? Karmada v1.18.2: pkg/controllers/execution/execution_controller.go (handleWorkDelete
// keeps the member object only when the Work has spec.preserveResourcesOnDeletion),
// pkg/util/names/names.go (a member cluster's Works live in the namespace karmada-es-<cluster>),
// pkg/controllers/binding (one Work per template and scheduled cluster; the flag comes from the
// binding, which takes it from the claiming policy).
import { DistTree } from './dist-tree';
import { bindingsByObject } from './evidence';
import { readWorks } from '../karmada/works';
import { formatKey, KubeObject, keyOf } from '../kube/object';
import { BindingEvidence, CLAIM_METADATA } from '../karmada/bindings';
import { attachedClaimants } from './gate/template-rules';
import { formatPolicyRef, PolicyRef, policyRefOf, simulateClaims } from '../karmada/claims';
import { EXECUTION_SPACE_PREFIX } from '../karmada/namespaces';
import { MemberCluster, placementClusters } from '../karmada/placement';
import { preserveState } from '../karmada/preserve';
import { categoryOf, DELIVERY_FOLDER } from '../output/layout';

/** One template's verdict. */
export interface TemplateRollbackState {
  /** `Kind.group namespace/name`. */
  readonly object: string;
  /** the file of `dist/`. */
  readonly file: string;
  /** true when every Work that applies it, on every cluster of its placement, carries the flag. */
  readonly armed: boolean;
  /** the clusters it must have a preserving Work on. */
  readonly clusters: readonly string[];
  /** its Works, as `karmada-es-member1/nginx-deployment-abc12`, with the flag each carries. */
  readonly works: ReadonlyArray<{ readonly work: string; readonly preserveResourcesOnDeletion: boolean }>;
  /** why it is not armed. */
  readonly reasons: readonly string[];
}

/** The verdict of {@link verifyRollback}. */
export interface RollbackVerification {
  readonly apiVersion: 'karmada-migrate.io/v1alpha1';
  readonly kind: 'RollbackVerification';
  /** true when every template of `dist/` is armed, and `dist/` holds at least one. */
  readonly ready: boolean;
  /** how many Works apply a template of `dist/`. */
  readonly works: number;
  /** one entry per template of `dist/`, sorted. */
  readonly templates: readonly TemplateRollbackState[];
  /** what is wrong beyond single templates (no template at all, a policy that would disarm them). */
  readonly problems: readonly string[];
}

/** Options of {@link verifyRollback}. */
export interface VerifyRollbackOptions {
  /**
   * the ResourceBindings: each template's binding must carry the flag, and its scheduled
   * clusters are the ones that need a preserving Work.
   *
   * @default - the clusters come from the claiming policy's placement
   */
  readonly bindings?: readonly BindingEvidence[];
  /** the member clusters, to resolve placements that select clusters by label or field. @default - none */
  readonly clusters?: ReadonlyMap<string, MemberCluster>;
  /** where the Works were read, for messages. @default '-' */
  readonly file?: string;
}

/**
 * Proves the rollback armed, or says what is missing. A template is armed when Karmada has a
 * Work for it in `karmada-es-<cluster>` for each cluster of its placement (the binding's
 * scheduled clusters with `bindings`, else the claiming policy's placement), every one of its
 * Works carries `spec.preserveResourcesOnDeletion: true`, its binding (with `bindings`) does
 * too, and every policy of `dist/` that may claim it is armed (else the next sync clears the
 * flag). Zero Works, Works for other clusters only, Works outside `karmada-es-*`, and a
 * `dist/` without templates are never "armed".
 *
 * @param works the Works (`kubectl get works.work.karmada.io -A -o json` items)
 * @param dist the `dist/` of the release's base (the armed commit)
 * @throws InputError when an item is not a Work
 */
export function verifyRollback(works: readonly unknown[], dist: DistTree, options: VerifyRollbackOptions = {}): RollbackVerification {
  const file = options.file ?? '-';
  const templates: Array<{ file: string; object: KubeObject; id: string }> = [];
  const policies: KubeObject[] = [];
  for (const [path, o] of dist) {
    if (path.split('/')[0] === DELIVERY_FOLDER) continue;
    const category = categoryOf(o);
    if (category === 'templates') templates.push({ file: path, object: o, id: formatKey(keyOf(o)) });
    else if (category === 'policies' && (o.kind === 'PropagationPolicy' || o.kind === 'ClusterPropagationPolicy')) policies.push(o);
  }
  const wanted = new Map(templates.map(t => [t.id, t]));

  // the Works of each template, by cluster; Works outside an execution space are not a member cluster's.
  const byTemplate = new Map<string, Array<{ work: string; cluster?: string; preserve: boolean; claimant?: PolicyRef }>>();
  let count = 0;
  // Works that apply an object claimed by a policy of dist/ that dist/ holds no template of.
  const policyIds = new Set(policies.map(p => formatPolicyRef(policyRefOf(p))));
  const orphans = new Map<string, Array<{ work: string; claimant?: PolicyRef }>>();
  for (const w of readWorks(works, file)) {
    let ours = false;
    for (const { id, manifest } of w.manifests) {
      if (!wanted.has(id)) {
        const c = claimantOf(manifest).claimant;
        if (c && policyIds.has(formatPolicyRef(c))) orphans.set(id, [...(orphans.get(id) ?? []), { work: w.work, claimant: c }]);
        continue;
      }
      ours = true;
      const list = byTemplate.get(id) ?? [];
      list.push({
        work: w.work, ...(w.cluster !== undefined ? { cluster: w.cluster } : {}), preserve: w.preserveResourcesOnDeletion, ...claimantOf(manifest),
      });
      byTemplate.set(id, list);
    }
    if (ours) count++;
  }

  const bindings = bindingsByObject(options.bindings ?? []);
  const policyById = new Map(policies.map(p => [formatPolicyRef(policyRefOf(p)), p]));
  // every policy that may claim it: the one the detector watches may be any version of the group.
  const claims = simulateClaims(templates.map(t => t.object), policies, { policiesBeforeTemplates: true, matchAnyVersion: true }).templates;
  const policyEntries = new Map(policies.map(p => [formatPolicyRef(policyRefOf(p)), { file: '', object: p, id: formatPolicyRef(policyRefOf(p)), migration: '' }]));
  const entries = templates.map(t => ({ file: t.file, object: t.object, id: t.id, migration: '' }));
  const attached = attachedClaimants(entries, claims, policyEntries, new Set(templates.map(t => t.id)));
  const problems: string[] = [];
  // a Work of an object claimed by a policy of dist/ whose template dist/ no longer holds: released already, so this dist/ cannot prove it armed.
  for (const [id, ws] of orphans) {
    problems.push(`Work ${ws[0].work} applies ${id}, claimed by ${formatPolicyRef(ws[0].claimant!)} of dist/, which no longer holds its template: ` +
      'run verify-rollback on the dist/ of the armed commit, before the release');
  }
  if (templates.length === 0) {
    problems.push('dist/ holds no template: there is nothing to verify. Run verify-rollback on the armed commit, before the release removes the templates');
  }

  const states = templates.map((t, i): TemplateRollbackState => {
    const reasons: string[] = [];
    const found = byTemplate.get(t.id) ?? [];
    const binding = bindings.get(t.id);
    // every policy of dist/ that may claim it (or attach it as a dependency) must keep the flag, or the next sync clears it.
    for (const ref of [...claims[i].candidates.map(c => c.policy), ...(attached.get(t.id) ?? [])]) {
      const s = preserveState(policyById.get(formatPolicyRef(ref)));
      if (!s.armed) reasons.push(`${formatPolicyRef(ref)} in dist/ may claim it and ${s.reason}: the next sync would clear the flag`);
    }
    // the clusters it is on: the binding's schedule, else its claimant's placement.
    let clusters: ReadonlySet<string> | undefined;
    if (options.bindings) {
      if (!binding) reasons.push('no ResourceBinding for it among the bindings given: Karmada has not claimed it, or the bindings are of another control plane');
      else {
        if (!binding.preserveResourcesOnDeletion) reasons.push(`its binding ${binding.binding} has preserveResourcesOnDeletion: false`);
        // an attached binding (a dependency) goes where the bindings that require it are scheduled.
        const scheduled = binding.requiredBy.length > 0 && !binding.claimant ? binding.requiredBy.flatMap(r => r.clusters) : binding.clusters;
        clusters = new Set(scheduled);
        if (clusters.size === 0) reasons.push(`its binding ${binding.binding} is scheduled to no cluster`);
      }
    } else {
      const claimants = new Map<string, PolicyRef>();
      for (const w of found) if (w.claimant) claimants.set(formatPolicyRef(w.claimant), w.claimant);
      if (claimants.size === 0 && claims[i].winner) claimants.set(formatPolicyRef(claims[i].winner!), claims[i].winner!);
      // a dependency no policy claims goes where the policies of the workloads that propagate it place them.
      if (claimants.size === 0) for (const ref of attached.get(t.id) ?? []) claimants.set(formatPolicyRef(ref), ref);
      if (claimants.size === 0) reasons.push('no policy of dist/ claims it and no Work names its claimant');
      const union = new Set<string>();
      for (const ref of claimants.values()) {
        const p = policyById.get(formatPolicyRef(ref));
        if (!p) {
          reasons.push(`its Works name ${formatPolicyRef(ref)} as its claimant, which dist/ does not hold: give --bindings to know its clusters`);
          continue;
        }
        const resolved = placementClusters((p.spec as { placement?: unknown } | undefined)?.placement, options.clusters);
        if (!resolved.possible) {
          reasons.push(`the clusters of ${formatPolicyRef(ref)} are unknown (${resolved.uncertainty}): give --bindings or --clusters`);
          continue;
        }
        for (const c of resolved.possible) union.add(c);
      }
      clusters = union;
    }
    // the flag is the binding's, copied to the Work of every cluster (ensureWork): one Work without it
    // beside Works with it has not been rewritten since (ensureWork skips a cluster whose overrides fail).
    const flagged = [...new Set(found.filter(w => w.cluster && w.preserve).map(w => w.cluster!))].sort();
    for (const w of found) {
      if (!w.cluster) reasons.push(`Work ${w.work} applies it from outside ${EXECUTION_SPACE_PREFIX}*: not a member cluster's Work`);
      else if (!w.preserve) {
        reasons.push(`Work ${w.work} (cluster ${w.cluster}) lacks preserveResourcesOnDeletion: true` + (flagged.length === 0 ? ''
          : `, which the Works of ${flagged.join(', ')} carry: the flag is the policy's for every cluster, so this Work has not been rewritten since ` +
            '(Karmada skips a cluster whose overrides fail)'));
      }
    }
    if (found.length === 0) reasons.push('no Work applies it: not propagated yet, or the Works are of another control plane');
    for (const c of [...(clusters ?? [])].sort()) {
      if (!found.some(w => w.cluster === c)) reasons.push(`no Work for it in ${EXECUTION_SPACE_PREFIX}${c} (cluster ${c} of its placement)`);
    }
    return {
      object: t.id,
      file: t.file,
      armed: reasons.length === 0,
      clusters: [...(clusters ?? [])].sort(),
      works: found.map(w => ({ work: w.work, preserveResourcesOnDeletion: w.preserve }))
        .sort((a, b) => (a.work < b.work ? -1 : a.work > b.work ? 1 : 0)),
      reasons: [...new Set(reasons)],
    };
  }).sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));

  return {
    apiVersion: 'karmada-migrate.io/v1alpha1',
    kind: 'RollbackVerification',
    ready: problems.length === 0 && states.every(s => s.armed),
    works: count,
    templates: states,
    problems,
  };
}

/** the claim annotations a Work's manifest inherits from its template. */
export function claimantOf(m: KubeObject): { claimant?: PolicyRef } {
  const a = m.metadata.annotations ?? {};
  if (a[CLAIM_METADATA.ppName]) return { claimant: { kind: 'PropagationPolicy', namespace: a[CLAIM_METADATA.ppNamespace] || m.metadata.namespace || 'default', name: a[CLAIM_METADATA.ppName] } };
  if (a[CLAIM_METADATA.cppName]) return { claimant: { kind: 'ClusterPropagationPolicy', name: a[CLAIM_METADATA.cppName] } };
  return {};
}

