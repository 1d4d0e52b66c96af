import * as path from 'path';
import * as yaml from 'js-yaml';
import { planHandover } from './handover';
import { liveClustersProblem, PlanInput, PlanMigrationInput } from './plan';
import { parseMigrationPhase } from '../constructs/migration-phase';
import { InputError, malformedYaml } from '../errors';
import { ExcludeEntry, matchExclusions } from '../inventory/exclude';
import { Inventory } from '../inventory/inventory';
import { readInventory } from '../inventory/read';
import { compareKeys, keyString, KubeObject, ObjectKey } from '../kube/object';
import { Synthesis } from '../pipeline/synthesis';
import { readTextFile, STDIN } from '../text-file';
import { formatViolation } from '../validation/validate-manifests';

/** Options of {@link loadPlanInput}. */
export interface LoadPlanInputOptions {
  /** the migration config (`migration.yaml`); inventory paths in it are relative to it. */
  readonly config: string;

  /**
   * exports of the live member cluster(s) (files, directories or `-`), relative to the
   * current directory; `CLUSTER=PATH` names the cluster an export comes from (the only form for
   * a migration of several clusters; not mixed with unnamed ones).
   *
   * @default - none: no Overwrite prediction
   */
  readonly live?: readonly string[];

  /**
   * the manifest of the old pipeline's Argo CD Application, for the handover.
   *
   * @default - no handover step
   */
  readonly handoverFrom?: string;
}

/** What {@link loadPlanInput} read: the plan's input, and where from. */
export interface LoadedPlanInput extends PlanInput {
  /**
   * the files and folders read (the config, its inventory paths, the live exports, the old
   * pipeline's manifest; not standard input), resolved: a plan written to a file must replace
   * none of them.
   */
  readonly inputs: readonly string[];
}

/**
 * Reads everything {@link buildPlan} needs: builds the config's migrations as
 * `karmada-migrate synth` does (same constructs, same inventory) and renders `dist/`
 * without writing it; construct problems and rule violations are collected for the plan
 * instead of failing, so that a plan can show what is wrong. Reads the live exports and
 * plans the handover from the old Application.
 *
 * @throws InputError naming the file (and field) of a config, inventory, export or
 * Application that cannot be read
 */
export function loadPlanInput(options: LoadPlanInputOptions): LoadedPlanInput {
  const synthesis = Synthesis.run({ config: options.config });
  const migrations: PlanMigrationInput[] = synthesis.migrations.map(({ loaded: { config }, inventory, inventories, migration }) => ({
    name: config.metadata.name,
    ...(migration.clusters.length > 1 ? { clusters: migration.clusters, inventories } : { sourceCluster: migration.clusters[0] }),
    rollback: config.spec.rollback ?? false,
    phase: parseMigrationPhase(config.spec.phase),
    inventory,
    ...(config.spec.crdsPresent ? { crdsPresent: config.spec.crdsPresent } : {}),
    ...(migration.retentionSpecs.length ? { retentions: migration.retentionSpecs } : {}),
    ...excludedOf(config.spec.exclude, inventories),
  }));
  // a tree with problems is rendered as far as it goes: the plan shows them with the rest.
  const { files } = synthesis.renderDespiteProblems();
  const problems = [...synthesis.problems(), ...synthesis.violations().map(formatViolation)];
  const sourceClusters = synthesis.sourceClusters;

  const dist = new Map<string, KubeObject>();
  for (const [file, text] of files) {
    // what dist/ holds, read back as `check` reads it: the plan describes the files, not the constructs.
    if (file.endsWith('.yaml')) dist.set(file, yaml.load(text) as KubeObject);
  }

  const live = parseLiveArguments(options.live ?? []);
  // refused before any export is read.
  const problem = options.live
    ? liveClustersProblem(migrations, live.unlabelled.length > 0, live.labelled.size ? [...live.labelled.keys()] : undefined)
    : undefined;
  if (problem) throw new InputError(problem);
  const livePaths = [...live.unlabelled, ...[...live.labelled.values()].flat()];
  const read = [...(synthesis.app.outputGuard().protect ?? []), ...livePaths, ...(options.handoverFrom ? [options.handoverFrom] : [])];
  return {
    inputs: [...new Set(read.filter(f => f !== STDIN).map(f => path.resolve(f)))],
    migrations,
    dist,
    ...(live.unlabelled.length ? { live: readInventory(live.unlabelled).map(o => o.object) } : {}),
    ...(live.labelled.size
      ? { liveByCluster: new Map([...live.labelled].map(([cluster, paths]) => [cluster, readInventory(paths).map(o => o.object)])) }
      : {}),
    problems,
    ...(options.handoverFrom
      ? { handover: planHandover(readApplication(options.handoverFrom), { file: options.handoverFrom, sourceClusters }) }
      : {}),
  };
}

// the objects of the inventories the config's exclude list leaves out, as build-migration.ts matches them.
function excludedOf(entries: readonly ExcludeEntry[] | undefined, inventories: ReadonlyMap<string, Inventory>): Pick<PlanMigrationInput, 'excluded'> {
  if (!entries?.length) return {};
  const exclusions = matchExclusions(entries, [...inventories.values()].flatMap(inv => inv.templates.map(t => t.key)), 'spec.exclude');
  const excluded = new Map<string, { key: ObjectKey; reason: string }>();
  for (const inv of inventories.values()) {
    for (const t of inv.templates) {
      const reason = exclusions.reasonOf(t.key);
      if (reason !== undefined && !excluded.has(keyString(t.key))) excluded.set(keyString(t.key), { key: t.key, reason });
    }
  }
  return excluded.size ? { excluded: [...excluded.values()].sort((a, b) => compareKeys(a.key, b.key)) } : {};
}

/** The `--live` arguments, split by {@link parseLiveArguments}. */
export interface LiveArguments {
  /** the exports that name their cluster (`CLUSTER=PATH`): cluster => paths, in the order given. */
  readonly labelled: ReadonlyMap<string, readonly string[]>;
  /** the exports that do not (`PATH`), in the order given. */
  readonly unlabelled: readonly string[];
}

// a cluster name as Karmada registers it (a DNS subdomain), then `=` and a path.
const LABELLED_LIVE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)=(.*)$/s;

/**
 * Splits `--live` arguments into the exports that name their cluster (`CLUSTER=PATH`, by
 * cluster, in the order given) and those that do not (`PATH`). A path that itself holds `=` after
 * a name of that form is given as `./NAME=...`.
 *
 * @throws InputError for `CLUSTER=` without a path
 */
export function parseLiveArguments(args: readonly string[]): LiveArguments {
  const labelled = new Map<string, string[]>();
  const unlabelled: string[] = [];
  for (const arg of args) {
    const m = LABELLED_LIVE.exec(arg);
    if (!m) {
      unlabelled.push(arg);
      continue;
    }
    const [, cluster, , , , file] = m;
    if (file === '') throw new InputError(`--live ${arg} names cluster '${cluster}' and no file: give its export, --live ${cluster}=PATH`);
    labelled.set(cluster, [...(labelled.get(cluster) ?? []), file]);
  }
  return { labelled, unlabelled };
}

// one Application per file (or `-`): a single document, or a List of one item; one object is far below the reader's limit.
function readApplication(file: string): unknown {
  const text = readTextFile(file, { what: 'the Application', raise: 'give the one object of the old pipeline (kubectl get ... NAME -o yaml)' });
  let docs: unknown[];
  try {
    docs = yaml.loadAll(text).filter(d => d !== null && d !== undefined);
  } catch (e) {
    throw malformedYaml(e, text, { file });
  }
  if (docs.length === 1) {
    const doc = docs[0] as { kind?: unknown; items?: unknown };
    if (doc && typeof doc === 'object' && typeof doc.kind === 'string' && doc.kind.endsWith('List') && Array.isArray(doc.items)) docs = doc.items;
  }
  if (docs.length !== 1) {
    throw new InputError(`holds ${docs.length} objects; give the one object of the old pipeline (an Argo CD Application, a Flux Kustomization or HelmRelease: kubectl -n argocd get application NAME -o yaml)`, { file });
  }
  return docs[0];
}
