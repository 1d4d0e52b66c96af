import { HandoverPlan } from './handover';
import { MigrationPhase } from '../constructs/migration-phase';
import { KARMADA_APISERVER_KUBERNETES_VERSION } from '../kube/api-versions';
import { Fight, FightVerdict } from '../karmada/fights';
import { ArgoHealthPrediction } from '../karmada/health';
import { OVERWRITE_CLASSES, OverwriteClass } from '../karmada/overwrite';
import { Plan, PlanClusterRisks, PlanMigration, PlanOverwrite, PlanRisks, PlanRollback, RollbackState } from './plan';
import { PlanFleet, PlanFleetObject, PlanOverriddenField } from './plan-fleet';

/** Options of {@link planToMarkdown}. */
export interface PlanMarkdownOptions {
  /**
   * the most nodes the Mermaid diagram draws policy by policy and kind by kind; beyond it,
   * the diagram is aggregated (and says so): the PropagationPolicies in one node, one node per
   * namespace with its counts, connected by edges counting the templates claimed, in at most
   * this many nodes.
   *
   * @default 40
   */
  readonly maxDiagramNodes?: number;

  /**
   * the most rows of a table (and items of a list); the rest is counted in a line under it
   * (the full plan, `--output-full`, and the JSON have everything). Beyond a few rows
   * ({@link PLAN_OPEN_ROWS}) the rest of a table is folded into `<details>`.
   *
   * @default 50
   */
  readonly maxRows?: number;

  /**
   * the most characters of the plan: beyond it, tables and lists are shortened further, one
   * section at a time from the least risky (the summary, the problems, the Overwrite changes,
   * rollback readiness and unmanaged Secrets last), always by whole rows, and the plan says so.
   * The default leaves headroom below GitHub's 65,536 characters of a pull-request comment.
   * `Infinity` (with `maxRows` and `maxListItems`) gives the full plan.
   *
   * @default 60000
   */
  readonly maxCharacters?: number;

  /**
   * the most items of a list inside a table cell (the templates a policy claims).
   *
   * @default 10
   */
  readonly maxListItems?: number;
}

const STATE_TEXT: Readonly<Record<RollbackState, string>> = {
  'not-armed': 'not armed',
  'partially-armed': 'partially armed',
  'armed': 'armed',
  'released': 'released',
  'release-unsafe': '**release deletes live objects**',
  'no-policies': 'no policies',
};

/**
 * Renders a plan as GitHub-flavoured Markdown for a pull request: a summary, step 0 (the
 * handover from the old pipeline), a Mermaid diagram (`flowchart LR`) of policies →
 * namespaces → kinds, tables of policies, overlaps, unclaimed templates, idle policies,
 * Overwrite risks, fights with other writers, Argo CD health, unmanaged Secrets, inventory warnings, missing dependencies, rollback
 * readiness and problems. Byte-deterministic: the same plan gives the same text.
 */
export function planToMarkdown(plan: Plan, options: PlanMarkdownOptions = {}): string {
  const maxRows = options.maxRows ?? 50;
  const maxItems = options.maxListItems ?? 10;
  const out: Part[] = [];
  const t = plan.totals;
  const risks = plan.risks;
  const rollbackCell = plan.rollback.length ? [...new Set(plan.rollback.map(r => STATE_TEXT[r.state]))].join(', ') : 'no migration';

  out.push('# Migration plan', '');
  const fleet = plan.migrations.some(m => m.clusters !== undefined);
  out.push(...table(['Migration', fleet ? 'Source clusters' : 'Source cluster', 'Phase', 'Rollback', 'Secrets'],
    plan.migrations.map(m => [
      code(m.name), list(clustersOf(m).map(code), maxItems, ', '), m.phase, STATE_TEXT[plan.rollback.find(r => r.migration === m.name)!.state], m.secrets,
    ]), maxRows, RANK.migrations));
  const suspended = plan.policies.filter(p => p.suspendsDispatching).length;
  const rehearsal = suspended > 0 && suspended === plan.policies.length;
  out.push('', `Merging this change makes Karmada ${rehearsal ? 'claim' : 'take over'} ${count(t.templates, 'template')} with ${count(t.propagationPolicies, 'PropagationPolicy', 'PropagationPolicies')}` +
    `${t.clusterPropagationPolicies ? ` and ${count(t.clusterPropagationPolicies, 'ClusterPropagationPolicy', 'ClusterPropagationPolicies')}` : ''}` +
    ` in ${count(t.namespaces.length, 'namespace')}, with conflictResolution: Overwrite on the live objects.`);
  if (suspended > 0) {
    const phase = plan.migrations.some(m => m.phase === MigrationPhase.REHEARSE) ? ', phase Rehearse' : '';
    out.push('', `**${rehearsal ? 'Every policy suspends' : `${suspended} of the ${plan.policies.length} policies suspend${suspended > 1 ? '' : 's'}`} dispatching ` +
      `(spec.suspension${phase}): Karmada claims ${rehearsal ? 'the' : 'their'} templates and builds the Works, ` +
      'but nothing is applied to the member cluster until the suspension is lifted; what follows describes what lifting it would do.**');
  }
  out.push(NOTICE);
  if (plan.problems.length) out.push('', `**${count(plan.problems.length, 'problem')}: \`karmada-migrate synth\` refuses to write dist/ until ${plan.problems.length > 1 ? 'they are' : 'it is'} fixed (see [Problems](#problems)).**`);

  out.push('', '## Summary', '');
  const assessed = (n: number) => (risks.liveGiven ? String(n) : 'not assessed (no `--live` export)');
  out.push(...fixedTable(['What', 'Count'], [
    ['templates', String(t.templates)],
    ['PropagationPolicies', String(t.propagationPolicies)],
    ['ClusterPropagationPolicies', String(t.clusterPropagationPolicies)],
    ['namespaces', t.namespaces.length ? `${t.namespaces.length}: ${list(t.namespaces.map(code), maxItems, ', ')}` : '0'],
    ['unclaimed templates', String(plan.unclaimed.length)],
    ['overlaps', String(plan.overlaps.length)],
    ['idle policies', idleCell(plan)],
    // the outcomes that hurt, in the words (and order) of the Overwrite table.
    ...HURTS.map(k => [outcomeName(k), risks.clusters ? byClusterCell(risks, k, maxItems) : assessed(risks.counts[k])]),
    ['fields Karmada sets back at every sync (fights)', String(plan.fights.counts.reverted + plan.fights.counts.removed) +
      (plan.fights.liveGiven ? unreadClusters(plan, maxItems) : ' (autoscalers only: no `--live` export)')],
    ['templates Argo CD shows with a wrong health', String(plan.health.reduce((n, h) => n + h.templates.length, 0))],
    ['Secrets left unmanaged', String(plan.secrets.length)],
    ['rollback', rollbackCell],
    ['problems', String(plan.problems.length)],
  ]));
  if (t.templatesByKind.length) {
    out.push('', ...table(['Kind', 'Templates'], t.templatesByKind.map(k => [code(k.kind), String(k.templates)]), maxRows, RANK.kinds));
  }

  out.push('', '## Step 0: stop the old pipeline', '');
  out.push(...ownersSection(plan, maxRows, maxItems));
  if (plan.handover) out.push('', ...handoverSection(plan.handover));
  else {
    out.push('', `Before merging, stop whatever applies these objects to ${list(plan.migrations.flatMap(m => clustersOf(m).map(code)), maxItems, ', ') || 'the member cluster'} ` +
      'without deleting them; for an Argo CD Application, a Flux Kustomization or a HelmRelease, `--handover-from FILE` gives the exact steps from its manifest.');
  }

  out.push('', '## Claims', '', 'Who claims each template, as Karmada\'s resource detector decides with every policy applied before the templates ' +
    '(Karmada keeps the first claim of a template while its claimant exists). How the delivery guarantees that order:', '');
  // a configured delivery that does not order is a finding; without one, the order is the reader's to keep.
  out.push(bulletList(plan.migrations.flatMap(m => m.delivery.ordering.map(o => {
    const bold = !o.ordered && o.delivery !== 'none' ? '**' : '';
    return `- ${plan.migrations.length > 1 ? `${code(m.name)}: ` : ''}${bold}${text(o.message)}${bold}`;
  })), maxRows, RANK.ordering));
  out.push('');
  out.push(...diagram(plan, options.maxDiagramNodes ?? 40));
  out.push('', '### Policies', '');
  // a Dispatching column only when a policy suspends it: which ones apply nothing yet.
  out.push(...table(['Policy', 'Clusters', 'Priority', 'Preserve', ...(suspended > 0 ? ['Dispatching'] : []), 'Claims', 'Templates'], plan.policies.map(p => [
    code(p.policy), list(p.clusters.map(code), maxItems, ', '), String(p.priority), p.preserveResourcesOnDeletion ? 'yes' : 'no',
    ...(suspended > 0 ? [p.suspendsDispatching ? 'suspended' : 'yes'] : []), String(p.claims.length),
    p.claims.length ? list(p.claims.map(code), maxItems, '<br>') : p.matched ? `none (matches ${p.matched}, loses ${p.matched > 1 ? 'them' : 'it'})` : 'none',
  ]), maxRows, RANK.policies));
  out.push('', '### Overlaps', '');
  if (!plan.overlaps.length) out.push('None: no template is matched by more than one policy.');
  else {
    out.push(...table(['Template', 'Claimed by', 'Also matched by, and why it loses'], plan.overlaps.map(o => [
      code(o.object), code(o.winner), list(o.losers.map(l => `${code(l.policy)}: ${text(l.message)}`), maxItems, '<br>'),
    ]), maxRows, RANK.overlaps));
  }
  out.push('', '### Unclaimed templates', '');
  if (!plan.unclaimed.length) out.push('None: every template is claimed.');
  else out.push(...table(['Template', 'Why'], plan.unclaimed.map(u => [code(u.object), text(u.message)]), maxRows, RANK.unclaimed));
  out.push('', '### Idle policies', '');
  if (!plan.idlePolicies.length) out.push('None: every policy claims a template.');
  else {
    out.push(...table(['Policy', 'Removable', 'Why', 'What to do'], plan.idlePolicies.map(p => [
      code(p.policy), p.removable ? '**yes**' : 'no', text(p.message), text(p.fix),
    ]), maxRows, RANK.idle));
  }
  if (plan.policyWarnings.length) {
    out.push('', '### Policy warnings', '');
    out.push(...table(['Policy', 'Selector', 'Warning'], plan.policyWarnings.map(w => [
      code(w.policy), w.selectorIndex === undefined ? '' : `resourceSelectors[${w.selectorIndex}]`, text(w.message),
    ]), maxRows, RANK.policyWarnings));
  }

  if (plan.fleet) {
    out.push('', '## Fleet', '');
    out.push(...fleetSection(plan.fleet, maxRows, maxItems));
  }

  out.push('', '## Overwrite: what taking over does to the live objects', '');
  out.push(...risksSection(plan, maxRows, maxItems));

  out.push('', '## Fights: fields other writers own on the live objects', '');
  out.push(...fightsSection(plan, maxRows, maxItems));

  out.push('', '## Argo CD health', '');
  out.push(...healthSection(plan, maxRows, maxItems));

  if (plan.apiVersions.length) {
    out.push('', '## API versions', '', `The Karmada API server is Kubernetes ${KARMADA_APISERVER_KUBERNETES_VERSION}, and Karmada watches each group in its preferred version; the policies select that version.`, '');
    const on = clustersColumn(plan.apiVersions, maxItems);
    out.push(...table(['Template', ...on.header, 'Written as', 'In Karmada', 'Why'], plan.apiVersions.map(v => [
      code(v.object), ...on.cell(v), code(v.from), code(v.to), v.why === 'converted' ? 'converted: the version is no longer served' : 'watched in the preferred version (the API server converts)',
    ]), maxRows, RANK.apiVersions));
  }

  out.push('', '## Risky objects', '');
  if (!plan.risky.length) out.push('None: no Job, bare Pod, volume, bound claim, custom resource without its CRD or plain-text Secret is taken over.');
  else {
    const on = clustersColumn(plan.risky, maxItems);
    out.push(...table(['Template', ...on.header, 'Risk', 'What can go wrong'], plan.risky.map(r => [code(r.object), ...on.cell(r), `**${r.reason}**`, text(r.message)]),
      maxRows, RANK.risky));
  }

  out.push('', '## Secrets left unmanaged', '');
  const plaintext = plan.migrations.filter(m => m.secrets !== 'Unmanaged').map(m => code(m.name));
  if (plaintext.length) {
    out.push(`**Warning: ${list(plaintext, maxItems, ', ')} ${plaintext.length > 1 ? 'write' : 'writes'} Secrets in plain text to dist/ and to Git (secrets: Plaintext):** ` +
      'anyone who can read the repository can read them.', '');
  }
  if (!plan.secrets.length) out.push('None: the templates refer to no Secret the migration leaves out.');
  else {
    out.push('They stay in the member cluster as they are, outside Karmada; the workloads taken over keep using them there.', '');
    const on = clustersColumn(plan.secrets, maxItems);
    out.push(...table(['Secret', ...on.header, 'In the export', 'Used by (taken over)', 'Also used by (not taken over)'], plan.secrets.map(s => [
      code(s.secret), ...on.cell(s), s.inInventory === undefined ? 'not known' : s.inInventory ? 'yes' : 'no',
      s.usedBy.length ? list(s.usedBy.map(code), maxItems, '<br>') : '', s.alsoUsedBy.length ? list(s.alsoUsedBy.map(code), maxItems, '<br>') : '',
    ]), maxRows, RANK.secrets));
  }
  if (plan.inventoryWarnings.length) {
    out.push('', '## Inventory warnings', '');
    const on = clustersColumn(plan.inventoryWarnings, maxItems);
    out.push(...table(['Object', ...on.header, 'Source', 'Warning'], plan.inventoryWarnings.map(w => [code(w.object), ...on.cell(w), code(w.source), text(w.message)]),
      maxRows, RANK.inventoryWarnings));
  }
  if (plan.missingDependencies.length) {
    out.push('', '## Missing dependencies', '', 'Templates refer to these objects, which the inventory does not hold.', '');
    const on = clustersColumn(plan.missingDependencies, maxItems);
    out.push(...table(['Template', ...on.header, 'Refers to', 'Where'], plan.missingDependencies.map(d => [
      code(d.object), ...on.cell(d), code(d.dependency), list(d.paths.map(code), maxItems, '<br>'),
    ]), maxRows, RANK.missingDependencies));
  }

  if (plan.leftBehind.length) {
    out.push('', '## Left behind', '');
    const kinds = plan.leftBehind.flatMap(l => l.byKind.map(k => ({ ...k, migration: l.migration })));
    const on = clustersColumn(kinds, maxItems);
    const rows = kinds.map(k => [code(k.migration), code(k.kind), ...on.cell(k), `${k.objects.length}: ${list(k.objects.map(code), maxItems, ', ')}`]);
    const excluded = plan.leftBehind.flatMap(l => (l.excluded ?? []).map(e => ({ ...e, migration: l.migration })));
    if (!rows.length) out.push(`Nothing${excluded.length ? ' else' : ''}: every object of the exports that may be a template is taken over${excluded.length ? ' or excluded' : ''}.`);
    else {
      out.push(`What each export holds that no takeover selects: it stays in the member cluster${on.header.length ? 's named' : ''}, outside Karmada.`, '',
        ...table(['Migration', 'Kind', ...on.header, 'Objects'], rows, maxRows, RANK.leftBehind));
    }
    if (excluded.length) {
      const onExcluded = clustersColumn(excluded, maxItems);
      const excludedRows = excluded.map(e => [code(e.migration), code(e.object), ...onExcluded.cell(e),
        `${text(e.reason)}${e.usedBy ? `; used by templates taken over, which keep using the member's: ${list(e.usedBy.map(code), maxItems, ', ')}` : ''}`]);
      out.push('', 'Excluded by the config (spec.exclude): the member keeps each as it is, outside Karmada.', '',
        ...table(['Migration', 'Object', ...onExcluded.header, 'Why'], excludedRows, maxRows, RANK.leftBehind));
    }
    const dropped = plan.leftBehind.flatMap(l => l.dropped.map(d => `${code(l.migration)} ${code(d.rule)}: ${d.count}${d.clusters ? ` (${list(d.clusters.map(code), maxItems, ', ')})` : ''}`));
    if (dropped.length) out.push('', `Dropped by the inventory (never templates): ${list(dropped, maxItems, ', ')}.`);
  }

  out.push('', '## Rollback readiness', '');
  out.push(...table(['Migration', 'Phase', 'rollback', 'State', 'Preserving', 'Not preserving'], plan.rollback.map(r => [
    code(r.migration), r.phase, String(r.rollback), STATE_TEXT[r.state], String(r.preserving.length), notPreserving(r, maxItems),
  ]), maxRows, RANK.rollback));
  out.push('');
  out.push(bulletList(plan.rollback.map(r => `- ${code(r.migration)}: ${text(r.next)}.`), maxRows, RANK.rollback));

  out.push('', '## Problems', '');
  if (!plan.problems.length) out.push('None: `karmada-migrate synth` writes this dist/.');
  else {
    out.push(bulletList(plan.problems.map(p => `- ${text(p)}`), maxRows, RANK.problems));
  }
  out.push('');
  return fit(out, options.maxCharacters ?? PLAN_MAX_CHARACTERS);
}

function ownersSection(plan: Plan, maxRows: number, maxItems: number): Part[] {
  if (plan.owners.length === 0) return [];
  const on = clustersColumn(plan.owners, maxItems);
  const out: Part[] = [on.header.length
    ? 'Who applies the templates to each member cluster today, as its export shows (an owner on several clusters is stopped on each), and how to stop each without deleting anything:'
    : 'Who applies the templates to the member cluster today, as the export shows, and how to stop each without deleting anything:', ''];
  out.push(...table(['Owner', ...on.header, 'Templates', 'Evidence'],
    plan.owners.map(o => [text(o.owner), ...on.cell(o), `${o.templates.length}: ${list(o.templates.map(code), maxItems, ', ')}`, text(o.evidence || 'none')]), maxRows, RANK.owners));
  out.push('', capped(plan.owners.map(o => {
    const steps = ['', `**${text(o.owner)}**`, ''];
    o.steps.forEach((st, i) => {
      steps.push(`${i + 1}. ${text(st.title)}`);
      if (st.commands.length) steps.push('', '   ```sh', ...st.commands.map(c => `   ${c}`), '   ```');
    });
    return steps.slice(1);
  }), [], maxRows, RANK.ownerSteps, 'owner', true));
  return out;
}

// a fleet's rows name the member clusters they were found on: a column of them when some row does
// (empty for a row of a migration of one cluster); no column otherwise.
function clustersColumn(rows: ReadonlyArray<{ readonly clusters?: readonly string[] }>, maxItems: number): {
  header: string[]; cell: (row: { readonly clusters?: readonly string[] }) => string[];
} {
  if (!rows.some(r => r.clusters !== undefined)) return { header: [], cell: () => [] };
  return { header: ['Clusters'], cell: r => [list((r.clusters ?? []).map(code), maxItems, ', ')] };
}

function handoverSection(h: HandoverPlan): string[] {
  const out: string[] = [];
  out.push(`The old ${h.kind} ${code(h.object)} (destination ${code(h.destination)}) must stop applying these objects without deleting them, ` +
    'before Karmada takes them over.', '');
  for (const f of h.findings) out.push(`- **${f.severity === 'danger' ? 'Danger' : 'Warning'}** (${f.rule}): ${text(f.message)}`);
  if (h.findings.length) out.push('');
  h.steps.forEach((s, i) => {
    out.push(`${i + 1}. **${text(s.title)}** (${code(s.id)})${s.skipped ? ` — nothing to do: ${text(s.skipped)}.` : ''}`, '');
    out.push(`   ${text(s.why)}`);
    if (s.commands.length) out.push('', '   ```sh', ...s.commands.map(c => `   ${c}`), '   ```');
    out.push('');
  });
  out.pop();
  return out;
}

function risksSection(plan: Plan, maxRows: number, maxItems: number): Part[] {
  const risks = plan.risks;
  if (risks.clusters) return clusterRisksSection(plan, risks.clusters, maxRows, maxItems);
  if (!risks.liveGiven) {
    return [`No live export given (\`--live FILE\`): the outcomes (${HURTS.join(', ')}, ...) are not assessed for the ${count(plan.totals.templates, 'template')}. ` +
      'Export the member cluster (`kubectl get deploy,svc,cm,... -A -o yaml > live.yaml`) and pass it.'];
  }
  const out: Part[] = [];
  out.push(...fixedTable(['Outcome', 'Templates'], [
    ...OVERWRITE_CLASSES.map(k => [outcomeName(k), String(risks.counts[k])]), ['no-live-object', String(risks.counts['no-live-object'])],
  ]));
  out.push('', 'The riskiest first: `apply-fails` (the member refuses the PUT: nothing else happens, the object is not taken over), then what hurts production ' +
    '(traffic moved or stopped, a CronJob or Job resumed or suspended, pods restarted, replicas changed).', '');
  if (!risks.changes.length) out.push('Every live object stays as it is: the templates match it after API-server defaulting.');
  else out.push(...table(['Template', 'What happens', 'Details'], risks.changes.map(c => [code(c.object), outcome(c), details(c, maxItems)]), maxRows, RANK.changes));
  if (risks.noLiveObject.length) {
    out.push('', `No live object in the export for ${count(risks.noLiveObject.length, 'template')} (Karmada creates ${risks.noLiveObject.length > 1 ? 'them' : 'it'}, ` +
      `or the export is incomplete): ${list(risks.noLiveObject.map(code), maxItems, ', ')}.`);
  }
  return out;
}

// the clusters of a migration: its one source cluster, or a fleet's.
function clustersOf(m: PlanMigration): readonly string[] {
  return m.clusters ?? (m.sourceCluster !== undefined ? [m.sourceCluster] : []);
}

// whether the plan reasons per member cluster (a fleet, or --live CLUSTER=PATH).
function perClusterPlan(plan: Plan): boolean {
  return plan.risks.clusters !== undefined;
}

// the clusters where an export was not given though templates are placed there.
function notAssessed(clusters: readonly PlanClusterRisks[]): PlanClusterRisks[] {
  return clusters.filter(c => !c.liveGiven && c.templates > 0);
}

// in a plan per cluster, the clusters whose managedFields are not read (no export of theirs), for the fights' count.
function unreadClusters(plan: Plan, maxItems: number): string {
  const missing = notAssessed(plan.risks.clusters ?? []);
  return missing.length ? ` (autoscalers only on ${list(missing.map(c => code(c.cluster)), maxItems, ', ')}: ` +
    `no \`--live ${missing.length === 1 ? missing[0].cluster : 'CLUSTER'}=PATH\`)` : '';
}

// a summary cell of a plan per cluster: the templates whose outcome it is on some cluster, and the clusters, named.
function byClusterCell(risks: PlanRisks, k: OverwriteClass, maxItems: number): string {
  if (!risks.liveGiven) return 'not assessed (no `--live CLUSTER=PATH` export)';
  const on = risks.clusters!.filter(c => c.counts[k] > 0).map(c => `${code(c.cluster)}: ${c.counts[k]}`);
  const missing = notAssessed(risks.clusters!);
  return `${risks.counts[k]}${on.length ? ` (${list(on, maxItems, ', ')})` : ''}` +
    `${missing.length ? `; not assessed on ${list(missing.map(c => code(c.cluster)), maxItems, ', ')} ` +
      `(no \`--live ${missing.length === 1 ? missing[0].cluster : 'CLUSTER'}=PATH\`)` : ''}`;
}

function clusterRisksSection(plan: Plan, clusters: readonly PlanClusterRisks[], maxRows: number, maxItems: number): Part[] {
  const risks = plan.risks;
  const placed = clusters.filter(c => c.templates > 0);
  if (!risks.liveGiven) {
    const first = placed[0]?.cluster ?? 'member1';
    return [`No live export given (\`--live CLUSTER=PATH\`, one per member cluster): the outcomes (${HURTS.join(', ')}, ...) are not assessed for the ` +
      `${count(plan.totals.templates, 'template')} on ${list(placed.map(c => code(c.cluster)), maxItems, ', ')}. ` +
      `Export each member cluster (\`kubectl --context ${first} get deploy,svc,cm,... -A -o yaml > live-${first}.yaml\`) and pass it as \`--live ${first}=live-${first}.yaml\`.`];
  }
  const out: Part[] = [];
  const byCluster = (k: OverwriteClass | 'no-live-object') => list(clusters.filter(c => c.counts[k] > 0).map(c => `${code(c.cluster)}: ${c.counts[k]}`), maxItems, ', ');
  out.push(...fixedTable(['Outcome', 'Templates', 'On which cluster'], [
    ...OVERWRITE_CLASSES.map(k => [outcomeName(k), String(risks.counts[k]), byCluster(k)]),
    ['no-live-object', String(risks.counts['no-live-object']), byCluster('no-live-object')],
  ]));
  out.push('', 'Each template is predicted on each cluster it is placed on, against that cluster\'s live object, with that cluster\'s override policies applied; ' +
    'a template counts in every outcome it has on any cluster. The riskiest first: `apply-fails` (the member refuses the PUT: nothing else happens, the object ' +
    'is not taken over there), then what hurts production (traffic moved or stopped, a CronJob or Job resumed or suspended, pods restarted, replicas changed).', '');
  const missing = notAssessed(clusters);
  if (missing.length) {
    out.push(`**Not assessed on ${list(missing.map(c => code(c.cluster)), maxItems, ', ')}**: no \`--live ${missing[0].cluster}=PATH\` given, so what the Overwrite ` +
      `does to the ${count(missing.reduce((n, c) => n + c.templates, 0), 'template')} placed there is not known.`, '');
  }
  if (!risks.changes.length) out.push('Every live object assessed stays as it is: the templates match it after API-server defaulting.');
  else {
    out.push(...table(['Template', 'Cluster', 'What happens', 'Details'], risks.changes.map(c => [
      code(c.object), c.cluster === undefined ? '' : code(c.cluster), outcome(c), details(c, maxItems),
    ]), maxRows, RANK.changes));
  }
  // one item per cluster, capped as a list: a fleet has as many clusters as it likes.
  const noLive = clusters.filter(x => x.noLiveObject.length).map(c => `- No live object in the export of ${code(c.cluster)} for ` +
    `${count(c.noLiveObject.length, 'template')} placed there (Karmada creates ${c.noLiveObject.length > 1 ? 'them' : 'it'}, or the export is ` +
    `incomplete): ${list(c.noLiveObject.map(code), maxItems, ', ')}.`);
  if (noLive.length) out.push('', bulletList(noLive, maxRows, RANK.changes));
  return out;
}

function fleetSection(fleet: PlanFleet, maxRows: number, maxItems: number): Part[] {
  const differs = (o: PlanFleetObject) => o.overriddenIn.length > 0 || (o.failedIn?.length ?? 0) > 0;
  const failed = fleet.objects.filter(o => o.failedIn?.length);
  const overridden = fleet.objects.filter(differs);
  const partial = fleet.objects.filter(o => o.notPlacedIn.length > 0);
  const same = fleet.objects.filter(o => !differs(o) && o.placedOn.length > 0);
  const out: Part[] = [`${count(fleet.clusters.length, 'member cluster')}: ${list(fleet.clusters.map(code), maxItems, ', ')}. Each template is placed on exactly the ` +
    'clusters whose export has it; where a cluster\'s copy differs, an override policy turns the template into that copy when Karmada builds the ' +
    `cluster's Work (${count(fleet.overridePolicies, 'override policy', 'override policies')} in dist/). Of the ${count(fleet.objects.length, 'template')}: ` +
    `${same.length} the same wherever placed, ${overridden.length} overridden on some cluster, ${partial.length} not placed on every cluster.`];
  if (failed.length) {
    out.push('', `**The override policies fail for ${count(failed.length, 'template')} on some cluster: Karmada updates nothing there.**`);
  }
  // what differs first, then what is placed on some clusters only, then the rest; `dist/` path order within.
  const rank = (o: PlanFleetObject) => ((o.failedIn?.length ?? 0) > 0 ? 0 : o.overriddenIn.length ? 1 : o.notPlacedIn.length ? 2 : 3);
  const rows = [...fleet.objects].sort((a, b) => rank(a) - rank(b)).map(o => {
    const parts: string[] = [];
    if (o.identicalIn.length) parts.push(`identical in ${list(o.identicalIn.map(code), maxItems, ', ')}`);
    // a cell names at most maxItems clusters of each kind, the others counted: a fleet has as many as it likes.
    if (o.overriddenIn.length) parts.push(list(o.overriddenIn.map(c => `overridden in ${code(c.cluster)}: ${list(c.fields.map(fieldText), maxItems, ', ')}`), maxItems, '<br>'));
    if (o.failedIn?.length) parts.push(list(o.failedIn.map(f => `**override fails** in ${code(f.cluster)}: ${text(f.error)}`), maxItems, '<br>'));
    if (!o.placedOn.length) parts.push('not placed: no policy claims it');
    else if (o.notPlacedIn.length) parts.push(`not placed in ${list(o.notPlacedIn.map(code), maxItems, ', ')}`);
    return [code(o.object), parts.join('<br>')];
  });
  out.push('', ...table(['Template', 'Across the clusters'], rows, maxRows, RANK.fleet));
  return out;
}

// a field an override policy changes, in words.
function fieldText(f: PlanOverriddenField): string {
  const removed = f.operator === 'remove' ? ' removed' : '';
  switch (f.overrider) {
    case 'imageOverrider':
      return `image ${(f.component ?? '').toLowerCase()} of ${f.container !== undefined ? `container ${code(f.container)}` : f.path !== undefined ? code(f.path) : 'every container'}${removed}`;
    case 'commandOverrider':
    case 'argsOverrider':
      return `${f.overrider === 'commandOverrider' ? 'command' : 'args'} of container ${code(f.container ?? '')} (${f.operator})`;
    case 'labelsOverrider':
      return `label ${code(f.key ?? '')}${removed}`;
    case 'annotationsOverrider':
      return `annotation ${code(f.key ?? '')}${removed}`;
    default:
      return `${code(f.path ?? '')}${f.operator === 'add' ? ' added' : removed}`;
  }
}

const VERDICT_TEXT: Readonly<Record<FightVerdict, string>> = {
  'reverted': '**reverted**',
  'removed': '**removed**',
  'retained-natively': 'retained (natively)',
  'retained': 'retained (spec.retain)',
};

function owners(f: Fight, maxItems: number): string {
  const named = f.owners.map(o => `${code(o.manager || '(no manager)')}${o.subresource ? ` (${text(o.subresource)})` : ''}`);
  if (f.autoscalers) named.push(...f.autoscalers.map(code));
  return list(named, maxItems, '<br>');
}

function fightsSection(plan: Plan, maxRows: number, maxItems: number): Part[] {
  const f = plan.fights;
  const out: Part[] = [];
  out.push('Karmada writes each object with a full PUT of its template at every sync: a field another writer keeps changing on the member ' +
    'cluster (an autoscaler, `kubectl rollout restart`, a CA injector, a person) is set back each time, unless Karmada retains it. The replaced pipeline\'s ' +
    `field managers (${list(f.pipelineManagers.map(code), maxItems, ', ')}) and status are not counted.`);
  if (!f.liveGiven) {
    out.push('', `No live export given (\`--live ${perClusterPlan(plan) ? 'CLUSTER=PATH' : 'FILE'}\`): the managedFields of the objects are not read; only the autoscalers of the inventories are evidence.`);
  } else if (plan.risks.clusters?.some(c => !c.liveGiven && c.templates > 0)) {
    out.push('', `No live export of ${list(plan.risks.clusters.filter(c => !c.liveGiven && c.templates > 0).map(c => code(c.cluster)), maxItems, ', ')}: ` +
      'the managedFields of its objects are not read; only the autoscalers of its inventory are evidence.');
  }
  out.push('');
  const perCluster = plan.risks.clusters !== undefined;
  const rows = f.objects.flatMap(o => o.fights.map(x => [
    code(o.object), ...(perCluster ? [o.cluster === undefined ? '' : code(o.cluster)] : []), code(x.path), owners(x, maxItems), VERDICT_TEXT[x.verdict], text(x.hint),
  ]));
  if (!rows.length) {
    out.push(f.liveGiven ? 'None: no field of the live objects is written by anyone but the replaced pipeline and Karmada.'
      : 'None: no autoscaler of the inventories scales a template.');
  }
  if (rows.length) {
    out.push(...fixedTable(['Verdict', 'Fields'], ([['reverted', 'reverted'], ['removed', 'removed'], ['retained natively', 'retained-natively'],
      ['retained (spec.retain)', 'retained']] as const).map(([label, k]) => [label, String(f.counts[k])])), '');
    out.push(...table(['Template', ...(perCluster ? ['Cluster'] : []), 'Field', 'Owner', 'Verdict', 'What to do'], rows, maxRows, RANK.fights));
  }
  if (f.warnings.length) {
    out.push('', 'managedFields that could not be read (their fields are not assessed):', '');
    out.push(bulletList(f.warnings.map(w => `- ${text(w)}`), maxRows, RANK.fightWarnings));
  }
  return out;
}

const HEALTH_TEXT: Readonly<Record<ArgoHealthPrediction, string>> = {
  'progressing-forever': '**Progressing forever**',
  'progressing-until-address': 'Progressing until an address',
  'progressing-if-scaled-down': 'Progressing while scaled down',
  'progressing-while-suspended': 'Progressing while suspended',
  'healthy-too-early': 'Healthy too early',
  'no-status-aggregation': 'no status in Karmada',
};

function healthSection(plan: Plan, maxRows: number, maxItems: number): Part[] {
  const out: Part[] = ['Argo CD computes the health of each template in the Karmada API server from the status Karmada aggregates into it. ' +
    'For these kinds that status cannot tell Argo CD what it looks for, whatever the member objects do; decide before the takeover.', ''];
  if (!plan.health.length) return [...out, 'None: Argo CD reads the health of every template from what Karmada aggregates.'];
  out.push(...table(['Kind', 'Templates', 'Health in Argo CD', 'Why', 'What to do'], plan.health.map(h => [
    code(h.kind), `${h.templates.length}: ${list(h.templates.map(code), maxItems, ', ')}`, HEALTH_TEXT[h.prediction], text(h.message), text(h.remedy),
  ]), maxRows, RANK.health));
  return out;
}

// the outcomes that need a decision before the takeover: shown in bold, and counted in the summary.
const HURTS: readonly OverwriteClass[] = ['apply-fails', 'traffic-change', 'suspend-change', 'pods-restart', 'replicas-change'];

// an outcome as the summary and the tables name it: its name in the JSON, in bold when it hurts.
function outcomeName(k: OverwriteClass): string {
  return HURTS.includes(k) ? `**${k}**` : k;
}

function outcome(c: PlanOverwrite): string {
  if (c.error) return '**not predicted**';
  return c.classes.map(outcomeName).join(', ');
}

function idleCell(plan: Plan): string {
  const removable = plan.idlePolicies.filter(p => p.removable).length;
  return `${plan.idlePolicies.length}${removable ? ` (${removable} removable)` : ''}`;
}

function details(c: PlanOverwrite, maxItems: number): string {
  const parts: string[] = [];
  if (c.error) parts.push(text(c.error));
  if (c.applyFails?.length) parts.push(list(c.applyFails.map(f => `${code(f.path)}: ${text(f.reason)}`), maxItems, '<br>'));
  if (c.traffic?.length) parts.push(list(c.traffic.map(f => `traffic: ${text(f.message)}`), maxItems, '<br>'));
  if (c.suspend) parts.push(text(c.suspend.message));
  if (c.podsRestart) parts.push(`${text(c.podsRestart.message)} (${c.podsRestart.rollout}): ${list(c.podsRestart.paths.map(code), maxItems, ', ')}`);
  if (c.replicas) parts.push(`replicas ${c.replicas.from} → ${c.replicas.to}: ${text(c.replicas.hint)}`);
  if (c.dataPaths) parts.push(`data: ${list(c.dataPaths.map(code), maxItems, ', ')}`);
  if (c.specPaths) parts.push(`spec: ${list(c.specPaths.map(code), maxItems, ', ')}`);
  if (c.metadata) {
    if (c.metadata.labels.length) parts.push(`labels: ${list(c.metadata.labels.map(code), maxItems, ', ')}`);
    if (c.metadata.annotations.length) parts.push(`annotations: ${list(c.metadata.annotations.map(code), maxItems, ', ')}`);
  }
  if (c.notes.length) parts.push(list(c.notes.map(n => `note: ${text(n)}`), maxItems, '<br>'));
  return parts.join('<br>');
}

function notPreserving(r: PlanRollback, maxItems: number): string {
  return r.notPreserving.length ? `${r.notPreserving.length}: ${list(r.notPreserving.map(code), maxItems, ', ')}` : '0';
}

// policies → namespaces → kinds; aggregated beyond maxNodes.
function diagram(plan: Plan, maxNodes: number): string[] {
  const nsLabel = (ns: string | undefined) => ns ?? 'cluster-scoped';
  const kindNodes = plan.namespaces.reduce((n, ns) => n + ns.kinds.length, 0);
  const hasUnclaimed = plan.unclaimed.length > 0;
  const full = plan.policies.length + plan.namespaces.length + kindNodes + (hasUnclaimed ? 1 : 0);
  if (full === 0) return ['_Nothing to draw: dist/ holds no policy and no template._'];
  const policyIds = new Map(plan.policies.map((p, i) => [p.policy, `p${i}`]));
  const lines: string[] = ['```mermaid', 'flowchart LR'];
  const note: string[] = [];
  if (full <= maxNodes) {
    plan.policies.forEach((p, i) => lines.push(`  p${i}["${mermaid(p.policy)}${p.claims.length ? '' : '<br/>claims nothing'}"]`));
    if (hasUnclaimed) lines.push('  u(["no policy"])');
    plan.namespaces.forEach((ns, i) => {
      lines.push(`  n${i}(["${mermaid(nsLabel(ns.namespace))}"])`);
      ns.kinds.forEach((k, j) => lines.push(`  k${i}_${j}["${mermaid(k.kind)}: ${k.templates}"]`));
    });
    plan.namespaces.forEach((ns, i) => {
      for (const c of ns.claimedBy) lines.push(`  ${policyIds.get(c.policy)} -->|${c.templates}| n${i}`);
      if (ns.unclaimed) lines.push(`  u -.->|${ns.unclaimed}| n${i}`);
      ns.kinds.forEach((_, j) => lines.push(`  n${i} --> k${i}_${j}`));
    });
  } else {
    // aggregated: every PropagationPolicy in one node, ClusterPropagationPolicies by name while
    // they are few (else in one node too), one node per namespace with its counts, the namespaces
    // beyond the size in one node; each edge counts the templates claimed. A connected graph of
    // at most maxNodes nodes, whatever the size.
    const cpps = plan.policies.filter(p => p.policy.startsWith('ClusterPropagationPolicy '));
    const pps = plan.policies.length - cpps.length;
    const cppsByName = cpps.length <= Math.max(1, Math.floor(maxNodes / 4));
    const policyNodes = (pps ? 1 : 0) + (cppsByName ? cpps.length : cpps.length ? 1 : 0) + (hasUnclaimed ? 1 : 0);
    const budget = Math.max(1, maxNodes - policyNodes);
    const shown = plan.namespaces.length > budget ? plan.namespaces.slice(0, budget - 1) : plan.namespaces;
    const hidden = plan.namespaces.slice(shown.length);
    if (pps) lines.push(`  pp["${count(pps, 'PropagationPolicy', 'PropagationPolicies')}"]`);
    if (cppsByName) cpps.forEach(p => lines.push(`  ${policyIds.get(p.policy)}["${mermaid(p.policy)}${p.claims.length ? '' : '<br/>claims nothing'}"]`));
    else if (cpps.length) lines.push(`  cpp["${count(cpps.length, 'ClusterPropagationPolicy', 'ClusterPropagationPolicies')}"]`);
    if (hasUnclaimed) lines.push('  u(["no policy"])');
    shown.forEach((ns, i) => {
      lines.push(`  n${i}(["${mermaid(nsLabel(ns.namespace))}<br/>${count(ns.templates, 'template')}<br/>` +
        `${kindsLabel(ns.kinds)}"])`);
    });
    if (hidden.length) {
      const templates = hidden.reduce((n, ns) => n + ns.templates, 0);
      lines.push(`  more(["… ${count(hidden.length, 'more namespace')}<br/>${count(templates, 'template')}"])`);
    }
    const target = (i: number) => (i < shown.length ? `n${i}` : 'more');
    const edges = new Map<string, number>();
    const add = (from: string, to: string, n: number, dashed: boolean) => {
      const k = `${from}${dashed ? ' -.->' : ' -->'}\u0000${to}`;
      edges.set(k, (edges.get(k) ?? 0) + n);
    };
    plan.namespaces.forEach((ns, i) => {
      for (const c of ns.claimedBy) {
        const from = !c.policy.startsWith('ClusterPropagationPolicy ') ? 'pp' : cppsByName ? policyIds.get(c.policy)! : 'cpp';
        add(from, target(i), c.templates, false);
      }
      if (ns.unclaimed) add('u', target(i), ns.unclaimed, true);
    });
    for (const [k, n] of edges) {
      const [from, to] = k.split('\u0000');
      lines.push(`  ${from}|${n}| ${to}`);
    }
    note.push('', `_The diagram is aggregated: drawn policy by policy and kind by kind it would have ${full} nodes, more than ${maxNodes}. ` +
      `It shows the PropagationPolicies as one node${cpps.length ? `, the ClusterPropagationPolicies ${cppsByName ? 'by name' : 'as one node'}` : ''}, ` +
      `and one node per namespace with its counts${hidden.length ? ` (the first ${shown.length} namespaces, the other ${hidden.length} as one node)` : ''}; ` +
      'each edge counts the templates claimed._');
  }
  lines.push('```');
  return [...lines, ...note];
}

/** The most characters of a Markdown plan by default: headroom below GitHub's 65,536 of a pull-request comment. */
export const PLAN_MAX_CHARACTERS = 60_000;

/** The rows of a table (items of a list) shown open; the rest of them is folded into `<details>`. */
export const PLAN_OPEN_ROWS = 10;

// how risky a section is: the least risky is shortened first when the plan is too long. The
// summary, the counts and the headings are never shortened.
const RANK = {
  migrations: 1, kinds: 2, leftBehind: 3, apiVersions: 4, missingDependencies: 5, inventoryWarnings: 6, policyWarnings: 7,
  policies: 8, idle: 9, overlaps: 10, fleet: 11, unclaimed: 12, ordering: 13, ownerSteps: 14, owners: 15, health: 16, fightWarnings: 17,
  fights: 18, risky: 19, secrets: 20, rollback: 21, changes: 22, problems: 23,
} as const;

// a table or a list the plan may shorten, by whole rows (an item may be several lines: a code fence stays whole).
interface Capped {
  readonly rank: number;
  readonly items: readonly (readonly string[])[];
  /** the header of a table, repeated inside `<details>`. */
  readonly head: readonly string[];
  readonly noun: string;
  /** an item is separated from the next by a blank line. */
  readonly spaced: boolean;
  shown: number;
}

// the line that says the plan was shortened, written once the plan fits.
const NOTICE = Symbol('notice');

type Part = string | Capped | typeof NOTICE;

function capped(items: readonly (readonly string[])[], head: readonly string[], max: number, rank: number, noun: string, spaced = false): Capped {
  return { rank, items, head, noun, spaced, shown: Math.min(items.length, max) };
}

function table(headers: readonly string[], rows: readonly (readonly string[])[], maxRows: number, rank: number): Part[] {
  return [capped(rows.map(r => [`| ${r.map(c => c || ' ').join(' | ')} |`]), fixedTable(headers, []), maxRows, rank, 'row')];
}

// a table the plan never shortens (the counts).
function fixedTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(r => `| ${r.map(c => c || ' ').join(' | ')} |`)];
}

function bulletList(items: readonly string[], max: number, rank: number): Capped {
  return capped(items.map(i => [i]), [], max, rank, 'item');
}

// a capped part as lines: the first rows open, the others folded, then what is left out.
function renderCapped(c: Capped): string[] {
  const shown = c.items.slice(0, c.shown);
  const left = c.items.length - shown.length;
  const more = `${left} more ${left > 1 ? `${c.noun}s` : c.noun}`;
  if (shown.length === 0) return c.items.length ? [`… ${count(left, c.noun)} not shown here (see the full plan).`] : [];
  const lines = (items: readonly (readonly string[])[]) => items.flatMap((item, i) => (c.spaced && i > 0 ? ['', ...item] : item));
  const out = [...c.head, ...lines(shown.slice(0, PLAN_OPEN_ROWS))];
  if (shown.length > PLAN_OPEN_ROWS) {
    const folded = shown.length - PLAN_OPEN_ROWS;
    out.push('', `<details><summary>${count(folded, `more ${c.noun}`)}</summary>`, '', ...c.head, ...lines(shown.slice(PLAN_OPEN_ROWS)), '', '</details>');
  }
  if (left > 0) out.push('', `… and ${more} (see the full plan).`);
  return out;
}

// the plan within `max` characters: capped parts are halved, the least risky first, until it fits.
function fit(parts: readonly Part[], max: number): string {
  const caps = parts.filter((p): p is Capped => typeof p === 'object');
  const rendered = (c: Capped) => renderCapped(c).join('\n');
  const lengths = new Map(caps.map(c => [c, rendered(c).length]));
  // the notice of the rows left out of the tables and lists among the first `upTo` parts.
  const notice = (upTo: number) => (): string[] => {
    const kept = new Set(parts.slice(0, upTo));
    const cut = caps.filter(c => kept.has(c) && c.shown < c.items.length);
    if (!cut.length) return [];
    const left = cut.reduce((n, c) => n + c.items.length - c.shown, 0);
    return ['', `_This plan is shortened to fit a pull-request comment: ${count(left, 'row')} of ` +
      `${count(cut.length, 'table or list', 'tables and lists')} are left out, counted where they are. \`karmada-migrate plan --output-full FILE\` writes the full plan._`];
  };
  // every part is one line or more, joined by line breaks.
  const RESERVED = 300;
  let length = parts.reduce((n, p) => n + (typeof p === 'string' ? p.length : p === NOTICE ? 0 : lengths.get(p)!) + 1, 0) - 1;
  // the notice's room counts once anything is left out.
  const over = () => length + (caps.some(c => c.shown < c.items.length) ? RESERVED : 0) > max;
  if (over()) {
    for (const c of [...caps].sort((x, y) => x.rank - y.rank)) {
      while (over() && c.shown > 0) {
        c.shown = Math.floor(c.shown / 2);
        const after = rendered(c).length;
        length += after - lengths.get(c)!;
        lengths.set(c, after);
      }
    }
  }
  const render = (upTo: number, noticeLines: () => string[]) =>
    parts.slice(0, upTo).flatMap(p => (typeof p === 'string' ? [p] : p === NOTICE ? noticeLines() : renderCapped(p)));
  const whole = render(parts.length, notice(parts.length)).join('\n');
  if (whole.length <= max) return whole;
  // still too long with every table and list shortened (long names in the fixed parts): whole
  // sections are left out from the end, cut at a heading, outside any table or code fence; the
  // end names them, and the count of rows left out is of the sections kept.
  const headings = parts.flatMap((p, i) => (typeof p === 'string' && p.startsWith('## ') ? [i] : []));
  const cutAt = (i: number) => {
    const left = headings.filter(h => h >= i).map(h => text((parts[h] as string).slice(3)));
    const end = ['', `_${count(left.length, 'section')} of the plan ${left.length > 1 ? 'do' : 'does'} not fit in a pull-request comment and ` +
      `${left.length > 1 ? 'are' : 'is'} left out: ${list(left, 20, ', ')}. \`karmada-migrate plan --output-full FILE\` writes the full plan._`, ''];
    return [...render(i, notice(i)), ...end].join('\n');
  };
  // the latest heading at which the plan fits; the riskiest counts are in the summary, before the first cut.
  for (const i of [...headings].reverse()) {
    const shortened = cutAt(i);
    if (shortened.length <= max) return shortened;
  }
  return ['# Migration plan', '', '_The plan does not fit in a pull-request comment: `karmada-migrate plan --output-full FILE` writes it._', ''].join('\n');
}

/** the kinds an aggregated namespace node names, the others counted: a namespace may hold any number of custom kinds. */
const MAX_KINDS_PER_NODE = 4;

function kindsLabel(kinds: ReadonlyArray<{ readonly kind: string; readonly templates: number }>): string {
  const named = kinds.slice(0, MAX_KINDS_PER_NODE).map(k => `${mermaid(k.kind)} ${k.templates}`);
  const others = kinds.slice(MAX_KINDS_PER_NODE);
  if (others.length) named.push(`… ${count(others.length, 'more kind')}, ${count(others.reduce((n, k) => n + k.templates, 0), 'template')}`);
  return named.join(' · ');
}

function list(items: readonly string[], max: number, separator: string): string {
  const shown = items.slice(0, max);
  return shown.join(separator) + (items.length > shown.length ? `${separator}… and ${items.length - shown.length} more` : '');
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

// what the plan shows comes from the source cluster (object names, label keys, field paths):
// none of it may end a table row or cell, close the Mermaid block, start HTML or a Markdown
// construct, or read as something it is not. A line break (CommonMark: \n, \r) ends a row;
// a pipe ends a cell, also inside a code span, and GFM reads `\\|` as a backslash and a cell
// border; a backtick ends a code span.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

// a name as a code span, as it is; a name a code span cannot hold as it is (a pipe, a
// backslash, a control character) as HTML code of character references, which are
// literal text to Markdown; one with control characters is quoted and escaped as JSON
// writes it, so that a line break shows as \n.
function code(s: string): string {
  if (!CONTROL.test(s) && !/[|\\]/.test(s)) {
    const fence = '`'.repeat(Math.max(0, ...(s.match(/`+/g) ?? []).map(run => run.length)) + 1);
    // CommonMark strips one space on each side when both are there, and needs one beside a backtick.
    const pad = /^`|`$/.test(s) || (/^ .*[^ ].* $/.test(s)) ? ' ' : '';
    return s ? `${fence}${pad}${s}${pad}${fence}` : '<code></code>';
  }
  const shown = CONTROL.test(s) ? JSON.stringify(s).replace(/[\u007f-\u009f\u2028\u2029]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : s;
  return `<code>${[...shown].map(c => (/[A-Za-z0-9 ._:/@-]/.test(c) ? c : `&#${c.codePointAt(0)};`)).join('')}</code>`;
}

// free text in a table cell or a list item: nothing may end the cell or the row, start HTML,
// turn on emphasis, strike-through or a link, or open a block (a heading, a quote, a list).
function text(s: string): string {
  return s.replace(/[\\`*_|[\]~]/g, c => `\\${c}`).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, '<br>').replace(/\p{Cc}/gu, c => `&#${c.charCodeAt(0)};`)
    .replace(/^([#+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

// a Mermaid label inside double quotes: entity codes for what would end the label, start
// Mermaid's Markdown strings (a backtick) or end the block (a line break before ```).
function mermaid(s: string): string {
  return s.replace(/["<>`#\p{Cc}\u2028\u2029]/gu, c => `#${c.charCodeAt(0)};`);
}
