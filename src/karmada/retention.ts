// Retaining fields of the member object with a ResourceInterpreterCustomization (RIC,
// config.karmada.io/v1alpha1) `retention` script, the TypeScript model of what the generated Lua
// does (retention-lua.ts). Karmada v1.18.2: pkg/util/objectwatcher/objectwatcher.go (Update:
// retainClusterFields, then the Retain hook), pkg/resourceinterpreter/interpreter.go (Retain: the
// declarative layer, a RIC, wins over the webhook, third-party and native layers; layers never
// compose), pkg/resourceinterpreter/default/thirdparty/resourcecustomizations/ (the third-party
// scripts with a retention), pkg/resourceinterpreter/customized/declarative/luavm/lua.go (Retain).
import type { RetainedFields } from './fights';
import { applyRetainHookInPlace } from './retain';
import { FieldPathStep, FieldPathSyntaxError, formatFieldPathSteps, parseFieldPath } from '../kube/field-path';
import { BUILTIN_KINDS, builtinScope } from '../kube/kinds';
import { didYouMean } from '../kube/suggest';
import { cloneJson, getOwn, isJsonObject, JsonObject, JsonValue, setOwn, str } from '../kube/json';

/** The GVKs (`apiVersion/Kind`) whose retention Karmada v1.18.2 gives a third-party script of its own. */
export const THIRD_PARTY_RETENTION_KINDS: readonly string[] = [
  'apps.kruise.io/v1alpha1/BroadcastJob', 'apps.kruise.io/v1alpha1/SidecarSet', 'argoproj.io/v1alpha1/Workflow',
  'helm.toolkit.fluxcd.io/v2beta1/HelmRelease', 'kustomize.toolkit.fluxcd.io/v1/Kustomization', 'source.toolkit.fluxcd.io/v1/GitRepository',
  'source.toolkit.fluxcd.io/v1beta2/Bucket', 'source.toolkit.fluxcd.io/v1beta2/HelmChart', 'source.toolkit.fluxcd.io/v1beta2/HelmRepository',
  'source.toolkit.fluxcd.io/v1beta2/OCIRepository',
];

/** The fields of the member object a migration retains for one object (a template of the migration). */
export interface RetainedObject {
  /** the object's namespace. @default - cluster-scoped */
  readonly namespace?: string;
  /** the object's name. */
  readonly name: string;
  /** the retained fields, canonical paths (see {@link parseRetainedField}), sorted. */
  readonly fields: readonly string[];
}

/** What one ResourceInterpreterCustomization retains: one kind, the objects and their fields. */
export interface RetentionSpec {
  /** the target's apiVersion, as Karmada's Works hold the objects (the watched version). */
  readonly apiVersion: string;
  /** the target's kind. */
  readonly kind: string;
  /** the objects whose fields are retained, in key order; every other object of the kind gets Karmada's native retention only. */
  readonly objects: readonly RetainedObject[];
}

// what Karmada keeps anyway, or what names the object: no retention path may hold them.
const METADATA_REFUSALS: Readonly<Record<string, string>> = {
  managedFields: 'Karmada never sends metadata.managedFields (the API server keeps the live ones): copying them from the member would smuggle every manager\'s fields into Karmada\'s PUT',
  resourceVersion: 'Karmada always keeps the member\'s metadata.resourceVersion (retainClusterFields)',
  finalizers: 'Karmada always keeps the member\'s metadata.finalizers (retainClusterFields)',
  ownerReferences: 'Karmada always keeps the member\'s metadata.ownerReferences (retainClusterFields)',
  name: 'metadata.name names the object: it is the template\'s',
  namespace: 'metadata.namespace names the object: it is the template\'s',
  generateName: 'metadata.generateName is only read on creation',
  uid: 'metadata.uid is set by the member\'s API server and never written',
  creationTimestamp: 'metadata.creationTimestamp is set by the member\'s API server and never written',
  generation: 'metadata.generation is set by the member\'s API server and never written',
  selfLink: 'metadata.selfLink is set by the API server and never written',
  deletionTimestamp: 'metadata.deletionTimestamp is set by the member\'s API server and never written',
  deletionGracePeriodSeconds: 'metadata.deletionGracePeriodSeconds is set by the member\'s API server and never written',
};

/** A retained field path, parsed. */
export interface ParsedRetainedField {
  readonly steps: FieldPathStep[];
  /** the path as formatFieldPathSteps writes it. */
  readonly canonical: string;
}

/**
 * Parses a retained field path (the syntax of `parseFieldPath`): property names joined by dots,
 * `[key]` for a map key that is no plain word (`metadata.annotations[kubectl.kubernetes.io/restartedAt]`),
 * `[name=value]` for the elements of a list whose `name` (or another key) is that string, `[*]`
 * for every element of a list, matched between the template and the member object by its
 * `name`. Returns the steps and the canonical form, or the problem with its fix.
 */
export function parseRetainedField(path: string): ParsedRetainedField | { readonly problem: string } {
  let steps: FieldPathStep[];
  try {
    steps = parseFieldPath(path);
  } catch (e) {
    if (!(e instanceof FieldPathSyntaxError)) throw e;
    return { problem: `${e.message}; write dotted names, [key] for a map key such as a label, [name=value] or [*] for list elements (spec.template.spec.containers[name=app].resources)` };
  }
  const problem = stepsProblem(steps);
  return problem ? { problem } : { steps, canonical: formatFieldPathSteps(steps) };
}

function stepsProblem(steps: readonly FieldPathStep[]): string | undefined {
  const position = steps.find(s => 'index' in s);
  if (position && 'index' in position) {
    return `[${position.index}] is a position in a list, which the template and the member object need not share: select the element by a key, [name=<name>], or every element by name, [*], or retain the whole list`;
  }
  const last = steps[steps.length - 1];
  if (!('field' in last)) {
    return 'ends with a list selector: name a field inside the element (containers[name=app].resources), or retain the whole list (list elements are never added or removed)';
  }
  const first = steps[0];
  if (!('field' in first)) return 'starts with a list selector: an object is no list; start with a field (spec...)';
  if (first.field === 'status') return 'status is written by the member\'s controllers through its own subresource, never by Karmada\'s PUT: there is nothing to retain';
  if (first.field === 'apiVersion' || first.field === 'kind') return `${first.field} names the object's type: it is the template's`;
  if (first.field !== 'metadata') return undefined;
  const second = steps[1];
  if (!second) return 'the whole metadata would bring the member\'s managedFields, uid and resourceVersion into Karmada\'s PUT: name a label or annotation, metadata.labels[<key>]';
  if (!('field' in second)) return 'metadata is no list';
  const refusal = getOwn(METADATA_REFUSALS, second.field);
  if (refusal) return `${refusal}: there is nothing to configure`;
  if (second.field !== 'labels' && second.field !== 'annotations') {
    return `metadata.${second.field} cannot be retained: under metadata only labels[<key>] and annotations[<key>] can`;
  }
  const key = steps[2];
  if (!key) {
    return `the whole metadata.${second.field} would replace Karmada's own ${second.field} with the member's (it adds its bookkeeping to every Work): name the keys, metadata.${second.field}[<key>] (the member's other keys survive already, unless the template sets them)`;
  }
  if (!('field' in key) || steps.length > 3) return `metadata.${second.field} is a map of strings: write metadata.${second.field}[<key>]`;
  const domain = key.field.includes('/') ? key.field.slice(0, key.field.indexOf('/')) : '';
  if (domain === 'karmada.io' || domain.endsWith('.karmada.io')) {
    return `${key.field} is Karmada's own bookkeeping, which it writes on every object it propagates: it cannot be the member's`;
  }
  return undefined;
}

/** the GVK key of `apiVersion` and `kind`, as the retain tables name them (`apps/v1/Deployment`). */
export function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** the key a retention script looks an object up by: `namespace/name`, or `name` when cluster-scoped. */
export function retainedObjectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * The fields of the member object Karmada keeps for `object` under these retentions (canonical
 * paths, sorted): those of the RetentionSpec of its exact apiVersion and kind that names it.
 * Empty when none does (Karmada's native retention, if any, still applies: `RETAINED_FIELDS`).
 */
export function retainedFieldPaths(retentions: readonly RetentionSpec[],
  object: { readonly apiVersion: string; readonly kind: string; readonly metadata: { readonly namespace?: string; readonly name: string } },
): readonly string[] {
  const spec = retentions.find(r => r.apiVersion === object.apiVersion && r.kind === object.kind);
  const key = retainedObjectKey(object.metadata.namespace, object.metadata.name);
  return spec?.objects.find(o => retainedObjectKey(o.namespace, o.name) === key)?.fields ?? [];
}

/**
 * Returns `desired` after the retention the generated script of `spec` does (for an object of its
 * target kind): Karmada's native hook of that kind, which the script must re-implement since it
 * replaces it, then, for an object `spec` names, each of its fields from `observed`. `desired` is
 * the Work's manifest after `retainClusterFields`, as Karmada hands it to the script.
 */
export function applyRetention(desired: JsonObject, observed: JsonObject, spec: RetentionSpec): JsonObject {
  const out = cloneJson(desired);
  applyRetainHookInPlace(out, observed);
  const meta = isJsonObject(out.metadata) ? out.metadata : {};
  const key = retainedObjectKey(str(meta, 'namespace') || undefined, str(meta, 'name'));
  const entry = spec.objects.find(o => retainedObjectKey(o.namespace, o.name) === key);
  for (const field of entry?.fields ?? []) {
    const parsed = parseRetainedField(field);
    if ('problem' in parsed) throw new Error(`retained field ${JSON.stringify(field)}: ${parsed.problem}`);
    retainFieldInPlace(out, observed, parsed.steps);
  }
  return out;
}

/**
 * Copies one field from `observed` into `desired` (changed in place), as the generated Lua does:
 * the member's value wins, so a field absent from the member is removed from `desired`; missing
 * intermediate maps are made in `desired` only when something is copied into them; `[key=value]`
 * follows the first element of each list whose `key` is that string, and `[*]` each element of
 * the desired list with a string `name` to the member's element of that name; list elements are
 * never added or removed. Lua cannot tell an empty map from an empty list, so an empty list is
 * treated as an empty map where the path names a property (as the script does).
 */
export function retainFieldInPlace(desired: JsonObject, observed: JsonObject | undefined, steps: readonly FieldPathStep[]): void {
  retainStep(desired, observed, steps, 0);
}

function asTable(v: JsonValue | undefined): JsonObject | JsonValue[] | undefined {
  return isJsonObject(v) || Array.isArray(v) ? v : undefined;
}

// a table Lua indexes by name: a map, or an empty list (the same empty table in Lua).
function asMap(v: JsonValue | undefined): JsonObject | undefined {
  if (isJsonObject(v)) return v;
  return Array.isArray(v) && v.length === 0 ? {} : undefined;
}

function findElement(list: JsonValue | undefined, key: string, value: string): JsonObject | undefined {
  if (!Array.isArray(list)) return undefined;
  return list.find((e): e is JsonObject => isJsonObject(e) && getOwn(e, key) === value);
}

// one step of the path into `d` (a map, or a list for a list selector), `o` the member's value at the same place.
function retainStep(d: JsonObject | JsonValue[], o: JsonValue | undefined, steps: readonly FieldPathStep[], i: number): void {
  const step = steps[i];
  if ('field' in step) {
    if (Array.isArray(d)) return; // a list where a map is expected: nothing to follow.
    const ov = getOwn(asMap(o), step.field) ?? undefined;
    if (i === steps.length - 1) {
      if (ov === undefined || ov === null) delete d[step.field];
      else setOwn(d, step.field, cloneJson(ov));
      return;
    }
    const observedTable = asTable(ov);
    const desiredTable = asTable(getOwn(d, step.field));
    if (desiredTable !== undefined && !(Array.isArray(desiredTable) && desiredTable.length === 0 && 'field' in steps[i + 1])) {
      if (observedTable !== undefined || desiredTable !== undefined) retainStep(desiredTable, observedTable, steps, i + 1);
      return;
    }
    if (observedTable === undefined) return;
    // made only when something is copied into it (an empty list in Lua is the same empty table, which a property turns into a map).
    const made: JsonObject = {};
    retainStep(made, observedTable, steps, i + 1);
    if (Object.keys(made).length > 0) setOwn(d, step.field, made);
    return;
  }
  if (!Array.isArray(d)) return; // a map where a list is expected: no element to follow.
  if ('key' in step) {
    const element = findElement(d, step.key, step.equals);
    if (element) retainStep(element, findElement(o, step.key, step.equals), steps, i + 1);
    return;
  }
  for (const element of d) {
    if (!isJsonObject(element)) continue;
    const name = getOwn(element, 'name');
    if (typeof name === 'string') retainStep(element, findElement(o, 'name', name), steps, i + 1);
  }
}

const BUILTIN_GROUPS = new Set(BUILTIN_KINDS.map(k => k.group));

/** One retained-fields entry: a kind and its fields (`spec.retain[]` of migration.yaml). */
export interface RetainEntry {
  readonly apiVersion: string;
  readonly kind: string;
  readonly fields: readonly string[];
}

/** A problem of a list of {@link RetainEntry}, at a path relative to the list (`[1, 'fields', 0]`). */
export interface RetainEntryProblem {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

/**
 * The problems of a list of retained-fields entries, each with its value and fix: a kind the
 * apiVersion's built-in group does not serve, a kind whose retention Karmada gives a third-party
 * script (a customization would replace it, and karmada-migrate does not re-implement those), a
 * kind listed twice, a field that is no retained field path (see {@link parseRetainedField}), a
 * field listed twice or inside another of the same entry.
 */
export function retainEntryProblems(entries: readonly RetainEntry[]): RetainEntryProblem[] {
  const problems: RetainEntryProblem[] = [];
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const gvk = gvkKey(e.apiVersion, e.kind);
    const previous = seen.get(gvk);
    if (previous !== undefined) {
      problems.push({ path: [i], message: `${e.apiVersion} ${e.kind} is listed at [${previous}] too: list each kind once, with all its fields` });
      return;
    }
    seen.set(gvk, i);
    const group = e.apiVersion.includes('/') ? e.apiVersion.slice(0, e.apiVersion.indexOf('/')) : '';
    if (BUILTIN_GROUPS.has(group) && builtinScope(group, e.kind) === undefined) {
      problems.push({ path: [i, 'kind'], message: `'${e.kind}' is no kind of ${e.apiVersion} (the kinds of a group are those of kubectl api-resources): write the kind as the objects do` +
        didYouMean(e.kind, BUILTIN_KINDS.filter(k => k.group === group).map(k => k.kind)) });
    }
    if (THIRD_PARTY_RETENTION_KINDS.includes(gvk)) {
      problems.push({ path: [i], message: `Karmada retains ${e.apiVersion} ${e.kind} with a third-party script of its own (pkg/resourceinterpreter/default/thirdparty/), which a customization would replace and karmada-migrate does not re-implement: leave its fields to that script` });
    }
    const canonical: string[] = [];
    e.fields.forEach((field, j) => {
      const parsed = parseRetainedField(field);
      if ('problem' in parsed) {
        problems.push({ path: [i, 'fields', j], message: `${JSON.stringify(field)}: ${parsed.problem}` });
        return;
      }
      const same = canonical.indexOf(parsed.canonical);
      const outer = canonical.findIndex(c => isInside(parsed.canonical, c) || isInside(c, parsed.canonical));
      if (same >= 0) problems.push({ path: [i, 'fields', j], message: `${JSON.stringify(field)} is listed twice (as fields[${same}]): remove one` });
      else if (outer >= 0) problems.push({ path: [i, 'fields', j], message: `${JSON.stringify(field)} and fields[${outer}] (${canonical[outer]}) overlap, one inside the other: keep the one you mean` });
      canonical.push(parsed.canonical);
    });
  });
  return problems;
}

// whether the canonical path `inner` lies inside `outer` (`spec.a.b` in `spec.a`, `spec.a[*].b` in `spec.a`).
function isInside(inner: string, outer: string): boolean {
  return inner.startsWith(outer) && (inner[outer.length] === '.' || inner[outer.length] === '[');
}

/**
 * What the plan's fights analysis (`findFights`, fights.ts) takes as configured retention for one
 * object: the retained paths of its kind's customization for that object, with
 * `keepsNativeRetention` (the generated scripts re-implement the native hook). Empty when no
 * retention of the migration covers its kind; an object of a covered kind that the migration does
 * not name keeps the native hook only (an entry with no paths).
 */
export function retainedFieldsFor(retentions: readonly RetentionSpec[],
  object: { readonly apiVersion: string; readonly kind: string; readonly metadata: { readonly namespace?: string; readonly name: string } },
): RetainedFields[] {
  const spec = retentions.find(r => r.apiVersion === object.apiVersion && r.kind === object.kind);
  if (!spec) return [];
  return [{ apiVersion: spec.apiVersion, kind: spec.kind, paths: retainedFieldPaths(retentions, object), keepsNativeRetention: true }];
}
