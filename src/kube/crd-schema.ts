import { ValidateFunction } from 'ajv';
import { InputError, SourceLocation } from '../errors';
import { compileValidator, findCelRules, RawViolation, violationsFromAjv } from './_ajv';
import { applyStructuralDefaults, pruneNonNullableNulls, pruneUnknownFields, SchemaNode, schemaForField } from './_structural';
import { formatFieldPath, PathSegment } from './field-path';
import { isJsonObject, JsonObject, JsonValue, toJson } from './json';

/**
 * What the Kubernetes API server does with a value that breaks the schema.
 *
 * - `rejected`: the request fails (HTTP 422).
 * - `pruned`: the value is dropped silently (an unknown field, or `null` in a field that is
 *   not nullable). The request succeeds, but the stored object differs from Git, so a
 *   GitOps tool shows perpetual drift.
 * - `defaulted`: the value (`null`) is replaced by the field's default, with the same drift.
 */
export type ViolationEffect = 'rejected' | 'pruned' | 'defaulted';

/**
 * One way an object breaks its CRD's schema.
 */
export interface SchemaViolation {
  /** the field, rendered `spec.resourceSelectors[0].kind`; `(root)` for the object itself. */
  readonly path: string;
  /** what is wrong: `required`, `must be one of: Abort, Overwrite`, `must be integer`, `unknown field`... */
  readonly message: string;
  /** what the API server does about it. */
  readonly effect: ViolationEffect;
}

/**
 * A rule of `x-kubernetes-validations` (CEL) in the schema. These rules are listed, never
 * evaluated: a `validate()` without violations does not mean the API server accepts them.
 */
export interface CelRule {
  /** the schema location of the rule, `[*]` standing for any array item or map value. */
  readonly path: string;
  /** the CEL expression. */
  readonly rule: string;
  /**
   * the message the API server returns when the rule fails.
   * @default - the API server prints the rule
   */
  readonly message?: string;
}

/**
 * The scope of a custom resource: `Namespaced` objects live in a namespace, `Cluster` ones do not.
 */
export type CrdScope = 'Namespaced' | 'Cluster';

/**
 * How the Kubernetes API server treats one version of one custom resource kind, modelled on
 * its CRD's structural `openAPIV3Schema`:
 *
 * - `prune()` drops unknown fields, as the server does silently on every write;
 * - `applyDefaults()` applies the schema's `default:` values as the server does;
 * - `validate()` lists what the server rejects, plus what it would silently prune (an unknown
 *   field in a generated manifest is a bug: Argo CD would show perpetual drift).
 *
 * Validation runs ajv on the pruned and defaulted object, as the server validates after
 * pruning and defaulting. Supported extensions: `x-kubernetes-int-or-string`,
 * `x-kubernetes-preserve-unknown-fields`, `x-kubernetes-embedded-resource`, `nullable`,
 * `x-kubernetes-list-type: set|map` (duplicates rejected), formats `int32`/`int64`/`date-time`/
 * `date`/`uuid`/`ipv4`/`ipv6`/`byte` (other formats are ignored, as the server ignores unknown
 * ones). `x-kubernetes-validations` (CEL) rules are listed in `celRules` and not evaluated.
 *
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema
 */
export class CrdSchema {
  /**
   * Reads every version of a `apiextensions.k8s.io/v1` CustomResourceDefinition.
   *
   * @param crd the CRD as parsed from YAML or JSON
   * @param source where the CRD was read from, for error messages
   * @throws InputError when `crd` is not a v1 CRD with a schema for each version
   */
  public static fromCrd(crd: unknown, source?: SourceLocation): CrdSchema[] {
    const fail = (message: string): never => {
      throw new InputError(message, source);
    };
    if (!isJsonObject(crd)) return fail('a CustomResourceDefinition must be an object');
    if (crd.kind !== 'CustomResourceDefinition') return fail(`expected a CustomResourceDefinition, got kind ${JSON.stringify(crd.kind ?? null)}`);
    if (crd.apiVersion !== 'apiextensions.k8s.io/v1') {
      return fail(`only apiextensions.k8s.io/v1 CRDs are supported, got ${JSON.stringify(crd.apiVersion ?? null)}`);
    }
    const name = isJsonObject(crd.metadata) && typeof crd.metadata.name === 'string' ? crd.metadata.name : '(unnamed)';
    const spec = isJsonObject(crd.spec) ? crd.spec : fail(`CRD ${name}: spec must be an object`);
    const names = isJsonObject(spec.names) ? spec.names : fail(`CRD ${name}: spec.names must be an object`);
    const group = typeof spec.group === 'string' ? spec.group : fail(`CRD ${name}: spec.group must be a string`);
    const kind = typeof names.kind === 'string' ? names.kind : fail(`CRD ${name}: spec.names.kind must be a string`);
    const plural = typeof names.plural === 'string' ? names.plural : fail(`CRD ${name}: spec.names.plural must be a string`);
    const scope = spec.scope === 'Namespaced' || spec.scope === 'Cluster' ? spec.scope : fail(`CRD ${name}: spec.scope must be Namespaced or Cluster`);
    const versions = Array.isArray(spec.versions) && spec.versions.length ? spec.versions : fail(`CRD ${name}: spec.versions must list at least one version`);
    return versions.map((v, i) => {
      const at = `CRD ${name}: spec.versions[${i}]`;
      if (!isJsonObject(v) || typeof v.name !== 'string') return fail(`${at}.name must be a string`);
      const schema = isJsonObject(v.schema) && isJsonObject(v.schema.openAPIV3Schema)
        ? v.schema.openAPIV3Schema
        : fail(`${at} (${v.name}) has no schema.openAPIV3Schema`);
      return new CrdSchema({
        group, version: v.name, kind, plural, scope,
        served: v.served !== false,
        storage: v.storage === true,
        schema: schema as SchemaNode,
      });
    });
  }

  /** the API group, e.g. `policy.karmada.io`. */
  public readonly group: string;
  /** the version, e.g. `v1alpha1`. */
  public readonly version: string;
  /** the kind, e.g. `PropagationPolicy`. */
  public readonly kind: string;
  /** the resource name, e.g. `propagationpolicies`. */
  public readonly plural: string;
  /** whether objects of this kind live in a namespace. */
  public readonly scope: CrdScope;
  /** whether the API server serves this version. */
  public readonly served: boolean;
  /** whether this version is the one stored in etcd. */
  public readonly storage: boolean;
  /** the CEL rules of the schema, which `validate()` does not evaluate. */
  public readonly celRules: readonly CelRule[];

  private readonly schema: SchemaNode;
  private validator?: ValidateFunction;

  private constructor(props: CrdSchemaInit) {
    this.group = props.group;
    this.version = props.version;
    this.kind = props.kind;
    this.plural = props.plural;
    this.scope = props.scope;
    this.served = props.served;
    this.storage = props.storage;
    this.schema = props.schema;
    // fail early on a schema this model cannot read, and list the CEL rules.
    this.celRules = findCelRules(props.schema).map((r) => ({
      path: formatFieldPath(r.path),
      rule: r.rule,
      ...(r.message !== undefined ? { message: r.message } : {}),
    }));
  }

  /** `group/version`, the `apiVersion` of objects of this kind. */
  public get apiVersion(): string {
    return this.group ? `${this.group}/${this.version}` : this.version;
  }

  /**
   * Lists every way `obj` breaks the schema, in field order: what the API server rejects,
   * and what it would silently prune or replace by a default.
   *
   * @param obj the object as it would be sent (JSON data; `undefined` properties are ignored)
   * @returns an empty list when the server would store `obj` unchanged (CEL rules aside)
   */
  public validate(obj: unknown): SchemaViolation[] {
    const data = toJson(obj);
    if (!isJsonObject(data)) return [{ path: '(root)', message: 'must be object', effect: 'rejected' }];
    const out: Array<{ path: PathSegment[]; message: string; effect: ViolationEffect }> = [];
    for (const [field, expected] of [['apiVersion', this.apiVersion], ['kind', this.kind]] as const) {
      if (data[field] === undefined) out.push({ path: [field], message: 'required', effect: 'rejected' });
      else if (data[field] !== expected) out.push({ path: [field], message: `must be ${expected}`, effect: 'rejected' });
    }
    const unknown: PathSegment[][] = [];
    pruneUnknownFields(data, this.schema, unknown);
    out.push(...unknown.map((path) => ({ path, message: 'unknown field', effect: 'pruned' as const })));
    const nulls: PathSegment[][] = [];
    pruneNonNullableNulls(data, this.schema, nulls);
    out.push(...nulls.map((path) => ({ path, message: 'must not be null', effect: 'pruned' as const })));
    out.push(...defaultedNulls(data, this.schema).map((path) => ({ path, message: 'must not be null', effect: 'defaulted' as const })));
    applyStructuralDefaults(data, this.schema);
    const validator = this.compiled();
    if (!validator(data)) {
      out.push(...violationsFromAjv(validator.errors ?? [], data).map((v: RawViolation) => ({ ...v, effect: 'rejected' as const })));
    }
    return out
      .sort((a, b) => comparePaths(a.path, b.path))
      .map((v) => ({ path: formatFieldPath(v.path), message: v.message, effect: v.effect }));
  }

  /**
   * Returns a deep copy of `obj` with the schema's `default:` values applied, as the API
   * server's structural defaulting does: a default is set when the field is absent (or a
   * `null` the field does not allow) and its parent object exists; defaults apply top-down,
   * inside array items and map values. `null`s that are neither allowed nor defaulted are
   * dropped first, as the server does. Pure and idempotent.
   */
  public applyDefaults(obj: unknown): JsonObject {
    const data = this.objectCopy(obj);
    pruneNonNullableNulls(data, this.schema, []);
    applyStructuralDefaults(data, this.schema);
    return data;
  }

  /**
   * Returns a deep copy of `obj` without the fields the schema does not know, as the API
   * server prunes them on every write (`x-kubernetes-preserve-unknown-fields` keeps them;
   * `metadata` keeps the ObjectMeta fields).
   */
  public prune(obj: unknown): JsonObject {
    const data = this.objectCopy(obj);
    pruneUnknownFields(data, this.schema, []);
    return data;
  }

  private objectCopy(obj: unknown): JsonObject {
    const data = toJson(obj);
    if (!isJsonObject(data)) throw new InputError(`a ${this.kind} must be an object`);
    return data;
  }

  private compiled(): ValidateFunction {
    // compiling the large Karmada schemas takes a while; only do it once it is needed.
    this.validator ??= compileValidator(this.schema, []);
    return this.validator;
  }
}

interface CrdSchemaInit {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly scope: CrdScope;
  readonly served: boolean;
  readonly storage: boolean;
  readonly schema: SchemaNode;
}

function defaultedNulls(x: JsonValue, s: SchemaNode): PathSegment[][] {
  // nulls that survive pruning are either allowed or have a default that will replace them.
  const out: PathSegment[][] = [];
  const walk = (value: JsonValue, schema: SchemaNode | undefined, path: PathSegment[]): void => {
    if (!schema) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, schema.items, [...path, i]));
    } else if (isJsonObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (path.length === 0 && key === 'metadata') continue;
        const child = schemaForField(schema, key);
        if (item === null && child && !child.nullable && child.default !== undefined) out.push([...path, key]);
        else walk(item, child, [...path, key]);
      }
    }
  };
  walk(x, s, []);
  return out;
}

function comparePaths(a: readonly PathSegment[], b: readonly PathSegment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
}
