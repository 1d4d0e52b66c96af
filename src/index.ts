export * from './constructs';
export * from './config/read-config';
export * from './pipeline/build-migration';
export * from './pipeline/synthesis';
export * from './config/migration-schema';
export * from './errors';
export * from './inventory';
export * from './karmada';
export * from './kube';
export * from './output/layout';
export * from './pipeline/migration-app';
/** the generated Karmada CRD bindings (L1), as an escape hatch. */
export * as karmada from '../imports/policy.karmada.io';
export * from './report';
export * from './validation/validate-manifests';
export * from './validation/bundled-schemas';
export { KarmadaMigrateValidation, KarmadaMigrateValidationProps, ValidationPluginContext, ViolatingResource } from './pipeline/cdk8s-plugin';
