// What the change does to a rehearsal (policies with spec.suspension). Karmada v1.18.2:
// pkg/detector/policy.go (ApplyPolicy: util.MergePolicySuspension in pkg/util/binding.go copies a
// policy's suspension, or its absence, into the bindings it claims), pkg/controllers/binding/
// common.go (ensureWork: Work.spec.suspendDispatching), pkg/controllers/execution/
// execution_controller.go (Reconcile: a Work being deleted goes to handleWorkDelete before the
// suspension is looked at - with preserveResourcesOnDeletion, cleanupPolicyClaimMetadata PUTs
// the Work manifest onto the member object, an Overwrite takeover; without it, a member object
// labelled karmada.io/managed is deleted -; a Work that is not suspended is applied at once).
import { DistEntry, Fate } from './side';
import { TemplateContext } from './template-rules';
import { formatPolicyRef, PolicyRef, TemplateClaim } from '../../karmada/claims';
import { isSuspended, resumedClusters, suspensionOf } from '../../karmada/suspension';
import type { CheckFinding } from '../check';

/**
 * Where a migration's rehearsal report is to be committed: relative to the folder holding
 * `dist/` (the repository root when `dist/` is at its top), beside `dist/`, not inside it (Argo CD
 * and Flux would read it as a manifest).
 */
export function rehearsalReportPath(migration: string): string {
  return `rehearsals/${migration}.json`;
}

/** The rehearsal reports the change holds, and the templates of its head, for the gate. */
export interface RehearsalEvidence {
  /** per migration of the head, its report file ({@link rehearsalReportPath}) and its text; no text: no such file. */
  readonly reports: ReadonlyMap<string, { readonly file: string; readonly text?: string }>;
  /** per migration of the head, the digest of its templates (report/rehearse.ts: templatesDigest). */
  readonly digests: ReadonlyMap<string, string>;
}

/**
 * Why the committed rehearsal report does not allow lifting the suspension of `migration`, or
 * undefined when it does: it must exist, be a RehearsalReport of that migration, clean (no
 * finding), and name the digest of the migration's templates in the head (any later template
 * change sends the migration back through a rehearsal).
 */
export function rehearsalRefusal(evidence: RehearsalEvidence | undefined, migration: string): string | undefined {
  const where = rehearsalReportPath(migration);
  const entry = evidence?.reports.get(migration);
  if (!evidence || !entry || entry.text === undefined) return `no rehearsal report at ${entry?.file ?? where}`;
  let r: unknown;
  try {
    r = JSON.parse(entry.text);
  } catch {
    return `${entry.file} is not JSON`;
  }
  const o = (r ?? {}) as Record<string, unknown>;
  if (typeof r !== 'object' || Array.isArray(r) || o.apiVersion !== 'karmada-migrate.io/v1alpha1' || o.kind !== 'RehearsalReport' ||
    typeof o.migration !== 'string' || typeof o.digest !== 'string' || typeof o.clean !== 'boolean' || !Array.isArray(o.findings) || !Array.isArray(o.templates)) {
    return `${entry.file} is not a RehearsalReport (apiVersion karmada-migrate.io/v1alpha1, written by karmada-migrate rehearse)`;
  }
  if (o.migration !== migration) return `${entry.file} rehearses migration ${o.migration}, not ${migration}`;
  if (o.clean !== true || o.findings.length > 0) return `${entry.file} is not clean (${o.findings.length} finding(s)): lifting the suspension would move traffic, resume or suspend a CronJob or Job, restart pods, change replicas, fail, or miss Works`;
  const digest = evidence.digests.get(migration);
  if (o.digest !== digest) {
    return `${entry.file} rehearsed other templates (${o.digest}) than those of ${migration} in this change (${digest ?? 'none'}): a template changed since the rehearsal`;
  }
  return undefined;
}

const REPORT_NEEDED = (migration: string, refusal: string) => 'the gate accepts lifting a suspension only with a clean rehearsal report of the same templates committed with the change ' +
  `(${rehearsalReportPath(migration)} beside dist/, written by karmada-migrate rehearse --output from the Works and the live objects): ${refusal}`;

const FIX_LIFT = 'keep the suspension (phase: Rehearse) and sync it; then run karmada-migrate rehearse --works WORKS --live LIVE --output rehearsals/<migration>.json ' +
  '(kubectl get works.work.karmada.io -A -o json; the member cluster\'s export), fix what it finds until it is clean, and commit the report with the lift';

const FIX_REMOVAL = 'keep the template while a policy that may claim it suspends dispatching: lift the suspension first (phase: Takeover, through the gate), then remove it; ' +
  'to abandon a rehearsal, review the removal by hand: Karmada leaves a member object alone only when the Work was never applied and does not preserve';

/**
 * A template that leaves Karmada while a policy that may claim it suspends dispatching, in the
 * base or in the change: deleting it is not inert (its Works are deleted despite the suspension).
 */
export function removalWhileSuspended(ctx: TemplateContext, t: DistEntry, fate: Fate, baseClaim: TemplateClaim, headClaim: TemplateClaim): void {
  if (fate.state !== 'deleted' && fate.state !== 'orphaned') return;
  const binding = ctx.bindings?.get(t.id);
  const refs: PolicyRef[] = [
    ...(binding?.claimant ? [binding.claimant] : []),
    ...baseClaim.candidates.map(c => c.policy), ...(ctx.attachedBefore.get(t.id) ?? []),
    ...headClaim.candidates.map(c => c.policy), ...(ctx.attachedAfter.get(t.id) ?? []),
  ];
  const suspended = new Set<string>();
  for (const ref of refs) {
    const id = formatPolicyRef(ref);
    if (isSuspended(ctx.livePolicies.get(id)?.object)) suspended.add(`${id} as deployed`);
    if (isSuspended(ctx.headPolicies.get(id)?.object)) suspended.add(`${id} in this change`);
  }
  if (suspended.size === 0) return;
  ctx.findings.push({
    severity: 'error', rule: 'template-removed-while-suspended', object: t.id,
    message: `${t.id} (${t.file}) would be ${fate.how} while a policy that may claim it suspends dispatching (${[...suspended].join('; ')}): ` +
      'deleting a template is not inert under suspension, Karmada deletes its Works first: with preserveResourcesOnDeletion and Overwrite it PUTs the template onto the live object, ' +
      'without it a member object Karmada ever applied is deleted, and a Work whose object is absent stays Terminating',
    fix: FIX_REMOVAL,
  });
}

/**
 * A suspension lifted: a deployed policy that suspends dispatching to some cluster no longer
 * does in the change (one finding per policy), or goes (deleted, renamed, no longer matching)
 * while a policy that does not suspend may claim its templates anew (one per template).
 *
 * A lift is accepted for a migration whose committed rehearsal report allows it ({@link rehearsalRefusal}).
 *
 * @param stays the live templates the change keeps, with their claims before and after
 * @param rehearsals the reports the change holds
 */
export function suspensionLifted(ctx: TemplateContext,
  stays: ReadonlyArray<{ readonly t: DistEntry; readonly baseClaim: TemplateClaim; readonly headClaim: TemplateClaim }>,
  rehearsals?: RehearsalEvidence): CheckFinding[] {
  const out: CheckFinding[] = [];
  const refusals = new Map<string, string | undefined>();
  const refusal = (migration: string): string | undefined => {
    if (!refusals.has(migration)) refusals.set(migration, rehearsalRefusal(rehearsals, migration));
    return refusals.get(migration);
  };
  for (const p of ctx.livePolicies.values()) {
    if (!isSuspended(p.object)) continue;
    const next = ctx.headPolicies.get(p.id);
    if (!next) continue;
    const resumed = resumedClusters(suspensionOf(p.object), suspensionOf(next.object));
    if (resumed !== 'all' && resumed.length === 0) continue;
    const why = refusal(p.migration);
    if (why === undefined) continue;
    out.push({
      severity: 'error', rule: 'suspension-lifted', object: p.id,
      message: `${p.id} (${next.file}) suspends dispatching as deployed and not in this change (${resumed === 'all' ? 'on every cluster' : `on ${resumed.join(', ')}`}): ` +
        `Karmada would apply every Work of the templates it claims at once, the takeover with its conflictResolution; ${REPORT_NEEDED(p.migration, why)}`,
      fix: FIX_LIFT,
    });
  }
  for (const { t, baseClaim, headClaim } of stays) {
    const gone = baseClaim.candidates.map(c => c.policy).filter(ref => {
      const id = formatPolicyRef(ref);
      const stillClaims = ctx.headPolicies.has(id) && headClaim.candidates.some(c => formatPolicyRef(c.policy) === id);
      return isSuspended(ctx.livePolicies.get(id)?.object) && !stillClaims;
    });
    if (gone.length === 0) continue;
    const takers = [...headClaim.candidates.map(c => c.policy), ...(ctx.attachedAfter.get(t.id) ?? [])]
      .map(formatPolicyRef).filter(id => ctx.headPolicies.has(id) && !isSuspended(ctx.headPolicies.get(id)!.object));
    if (takers.length === 0) continue;
    const why = refusal(t.migration);
    if (why === undefined) continue;
    out.push({
      severity: 'error', rule: 'suspension-lifted', object: t.id,
      message: `${gone.map(formatPolicyRef).join(', ')}, which suspend${gone.length > 1 ? '' : 's'} dispatching for ${t.id}, ` +
        `${gone.length > 1 ? 'go' : 'goes'} (deleted, renamed or no longer matching) ` +
        `and ${[...new Set(takers)].join(', ')}, which does not suspend, may claim it anew: Karmada would apply it at once; ${REPORT_NEEDED(t.migration, why)}`,
      fix: FIX_LIFT,
    });
  }
  return out;
}
