export * from './admission';
export * from './crd-schema';
export * from './crd-schema-set';
export * from './namespaces';
export type { JsonObject, JsonValue } from './json';
