// What lifting a rehearsal's suspension would do: each Work Karmada built while dispatching is
// suspended holds the exact manifest it will PUT onto the member object. Karmada v1.18.2:
// pkg/controllers/binding/common.go (ensureWork: one Work per template and cluster, named from
// the template, in the execution space karmada-es-<cluster> of pkg/util/names/names.go, with
// spec.suspendDispatching copied from the binding, which takes it from the claiming policy),
// pkg/controllers/ctrlutil/work.go (the manifest: the template after overrides and pruning),
// pkg/controllers/execution/execution_controller.go (a suspended Work is not applied; once
// resumed, pkg/util/objectwatcher/objectwatcher.go updates the member object: the Overwrite
// predictOverwrite models).
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { DistTree } from './dist-tree';
import { claimantOf } from './verify-rollback';
import { InputError } from '../errors';
import { readWorks } from '../karmada/works';
import { formatPolicyRef, PolicyRef, policyRefOf, simulateClaims } from '../karmada/claims';
import { EXECUTION_SPACE_PREFIX } from '../karmada/namespaces';
import { OverwriteClass, predictOverwrite } from '../karmada/overwrite';
import { placementClusters } from '../karmada/placement';
import { customizationRetentions, INTERPRETER_CUSTOMIZATION_API_VERSION } from '../karmada/retention-lua';
import { gvkKey } from '../karmada/retention';
import { isSuspended } from '../karmada/suspension';
import { formatKey, groupOf, KubeObject, keyOf, keyString } from '../kube/object';
import { RETAIN_REPLICAS_LABEL } from '../inventory/hpa';
import { categoryOf, DELIVERY_FOLDER } from '../output/layout';
import { didYouMean } from '../kube/suggest';

/** What a finding of a rehearsal is about. */
export type RehearsalFindingKind =
  /** lifting the suspension moves or stops traffic (a Service's type, node ports, ports, selector, ...): at least as dangerous as a restart. */
  | 'traffic-change'
  /** lifting it flips a CronJob's or Job's `spec.suspend`: a CronJob paused on the member resumes, or a running Job is suspended. */
  | 'suspend-change'
  /** lifting the suspension rolls the pods of the workload. */
  | 'pods-restart'
  /** lifting it changes `spec.replicas`. */
  | 'replicas-change'
  /** the member API server would refuse the PUT (an immutable field), or the prediction failed. */
  | 'apply-fails'
  /** no Work applies the template in the execution space of its cluster. */
  | 'missing-work'
  /** its Work's manifest is claimed by a policy of another migration, or of no migration of dist/. */
  | 'claimed-by-other'
  /** its Work does not have `spec.suspendDispatching: true`: Karmada applies it now (the rehearsal leaked). */
  | 'not-suspended'
  /** the member cluster has no such object: lifting the suspension creates it, it takes nothing over. */
  | 'no-live-object';

/** One thing that makes a rehearsal not clean. */
export interface RehearsalFinding {
  readonly kind: RehearsalFindingKind;
  /** `Kind.group namespace/name`. */
  readonly object: string;
  readonly message: string;
}

/** What lifting the suspension does to one template's live object on one cluster. */
export interface RehearsedTemplate {
  /** `Kind.group namespace/name`. */
  readonly object: string;
  /** the file of `dist/`. */
  readonly file: string;
  /**
   * the cluster of its placement.
   *
   * @default - unknown (no policy of the migration claims it, or its placement does not name its clusters)
   */
  readonly cluster?: string;
  /**
   * its Work, as `karmada-es-member1/nginx-687f7fb96f`.
   *
   * @default - none found
   */
  readonly work?: string;
  /** what the Overwrite does, as predictOverwrite says (the riskiest first); empty when there is no Work or no live object. */
  readonly classes: readonly OverwriteClass[];
  /**
   * the changes that move or stop traffic, with what they do to the clients.
   *
   * @default - none
   */
  readonly traffic?: ReadonlyArray<{ readonly path: string; readonly message: string }>;
  /**
   * `spec.suspend`, live and after.
   *
   * @default - unchanged
   */
  readonly suspend?: { readonly from: boolean; readonly to: boolean };
  /**
   * the pod-template paths that change, and how the pods get them.
   *
   * @default - no restart
   */
  readonly podsRestart?: { readonly paths: readonly string[]; readonly rollout: string };
  /**
   * `spec.replicas`, live and after.
   *
   * @default - unchanged
   */
  readonly replicas?: { readonly from: number; readonly to: number };
  /**
   * the immutable paths the PUT changes, with the API server's rule.
   *
   * @default - none
   */
  readonly applyFailures?: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
  /**
   * the label and annotation keys that change.
   *
   * @default - none
   */
  readonly metadata?: { readonly labels: readonly string[]; readonly annotations: readonly string[] };
  /**
   * the paths of a ConfigMap's or Secret's data that change.
   *
   * @default - none
   */
  readonly dataPaths?: readonly string[];
  /**
   * the other paths of spec (or other top-level fields) that change.
   *
   * @default - none
   */
  readonly specPaths?: readonly string[];
}

/** The report of {@link rehearse}. */
export interface RehearsalReport {
  readonly apiVersion: 'karmada-migrate.io/v1alpha1';
  readonly kind: 'RehearsalReport';
  /** the migration rehearsed: its folder of `dist/`. */
  readonly migration: string;
  /** the templates rehearsed: {@link templatesDigest} of the migration's templates, `sha256:<hex>`. */
  readonly digest: string;
  /** true when there is no finding: lifting the suspension moves no traffic, flips no `spec.suspend`, changes no pod, no replica count, and applies every Work. */
  readonly clean: boolean;
  /** how many Works apply a template of the migration. */
  readonly works: number;
  /** one entry per template and cluster, sorted. */
  readonly templates: readonly RehearsedTemplate[];
  /** what makes it not clean, sorted by object. */
  readonly findings: readonly RehearsalFinding[];
}

/**
 * The digest a rehearsal report names: sha256 over the files of one migration of `dist/` that
 * decide what Karmada PUTs (see {@link migrationTemplateFiles}), sorted by path, each as its path
 * (relative to `dist/`), a NUL, its length, a NUL and its bytes. Any change of one changes it.
 */
export function templatesDigest(files: ReadonlyArray<{ readonly path: string; readonly bytes: Uint8Array }>): string {
  const hash = crypto.createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(`${f.path}\u0000${f.bytes.length}\u0000`);
    hash.update(f.bytes);
  }
  return `sha256:${hash.digest('hex')}`;
}

/**
 * The files of each migration of `dist/` that decide what Karmada PUTs onto the member objects, as
 * {@link templatesDigest} takes them: its templates, and the ResourceInterpreterCustomizations of
 * `dist/` (of any migration: each is global for its kind) whose retention replaces the native
 * one for the kind of one of them.
 */
export function migrationTemplateFiles(tree: DistTree): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const kinds = new Map<string, Set<string>>();
  const customizations: Array<{ file: string; gvk: string }> = [];
  for (const [file, o] of tree) {
    const migration = file.includes('/') ? file.split('/')[0] : '';
    if (migration === '' || migration === DELIVERY_FOLDER) continue;
    if (o.apiVersion === INTERPRETER_CUSTOMIZATION_API_VERSION && o.kind === 'ResourceInterpreterCustomization') {
      const target = (o.spec as { target?: { apiVersion?: unknown; kind?: unknown } } | undefined)?.target;
      if (typeof target?.apiVersion === 'string' && typeof target.kind === 'string') customizations.push({ file, gvk: gvkKey(target.apiVersion, target.kind) });
    }
    if (categoryOf(o) !== 'templates') continue;
    // appended in place: a copy per file would be quadratic in the templates of a migration.
    const files = out.get(migration);
    if (files) files.push(file);
    else out.set(migration, [file]);
    kinds.set(migration, (kinds.get(migration) ?? new Set()).add(gvkKey(o.apiVersion, o.kind)));
  }
  for (const [migration, files] of out) {
    for (const c of customizations) if (kinds.get(migration)?.has(c.gvk)) files.push(c.file);
  }
  return out;
}

/**
 * {@link templatesDigest} of every migration of a `dist/` folder on disk (its manifests read into
 * `tree`), or of the migrations in `only`.
 */
export function migrationDigests(distDir: string, tree: DistTree, only?: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [migration, files] of migrationTemplateFiles(tree)) {
    if (only && !only.has(migration)) continue;
    out.set(migration, templatesDigest(files.map(f => ({ path: f, bytes: fs.readFileSync(path.join(distDir, ...f.split('/'))) }))));
  }
  return out;
}

/** the migrations of `dist/` in the Rehearse phase: those with a policy that suspends dispatching. */
export function rehearsingMigrations(tree: DistTree): string[] {
  const out = new Set<string>();
  for (const [file, o] of tree) {
    const migration = file.includes('/') ? file.split('/')[0] : '';
    if (migration === '' || migration === DELIVERY_FOLDER) continue;
    if ((o.kind === 'PropagationPolicy' || o.kind === 'ClusterPropagationPolicy') && categoryOf(o) === 'policies' && isSuspended(o)) out.add(migration);
  }
  return [...out].sort();
}

/** Options of {@link rehearse}. */
export interface RehearseOptions {
  /** the migration to rehearse. @default - the only migration of dist/ in the Rehearse phase */
  readonly migration?: string;
  /** where the evidence was read, for messages. @default '-' */
  readonly file?: string;
}

interface FoundWork {
  readonly work: string;
  readonly namespace: string;
  readonly suspended: boolean;
  readonly manifest: KubeObject;
  readonly claimant?: PolicyRef;
}

/**
 * Rehearses one migration: for every template of it, its Work in `karmada-es-<cluster>` (the
 * cluster of the claiming policy's placement; the manifest has the template's identity) is
 * compared with the live object through {@link predictOverwrite}. A pod restart, a replica
 * change, a PUT the member would refuse, a missing Work, a Work claimed by a policy outside this
 * migration, a Work not suspended and a template without a live object are findings.
 *
 * @param works the Works (`kubectl get works.work.karmada.io -A -o json` items)
 * @param live the member cluster's objects (an export)
 * @param tree `dist/`
 * @param digests {@link templatesDigest} of each migration's templates ({@link migrationDigests})
 * @throws InputError when an item is not a Work, the live export holds an object twice, or
 *   the migration cannot be chosen
 */
export function rehearse(works: readonly unknown[], live: readonly KubeObject[], tree: DistTree, digests: ReadonlyMap<string, string>,
  options: RehearseOptions = {}): RehearsalReport {
  const file = options.file ?? '-';
  const rehearsing = rehearsingMigrations(tree);
  let migration = options.migration;
  if (migration === undefined) {
    if (rehearsing.length === 0) throw new InputError('no migration of dist/ is in the Rehearse phase (no policy suspends dispatching): there is nothing to rehearse');
    if (rehearsing.length > 1) throw new InputError(`several migrations of dist/ are in the Rehearse phase (${rehearsing.join(', ')}): name one with --migration`);
    migration = rehearsing[0];
  } else if (!rehearsing.includes(migration)) {
    throw new InputError(`migration ${migration} of dist/ is not in the Rehearse phase (none of its policies suspends dispatching)` +
      `${rehearsing.length ? `; in that phase: ${rehearsing.join(', ')}${didYouMean(migration, rehearsing)}` : ''}`);
  }

  const templates: Array<{ file: string; object: KubeObject; id: string }> = [];
  const policies: KubeObject[] = [];
  for (const [f, o] of tree) {
    if (f.split('/')[0] !== migration) continue;
    const category = categoryOf(o);
    if (category === 'templates') templates.push({ file: f, object: o, id: formatKey(keyOf(o)) });
    else if (category === 'policies' && (o.kind === 'PropagationPolicy' || o.kind === 'ClusterPropagationPolicy')) policies.push(o);
  }
  const wanted = new Set(templates.map(t => t.id));
  const ownPolicies = new Set(policies.map(p => formatPolicyRef(policyRefOf(p))));

  // the Works of each template of the migration.
  const byTemplate = new Map<string, FoundWork[]>();
  let count = 0;
  for (const w of readWorks(works, file)) {
    let ours = false;
    for (const { id, manifest } of w.manifests) {
      if (!wanted.has(id)) continue;
      ours = true;
      // the claim annotations the manifest inherits from its template, else the Work's own.
      const claimant = claimantOf(manifest).claimant ??
        claimantOf({ apiVersion: 'v1', kind: 'Work', metadata: { name: '', annotations: { ...w.annotations } } }).claimant;
      byTemplate.set(id, [...(byTemplate.get(id) ?? []), {
        work: w.work, namespace: w.namespace, suspended: w.suspendDispatching, manifest, ...(claimant ? { claimant } : {}),
      }]);
    }
    if (ours) count++;
  }

  const liveByKey = new Map<string, KubeObject>();
  const scaled = new Set<string>();
  for (const o of live) {
    const k = keyString(keyOf(o));
    if (liveByKey.has(k)) throw new InputError(`the live objects hold ${formatKey(keyOf(o))} twice; give each object once`);
    liveByKey.set(k, o);
    const target = hpaTarget(o);
    if (target) scaled.add(target);
  }

  const claims = simulateClaims(templates.map(t => t.object), policies, { policiesBeforeTemplates: true, matchAnyVersion: true }).templates;
  // the customizations of dist/ (of any migration: each is global for its kind) replace the native retention.
  const retentions = customizationRetentions(tree.values());
  const policyById = new Map(policies.map(p => [formatPolicyRef(policyRefOf(p)), p]));
  const findings: RehearsalFinding[] = [];
  const entries: RehearsedTemplate[] = [];
  templates.forEach((t, i) => {
    const found = byTemplate.get(t.id) ?? [];
    const add = (kind: RehearsalFindingKind, message: string) => findings.push({ kind, object: t.id, message });
    // every Work of it, wherever, must be suspended and claimed by this migration.
    for (const w of found) {
      if (!w.suspended) {
        add('not-suspended', `Work ${w.work} applies it without spec.suspendDispatching: true: Karmada applies it now, the rehearsal leaked` +
          `${w.claimant ? ` (claimed by ${formatPolicyRef(w.claimant)})` : ''}`);
      }
      if (w.claimant && !ownPolicies.has(formatPolicyRef(w.claimant))) {
        add('claimed-by-other', `Work ${w.work} applies it for ${formatPolicyRef(w.claimant)}, not a policy of ${migration}: another policy claims it`);
      }
    }
    const winner = claims[i].winner;
    const policy = winner ? policyById.get(formatPolicyRef(winner)) : undefined;
    const clusters = policy ? placementClusters((policy.spec as { placement?: unknown } | undefined)?.placement).possible : undefined;
    if (!winner || !clusters || clusters.size === 0) {
      add('missing-work', winner
        ? `the clusters of ${formatPolicyRef(winner)} are not named in its placement: the rehearsal cannot tell which execution space holds its Work`
        : `no policy of ${migration} claims it: Karmada builds no Work for it in this migration`);
      entries.push({ object: t.id, file: t.file, classes: [] });
      return;
    }
    for (const cluster of [...clusters].sort()) {
      const space = `${EXECUTION_SPACE_PREFIX}${cluster}`;
      const here = found.filter(w => w.namespace === space);
      if (here.length === 0) {
        const elsewhere = found.map(w => `${w.work}${w.claimant ? ` (${formatPolicyRef(w.claimant)})` : ''}`);
        add('missing-work', `no Work applies it in ${space} (cluster ${cluster} of ${formatPolicyRef(winner)}): Karmada has not claimed it, ` +
          `or the Works are of another control plane${elsewhere.length ? `; Works elsewhere: ${elsewhere.join(', ')}` : ''}`);
        entries.push({ object: t.id, file: t.file, cluster, classes: [] });
        continue;
      }
      const w = here[0];
      const liveObject = liveByKey.get(keyString(keyOf(t.object)));
      if (!liveObject) {
        add('no-live-object', `the export of ${cluster} holds no such object: lifting the suspension creates it (nothing is taken over); ` +
          'check the export is of the right cluster and complete');
        entries.push({ object: t.id, file: t.file, cluster, work: w.work, classes: [] });
        continue;
      }
      const scaledByHpa = scaled.has(keyString(keyOf(t.object))) || t.object.metadata.labels?.[RETAIN_REPLICAS_LABEL] === 'true';
      const retention = retentions.get(gvkKey(t.object.apiVersion, t.object.kind));
      if (retention && 'problem' in retention) {
        add('apply-fails', `its Work ${w.work} cannot be compared with the live object: ${retention.problem}`);
        entries.push({ object: t.id, file: t.file, cluster, work: w.work, classes: [] });
        continue;
      }
      let p;
      try {
        p = predictOverwrite(w.manifest, liveObject, { scaledByHpa, ...(retention ? { retention } : {}) });
      } catch (e) {
        add('apply-fails', `its Work ${w.work} cannot be compared with the live object: ${(e as Error).message}`);
        entries.push({ object: t.id, file: t.file, cluster, work: w.work, classes: [] });
        continue;
      }
      for (const c of p.traffic ?? []) add('traffic-change', `lifting the suspension moves traffic: ${c.message}`);
      if (p.suspend) add('suspend-change', `lifting the suspension flips ${p.suspend.message}`);
      if (p.podTemplate) add('pods-restart', `lifting the suspension changes its pod template (${p.podTemplate.paths.join(', ')}): ${p.podTemplate.message}`);
      if (p.replicas) add('replicas-change', `lifting the suspension changes spec.replicas from ${p.replicas.from} to ${p.replicas.to}: ${p.replicas.hint}`);
      for (const f of p.applyFailures ?? []) add('apply-fails', `the member would refuse the PUT of its Work ${w.work}: ${f.path}: ${f.reason}`);
      entries.push({
        object: t.id, file: t.file, cluster, work: w.work, classes: p.classes,
        ...(p.traffic ? { traffic: p.traffic.map(c => ({ path: c.path, message: c.message })) } : {}),
        ...(p.suspend ? { suspend: { from: p.suspend.from, to: p.suspend.to } } : {}),
        ...(p.podTemplate ? { podsRestart: { paths: p.podTemplate.paths, rollout: p.podTemplate.rollout } } : {}),
        ...(p.replicas ? { replicas: { from: p.replicas.from, to: p.replicas.to } } : {}),
        ...(p.applyFailures?.length ? { applyFailures: p.applyFailures.map(f => ({ path: f.path, reason: f.reason })) } : {}),
        ...(p.metadata ? { metadata: { labels: p.metadata.labels, annotations: p.metadata.annotations } } : {}),
        ...(p.dataPaths?.length ? { dataPaths: p.dataPaths } : {}),
        ...(p.specPaths?.length ? { specPaths: p.specPaths } : {}),
      });
    }
  });
  const byObject = (a: { object: string }, b: { object: string }) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0);
  return {
    apiVersion: 'karmada-migrate.io/v1alpha1',
    kind: 'RehearsalReport',
    migration,
    digest: digests.get(migration) ?? templatesDigest([]),
    clean: findings.length === 0,
    works: count,
    templates: entries.sort((a, b) => byObject(a, b) || ((a.cluster ?? '') < (b.cluster ?? '') ? -1 : 1)),
    findings: findings.sort(byObject),
  };
}

// `spec.scaleTargetRef` of a HorizontalPodAutoscaler, as a key string.
function hpaTarget(o: KubeObject): string | undefined {
  if (o.kind !== 'HorizontalPodAutoscaler' || groupOf(o.apiVersion) !== 'autoscaling') return undefined;
  const ref = (o.spec as { scaleTargetRef?: { apiVersion?: unknown; kind?: unknown; name?: unknown } } | undefined)?.scaleTargetRef;
  if (!ref || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  return keyString({ group: typeof ref.apiVersion === 'string' ? groupOf(ref.apiVersion) : '', kind: ref.kind, namespace: o.metadata.namespace, name: ref.name });
}

/** the report as text: each finding, each template that changes, then the verdict. */
export function formatRehearsal(r: RehearsalReport): string {
  const lines: string[] = [];
  for (const f of r.findings) lines.push(`${f.kind.toUpperCase()} ${f.object}: ${f.message}`);
  for (const t of r.templates) {
    if (t.classes.length === 0 || (t.classes.length === 1 && t.classes[0] === 'unchanged')) continue;
    lines.push(`${t.object} (${t.cluster}): ${t.classes.join(', ')}` +
      `${t.metadata ? ` [labels: ${t.metadata.labels.join(', ') || '-'}; annotations: ${t.metadata.annotations.join(', ') || '-'}]` : ''}` +
      `${t.dataPaths ? ` [${t.dataPaths.join(', ')}]` : ''}${t.specPaths ? ` [${t.specPaths.join(', ')}]` : ''}`);
  }
  lines.push(r.clean
    ? `rehearsal of ${r.migration} clean: lifting the suspension moves no traffic, resumes or suspends nothing, restarts no pod, changes no replica count and applies every one of ${r.templates.length} template(s) (${r.works} Work(s); ${r.digest})`
    : `rehearsal of ${r.migration} not clean: ${r.findings.length} finding(s) over ${r.templates.length} template(s) (${r.digest})`);
  return lines.join('\n') + '\n';
}
