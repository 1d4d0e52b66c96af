// karmada v1.18.2: what OverridePolicies and ClusterOverridePolicies do to a template for one member
// cluster. Sources: pkg/util/overridemanager/overridemanager.go (ApplyOverridePolicies:
// applyClusterOverrides then applyNamespacedOverrides; getOverridersFromOverridePolicies: the
// resource match, overrideRules vs the deprecated targetCluster/overriders, the sort by implicit
// priority then name; applyPolicyOverriders: image, command, args, labels, annotations, field,
// plaintext), imageoverride.go (buildPatches, overrideImage), commandargsoverride.go
// (buildCommandArgsPatches), labelannotationoverrider.go (applyLabelAnnotationOverriders),
// pkg/util/imageparser/parser.go (Parse, Components.String, SetTagOrDigest), pkg/util/selector.go
// (ResourceMatchSelectorsPriority, ClusterMatches), pkg/webhook/overridepolicy/mutating.go (an
// OP's selectors get its namespace), and the JSON patch of vendor/github.com/evanphx/json-patch/v5
// (patch.go: add/remove/replace, negative indices, no missing-path tolerance).
import { child, cloneJson, compareStrings, getOwn, hasOwn, isJsonObject, JsonObject, JsonValue, objectItems, setOwn, str } from '../kube/json';
import { IMPLICIT_PRIORITY, ImplicitPriority, resourceSelectorPriority } from './claims';
import { clusterMatches, MemberCluster } from './placement';

/** The operators of the overriders (`OverriderOperator`). */
export type OverriderOperator = 'add' | 'remove' | 'replace';

/** `PlaintextOverrider`: one RFC 6902 operation. */
export interface PlaintextOverrider {
  /** an RFC 6901 pointer from the object's root (`/spec/replicas`). */
  readonly path: string;
  readonly operator: OverriderOperator;
  /** the value of `add` and `replace`. @default - JSON null (what Karmada marshals a missing value to) */
  readonly value?: JsonValue;
}

/** `ImageOverrider`: one component of container images. */
export interface ImageOverrider {
  /** the image field to change. @default - every `containers[*].image` of a Pod, Deployment, ReplicaSet, DaemonSet, StatefulSet or Job */
  readonly predicate?: { readonly path: string };
  readonly component: 'Registry' | 'Repository' | 'Tag';
  readonly operator: OverriderOperator;
  /** @default '' */
  readonly value?: string;
}

/** `CommandArgsOverrider`: a container's command or args. */
export interface CommandArgsOverrider {
  readonly containerName: string;
  readonly operator: 'add' | 'remove';
  /** @default [] */
  readonly value?: readonly string[];
}

/** `LabelAnnotationOverrider`: the object's top-level labels or annotations. */
export interface LabelAnnotationOverrider {
  readonly operator: OverriderOperator;
  /** @default {} */
  readonly value?: Readonly<Record<string, string>>;
}

/** `Overriders`: one block of a rule. */
export interface Overriders {
  readonly plaintext?: readonly PlaintextOverrider[];
  readonly imageOverrider?: readonly ImageOverrider[];
  readonly commandOverrider?: readonly CommandArgsOverrider[];
  readonly argsOverrider?: readonly CommandArgsOverrider[];
  readonly labelsOverrider?: readonly LabelAnnotationOverrider[];
  readonly annotationsOverrider?: readonly LabelAnnotationOverrider[];
  /** not modelled: a block holding one makes {@link applyOverridePolicies} throw. */
  readonly fieldOverrider?: readonly JsonValue[];
}

/** An `OverridePolicy` or `ClusterOverridePolicy` manifest, as stored (the parts the override manager reads). */
export interface OverridePolicyManifest {
  readonly apiVersion: string;
  readonly kind: 'OverridePolicy' | 'ClusterOverridePolicy';
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: {
    /** @default - every resource */
    readonly resourceSelectors?: readonly JsonObject[];
    readonly overrideRules?: ReadonlyArray<{ readonly targetCluster?: JsonObject; readonly overriders: Overriders }>;
    /** deprecated, read only when overrideRules is empty. */
    readonly targetCluster?: JsonObject;
    /** deprecated, read only when overrideRules is empty. */
    readonly overriders?: Overriders;
  };
}

/** One overriders block that was applied, in application order. */
export interface AppliedOverride {
  readonly kind: 'OverridePolicy' | 'ClusterOverridePolicy';
  readonly name: string;
  /** the index in `overrideRules`; -1 for the deprecated top-level fields. */
  readonly rule: number;
}

/** What {@link applyOverridePolicies} made of a template for one cluster. */
export interface OverrideResult {
  /** the overridden copy (the input is not changed). */
  readonly object: JsonObject;
  /** the blocks applied, in order. */
  readonly applied: readonly AppliedOverride[];
}

/**
 * An overrider failed: Karmada then applies no override for that cluster (ensureWork's per-cluster
 * `continue`, pkg/controllers/binding/common.go) and the Work keeps its previous manifest.
 */
export class OverrideError extends Error {
  public constructor(message: string, public readonly policy?: AppliedOverride) {
    super(policy ? `${policy.kind} ${policy.name}${policy.rule >= 0 ? ` overrideRules[${policy.rule}]` : ''}: ${message}` : message);
    this.name = 'OverrideError';
  }
}

/**
 * Applies the override policies to a template for one cluster, as `ApplyOverridePolicies` does:
 * every matching ClusterOverridePolicy, then the OverridePolicies of the template's namespace (none
 * for a cluster-scoped template); each group sorted by implicit priority (no selector or
 * kind-only 1, labelSelector 2, name 3), then by name, both ascending; within a policy the rules
 * whose targetCluster matches, in list order; within a rule imageOverrider, commandOverrider,
 * argsOverrider, labelsOverrider, annotationsOverrider, fieldOverrider, plaintext. What applies
 * last wins.
 *
 * @param template the resource template
 * @param cluster the member cluster (a name alone when no rule selects clusters by label or field)
 * @param policies the OverridePolicies and ClusterOverridePolicies of the Karmada API server
 * @throws OverrideError when an overrider fails (Karmada overrides nothing for the cluster), or holds a fieldOverrider
 */
export function applyOverridePolicies(
  template: JsonObject, cluster: MemberCluster | string, policies: readonly OverridePolicyManifest[],
): OverrideResult {
  const member: MemberCluster = typeof cluster === 'string' ? { name: cluster, labels: {} } : cluster;
  const namespace = str(child(template, 'metadata'), 'namespace');
  const cops = policies.filter(p => p.kind === 'ClusterOverridePolicy');
  // pkg/util/overridemanager/overridemanager.go: applyNamespacedOverrides lists the OPs of the template's namespace only.
  const ops = namespace ? policies.filter(p => p.kind === 'OverridePolicy' && (p.metadata.namespace ?? 'default') === namespace) : [];
  let object = cloneJson(template);
  const applied: AppliedOverride[] = [];
  for (const group of [cops, ops]) {
    for (const { policy } of sortedMatches(object, group)) {
      for (const block of matchingBlocks(policy, member)) {
        const ref: AppliedOverride = { kind: policy.kind, name: policy.metadata.name, rule: block.rule };
        try {
          object = applyOverriders(object, block.overriders);
        } catch (e) {
          throw new OverrideError(e instanceof Error ? e.message : String(e), ref);
        }
        applied.push(ref);
      }
    }
  }
  return { object, applied };
}

// getOverridersFromOverridePolicies: the matching policies, sort.SliceStable by implicit priority then name.
interface Match {
  readonly policy: OverridePolicyManifest;
  readonly priority: ImplicitPriority;
}

function sortedMatches(template: JsonObject, policies: readonly OverridePolicyManifest[]): Match[] {
  const out: Match[] = [];
  for (const policy of policies) {
    const priority = overridePolicyPriority(template, policy);
    if (priority !== IMPLICIT_PRIORITY.misMatch) out.push({ policy, priority });
  }
  return out.sort((a, b) => a.priority - b.priority || compareStrings(a.policy.metadata.name, b.policy.metadata.name));
}

/**
 * How an override policy's resourceSelectors match a template (`ResourceMatchSelectorsPriority`:
 * the highest of its selectors; no selector matches everything, at the lowest priority). The
 * namespace of the template is not checked against an OverridePolicy's own: {@link
 * applyOverridePolicies} does that.
 *
 * @returns the implicit priority, `IMPLICIT_PRIORITY.misMatch` when it does not match
 */
export function overridePolicyPriority(template: JsonObject, policy: OverridePolicyManifest): ImplicitPriority {
  const selectors = policy.spec.resourceSelectors ?? [];
  if (selectors.length === 0) return IMPLICIT_PRIORITY.matchAll;
  let priority: ImplicitPriority = IMPLICIT_PRIORITY.misMatch;
  for (const s of selectors) {
    // pkg/webhook/overridepolicy/mutating.go: an OP's selector without a namespace gets the policy's.
    const stored = policy.kind === 'OverridePolicy' && !str(s, 'namespace') ? { ...s, namespace: policy.metadata.namespace ?? 'default' } : s;
    const p = resourceSelectorPriority(template, stored);
    if (p > priority) priority = p;
  }
  return priority;
}

function matchingBlocks(policy: OverridePolicyManifest, cluster: MemberCluster): Array<{ rule: number; overriders: Overriders }> {
  const rules = policy.spec.overrideRules ?? [];
  const matches = (target: JsonObject | undefined) => target === undefined || clusterMatches(cluster, target);
  if (rules.length === 0) {
    return policy.spec.overriders && matches(policy.spec.targetCluster) ? [{ rule: -1, overriders: policy.spec.overriders }] : [];
  }
  return rules.flatMap((r, rule) => (matches(r.targetCluster) ? [{ rule, overriders: r.overriders }] : []));
}

/**
 * Applies one overriders block in `applyPolicyOverriders`' order (image, command, args, labels,
 * annotations, field, plaintext), to a copy.
 *
 * @throws Error when one fails, as Karmada's would
 */
export function applyOverriders(template: JsonObject, overriders: Overriders): JsonObject {
  let object = cloneJson(template);
  for (const o of overriders.imageOverrider ?? []) object = applyJsonPatch(object, imagePatches(object, o));
  for (const o of overriders.commandOverrider ?? []) object = applyJsonPatch(object, commandArgsPatches(object, o, 'command'));
  for (const o of overriders.argsOverrider ?? []) object = applyJsonPatch(object, commandArgsPatches(object, o, 'args'));
  for (const o of overriders.labelsOverrider ?? []) object = applyLabelAnnotationOverrider(object, o, 'labels');
  for (const o of overriders.annotationsOverrider ?? []) object = applyLabelAnnotationOverrider(object, o, 'annotations');
  if ((overriders.fieldOverrider ?? []).length > 0) throw new Error('fieldOverrider is not modelled by karmada-migrate');
  const plaintext = overriders.plaintext ?? [];
  // parseJSONPatchesByPlaintext: the whole list is one patch document.
  if (plaintext.length > 0) object = applyJsonPatch(object, plaintext.map(p => ({ op: p.operator, path: p.path, value: p.value ?? null })));
  return object;
}

// ---- JSON patch (evanphx/json-patch v5, default ApplyOptions) ----

/** One RFC 6902 operation of the kinds Karmada writes. */
export interface JsonPatchOperation {
  readonly op: OverriderOperator;
  readonly path: string;
  readonly value?: JsonValue;
}

/** RFC 6901: the reference tokens of a pointer (`~1` is `/`, `~0` is `~`). */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`JSON pointer ${JSON.stringify(pointer)} must start with '/'`);
  return pointer.slice(1).split('/').map(t => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** RFC 6901: the pointer of a path. */
export function formatJsonPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map(s => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Applies a JSON patch as evanphx/json-patch v5 with Karmada's options does: `add` upserts an object
 * member and inserts into an array (index ≤ length, `-` appends), `replace` and `remove` need the
 * target; negative indices count from the end (`-1` appends for `add`); the patch is atomic.
 *
 * @returns a patched copy
 * @throws Error with json-patch's wording when an operation does not apply
 */
export function applyJsonPatch(doc: JsonObject, ops: readonly JsonPatchOperation[]): JsonObject {
  const root: { doc: JsonValue } = { doc: cloneJson(doc) };
  for (const op of ops) {
    const tokens = parseJsonPointer(op.path);
    if (tokens.length === 0) throw new Error(`${op.op} operation does not apply: the root cannot be patched by Karmada's overriders`);
    const parent = walk(root.doc, tokens.slice(0, -1));
    const last = tokens[tokens.length - 1];
    if (parent === undefined || parent === null || typeof parent !== 'object') {
      throw new Error(`${op.op} operation does not apply: doc is missing path: "${op.path}"`);
    }
    const value = cloneJson(op.value ?? null);
    if (Array.isArray(parent)) {
      patchArray(parent, last, op, value);
    } else if (op.op === 'add') {
      setOwn(parent, last, value);
    } else if (!hasOwn(parent, last)) {
      throw new Error(op.op === 'replace' ? `replace operation does not apply: doc is missing key: ${op.path}` : `remove operation does not apply: doc is missing path: "${op.path}"`);
    } else if (op.op === 'replace') {
      setOwn(parent, last, value);
    } else {
      delete parent[last];
    }
  }
  if (!isJsonObject(root.doc)) throw new Error('the patched document is no object');
  return root.doc;
}

function patchArray(array: JsonValue[], token: string, op: JsonPatchOperation, value: JsonValue): void {
  if (op.op === 'add' && token === '-') {
    array.push(value);
    return;
  }
  if (!/^-?\d+$/.test(token)) throw new Error(`${op.op} operation does not apply: ${JSON.stringify(token)} is no array index in "${op.path}"`);
  let i = Number(token);
  if (op.op === 'add') {
    // partialArray.add: a negative index counts from len+1 (so -1 appends), at most len.
    if (i < 0) i = array.length + 1 + i;
    if (i < 0 || i > array.length) throw new Error(`add operation does not apply: index out of bounds: ${token} in "${op.path}"`);
    array.splice(i, 0, value);
    return;
  }
  if (i < 0) i = array.length + i;
  if (i < 0 || i >= array.length) throw new Error(`${op.op} operation does not apply: doc is missing path: "${op.path}"`);
  if (op.op === 'replace') array[i] = value;
  else array.splice(i, 1);
}

function walk(doc: JsonValue, tokens: readonly string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) {
      if (!/^-?\d+$/.test(t)) return undefined;
      let i = Number(t);
      if (i < 0) i = cur.length + i;
      cur = cur[i];
    } else if (isJsonObject(cur)) {
      cur = getOwn(cur, t);
    } else {
      return undefined;
    }
  }
  return cur;
}

// ---- imageOverrider (imageoverride.go) and the image parser (pkg/util/imageparser/parser.go) ----

/** The parts of an image reference as Karmada's `imageparser` keeps them. */
export interface ImageComponents {
  /** the registry: the first segment when it holds `.` or `:` or is `localhost`; else ''. */
  readonly hostname: string;
  readonly repository: string;
  /** '' when none. */
  readonly tag: string;
  /** without '@'; '' when none, and dropped when there is a tag. */
  readonly digest: string;
}

const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;

/**
 * `imageparser.Parse`: `distribution/reference.Parse`, not normalised (`nginx` has no registry);
 * a reference with both a tag and a digest keeps the tag only.
 *
 * @throws Error when the reference does not parse (an uppercase repository, an empty name)
 */
export function parseImage(image: string): ImageComponents {
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new Error(`invalid reference format: ${JSON.stringify(image)}`);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new Error(`invalid reference format: ${JSON.stringify(image)}`);
  }
  let hostname = '';
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      hostname = first;
      rest = rest.slice(slash + 1);
      if (!DOMAIN.test(hostname)) throw new Error(`invalid reference format: ${JSON.stringify(image)}`);
    }
  }
  if (rest === '' || !rest.split('/').every(p => PATH_COMPONENT.test(p))) {
    throw new Error(`invalid reference format: repository name must be lowercase: ${JSON.stringify(image)}`);
  }
  return { hostname, repository: rest, tag, digest: tag ? '' : digest };
}

/** `Components.String`: `[hostname/]repository[:tag | @digest]`. */
export function formatImage(c: ImageComponents): string {
  const repo = c.hostname ? `${c.hostname}/${c.repository}` : c.repository;
  return repo + (c.tag ? `:${c.tag}` : c.digest ? `@${c.digest}` : '');
}

/** `overrideImage`: one component, one operator. */
export function overrideImage(image: string, o: ImageOverrider): string {
  const c = parseImage(image);
  const value = o.value ?? '';
  let { hostname, repository, tag, digest } = c;
  switch (o.component) {
    case 'Registry':
      hostname = o.operator === 'add' ? hostname + value : o.operator === 'replace' ? value : '';
      break;
    case 'Repository':
      repository = o.operator === 'add' ? repository + value : o.operator === 'replace' ? value : '';
      break;
    case 'Tag': {
      if (o.operator === 'remove') {
        if (tag) tag = '';
        else digest = '';
        break;
      }
      // SetTagOrDigest: a tag clears the digest, a digest (no '@') clears the tag, anything else changes nothing.
      const x = o.operator === 'add' ? (tag || digest) + value : value;
      if (TAG.test(x)) {
        tag = x;
        digest = '';
      } else if (DIGEST.test(x)) {
        digest = x;
        tag = '';
      }
      break;
    }
  }
  return formatImage({ hostname, repository, tag, digest });
}

// buildPatchesWithEmptyPredicate switches on kind only.
const POD_TEMPLATE_KINDS = new Set(['ReplicaSet', 'Deployment', 'DaemonSet', 'StatefulSet', 'Job']);

function containersPath(object: JsonObject): string[] | undefined {
  if (object.kind === 'Pod') return ['spec', 'containers'];
  if (typeof object.kind === 'string' && POD_TEMPLATE_KINDS.has(object.kind)) return ['spec', 'template', 'spec', 'containers'];
  return undefined;
}

function containersAt(object: JsonObject, path: readonly string[]): JsonObject[] {
  let cur: JsonObject | undefined = object;
  for (const p of path.slice(0, -1)) cur = child(cur, p);
  return objectItems(cur, path[path.length - 1]);
}

function imagePatches(object: JsonObject, o: ImageOverrider): JsonPatchOperation[] {
  if (o.predicate) {
    // obtainImageValue: trims '/', splits on '/', no ~1 decoding; numeric segments index arrays.
    const segments = o.predicate.path.replace(/^\/+|\/+$/g, '').split('/');
    let cur: JsonValue | undefined = object;
    for (const s of segments) {
      if (Array.isArray(cur) && /^\d+$/.test(s)) cur = cur[Number(s)];
      else if (isJsonObject(cur)) cur = getOwn(cur, s);
      else cur = undefined;
      if (cur === undefined) throw new Error(`imageOverrider predicate.path ${o.predicate.path}: no value at ${s}`);
    }
    if (typeof cur !== 'string') throw new Error(`imageOverrider predicate.path ${o.predicate.path} is not a string`);
    return [{ op: 'replace', path: o.predicate.path, value: overrideImage(cur, o) }];
  }
  const path = containersPath(object);
  if (!path) return [];
  return containersAt(object, path).map((c, i) => ({ op: 'replace' as const, path: formatJsonPointer([...path, i, 'image']), value: overrideImage(str(c, 'image'), o) }));
}

// ---- commandOverrider / argsOverrider (commandargsoverride.go) ----

function commandArgsPatches(object: JsonObject, o: CommandArgsOverrider, field: 'command' | 'args'): JsonPatchOperation[] {
  const path = containersPath(object);
  if (!path) return [];
  const out: JsonPatchOperation[] = [];
  containersAt(object, path).forEach((c, i) => {
    if (str(c, 'name') !== o.containerName) return;
    const current = getOwn(c, field);
    const values = o.value ?? [];
    const existing = Array.isArray(current) ? current.map(v => (typeof v === 'string' ? v : JSON.stringify(v))) : [];
    const next = o.operator === 'add' ? [...existing, ...values] : o.operator === 'remove' ? existing.filter(v => !values.includes(v)) : existing;
    out.push({ op: current === undefined ? 'add' : 'replace', path: formatJsonPointer([...path, i, field]), value: next });
  });
  return out;
}

// ---- labelsOverrider / annotationsOverrider (labelannotationoverrider.go) ----

function applyLabelAnnotationOverrider(object: JsonObject, o: LabelAnnotationOverrider, field: 'labels' | 'annotations'): JsonObject {
  const ops: JsonPatchOperation[] = [];
  let out = object;
  for (const key of Object.keys(o.value ?? {})) {
    const map = child(child(out, 'metadata'), field);
    if (o.operator === 'add') {
      // a missing map is created first (SetNestedStringMap), then each key is upserted.
      if (!map) {
        out = cloneJson(out);
        const meta = child(out, 'metadata');
        if (!meta) throw new Error('the object has no metadata');
        setOwn(meta, field, {});
      }
    } else if (!map || !hasOwn(map, key)) {
      continue;
    }
    ops.push({ op: o.operator, path: formatJsonPointer(['metadata', field, key]), value: getOwn(o.value, key) ?? '' });
  }
  return ops.length > 0 ? applyJsonPatch(out, ops) : out;
}
