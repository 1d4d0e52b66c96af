// The cdk8s validation plugin (declared in cdk8s.yaml): `cdk8s synth` runs it on the
// manifests the app wrote to its staging folder, reports every violation per rule with the
// resource, its manifest and its construct path, and exits 2 on any; only when there is
// none does it publish the validated manifests to dist/, in one step.
import * as fs from 'fs';
import * as path from 'path';
import { LoadedConfig, readConfig, sourcesOf } from '../config/read-config';
import { describeUnexpected, InputError, isInputError } from '../errors';
import { KubeObject } from '../kube/object';
import { KEEP_FILE } from '../output/layout';
import { moveTreeAtomically } from '../output/write-tree';
import { OUTPUT_MARKER } from '../output/output-target';
import { CONSTRUCT_METADATA_FILE, readStagingNote, STAGING_NOTE, StagingNote } from './staging-note';
import {
  CRD_SCHEMA_RULE,
  CRD_SCHEMA_RULE_DESCRIPTION,
  DEFAULT_RULES,
  formatViolation,
  ManifestRule,
  ManifestViolation,
  objectRef,
  validateManifests,
} from '../validation/validate-manifests';

/** The `properties` of the plugin in cdk8s.yaml. */
export interface KarmadaMigrateValidationProps {
  /**
   * the folder to replace with the validated manifests (the committed `dist/`).
   *
   * @default - publish nothing
   */
  readonly publishTo?: string;

  /**
   * the folder the app writes to (cdk8s.yaml `output`). Its manifests are published with
   * their paths relative to it; manifests synthesized elsewhere (`cdk8s synth --output`,
   * `--stdout`) are validated but never published.
   *
   * @default '.cdk8s.out'
   */
  readonly staging?: string;

  /**
   * the member clusters the migrations take over: a policy must place on one of them.
   *
   * @default - the `sourceCluster` of every Migration of `config`
   */
  readonly sourceClusters?: readonly string[];

  /**
   * the migration config the app synthesized, read for its source clusters.
   *
   * @default - `KARMADA_MIGRATE_CONFIG` (as the app, cdk8s-app.ts, reads it), else `migration.yaml` when it exists
   */
  readonly config?: string;

  /**
   * the controllers the Karmada control plane's kube-controller-manager runs, when not
   * Karmada's installers' list (`['*']` if it publishes `kube-root-ca.crt` and `default`
   * ServiceAccounts in every namespace).
   *
   * @default - those Karmada's installers run
   */
  readonly karmadaControllers?: readonly string[];

  /**
   * the rules to check.
   *
   * @default - Karmada's webhook rules (policies and customizations) and the migration rules (DEFAULT_RULES)
   */
  readonly rules?: readonly ManifestRule[];
}

/** A resource of a violation, as the cdk8s CLI's report lists it. */
export interface ViolatingResource {
  readonly resourceName: string;
  readonly locations: readonly string[];
  readonly manifestPath: string;
}

/**
 * What the plugin uses of the cdk8s CLI's `ValidationContext` (cdk8s-cli
 * lib/plugins/validation.d.ts), declared here so that the package's types do not need
 * cdk8s-cli installed; the CLI's context is one.
 */
export interface ValidationPluginContext {
  /** the manifests to validate. */
  readonly manifests: readonly string[];
  /** construct metadata of the app's resources, by resource name. */
  readonly metadata: { readonly [key: string]: unknown };
  /** whether synth writes to standard output. */
  readonly stdout?: boolean;
  readonly report: {
    addViolation(violation: {
      readonly ruleName: string;
      readonly recommendation: string;
      readonly fix: string;
      readonly violatingResources: readonly ViolatingResource[];
    }): void;
    submit(status: 'success' | 'failure', metadata?: { readonly [key: string]: string }): void;
  };
  readonly logger: { log(message: string): void };
  parseManifest(manifestPath: string): unknown[];
}

/** The validation plugin class cdk8s.yaml names (a cdk8s-cli `Validation`). */
export class KarmadaMigrateValidation {
  public constructor(private readonly props: KarmadaMigrateValidationProps = {}) {}

  /**
   * Validates the synthesized manifests; publishes them to `publishTo` when all pass.
   * Submits `failure` (cdk8s synth then exits 2) on any violation.
   */
  public async validate(context: ValidationPluginContext): Promise<void> {
    const fileOf = new Map<KubeObject, string>();
    const manifests: KubeObject[] = [];
    for (const file of context.manifests) {
      for (const doc of context.parseManifest(file) as unknown[]) {
        // `---` at the end of a file makes an empty document.
        if (doc === null || doc === undefined) continue;
        manifests.push(doc as KubeObject);
        fileOf.set(doc as KubeObject, file);
      }
    }
    const rules = this.props.rules ?? DEFAULT_RULES;
    // the app's note, when the manifests are the ones it staged: the config is not read again.
    const note = context.manifests.every(m => !path.relative(this.stagingDir(), path.resolve(m)).startsWith('..')) ? readStagingNote(this.stagingDir()) : undefined;
    // each policy against its own migration's clusters: the note says them by folder, the top folder of a staged file.
    const byMigration = this.props.sourceClusters === undefined ? note?.clustersByMigration : undefined;
    const clustersOf = byMigration && ((m: KubeObject) => {
      const folder = path.relative(this.stagingDir(), path.resolve(fileOf.get(m) ?? '')).split(path.sep)[0];
      return Object.prototype.hasOwnProperty.call(byMigration, folder) ? byMigration[folder] : undefined;
    });
    const violations = validateManifests(manifests, {
      ...(clustersOf ? { clustersOf } : {}),
      sourceClusters: this.props.sourceClusters ?? note?.sourceClusters ?? this.sourceClusters(),
      rules,
      ...(this.props.karmadaControllers ? { karmadaControllers: this.props.karmadaControllers } : {}),
    });
    this.report(context, violations, fileOf, rules);
    if (violations.length > 0) {
      context.report.submit('failure', { violations: String(violations.length) });
      return;
    }
    let published: string | undefined;
    try {
      published = this.publish(context, note);
    } catch (e) {
      // a refused output folder is bad input, not a crash: one message, dist/ untouched, exit 2.
      const message = isInputError(e) ? e.message : describeUnexpected(e);
      context.logger.log(`karmada-migrate: ${message}`);
      context.report.submit('failure', { error: message });
      return;
    }
    context.report.submit('success', published ? { published: published } : {});
  }

  // without the app's note: the config and its inventory paths, which the published folder may never replace.
  private inputs(): string[] {
    const config = this.props.config ?? process.env.KARMADA_MIGRATE_CONFIG ?? 'migration.yaml';
    if (!fs.existsSync(config)) return [];
    const paths = (c: LoadedConfig) => sourcesOf(c.config).flatMap(s => s.inventory.map(p => path.resolve(path.dirname(c.file), p)));
    return [config, ...readConfig(config).flatMap(paths)];
  }

  // without the app's note (another app wrote the manifests): from the config, if any.
  private sourceClusters(): readonly string[] {
    const config = this.props.config ?? process.env.KARMADA_MIGRATE_CONFIG ?? 'migration.yaml';
    // without a config of its own, the default one is optional (an app written in TypeScript).
    if (this.props.config === undefined && process.env.KARMADA_MIGRATE_CONFIG === undefined && !fs.existsSync(config)) return [];
    return readConfig(config).flatMap(c => sourcesOf(c.config).map(s => s.cluster));
  }

  // one cdk8s violation per rule; each location is `path: message`, as Karmada words a denial.
  private report(
    context: ValidationPluginContext,
    violations: readonly ManifestViolation[],
    fileOf: ReadonlyMap<KubeObject, string>,
    rules: readonly ManifestRule[],
  ): void {
    const descriptions = new Map<string, string>([[CRD_SCHEMA_RULE, CRD_SCHEMA_RULE_DESCRIPTION], ...rules.map(r => [r.id, r.description] as const)]);
    const byRule = new Map<string, ManifestViolation[]>();
    for (const v of violations) byRule.set(v.rule, [...(byRule.get(v.rule) ?? []), v]);
    for (const [rule, vs] of byRule) {
      const resources = new Map<KubeObject, ViolatingResource & { locations: string[] }>();
      for (const v of vs) {
        let r = resources.get(v.object);
        if (!r) {
          // names are not unique (a takeover makes a policy of one name per namespace): use the
          // unique key when the app recorded one (MigrationApp does), else the name, as cdk8s-core does.
          const ref = objectRef(v.object);
          const resourceName = Object.hasOwn(context.metadata, ref) ? ref : v.object.metadata.name;
          r = { resourceName, manifestPath: fileOf.get(v.object)!, locations: [] };
          resources.set(v.object, r);
        }
        r.locations.push(`${v.path ?? '(object)'}: ${v.message}`);
        context.logger.log(`${formatViolation(v)} (${r.manifestPath})`);
      }
      context.report.addViolation({
        ruleName: rule,
        recommendation: descriptions.get(rule) ?? rule,
        fix: [...new Set(vs.map(v => v.fix))].join('; '),
        violatingResources: [...resources.values()],
      });
    }
  }

  // moves the staging folder, which holds exactly the validated manifests and the placeholders, to publishTo.
  private publish(context: ValidationPluginContext, note: StagingNote | undefined): string | undefined {
    if (!this.props.publishTo) return undefined;
    const staging = this.stagingDir();
    const target = path.resolve(this.props.publishTo);
    if (context.stdout) {
      context.logger.log(`karmada-migrate: synthesized to standard output; ${this.props.publishTo} left as it is`);
      return undefined;
    }
    const allowed = new Set([CONSTRUCT_METADATA_FILE, STAGING_NOTE, OUTPUT_MARKER]);
    for (const manifest of context.manifests) {
      const rel = path.relative(staging, path.resolve(manifest));
      if (rel.startsWith('..') || path.isAbsolute(rel)) {
        context.logger.log(`karmada-migrate: ${manifest} is not under the staging folder ${staging}; ${this.props.publishTo} left as it is`);
        return undefined;
      }
      allowed.add(rel.split(path.sep).join('/'));
    }
    if (target === staging) return undefined;
    // anything else (but the placeholders the app writes so that every folder a delivery applies
    // exists, see render.ts) was not validated, and is not published.
    const stray = fs.readdirSync(staging, { recursive: true, withFileTypes: true })
      .filter(f => !f.isDirectory() && f.name !== KEEP_FILE)
      .map(f => path.relative(staging, path.join(f.parentPath, f.name)).split(path.sep).join('/'))
      .filter(f => !allowed.has(f));
    if (stray.length > 0) {
      throw new InputError(`the staging folder ${staging} holds ${stray[0]}${stray.length > 1 ? ` and ${stray.length - 1} more` : ''}, ` +
        `which is no manifest the app wrote; ${this.props.publishTo} left as it is: run cdk8s synth again (it empties the folder first)`);
    }
    const entries = [...allowed].filter(f => f.includes('/')).map(f => f.split('/')[0]);
    const guard = note
      ? { protect: note.protect, expectedEntries: note.expectedEntries }
      : { protect: this.inputs(), expectedEntries: [...new Set(entries)] };
    const { warnings } = moveTreeAtomically(target, staging, { ...guard, leaveOut: [CONSTRUCT_METADATA_FILE, STAGING_NOTE] });
    for (const w of warnings) context.logger.log(`karmada-migrate: warning: ${w}`);
    return this.props.publishTo;
  }

  private stagingDir(): string {
    return path.resolve(this.props.staging ?? '.cdk8s.out');
  }
}
