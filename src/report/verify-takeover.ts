// Did Karmada take the migration's objects over, and did nothing restart? Karmada v1.18.2:
// pkg/detector/claim.go (the claim labels and annotations of the policy on the binding),
// pkg/scheduler (spec.clusters and the Scheduled condition, pkg/scheduler/helper.go),
// pkg/controllers/binding/common.go (ensureWork: one Work per template and scheduled cluster in
// karmada-es-<cluster>, named by pkg/util/names/names.go GenerateWorkName, with
// spec.suspendDispatching from the policy's suspension), pkg/controllers/execution/execution_controller.go
// (the conditions Dispatching and Applied), pkg/util/objectwatcher/objectwatcher.go (Update: the
// Abort conflict), pkg/util/helper/workstatus.go (how a binding aggregates its Works).
import { DistTree } from './dist-tree';
import { bindingsByObject } from './evidence';
import { migrationTemplateFiles, rehearsingMigrations } from './rehearse';
import { compareMemberObject, indexMemberExport, MemberExport, MemberFindingKind } from './takeover-member';
import { InputError } from '../errors';
import { BindingEvidence } from '../karmada/bindings';
import { formatPolicyRef, PolicyRef, policyRefOf, simulateClaims } from '../karmada/claims';
import { findCondition, formatCondition, KARMADA_CONDITIONS } from '../karmada/conditions';
import { EXECUTION_SPACE_PREFIX } from '../karmada/namespaces';
import { placementClusters } from '../karmada/placement';
import { customizationRetentions } from '../karmada/retention-lua';
import { gvkKey, RetentionSpec } from '../karmada/retention';
import { generateWorkName, isAbortConflict, readWorks, WorkEvidence } from '../karmada/works';
import { compareStrings } from '../kube/json';
import { formatKey, KubeObject, keyOf } from '../kube/object';
import { categoryOf, CLUSTER_FOLDER, DELIVERY_FOLDER } from '../output/layout';

/**
 * What went wrong with one template, Karmada's side first (in the order Karmada works: claim,
 * schedule, Work, apply), then the member's (with `--before` and `--after`).
 */
export type TakeoverFindingKind =
  /** dist/ predicts no claim for it, or its policy's placement does not name one source cluster. */
  | 'unpredicted'
  /** no ResourceBinding or ClusterResourceBinding is for it. */
  | 'binding-missing'
  /** its binding carries no claim labels and annotations. */
  | 'not-claimed'
  /** its binding is claimed by another policy than the one dist/ predicts. */
  | 'claimed-by-other'
  /** its binding is scheduled to no cluster. */
  | 'not-scheduled'
  /** its binding is not scheduled to the source cluster, or to others too. */
  | 'scheduled-elsewhere'
  /** no Work of Karmada's name applies it in `karmada-es-<source cluster>`. */
  | 'work-missing'
  /** its Work's dispatching is suspended. */
  | 'suspended'
  /** its Work is Applied=False: the object exists and the conflict resolution is Abort. */
  | 'apply-conflict'
  /** its Work is Applied=False for another reason (quoted). */
  | 'apply-failed'
  /** its Work has no Applied condition yet (or Unknown). */
  | 'pending'
  | MemberFindingKind;

/** A template's state: its first finding, or `taken-over`. */
export type TakeoverState = 'taken-over' | TakeoverFindingKind;

/** the order of findings, and of states in summaries. */
const ORDER: readonly TakeoverState[] = [
  'taken-over', 'unpredicted', 'binding-missing', 'not-claimed', 'claimed-by-other', 'not-scheduled', 'scheduled-elsewhere', 'work-missing',
  'suspended', 'apply-conflict', 'apply-failed', 'pending', 'missing-before', 'missing-after', 're-created', 'pods-restarted', 'replicas-changed',
  'unexpected-generation', 'evidence-incomplete',
];

/** One finding about a template. */
export interface TakeoverFinding {
  readonly kind: TakeoverFindingKind;
  /** what is wrong, in Karmada's words where Karmada has some, and what to do. */
  readonly message: string;
}

/** One template's verdict. */
export interface TakeoverTemplate {
  /** `Kind.group namespace/name`. */
  readonly object: string;
  /** the file of `dist/`. */
  readonly file: string;
  /** its namespace; `_cluster` for a cluster-scoped template. */
  readonly namespace: string;
  /** `taken-over`, or its first finding. */
  readonly state: TakeoverState;
  /**
   * the policy dist/ predicts claims it.
   *
   * @default - none predicted
   */
  readonly predictedPolicy?: string;
  /**
   * the policy its binding names as its claimant.
   *
   * @default - no binding, or not claimed
   */
  readonly claimedBy?: string;
  /**
   * the source cluster: the one cluster of the predicted policy's placement.
   *
   * @default - unknown
   */
  readonly cluster?: string;
  /**
   * its binding, as `ResourceBinding default/nginx-deployment`.
   *
   * @default - none found
   */
  readonly binding?: string;
  /**
   * its Work, as `karmada-es-member1/nginx-687f7fb96f`.
   *
   * @default - none found
   */
  readonly work?: string;
  /** every finding, in Karmada's order then the member's. */
  readonly findings: readonly TakeoverFinding[];
}

/** How many templates are in each state, per namespace. */
export interface TakeoverNamespaceSummary {
  /** the namespace; `_cluster` for cluster-scoped templates. */
  readonly namespace: string;
  /** its templates. */
  readonly templates: number;
  /** of which taken over. */
  readonly takenOver: number;
  /** templates per state, in the order of the states. */
  readonly states: Readonly<Partial<Record<TakeoverState, number>>>;
}

/** The report of {@link verifyTakeover}. */
export interface VerifyTakeoverReport {
  readonly apiVersion: 'karmada-migrate.io/v1alpha1';
  readonly kind: 'VerifyTakeoverReport';
  /** the migration verified: its folder of `dist/`. */
  readonly migration: string;
  /** true when every template is taken over and nothing is amiss beyond them. */
  readonly passed: boolean;
  /**
   * whether the member side was checked (`--before` and `--after`: UIDs, pods, replicas,
   * generations). Without it a pass only proves Karmada's side.
   */
  readonly memberSideVerified: boolean;
  /** how many templates of the migration have a binding among those given. */
  readonly bindings: number;
  /** how many Works apply a template of the migration (wherever they are). */
  readonly works: number;
  /** one entry per template, sorted. */
  readonly templates: readonly TakeoverTemplate[];
  /** templates per state, in the order of the states. */
  readonly states: Readonly<Partial<Record<TakeoverState, number>>>;
  /** templates per namespace and state, sorted by namespace. */
  readonly namespaces: readonly TakeoverNamespaceSummary[];
  /** what is wrong beyond single templates (a migration still rehearsing). */
  readonly problems: readonly string[];
}

/** Options of {@link verifyTakeover}. */
export interface VerifyTakeoverOptions {
  /** the migration to verify. @default - the only migration of dist/ with templates */
  readonly migration?: string;
  /**
   * the member cluster's objects before and after the takeover (its exports), with where each
   * was read. Both or neither.
   *
   * @default - the member side is not verified
   */
  readonly member?: {
    readonly before: readonly KubeObject[];
    readonly after: readonly KubeObject[];
    readonly beforeFile: string;
    readonly afterFile: string;
  };
  /** where the Works were read, for messages. @default '-' */
  readonly worksFile?: string;
}

interface Template {
  readonly file: string;
  readonly object: KubeObject;
  readonly id: string;
}

/**
 * Proves the takeover of one migration of `dist/`, template by template: a binding claimed by
 * the policy dist/ predicts and scheduled to the source cluster (the one cluster of that
 * policy's placement), a Work of Karmada's name for it in `karmada-es-<source cluster>` that
 * is not suspended and is `Applied=True` (else the Abort conflict, the failure or the wait is
 * named in Karmada's words), and, with the member's exports before and after, the same object
 * (UID), no pod rolled, the replica count held and a generation that moved only for what the
 * template changes ({@link compareMemberObject}).
 *
 * @param bindings the ResourceBindings and ClusterResourceBindings ({@link bindingEvidence})
 * @param works the Works (`kubectl get works.work.karmada.io -A -o json` items)
 * @param tree `dist/`
 * @throws InputError when an item is not a Work or the migration cannot be chosen
 */
export function verifyTakeover(bindings: readonly BindingEvidence[], works: readonly unknown[], tree: DistTree,
  options: VerifyTakeoverOptions = {}): VerifyTakeoverReport {
  const migrations = [...migrationTemplateFiles(tree).keys()].sort();
  let migration = options.migration;
  if (migration === undefined) {
    if (migrations.length === 0) throw new InputError('dist/ holds no template: there is nothing to verify; give the dist/ of the takeover (--dist)');
    if (migrations.length > 1) throw new InputError(`dist/ holds several migrations (${migrations.join(', ')}): name one with --migration`);
    migration = migrations[0];
  } else if (!migrations.includes(migration)) {
    throw new InputError(`dist/ holds no template of a migration ${migration}${migrations.length ? `; its migrations: ${migrations.join(', ')}` : ''}`);
  }

  const templates: Template[] = [];
  const policies: KubeObject[] = [];
  for (const [f, o] of tree) {
    if (f.split('/')[0] === DELIVERY_FOLDER) continue;
    const category = categoryOf(o);
    if (category === 'templates' && f.split('/')[0] === migration) templates.push({ file: f, object: o, id: formatKey(keyOf(o)) });
    else if (category === 'policies' && (o.kind === 'PropagationPolicy' || o.kind === 'ClusterPropagationPolicy')) policies.push(o);
  }
  const wanted = new Set(templates.map(t => t.id));

  const worksOf = new Map<string, WorkEvidence[]>();
  let workCount = 0;
  for (const w of readWorks(works, options.worksFile ?? '-')) {
    const ids = new Set(w.manifests.map(m => m.id).filter(id => wanted.has(id)));
    for (const id of ids) worksOf.set(id, [...(worksOf.get(id) ?? []), w]);
    if (ids.size) workCount++;
  }
  const bindingOf = bindingsByObject(bindings);
  const member: MemberEvidence | undefined = options.member && {
    before: indexMemberExport(options.member.before, options.member.beforeFile),
    after: indexMemberExport(options.member.after, options.member.afterFile),
    // the customizations of dist/ (each global for its kind) replace the native retention.
    retentions: customizationRetentions(tree.values()),
  };

  // the plan's prediction: every policy of dist/, applied before the templates.
  const claims = simulateClaims(templates.map(t => t.object), policies, { policiesBeforeTemplates: true, matchAnyVersion: true }).templates;
  const policyById = new Map(policies.map(p => [formatPolicyRef(policyRefOf(p)), p]));
  const entries = templates.map((t, i) => verifyTemplate(t, claims[i].winner, policyById, bindingOf.get(t.id), worksOf.get(t.id) ?? [], member))
    .sort((a, b) => compareStrings(a.object, b.object));

  const problems: string[] = [];
  if (rehearsingMigrations(tree).includes(migration)) {
    problems.push(`migration ${migration} is in the Rehearse phase: its policies suspend dispatching, so Karmada applies nothing; ` +
      'set phase: Takeover (the gate asks for the rehearsal report), merge, let it sync, then verify');
  }
  const states = countStates(entries);
  const namespaces = [...new Set(entries.map(e => e.namespace))].sort(compareStrings).map((namespace): TakeoverNamespaceSummary => {
    const here = entries.filter(e => e.namespace === namespace);
    return { namespace, templates: here.length, takenOver: here.filter(e => e.state === 'taken-over').length, states: countStates(here) };
  });
  return {
    apiVersion: 'karmada-migrate.io/v1alpha1',
    kind: 'VerifyTakeoverReport',
    migration,
    passed: problems.length === 0 && entries.every(e => e.state === 'taken-over'),
    memberSideVerified: member !== undefined,
    bindings: entries.filter(e => e.binding !== undefined).length,
    works: workCount,
    templates: entries,
    states,
    namespaces,
    problems,
  };
}

function countStates(entries: readonly TakeoverTemplate[]): Partial<Record<TakeoverState, number>> {
  const out: Partial<Record<TakeoverState, number>> = {};
  for (const s of ORDER) {
    const n = entries.filter(e => e.state === s).length;
    if (n) out[s] = n;
  }
  return out;
}

// the exports of the member before and after, and the retentions of dist/ by kind (gvkKey).
interface MemberEvidence {
  readonly before: MemberExport;
  readonly after: MemberExport;
  readonly retentions: ReadonlyMap<string, RetentionSpec | { readonly problem: string }>;
}

function verifyTemplate(t: Template, predicted: PolicyRef | undefined, policyById: ReadonlyMap<string, KubeObject>,
  binding: BindingEvidence | undefined,
  found: readonly WorkEvidence[], member: MemberEvidence | undefined): TakeoverTemplate {
  const findings: TakeoverFinding[] = [];
  const add = (kind: TakeoverFindingKind, message: string) => findings.push({ kind, message });
  const predictedName = predicted ? formatPolicyRef(predicted) : undefined;

  // the source cluster: the one cluster the predicted policy places it on; an attached dependency
  // (no claimant, required by bindings) goes where the bindings that require it go.
  const attached = !predicted && binding && !binding.claimant && binding.requiredBy.length > 0;
  let cluster: string | undefined;
  if (predicted) {
    const placement = placementClusters((policyById.get(predictedName!)?.spec as { placement?: unknown } | undefined)?.placement).possible;
    if (placement?.size === 1) cluster = [...placement][0];
    else {
      add('unpredicted', `the placement of ${predictedName} ${placement?.size ? `names ${placement.size} clusters (${[...placement].sort().join(', ')})` : 'names no cluster by name'}: ` +
        'a takeover places a template on its source cluster only, by clusterNames');
    }
  } else if (attached) {
    const clusters = [...new Set(binding.requiredBy.flatMap(r => r.clusters))].sort();
    if (clusters.length === 1) cluster = clusters[0];
    else add('unpredicted', `no policy of dist/ claims it, and the bindings that require it (${binding.requiredBy.map(r => r.binding).join(', ')}) are scheduled to ${clusters.length ? clusters.join(', ') : 'no cluster'}`);
  } else {
    add('unpredicted', 'no policy of dist/ claims it: the plan predicts no takeover of it (is it in the Release phase, or selected by no takeover?)');
  }

  // the binding: claimed by the predicted policy, scheduled to the source cluster.
  if (!binding) {
    add('binding-missing', 'no ResourceBinding is for it among the bindings given: Karmada has not claimed it (is its policy applied before it, ' +
      'and the template synced?), or the bindings are of another control plane');
  } else {
    if (!binding.claimant) {
      if (!attached) {
        add('not-claimed', `its binding ${binding.binding} carries no claim labels and annotations (propagationpolicy.karmada.io/name and permanent-id, ` +
          `or the clusterpropagationpolicy.karmada.io ones)${predictedName ? `; the plan predicts ${predictedName}` : ''}: the claim was removed, or its policy is gone`);
      }
    } else if (predictedName && formatPolicyRef(binding.claimant) !== predictedName) {
      add('claimed-by-other', `its binding ${binding.binding} is claimed by ${formatPolicyRef(binding.claimant)}, not by ${predictedName} as the plan predicts: ` +
        'a policy that existed first keeps its claim (Karmada never re-decides while it exists); delete it, or take it out of its selectors, for the template to be claimed anew');
    }
    const scheduled = findCondition(binding.conditions, KARMADA_CONDITIONS.scheduled);
    if (binding.clusters.length === 0 && !attached) {
      add('not-scheduled', `its binding ${binding.binding} is scheduled to no cluster: ${scheduled ? formatCondition(scheduled) : 'no Scheduled condition yet (the scheduler has not seen it)'}`);
    } else if (cluster && !attached) {
      const others = binding.clusters.filter(c => c !== cluster);
      if (!binding.clusters.includes(cluster)) {
        add('scheduled-elsewhere', `its binding ${binding.binding} is scheduled to ${binding.clusters.join(', ')}, not to its source cluster ${cluster}` +
          `${scheduled ? ` (${formatCondition(scheduled)})` : ''}: Karmada would create it there instead of taking the live object over`);
      } else if (others.length) {
        add('scheduled-elsewhere', `its binding ${binding.binding} is scheduled to ${others.join(', ')} too: Karmada creates copies there, beyond the takeover on ${cluster}`);
      }
    }
  }

  // its Work in the source cluster's execution space, by Karmada's name rule.
  let work: WorkEvidence | undefined;
  if (cluster) {
    const space = `${EXECUTION_SPACE_PREFIX}${cluster}`;
    const name = generateWorkName(t.object.kind, t.object.metadata.name, t.object.metadata.namespace);
    work = found.find(w => w.namespace === space && w.name === name);
    if (!work) {
      const misnamed = found.filter(w => w.namespace === space).map(w => w.work);
      const elsewhere = found.filter(w => w.namespace !== space).map(w => w.work);
      add('work-missing', `no Work ${space}/${name} (Karmada's name for it, pkg/util/names GenerateWorkName) applies it` +
        `${misnamed.length ? `; ${misnamed.join(', ')} in ${space} applies it under another name: not the binding controller's Work` : ''}` +
        `${elsewhere.length ? `; Works elsewhere: ${elsewhere.join(', ')}` : ''}` +
        `${!misnamed.length && !elsewhere.length ? ': Karmada has not built it (not claimed or not scheduled yet), or the Works are of another control plane' : ''}`);
    } else {
      workFindings(work, add);
    }
  }

  if (member) {
    // what Karmada applied: the Work's manifest, else the template.
    const manifest = work?.manifests.find(m => m.id === t.id)?.manifest ?? t.object;
    const retention = member.retentions.get(gvkKey(t.object.apiVersion, t.object.kind));
    if (retention && 'problem' in retention) add('evidence-incomplete', `what Karmada keeps of the member object cannot be told: ${retention.problem}`);
    const known = retention && !('problem' in retention) ? retention : undefined;
    for (const f of compareMemberObject(t.object, manifest, member.before, member.after, known)) add(f.kind, f.message);
  }
  findings.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  return {
    object: t.id,
    file: t.file,
    namespace: t.object.metadata.namespace || CLUSTER_FOLDER,
    state: findings.length ? findings[0].kind : 'taken-over',
    ...(predictedName ? { predictedPolicy: predictedName } : {}),
    ...(binding?.claimant ? { claimedBy: formatPolicyRef(binding.claimant) } : {}),
    ...(cluster ? { cluster } : {}),
    ...(binding ? { binding: binding.binding } : {}),
    ...(work ? { work: work.work } : {}),
    findings,
  };
}

// the Work's dispatching and applied conditions, in Karmada's words.
function workFindings(w: WorkEvidence, add: (kind: TakeoverFindingKind, message: string) => void): void {
  const dispatching = findCondition(w.conditions, KARMADA_CONDITIONS.dispatching);
  const applied = findCondition(w.conditions, KARMADA_CONDITIONS.applied);
  const suspendedByCondition = dispatching?.status === 'False' && dispatching.reason === KARMADA_CONDITIONS.suspendDispatchingReason;
  if (w.suspendDispatching || suspendedByCondition) {
    add('suspended', `its Work ${w.work} is suspended (${w.suspendDispatching ? 'spec.suspendDispatching: true' : 'spec.suspendDispatching is not true'}` +
      `${dispatching ? `; ${formatCondition(dispatching)}` : ''}): Karmada applies nothing while its policy suspends dispatching (spec.suspension); ` +
      'lift the suspension (phase: Takeover) and let it sync');
  }
  if (!applied || applied.status === 'Unknown') {
    // a suspended Work has no Applied condition: the suspension is the finding.
    if (!w.suspendDispatching && !suspendedByCondition) {
      add('pending', `its Work ${w.work} has ${applied ? formatCondition(applied) : 'no Applied condition'}` +
        `${dispatching ? ` (${formatCondition(dispatching)})` : ''}: the execution controller has not applied it yet (is the cluster ready?); wait, and export again`);
    }
    return;
  }
  if (applied.status === 'True') {
    if (applied.reason === KARMADA_CONDITIONS.reCreateSuccessfulReason) {
      add('re-created', `its Work ${w.work} is ${formatCondition(applied)}: the member object was deleted and Karmada created it anew from the Work`);
    }
    return;
  }
  if (isAbortConflict(applied.message)) {
    add('apply-conflict', `its Work ${w.work} is ${formatCondition(applied)}: the conflict resolution is Abort ` +
      `(the Work's work.karmada.io/conflict-resolution is ${w.annotations['work.karmada.io/conflict-resolution'] ?? 'unset'}), so Karmada leaves the live object alone; ` +
      'the takeover needs conflictResolution: Overwrite on the claiming policy, and no work.karmada.io/conflict-resolution: abort on the template');
  } else {
    add('apply-failed', `its Work ${w.work} is ${formatCondition(applied)}: the member cluster refused it; fix the template (or the member), Karmada retries`);
  }
}

/** the report as text: each template not taken over with its findings, the summaries, the verdict. */
export function formatTakeoverVerification(r: VerifyTakeoverReport): string {
  const lines: string[] = [...r.problems.map(p => `PROBLEM ${p}`)];
  for (const t of r.templates) {
    if (t.state === 'taken-over') continue;
    lines.push(`${t.state.toUpperCase()} ${t.object} (${t.file}):`, ...t.findings.map(f => `  - ${f.kind}: ${f.message}`));
  }
  const counts = (s: Readonly<Partial<Record<TakeoverState, number>>>) => Object.entries(s).map(([k, n]) => `${k} ${n}`).join(', ');
  lines.push(`states: ${counts(r.states) || 'none'}`);
  for (const n of r.namespaces) lines.push(`  ${n.namespace}: ${n.takenOver} of ${n.templates} taken over (${counts(n.states)})`);
  if (!r.memberSideVerified) {
    lines.push('member side not verified: no --before/--after exports, so UIDs, pod templates, replicas and generations were not compared');
  }
  const taken = r.templates.filter(t => t.state === 'taken-over').length;
  lines.push(r.passed
    ? `takeover of ${r.migration} verified: all ${r.templates.length} template(s) taken over (${r.bindings} binding(s), ${r.works} Work(s))` +
      `${r.memberSideVerified ? ', same objects, no pod rolled, replicas held' : '; Karmada\'s side only'}`
    : `takeover of ${r.migration} not verified: ${taken} of ${r.templates.length} template(s) taken over`);
  return lines.join('\n') + '\n';
}

