// The package's face: what an app, a script or a bot may use. Everything else in src/ is the
// implementation, free to change (a test lists these names: test/index.test.ts).

// the constructs
export {
  Migration, MigrationPhase, CRD_SYNC_WAVE, FLUX_PRUNE_LABEL, SKIP_AUTO_PROPAGATION_LABEL, VALIDATE_RULES_CONTEXT,
} from './constructs/migration';
export type { LeftOutObject, MigrationObject, MigrationProps, RetainScope } from './constructs/migration';
export { KindSelection, KindTakeover, TakeoverScope } from './constructs/kind-takeover';
export type { KindTakeoverProps } from './constructs/kind-takeover';
export { AppTakeover } from './constructs/app-takeover';
export type { AppResource, AppTakeoverProps } from './constructs/app-takeover';
export type { TakeoverOptions } from './constructs/takeover-options';
export { PropagationPolicy } from './constructs/propagation-policy';
export type { PropagationPolicyProps } from './constructs/propagation-policy';
export { ClusterPropagationPolicy } from './constructs/cluster-propagation-policy';
export type { ClusterPropagationPolicyProps } from './constructs/cluster-propagation-policy';
export { OverridePolicy } from './constructs/override-policy';
export type { OverridePolicyProps } from './constructs/override-policy';
export { ClusterOverridePolicy } from './constructs/cluster-override-policy';
export type { ClusterOverridePolicyProps } from './constructs/cluster-override-policy';
export type { OverridePolicyOptions, OverrideResourceSelector, OverrideRule, OverrideTargetCluster } from './constructs/_override-spec';
export { ConflictResolution, POLICY_SYNC_WAVE, Preemption, SYNC_WAVE_ANNOTATION } from './constructs/policy-options';
export type { LabelSelector, PolicyOptions, ResourceSelector } from './constructs/policy-options';
export { ResourceTemplate } from './constructs/resource-template';
export { ResourceInterpreterCustomization } from './constructs/resource-interpreter-customization';
export type { InterpreterTarget, ResourceInterpreterCustomizationProps } from './constructs/resource-interpreter-customization';
// retain: the scripts, their model and what the plan marks as retained
export { generateRetentionScript, MAX_RETAINED_OBJECTS } from './karmada/retention-lua';
export { applyRetention, parseRetainedField, retainedFieldPaths, retainedFieldsFor } from './karmada/retention';
export type { RetainedObject, RetainEntry, RetentionSpec } from './karmada/retention';
export { luaSandboxProblems } from './karmada/lua-sandbox';
export type { LuaSandboxProblem } from './karmada/lua-sandbox';
export type { ResourceTemplateProps } from './constructs/resource-template';
export { ArgoCdApplication } from './constructs/delivery/argo-cd-application';
export type { ArgoCdApplicationProps, ArgoCdDestination, ArgoCdOptions } from './constructs/delivery/argo-cd-application';
export { ArgoCdApplicationSet } from './constructs/delivery/argo-cd-application-set';
export type { ArgoCdApplicationSetProps } from './constructs/delivery/argo-cd-application-set';
export { FluxDelivery } from './constructs/delivery/flux-delivery';
export type { FluxDeliveryProps, FluxSourceRef } from './constructs/delivery/flux-delivery';
/** the generated Karmada CRD bindings (L1), as an escape hatch. */
export * as karmada from '../imports/policy.karmada.io';
/** the generated binding of Karmada's ResourceInterpreterCustomization (L1). */
export * as karmadaConfig from '../imports/config.karmada.io';

// the inventory: what an export of the source cluster becomes
export { Inventory } from './inventory/inventory';
export type {
  DroppedObject, InventoryObjectsOptions, InventoryOptions, InventoryRuleOptions, InventoryTemplate, MissingDependency,
} from './inventory/inventory';
export type { InventoryObject, InventoryWarning } from './inventory/types';
export { SecretPolicy } from './inventory/secrets';
export { formatInventoryTable, inventoryReport } from './inventory/inventory-report';
export type {
  InventoryReport, InventoryReportMissingDependency, InventoryReportObject, InventoryReportOptions, InventoryReportTotal,
  InventoryReportRetainReplicas, InventoryReportWarning,
} from './inventory/inventory-report';
export type { KubeObject, ObjectKey } from './kube/object';
// fleets: several clusters' copies as one template and the overrides that give each cluster its own
export { consolidateFleet, overridePolicyName, overridePolicyOf, overridersFor } from './inventory/consolidate';
export type {
  ClusterObjects, ClusterOverride, ConsolidatedObject, Consolidation, ConsolidateOptions, RefusedObject,
} from './inventory/consolidate';
// objects left out by identity (spec.exclude), before consolidation
export { matchExclusions } from './inventory/exclude';
export type { ExcludeEntry, Exclusions, UnmatchedExclusion } from './inventory/exclude';
export { applyOverridePolicies, applyOverriders, OverrideError } from './karmada/overrides';
export type {
  AppliedOverride, CommandArgsOverrider, ImageOverrider, LabelAnnotationOverrider, OverridePolicyManifest, OverrideResult, Overriders,
  PlaintextOverrider,
} from './karmada/overrides';

// the apps, the pipeline of migration.yaml and the validation
export { MigrationApp } from './pipeline/migration-app';
export type { MigrationAppProps } from './pipeline/migration-app';
export { KarmadaMigrateValidation } from './pipeline/cdk8s-plugin';
export type { KarmadaMigrateValidationProps, ValidationPluginContext, ViolatingResource } from './pipeline/cdk8s-plugin';
export { Synthesis } from './pipeline/synthesis';
export type { SynthesisOptions, SynthesizedMigration } from './pipeline/synthesis';
export { readConfig } from './config/read-config';
export type { LoadedConfig } from './config/read-config';
export type { MigrationConfig, RetainConfig, RetainListConfig } from './config/migration-config';
export { MIGRATION_SCHEMA_FILE } from './config/migration-schema';
export { CRD_SCHEMA_RULE, DEFAULT_RULES, formatViolation, validateManifests } from './validation/validate-manifests';
export type { ManifestRule, ManifestViolation, RuleContext, ValidateManifestsOptions, Violation } from './validation/validate-manifests';
export { InputError, isInputError, isValidationFailedError, ValidationFailedError } from './errors';
export type { SourceLocation } from './errors';

// the review tools: the plan, the pull-request gate, rollback verification, the rehearsal, takeover verification
export { buildPlan, planToJson } from './report/plan';
export type { Plan, PlanInput } from './report/plan';
export { DEFAULT_PIPELINE_MANAGERS } from './karmada/fights';
export type { FieldOwner, Fight, FightVerdict, FightWriter, RetainedFields } from './karmada/fights';
export type { ArgoHealthPrediction } from './karmada/health';
export { PLAN_MAX_CHARACTERS, planToMarkdown } from './report/plan-markdown';
export type { PlanMarkdownOptions } from './report/plan-markdown';
export { loadPlanInput } from './report/plan-input';
export type { LoadPlanInputOptions } from './report/plan-input';
export { CHECK_RULES, checkChange } from './report/check';
export { checkToGithub, checkToSarif, SARIF_SCHEMA } from './report/check-formats';
export type { CheckLocationOptions, SarifLog, SarifRun } from './report/check-formats';
export type { CheckEvidence, CheckFinding, CheckOptions, CheckResult, CheckSeverity } from './report/check';
export { verifyRollback } from './report/verify-rollback';
export type { RollbackVerification, TemplateRollbackState, VerifyRollbackOptions } from './report/verify-rollback';
export { migrationDigests, rehearse, templatesDigest } from './report/rehearse';
export type { RehearsalFinding, RehearsalFindingKind, RehearsalReport, RehearsedTemplate, RehearseOptions } from './report/rehearse';
export { formatTakeoverVerification, verifyTakeover } from './report/verify-takeover';
export type {
  TakeoverFinding, TakeoverFindingKind, TakeoverNamespaceSummary, TakeoverState, TakeoverTemplate, VerifyTakeoverOptions, VerifyTakeoverReport,
} from './report/verify-takeover';
