import { SecretPolicy } from '../inventory/secrets';

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
        secrets: { enum: ['Unmanaged', 'Plaintext'] },
        takeovers: { type: 'array', minItems: 1, items: { $ref: '#/$defs/takeover' } },
        phase: { enum: ['Takeover', 'Release'] },
        delivery: { $ref: '#/$defs/delivery' },
        defaultNamespace: { $ref: '#/$defs/dnsLabel' },
        crdsPresent: { type: 'array', items: { $ref: '#/$defs/dnsSubdomain' } },
        onDuplicate: { enum: ['error', 'first', 'last'] },
        limits: {
          type: 'object', additionalProperties: false,
          properties: {
            maxFileBytes: { type: 'integer', minimum: 1 },
            maxNodes: { type: 'integer', minimum: 1 },
            maxDepth: { type: 'integer', minimum: 1, maximum: 100000 },
          },
        },
      },
    },
  },
  $defs: {
    delivery: {
      type: 'object',
      additionalProperties: false,
      properties: {
        argocd: {
          type: 'object',
          additionalProperties: false,
          required: ['destination', 'repoURL', 'path'],
          properties: {
            destination: {
              type: 'object', additionalProperties: false, minProperties: 1, maxProperties: 1,
              properties: { name: { type: 'string', minLength: 1 }, server: { type: 'string', pattern: '^https?://' } },
            },
            repoURL: { type: 'string', minLength: 1 },
            targetRevision: { type: 'string', minLength: 1 },
            path: { type: 'string', minLength: 1 },
            project: { type: 'string', minLength: 1 },
            namespace: { $ref: '#/$defs/dnsLabel' },
            prune: { type: 'boolean' },
            selfHeal: { type: 'boolean' },
            applicationSet: { type: 'boolean' },
          },
        },
        flux: {
          type: 'object',
          additionalProperties: false,
          required: ['sourceRef', 'path', 'kubeConfigSecretRef'],
          properties: {
            sourceRef: {
              type: 'object', additionalProperties: false, required: ['name'],
              properties: { kind: { enum: ['GitRepository', 'OCIRepository', 'Bucket'] }, name: { type: 'string', minLength: 1 }, namespace: { $ref: '#/$defs/dnsLabel' } },
            },
            path: { type: 'string', minLength: 1 },
            kubeConfigSecretRef: { type: 'string', minLength: 1 },
            namespace: { $ref: '#/$defs/dnsLabel' },
            interval: { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$' },
          },
        },
      },
    },
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
        selectBy: { enum: ['Kind', 'Name'] },
        app: {
          type: 'object',
          additionalProperties: false,
          required: ['namespace', 'resources'],
          properties: {
            namespace: { $ref: '#/$defs/dnsLabel' },
            includeDependencies: { type: 'boolean' },
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
    /** what becomes of Secrets (see `SecretPolicy`). */
    readonly secrets?: SecretPolicy;
    readonly takeovers: readonly TakeoverConfig[];
    /** `Takeover` (default) or `Release` (the templates are dropped, the policies kept). */
    readonly phase?: 'Takeover' | 'Release';
    readonly delivery?: DeliveryConfig;
    /** CustomResourceDefinitions (`<plural>.<group>`) already installed in the Karmada API server. */
    readonly crdsPresent?: readonly string[];
    /** the namespace of a namespaced object of the inventory that has none (manifests from Git often lack it). */
    readonly defaultNamespace?: string;
    /** the same object given twice in the inventory: an error (default), or keep the one read first or last. */
    readonly onDuplicate?: 'error' | 'first' | 'last';
    /** the limits of the inventory reader (see `ReadOptions`). */
    readonly limits?: { readonly maxFileBytes?: number; readonly maxNodes?: number; readonly maxDepth?: number };
  };
}

/** `spec.delivery`: how the migration reaches the Karmada API server. */
export interface DeliveryConfig {
  readonly argocd?: {
    readonly destination: { readonly name?: string; readonly server?: string };
    readonly repoURL: string;
    readonly targetRevision?: string;
    readonly path: string;
    readonly project?: string;
    readonly namespace?: string;
    readonly prune?: boolean;
    readonly selfHeal?: boolean;
    /** one Application per namespace folder through an ApplicationSet, for large estates. */
    readonly applicationSet?: boolean;
  };
  readonly flux?: {
    readonly sourceRef: { readonly kind?: 'GitRepository' | 'OCIRepository' | 'Bucket'; readonly name: string; readonly namespace?: string };
    readonly path: string;
    readonly kubeConfigSecretRef: string;
    readonly namespace?: string;
    readonly interval?: string;
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
  /** `Kind` (one kind-only selector, default) or `Name` (one name selector per object). */
  readonly selectBy?: 'Kind' | 'Name';
  readonly app?: { readonly namespace: string; readonly resources: readonly AppResourceConfig[]; readonly includeDependencies?: boolean };
  readonly preserveResourcesOnDeletion?: boolean;
  readonly priority?: number;
}
