// The package's face is a deliberate list: a name added to src/index.ts is a promise to users,
// so this test changes with it (and nothing private leaks through an `export *`).
import * as api from '../src';

test('the package exports its public API, and only that', () => {
  expect(Object.keys(api).sort()).toStrictEqual([
    'AppTakeover', 'ArgoCdApplication', 'ArgoCdApplicationSet', 'CHECK_RULES', 'CRD_SCHEMA_RULE', 'CRD_SYNC_WAVE',
    'ClusterOverridePolicy', 'ClusterPropagationPolicy', 'ConflictResolution', 'DEFAULT_PIPELINE_MANAGERS', 'DEFAULT_RULES',
    'FLUX_PRUNE_LABEL',
    'FluxDelivery', 'InputError', 'Inventory', 'KarmadaMigrateValidation', 'KindSelection', 'KindTakeover',
    'MAX_RETAINED_OBJECTS', 'MIGRATION_SCHEMA_FILE', 'Migration', 'MigrationApp', 'MigrationPhase', 'OverrideError', 'OverridePolicy',
    'PLAN_MAX_CHARACTERS', 'POLICY_SYNC_WAVE',
    'Preemption', 'PropagationPolicy', 'ResourceInterpreterCustomization', 'ResourceTemplate', 'SARIF_SCHEMA', 'SKIP_AUTO_PROPAGATION_LABEL',
    'SYNC_WAVE_ANNOTATION', 'SecretPolicy', 'Synthesis', 'TakeoverScope', 'VALIDATE_RULES_CONTEXT', 'ValidationFailedError',
    'applyOverridePolicies', 'applyOverriders', 'applyRetention', 'buildPlan', 'checkChange', 'checkToGithub', 'checkToSarif', 'consolidateFleet',
    'formatInventoryTable', 'formatTakeoverVerification', 'formatViolation',
    'generateRetentionScript', 'inventoryReport', 'isInputError', 'isValidationFailedError', 'karmada', 'karmadaConfig',
    'loadPlanInput', 'luaSandboxProblems', 'matchExclusions', 'migrationDigests', 'overridePolicyName', 'overridePolicyOf', 'overridersFor', 'parseRetainedField',
    'planToJson', 'planToMarkdown',
    'readConfig', 'rehearse', 'retainedFieldPaths', 'retainedFieldsFor', 'templatesDigest', 'validateManifests', 'verifyRollback', 'verifyTakeover',
  ]);
  expect(Object.keys(api).every(k => (api as Record<string, unknown>)[k] !== undefined)).toBe(true);
});
