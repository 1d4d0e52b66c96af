// The synth pipeline, assembled in this one place: read the config → read each inventory →
// build the constructs → check the tree → render → check Karmada's and the migration's rules →
// publish. Every entry point runs it: `karmada-migrate synth`, the app `cdk8s synth` runs
// (cdk8s-app.ts) and its validation plugin (cdk8s-plugin.ts), `plan` and `check --config`;
// each stage runs at most once per run.
import { IConstruct } from 'constructs';
import { buildMigration, loadInventories } from './build-migration';
import { MigrationApp } from './migration-app';
import { problemsError, RenderedTree, renderUnchecked, violationsError } from './stages';
import { LoadedConfig, readConfig } from '../config/read-config';
import { Migration } from '../constructs/migration';
import { withOneWalk } from '../constructs/tree-walk';
import { Inventory } from '../inventory/inventory';
import { collectAfterRead } from '../runtime/collect-after-read';
import { DELIVERY_FOLDER } from '../output/layout';
import { writeTreeAtomically, WriteTreeResult } from '../output/write-tree';
import { ManifestViolation, validateManifests } from '../validation/validate-manifests';

/** Options of {@link Synthesis.run}. */
export interface SynthesisOptions {
  /** the migration config (`migration.yaml`); inventory paths in it are relative to it. */
  readonly config: string;

  /**
   * told what each stage did, for progress on big estates.
   *
   * @default - silent
   */
  readonly progress?: (message: string) => void;
}

/** One Migration document of the config, with what the pipeline made of it. */
export interface SynthesizedMigration {
  /** the document, validated, with a way back to its lines. */
  readonly loaded: LoadedConfig;
  /** its inventory, read once (with `sources`, the first cluster's; every cluster's in `inventories`). */
  readonly inventory: Inventory;
  /** the inventory of each of its clusters, in the config's order. */
  readonly inventories: ReadonlyMap<string, Inventory>;
  /** the construct built from it. */
  readonly migration: Migration;
}

/**
 * One run of the pipeline on a config file. The config and each inventory are read once,
 * the constructs built once; rendering and the rules run on first use, once.
 */
export class Synthesis {
  /**
   * Reads the config and its inventories and builds the constructs.
   *
   * @throws InputError naming the file and field at fault (a config, an inventory, a construct's props)
   */
  public static run(options: SynthesisOptions): Synthesis {
    return new Synthesis(options);
  }

  /** the cdk8s app the migrations are built into. */
  public readonly app: MigrationApp;
  /** every Migration document of the config, in the config's order. */
  public readonly migrations: readonly SynthesizedMigration[];

  private readonly progress: (message: string) => void;
  private treeProblems?: readonly string[];
  private tree?: RenderedTree;
  private checked?: readonly ManifestViolation[];
  private finishedWalk?: readonly IConstruct[];

  private constructor(options: SynthesisOptions) {
    const clock = stopwatch(options.progress);
    this.app = new MigrationApp();
    this.migrations = readConfig(options.config).map(loaded => {
      const inventories = readInventoriesOf(loaded);
      // the estate as read is garbage now; in the processes of the CLI and of `cdk8s synth`, V8 is told so (runtime/collect-after-read.ts).
      collectAfterRead([...inventories.values()].reduce((n, i) => n + i.templates.length + i.dropped.length, 0));
      const inventory = inventories.values().next().value as Inventory;
      return { loaded, inventory, inventories, migration: buildMigration(this.app, loaded, inventories) };
    });
    const templates = this.migrations.reduce((n, m) => n + m.migration.resourceTemplates.length, 0);
    clock.start(templates >= PROGRESS_THRESHOLD);
    clock.step(`read the inventory and built ${templates} templates`);
    this.progress = clock.step;
  }

  /** the member cluster of each migration. */
  public get sourceClusters(): string[] {
    return this.app.sourceClusters();
  }

  /** the problems of the construct tree, each naming its config field; empty when it renders. */
  public problems(): readonly string[] {
    // one walk of the tree for every construct's validations and the checks across migrations.
    this.treeProblems ??= withOneWalk(this.app, () => this.app.problems());
    return this.treeProblems;
  }

  /**
   * The rendered tree.
   *
   * @throws InputError listing every problem of the construct tree
   */
  public render(): RenderedTree {
    const problems = this.problems();
    if (problems.length > 0) throw problemsError(problems);
    return this.renderDespiteProblems();
  }

  /**
   * The tree rendered even when it has problems, for a report that shows them (`plan`).
   *
   * @throws InputError listing the problems, when they keep the tree from rendering at all
   */
  public renderDespiteProblems(): RenderedTree {
    if (!this.tree) {
      try {
        this.tree = this.withFinishedWalk(() => renderUnchecked(this.app, c => this.app.originOf(c)));
      } catch (e) {
        const problems = this.problems();
        if (problems.length === 0) throw e;
        throw problemsError(problems);
      }
      this.progress(`rendered ${this.tree.files.size} files`);
    }
    return this.tree;
  }

  /** the violations of Karmada's and the migration's rules by the rendered manifests. */
  public violations(): readonly ManifestViolation[] {
    if (!this.checked) {
      const tree = this.renderDespiteProblems();
      this.checked = this.withFinishedWalk(() =>
        validateManifests(tree.manifests, { sourceClusters: this.sourceClusters, clustersOf: this.app.clustersOf(tree) }));
      this.progress(`checked the rules (${this.checked.length} violation${this.checked.length === 1 ? '' : 's'})`);
    }
    return this.checked;
  }

  /**
   * The rendered tree, when it breaks no rule.
   *
   * @throws InputError listing the problems of the construct tree
   * @throws ValidationFailedError listing every rule violation
   */
  public validated(): RenderedTree {
    const tree = this.render();
    const violations = this.violations();
    if (violations.length > 0) throw violationsError(violations);
    return tree;
  }

  // runs fn with the walk of the tree its validations left (they may add constructs, and cdk8s
  // renders what they leave): one walk for the render and the rules.
  private withFinishedWalk<T>(fn: () => T): T {
    this.problems();
    return withOneWalk(this.app, fn, this.finishedWalk ??= this.app.node.findAll());
  }

  /**
   * Replaces `outdir` with `files` as a whole (see `writeTreeAtomically`), under the guard of
   * the config's inputs.
   */
  public publish(outdir: string, files: ReadonlyMap<string, string>): WriteTreeResult {
    const result = writeTreeAtomically(outdir, files, this.app.outputGuard());
    this.progress(`wrote ${outdir}`);
    return result;
  }
}

/** Options of {@link synthesizeConfig}. */
export interface SynthesizeConfigOptions extends SynthesisOptions {
  /** the folder to write; replaced as a whole, only on success. */
  readonly outdir: string;
}

/** What {@link synthesizeConfig} wrote. */
export interface SynthesizeConfigResult {
  /** the files written, relative to `outdir`, sorted. */
  readonly files: readonly string[];
  /** how many manifests of each category (`policies`, `templates`, `namespaces`, `delivery`). */
  readonly counts: Readonly<Record<string, number>>;
  /** leftovers the write could not remove (the output was written). */
  readonly warnings: readonly string[];
}

/**
 * The whole pipeline on a config file: what `karmada-migrate synth` and `cdk8s synth` do.
 * Nothing is written when the config, an inventory, the construct tree or a rule has a problem.
 *
 * @throws InputError naming the file and field at fault
 * @throws ValidationFailedError listing every rule violation
 */
export function synthesizeConfig(options: SynthesizeConfigOptions): SynthesizeConfigResult {
  const synthesis = Synthesis.run(options);
  const { files } = synthesis.validated();
  const { warnings } = synthesis.publish(options.outdir, files);
  return { files: [...files.keys()], counts: countByCategory(files.keys()), warnings };
}

/** the number of templates from which {@link Synthesis} reports progress. */
export const PROGRESS_THRESHOLD = 2000;

/** A progress reporter for a terminal: writes to stderr, and only when it is a TTY. */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): (message: string) => void {
  return message => {
    if (stream.isTTY) stream.write(`karmada-migrate: ${message}\n`);
  };
}

/**
 * how many manifests of each category a tree holds: `namespaces`, `policies`, `customizations`
 * and `templates` (`<migration>/<category>/...`; the ResourceInterpreterCustomizations, written
 * beside the policies, count as `customizations`) and `delivery` (`_delivery/<migration>/...`), in
 * that order.
 */
export function countByCategory(files: Iterable<string>): Record<string, number> {
  const found: Record<string, number> = {};
  for (const f of files) {
    if (!f.endsWith('.yaml')) continue;
    const [first, second] = f.split('/');
    const customization = second === 'policies' && f.slice(f.lastIndexOf('/') + 1).startsWith('ResourceInterpreterCustomization.');
    const category = first === DELIVERY_FOLDER ? 'delivery' : customization ? 'customizations' : second;
    found[category] = (found[category] ?? 0) + 1;
  }
  const order = ['namespaces', 'policies', 'customizations', 'templates', 'delivery'];
  const counts: Record<string, number> = {};
  for (const k of [...order, ...Object.keys(found).filter(c => !order.includes(c)).sort()]) if (found[k]) counts[k] = found[k];
  return counts;
}

// the inventories of one Migration document, their errors named as the config field (spec.inventory, spec.sources[i].inventory).
function readInventoriesOf(loaded: LoadedConfig): Map<string, Inventory> {
  return loadInventories(loaded);
}

// times the stages; reports only once started on an estate big enough for the wait to be noticed.
function stopwatch(progress?: (message: string) => void): { start(big: boolean): void; step(message: string): void } {
  let t = Date.now();
  let big = false;
  return {
    start: b => {
      big = b;
    },
    step: message => {
      if (big) progress?.(`${message} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
      t = Date.now();
    },
  };
}
