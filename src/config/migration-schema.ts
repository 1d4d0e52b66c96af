/**
 * The JSON schema of `migration.yaml` (`karmada-migrate.io/v1alpha1`, kind `Migration`).
 * Unknown fields are errors: a typo must not silently change what is taken over.
 */
export const MIGRATION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'karmada-migrate.io/v1alpha1' },
    kind: { const: 'Migration' },
    metadata: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { $ref: '#/$defs/dnsLabel' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        annotations: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['sourceCluster', 'inventory', 'takeovers'],
      properties: {
        sourceCluster: { $ref: '#/$defs/dnsSubdomain' },
        inventory: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
        rollback: { type: 'boolean' },
        createNamespaces: { type: 'boolean' },
        takeovers: { type: 'array', minItems: 1, items: { $ref: '#/$defs/takeover' } },
      },
    },
  },
  $defs: {
    dnsLabel: { type: 'string', maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    dnsSubdomain: { type: 'string', maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' },
    apiVersion: { type: 'string', pattern: '^([a-z0-9.-]+/)?v[0-9]+((alpha|beta)[0-9]+)?$' },
    kindName: { type: 'string', pattern: '^[A-Z][A-Za-z0-9]*$' },
    takeover: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { $ref: '#/$defs/dnsSubdomain' },
        kind: {
          type: 'object',
          additionalProperties: false,
          required: ['apiVersion', 'kind'],
          properties: { apiVersion: { $ref: '#/$defs/apiVersion' }, kind: { $ref: '#/$defs/kindName' } },
        },
        scope: { enum: ['Namespace', 'Cluster'] },
        app: {
          type: 'object',
          additionalProperties: false,
          required: ['namespace', 'resources'],
          properties: {
            namespace: { $ref: '#/$defs/dnsLabel' },
            resources: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['apiVersion', 'kind', 'name'],
                properties: {
                  apiVersion: { $ref: '#/$defs/apiVersion' },
                  kind: { $ref: '#/$defs/kindName' },
                  name: { type: 'string', minLength: 1 },
                },
              },
            },
          },
        },
        preserveResourcesOnDeletion: { type: 'boolean' },
        priority: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
      },
    },
  },
} as const;

/** `migration.yaml` as the schema admits it. */
export interface MigrationConfig {
  readonly apiVersion: 'karmada-migrate.io/v1alpha1';
  readonly kind: 'Migration';
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly spec: {
    readonly sourceCluster: string;
    readonly inventory: readonly string[];
    readonly rollback?: boolean;
    readonly createNamespaces?: boolean;
    readonly takeovers: readonly TakeoverConfig[];
  };
}

/** one entry of `spec.takeovers[].app.resources`. */
export interface AppResourceConfig {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
}

/** one entry of `spec.takeovers`. */
export interface TakeoverConfig {
  readonly name: string;
  readonly kind?: { readonly apiVersion: string; readonly kind: string };
  readonly scope?: 'Namespace' | 'Cluster';
  readonly app?: { readonly namespace: string; readonly resources: readonly AppResourceConfig[] };
  readonly preserveResourcesOnDeletion?: boolean;
  readonly priority?: number;
}
