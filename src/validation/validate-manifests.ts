import { KubeObject } from '../kube/object';
import { CrdSchemaSet } from '../kube/crd-schema-set';
import { ViolationEffect } from '../kube/crd-schema';
import { bundledSchemas } from './bundled-schemas';
import { MIGRATION_RULES } from './migration-rules';
import { WEBHOOK_RULES } from './webhook-rules';
import { INTERPRETER_RULES } from './interpreter-rules';

/** The rules every output is checked against: Karmada's webhooks (policies, customizations), then the migration's. */
export const DEFAULT_RULES: readonly ManifestRule[] = [...WEBHOOK_RULES, ...INTERPRETER_RULES, ...MIGRATION_RULES];

/** One broken rule, on one object. */
export interface Violation {
  /** the rule's id (`karmada-webhook/preemption-needs-name`, `migration/overwrite`, `crd-schema`). */
  readonly rule: string;
  /** what is wrong (for webhook rules, Karmada's own message). */
  readonly message: string;
  /** how to fix it. */
  readonly fix: string;
  /** the field at fault, like `spec.resourceSelectors[0]`. @default - the object */
  readonly path?: string;
}

/** A rule over one manifest. */
export interface ManifestRule {
  /** the rule's id, `<family>/<name>`: `karmada-webhook/...` or `migration/...`. */
  readonly id: string;
  /** what the rule requires, in one line (the recommendation of the cdk8s report). */
  readonly description: string;
  /** the violations of this rule on one manifest; empty when it passes or does not apply. */
  check(manifest: KubeObject, context: RuleContext): Array<Omit<Violation, 'rule'>>;
  /**
   * the violations across the manifests (one object against another), each on its manifest.
   *
   * @default - none
   */
  checkAll?(manifests: readonly KubeObject[], context: RuleContext): Array<{ readonly manifest: KubeObject } & Omit<Violation, 'rule'>>;
}

/** What rules know besides the manifest. */
export interface RuleContext {
  /** the member clusters the migrations take over (their `sourceCluster`s); empty when unknown. */
  readonly sourceClusters: readonly string[];
  /**
   * the member clusters of the migration that wrote a manifest (its `sourceCluster`, or the
   * clusters of its `sources`), so that one migration's policy cannot place on another's cluster.
   *
   * @default - {@link sourceClusters} for every manifest
   */
  readonly clustersOf?: (manifest: KubeObject) => readonly string[] | undefined;
  /**
   * the CRD schemas the API server defaults and prunes policies with before Karmada's
   * webhooks see them.
   *
   * @default - the bundled schemas
   */
  readonly schemas?: CrdSchemaSet;
  /**
   * the controllers the Karmada control plane's kube-controller-manager runs (`*` for all of
   * its defaults): the objects they publish on the Karmada API server count as its own.
   *
   * @default - those Karmada's installers run (KARMADA_KUBE_CONTROLLERS)
   */
  readonly karmadaControllers?: readonly string[];
}

/** A violation with the object it is on. */
export interface ManifestViolation extends Violation {
  /** the manifest that breaks the rule. */
  readonly object: KubeObject;
}

/** Options of {@link validateManifests}. */
export interface ValidateManifestsOptions {
  /** @default - the CRDs bundled in `imports/crd-schemas.json` */
  readonly schemas?: CrdSchemaSet;
  /** @default [] */
  readonly sourceClusters?: readonly string[];
  /** @default - `sourceClusters` for every manifest (see RuleContext.clustersOf) */
  readonly clustersOf?: (manifest: KubeObject) => readonly string[] | undefined;
  /** @default - the webhook and migration rules */
  readonly rules?: readonly ManifestRule[];
  /** @default - those Karmada's installers run (see RuleContext.karmadaControllers) */
  readonly karmadaControllers?: readonly string[];
}

/** The id of the violations of a CRD's `openAPIV3Schema`. */
export const CRD_SCHEMA_RULE = 'crd-schema';

/** The description of {@link CRD_SCHEMA_RULE}. */
export const CRD_SCHEMA_RULE_DESCRIPTION = 'each Karmada policy and ResourceInterpreterCustomization, Argo CD Application and ApplicationSet, and Flux Kustomization is what its CRD admits, without fields the API server would drop';

// what the API server does with a value that breaks the schema (kube/crd-schema.ts ViolationEffect).
const EFFECTS: Record<ViolationEffect, string> = {
  rejected: 'the API server rejects the object',
  pruned: 'the API server would drop it, and GitOps would show drift forever',
  defaulted: 'the API server would replace it with the default, and GitOps would show drift forever',
};

/**
 * Checks manifests as Karmada would admit them and as a safe migration needs them:
 * the CRD schema of each policy and delivery object (rejected values, and unknown
 * fields, which the API server would drop and GitOps would show as drift forever), the
 * validating webhook's rules with Karmada's own messages, and the migration rules.
 * Objects of a kind without a schema in the set are not schema-checked.
 *
 * @returns every violation, in the order of the manifests and then of the rules; a violation
 * found twice (same rule, path and message) is listed once, as Karmada's aggregated denial does
 */
export function validateManifests(manifests: readonly KubeObject[], options: ValidateManifestsOptions = {}): ManifestViolation[] {
  const schemas = options.schemas ?? bundledSchemas();
  const rules = options.rules ?? DEFAULT_RULES;
  const context: RuleContext = {
    sourceClusters: options.sourceClusters ?? [],
    ...(options.clustersOf ? { clustersOf: options.clustersOf } : {}),
    schemas,
    ...(options.karmadaControllers ? { karmadaControllers: options.karmadaControllers } : {}),
  };
  const out: ManifestViolation[] = [];
  for (const m of manifests) {
    const seen = new Set<string>();
    const add = (v: Violation): void => {
      const key = `${v.rule}\u0000${v.path ?? ''}\u0000${v.message}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ object: m, ...v });
    };
    if (schemas.schemaFor(m.apiVersion, m.kind)) {
      for (const v of schemas.validate(m)) {
        add({ rule: CRD_SCHEMA_RULE, path: v.path, message: `${v.message} (${EFFECTS[v.effect]})`, fix: 'write the object as its CRD defines it' });
      }
    }
    for (const rule of rules) {
      for (const v of rule.check(m, context)) add({ rule: rule.id, ...v });
    }
  }
  for (const rule of rules) {
    for (const { manifest, ...v } of rule.checkAll?.(manifests, context) ?? []) out.push({ object: manifest, rule: rule.id, ...v });
  }
  return out;
}

/**
 * renders a violation on one line, `[rule] Kind namespace/name: path: message; fix: ...`
 * (`path: message` is how Karmada's webhook words a denial, without the rejected value).
 */
export function formatViolation(v: ManifestViolation): string {
  return `[${v.rule}] ${objectRef(v.object)}: ${v.path ? `${v.path}: ` : ''}${v.message}; fix: ${v.fix}`;
}

/**
 * names an object uniquely within an output, `Kind namespace/name` (`Kind name` when
 * cluster-scoped): the key of the construct metadata the cdk8s validation plugin reports with.
 */
export function objectRef(obj: { readonly kind: string; readonly metadata: { readonly name?: string; readonly namespace?: string } }): string {
  return `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata.name ?? ''}`;
}
