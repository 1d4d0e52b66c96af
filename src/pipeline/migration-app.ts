import * as path from 'path';
import { ApiObject, App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { collectProblems } from './collect-problems';
import { CONSTRUCT_METADATA_FILE } from './staging-note';
import { assertRules, problemsError, RenderedTree, renderUnchecked } from './stages';
import { Migration, VALIDATE_RULES_CONTEXT } from '../constructs/migration';
import { allConstructs, withOneWalk } from '../constructs/tree-walk';
import { OutputTargetOptions } from '../output/output-target';
import { writeTreeAtomically } from '../output/write-tree';
import { setOwn } from '../kube/json';
import { KubeObject } from '../kube/object';
import { objectRef } from '../validation/validate-manifests';

/**
 * Props of a {@link MigrationApp}.
 */
export interface MigrationAppProps {
  /**
   * where the manifests are written. The folder is replaced as a whole, and only when
   * synthesis succeeded.
   *
   * @default - `CDK8S_OUTDIR` when the cdk8s CLI runs the app, else `dist`
   */
  readonly outdir?: string;

  /**
   * check the rendered manifests against the CRD schemas, Karmada's webhook rules and the
   * migration rules, and fail with a ValidationFailedError on any violation. Turn it off
   * when the cdk8s validation plugin runs the same checks after the app.
   *
   * @default true
   */
  readonly validateRules?: boolean;
}

/**
 * A cdk8s App that writes one file per object, in per-migration, per-category,
 * per-namespace folders (`member1/policies/default/...`), and never leaves a partial
 * output: every validation runs first and all problems are reported at once, then
 * the output folder is replaced in one step.
 */
export class MigrationApp extends App {
  /** `validateRules`. */
  public readonly validateRules: boolean;
  private readonly origins = new Map<IConstruct, string>();
  private readonly protectedPaths = new Set<string>();

  public constructor(props: MigrationAppProps = {}) {
    super({ outdir: props.outdir });
    this.validateRules = props.validateRules ?? true;
    // the rules run here, on the rendered files (named in the messages), or in the cdk8s
    // validation plugin: not a second time in each Migration's construct validation.
    this.node.setContext(VALIDATE_RULES_CONTEXT, false);
  }

  /**
   * Adds paths the output may never replace, hold or sit inside: the config file and the
   * inventory paths (see `outputTargetProblem`).
   */
  public protect(paths: readonly string[]): void {
    for (const p of paths) this.protectedPaths.add(path.resolve(p));
  }

  /**
   * Records where a construct was described (a config file and field), so that its
   * problems and those of its children are reported there rather than by construct path.
   */
  public setOrigin(construct: IConstruct, origin: string): void {
    this.origins.set(construct, origin);
  }

  /** where a construct was described (see {@link setOrigin}), if it was recorded. */
  public originOf(construct: IConstruct): string | undefined {
    return this.origins.get(construct);
  }

  /** every problem of the tree; empty when it can be synthesized. */
  public problems(): string[] {
    return collectProblems(this, c => this.originOf(c));
  }

  /** the member cluster of each Migration of the app. */
  public sourceClusters(): string[] {
    return this.migrations().flatMap(m => m.clusters);
  }

  /**
   * the clusters of the migration that wrote each manifest of a rendered tree (undefined for a
   * chart that is no Migration), for the rules that check a policy's placement against its own migration.
   */
  public clustersOf(tree: RenderedTree): (manifest: KubeObject) => readonly string[] | undefined {
    const byChart = new Map(this.migrations().map(m => [m.node.id, m.clusters]));
    return m => {
      const chart = tree.chartOf.get(m);
      return chart === undefined ? undefined : byChart.get(chart);
    };
  }

  /** what an output of this app may never replace (the protected paths) and the folders it holds. */
  public outputGuard(): OutputTargetOptions {
    return { protect: [...this.protectedPaths], expectedEntries: this.allCharts().map(c => c.node.id) };
  }

  // every chart of the tree, in tree order (as the render visits them). Not `App.charts`, which sorts them by
  // their dependencies through a graph of every construct (cdk8s-core src/app.ts): seconds on a big estate.
  private allCharts(): Chart[] {
    return allConstructs(this).filter((c): c is Chart => Chart.isChart(c));
  }

  // the Migrations of the tree, in tree order.
  private migrations(): Migration[] {
    return this.allCharts().filter((c): c is Migration => Migration.isMigration(c));
  }

  /**
   * Validates the whole tree and renders it: relative path => YAML.
   *
   * @throws InputError listing every problem
   * @throws ValidationFailedError listing every rule violation, unless `validateRules` is off
   */
  public render(): Map<string, string> {
    return this.renderChecked().files;
  }

  // validates the tree (a validation may add constructs: cdk8s renders what the validations leave),
  // then renders it with one walk of the finished tree, and the output guard from that walk.
  private renderChecked(): { readonly files: Map<string, string>; readonly guard: OutputTargetOptions } {
    const problems = withOneWalk(this, () => this.problems());
    if (problems.length > 0) throw problemsError(problems);
    return withOneWalk(this, () => {
      const tree = renderUnchecked(this, c => this.originOf(c));
      if (this.validateRules) assertRules(tree.manifests, this.sourceClusters(), this.clustersOf(tree));
      return { files: new Map(tree.files), guard: this.outputGuard() };
    });
  }

  /** validates, renders and replaces `outdir` as a whole. */
  public override synth(): void {
    this.synthFiles();
  }

  /** {@link synth}, returning the files written (relative path => YAML). */
  public synthFiles(): Map<string, string> {
    const { files, guard } = this.renderChecked();
    const out = new Map(files);
    // under `cdk8s synth` with validation plugins, they read construct paths from this file (cdk8s-core app.ts).
    if (process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true') out.set(CONSTRUCT_METADATA_FILE, this.constructMetadata());
    for (const w of writeTreeAtomically(this.outdir, out, guard).warnings) process.stderr.write(`karmada-migrate: warning: ${w}\n`);
    return files;
  }

  /**
   * The construct metadata the cdk8s CLI's validation plugins read (`construct-metadata.json`,
   * cdk8s-core app.ts): the construct path of each object, by name and by `Kind namespace/name`.
   */
  public constructMetadata(): string {
    const resources: Record<string, { path: string }> = {};
    for (const c of this.node.findAll()) {
      // an RBAC name may be `__proto__`: every key is set as an own property.
      if (c instanceof ApiObject) for (const key of [c.name, objectRef(c)]) setOwn(resources, key, { path: c.node.path });
    }
    return JSON.stringify({ version: '1.0.0', resources }, null, 2) + '\n';
  }
}
