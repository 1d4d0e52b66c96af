import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { PolicyBase } from './_policy-base';
import { ClusterPropagationPolicy } from './cluster-propagation-policy';
import { ClusterOverridePolicy } from './cluster-override-policy';
import { OverridePolicy } from './override-policy';
import { clusterSetSuffix, ConflictResolution, POLICY_SYNC_WAVE, ReplicaScheduling, SYNC_WAVE_ANNOTATION } from './policy-options';
import { ResourceInterpreterCustomization } from './resource-interpreter-customization';
import { ResourceTemplate } from './resource-template';
import { MigrationPhase } from './migration-phase';
import { allConstructs } from './tree-walk';
import { formatSourceLine, SourceLocation } from '../errors';
import { SecretPolicy, secretDataProblems } from '../inventory/secrets';
import { ConsolidatedObject, Consolidation, overridePolicyName, overridePolicyOf, RefusedObject } from '../inventory/consolidate';
import { compareStrings } from '../kube/json';
import { compareKeys, formatGroupKind, formatKey, groupOf, KubeObject, keyOf, keyString, ObjectKey } from '../kube/object';
import { BUILTIN_KINDS } from '../kube/kinds';
import { closest, didYouMean } from '../kube/suggest';
import { crdPreferredVersions, PREFERRED_VERSIONS, preferredApiVersion } from '../kube/api-versions';
import { formatPolicyRef, PolicyRef, simulateClaims } from '../karmada/claims';
import { isNeverPropagated } from '../karmada/namespaces';
import { isSuspended } from '../karmada/suspension';
import { gvkKey, parseRetainedField, RetainEntry, retainEntryProblems, RetentionSpec } from '../karmada/retention';
import { generateRetentionScript } from '../karmada/retention-lua';
import { isDns1123Label } from '../kube/object-names';
import { objectFileName } from '../output/layout';
import { formatViolation, validateManifests } from '../validation/validate-manifests';

export { MigrationPhase, parseMigrationPhase } from './migration-phase';

/** an object the migration may take over, with where it was read from. */
export interface MigrationObject {
  /** the cleaned object. */
  readonly object: KubeObject;
  /** where it was read from. @default - not from a file */
  readonly source?: SourceLocation;
}

/** an object the inventory left out (`Inventory.dropped`), and why. */
export interface LeftOutObject {
  readonly key: ObjectKey;
  /** why it is no template, in words for the user. */
  readonly reason: string;
  /** where it was read from. @default - not from a file */
  readonly source?: SourceLocation;
  /**
   * the user left it out by name (an exclude list), rather than a rule: a dependency on it is no
   * problem, the member keeps it as it is.
   *
   * @default false
   */
  readonly excluded?: boolean;
}

/**
 * Props of a {@link Migration}.
 */
export interface MigrationProps {
  /**
   * the member cluster whose live objects are taken over, as registered in Karmada:
   * every policy's `placement.clusterAffinity.clusterNames`. Required unless `fleet` is given.
   *
   * @default - the clusters of `fleet`
   */
  readonly sourceCluster?: string;

  /**
   * several member clusters: the objects (`objects`) are the templates of
   * `consolidateFleet`, each placed on exactly the clusters that have it, with an OverridePolicy
   * (a ClusterOverridePolicy when cluster-scoped) for the clusters whose copy differs, written when
   * a takeover selects the template. Not with `sourceCluster`.
   *
   * @default - one cluster, `sourceCluster`
   */
  readonly fleet?: MigrationFleet;

  /**
   * the objects takeovers may select (usually `Inventory.load(...).templates`): only
   * the selected ones become resource templates.
   *
   * @default - none
   */
  readonly objects?: readonly MigrationObject[];

  /**
   * the objects the inventory left out (usually `Inventory.dropped`): a takeover that would
   * select one of them says why it cannot (an Ingress of a removed version that cannot be
   * converted, a controller-owned ReplicaSet...). They never become templates.
   *
   * @default - none
   */
  readonly leftOut?: readonly LeftOutObject[];

  /**
   * arms the rollback: every policy gets `preserveResourcesOnDeletion: true`, so that
   * deleting the templates later leaves the member objects in place. A takeover may
   * override it.
   *
   * @default false
   */
  readonly rollback?: boolean;

  /**
   * write a Namespace object for every namespace that holds templates (except
   * `default`, which always exists), labelled so that Karmada does not propagate it and
   * annotated so that Argo CD never prunes or deletes it.
   *
   * @default true
   */
  readonly createNamespaces?: boolean;

  /**
   * what becomes of Secrets: with `Unmanaged`, a template that would write Secret data
   * to `dist/` is a problem, and app takeovers leave Secret dependencies out of their
   * policy. Give the inventory the same policy (`Inventory.load(paths, { secrets })`).
   *
   * @default SecretPolicy.UNMANAGED
   */
  readonly secrets?: SecretPolicy;

  /**
   * the lifecycle phase.
   *
   * @default MigrationPhase.TAKEOVER
   */
  readonly phase?: MigrationPhase;

  /**
   * fields of the member objects Karmada keeps instead of the template's, per kind, for every
   * template of that kind the migration writes (a takeover's `retain` narrows it to its own): one
   * ResourceInterpreterCustomization per kind (see {@link Migration.retainFields}).
   *
   * @default - none
   */
  readonly retain?: readonly RetainEntry[];
}

/** The clusters of a fleet migration and what consolidation made of their objects. */
export interface MigrationFleet {
  /** every member cluster of the fleet. */
  readonly clusters: readonly string[];
  /** `consolidateFleet` of the clusters' cleaned objects. */
  readonly consolidation: Consolidation;
}

/** What a retain entry applies to: the templates of a takeover. */
export interface RetainScope {
  /** the templates selected (read when the app synthesizes). */
  readonly templates: readonly ResourceTemplate[];
  /** the takeover's construct node, for messages. */
  readonly node: { readonly path: string };
}


const MIGRATION_SYMBOL = Symbol.for('karmada-migrate.Migration');

/**
 * The construct context key that turns off the rule check each {@link Migration} runs on its
 * own manifests when the app synthesizes (`app.node.setContext(VALIDATE_RULES_CONTEXT, false)`,
 * before any Migration is added): for an app whose rules run elsewhere, such as `MigrationApp`
 * (which checks the rendered files) or the cdk8s validation plugin.
 */
export const VALIDATE_RULES_CONTEXT = 'karmada-migrate:validateRules';

/**
 * Why `id` cannot name a Migration, or undefined when it can. The id is the migration's folder
 * of dist/, so a DNS label; and it is the id of a child of the app, which the constructs
 * library keeps in a plain object (constructs lib/construct.ts Node.addChild: `_children[id]`),
 * where the names Object.prototype holds are taken: of the DNS labels, `constructor`.
 */
export function migrationIdProblem(id: string): string | undefined {
  if (!isDns1123Label(id)) return "must be a DNS label (at most 63 lowercase letters, digits and '-'): it names the migration's folder of dist/";
  if (id in Object.prototype) {
    return `cannot name a migration: the cdk8s construct tree keeps its children by name in a plain JavaScript object, where '${id}' ` +
      `is already taken (Object.prototype.${id}); choose another name, such as '${id}-1'`;
  }
  return undefined;
}

/** the label (or annotation) that keeps Flux's kustomize-controller from ever deleting an object. */
export const FLUX_PRUNE_LABEL = 'kustomize.toolkit.fluxcd.io/prune';

/** the sync wave of CustomResourceDefinition templates: before the policies and every template. */
export const CRD_SYNC_WAVE = String(Number(POLICY_SYNC_WAVE) - 1);

/**
 * The replica scheduling of a policy placing templates on several clusters, written out: every
 * cluster keeps the template's replicas (and its override's), never a share (an absent field means
 * the same; `{}` would mean Divided).
 */
export const DUPLICATED: ReplicaScheduling = { replicaSchedulingType: 'Duplicated' };

/** the label that keeps Karmada's namespace controller from propagating a Namespace. */
export const SKIP_AUTO_PROPAGATION_LABEL = 'namespace.karmada.io/skip-auto-propagation';

/**
 * A migration of one member cluster under Karmada: the chart that holds the resource
 * templates, the takeovers ({@link KindTakeover}, {@link AppTakeover}) and the
 * rollback flag.
 *
 * @example
 * const migration = new Migration(app, 'member1', {
 *   sourceCluster: 'member1',
 *   objects: Inventory.load(['inventory/member1.yaml']).templates,
 * });
 * new KindTakeover(migration, 'deployments-pp', { apiVersion: 'apps/v1', kind: 'Deployment' });
 */
export class Migration extends Chart {
  /**
   * true when `x` is a Migration. (`instanceof` cannot tell: cdk8s' Chart answers it for
   * every chart, to survive duplicate copies of the package; this does the same.)
   */
  public static isMigration(x: unknown): x is Migration {
    return x !== null && typeof x === 'object' && MIGRATION_SYMBOL in x;
  }

  /** returns the Migration a construct belongs to; throws when there is none. */
  public static override of(construct: IConstruct): Migration {
    const found = construct.node.scopes.slice().reverse().find(c => Migration.isMigration(c));
    if (!found) throw new Error(`'${construct.node.path}' must be created inside a Migration`);
    return found as Migration;
  }

  /** `sourceCluster`; in a fleet, the first of {@link clusters} (each template's placement is {@link placementOf}). */
  public readonly sourceCluster: string;
  /** every member cluster of the migration, sorted: `[sourceCluster]`, or the fleet's. */
  public readonly clusters: readonly string[];
  private readonly fleet?: ReadonlyMap<string, ConsolidatedObject>;
  private readonly refused: readonly RefusedObject[];
  /** fleet templates whose overrides cannot be written (see overrideTemplate). */
  private readonly overrideProblems: string[] = [];
  private readonly overridePolicies = new Map<string, IConstruct>();
  /** `rollback`. */
  public readonly rollback: boolean;
  /** `secrets`. */
  public readonly secrets: SecretPolicy;
  /** `phase`. */
  public readonly phase: MigrationPhase;
  private _mirrorNamespaceFolders = false;
  private _crdVersions?: Map<string, string>;
  /** the CRD policies, by the clusters they place on (one set of clusters each). */
  private readonly crdPolicies = new Map<string, ClusterPropagationPolicy>();
  private readonly objects = new Map<string, MigrationObject>();
  private readonly leftOut: readonly LeftOutObject[];
  private readonly byGroupKind = new Map<string, MigrationObject[]>();
  private readonly templates = new Map<string, ResourceTemplate>();
  private readonly policyOwners = new Map<string, IConstruct>();
  private readonly namespaces = new Set<string>();
  private readonly createNamespaces: boolean;
  private readonly templatesScope: Construct;
  private readonly namespacesScope: Construct;
  private readonly retained = new Map<string, { target: RetainEntry; entries: Array<{ entry: RetainEntry; scope?: RetainScope }>;
    ric: ResourceInterpreterCustomization; }>();
  private readonly phaseNode: Construct;
  private readonly messageNames = new Map<IConstruct, string>();

  public constructor(scope: Construct, id: string, props: MigrationProps) {
    // the id names the migration's folder of dist/ (checked before the construct library sees it).
    const idProblem = migrationIdProblem(id);
    if (idProblem) throw new Error(`Migration id ${JSON.stringify(id)} ${idProblem}`);
    super(scope, id, { disableResourceNameHashes: true });
    Object.defineProperty(this, MIGRATION_SYMBOL, { value: true });
    if ((props.sourceCluster === undefined) === (props.fleet === undefined)) {
      throw new Error("Migration needs exactly one of 'sourceCluster' (one cluster) and 'fleet' (several clusters, from consolidateFleet)");
    }
    const clusters = props.fleet ? [...props.fleet.clusters].sort(compareStrings) : [props.sourceCluster!];
    for (const c of clusters) {
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(c)) {
        throw new Error(`Migration '${props.fleet ? 'fleet.clusters' : 'sourceCluster'}' (${JSON.stringify(c)}) must be a cluster name as registered in Karmada (a DNS subdomain)`);
      }
    }
    if (clusters.length === 0) throw new Error("Migration 'fleet.clusters' is empty: name the member clusters");
    this.clusters = clusters;
    this.sourceCluster = clusters[0];
    this.fleet = props.fleet ? new Map(props.fleet.consolidation.objects.map(o => [keyString(o.key), o])) : undefined;
    this.refused = props.fleet?.consolidation.refused ?? [];
    this.node.addValidation({ validate: () => this.refused.map(r => `${formatKey(r.key)} (clusters ${r.clusters.join(', ')}) cannot be one template: ${r.reason}. ` +
      'Make the copies agree, or leave the object out of the migration: add ' +
      `{kind: ${r.key.kind}, ${r.key.namespace ? `namespace: ${r.key.namespace}, ` : ''}name: ${r.key.name}} to spec.exclude ` +
      `(with apiVersion: ${r.key.group ? `${r.key.group}/...` : 'v1'} to leave out this API group's object only; the member objects stay as they are, outside Karmada)`) });
    this.node.addValidation({ validate: () => [...this.overrideProblems] });
    this.rollback = props.rollback ?? false;
    this.createNamespaces = props.createNamespaces ?? true;
    this.secrets = props.secrets ?? SecretPolicy.UNMANAGED;
    this.phase = props.phase ?? MigrationPhase.TAKEOVER;
    this.phaseNode = new Construct(this, 'Phase');
    this.phaseNode.node.addValidation({ validate: () => this.releaseProblems() });
    this.node.addValidation({ validate: () => this.rehearsalProblems() });
    this.node.addValidation({ validate: () => this.crossMigrationProblems() });
    this.node.addValidation({ validate: () => this.retentionProblems() });
    // no Secret data reaches dist/ unless the user opted in, whatever objects were given.
    this.node.addValidation({ validate: () => secretDataProblems([...this.templates.keys()].map(k => this.objects.get(k)!.object), this.secrets) });
    // under any cdk8s App, synth checks Karmada's and the migration's rules on what the chart writes.
    if (this.node.tryGetContext(VALIDATE_RULES_CONTEXT) !== false) this.node.addValidation({ validate: () => this.ruleViolations() });
    this.leftOut = [...props.leftOut ?? []].sort((a, b) => compareKeys(a.key, b.key));
    this.namespacesScope = new Construct(this, 'Namespaces');
    this.templatesScope = new Construct(this, 'Templates');
    for (const o of props.objects ?? []) {
      const key = keyOf(o.object);
      const k = keyString(key);
      const previous = this.objects.get(k);
      if (previous) {
        throw new Error(`Migration 'objects' holds ${formatKey(key)} twice` +
          `${previous.source ? ` (${previous.source.file} and ${o.source?.file ?? 'code'})` : ''}; keep one`);
      }
      this.objects.set(k, o);
      const gk = `${key.group}/${key.kind}`;
      const list = this.byGroupKind.get(gk) ?? [];
      list.push(o);
      this.byGroupKind.set(gk, list);
    }
    this.retainFields(props.retain ?? []);
  }

  /**
   * Retains fields of the member objects (the member's value wins over the template's, absent
   * included) for the templates of each entry's kind: those of `scope` (a takeover), else every one
   * the migration writes. The migration writes one ResourceInterpreterCustomization per apiVersion
   * and kind (in `policies/_cluster/`, with the policies), whose Lua `retention` script re-implements
   * Karmada's native retention of the kind for every object of it (a customization replaces it on
   * the whole control plane) and keeps the fields for the objects retained here only.
   *
   * @throws Error naming each entry's problem and its fix (a bad path, an unknown kind...)
   */
  public retainFields(entries: readonly RetainEntry[], scope?: RetainScope): void {
    const problems = retainEntryProblems(entries);
    if (problems.length > 0) {
      throw new Error(`retain${scope ? ` of ${scope.node.path}` : ''}: ${problems.map(p => `[${p.path.join('].[')}]: ${p.message}`).join('; ')}`);
    }
    for (const entry of entries) {
      const gvk = gvkKey(entry.apiVersion, entry.kind);
      let r = this.retained.get(gvk);
      if (!r) {
        const group = groupOf(entry.apiVersion);
        const version = entry.apiVersion.slice(entry.apiVersion.indexOf('/') + 1);
        const target = { apiVersion: entry.apiVersion, kind: entry.kind, fields: [] };
        const ric = new ResourceInterpreterCustomization(this, `Retention_${entry.kind}.${group || 'core'}_${version}`, {
          name: `${this.node.id}-retain-${entry.kind.toLowerCase()}-${version}.${group || 'core'}`,
          target,
          retentionLuaScript: () => generateRetentionScript(this.retentionSpec(gvk), this.node.id),
        });
        r = { target, entries: [], ric };
        this.retained.set(gvk, r);
      }
      r.entries.push({ entry, ...(scope ? { scope } : {}) });
    }
  }

  /** what each ResourceInterpreterCustomization of the migration retains, per kind (see `retainedFieldPaths`). */
  public get retentionSpecs(): RetentionSpec[] {
    return [...this.retained.keys()].sort().map(gvk => this.retentionSpec(gvk));
  }

  private retainedTemplates(entry: RetainEntry, scope?: RetainScope): ResourceTemplate[] {
    const group = groupOf(entry.apiVersion);
    return (scope ? [...scope.templates] : this.resourceTemplates).filter(t => t.key.group === group && t.key.kind === entry.kind);
  }

  private retentionSpec(gvk: string): RetentionSpec {
    const r = this.retained.get(gvk)!;
    const fields = new Map<string, { template: ResourceTemplate; fields: Set<string> }>();
    for (const { entry, scope } of r.entries) {
      for (const t of this.retainedTemplates(entry, scope)) {
        const k = keyString(t.key);
        const f = fields.get(k) ?? { template: t, fields: new Set<string>() };
        for (const field of entry.fields) {
          const parsed = parseRetainedField(field);
          if (!('problem' in parsed)) f.fields.add(parsed.canonical);
        }
        fields.set(k, f);
      }
    }
    const objects = [...fields.values()].sort((a, b) => compareKeys(a.template.key, b.template.key))
      .map(({ template, fields: f }) => ({
        ...(template.key.namespace ? { namespace: template.key.namespace } : {}), name: template.key.name, fields: [...f].sort(),
      }));
    return { apiVersion: r.target.apiVersion, kind: r.target.kind, objects };
  }

  // a customization is global for its kind on the Karmada control plane: one that retains nothing
  // of this migration, or targets a version the Works do not hold, is refused.
  private retentionProblems(): string[] {
    const problems: string[] = [];
    for (const [gvk, r] of [...this.retained].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const watched = this.watchedApiVersion(r.target.apiVersion);
      if (watched !== r.target.apiVersion) {
        problems.push(`retain ${r.target.apiVersion} ${r.target.kind}: Karmada's Works hold ${r.target.kind} objects as ${watched} (the version its detector watches), ` +
          `and a ResourceInterpreterCustomization matches the apiVersion exactly: write apiVersion: ${watched}`);
      }
      for (const { entry, scope } of r.entries) {
        if (this.retainedTemplates(entry, scope).length > 0) continue;
        problems.push(`retain ${entry.apiVersion} ${entry.kind}${scope ? ` of ${scope.node.path}` : ''} retains the fields of no object: ` +
          `${scope ? 'the takeover selects' : 'the migration takes over'} no ${entry.kind}. A ResourceInterpreterCustomization acts on every ${entry.kind} of the Karmada ` +
          'control plane, so karmada-migrate writes one only for objects it takes over: remove the entry, or take the kind over');
      }
      try {
        generateRetentionScript(this.retentionSpec(gvk), this.node.id);
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    return problems;
  }

  /**
   * The apiVersion Karmada's detector sees objects of this apiVersion's group in, which a
   * policy selector must name: the group's preferred version in the Karmada API server (for a
   * custom group, from the migration's CustomResourceDefinitions), else the one given.
   */
  public watchedApiVersion(apiVersion: string): string {
    this._crdVersions ??= crdPreferredVersions([...this.objects.values()].map(o => o.object));
    return preferredApiVersion(apiVersion, this._crdVersions);
  }

  /** the objects of a group and kind, in key order (a copy). */
  public objectsOfKind(group: string, kind: string): MigrationObject[] {
    return [...(this.byGroupKind.get(`${group}/${kind}`) ?? [])].sort((a, b) => compareKeys(keyOf(a.object), keyOf(b.object)));
  }

  /**
   * The objects of a kind the inventory left out, in key order, whatever their group (an
   * Ingress of a removed group is left out as `Ingress.extensions`). Namespace and name narrow
   * the search when given.
   */
  public leftOutOfKind(kind: string, namespace?: string, name?: string): readonly LeftOutObject[] {
    const named = (o: LeftOutObject) => name === undefined || (o.key.name === name && (o.key.namespace ?? namespace) === namespace);
    return this.leftOut.filter(o => o.key.kind === kind && named(o));
  }

  /** whether the user excluded this object by name ({@link LeftOutObject.excluded}). */
  public isExcluded(key: ObjectKey): boolean {
    return this.leftOut.some(o => o.excluded === true && keyString(o.key) === keyString(key));
  }

  /**
   * `; the inventory left out <object> (<file:line>): <reason>` for the first of
   * {@link leftOutOfKind}, with how many more there are; `''` when there are none.
   */
  public leftOutNote(kind: string, namespace?: string, name?: string): string {
    const [first, ...more] = this.leftOutOfKind(kind, namespace, name);
    if (!first) return '';
    const where = first.source ? ` (${formatSourceLine(first.source)})` : '';
    const others = more.length ? ` (and ${more.length} more ${kind} object${more.length > 1 ? 's' : ''}: karmada-migrate inventory lists them)` : '';
    return `; the inventory left out ${formatKey(first.key)}${where}: ${first.reason}${others}`;
  }

  /**
   * What the user may have meant by a kind (and an object) the migration does not have, to end
   * a "not found" message with; `''` when nothing is close:
   * - the kind in another API group: `; the migration has Deployment objects in apps/v1: did you mean apiVersion 'apps/v1'?`;
   * - a kind close to it (a typo, the case, a plural) among the migration's kinds, the kinds its
   *   CustomResourceDefinitions define and the built-in kinds: `; did you mean kind 'Deployment'?`;
   * - with a name, when the kind is right: the namespaces the object is in instead, or a name
   *   close to it in the namespace.
   */
  public lookupHint(apiVersion: string, kind: string, namespace?: string, name?: string): string {
    const group = groupOf(apiVersion);
    const sameKind = this.objectsOfKind(group, kind);
    if (sameKind.length === 0) return this.kindHint(group, kind);
    if (name === undefined) return '';
    const elsewhere = [...new Set(sameKind.filter(o => o.object.metadata.name === name && o.object.metadata.namespace !== namespace)
      .map(o => o.object.metadata.namespace ?? ''))];
    if (elsewhere.length > 0) {
      return `; ${formatGroupKind(group, kind)} ${name} exists in namespace${elsewhere.length > 1 ? 's' : ''} ${elsewhere.map(n => `'${n}'`).join(', ')}: ` +
        'an app takes over objects of its own namespace; take it over in an app of that namespace';
    }
    return didYouMean(name, sameKind.filter(o => o.object.metadata.namespace === namespace).map(o => o.object.metadata.name));
  }

  // the kinds the user may have meant, each with an apiVersion: the migration's own, then those
  // of its CRDs, then the built-in ones (in the version the Karmada API server prefers).
  private kindHint(group: string, kind: string): string {
    const own = [...this.byGroupKind.values()].map(list => list[0].object).sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
    const inOtherGroups = [...new Set(own.filter(o => o.kind === kind).map(o => o.apiVersion))];
    if (inOtherGroups.length > 0) {
      return `; the migration has ${kind} objects in ${inOtherGroups.join(', ')}: did you mean apiVersion '${inOtherGroups[0]}'?`;
    }
    const candidates = new Map<string, { apiVersion?: string; held: boolean }>();
    for (const o of own) if (!candidates.has(o.kind)) candidates.set(o.kind, { apiVersion: o.apiVersion, held: true });
    for (const o of this.objects.values()) {
      if (!this.isCustomResourceDefinition(o.object)) continue;
      const spec = o.object.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
      if (typeof spec?.group !== 'string' || typeof spec.names?.kind !== 'string' || candidates.has(spec.names.kind)) continue;
      candidates.set(spec.names.kind, { apiVersion: this.watchedApiVersion(`${spec.group}/v1`), held: false });
    }
    for (const k of BUILTIN_KINDS) {
      const version = PREFERRED_VERSIONS.get(k.group);
      if (!candidates.has(k.kind)) candidates.set(k.kind, { apiVersion: version ? (k.group ? `${k.group}/${version}` : version) : undefined, held: false });
    }
    const found = closest(kind, candidates.keys());
    if (found === undefined) return '';
    const { apiVersion, held } = candidates.get(found)!;
    const version = apiVersion && groupOf(apiVersion) !== group ? ` (apiVersion ${apiVersion})` : '';
    return `; did you mean kind '${found}'${version}?${held ? '' : ' (the migration has no such object either)'}`;
  }

  /** the object with this key, if the migration has it. */
  public findObject(key: ObjectKey): MigrationObject | undefined {
    return this.objects.get(keyString(key));
  }

  /** the resource templates selected so far, in key order. */
  public get resourceTemplates(): ResourceTemplate[] {
    return [...this.templates.values()].sort((a, b) => compareKeys(a.key, b.key));
  }

  /**
   * Selects an object of the migration: it becomes a resource template (once, however
   * many takeovers select it). Called by the takeovers.
   */
  public selectObject(key: ObjectKey): ResourceTemplate {
    const k = keyString(key);
    const existing = this.templates.get(k);
    if (existing) return existing;
    const o = this.objects.get(k);
    if (!o) throw new Error(`${formatKey(key)} is not among the migration's objects`);
    if (key.namespace) this.ensureNamespace(key.namespace);
    const crd = this.isCustomResourceDefinition(o.object);
    // a CRD goes in before the policies and the custom resources it defines (the API server refuses them without it).
    const object = crd ? withAnnotation(o.object, SYNC_WAVE_ANNOTATION, CRD_SYNC_WAVE) : o.object;
    const t = new ResourceTemplate(this.templatesScope, objectFileName(o.object).replace(/\.yaml$/, `@${key.namespace ?? ''}`), {
      object,
      source: o.source,
      released: this.phase === MigrationPhase.RELEASE,
    });
    this.templates.set(k, t);
    this.overrideTemplate(key);
    this.takeOverDefinitionOf(o.object);
    return t;
  }

  /**
   * The clusters a template is placed on: in a fleet, exactly those that have the object; else the source cluster.
   */
  public placementOf(key: ObjectKey): string[] {
    const consolidated = this.fleet?.get(keyString(key));
    return consolidated ? [...consolidated.clusters] : [this.sourceCluster];
  }

  // a fleet's template whose copies differ: the override policy that gives each other cluster its copy
  // (per object: selected by name, one rule per differing cluster; see consolidate.ts).
  private overrideTemplate(key: ObjectKey): void {
    const consolidated = this.fleet?.get(keyString(key));
    if (!consolidated) return;
    const manifest = overridePolicyOf(consolidated, overridePolicyName(this.node.id, key));
    if (!manifest) return;
    // Karmada overrides the template as its detector reads it: in the version it watches
    // (pkg/util/overridemanager applies the policies to the binding's copy of the template, read in
    // that version). Overriders computed on the copies of another version would patch fields that
    // are not there, or not the same; only top-level labels and annotations read alike in every version.
    const watched = this.watchedApiVersion(consolidated.template.apiVersion);
    const versionBound = consolidated.overrides.filter(o => Object.keys(o.overriders).some(k => k !== 'labelsOverrider' && k !== 'annotationsOverrider'));
    if (watched !== consolidated.template.apiVersion && versionBound.length > 0) {
      this.overrideProblems.push(`${formatKey(key)} differs between clusters (${versionBound.map(o => o.cluster).join(', ')} beyond labels and annotations), ` +
        `and its copies are written in ${consolidated.template.apiVersion} while Karmada reads and overrides it in ${watched} (the version its detector watches): ` +
        `overrides computed on ${consolidated.template.apiVersion} copies would not apply to the ${watched} object. Export the clusters' copies in ${watched}` +
        `${key.group ? ` (kubectl get ${key.kind.toLowerCase()}.${watched.split('/')[1]}.${key.group} -A -o yaml)` : ''}, or leave the object out (spec.exclude)`);
      return;
    }
    const props = {
      name: manifest.metadata.name,
      resourceSelectors: manifest.spec.resourceSelectors!.map(s => ({
        apiVersion: this.watchedApiVersion(s.apiVersion as string), kind: s.kind as string, name: s.name as string,
      })),
      overrideRules: manifest.spec.overrideRules!.map(r => ({
        targetCluster: { clusterNames: [...(r.targetCluster!.clusterNames as string[])] }, overriders: r.overriders,
      })),
    };
    const id = `Overrides@${objectFileName(consolidated.template).replace(/\.yaml$/, '')}@${key.namespace ?? ''}`;
    this.overridePolicies.set(keyString(key), key.namespace
      ? new OverridePolicy(this, id, { ...props, namespace: key.namespace })
      : new ClusterOverridePolicy(this, id, props));
  }

  // a custom resource whose CustomResourceDefinition the migration holds: the CRD is taken over
  // too, by name, with a ClusterPropagationPolicy of its own (docs/tutorials/crd-application.md:
  // the CRD, then its ClusterPropagationPolicy, before the custom resources and their policy).
  private takeOverDefinitionOf(object: KubeObject): void {
    const group = groupOf(object.apiVersion);
    if (!group || PREFERRED_VERSIONS.has(group) || this.isCustomResourceDefinition(object)) return;
    const definition = [...this.objects.values()].find(c => {
      const spec = c.object.spec as { group?: unknown; names?: { kind?: unknown } } | undefined;
      return this.isCustomResourceDefinition(c.object) && spec?.group === group && spec.names?.kind === object.kind;
    });
    if (!definition) return;
    const crdKey = keyOf(definition.object);
    if (this.templates.has(keyString(crdKey))) return;
    this.selectObject(crdKey);
    const selector = { apiVersion: this.watchedApiVersion(definition.object.apiVersion), kind: 'CustomResourceDefinition', name: definition.object.metadata.name };
    // one policy per set of clusters (in a fleet, a CRD goes exactly where it is installed today);
    // the name carries the set only when the inventory's CRDs run on several sets.
    const clusters = this.placementOf(crdKey);
    const set = clusters.join(',');
    const existing = this.crdPolicies.get(set);
    if (existing) {
      existing.addResourceSelector(selector);
      return;
    }
    const sets = new Set([...this.objects.values()].filter(o => this.isCustomResourceDefinition(o.object)).map(o => this.placementOf(keyOf(o.object)).join(',')));
    const suffix = sets.size > 1 ? `-${clusterSetSuffix(clusters)}` : '';
    const name = `${this.node.id}-crds${suffix}`;
    this.reservePolicyName(undefined, name, this);
    this.crdPolicies.set(set, new ClusterPropagationPolicy(this, `CustomResourceDefinitions${suffix}`, {
      name,
      clusterNames: clusters,
      ...(clusters.length > 1 ? { replicaScheduling: DUPLICATED } : {}),
      conflictResolution: ConflictResolution.OVERWRITE,
      preserveResourcesOnDeletion: this.rollback,
      suspendDispatching: this.suspendDispatching,
      resourceSelectors: [selector],
    }));
  }

  private isCustomResourceDefinition(o: KubeObject): boolean {
    return o.kind === 'CustomResourceDefinition' && groupOf(o.apiVersion) === 'apiextensions.k8s.io';
  }

  /**
   * Reserves a policy name; throws when another takeover already made a policy of that
   * name there. Called by the takeovers.
   *
   * @param namespace the namespace of a PropagationPolicy, undefined for a ClusterPropagationPolicy
   */
  public reservePolicyName(namespace: string | undefined, name: string, owner: IConstruct): void {
    const k = `${namespace ?? ''}/${name}`;
    const other = this.policyOwners.get(k);
    if (other) {
      const what = namespace ? `PropagationPolicy '${name}' in namespace '${namespace}'` : `ClusterPropagationPolicy '${name}'`;
      throw new Error(`${what} is made twice, by ${other.node.path} and ${owner.node.path}; give one of them another 'name'`);
    }
    this.policyOwners.set(k, owner);
    if (namespace) this.ensureNamespace(namespace);
  }

  /**
   * whether every namespace folder exists under both `policies/` and `templates/` in the
   * output (with a `.keep` file where it holds no manifest).
   */
  public get mirrorNamespaceFolders(): boolean {
    return this._mirrorNamespaceFolders;
  }

  /**
   * Asks for {@link mirrorNamespaceFolders}: a delivery that syncs one namespace folder of
   * each tree per Application needs both to exist.
   */
  public requireNamespaceFolders(): void {
    this._mirrorNamespaceFolders = true;
  }

  // the chart's manifests against the CRD schemas, Karmada's webhook and the migration rules,
  // with this migration's clusters (every manifest checked here is its own).
  private ruleViolations(): string[] {
    // one by one, as renderManifests does: Chart.toJson() would validate the app again (cdk8s-core src/chart.ts).
    const manifests = this.node.findAll()
      .filter((c): c is ApiObject => ApiObject.isApiObject(c) && Chart.of(c) === this)
      .map(o => o.toJson() as KubeObject);
    return validateManifests(manifests, { sourceClusters: this.clusters }).map(formatViolation);
  }

  // a rehearsal holds only if every policy of the migration is suspended as written (a policy
  // made by hand, or patched, too): an unsuspended one would take its templates over at once.
  // What leaks from a suspended policy (propagateDeps, Lazy) is the rule migration/suspended-rehearsal's.
  private rehearsalProblems(): string[] {
    if (this.phase !== MigrationPhase.REHEARSE) return [];
    const unsuspended = this.node.findAll().filter((c): c is PolicyBase => c instanceof PolicyBase)
      .filter(p => !isSuspended(p.apiObject.toJson()))
      .map(p => `phase ${MigrationPhase.REHEARSE} suspends dispatching, but policy '${p.name}' (${p.node.path}) does not have ` +
        'spec.suspension.dispatching: true: Karmada would take its templates over at once. Make it with suspendDispatching: true, or remove it from the migration');
    // Argo CD starts a sync wave only once the earlier ones are Healthy, and a suspended template
    // stays Progressing (its binding's aggregated status has no applied Work): a template in a
    // later wave than the others would never reach Karmada, nor its Work be built.
    const lateWaves = this.resourceTemplates.flatMap(t => {
      const wave = this.objects.get(keyString(t.key))?.object.metadata.annotations?.[SYNC_WAVE_ANNOTATION];
      return wave !== undefined && Number(wave) > 0 ? [`phase ${MigrationPhase.REHEARSE}: ${formatKey(t.key)} carries ${SYNC_WAVE_ANNOTATION}: ` +
        `${JSON.stringify(wave)} (from the pipeline that applied it): Argo CD starts a wave only once the earlier ones are Healthy, and the suspended templates of wave 0 ` +
        'stay Progressing, so it would never be applied to Karmada nor rehearsed. Remove the annotation from the inventory object (the member object keeps it)'] : [];
    });
    return [...unsuspended, ...lateWaves];
  }

  /** true in phase Rehearse: the policies the migration makes suspend dispatching. */
  public get suspendDispatching(): boolean {
    return this.phase === MigrationPhase.REHEARSE;
  }

  // releasing templates whose policy does not preserve them deletes the member objects: one
  // problem per takeover (by the name the loader gave it), or per policy made outside one.
  private releaseProblems(): string[] {
    if (this.phase !== MigrationPhase.RELEASE) return [];
    const unpreserved = this.node.findAll().filter((c): c is PolicyBase => c instanceof PolicyBase && !c.preserveResourcesOnDeletion);
    const byOwner = new Map<IConstruct, PolicyBase[]>();
    for (const p of unpreserved) {
      const owner = p.node.scope && p.node.scope !== this && p.node.scope.node.scope === this ? p.node.scope : p;
      byOwner.set(owner, [...byOwner.get(owner) ?? [], p]);
    }
    const fix = 'Karmada would delete the member objects. Arm the rollback first: rollback: true (or preserveResourcesOnDeletion: true on the takeover) ' +
      'in a commit of its own, synced and checked with karmada-migrate verify-rollback; then release';
    return [...byOwner].map(([owner, policies]) => {
      const refs = policies.map(p => formatPolicyRef({ kind: p.apiObject.kind as PolicyRef['kind'], namespace: p.apiObject.metadata.namespace, name: p.name }));
      const what = owner instanceof PolicyBase
        ? `policy ${refs[0]} (${this.messageName(owner)}) does not have preserveResourcesOnDeletion: true`
        : `takeover '${policies[0].name}' (${this.messageName(owner)}) does not preserve them: ${refs.join(', ')} ` +
          `${refs.length > 1 ? 'lack' : 'lacks'} preserveResourcesOnDeletion: true`;
      return `phase ${MigrationPhase.RELEASE} releases the templates, but ${what}; ${fix}`;
    });
  }

  /**
   * The construct that reports the problems of the migration's phase (`Release` while a policy
   * does not preserve): the loader of migration.yaml locates them at `spec.phase`.
   */
  public get phaseScope(): IConstruct {
    return this.phaseNode;
  }

  /**
   * Names a construct of the migration in its messages instead of its construct path: the
   * loader of migration.yaml names each takeover by its field (`spec.takeovers[0]`).
   */
  public nameInMessages(construct: IConstruct, name: string): void {
    this.messageNames.set(construct, name);
  }

  private messageName(construct: IConstruct): string {
    return this.messageNames.get(construct) ?? construct.node.path;
  }

  // Karmada holds one object per identity, and the deliveries of two migrations are not
  // ordered relative to each other: a template written by two migrations, or matched by
  // another migration's policy, has no safe owner (either policy may claim it first, and one
  // migration's rollback would arm or release the other's object).
  private crossMigrationProblems(): string[] {
    const others = allConstructs(this.node.root).filter((c): c is Migration => Migration.isMigration(c) && c !== this);
    if (others.length === 0) return [];
    const problems: string[] = [];
    const mine = [...this.templates.entries()].filter(([, t]) => !t.released);
    for (const other of others) {
      for (const [k, t] of mine) {
        const theirs = other.templates.get(k);
        // reported once, by the migration whose id sorts later.
        if (theirs && !theirs.released && other.node.id < this.node.id) {
          const clusters = [...new Set([...other.clusters, ...this.clusters])].sort();
          const fleet = clusters.length > other.clusters.length && clusters.length > this.clusters.length
            ? `; if it runs in ${clusters.join(', ')}, take those clusters over in one migration with spec.sources (one template placed on each, ` +
              'an OverridePolicy for what differs per cluster)'
            : '';
          problems.push(`${formatKey(t.key)} is written by migration '${other.node.id}' too: Karmada holds one object per identity; ` +
            `keep it in one migration${fleet}`);
        }
      }
    }
    const policies = others.flatMap(o => o.node.findAll().filter((c): c is PolicyBase => c instanceof PolicyBase).map(p => ({ p, owner: o })));
    if (policies.length === 0 || mine.length === 0) return problems;
    const templates = mine.map(([k]) => this.objects.get(k)!.object);
    const report = simulateClaims(templates, policies.map(({ p }) => p.apiObject.toJson()), { policiesBeforeTemplates: true, matchAnyVersion: true });
    report.templates.forEach((claim, i) => {
      for (const c of claim.candidates) {
        const match = policies.find(({ p }) => p.name === c.policy.name && (p.apiObject.metadata.namespace ?? undefined) === c.policy.namespace);
        problems.push(`${formatKey(mine[i][1].key)} is matched by ${formatPolicyRef(c.policy)} of migration '${match?.owner.node.id ?? '?'}': ` +
          'either migration\'s policy may claim it first, and one rollback would arm or release the other\'s object; narrow that policy\'s selectors or take both over in one migration');
      }
    });
    return problems;
  }

  private ensureNamespace(namespace: string): void {
    if (isNeverPropagated(namespace)) {
      throw new Error(`namespace '${namespace}' is one Karmada never propagates (kube-*, karmada-system, karmada-cluster, karmada-es-*); ` +
        'its objects cannot be taken over');
    }
    if (!this.createNamespaces || namespace === 'default' || this.namespaces.has(namespace)) return;
    this.namespaces.add(namespace);
    // never the bare name: an id is a key of a plain object in the constructs library, where `constructor` is taken.
    new ApiObject(this.namespacesScope, `Namespace_${namespace}`, {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: {
          [SKIP_AUTO_PROPAGATION_LABEL]: 'true',
          // Flux never prunes or deletes it (its Kustomization prunes the other objects).
          [FLUX_PRUNE_LABEL]: 'disabled',
        },
        annotations: {
          // before the policies, and never pruned or deleted: deleting a Namespace in
          // Karmada deletes every template in it (karmada pkg/controllers/namespace/
          // namespace_sync_controller.go, pkg/controllers/execution/execution_controller.go).
          [SYNC_WAVE_ANNOTATION]: String(Number(POLICY_SYNC_WAVE) - 1),
          'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
        },
      },
    });
  }
}

function withAnnotation(o: KubeObject, key: string, value: string): KubeObject {
  return { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, [key]: value } } };
}
