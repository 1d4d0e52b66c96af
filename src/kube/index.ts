export * from './object';
export * from './kinds';
export type { JsonObject, JsonValue } from './json';
export * from './api-defaults';
export * from './crd-schema';
export * from './crd-schema-set';
export * from './label-selector';
export * from './quantity';
export * from './object-names';
