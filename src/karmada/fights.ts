// karmada v1.18.2: the fields other writers own on a member object that Overwrite takes over,
// and what Karmada does to them. Karmada writes a member object with a full PUT of the Work
// manifest (pkg/util/objectwatcher/objectwatcher.go: objectWatcherImpl.Update, dynamic client
// Update; no server-side apply, no patch), after retainClusterFields and the interpreter's Retain
// hook (the native ones in pkg/resourceinterpreter/default/native/retain.go; a
// ResourceInterpreterCustomization `retention` replaces the native hook of its GVK,
// pkg/resourceinterpreter/interpreter.go). It re-PUTs on every member event that changes the
// object (pkg/controllers/status/work_status_controller.go: updateResource), so a field another
// writer keeps changing is set back to the template's value at every sync: a fight. A PUT on the
// main resource never writes status (the status subresource), and a field the PUT body leaves out
// is removed whoever owned it (k8s.io/apiserver handlers/update.go; structured-merge-diff: an
// update forces).
import { InputError } from '../errors';
import { applyApiDefaultsInPlace } from '../kube/api-defaults';
import { deeplyAbsent, valueAt } from '../kube/diff';
import { PathSegment } from '../kube/field-path';
import { canonicalJson, cloneJson, compareStrings, getOwn, isJsonObject, JsonObject, JsonValue, setOwn, str } from '../kube/json';
import { ManagedPathElement, OwnedField, readManagedFields, resolveManagedPath } from '../kube/managed-fields';
import { pruneIrrelevantFieldsInPlace } from './propagation-prune';
import { applyRetainHookInPlace, RETAIN_REPLICAS_TEMPLATE_LABEL, retainClusterFieldsInPlace } from './retain';

/**
 * The field managers of the pipelines a takeover replaces, when they write the main resource:
 * Argo CD (`argocd-controller` for server-side apply, `argocd-application-controller` and
 * the older `argocd` for client-side apply), Flux (`kustomize-controller`, `helm-controller`),
 * Helm (`helm`), kubectl applying or creating manifests (`kubectl-client-side-apply`,
 * `kubectl` (its server-side apply), `kubectl-create`, `kubectl-replace`). What they own is
 * what the templates now carry: Karmada writing it is the handover, not a fight. Their writes
 * through a subresource (`kubectl scale` records manager `kubectl` with `subresource: scale`)
 * are not theirs as a pipeline and are analysed like any other writer's.
 */
export const DEFAULT_PIPELINE_MANAGERS: readonly string[] = [
  'argocd-controller', 'argocd-application-controller', 'argocd',
  'kustomize-controller', 'helm-controller', 'helm',
  'kubectl-client-side-apply', 'kubectl', 'kubectl-create', 'kubectl-replace',
];

/**
 * What Karmada does to a field another writer owns.
 *
 * - `reverted`: the template has the field; every PUT (the takeover, then every sync after a
 *   member-side change) writes the template's value over the writer's.
 * - `removed`: the template lacks the field; the takeover's PUT removes it, and again after
 *   every time the writer sets it.
 * - `retained-natively`: Karmada's own retention keeps the live value (`retainClusterFields`
 *   or the native Retain hook of the kind: a Deployment's `spec.replicas` with the
 *   `resourcetemplate.karmada.io/retain-replicas: "true"` label, a claim's `spec.volumeName`...).
 * - `retained`: a retention the user configured (a ResourceInterpreterCustomization) keeps it.
 */
export type FightVerdict = 'reverted' | 'removed' | 'retained-natively' | 'retained';

/**
 * Who writes the field, as far as the evidence tells: an autoscaler on `spec.replicas`,
 * `kubectl rollout restart`'s `restartedAt` annotation, a CA injector's `caBundle`, a person
 * (kubectl edit, patch, set, label, annotate, scale, a web console), or another controller.
 */
export type FightWriter = 'autoscaler' | 'rollout-restart' | 'ca-injector' | 'hand-edit' | 'controller';

/** A manager that owns a field (one entry of `metadata.managedFields`). */
export interface FieldOwner {
  /** The field manager. */
  readonly manager: string;
  /** `Apply` or `Update`. */
  readonly operation: string;
  /**
   * The subresource it writes through (`scale`).
   *
   * @default - the main resource
   */
  readonly subresource?: string;
  /**
   * When it last changed its set of fields.
   *
   * @default - not recorded
   */
  readonly time?: string;
}

/** A field of the live object another writer owns, and what the takeover does to it. */
export interface Fight {
  /** The field, as `spec.template.spec.containers[name=web].resources` (list items by their keys). */
  readonly path: string;
  /** Its owners other than the replaced pipeline, by manager; empty when only an autoscaler is known to write it. */
  readonly owners: readonly FieldOwner[];
  /** What Karmada does to it. */
  readonly verdict: FightVerdict;
  /** Who writes it. */
  readonly writer: FightWriter;
  /**
   * The HorizontalPodAutoscalers that scale the object (`HorizontalPodAutoscaler.autoscaling shop/web`), for `spec.replicas`.
   *
   * @default - none known
   */
  readonly autoscalers?: readonly string[];
  /** What to do about it. */
  readonly hint: string;
}

/**
 * Fields a ResourceInterpreterCustomization `retention` keeps for a kind. Karmada runs the
 * first interpreter with a Retain hook for the exact GVK (customization, then webhook, then
 * third-party, then native): a customization replaces the native hook of its kind.
 */
export interface RetainedFields {
  /** The target `apiVersion` (`apps/v1`), matched exactly as Karmada does. */
  readonly apiVersion: string;
  /** The target kind. */
  readonly kind: string;
  /**
   * The retained paths in the style of {@link Fight.path}: `spec.replicas`,
   * `spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]`; `[*]` matches any
   * list item; a path also retains everything below it.
   */
  readonly paths: readonly string[];
  /**
   * Whether the customization's script also does what the native hook did (as the Lua of
   * Karmada's docs re-implements the retain-replicas label); otherwise the native retention
   * of the kind no longer applies.
   *
   * @default false
   */
  readonly keepsNativeRetention?: boolean;
}

/** Options of {@link findFights}. */
export interface FindFightsOptions {
  /**
   * The field managers of the pipeline the takeover replaces: their fields are not fights.
   *
   * @default DEFAULT_PIPELINE_MANAGERS
   */
  readonly pipelineManagers?: readonly string[];
  /**
   * Retentions configured for some kinds (a later `spec.retain`).
   *
   * @default - none: only Karmada's native retention
   */
  readonly retained?: readonly RetainedFields[];
  /**
   * The HorizontalPodAutoscalers that scale this object (`HorizontalPodAutoscaler.autoscaling shop/web`):
   * `spec.replicas` is fought over even when the export has no managedFields.
   *
   * @default - none
   */
  readonly autoscalers?: readonly string[];
}

/** The result of {@link findFights}. */
export interface FightsResult {
  /** The fights, by path. */
  readonly fights: readonly Fight[];
  /** Malformed managedFields of the live object, one line each, naming the object and the entry. */
  readonly warnings: readonly string[];
}

/** managers that are a person at a terminal or a web console rather than a controller. */
const HAND_EDIT_MANAGERS = new Set([
  'kubectl-edit', 'kubectl-patch', 'kubectl-set', 'kubectl-label', 'kubectl-annotate', 'kubectl-scale', 'kubectl-rollout',
  'kubectl', 'Mozilla', 'dashboard', 'lens', 'k9s', 'kubernetes-dashboard',
]);

const SCALE_PATH = 'spec.replicas';
const RESTARTED_AT = /(^|\.)(spec\.template|spec\.jobTemplate\.spec\.template)\.metadata\.annotations\[kubectl\.kubernetes\.io\/restartedAt\]$/;
const CA_BUNDLE = /(^|[.\]])caBundle$/;

interface Owned {
  readonly elements: readonly ManagedPathElement[];
  readonly path: string;
  readonly owners: FieldOwner[];
}

/**
 * Lists the fields of a live member object that writers other than the replaced pipeline own
 * (from its `metadata.managedFields`), and what Karmada's Overwrite does to each: the PUT of
 * the template (after the Karmada API server's defaulting and `prune.RemoveIrrelevantFields`)
 * with what `retainClusterFields` and the Retain hook keep (the native one of the GVK, or the
 * configured {@link RetainedFields}).
 *
 * Not fights, and not listed: fields written through the `status` subresource or under
 * `status` (a PUT on the main resource leaves status alone; a custom resource whose CRD has no
 * status subresource would lose it, which the export cannot tell), the object's identity,
 * and metadata Karmada keeps (labels and annotations the template does not set, finalizers,
 * ownerReferences). A list item a writer owns as a whole (a container a webhook injected) is
 * one fight. Fields of other kinds Karmada keeps natively are listed as `retained-natively`:
 * they confirm a retention (the HPA case of a labelled Deployment).
 *
 * With `autoscalers` and no managedFields entry for `spec.replicas`, the autoscaler is the
 * evidence: `spec.replicas` is listed with no owner.
 *
 * @param template the resource template, as in `dist/`
 * @param live the object as exported from the member cluster, with its managedFields;
 *   undefined when no export was given (only the autoscalers are evidence then)
 * @throws InputError when the template is not an object
 */
export function findFights(template: unknown, live: unknown, options: FindFightsOptions = {}): FightsResult {
  if (!isJsonObject(template)) throw new InputError('findFights needs the template as an object');
  const observed: JsonObject = isJsonObject(live) ? live : cloneJson(template);
  const reading = live === undefined ? { entries: [], warnings: [] } : readManagedFields(live);
  const pipeline = new Set(options.pipelineManagers ?? DEFAULT_PIPELINE_MANAGERS);
  const owned = new Map<string, Owned>();
  for (const entry of reading.entries) {
    if (entry.subresource === 'status') continue;
    if (entry.subresource === undefined && pipeline.has(entry.manager)) continue;
    const owner: { -readonly [K in keyof FieldOwner]: FieldOwner[K] } = { manager: entry.manager, operation: entry.operation };
    if (entry.subresource) owner.subresource = entry.subresource;
    if (entry.time) owner.time = entry.time;
    for (const f of reportedFields(entry.fields)) {
      const known = owned.get(f.path);
      if (known) known.owners.push(owner);
      else owned.set(f.path, { elements: f.elements, path: f.path, owners: [owner] });
    }
  }
  const autoscalers = [...(options.autoscalers ?? [])].sort(compareStrings);
  if (autoscalers.length && !owned.has(SCALE_PATH)) {
    owned.set(SCALE_PATH, { elements: [{ field: 'spec' }, { field: 'replicas' }], path: SCALE_PATH, owners: [] });
  }
  if (owned.size === 0) return { fights: [], warnings: reading.warnings };

  const apiVersion = str(template, 'apiVersion');
  const kind = str(template, 'kind');
  const retention = (options.retained ?? []).find(r => r.apiVersion === apiVersion && r.kind === kind);
  const nativeHook = !retention || retention.keepsNativeRetention === true;
  // the Work manifest: the template as the Karmada API server stores it, pruned (ctrlutil.CreateOrUpdateWork).
  const manifest = cloneJson(template);
  applyApiDefaultsInPlace(manifest);
  pruneIrrelevantFieldsInPlace(manifest);
  const put = (from: JsonObject): JsonObject => {
    const desired = cloneJson(manifest);
    retainClusterFieldsInPlace(desired, from);
    if (nativeHook) applyRetainHookInPlace(desired, from);
    return desired;
  };

  // a field is retained when the PUT follows the live value: the same PUT is computed from a
  // copy of the live object whose owned values are all changed, and compared.
  const fields = [...owned.values()].sort((a, b) => compareStrings(a.path, b.path));
  const changed = cloneJson(observed);
  const at = new Map<string, PathSegment[]>();
  for (const f of fields) {
    const segments = resolveManagedPath(observed, f.elements);
    if (!segments) continue;
    at.set(f.path, segments);
    perturbAt(changed, segments);
  }
  const kept = put(observed);
  const keptChanged = put(changed);

  const fights: Fight[] = [];
  for (const f of fields) {
    const segments = at.get(f.path);
    const retained = segments !== undefined
      && follows(kept, observed, f.elements, segments) && follows(keptChanged, changed, f.elements, segments);
    const first = f.elements[0];
    const metadata = 'field' in first && first.field === 'metadata';
    // metadata Karmada keeps is not a fight.
    if (retained && metadata) continue;
    let verdict: FightVerdict;
    if (retained) {
      verdict = 'retained-natively';
    } else if (retention && retention.paths.some(p => coversPath(p, f.path))) {
      verdict = 'retained';
    } else if (presentIn(kept, f.elements)) {
      verdict = 'reverted';
    } else {
      // absent on both sides (an empty struct the writer owns): the PUT changes nothing there.
      if (!presentIn(observed, f.elements)) continue;
      verdict = 'removed';
    }
    const writer = writerOf(f.path, f.owners, autoscalers.length > 0);
    const fight: { -readonly [K in keyof Fight]: Fight[K] } = {
      path: f.path,
      owners: [...f.owners].sort((a, b) => compareStrings(a.manager, b.manager) || compareStrings(a.subresource ?? '', b.subresource ?? '')),
      verdict,
      writer,
      hint: '',
    };
    if (f.path === SCALE_PATH && autoscalers.length) fight.autoscalers = autoscalers;
    fight.hint = hintOf(fight, template, metadata, nativeHook);
    fights.push(fight);
  }
  return { fights, warnings: reading.warnings };
}

// the owned fields worth a verdict: leaves, and list items owned as a whole (their fields are
// folded into them); not status, identity or the key fields of an item.
function reportedFields(fields: readonly OwnedField[]): OwnedField[] {
  const out: OwnedField[] = [];
  const items: (readonly ManagedPathElement[])[] = [];
  for (const f of fields) {
    const first = f.elements[0];
    if (!first || !('field' in first)) continue;
    if (first.field === 'status' || first.field === 'apiVersion' || first.field === 'kind') continue;
    if (first.field === 'metadata') {
      const second = f.elements[1];
      if (!second || !('field' in second) || !METADATA_FIELDS.has(second.field)) continue;
    }
    if (items.some(prefix => isPrefix(prefix, f.elements))) continue;
    const last = f.elements[f.elements.length - 1];
    if (f.ownership === 'node') {
      if (!('field' in last)) {
        items.push(f.elements);
        out.push(f);
      }
      continue;
    }
    // the key fields of an item are its identity, not a value.
    const parent = f.elements[f.elements.length - 2];
    if ('field' in last && parent && 'key' in parent && getOwn(parent.key, last.field) !== undefined) continue;
    out.push(f);
  }
  return out;
}

const METADATA_FIELDS = new Set(['labels', 'annotations', 'finalizers', 'ownerReferences']);

function isPrefix(prefix: readonly ManagedPathElement[], elements: readonly ManagedPathElement[]): boolean {
  if (prefix.length >= elements.length) return false;
  return prefix.every((p, i) => canonicalJson(p) === canonicalJson(elements[i]));
}

const MARK = '\u0000karmada-migrate';

// changes the value at `segments` (a value no template holds, of the same JSON type where it can).
function perturbAt(obj: JsonObject, segments: readonly PathSegment[]): void {
  const parent = valueAt(obj, segments.slice(0, -1));
  const last = segments[segments.length - 1];
  const v = typeof last === 'number' ? (Array.isArray(parent) ? parent[last] : undefined) : (isJsonObject(parent) ? getOwn(parent, last) : undefined);
  if (v === undefined) return;
  let next: JsonValue;
  if (typeof v === 'string') next = v + MARK;
  else if (typeof v === 'number') next = v + 0.5;
  else if (typeof v === 'boolean') next = !v;
  else if (Array.isArray(v)) next = [...v, MARK];
  else if (isJsonObject(v)) {
    next = cloneJson(v);
    setOwn(next, MARK, true);
  } else next = MARK;
  if (typeof last === 'number' && Array.isArray(parent)) parent[last] = next;
  else if (typeof last === 'string' && isJsonObject(parent)) setOwn(parent, last, next);
}

// whether the PUT built from `from` carries from's value at the field (found by key or by position).
function follows(put: JsonObject, from: JsonObject, elements: readonly ManagedPathElement[], segments: readonly PathSegment[]): boolean {
  const wanted = valueAt(from, segments);
  if (wanted === undefined) return false;
  const text = canonicalJson(wanted);
  const byKey = resolveManagedPath(put, elements);
  const candidates = [valueAt(put, segments), byKey ? valueAt(put, byKey) : undefined];
  return candidates.some(c => c !== undefined && canonicalJson(c) === text);
}

function presentIn(obj: JsonObject, elements: readonly ManagedPathElement[]): boolean {
  const segments = resolveManagedPath(obj, elements);
  return segments !== undefined && !deeplyAbsent(valueAt(obj, segments));
}

/**
 * Whether a retained path (`spec.template.spec.containers[*].resources`) covers a fight's
 * path: the same steps (`[*]` matching any list item, `[x]` and `.x` alike), or a prefix of them.
 */
export function coversPath(retained: string, path: string): boolean {
  const want = pathSteps(retained);
  const have = pathSteps(path);
  if (want.length === 0 || want.length > have.length) return false;
  return want.every((w, i) => w === '*' || w === have[i]);
}

function pathSteps(path: string): string[] {
  const steps: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === '.') {
      i++;
    } else if (path[i] === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) return [...steps, path.slice(i)];
      steps.push(path.slice(i + 1, end));
      i = end + 1;
    } else {
      let end = i;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      steps.push(path.slice(i, end));
      i = end;
    }
  }
  return steps;
}

function writerOf(path: string, owners: readonly FieldOwner[], scaledByAutoscaler: boolean): FightWriter {
  if (path === SCALE_PATH) {
    if (scaledByAutoscaler) return 'autoscaler';
    if (owners.some(o => o.subresource === 'scale' && !isHandEdit(o))) return 'autoscaler';
  }
  if (RESTARTED_AT.test(path)) return 'rollout-restart';
  if (CA_BUNDLE.test(path)) return 'ca-injector';
  if (owners.length > 0 && owners.every(isHandEdit)) return 'hand-edit';
  return 'controller';
}

function isHandEdit(o: FieldOwner): boolean {
  return HAND_EDIT_MANAGERS.has(o.manager);
}

function hintOf(fight: Fight, template: JsonObject, metadata: boolean, nativeHook: boolean): string {
  const kind = str(template, 'kind');
  const apiVersion = str(template, 'apiVersion');
  const who = fight.owners.length ? fight.owners.map(o => (o.subresource ? `${o.manager} (${o.subresource})` : o.manager)).join(', ') : 'the autoscaler';
  if (fight.verdict === 'retained-natively') {
    return fight.path === SCALE_PATH && kind === 'Deployment'
      ? `Karmada keeps the live replica count (native retention, label ${RETAIN_REPLICAS_TEMPLATE_LABEL}: "true"): no fight with ${who}`
      : `Karmada's native retention for ${apiVersion} ${kind} keeps the live value: no fight with ${who}`;
  }
  if (fight.verdict === 'retained') return `the configured retention (spec.retain) keeps the live value: no fight with ${who}`;
  const removes = fight.verdict === 'removed';
  const does = removes
    ? `the template does not have it: the takeover removes what ${who} wrote, and Karmada removes it again after every write`
    : `Karmada writes the template's value over ${who}'s at every sync`;
  if (metadata) return `${does}; leave the key out of the template and Karmada keeps the live value (it keeps every label and annotation the template does not set)`;
  switch (fight.writer) {
    case 'autoscaler':
      if (kind === 'Deployment' && apiVersion === 'apps/v1' && nativeHook) {
        return `${does}: the Deployment would be scaled back to the template's count; give the template the label ${RETAIN_REPLICAS_TEMPLATE_LABEL}: "true" ` +
          '(karmada-migrate does when the inventory holds the HorizontalPodAutoscaler: add it to the export) so Karmada keeps the live count, or retain spec.replicas (spec.retain)';
      }
      return `${does}: the autoscaler and Karmada would fight over the replica count; Karmada keeps live replicas natively only for apps/v1 Deployments, ` +
        `so retain spec.replicas for ${apiVersion} ${kind} with a ResourceInterpreterCustomization (spec.retain), or leave the workload and its autoscaler out of the takeover`;
    case 'rollout-restart':
      return `${does}: a kubectl rollout restart on the member rolls the pods twice (the restart, then back to the template); restart through the template ` +
        '(set the annotation in Git), or retain the annotation (spec.retain)';
    case 'ca-injector':
      return `${does}: every injection makes Karmada PUT the template's bundle and the injector re-inject it, without end; retain caBundle (spec.retain), ` +
        'or leave the object out of Karmada';
    case 'hand-edit':
      return `${does}: a change made on the member by hand (kubectl edit, patch, set, scale, a console) does not last; make it in the template from now on`;
    default:
      return `${does}; retain the field (spec.retain), or stop the writer on the member cluster`;
  }
}
