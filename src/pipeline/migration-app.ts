import * as path from 'path';
import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { collectProblems } from './collect-problems';
import { renderManifests } from './render';
import { writeTreeAtomically } from './write-tree';
import { Migration } from '../constructs/migration';
import { InputError, ValidationFailedError } from '../errors';
import { KubeObject } from '../kube/object';
import { formatViolation, objectRef, validateManifests } from '../validation/validate-manifests';

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
   * a second folder to replace with the same files, atomically (the committed `dist/`
   * when the cdk8s CLI writes to a staging folder, see cdk8s.yaml).
   *
   * @default - none
   */
  readonly publishDir?: string;

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
  /** `publishDir`. */
  public readonly publishDir?: string;
  /** `validateRules`. */
  public readonly validateRules: boolean;
  private readonly origins = new Map<IConstruct, string>();
  private readonly protectedPaths: string[] = [];

  public constructor(props: MigrationAppProps = {}) {
    super({ outdir: props.outdir });
    this.publishDir = props.publishDir;
    this.validateRules = props.validateRules ?? true;
  }

  /**
   * Adds paths the output may never replace, hold or sit inside: the config file and the
   * inventory paths (see `outputTargetProblem`).
   */
  public protect(paths: readonly string[]): void {
    this.protectedPaths.push(...paths);
  }

  /**
   * Records where a construct was described (a config file and field), so that its
   * problems and those of its children are reported there rather than by construct path.
   */
  public setOrigin(construct: IConstruct, origin: string): void {
    this.origins.set(construct, origin);
  }

  /** every problem of the tree; empty when it can be synthesized. */
  public problems(): string[] {
    return collectProblems(this, c => this.origins.get(c));
  }

  /**
   * Validates the whole tree and renders it: relative path => YAML.
   *
   * @throws InputError listing every problem
   */
  public render(): Map<string, string> {
    const problems = this.problems();
    if (problems.length > 0) {
      throw new InputError(`the migration is not valid (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  ${problems.join('\n  ')}`);
    }
    const manifests: KubeObject[] = [];
    const files = renderManifests(this, m => manifests.push(m));
    if (this.validateRules) {
      const sourceClusters = this.charts.filter(c => Migration.isMigration(c)).map(c => (c as Migration).sourceCluster);
      const violations = validateManifests(manifests, { sourceClusters });
      if (violations.length > 0) {
        throw new ValidationFailedError(`${violations.length} violation${violations.length > 1 ? 's' : ''} of Karmada's or the migration's rules:\n  ` +
          violations.map(formatViolation).join('\n  '));
      }
    }
    return files;
  }

  /** validates, renders and writes `outdir` (and `publishDir`), each replaced as a whole. */
  public override synth(): void {
    this.synthFiles();
  }

  /** {@link synth}, returning the files written (relative path => YAML). */
  public synthFiles(): Map<string, string> {
    const files = this.render();
    this.write(files);
    return files;
  }

  /** writes rendered files to `outdir` (and `publishDir`), each replaced as a whole. */
  public write(files: ReadonlyMap<string, string>): void {
    const out = new Map(files);
    // validation plugins of the cdk8s CLI read construct paths from this file (cdk8s-core app.ts).
    if (process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true') out.set('construct-metadata.json', this.constructMetadata());
    const guard = { protect: this.protectedPaths, expectedEntries: this.charts.map(c => c.node.id) };
    writeTreeAtomically(this.outdir, out, guard);
    if (this.publishDir && path.resolve(this.publishDir) !== path.resolve(this.outdir)) {
      writeTreeAtomically(this.publishDir, files, guard);
    }
  }

  private constructMetadata(): string {
    const resources: Record<string, { path: string }> = {};
    for (const c of this.node.findAll()) {
      if (c instanceof ApiObject) resources[c.name] = resources[objectRef(c)] = { path: c.node.path };
    }
    return JSON.stringify({ version: '1.0.0', resources }, null, 2) + '\n';
  }
}
