import { KubeObject } from '../inventory/types';
import { CrdSchemaSet } from '../karmada/crd-schema-set';
import { bundledSchemas } from './bundled-schemas';
import { MIGRATION_RULES } from './migration-rules';
import { WEBHOOK_RULES } from './webhook-rules';

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

/** A rule over one manifest; `all` is every manifest of the output, for rules that look across objects. */
export interface ManifestRule {
  readonly id: string;
  readonly description: string;
  check(manifest: KubeObject, context: RuleContext): Array<Omit<Violation, 'rule'>>;
}

/** What rules know besides the manifest. */
export interface RuleContext {
  /** the member clusters the migrations take over (their `sourceCluster`s); empty when unknown. */
  readonly sourceClusters: readonly string[];
}

/** A violation with the object it is on. */
export interface ManifestViolation extends Violation {
  readonly object: KubeObject;
}

/** Options of {@link validateManifests}. */
export interface ValidateManifestsOptions {
  /** @default - the CRDs bundled in `imports/crd-schemas.json` */
  readonly schemas?: CrdSchemaSet;
  /** @default [] */
  readonly sourceClusters?: readonly string[];
  /** @default - the webhook and migration rules */
  readonly rules?: readonly ManifestRule[];
}

/**
 * Checks manifests as Karmada would admit them and as a safe migration needs them:
 * the CRD schema of each policy and delivery object (rejected values, and unknown
 * fields, which the API server would drop and GitOps would show as drift forever), the
 * validating webhook's rules with Karmada's own messages, and the migration rules.
 *
 * @returns every violation, in the order of the manifests
 */
export function validateManifests(manifests: readonly KubeObject[], options: ValidateManifestsOptions = {}): ManifestViolation[] {
  const schemas = options.schemas ?? bundledSchemas();
  const rules = options.rules ?? [...WEBHOOK_RULES, ...MIGRATION_RULES];
  const context: RuleContext = { sourceClusters: options.sourceClusters ?? [] };
  const out: ManifestViolation[] = [];
  for (const m of manifests) {
    if (schemas.schemaFor(m.apiVersion, m.kind)) {
      for (const v of schemas.validate(m)) {
        if (v.effect === 'defaulted') continue;
        out.push({
          object: m, rule: 'crd-schema', path: v.path,
          message: `${v.path}: ${v.message}${v.effect === 'pruned' ? ' (the API server would drop it, and GitOps would show drift forever)' : ''}`,
          fix: 'write the object as its CRD defines it',
        });
      }
    }
    for (const rule of rules) {
      for (const v of rule.check(m, context)) out.push({ object: m, rule: rule.id, ...v });
    }
  }
  return out;
}

/** renders a violation on one line: `[rule] Kind namespace/name: message (fix)`. */
export function formatViolation(v: ManifestViolation): string {
  const where = `${v.object.kind} ${v.object.metadata.namespace ? `${v.object.metadata.namespace}/` : ''}${v.object.metadata.name}`;
  return `[${v.rule}] ${where}: ${v.message}; fix: ${v.fix}`;
}
