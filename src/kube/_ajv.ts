// private: turns a CRD's structural schema into a JSON schema that ajv validates the way
// the API server's schema validation does, and turns ajv's errors into field errors.
// pruning of unknown fields and nulls happens before validation (see _structural.ts),
// so the schema built here never needs `additionalProperties: false`.

import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { PathSegment } from './field-path';
import { getOwn, isJsonObject, JsonValue, setOwn } from './json';
import { SchemaNode } from './_structural';

/** a rule of `x-kubernetes-validations`, found but not evaluated. */
export interface FoundCelRule {
  /** where in the schema, `*` for any item or map value. */
  readonly path: PathSegment[];
  /** the CEL expression. */
  readonly rule: string;
  /** the message of the rule. @default - none */
  readonly message?: string;
}

/** a field error before its path is rendered. */
export interface RawViolation {
  /** the field. */
  readonly path: PathSegment[];
  /** what is wrong. */
  readonly message: string;
}

type AjvSchema = Record<string, unknown>;

const MAX_INT32 = 2 ** 31 - 1;
const MAX_INT64 = 2 ** 63;

// the string formats kube-openapi checks whose meaning ajv-formats shares; k8s ignores the
// formats it does not know, and some it knows (duration, uri, hostname) differ from ajv-formats.
const AJV_STRING_FORMATS = ['date-time', 'date', 'uuid', 'ipv4', 'ipv6', 'byte'] as const;
const KNOWN_FORMATS: readonly string[] = [...AJV_STRING_FORMATS, 'int32', 'int64'];

// keywords copied to ajv as they are.
const COPIED_KEYWORDS: readonly string[] = [
  'type', 'required', 'enum', 'pattern', 'minItems', 'maxItems', 'minLength', 'maxLength',
  'multipleOf', 'uniqueItems', 'minProperties', 'maxProperties',
];
// keywords rewritten for ajv, or acted on by pruning and defaulting rather than validation.
const HANDLED_KEYWORDS: readonly string[] = [
  'properties', 'additionalProperties', 'items', 'allOf', 'anyOf', 'oneOf', 'not', 'nullable', 'format',
  'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'default',
  'x-kubernetes-int-or-string', 'x-kubernetes-embedded-resource', 'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-validations',
];
// keywords that only annotate.
const ANNOTATION_KEYWORDS: readonly string[] = ['description', 'example', 'externalDocs', 'title', 'x-kubernetes-map-type'];

// ObjectMeta is decoded into its Go type, where `null` leaves a field empty, so every field is nullable;
// generated manifests often carry `creationTimestamp: null`.
const STRING_MAP: AjvSchema = { type: 'object', nullable: true, additionalProperties: { type: 'string' } };
const OBJECT_LIST: AjvSchema = { type: 'array', nullable: true, items: { type: 'object' } };
const nullableString: AjvSchema = { type: 'string', nullable: true };
const nullableInteger: AjvSchema = { type: 'integer', nullable: true };
const OBJECT_META: AjvSchema = {
  type: 'object',
  properties: {
    name: nullableString,
    generateName: nullableString,
    namespace: nullableString,
    labels: STRING_MAP,
    annotations: STRING_MAP,
    finalizers: { type: 'array', nullable: true, items: { type: 'string' } },
    ownerReferences: OBJECT_LIST,
    managedFields: OBJECT_LIST,
    uid: nullableString,
    resourceVersion: nullableString,
    selfLink: nullableString,
    generation: nullableInteger,
    deletionGracePeriodSeconds: nullableInteger,
    creationTimestamp: nullableString,
    deletionTimestamp: nullableString,
  },
};

let shared: Ajv | undefined;

function ajv(): Ajv {
  if (shared) return shared;
  const instance = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    // a field named like a member of Object.prototype (`constructor`, `toString`) is present only when the data has it.
    ownProperties: true,
    // structural schemas put `required`, `properties` and `items` where ajv's strict typing would complain.
    strictTypes: false,
    strictRequired: false,
    strictTuples: false,
    // a shared definition (see shareRepeated) is compiled once, as its own function.
    inlineRefs: false,
  });
  addFormats(instance, [...AJV_STRING_FORMATS]);
  // ajv-formats' int64 accepts any JS integer; Go's int64 stops at 2^63.
  instance.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -MAX_INT32 - 1 && n <= MAX_INT32 });
  instance.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -MAX_INT64 && n < MAX_INT64 });
  instance.addKeyword({
    keyword: 'k8sIntOrString',
    schemaType: 'object',
    errors: false,
    validate: (schema: { nullable: boolean }, data: unknown) =>
      data === null ? schema.nullable : typeof data === 'string' || Number.isInteger(data),
  });
  instance.addKeyword({
    keyword: 'k8sListType',
    schemaType: 'object',
    errors: false,
    validate: (schema: ListTypeSchema, data: unknown) => !Array.isArray(data) || duplicateIndexes(schema, data).length === 0,
  });
  shared = instance;
  return instance;
}

// the schema of the k8sListType keyword: x-kubernetes-list-type and its list-map-keys.
interface ListTypeSchema {
  readonly type: 'set' | 'map';
  readonly keys: readonly string[];
}

/**
 * Compiles the validator of one CRD version, collecting its `x-kubernetes-validations`.
 *
 * @throws Error when the schema uses a keyword that a CRD may not use or that this model does not know.
 */
export function compileValidator(root: SchemaNode, cel: FoundCelRule[]): ValidateFunction {
  const schema = convert(root, [], { root: true, junctor: false, cel });
  return ajv().compile(shareRepeated(schema));
}

// the smallest subschema (as JSON text) worth sharing.
const MIN_SHARED_LENGTH = 256;
// the keywords whose values are subschemas, and those whose values are maps or lists of them.
const SUBSCHEMA_KEYWORDS: readonly string[] = ['additionalProperties', 'items', 'not'];
const SUBSCHEMA_LIST_KEYWORDS: readonly string[] = ['anyOf', 'allOf', 'oneOf'];

/**
 * Puts every subschema that occurs more than once (Argo CD's Application repeats its
 * `ApplicationSource` a dozen times) into `$defs` once, referenced where it was: ajv then
 * compiles each once instead of once per place, which is most of the time compiling a large CRD
 * takes. The validation and its errors (instance paths) are unchanged.
 */
function shareRepeated(root: AjvSchema): AjvSchema {
  const text = new Map<AjvSchema, string>();
  const counts = new Map<string, number>();
  const eachSubschema = (node: AjvSchema, fn: (child: AjvSchema) => void) => {
    const props = node.properties as Record<string, AjvSchema> | undefined;
    if (props) Object.values(props).forEach(fn);
    for (const k of SUBSCHEMA_KEYWORDS) if (isJsonObject(node[k] as JsonValue)) fn(node[k] as AjvSchema);
    for (const k of SUBSCHEMA_LIST_KEYWORDS) if (Array.isArray(node[k])) (node[k] as AjvSchema[]).forEach(fn);
  };
  const count = (node: AjvSchema) => {
    const json = JSON.stringify(node);
    text.set(node, json);
    if (json.length >= MIN_SHARED_LENGTH) counts.set(json, (counts.get(json) ?? 0) + 1);
    eachSubschema(node, count);
  };
  eachSubschema(root, count);
  const defs: Record<string, AjvSchema> = {};
  const names = new Map<string, string>();
  const rewrite = (node: AjvSchema): AjvSchema => {
    const out: AjvSchema = { ...node };
    const props = node.properties as Record<string, AjvSchema> | undefined;
    if (props) {
      const rewritten: Record<string, AjvSchema> = {};
      for (const [key, value] of Object.entries(props)) setOwn(rewritten, key, share(value));
      out.properties = rewritten;
    }
    for (const k of SUBSCHEMA_KEYWORDS) if (isJsonObject(node[k] as JsonValue)) out[k] = share(node[k] as AjvSchema);
    for (const k of SUBSCHEMA_LIST_KEYWORDS) if (Array.isArray(node[k])) out[k] = (node[k] as AjvSchema[]).map(share);
    return out;
  };
  const share = (node: AjvSchema): AjvSchema => {
    const json = text.get(node) as string;
    if ((counts.get(json) ?? 0) < 2) return rewrite(node);
    let name = names.get(json);
    if (name === undefined) {
      name = `s${names.size}`;
      names.set(json, name);
      defs[name] = rewrite(node);
    }
    return { $ref: `#/$defs/${name}` };
  };
  const out = rewrite(root);
  return names.size ? { ...out, $defs: defs } : out;
}

/** collects the `x-kubernetes-validations` rules of a schema without compiling it. */
export function findCelRules(root: SchemaNode): FoundCelRule[] {
  const cel: FoundCelRule[] = [];
  convert(root, [], { root: true, junctor: false, cel });
  return cel;
}

interface ConvertContext {
  readonly root: boolean;
  readonly junctor: boolean;
  readonly cel: FoundCelRule[];
}

function convert(s: SchemaNode, path: PathSegment[], ctx: ConvertContext): AjvSchema {
  const out: AjvSchema = {};
  for (const keyword of Object.keys(s)) {
    if (!COPIED_KEYWORDS.includes(keyword) && !HANDLED_KEYWORDS.includes(keyword) && !ANNOTATION_KEYWORDS.includes(keyword)) {
      throw new Error(`unsupported schema keyword "${keyword}" at ${describe(path)}`);
    }
  }
  for (const keyword of COPIED_KEYWORDS) {
    if (s[keyword] !== undefined) out[keyword] = s[keyword];
  }
  if (s.nullable === true && typeof s.type === 'string') out.nullable = true;
  if (typeof s.format === 'string' && KNOWN_FORMATS.includes(s.format)) out.format = s.format;
  convertBounds(s, out);
  if (s['x-kubernetes-int-or-string']) {
    out.k8sIntOrString = { nullable: s.nullable === true };
  }
  if (Array.isArray(s.anyOf) && !(s['x-kubernetes-int-or-string'] && isIntOrStringAnyOf(s.anyOf))) {
    out.anyOf = s.anyOf.map((branch: SchemaNode, i) => convert(branch, [...path, `anyOf[${i}]`], { ...ctx, root: false, junctor: true }));
  }
  for (const junctor of ['allOf', 'oneOf'] as const) {
    const branches = s[junctor];
    if (Array.isArray(branches)) {
      out[junctor] = branches.map((branch: SchemaNode, i) => convert(branch, [...path, `${junctor}[${i}]`], { ...ctx, root: false, junctor: true }));
    }
  }
  if (isJsonObject(s.not)) out.not = convert(s.not as SchemaNode, [...path, 'not'], { ...ctx, root: false, junctor: true });

  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set' || listType === 'map') {
    const keys = Array.isArray(s['x-kubernetes-list-map-keys']) ? (s['x-kubernetes-list-map-keys'] as string[]) : [];
    out.k8sListType = { type: listType, keys };
  }
  const validations = s['x-kubernetes-validations'];
  if (Array.isArray(validations)) {
    for (const v of validations) {
      if (isJsonObject(v) && typeof v.rule === 'string') {
        ctx.cel.push({ path, rule: v.rule, ...(typeof v.message === 'string' ? { message: v.message } : {}) });
      }
    }
  }

  const child = { ...ctx, root: false };
  if (s.properties) {
    const props: Record<string, AjvSchema> = {};
    for (const [key, prop] of Object.entries(s.properties)) setOwn(props, key, convert(prop, [...path, key], child));
    out.properties = props;
  }
  if (typeof s.additionalProperties === 'object') {
    out.additionalProperties = convert(s.additionalProperties, [...path, '*'], child);
  } else if (typeof s.additionalProperties === 'boolean') {
    out.additionalProperties = s.additionalProperties;
  }
  if (s.items) out.items = convert(s.items, [...path, '*'], child);

  if (ctx.root || s['x-kubernetes-embedded-resource']) addObjectMeta(out, !ctx.root && !ctx.junctor);
  return out;
}

function convertBounds(s: SchemaNode, out: AjvSchema): void {
  // openAPI v3.0 writes exclusive bounds as booleans next to minimum/maximum; ajv wants numbers.
  if (typeof s.minimum === 'number') {
    if (s.exclusiveMinimum === true) out.exclusiveMinimum = s.minimum;
    else out.minimum = s.minimum;
  }
  if (typeof s.maximum === 'number') {
    if (s.exclusiveMaximum === true) out.exclusiveMaximum = s.maximum;
    else out.maximum = s.maximum;
  }
}

function isIntOrStringAnyOf(anyOf: unknown[]): boolean {
  return anyOf.length === 2 && anyOf.every((b) => isJsonObject(b) && Object.keys(b).length === 1)
    && (anyOf[0] as SchemaNode).type === 'integer' && (anyOf[1] as SchemaNode).type === 'string';
}

function addObjectMeta(out: AjvSchema, embedded: boolean): void {
  const props = { ...(out.properties as Record<string, AjvSchema> | undefined) };
  // the CRD's own metadata schema is usually a bare `type: object`; check what ObjectMeta decoding checks.
  props.metadata = OBJECT_META;
  if (embedded) {
    // an embedded resource must name its apiVersion and kind (apiextensions objectmeta validation).
    props.apiVersion = { type: 'string', minLength: 1 };
    props.kind = { type: 'string', minLength: 1 };
    const required = Array.isArray(out.required) ? (out.required as string[]) : [];
    out.required = [...new Set([...required, 'apiVersion', 'kind'])];
  }
  out.properties = props;
}

function describe(path: PathSegment[]): string {
  return path.length ? path.join('.') : 'the schema root';
}

/**
 * Turns ajv's errors for `data` into field errors. A type error on a field hides the other
 * errors on the same field (an enum error on a number is noise).
 */
export function violationsFromAjv(errors: readonly ErrorObject[], data: JsonValue): RawViolation[] {
  const out: RawViolation[] = [];
  const typeErrors = new Set(errors.filter((e) => e.keyword === 'type' || e.keyword === 'k8sIntOrString').map((e) => e.instancePath));
  for (const e of errors) {
    if (typeErrors.has(e.instancePath) && e.keyword !== 'type' && e.keyword !== 'k8sIntOrString') continue;
    const path = parsePointer(e.instancePath, data);
    out.push(...messagesFor(e, path));
  }
  return out;
}

function messagesFor(e: ErrorObject, path: PathSegment[]): RawViolation[] {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return [{ path: [...path, String(p.missingProperty)], message: 'required' }];
    case 'type':
      return [{ path, message: e.data === null ? 'must not be null' : `must be ${String(p.type).split(',').join(' or ')}` }];
    case 'k8sIntOrString':
      return [{ path, message: 'must be integer or string' }];
    case 'enum':
      return [{ path, message: `must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}` }];
    case 'minItems':
      return [{ path, message: `must have at least ${plural(Number(p.limit), 'item')}` }];
    case 'maxItems':
      return [{ path, message: `must have at most ${plural(Number(p.limit), 'item')}` }];
    case 'minLength':
      return [{ path, message: `must be at least ${plural(Number(p.limit), 'character')} long` }];
    case 'maxLength':
      return [{ path, message: `must be at most ${plural(Number(p.limit), 'character')} long` }];
    case 'minProperties':
      return [{ path, message: `must have at least ${plural(Number(p.limit), 'field')}` }];
    case 'maxProperties':
      return [{ path, message: `must have at most ${plural(Number(p.limit), 'field')}` }];
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return [{ path, message: `must be ${String(p.comparison)} ${String(p.limit)}` }];
    case 'pattern':
      return [{ path, message: `must match the pattern ${String(p.pattern)}` }];
    case 'format':
      return [{ path, message: `must be a valid ${String(p.format)}` }];
    case 'uniqueItems':
      return [{ path: [...path, Number(p.i)], message: 'duplicate value' }];
    case 'k8sListType':
      return duplicateIndexes(e.schema as ListTypeSchema, e.data as unknown[]).map((i) => ({
        path: [...path, i],
        message: (e.schema as ListTypeSchema).type === 'set'
          ? 'duplicate value'
          : `duplicate entry for key (${(e.schema as ListTypeSchema).keys.join(', ')})`,
      }));
    default:
      return [{ path, message: e.message ?? `must pass "${e.keyword}"` }];
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function duplicateIndexes(schema: ListTypeSchema, list: readonly unknown[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  list.forEach((item, i) => {
    const identity = schema.type === 'set'
      ? JSON.stringify(item)
      : JSON.stringify(schema.keys.map((k) => (isJsonObject(item) ? getOwn(item, k) ?? null : null)));
    if (seen.has(identity)) out.push(i);
    seen.add(identity);
  });
  return out;
}

function parsePointer(pointer: string, data: JsonValue): PathSegment[] {
  if (!pointer) return [];
  const out: PathSegment[] = [];
  let cursor: JsonValue | undefined = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cursor)) {
      const index = Number(segment);
      out.push(index);
      cursor = cursor[index];
    } else {
      out.push(segment);
      cursor = isJsonObject(cursor) ? getOwn(cursor, segment) : undefined;
    }
  }
  return out;
}
