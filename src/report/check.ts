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
import { layoutFindings } from './gate/layout-rules';
import { deliverersOf, DistEntry, Fate, fateOf, isDelivered, readSide, Side } from './gate/side';
import { RehearsalEvidence, removalWhileSuspended, suspensionLifted } from './gate/suspension-rules';
import { retentionDropped } from './gate/retention-rules';
import { overrideFindings } from './gate/override-rules';
import { attachedClaimants, judgeTemplate, placementComparer, TemplateContext } from './gate/template-rules';
import { protectedFrom } from '../gitops/delivery';
import { KubeObject } from '../kube/object';
import { topFolder } from '../output/layout';
import { BindingEvidence } from '../karmada/bindings';
import { formatPolicyRef, PolicyRef, simulateClaims, TemplateClaim } from '../karmada/claims';
import { MemberCluster } from '../karmada/placement';
import { compareStrings } from '../kube/json';

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
  /**
   * the file of `dist/` it is about, relative to `dist/`: the first file its message names, else
   * the file of its object (the change's, or the base's when the change removes it); the
   * `sarif` and `github` formats place it there.
   *
   * @default - the change as a whole
   */
  readonly file?: string;
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
  /**
   * the rehearsal reports the change holds and the digests of the head's templates: a lift is
   * accepted with a clean report of the same templates.
   *
   * @default - none: every lift is refused
   */
  readonly rehearsals?: RehearsalEvidence;
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
  'crd-deleted': 'a CustomResourceDefinition leaves Karmada, which deletes every template of its kind',
  'misplaced-manifest': 'a manifest is not where karmada-migrate writes it (a hand edit, a List, a template under _delivery/, a delivery applying _delivery/)',
  'unsupported-file': 'a file the GitOps tools read differently (.jsonnet, .argocd-source, .sourceignore, kustomization.yaml, the skip-file-rendering mark)',
  'namespace-missing': 'a namespaced object (or one of unknown scope) has no metadata.namespace, so its delivery chooses one',
  'owner-reference': 'a template has ownerReferences: the garbage collector deletes it once its owner is gone',
  'recreate': 'a template or delivery asks for delete-and-recreate (Replace=true, Force=true, Flux force)',
  'evidence-disagrees': 'a binding given as evidence disagrees with the deployed policy (a warning)',
  'claim-metadata': 'a template carries Karmada\'s claim metadata, which makes the detector apply the policy it names',
  'karmada-object': 'an object of Karmada\'s own APIs other than PropagationPolicy, ClusterPropagationPolicy and the ResourceInterpreterCustomizations karmada-migrate writes (Cluster, Work, quota...) is added, changed or removed; or an OverridePolicy or ClusterOverridePolicy the gate cannot model (a fieldOverrider, clusters selected by label without --clusters, selectors reaching beyond dist/)',
  'override-changes-member': 'an override policy change changes what Karmada applies to a template that stays, on the clusters named (a warning, an error with --strict; an error when the member refuses the PUT, or when the override changes the object\'s apiVersion, kind, name or namespace)',
  'override-fails': 'an override fails for a cluster: Karmada leaves that cluster\'s Work as it was, so the change (or the takeover) does not reach it',
  'override-unresolved': 'the gate cannot compute what a cluster gets through the override policies (a policy it does not model selects the template, override policies select a template written in another version than the one Karmada watches it in, overrides that already fail, a cluster the --clusters evidence lacks)',
  'evidence-incomplete': 'with --bindings, a template a base policy matches has no binding in the evidence',
  'template-removed-while-suspended': 'a template leaves Karmada while a policy that may claim it suspends dispatching (deleting its Works is not inert: with preserve and Overwrite the template is PUT onto the live object)',
  'suspension-lifted': 'a policy stops suspending dispatching (Rehearse to Takeover), or a policy that does not suspend may claim a template anew, without a clean rehearsal report of the same templates (rehearsals/<migration>.json beside dist/, written by karmada-migrate rehearse)',
  'retention-dropped': 'a field a ResourceInterpreterCustomization of karmada-migrate retains on an object that stays is no longer retained, outside a Rehearse (Karmada sets the member\'s value back to the template\'s); or what Karmada applies to a Deployment on a cluster loses the label resourcetemplate.karmada.io/retain-replicas: "true" (the member\'s autoscaled replica count is replaced by the Work\'s)',
  'removal-trusts-git': 'templates leave Karmada and the gate trusts that the arming commit has synced (a warning; --bindings makes it exact)',
  'preserve-unreached': 'a template\'s Work goes (the template removed, or its cluster leaving the placement) while the deployed overrides fail on that cluster, or the gate cannot tell whether they do: Karmada has not rewritten that Work since, so the preserve flag cannot be proven on it; a warning when a policy arms the rollback while the overrides fail on a cluster',
};

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
 *   from deleting it;
 * - per cluster a template stays on, what the override policies make of it before and after is
 *   compared, and an override change is reported for the clusters it hits with its Overwrite
 *   outcome (gate/override-rules.ts); an override policy the model cannot evaluate is refused, and
 *   so is a Work that goes, however preserving its policies, where the deployed overrides fail
 *   (Karmada has not rewritten that Work since, so the flag cannot be on it).
 */
export function checkChange(base: DistSnapshot | DistTree, head: DistSnapshot | DistTree, options: CheckOptions = {}): CheckResult {
  const distRoot = options.distRoot ?? 'dist';
  const findings: CheckFinding[] = [];
  const baseSnapshot = asSnapshot(base, 'base');
  const headSnapshot = asSnapshot(head, 'head');
  const baseManifests = baseSnapshot.manifests.size + (baseSnapshot.unread?.size ?? 0);
  const baseEmpty = !baseSnapshot.exists || baseManifests === 0;
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
      message: `--initial says nothing is deployed, but the base (${baseSnapshot.where}) holds ${baseManifests} manifests`,
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
  for (const d of h.duplicateDeliveries) {
    findings.push({
      severity: 'error', rule: 'duplicate-identity', object: d.id,
      message: `${d.id} is declared twice, in ${d.files.join(' and ')}: one file would overwrite the other where Argo CD or Flux run, and which one wins decides what is applied`,
      fix: 'keep one of them',
    });
  }
  findings.push(...unresolvedDeliveries(b, h), ...layoutFindings(h), ...karmadaObjectChanges(b, h));

  // what is in Karmada before and after: delivered objects, and policies left behind unpruned.
  const fates = new Map<string, Fate>();
  const fateFor = (e: DistEntry): Fate => {
    let f = fates.get(e.id);
    if (!f) fates.set(e.id, f = fateOf(e, b, h));
    return f;
  };
  const livePolicies = new Map<string, DistEntry>();
  for (const p of b.policies) if (fateFor(p).state !== 'undelivered') livePolicies.set(p.id, p);
  const headPolicies = new Map<string, DistEntry>();
  for (const p of h.policies) if (isDelivered(h, p.file)) headPolicies.set(p.id, p);
  for (const p of livePolicies.values()) if (fateFor(p).state === 'orphaned' && !headPolicies.has(p.id)) headPolicies.set(p.id, p);

  // Namespaces too: a policy may claim one (a ClusterPropagationPolicy), and lose it a cluster.
  const liveTemplates = [...b.templates, ...b.namespaces].filter(t => fateFor(t).state !== 'undelivered');
  const baseClaims = claimsOf(liveTemplates.map(t => t.object), [...livePolicies.values()].map(p => p.object));
  // the head model: delivered head templates, and the live ones that leave (to see who could claim them anew).
  const headEntries = new Map<string, DistEntry>();
  for (const t of [...h.templates, ...h.namespaces]) if (isDelivered(h, t.file)) headEntries.set(t.id, t);
  for (const t of liveTemplates) if (!headEntries.has(t.id)) headEntries.set(t.id, t);
  const headList = [...headEntries.values()];
  const headClaims = claimsOf(headList.map(t => t.object), [...headPolicies.values()].map(p => p.object));
  const headClaimOf = new Map(headList.map((t, i) => [t.id, headClaims[i]]));
  const headPresent = new Set([...h.templates, ...h.namespaces].filter(t => isDelivered(h, t.file)).map(t => t.id));

  const ctx: TemplateContext = {
    b, h, livePolicies, headPolicies,
    ...(options.evidence?.bindings ? { bindings: bindingsByObject(options.evidence.bindings) } : {}),
    ...(options.evidence?.clusters ? { clusters: options.evidence.clusters } : {}),
    strict: options.strict ?? false,
    attachedBefore: attachedClaimants(liveTemplates, baseClaims, livePolicies, new Set(liveTemplates.map(t => t.id))),
    // only the workloads the head still holds refer to anything after the change.
    attachedAfter: attachedClaimants(headList.filter(t => headPresent.has(t.id)), headClaims.filter((_, i) => headPresent.has(headList[i].id)),
      headPolicies, headPresent),
    findings,
    trustedRemovals: [],
    departures: [],
    samePlacement: placementComparer(),
  };
  liveTemplates.forEach((t, i) => {
    judgeTemplate(ctx, t, fates.get(t.id)!, baseClaims[i], headClaimOf.get(t.id)!, headPresent.has(t.id) ? headEntries.get(t.id) : undefined);
    // a Namespace leaving is the namespace rules' (never to be deleted).
    if (t.object.kind !== 'Namespace' || t.object.apiVersion !== 'v1') removalWhileSuspended(ctx, t, fates.get(t.id)!, baseClaims[i], headClaimOf.get(t.id)!);
  });
  const staying = liveTemplates.flatMap((t, i) => (headPresent.has(t.id)
    ? [{ t, baseClaim: baseClaims[i], headClaim: headClaimOf.get(t.id)! }] : []));
  findings.push(...suspensionLifted(ctx, staying, options.rehearsals));
  findings.push(...retentionDropped(b, h, new Map(staying.map(s => [s.t.id, s.headClaim])), headPolicies));
  // what each cluster gets through the override policies: the templates that stay, and those the change adds.
  const live = new Set(liveTemplates.map(t => t.id));
  findings.push(...overrideFindings({ b, h, livePolicies, headPolicies, strict: ctx.strict,
    ...(ctx.bindings ? { bindings: ctx.bindings } : {}), ...(ctx.clusters ? { clusters: ctx.clusters } : {}) }, [
    ...staying.map(s => ({ base: s.t, head: headEntries.get(s.t.id)!, baseClaim: s.baseClaim, headClaim: s.headClaim })),
    ...headList.filter(t => headPresent.has(t.id) && !live.has(t.id)).map(t => ({ head: t, headClaim: headClaimOf.get(t.id)! })),
  ], ctx.departures));
  if (ctx.trustedRemovals.length > 0) {
    findings.push({
      severity: 'warning', rule: 'removal-trusts-git',
      message: `${ctx.trustedRemovals.length} template${ctx.trustedRemovals.length > 1 ? 's leave' : ' leaves'} Karmada (${ctx.trustedRemovals.slice(0, 3).join(', ')}` +
        `${ctx.trustedRemovals.length > 3 ? ', ...' : ''}); every policy that may claim them preserves in Git, and the gate trusts that the commit arming them has synced`,
      fix: 'before merging, run karmada-migrate verify-rollback on the Works, or give --bindings to make the gate check the flags itself',
    });
  }

  for (const n of b.namespaces) {
    if (fateFor(n).state !== 'deleted') continue;
    findings.push({
      severity: 'error', rule: 'namespace-deleted', object: n.id,
      message: `${n.id} would be ${fates.get(n.id)!.how}: deleting a Namespace in Karmada deletes every template in it, other teams' too, and each member object goes with its template unless preserved`,
      fix: 'keep the Namespace in dist/ and in its delivery; never prune Namespaces (Argo CD: argocd.argoproj.io/sync-options: Prune=false,Delete=false; Flux: kustomize.toolkit.fluxcd.io/prune: disabled), and delete it from Karmada by hand if it must go',
    });
  }
  // deleting a CustomResourceDefinition in Karmada deletes every custom resource of it: every template of its kind.
  for (const t of liveTemplates) {
    if (t.object.kind !== 'CustomResourceDefinition' || !['deleted', 'orphaned'].includes(fates.get(t.id)!.state)) continue;
    findings.push({
      severity: 'error', rule: 'crd-deleted', object: t.id,
      message: `${t.id} would be ${fates.get(t.id)!.how}: deleting a CustomResourceDefinition in Karmada deletes every template of its kind, and their member objects unless preserved`,
      fix: 'keep the CustomResourceDefinition in dist/ until no template of its kind is left, then delete it from Karmada by hand',
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
  headList.forEach((t, i) => {
    if (!headPresent.has(t.id)) return;
    const own = h.byId.get(t.id)!;
    for (const c of headClaims[i].candidates) {
      const p = headPolicies.get(policyId(c.policy));
      if (!p || p.migration === own.migration) continue;
      findings.push({
        severity: 'error', rule: 'cross-migration-claim', object: t.id,
        message: `${formatPolicyRef(c.policy)} of migration ${p.migration} (${p.file}) matches ${t.id} of migration ${own.migration} (${own.file}): ` +
          'the two migrations are delivered independently, so either policy may claim it first, and the rollback of one would arm or release the other\'s object',
        fix: `narrow the selectors of ${formatPolicyRef(c.policy)} (by name, or another namespace), or take both over in one migration`,
      });
    }
  });
  return finish(findings.map(f => locate(f, b, h)));
}

// the file a finding is about: the first file of either side its message names, else its object's.
function locate(f: CheckFinding, b: Side, h: Side): CheckFinding {
  if (f.file !== undefined) return f;
  const isFile = (x: string) => h.snapshot.files.has(x) || b.snapshot.files.has(x);
  const named = f.message.split(/[\s(),'"]+/).map(w => w.replace(/[.:;]+$/, '')).find(isFile);
  const o = f.object;
  const file = named ?? (o === undefined ? undefined : isFile(o) ? o
    : [h, b].map(side => side.byId.get(o)?.file ?? side.deliveryById.get(o)?.declaredIn
      ?? side.karmadaObjects.get(o)?.file ?? side.overrides.get(o)?.file
      ?? side.otherDeliveryObjects.get(o)?.file ?? side.customizations.get(o)?.file).find(x => x !== undefined));
  return file === undefined ? f : { ...f, file };
}

// Clusters, Works, quotas...: Karmada acts on them directly, the gate does not model them (override
// policies are gate/override-rules.ts', which refuses those it cannot model).
function karmadaObjectChanges(b: Side, h: Side): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const id of new Set([...b.karmadaObjects.keys(), ...h.karmadaObjects.keys()])) {
    const before = b.karmadaObjects.get(id);
    const after = h.karmadaObjects.get(id);
    if (before && after && before.fingerprint === after.fingerprint) continue;
    out.push({
      severity: 'error', rule: 'karmada-object', object: id,
      message: `${id} (${(after ?? before)!.file}) is ${!before ? 'added' : !after ? 'removed' : 'changed'}: Karmada acts on its own objects directly (a Cluster's labels reschedule, ` +
        'a removed Work or quota deletes what it applied), which the gate does not model',
      fix: 'change it in a pull request of its own, reviewed by hand',
    });
  }
  return out;
}

function unresolvedDeliveries(b: Side, h: Side): CheckFinding[] {
  const out: CheckFinding[] = [];
  for (const d of h.everywhere) {
    const before = b.deliveryById.get(d.id);
    // unchanged, and unreadable before too: the change does not touch it.
    if (before && !before.manifests && before.fingerprint === d.fingerprint && before.target === d.target) continue;
    out.push({
      severity: 'error', rule: 'delivery-unresolved', object: d.id,
      message: `${d.id} (${d.declaredIn}) is ${before ? 'changed' : 'added'}, and the gate cannot tell what it applies: ${d.unresolved}`,
      fix: 'use the deliveries karmada-migrate writes (spec.delivery), or change this one in a pull request of its own with no dist/ change, reviewed by hand',
    });
  }
  // a delivery of a migration folder that applies none of its files: dist/ is probably read at the
  // wrong repository path (--dist-root), and what it really applies is unknown.
  const migrationFolders = new Set([...b.byId.values()].map(e => e.migration));
  for (const f of b.snapshot.unread ?? []) migrationFolders.add(topFolder(f));
  for (const d of b.deliveries) {
    const folder = d.declaredIn?.split('/')[1];
    if (d.pathFound !== false || !folder || !migrationFolders.has(folder)) continue;
    out.push({
      severity: 'error', rule: 'delivery-unresolved', object: d.id,
      message: `${d.id} (${d.declaredIn}) reads a path that holds no file of the base's dist/ as the gate reads it at ${JSON.stringify(b.snapshot.where)}, ` +
        `though ${folder}/ holds manifests: dist/ is not where its source path points, so what it applies is unknown`,
      fix: 'run check inside the repository that holds dist/, or give --dist-root with the path of dist/ in the repository the delivery reads',
    });
  }
  for (const [key, o] of h.otherDeliveryObjects) {
    const before = b.otherDeliveryObjects.get(key);
    if (before && before.fingerprint === o.fingerprint) continue;
    out.push({
      severity: 'error', rule: 'delivery-unresolved', object: key,
      message: `${key} (${o.file}) is ${before ? 'changed' : 'added'} beside the deliveries: the gate does not read it (a source's ignore rules, a revision, a repository may change what the deliveries apply)`,
      fix: 'change it in a pull request of its own with no dist/ change, reviewed by hand',
    });
  }
  for (const [key, o] of b.otherDeliveryObjects) {
    if (h.otherDeliveryObjects.has(key)) continue;
    out.push({
      severity: 'error', rule: 'delivery-unresolved', object: key,
      message: `${key} (${o.file}) is removed from beside the deliveries: the gate cannot tell what its removal does to what they apply`,
      fix: 'remove it in a pull request of its own with no dist/ change, reviewed by hand',
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

// every policy that may claim a template: any version of its API group may be the one the detector watches.
function claimsOf(templates: readonly KubeObject[], policies: readonly KubeObject[]): readonly TemplateClaim[] {
  return simulateClaims(templates, policies, { policiesBeforeTemplates: true, matchAnyVersion: true }).templates;
}


function policyId(p: PolicyRef): string {
  return formatPolicyRef(p);
}

function asSnapshot(x: DistSnapshot | DistTree, where: string): DistSnapshot {
  if (x instanceof Map) return { manifests: x, files: new Set(x.keys()), exists: x.size > 0, where };
  return x as DistSnapshot;
}

function finish(findings: CheckFinding[]): CheckResult {
  findings.sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'error' ? -1 : 1) || compareStrings(x.object ?? '', y.object ?? '') || compareStrings(x.rule, y.rule) || compareStrings(x.message, y.message));
  const unique = findings.filter((f, i) => i === 0 || JSON.stringify(f) !== JSON.stringify(findings[i - 1]));
  return { ok: !unique.some(f => f.severity === 'error'), findings: unique };
}
