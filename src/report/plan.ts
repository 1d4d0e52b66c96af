// the review plan of a migration pull request: what dist/ makes Karmada do, in one document.
// Karmada sources: claims pkg/detector (see karmada/claims.ts), Overwrite
// pkg/util/objectwatcher/objectwatcher.go (see karmada/overwrite.ts), preserve
// pkg/controllers/execution/execution_controller.go (handleWorkDelete).
import { deliveryOrderOf, PlanDelivery } from './delivery-order';
import { DistTree } from './dist-tree';
import { HandoverPlan } from './handover';
import { planOwners, PlanOwner } from './owners';
import { ClusterCopy, OverridePolicyIndex, PlanFleet, PlanFleetObject } from './plan-fleet';
import {
  conversions, inventorySources, inventoryWarnings, leavesSecretsUnmanaged, missingDependencies, riskyTemplates, unmanagedSecrets,
} from './plan-inventories';
import { LeftBehind, leftBehind, RiskyObject } from './risky-objects';
import { MigrationPhase } from '../constructs/migration-phase';
import { InputError } from '../errors';
import { formatGroupKind, formatKey, groupOf, keyOf, keyString, KubeObject, ObjectKey } from '../kube/object';
import { RETAIN_REPLICAS_LABEL } from '../inventory/hpa';
import { Inventory } from '../inventory/inventory';
import { SecretPolicy } from '../inventory/secrets';
import {
  ClaimCandidate, ClaimSkipReason, ClaimWinReason, formatPolicyRef, IMPLICIT_PRIORITY, ImplicitPriority, PolicyRef, simulateClaims,
} from '../karmada/claims';
import { crdPreferredVersions, preferredApiVersion } from '../kube/api-versions';
import { didYouMean } from '../kube/suggest';
import { compareStrings, JsonValue } from '../kube/json';
import { DEFAULT_PIPELINE_MANAGERS, Fight, findFights, FightVerdict } from '../karmada/fights';
import { ArgoHealthPrediction, predictArgoHealth } from '../karmada/health';
import { OVERWRITE_CLASSES, OverwriteClass, OverwritePrediction, predictOverwrite } from '../karmada/overwrite';
import { retainedFieldsFor, RetentionSpec } from '../karmada/retention';
import { isSuspended } from '../karmada/suspension';
import { categoryOf, DELIVERY_FOLDER } from '../output/layout';

/** One migration of the plan, as its config (or code) describes it. */
export interface PlanMigrationInput {
  /** the migration's name (`metadata.name`): its folder in `dist/`. */
  readonly name: string;
  /**
   * the member cluster it takes over (`spec.sourceCluster`).
   *
   * @default - required unless {@link clusters} is given
   */
  readonly sourceCluster?: string;
  /**
   * every member cluster it takes over (`spec.sources`, a fleet): each template is then
   * predicted on each cluster its policy places it on, with that cluster's overrides.
   *
   * @default - [sourceCluster]
   */
  readonly clusters?: readonly string[];
  /**
   * the inventory of each of its clusters (a fleet's; `inventory` is the first one's): each is
   * read for its cluster (an autoscaler of one cluster's export is evidence for that cluster only),
   * and what the plan reads from inventories (owners, Secrets left unmanaged, warnings, missing
   * dependencies, conversions, risky objects, what is left behind) names the clusters it is found on.
   *
   * @default - `inventory`, for the source cluster
   */
  readonly inventories?: ReadonlyMap<string, Inventory>;
  /**
   * whether the rollback is armed (`rollback: true`).
   *
   * @default false
   */
  readonly rollback?: boolean;
  /**
   * the lifecycle phase.
   *
   * @default MigrationPhase.TAKEOVER
   */
  readonly phase?: MigrationPhase;
  /**
   * the inventory its templates come from: Secrets left unmanaged, warnings and missing
   * dependencies come from it (in a fleet, from {@link inventories}: every cluster's).
   *
   * @default - none: only the Secrets the templates refer to are listed
   */
  readonly inventory?: Inventory;
  /**
   * CustomResourceDefinitions (`<plural>.<group>`) already installed in the Karmada API server
   * (`spec.crdsPresent`): their custom resources need not bring them.
   *
   * @default - none
   */
  readonly crdsPresent?: readonly string[];
  /**
   * what its ResourceInterpreterCustomizations retain, per kind (`spec.retain`, `Migration.retentionSpecs`):
   * the Overwrite prediction and the fights of its templates of those kinds follow the
   * customization's script instead of Karmada's native Retain hook.
   *
   * @default - none: Karmada's native retention only
   */
  readonly retentions?: readonly RetentionSpec[];
  /**
   * the objects of its inventories the user left out by identity (`spec.exclude`), each with
   * the entry that excludes it (`excluded by spec.exclude[0]: ...`): the plan lists them apart from
   * the objects no takeover selects.
   *
   * @default - none
   */
  readonly excluded?: ReadonlyArray<{ readonly key: ObjectKey; readonly reason: string }>;
}

/** What {@link buildPlan} describes. */
export interface PlanInput {
  /** the migrations, in any order. */
  readonly migrations: readonly PlanMigrationInput[];
  /** what `dist/` holds: path => manifest (a `readDistDir` tree, or the rendered app parsed back). */
  readonly dist: DistTree;
  /**
   * the live objects of the member cluster(s) (an export read with `readInventory`),
   * matched to the templates by API group, kind, namespace and name.
   *
   * @default - no live export given: no Overwrite prediction
   */
  readonly live?: readonly KubeObject[];
  /**
   * the live objects of each member cluster (`--live CLUSTER=PATH`): each template is predicted
   * on each cluster its policy places it on, with that cluster's override policies applied,
   * against that cluster's object. Not with {@link live}; with a migration of several clusters,
   * the only form.
   *
   * @default - none
   */
  readonly liveByCluster?: ReadonlyMap<string, readonly KubeObject[]>;
  /**
   * problems that keep the migration from being synthesized (construct problems and rule
   * violations), each on one line.
   *
   * @default []
   */
  readonly problems?: readonly string[];
  /**
   * the handover from the old pipeline, step 0 of the plan.
   *
   * @default - none
   */
  readonly handover?: HandoverPlan;
  /**
   * the field managers of the pipeline the takeover replaces: what they own on the live
   * objects is what the templates carry, not a fight.
   *
   * @default DEFAULT_PIPELINE_MANAGERS
   */
  readonly pipelineManagers?: readonly string[];
}

/** A migration, as the plan shows it. */
export interface PlanMigration {
  /** its name and `dist/` folder. */
  readonly name: string;
  /**
   * the member cluster it takes over, when it takes over one.
   *
   * @default - a fleet: see {@link clusters}
   */
  readonly sourceCluster?: string;
  /**
   * the member clusters it takes over, sorted, when it takes over several (`spec.sources`).
   *
   * @default - one cluster: see {@link sourceCluster}
   */
  readonly clusters?: readonly string[];
  /** `Takeover` or `Release`. */
  readonly phase: MigrationPhase;
  /** the `rollback` flag. */
  readonly rollback: boolean;
  /** what becomes of Secrets. */
  readonly secrets: SecretPolicy;
  /** the delivery of `dist/_delivery/<migration>/`, and how it applies the policies before the templates. */
  readonly delivery: PlanDelivery;
}

/** How many templates of a kind. */
export interface PlanKindTotal {
  /** `Deployment.apps`, `Service`. */
  readonly kind: string;
  /** how many templates. */
  readonly templates: number;
}

/** The size of what `dist/` holds. */
export interface PlanTotals {
  /** every file of `dist/` read (manifests). */
  readonly files: number;
  /** resource templates. */
  readonly templates: number;
  /** templates per kind, sorted by kind. */
  readonly templatesByKind: readonly PlanKindTotal[];
  /** PropagationPolicies and ClusterPropagationPolicies. */
  readonly policies: number;
  /** of which PropagationPolicies. */
  readonly propagationPolicies: number;
  /** of which ClusterPropagationPolicies. */
  readonly clusterPropagationPolicies: number;
  /** the namespaces that hold templates, sorted. */
  readonly namespaces: readonly string[];
  /** the Namespace objects written (kept from propagation and pruning). */
  readonly namespaceObjects: number;
  /** the Argo CD and Flux objects written beside the migrations. */
  readonly deliveryObjects: number;
}

/** What one namespace holds, and who claims it. */
export interface PlanNamespace {
  /**
   * the namespace.
   *
   * @default - the cluster-scoped templates
   */
  readonly namespace?: string;
  /** how many templates. */
  readonly templates: number;
  /** templates per kind, sorted by kind. */
  readonly kinds: readonly PlanKindTotal[];
  /** the policies that claim its templates, and how many each, sorted by policy. */
  readonly claimedBy: ReadonlyArray<{ readonly policy: string; readonly templates: number }>;
  /** how many of its templates no policy claims. */
  readonly unclaimed: number;
}

/** A policy and what it claims. */
export interface PlanPolicy {
  /** `PropagationPolicy default/nginx-pp`. */
  readonly policy: string;
  /** the migration whose folder holds it. */
  readonly migration: string;
  /** its file under `dist/`. */
  readonly file: string;
  /** `spec.placement.clusterAffinity.clusterNames`. */
  readonly clusters: readonly string[];
  /** `spec.priority` (absent counts as 0). */
  readonly priority: number;
  /** `spec.preserveResourcesOnDeletion`. */
  readonly preserveResourcesOnDeletion: boolean;
  /** `spec.suspension` suspends dispatching to some cluster: Karmada builds the Works and applies nothing there. */
  readonly suspendsDispatching: boolean;
  /** how many templates its selectors match. */
  readonly matched: number;
  /** the templates it claims (`Deployment.apps default/nginx`), in `dist/` path order. */
  readonly claims: readonly string[];
}

/** A template no policy claims. */
export interface PlanUnclaimed {
  /** `Deployment.apps default/nginx`. */
  readonly object: string;
  /** its file under `dist/`. */
  readonly file: string;
  /** why. */
  readonly reason: ClaimSkipReason | 'no-matching-policy';
  /** what it means. */
  readonly message: string;
}

/** A policy that loses a template to another. */
export interface PlanOverlapLoser {
  /** the losing policy. */
  readonly policy: string;
  /** the rule that decides. */
  readonly reason: ClaimWinReason;
  /** the rule, applied to these two. */
  readonly message: string;
}

/** A template more than one policy matches. */
export interface PlanOverlap {
  /** the template. */
  readonly object: string;
  /** its file under `dist/`. */
  readonly file: string;
  /** the policy that claims it. */
  readonly winner: string;
  /** the others, best first. */
  readonly losers: readonly PlanOverlapLoser[];
}

/** A policy that claims nothing. */
export interface PlanIdlePolicy {
  /** the policy. */
  readonly policy: string;
  /** `matches-nothing` or `always-loses`. */
  readonly reason: 'matches-nothing' | 'always-loses';
  /** how many templates it matches. */
  readonly matched: number;
  /**
   * whether it can be removed without changing any claim: every selector names one template
   * (`name`), and each of them is claimed by a policy that beats it. A policy that selects by
   * kind or by labels is never removable: it claims the templates of its selectors created later.
   */
  readonly removable: boolean;
  /** what it means. */
  readonly message: string;
  /** what to do about it. */
  readonly fix: string;
}

/** A selector or policy Karmada would ignore. */
export interface PlanPolicyWarning {
  /** the policy. */
  readonly policy: string;
  /**
   * the selector concerned.
   *
   * @default - the policy as a whole
   */
  readonly selectorIndex?: number;
  /** what is wrong. */
  readonly message: string;
}

/** What the Overwrite does to one live object, when it does more than nothing. */
export interface PlanOverwrite {
  /** the template. */
  readonly object: string;
  /** its file under `dist/`. */
  readonly file: string;
  /**
   * the member cluster of the live object (in a plan per cluster: a fleet, or `--live CLUSTER=PATH`).
   *
   * @default - the one cluster of the migration
   */
  readonly cluster?: string;
  /** what happens (see `OverwriteClass`), the riskiest first; empty when the prediction failed. */
  readonly classes: readonly OverwriteClass[];
  /**
   * the changes that move or stop traffic (a Service's type, node ports, ports, selector, ...).
   *
   * @default - none
   */
  readonly traffic?: ReadonlyArray<{ readonly path: string; readonly before?: JsonValue; readonly after?: JsonValue; readonly message: string }>;
  /**
   * the flip of a CronJob's or Job's `spec.suspend`.
   *
   * @default - none
   */
  readonly suspend?: { readonly from: boolean; readonly to: boolean; readonly message: string };
  /**
   * the pod template paths that differ, and how the pods get them.
   *
   * @default - the pods are not restarted
   */
  readonly podsRestart?: { readonly paths: readonly string[]; readonly rollout: string; readonly message: string };
  /**
   * the replica change.
   *
   * @default - none
   */
  readonly replicas?: { readonly from: number; readonly to: number; readonly hint: string };
  /**
   * the immutable fields the PUT changes: the member API server refuses it.
   *
   * @default - none
   */
  readonly applyFails?: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
  /**
   * the paths of a ConfigMap's or Secret's `data`, `binaryData` or `stringData` that change.
   *
   * @default - none
   */
  readonly dataPaths?: readonly string[];
  /**
   * other spec paths (or other top-level fields) that change.
   *
   * @default - none
   */
  readonly specPaths?: readonly string[];
  /**
   * label and annotation keys that change.
   *
   * @default - none
   */
  readonly metadata?: { readonly labels: readonly string[]; readonly annotations: readonly string[] };
  /** facts worth a look that are not changes. */
  readonly notes: readonly string[];
  /**
   * why no prediction could be made.
   *
   * @default - it was made
   */
  readonly error?: string;
}

/** The counts of {@link PlanRisks}, one per outcome. */
export type PlanRiskCounts = Readonly<Record<OverwriteClass | 'no-live-object', number>>;

/** What taking the live objects over does to them. */
export interface PlanRisks {
  /** whether a live export was given. */
  readonly liveGiven: boolean;
  /** templates per outcome, in the order of `OVERWRITE_CLASSES` (a template with several classes counts in each). */
  readonly counts: PlanRiskCounts;
  /** the templates whose live object changes (or with notes): the riskiest outcome first (those not predicted before all), then by `dist/` path. */
  readonly changes: readonly PlanOverwrite[];
  /** the templates without a live object in the export (all of them when none was given), in `dist/` path order. */
  readonly noLiveObject: readonly string[];
  /**
   * per member cluster (in a plan per cluster: a fleet, or `--live CLUSTER=PATH`), sorted. Then
   * {@link counts} counts a template in each outcome it has on any cluster (`unchanged` only
   * when it is unchanged wherever predicted), and {@link noLiveObject} lists the templates
   * predicted on no cluster.
   *
   * @default - one cluster
   */
  readonly clusters?: readonly PlanClusterRisks[];
}

/** What taking the live objects over does on one member cluster. */
export interface PlanClusterRisks {
  /** the member cluster. */
  readonly cluster: string;
  /** whether its live export was given (`--live CLUSTER=PATH`): nothing is assessed on it otherwise. */
  readonly liveGiven: boolean;
  /** the templates placed on it. */
  readonly templates: number;
  /** its templates per outcome (a template with several classes counts in each); all 0 when its export was not given. */
  readonly counts: PlanRiskCounts;
  /** the templates placed on it that its export lacks (Karmada creates them there), in `dist/` path order; empty when its export was not given. */
  readonly noLiveObject: readonly string[];
}

/** The fields other writers own on one live object, and what the takeover does to them. */
export interface PlanFightObject {
  /** the template. */
  readonly object: string;
  /** its file under `dist/`. */
  readonly file: string;
  /**
   * the member cluster of the live object (in a plan per cluster).
   *
   * @default - the one cluster of the migration
   */
  readonly cluster?: string;
  /** the fields, by path. */
  readonly fights: readonly Fight[];
}

/** The fights Overwrite starts: fields of the live objects that writers other than the replaced pipeline own. */
export interface PlanFights {
  /** whether a live export was given: its managedFields are the evidence; without one, only the autoscalers of the inventories are. */
  readonly liveGiven: boolean;
  /** the field managers taken for the replaced pipeline's (their fields are no fights). */
  readonly pipelineManagers: readonly string[];
  /** fields per verdict. */
  readonly counts: Readonly<Record<FightVerdict, number>>;
  /** the templates with such fields, by `dist/` path. */
  readonly objects: readonly PlanFightObject[];
  /** malformed managedFields of the live objects, one line each, naming the object and the entry. */
  readonly warnings: readonly string[];
}

/** Templates of a kind whose health Argo CD shows wrong once Karmada holds them. */
export interface PlanHealthFlag {
  /** the kind, `StatefulSet.apps`. */
  readonly kind: string;
  /** what the health becomes. */
  readonly prediction: ArgoHealthPrediction;
  /** the templates, in `dist/` path order. */
  readonly templates: readonly string[];
  /** why. */
  readonly message: string;
  /** what to do about it. */
  readonly remedy: string;
}

/** A Secret that stays in the member cluster, outside Karmada. */
export interface PlanSecret {
  /** the migration. */
  readonly migration: string;
  /** `Secret shop/web-env`. */
  readonly secret: string;
  /**
   * whether the export holds it (it was left out of the templates).
   *
   * @default - no inventory given
   */
  readonly inInventory?: boolean;
  /** the templates of `dist/` that use it, which keep using it in the member cluster. */
  readonly usedBy: readonly string[];
  /** objects of the inventory that use it and are not taken over. */
  readonly alsoUsedBy: readonly string[];
  /**
   * the member clusters where it is found, sorted (in a plan with a fleet; the same finding on several clusters is one row).
   *
   * @default - a plan without a fleet: the one cluster of the migration
   */
  readonly clusters?: readonly string[];
}

/** A warning of the inventory. */
export interface PlanInventoryWarning {
  /** the migration. */
  readonly migration: string;
  /** the object concerned. */
  readonly object: string;
  /** where it was read, `file:line` (in a fleet, each cluster's export that holds it, comma-separated). */
  readonly source: string;
  /** what to know. */
  readonly message: string;
  /**
   * the member clusters where it is found, sorted (in a plan with a fleet; the same finding on several clusters is one row).
   *
   * @default - a plan without a fleet: the one cluster of the migration
   */
  readonly clusters?: readonly string[];
}

/** A dependency of a template that the inventory lacks. */
export interface PlanMissingDependency {
  /** the migration. */
  readonly migration: string;
  /** the template. */
  readonly object: string;
  /** what it refers to. */
  readonly dependency: string;
  /** where it refers to it. */
  readonly paths: readonly string[];
  /**
   * the member clusters where it is found, sorted (in a plan with a fleet; the same finding on several clusters is one row).
   *
   * @default - a plan without a fleet: the one cluster of the migration
   */
  readonly clusters?: readonly string[];
}

/** A template written in another API version than Karmada sees it in. */
export interface PlanApiVersion {
  /** the template. */
  readonly object: string;
  /** the version of the export. */
  readonly from: string;
  /** the version in Karmada. */
  readonly to: string;
  /** `converted`: the export's version is no longer served; `watched`: the detector watches the group in its preferred version. */
  readonly why: 'converted' | 'watched';
  /**
   * the member clusters whose exports hold it in that version, sorted (a fleet; converted only).
   *
   * @default - a plan without a fleet, or a template watched in another version
   */
  readonly clusters?: readonly string[];
}

/** Where a migration stands on the way to a rollback. */
export type RollbackState =
  /** Takeover, no policy preserves: deleting a template deletes the live object. */
  | 'not-armed'
  /** Takeover, some policies preserve. */
  | 'partially-armed'
  /** Takeover, every policy preserves: once the flag reached every Work, the templates may be released. */
  | 'armed'
  /** Release, every policy preserves: the templates are gone, the objects stay. */
  | 'released'
  /** Release while some policy does not preserve: the release deletes live objects. */
  | 'release-unsafe'
  /** no policies. */
  | 'no-policies';

/** The rollback readiness of a migration. */
export interface PlanRollback {
  /** the migration. */
  readonly migration: string;
  /** its phase. */
  readonly phase: MigrationPhase;
  /** its `rollback` flag. */
  readonly rollback: boolean;
  /** where it stands. */
  readonly state: RollbackState;
  /** the policies with `preserveResourcesOnDeletion: true`. */
  readonly preserving: readonly string[];
  /** the others. */
  readonly notPreserving: readonly string[];
  /** what to do next. */
  readonly next: string;
}

/** The review plan: what merging `dist/` makes Karmada do. Every list is in a deterministic order. */
export interface Plan {
  /** `karmada-migrate.io/v1alpha1`. */
  readonly apiVersion: 'karmada-migrate.io/v1alpha1';
  /** `Plan`. */
  readonly kind: 'Plan';
  /** the migrations, by name. */
  readonly migrations: readonly PlanMigration[];
  /** sizes. */
  readonly totals: PlanTotals;
  /**
   * step 0: the handover from the old pipeline.
   *
   * @default - none given
   */
  readonly handover?: HandoverPlan;
  /**
   * step 0 by owner: who applies the templates to the member cluster today (read from the
   * inventory's export), and how to stop each without deleting anything.
   */
  readonly owners: readonly PlanOwner[];
  /** per namespace (sorted, the cluster-scoped templates last): templates per kind and the policies that claim them. */
  readonly namespaces: readonly PlanNamespace[];
  /**
   * the fleet: per template of a migration of several member clusters, where it is placed
   * as written, where override policies change it (and which fields), where it is not placed.
   *
   * @default - no migration takes over several clusters
   */
  readonly fleet?: PlanFleet;
  /** every policy and what it claims, by `dist/` path. */
  readonly policies: readonly PlanPolicy[];
  /** templates no policy claims, by `dist/` path. */
  readonly unclaimed: readonly PlanUnclaimed[];
  /** templates several policies match, by `dist/` path. */
  readonly overlaps: readonly PlanOverlap[];
  /** policies that claim nothing, by `dist/` path. */
  readonly idlePolicies: readonly PlanIdlePolicy[];
  /** selectors and policies Karmada ignores, by policy. */
  readonly policyWarnings: readonly PlanPolicyWarning[];
  /** what the Overwrite does to the live objects. */
  readonly risks: PlanRisks;
  /** the fields of the live objects other writers own, and whether Karmada reverts them at every sync. */
  readonly fights: PlanFights;
  /** the templates whose Argo CD health is wrong on Karmada, by kind. */
  readonly health: readonly PlanHealthFlag[];
  /** Secrets left unmanaged, by migration and Secret. */
  readonly secrets: readonly PlanSecret[];
  /** warnings of the inventories, by migration then object. */
  readonly inventoryWarnings: readonly PlanInventoryWarning[];
  /** dependencies of the templates the inventories lack, by migration then template. */
  readonly missingDependencies: readonly PlanMissingDependency[];
  /** rollback readiness, by migration. */
  readonly rollback: readonly PlanRollback[];
  /**
   * API versions: templates converted from a version the Karmada API server no longer serves,
   * and templates Karmada watches in another version than they are written in.
   */
  readonly apiVersions: readonly PlanApiVersion[];
  /** templates that are risky to take over (Jobs, bare Pods, volumes and bound claims, custom resources without their CRD, plain-text Secrets). */
  readonly risky: readonly RiskyObject[];
  /** per migration with an inventory: the objects of its export(s) that no takeover selects, those the user excluded, and those dropped. */
  readonly leftBehind: readonly LeftBehind[];
  /** what keeps `dist/` from being synthesized; empty when it can be. */
  readonly problems: readonly string[];
}

interface TemplateEntry {
  readonly file: string;
  readonly migration: string;
  readonly object: KubeObject;
  readonly key: ObjectKey;
  readonly id: string;
}

interface PolicyEntry {
  readonly file: string;
  readonly migration: string;
  readonly object: KubeObject;
  readonly ref: PolicyRef;
  readonly id: string;
  matched: number;
  readonly claims: string[];
}

const OUTCOMES: readonly (OverwriteClass | 'no-live-object')[] = [...OVERWRITE_CLASSES, 'no-live-object'];

/**
 * Builds the review plan of a migration pull request from what `dist/` holds: totals; who
 * claims each template (Karmada's resource detector, simulated with every policy applied
 * before the templates) and how each migration's delivery keeps that order (Argo CD sync waves,
 * Flux dependsOn, or none); templates no policy claims, overlaps and their winner, idle policies
 * and whether they are removable; with live objects, what the Overwrite does to each, the
 * riskiest first (`OVERWRITE_CLASSES`: apply fails, traffic moves, a suspension flips, pods
 * restart, replicas change, data or spec change) and the fields other writers own
 * on them that Karmada sets back at every sync (from their managedFields, and the autoscalers
 * of the export and the inventories); the templates whose Argo CD health is wrong on Karmada,
 * per kind; Secrets left unmanaged;
 * inventory warnings and missing dependencies; rollback readiness; problems; and the
 * handover from the old pipeline as step 0.
 *
 * Pure and deterministic: the same input gives the same plan whatever the order of
 * `dist`, `live` or `migrations`. The work grows with templates plus policies (the claim
 * simulation is indexed), plus one Overwrite prediction and one reading of managedFields per
 * template with a live object.
 *
 * @throws InputError when two live objects are the same object
 */
export function buildPlan(input: PlanInput): Plan {
  const problems = [...(input.problems ?? [])];
  const templates: TemplateEntry[] = [];
  const policies: PolicyEntry[] = [];
  const templateNamespaces = new Set<string>();
  let files = 0;
  let namespaceObjects = 0;
  let deliveryObjects = 0;
  const seenTemplates = new Map<string, string>();
  const seenPolicies = new Map<string, string>();
  const overridePolicies: KubeObject[] = [];
  for (const [file, object] of [...input.dist].sort(([a], [b]) => compareStrings(a, b))) {
    files++;
    const migration = file.split('/')[0];
    const category = migration === DELIVERY_FOLDER ? 'delivery' : categoryOf(object);
    if (category === 'delivery') {
      deliveryObjects++;
    } else if (category === 'namespaces') {
      namespaceObjects++;
    } else if (category === 'policies') {
      if ((object.kind === 'OverridePolicy' || object.kind === 'ClusterOverridePolicy') && groupOf(object.apiVersion) === 'policy.karmada.io') {
        overridePolicies.push(object);
      }
      if (object.kind !== 'PropagationPolicy' && object.kind !== 'ClusterPropagationPolicy') continue;
      const ref: PolicyRef = object.kind === 'ClusterPropagationPolicy'
        ? { kind: object.kind, name: object.metadata.name }
        : { kind: object.kind, namespace: object.metadata.namespace || 'default', name: object.metadata.name };
      const id = formatPolicyRef(ref);
      const other = seenPolicies.get(id);
      // Karmada holds one object per identity: the second file would overwrite the first.
      if (other) {
        problems.push(`${id} is written twice, to ${other} and ${file}: Karmada keeps one of them; give one another name`);
        continue;
      }
      seenPolicies.set(id, file);
      policies.push({ file, migration, object, ref, id, matched: 0, claims: [] });
    } else {
      const key = keyOf(object);
      const id = formatKey(key);
      const other = seenTemplates.get(keyString(key));
      if (other) {
        problems.push(`${id} is written twice, to ${other} and ${file}: Karmada holds one object per identity; keep it in one migration`);
        continue;
      }
      seenTemplates.set(keyString(key), file);
      templates.push({ file, migration, object, key, id });
      templateNamespaces.add(key.namespace ?? '');
    }
  }

  // the detector sees each template in its group's preferred version.
  const crdVersions = crdPreferredVersions(templates.map(t => t.object));
  const report = simulateClaims(templates.map(t => t.object), policies.map(p => p.object), {
    policiesBeforeTemplates: true, watchedApiVersion: v => preferredApiVersion(v, crdVersions),
  });
  const policyById = new Map(policies.map(p => [p.id, p]));
  const unclaimed: PlanUnclaimed[] = [];
  const overlaps: PlanOverlap[] = [];
  report.templates.forEach((claim, i) => {
    const t = templates[i];
    for (const c of claim.candidates) policyById.get(formatPolicyRef(c.policy))!.matched++;
    if (!claim.winner) {
      const reason = claim.skipped ?? 'no-matching-policy';
      unclaimed.push({ object: t.id, file: t.file, reason, message: UNCLAIMED_MESSAGES[reason] });
      return;
    }
    const winner = policyById.get(formatPolicyRef(claim.winner))!;
    winner.claims.push(t.id);
    if (claim.candidates.length > 1) {
      const [best, ...rest] = claim.candidates;
      overlaps.push({
        object: t.id,
        file: t.file,
        winner: winner.id,
        losers: rest.map(c => {
          const reason = winReason(best, c);
          return { policy: formatPolicyRef(c.policy), reason, message: winMessage(reason, best, c) };
        }),
      });
    }
  });

  const namespaces = namespacesOf(templates, report.templates.map(c => (c.winner ? formatPolicyRef(c.winner) : undefined)));
  const idlePolicies = policies.filter(p => p.claims.length === 0).map(p => idlePolicy(p, overlaps));
  const policyWarnings: PlanPolicyWarning[] = report.warnings.map(w => ({
    policy: formatPolicyRef(w.policy),
    ...(w.selectorIndex !== undefined ? { selectorIndex: w.selectorIndex } : {}),
    message: w.message,
  }));

  const migrations = [...input.migrations].sort((a, b) => compareStrings(a.name, b.name));
  // each migration's inventories, and the templates read against each: a fleet's per cluster.
  // beside a fleet, a migration of one cluster names its cluster too, so that every row of a table names one.
  const anyFleet = migrations.some(m => migrationClusters(m).length > 1);
  const inventoriesOf = (m: PlanMigrationInput): ReadonlyMap<string, Inventory> | undefined => {
    const clusters = migrationClusters(m);
    if (clusters.length > 1) return m.inventories && m.inventories.size > 1 ? m.inventories : undefined;
    return anyFleet && m.inventory ? new Map([[clusters[0], m.inventory]]) : undefined;
  };
  const sources = new Map(migrations.map(m => [
    m.name, inventorySources(templates.filter(t => t.migration === m.name), m.inventory, inventoriesOf(m)),
  ]));
  const kindTotals = new Map<string, number>();
  for (const t of templates) {
    const kind = formatGroupKind(t.key.group, t.key.kind);
    kindTotals.set(kind, (kindTotals.get(kind) ?? 0) + 1);
  }
  const cpps = policies.filter(p => p.ref.kind === 'ClusterPropagationPolicy').length;
  const manifests = [...input.dist].map(([file, object]) => ({ file, object }));
  const clustersByMigration = new Map(migrations.map(m => [m.name, migrationClusters(m)]));
  const liveProblem = liveClustersProblem(migrations, input.live !== undefined, input.liveByCluster ? [...input.liveByCluster.keys()] : undefined);
  if (liveProblem) throw new InputError(liveProblem);
  const fleetMigrations = migrations.filter(m => clustersByMigration.get(m.name)!.length > 1);
  // per cluster: in a fleet, or when the live exports name their clusters.
  const perCluster = fleetMigrations.length > 0 || input.liveByCluster !== undefined;
  const liveByKey = perCluster ? undefined : liveIndex(input.live);
  const autoscalers = perCluster ? new Map<string, string[]>() : autoscalersOf(input.live, migrations);
  let clusterView: { risks: PlanRisks; fights: PlanFights; fleet?: PlanFleet } | undefined;
  if (perCluster) {
    const winners = report.templates.map(c => (c.winner ? policyById.get(formatPolicyRef(c.winner)) : undefined));
    clusterView = clusterViewOf({
      input, templates, migrations, clustersByMigration, fleetMigrations,
      placements: winners.map(w => (w ? clustersOf(w.object) : [])),
      overrides: new OverridePolicyIndex(overridePolicies),
      watchedApiVersion: apiVersion => preferredApiVersion(apiVersion, crdVersions),
    });
  }

  return {
    apiVersion: 'karmada-migrate.io/v1alpha1',
    kind: 'Plan',
    migrations: migrations.map(m => ({
      name: m.name,
      // a fleet's clusters; one cluster keeps the field it always had.
      ...(clustersByMigration.get(m.name)!.length > 1 ? { clusters: clustersByMigration.get(m.name)! }
        : { sourceCluster: clustersByMigration.get(m.name)![0] }),
      phase: m.phase ?? MigrationPhase.TAKEOVER,
      rollback: m.rollback ?? false,
      secrets: m.inventory?.secrets ?? SecretPolicy.UNMANAGED,
      delivery: deliveryOrderOf(m.name, manifests),
    })),
    totals: {
      files,
      templates: templates.length,
      templatesByKind: [...kindTotals].sort(([a], [b]) => compareStrings(a, b)).map(([kind, n]) => ({ kind, templates: n })),
      policies: policies.length,
      propagationPolicies: policies.length - cpps,
      clusterPropagationPolicies: cpps,
      namespaces: [...templateNamespaces].filter(n => n !== '').sort(compareStrings),
      namespaceObjects,
      deliveryObjects,
    },
    ...(input.handover ? { handover: input.handover } : {}),
    owners: planOwners(migrations.flatMap(m => sources.get(m.name)!.flatMap(({ cluster, inventory, templates: own }) => own.flatMap(t => {
      const found = inventory?.find(t.key);
      return found ? [{ id: t.id, owner: found.owner, ...(cluster !== undefined ? { cluster } : {}) }] : [];
    })))),
    namespaces,
    ...(clusterView?.fleet ? { fleet: clusterView.fleet } : {}),
    policies: policies.map(p => ({
      policy: p.id,
      migration: p.migration,
      file: p.file,
      clusters: clustersOf(p.object),
      priority: priorityOf(p.object),
      preserveResourcesOnDeletion: preserves(p.object),
      suspendsDispatching: isSuspended(p.object),
      matched: p.matched,
      claims: p.claims,
    })),
    unclaimed,
    overlaps,
    idlePolicies,
    policyWarnings,
    risks: clusterView?.risks ?? risksOf(templates, liveByKey, autoscalers, input),
    fights: clusterView?.fights ?? fightsOf(templates, liveByKey, autoscalers, input),
    health: healthOf(templates),
    secrets: migrations.flatMap(m => (leavesSecretsUnmanaged(m.inventory) ? unmanagedSecrets(m.name, sources.get(m.name)!) : [])),
    inventoryWarnings: migrations.flatMap(m => inventoryWarnings(m.name, sources.get(m.name)!)),
    missingDependencies: migrations.flatMap(m => missingDependencies(m.name, sources.get(m.name)!)),
    rollback: migrations.map(m => rollbackOf(m, policies.filter(p => p.migration === m.name))),
    apiVersions: [
      ...migrations.flatMap(m => conversions(sources.get(m.name)!).map(({ clusters, ...c }) => ({ ...c, why: 'converted' as const, ...(clusters ? { clusters } : {}) }))),
      ...templates.flatMap(t => {
        const watched = preferredApiVersion(t.object.apiVersion, crdVersions);
        return watched !== t.object.apiVersion ? [{ object: t.id, from: t.object.apiVersion, to: watched, why: 'watched' as const }] : [];
      }),
    ].sort((a, b) => compareStrings(a.object, b.object)),
    risky: migrations.flatMap(m => riskyTemplates(sources.get(m.name)!, m.crdsPresent)),
    leftBehind: migrations.flatMap(m => {
      const selected = new Set(templates.filter(t => t.migration === m.name).map(t => t.id));
      const excluded = new Map((m.excluded ?? []).map(e => [formatKey(e.key), e.reason]));
      const inventory = inventoriesOf(m) ?? m.inventory;
      return inventory ? [leftBehind(m.name, inventory, selected, excluded)] : [];
    }),
    problems,
  };
}

/** The plan as JSON for bots: the same content as the Markdown, 2-space indented, ending with a newline. */
export function planToJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2) + '\n';
}

function namespacesOf(templates: readonly TemplateEntry[], winners: readonly (string | undefined)[]): PlanNamespace[] {
  const byNs = new Map<string, { kinds: Map<string, number>; policies: Map<string, number>; templates: number; unclaimed: number }>();
  templates.forEach((t, i) => {
    const ns = t.key.namespace ?? '';
    let entry = byNs.get(ns);
    if (!entry) {
      entry = { kinds: new Map(), policies: new Map(), templates: 0, unclaimed: 0 };
      byNs.set(ns, entry);
    }
    entry.templates++;
    const kind = formatGroupKind(t.key.group, t.key.kind);
    entry.kinds.set(kind, (entry.kinds.get(kind) ?? 0) + 1);
    const winner = winners[i];
    if (winner) entry.policies.set(winner, (entry.policies.get(winner) ?? 0) + 1);
    else entry.unclaimed++;
  });
  // the cluster-scoped templates ('') last.
  return [...byNs].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : compareStrings(a, b))).map(([ns, e]) => ({
    ...(ns ? { namespace: ns } : {}),
    templates: e.templates,
    kinds: [...e.kinds].sort(([a], [b]) => compareStrings(a, b)).map(([kind, n]) => ({ kind, templates: n })),
    claimedBy: [...e.policies].sort(([a], [b]) => compareStrings(a, b)).map(([policy, n]) => ({ policy, templates: n })),
    unclaimed: e.unclaimed,
  }));
}

// a policy that claims nothing: removable when it selects only by name and loses each template it names.
function idlePolicy(p: PolicyEntry, overlaps: readonly PlanOverlap[]): PlanIdlePolicy {
  const base = { policy: p.id, matched: p.matched };
  if (p.matched === 0) {
    return {
      ...base, reason: 'matches-nothing', removable: false,
      message: 'no selector matches a template of dist/: it claims nothing',
      fix: 'remove it, unless the templates it selects are applied to Karmada outside dist/ or later',
    };
  }
  const lost = overlaps.filter(o => o.losers.some(l => l.policy === p.id));
  const objects = lost.map(o => o.object);
  const winners = [...new Set(lost.map(o => o.winner))].sort(compareStrings);
  const them = objects.length > 1 ? 'them' : 'it';
  const selectors = (p.object.spec as { resourceSelectors?: unknown } | undefined)?.resourceSelectors;
  const named = Array.isArray(selectors) ? selectors.map(r => (r && typeof r === 'object' ? (r as { name?: unknown }).name : undefined)) : [];
  const byNameOnly = named.length > 0 && named.every(n => typeof n === 'string' && n !== '');
  // each by-name selector names one template: all of them are in dist/ when it matched as many as it has distinct selectors.
  const distinct = new Set((selectors as unknown[] | undefined ?? []).map(r => JSON.stringify(r))).size;
  const removable = byNameOnly && p.matched === distinct && lost.length === p.matched;
  const message = `matches ${count(p.matched, 'template')} and loses ${p.matched > 1 ? 'each' : 'it'} to another policy (see the overlaps)`;
  if (removable) {
    return {
      ...base, reason: 'always-loses', removable,
      message: `${message}; it selects only by name, so it can claim nothing while ${winners.join(', ')} ${winners.length > 1 ? 'exist' : 'exists'}: removable`,
      fix: `select ${objects.join(', ')} in one takeover only: leave ${them} out of the takeover ${winners.map(w => w.split('/').pop()).join(', ')} ` +
        `(this policy then claims ${them}), or out of ${p.ref.name}; kept, it only claims ${them} anew should ${winners.join(', ')} be removed`,
    };
  }
  return {
    ...base, reason: 'always-loses', removable,
    message,
    fix: 'keep it if templates of its selectors (by kind or labels) will be created later and should be taken over; ' +
      `otherwise remove it, or select ${objects.join(', ')} by name`,
  };
}

function count(n: number, singular: string): string {
  return `${n} ${singular}${n === 1 ? '' : 's'}`;
}

const UNCLAIMED_MESSAGES: Readonly<Record<ClaimSkipReason | 'no-matching-policy', string>> = {
  'no-matching-policy': 'no policy selects it: Karmada keeps the template unpropagated and the live object stays as it is, outside Karmada',
  'skipped-api': 'its API is one the resource detector never watches (--skipped-propagating-apis or Karmada\'s own groups)',
  'reserved-namespace': 'its namespace is reserved for Karmada (karmada-system, karmada-cluster, karmada-es-*): never propagated',
  'skipped-namespace': 'its namespace matches --skipped-propagating-namespaces (default kube-.*): never propagated',
  'extension-apiserver-authentication': 'ConfigMap kube-system/extension-apiserver-authentication is always skipped by the detector',
  'claimed-by-label': 'it carries resourcetemplate.karmada.io/claimed-by: another controller owns it',
};

function winReason(winner: ClaimCandidate, loser: ClaimCandidate): ClaimWinReason {
  if (winner.policy.kind === 'PropagationPolicy' && loser.policy.kind === 'ClusterPropagationPolicy') return 'propagation-policy-beats-cluster-policy';
  if (winner.explicitPriority !== loser.explicitPriority) return 'higher-explicit-priority';
  if (winner.implicitPriority !== loser.implicitPriority) return 'higher-implicit-priority';
  return 'smaller-name';
}

const SELECTS: Readonly<Record<ImplicitPriority, string>> = {
  [IMPLICIT_PRIORITY.misMatch]: 'not at all',
  [IMPLICIT_PRIORITY.matchAll]: 'by kind only',
  [IMPLICIT_PRIORITY.matchLabelSelector]: 'by label selector',
  [IMPLICIT_PRIORITY.matchName]: 'by name',
};

function winMessage(reason: ClaimWinReason, winner: ClaimCandidate, loser: ClaimCandidate): string {
  switch (reason) {
    case 'propagation-policy-beats-cluster-policy':
      return 'a PropagationPolicy of the template\'s namespace beats every ClusterPropagationPolicy, whatever their priorities';
    case 'higher-explicit-priority':
      return `spec.priority ${winner.explicitPriority} beats ${loser.explicitPriority}`;
    case 'higher-implicit-priority':
      return `same spec.priority (${winner.explicitPriority}); the winner selects it ${SELECTS[winner.implicitPriority]}, this one ${SELECTS[loser.implicitPriority]}`;
    default:
      return `same spec.priority (${winner.explicitPriority}), both select it ${SELECTS[winner.implicitPriority]}: ` +
        `the smaller name wins (${winner.policy.name} < ${loser.policy.name})`;
  }
}

// the live objects by key, or undefined when no export was given.
function liveIndex(live: readonly KubeObject[] | undefined): Map<string, KubeObject> | undefined {
  if (live === undefined) return undefined;
  const byKey = new Map<string, KubeObject>();
  for (const o of live) {
    const k = keyString(keyOf(o));
    if (byKey.has(k)) throw new InputError(`the live objects hold ${formatKey(keyOf(o))} twice; give each object once`);
    byKey.set(k, o);
  }
  return byKey;
}

// the HorizontalPodAutoscalers of the live cluster and of the inventories, by the key of what they scale.
function autoscalersOf(live: readonly KubeObject[] | undefined, migrations: readonly PlanMigrationInput[]): Map<string, string[]> {
  return autoscalerIndex([...(live ?? []), ...migrations.flatMap(m => (m.inventory?.templates ?? []).map(t => t.object))]);
}

// the HorizontalPodAutoscalers among objects, by the key of what they scale.
function autoscalerIndex(objects: readonly KubeObject[]): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const o of objects) {
    const target = hpaTarget(o);
    if (!target) continue;
    const k = keyString(target);
    if (!out.has(k)) out.set(k, new Set());
    out.get(k)!.add(formatKey(keyOf(o)));
  }
  return new Map([...out].map(([k, ids]) => [k, [...ids].sort(compareStrings)]));
}

function risksOf(
  templates: readonly TemplateEntry[], byKey: ReadonlyMap<string, KubeObject> | undefined, autoscalers: ReadonlyMap<string, readonly string[]>,
  input: PlanInput,
): PlanRisks {
  const counts: Record<OverwriteClass | 'no-live-object', number> = Object.fromEntries(OUTCOMES.map(o => [o, 0])) as Record<OverwriteClass | 'no-live-object', number>;
  if (byKey === undefined) {
    counts['no-live-object'] = templates.length;
    return { liveGiven: false, counts, changes: [], noLiveObject: templates.map(t => t.id) };
  }
  const changes: PlanOverwrite[] = [];
  const noLiveObject: string[] = [];
  for (const t of templates) {
    const liveObject = byKey.get(keyString(t.key));
    if (!liveObject) {
      counts['no-live-object']++;
      noLiveObject.push(t.id);
      continue;
    }
    const scaledByHpa = autoscalers.has(keyString(t.key)) || t.object.metadata.labels?.[RETAIN_REPLICAS_LABEL] === 'true';
    let prediction;
    try {
      const retention = retentionOf(input, t);
      prediction = predictOverwrite(t.object, liveObject, { scaledByHpa, ...(retention ? { retention } : {}) });
    } catch (e) {
      changes.push({ object: t.id, file: t.file, classes: [], notes: [], error: (e as Error).message });
      continue;
    }
    for (const c of prediction.classes) counts[c]++;
    if (isNoChange(prediction)) continue;
    changes.push(overwriteEntry(t, prediction));
  }
  changes.sort((a, b) => overwriteRank(a) - overwriteRank(b));
  return { liveGiven: true, counts, changes, noLiveObject };
}

// an Overwrite that changes nothing and has nothing to note: not listed.
function isNoChange(prediction: OverwritePrediction): boolean {
  return prediction.classes.length === 1 && prediction.classes[0] === 'unchanged' && prediction.notes.length === 0;
}

// the riskiest first: a template not predicted, then by its riskiest class; `dist/` path order within (a stable sort).
function overwriteRank(c: PlanOverwrite): number {
  return c.classes.length ? OVERWRITE_CLASSES.indexOf(c.classes[0]) : -1;
}

function overwriteEntry(t: TemplateEntry, prediction: OverwritePrediction, cluster?: string): PlanOverwrite {
  return {
    object: t.id,
    file: t.file,
    ...(cluster !== undefined ? { cluster } : {}),
    classes: prediction.classes,
    ...(prediction.traffic ? { traffic: prediction.traffic.map(c => ({ ...c })) } : {}),
    ...(prediction.suspend ? { suspend: { from: prediction.suspend.from, to: prediction.suspend.to, message: prediction.suspend.message } } : {}),
    ...(prediction.podTemplate
      ? { podsRestart: { paths: prediction.podTemplate.paths, rollout: prediction.podTemplate.rollout, message: prediction.podTemplate.message } }
      : {}),
    ...(prediction.replicas ? { replicas: { from: prediction.replicas.from, to: prediction.replicas.to, hint: prediction.replicas.hint } } : {}),
    ...(prediction.applyFailures ? { applyFails: prediction.applyFailures.map(f => ({ path: f.path, reason: f.reason })) } : {}),
    ...(prediction.dataPaths ? { dataPaths: prediction.dataPaths } : {}),
    ...(prediction.specPaths ? { specPaths: prediction.specPaths } : {}),
    ...(prediction.metadata ? { metadata: { labels: prediction.metadata.labels, annotations: prediction.metadata.annotations } } : {}),
    notes: prediction.notes,
  };
}

const VERDICTS: readonly FightVerdict[] = ['reverted', 'removed', 'retained-natively', 'retained'];

// the retentions of the migration a template belongs to.
function retentionsOf(input: PlanInput, t: TemplateEntry): readonly RetentionSpec[] {
  return input.migrations.find(m => m.name === t.migration)?.retentions ?? [];
}

// the retention of a template's kind, if its migration ships one.
function retentionOf(input: PlanInput, t: TemplateEntry): RetentionSpec | undefined {
  return retentionsOf(input, t).find(r => r.apiVersion === t.object.apiVersion && r.kind === t.object.kind);
}

function fightsOf(
  templates: readonly TemplateEntry[],
  byKey: ReadonlyMap<string, KubeObject> | undefined,
  autoscalers: ReadonlyMap<string, readonly string[]>,
  input: PlanInput,
): PlanFights {
  const pipelineManagers = [...(input.pipelineManagers ?? DEFAULT_PIPELINE_MANAGERS)];
  const counts = Object.fromEntries(VERDICTS.map(v => [v, 0])) as Record<FightVerdict, number>;
  const objects: PlanFightObject[] = [];
  const warnings: string[] = [];
  for (const t of templates) {
    const live = byKey?.get(keyString(t.key));
    const scalers = autoscalers.get(keyString(t.key)) ?? [];
    if (!live && !scalers.length) continue;
    let result;
    try {
      result = findFights(t.object, live, {
        pipelineManagers, autoscalers: scalers, retained: retainedFieldsFor(retentionsOf(input, t), t.object),
      });
    } catch (e) {
      warnings.push(`${t.id}: the fields other writers own were not assessed: ${(e as Error).message}`);
      continue;
    }
    warnings.push(...result.warnings);
    if (!result.fights.length) continue;
    for (const f of result.fights) counts[f.verdict]++;
    objects.push({ object: t.id, file: t.file, fights: result.fights });
  }
  return { liveGiven: byKey !== undefined, pipelineManagers, counts, objects, warnings };
}

function healthOf(templates: readonly TemplateEntry[]): PlanHealthFlag[] {
  const groups = new Map<string, { kind: string; prediction: ArgoHealthPrediction; message: string; remedy: string; templates: string[] }>();
  for (const t of templates) {
    const flag = predictArgoHealth(t.object);
    if (!flag) continue;
    const kind = formatGroupKind(t.key.group, t.key.kind);
    const k = [kind, flag.prediction, flag.message, flag.remedy].join('\u0000');
    const group = groups.get(k) ?? { kind, ...flag, templates: [] };
    group.templates.push(t.id);
    groups.set(k, group);
  }
  return [...groups.values()]
    .sort((a, b) => compareStrings(a.kind, b.kind) || compareStrings(a.prediction, b.prediction) || compareStrings(a.message, b.message))
    .map(g => ({ kind: g.kind, prediction: g.prediction, templates: g.templates, message: g.message, remedy: g.remedy }));
}

// `spec.scaleTargetRef` of a HorizontalPodAutoscaler (the same shape in every autoscaling version).
function hpaTarget(o: KubeObject): ObjectKey | undefined {
  if (o.kind !== 'HorizontalPodAutoscaler' || groupOf(o.apiVersion) !== 'autoscaling') return undefined;
  const ref = (o.spec as { scaleTargetRef?: { apiVersion?: unknown; kind?: unknown; name?: unknown } } | undefined)?.scaleTargetRef;
  if (!ref || typeof ref.kind !== 'string' || typeof ref.name !== 'string') return undefined;
  return { group: typeof ref.apiVersion === 'string' ? groupOf(ref.apiVersion) : '', kind: ref.kind, namespace: o.metadata.namespace, name: ref.name };
}

function rollbackOf(m: PlanMigrationInput, policies: readonly PolicyEntry[]): PlanRollback {
  const phase = m.phase ?? MigrationPhase.TAKEOVER;
  const preserving = policies.filter(p => preserves(p.object)).map(p => p.id);
  const notPreserving = policies.filter(p => !preserves(p.object)).map(p => p.id);
  let state: RollbackState;
  let next: string;
  if (policies.length === 0) {
    state = 'no-policies';
    next = 'nothing is propagated by this migration';
  } else if (phase === MigrationPhase.RELEASE) {
    state = notPreserving.length ? 'release-unsafe' : 'released';
    next = notPreserving.length
      ? `do not merge: releasing the templates deletes the live objects of ${notPreserving.join(', ')}; arm the rollback (rollback: true) in a commit of its own first`
      : 'the templates are removed from Karmada and the live objects kept; clean up by removing the policies in a later commit';
  } else if (phase === MigrationPhase.REHEARSE) {
    state = notPreserving.length === 0 ? 'armed' : preserving.length ? 'partially-armed' : 'not-armed';
    next = 'dispatching is suspended: Karmada claims the templates and builds the Works, and applies nothing to the member cluster; once synced, ' +
      `run karmada-migrate rehearse --works WORKS --live LIVE --output rehearsals/${m.name}.json to compare each Work with its live object, ` +
      'and keep every template while suspended (the gate refuses a removal). Going on to phase: Takeover needs that report, clean and of the same templates, ' +
      `committed with the change at rehearsals/${m.name}.json beside dist/`;
  } else if (notPreserving.length === 0) {
    state = 'armed';
    next = 'once this is synced, run karmada-migrate verify-rollback on the Works; when every Work carries the flag, set phase: Release in a later commit';
  } else {
    state = preserving.length ? 'partially-armed' : 'not-armed';
    next = 'removing a template now deletes its live object; to roll back, set rollback: true in a commit of its own, sync it, ' +
      'run karmada-migrate verify-rollback, then set phase: Release in a later commit';
  }
  return { migration: m.name, phase, rollback: m.rollback ?? false, state, preserving, notPreserving, next };
}

function clustersOf(policy: KubeObject): string[] {
  const spec = policy.spec as { placement?: { clusterAffinity?: { clusterNames?: unknown } } } | undefined;
  const names = spec?.placement?.clusterAffinity?.clusterNames;
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === 'string') : [];
}

function priorityOf(policy: KubeObject): number {
  const p: JsonValue | undefined = (policy.spec as { priority?: JsonValue } | undefined)?.priority;
  return typeof p === 'number' && Number.isFinite(p) ? p : 0;
}

function preserves(policy: KubeObject): boolean {
  return (policy.spec as { preserveResourcesOnDeletion?: unknown } | undefined)?.preserveResourcesOnDeletion === true;
}


// the member clusters of a migration, sorted: its sources, or its source cluster.
function migrationClusters(m: PlanMigrationInput): string[] {
  if (m.clusters?.length) return [...new Set(m.clusters)].sort(compareStrings);
  if (m.sourceCluster !== undefined) return [m.sourceCluster];
  throw new InputError(`migration '${m.name}' names no member cluster: give its sourceCluster, or its clusters`);
}

/**
 * What is wrong with the live exports given for these migrations, or undefined: an export that
 * names no cluster (`--live PATH`) is ambiguous when a migration takes over several clusters,
 * exports with and without a cluster do not mix, and a cluster must be one of the migrations'.
 *
 * @param unlabelled whether an export names no cluster (`--live PATH`)
 * @param labelled the clusters named (`--live CLUSTER=PATH`)
 */
export function liveClustersProblem(
  migrations: readonly PlanMigrationInput[], unlabelled: boolean, labelled: readonly string[] | undefined,
): string | undefined {
  const all = [...new Set(migrations.flatMap(migrationClusters))].sort(compareStrings);
  const fleet = migrations.find(m => migrationClusters(m).length > 1);
  if (unlabelled && fleet) {
    const clusters = migrationClusters(fleet);
    return `--live PATH names no cluster, and migration '${fleet.name}' takes over ${clusters.length} clusters (${clusters.join(', ')}): ` +
      `which cluster's export is it? Give each cluster's export with its name, --live ${clusters[0]}=PATH (repeatable: ${clusters.map(c => `--live ${c}=...`).join(' ')})`;
  }
  if (unlabelled && labelled?.length) {
    return `--live is given both with a cluster (--live ${labelled[0]}=PATH) and without one: give every export with its cluster, --live CLUSTER=PATH`;
  }
  for (const c of labelled ?? []) {
    if (!all.includes(c)) {
      return `--live ${c}=PATH names cluster '${c}', which no migration takes over (they take over ${all.join(', ') || 'none'}; ` +
        `a path that holds = is given as ./${c}=...)${didYouMean(c, all)}`;
    }
  }
  return undefined;
}

interface ClusterViewInput {
  readonly input: PlanInput;
  readonly templates: readonly TemplateEntry[];
  readonly migrations: readonly PlanMigrationInput[];
  readonly clustersByMigration: ReadonlyMap<string, readonly string[]>;
  readonly fleetMigrations: readonly PlanMigrationInput[];
  /** per template, the clusters its policy places it on; empty when unclaimed. */
  readonly placements: readonly (readonly string[])[];
  readonly overrides: OverridePolicyIndex;
  /** the version Karmada's detector sees an apiVersion in. */
  readonly watchedApiVersion: (apiVersion: string) => string;
}

// the plan per member cluster: each template's copy for each cluster it is placed on (its override
// policies applied), predicted against that cluster's live object; the fights on it; and the fleet view.
function clusterViewOf(v: ClusterViewInput): { risks: PlanRisks; fights: PlanFights; fleet?: PlanFleet } {
  const { input, templates } = v;
  const liveByCluster = new Map([...(input.liveByCluster ?? new Map<string, readonly KubeObject[]>())].map(([c, objects]) => {
    try {
      return [c, liveIndex(objects)!] as const;
    } catch (e) {
      throw new InputError(`cluster '${c}': ${(e as Error).message}`);
    }
  }));
  // what a template is predicted on: where it is placed, or, unclaimed, where its migration would place it.
  const targets = templates.map((t, i) => (v.placements[i].length
    ? [...v.placements[i]].sort(compareStrings)
    : [...(v.clustersByMigration.get(t.migration) ?? [])]));
  const clusters = [...new Set([...targets.flat(), ...v.migrations.flatMap(m => v.clustersByMigration.get(m.name)!)])].sort(compareStrings);
  const copies = templates.map(() => new Map<string, ClusterCopy>());
  const copyOf = (i: number, cluster: string): ClusterCopy => {
    let copy = copies[i].get(cluster);
    if (!copy) copies[i].set(cluster, copy = v.overrides.copyFor(templates[i].object, cluster, v.watchedApiVersion(templates[i].object.apiVersion)));
    return copy;
  };
  // an autoscaler of a cluster's live export or of its inventory is evidence on that cluster.
  const autoscalers = new Map(clusters.map(c => [c, autoscalerIndex([
    ...(input.liveByCluster?.get(c) ?? []),
    ...v.migrations.flatMap(m => {
      const own = v.clustersByMigration.get(m.name)!;
      const inventory = m.inventories?.get(c) ?? (own.length === 1 && own[0] === c ? m.inventory : undefined);
      return (inventory?.templates ?? []).map(t => t.object);
    }),
  ])]));

  const zero = () => Object.fromEntries(OUTCOMES.map(o => [o, 0])) as Record<OverwriteClass | 'no-live-object', number>;
  const perCluster = new Map(clusters.map(c => [c, { templates: 0, counts: zero(), noLiveObject: [] as string[] }]));
  const counts = zero();
  const changes: PlanOverwrite[] = [];
  const noLiveObject: string[] = [];
  const fightObjects: PlanFightObject[] = [];
  const fightCounts = Object.fromEntries(VERDICTS.map(x => [x, 0])) as Record<FightVerdict, number>;
  const fightWarnings: string[] = [];
  const pipelineManagers = [...(input.pipelineManagers ?? DEFAULT_PIPELINE_MANAGERS)];
  templates.forEach((t, i) => {
    const classes = new Set<OverwriteClass>();
    let predicted = false;
    for (const c of targets[i]) {
      const pc = perCluster.get(c)!;
      pc.templates++;
      const live = liveByCluster.get(c);
      const liveObject = live?.get(keyString(t.key));
      const scalers = autoscalers.get(c)?.get(keyString(t.key)) ?? [];
      const copy = live || scalers.length ? copyOf(i, c) : undefined;
      if (copy && 'error' in copy) {
        // Karmada applies no override for the cluster and keeps the Work's previous manifest: nothing to predict against.
        const error = `the override policies fail on ${c}, so Karmada updates nothing there (the Work keeps its previous manifest, none for a new takeover): ${copy.error}`;
        if (live) {
          predicted = true;
          changes.push({ object: t.id, file: t.file, cluster: c, classes: [], notes: [], error });
        }
        fightWarnings.push(`${t.id} on ${c}: the fields other writers own were not assessed: ${error}`);
        continue;
      }
      const desired = copy?.object;
      if (live && !liveObject) {
        pc.counts['no-live-object']++;
        pc.noLiveObject.push(t.id);
      } else if (live && liveObject && desired) {
        predicted = true;
        const scaledByHpa = scalers.length > 0 || desired.metadata.labels?.[RETAIN_REPLICAS_LABEL] === 'true';
        let prediction;
        try {
          const retention = retentionOf(input, t);
          prediction = predictOverwrite(desired, liveObject, { scaledByHpa, ...(retention ? { retention } : {}) });
        } catch (e) {
          changes.push({ object: t.id, file: t.file, cluster: c, classes: [], notes: [], error: (e as Error).message });
        }
        if (prediction) {
          for (const k of prediction.classes) {
            pc.counts[k]++;
            classes.add(k);
          }
          if (!isNoChange(prediction)) changes.push(overwriteEntry(t, prediction, c));
        }
      }
      if (desired && (liveObject || scalers.length)) {
        try {
          const result = findFights(desired, liveObject, {
            pipelineManagers, autoscalers: scalers, retained: retainedFieldsFor(retentionsOf(input, t), desired),
          });
          fightWarnings.push(...result.warnings.map(w => `${c}: ${w}`));
          for (const f of result.fights) fightCounts[f.verdict]++;
          if (result.fights.length) fightObjects.push({ object: t.id, file: t.file, cluster: c, fights: result.fights });
        } catch (e) {
          fightWarnings.push(`${t.id} on ${c}: the fields other writers own were not assessed: ${(e as Error).message}`);
        }
      }
    }
    // a template's outcome is its worst over the clusters: unchanged only where nothing else happens.
    if (classes.size > 1) classes.delete('unchanged');
    for (const k of classes) counts[k]++;
    if (!predicted) {
      counts['no-live-object']++;
      noLiveObject.push(t.id);
    }
  });
  changes.sort((a, b) => overwriteRank(a) - overwriteRank(b));
  const risks: PlanRisks = {
    liveGiven: liveByCluster.size > 0,
    counts,
    changes,
    noLiveObject,
    clusters: clusters.map(c => ({ cluster: c, liveGiven: liveByCluster.has(c), ...perCluster.get(c)! })),
  };
  const fights: PlanFights = {
    liveGiven: liveByCluster.size > 0, pipelineManagers, counts: fightCounts, objects: fightObjects, warnings: fightWarnings,
  };
  if (!v.fleetMigrations.length) return { risks, fights };

  const fleetNames = new Set(v.fleetMigrations.map(m => m.name));
  const objects: PlanFleetObject[] = [];
  templates.forEach((t, i) => {
    if (!fleetNames.has(t.migration)) return;
    const placedOn = [...v.placements[i]].sort(compareStrings);
    const identicalIn: string[] = [];
    const overriddenIn: Array<NonNullable<PlanFleetObject['overriddenIn'][number]>> = [];
    const failedIn: Array<{ cluster: string; error: string }> = [];
    for (const c of placedOn) {
      const copy = copyOf(i, c);
      if ('error' in copy) failedIn.push({ cluster: c, error: copy.error });
      else if (copy.override) overriddenIn.push(copy.override);
      else identicalIn.push(c);
    }
    objects.push({
      object: t.id, file: t.file, migration: t.migration, placedOn, identicalIn, overriddenIn,
      ...(failedIn.length ? { failedIn } : {}),
      notPlacedIn: v.clustersByMigration.get(t.migration)!.filter(c => !placedOn.includes(c)),
    });
  });
  const fleetClusters = [...new Set(v.fleetMigrations.flatMap(m => v.clustersByMigration.get(m.name)!))].sort(compareStrings);
  return { risks, fights, fleet: { clusters: fleetClusters, overridePolicies: v.overrides.size, objects } };
}
