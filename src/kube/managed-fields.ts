// Kubernetes server-side field ownership: `metadata.managedFields` and its `fieldsV1` encoding.
// Sources: k8s.io/apimachinery/pkg/apis/meta/v1/types.go (ManagedFieldsEntry, FieldsV1),
// sigs.k8s.io/structured-merge-diff/v4/fieldpath/serialize-pe.go (the path-element prefixes
// `f:`, `k:`, `v:`, `i:` and `.`, the set member itself) and serialize.go (the nested set).
import { PathSegment } from './field-path';
import { canonicalJson, getOwn, isJsonObject, JsonObject, JsonValue } from './json';

/**
 * One step of an owned path, as `fieldsV1` writes it: a field of a struct or a key of a map
 * (`f:`), an item of an associative list by its key fields (`k:`), an item of a set by its
 * value (`v:`), an item of an atomic-free list by position (`i:`).
 */
export type ManagedPathElement =
  | { readonly field: string }
  | { readonly key: Readonly<JsonObject> }
  | { readonly value: JsonValue }
  | { readonly index: number };

/** A path a manager owns. */
export interface OwnedField {
  /** The steps from the object's root. */
  readonly elements: readonly ManagedPathElement[];
  /**
   * The path rendered as the project's field paths are (`spec.template.spec.containers[name=web].image`,
   * `metadata.annotations[kubectl.kubernetes.io/restartedAt]`): a list item by its key fields
   * (`ports[containerPort=80,protocol=TCP]`), a set item by its value (`finalizers[kubernetes.io/pvc-protection]`).
   */
  readonly path: string;
  /**
   * `leaf`: the manager owns the value at this path (`f:replicas: {}`); `node`: it owns the
   * path itself (`.`) and some fields below it, which are listed too (a map, a struct, a list item).
   */
  readonly ownership: 'leaf' | 'node';
}

/** One entry of `metadata.managedFields`, decoded. */
export interface ManagedFieldsEntry {
  /** Its index in `metadata.managedFields`. */
  readonly index: number;
  /**
   * The field manager: the `fieldManager` of the request, or the part of the user agent
   * before the first `/` (`kubectl-client-side-apply`, `kube-controller-manager`, `argocd-controller`).
   * Empty when the entry names none.
   */
  readonly manager: string;
  /** `Apply` (server-side apply) or `Update` (create, update, patch); as written. */
  readonly operation: string;
  /**
   * The subresource written through (`status`, `scale`).
   *
   * @default - the main resource
   */
  readonly subresource?: string;
  /**
   * When the manager last changed its set of fields (RFC 3339).
   *
   * @default - not recorded
   */
  readonly time?: string;
  /**
   * The API version the fields are named in.
   *
   * @default - not recorded
   */
  readonly apiVersion?: string;
  /** The owned paths, depth first, in the order of `fieldsV1`. */
  readonly fields: readonly OwnedField[];
}

/** What {@link readManagedFields} decodes. */
export interface ManagedFieldsReading {
  /** The entries, in order; a malformed entry is left out, a malformed part of `fieldsV1` too. */
  readonly entries: readonly ManagedFieldsEntry[];
  /** One line per malformed entry or `fieldsV1` key, naming the object and the entry. */
  readonly warnings: readonly string[];
}

/**
 * Decodes `metadata.managedFields` of an object as exported (`kubectl get -o yaml` shows them
 * unless `--show-managed-fields=false`). Never throws: an entry that is not an object, a
 * `fieldsType` other than `FieldsV1`, a `fieldsV1` key that is none of `f:`, `k:`, `v:`,
 * `i:` or `.`, a `k:` or `v:` whose JSON does not parse, or a value that is not a set is a
 * warning naming the object and the entry, and that part is left out.
 *
 * @param object the object as read (before cleaning)
 */
export function readManagedFields(object: unknown): ManagedFieldsReading {
  const entries: ManagedFieldsEntry[] = [];
  const warnings: string[] = [];
  const meta = isJsonObject(object) ? getOwn(object, 'metadata') : undefined;
  const list = isJsonObject(meta) ? getOwn(meta, 'managedFields') : undefined;
  if (list === undefined || list === null) return { entries, warnings };
  const name = describeObject(object);
  if (!Array.isArray(list)) {
    warnings.push(`${name}: metadata.managedFields is not a list; field ownership unknown`);
    return { entries, warnings };
  }
  list.forEach((raw, index) => {
    const where = `${name}: metadata.managedFields[${index}]`;
    if (!isJsonObject(raw)) {
      warnings.push(`${where} is not an object; left out`);
      return;
    }
    const manager = typeof raw.manager === 'string' ? raw.manager : '';
    const label = `${where} (manager ${manager || '(none)'})`;
    const fieldsType = getOwn(raw, 'fieldsType');
    if (fieldsType !== undefined && fieldsType !== 'FieldsV1') {
      warnings.push(`${label}: fieldsType ${JSON.stringify(fieldsType)} is not FieldsV1; left out`);
      return;
    }
    const fields: OwnedField[] = [];
    const set = getOwn(raw, 'fieldsV1');
    if (isJsonObject(set)) walkSet(set, [], fields, (msg) => warnings.push(`${label}: ${msg}`));
    else if (set !== undefined && set !== null) warnings.push(`${label}: fieldsV1 is not an object; its fields are left out`);
    const entry: { -readonly [K in keyof ManagedFieldsEntry]: ManagedFieldsEntry[K] } = {
      index, manager, operation: typeof raw.operation === 'string' ? raw.operation : '', fields,
    };
    if (typeof raw.subresource === 'string' && raw.subresource !== '') entry.subresource = raw.subresource;
    if (typeof raw.time === 'string') entry.time = raw.time;
    if (typeof raw.apiVersion === 'string') entry.apiVersion = raw.apiVersion;
    entries.push(entry);
  });
  return { entries, warnings };
}

// a nested set: each key is a path element (or `.`, the node itself), each value the set below it.
function walkSet(set: JsonObject, prefix: ManagedPathElement[], out: OwnedField[], warn: (msg: string) => void): void {
  for (const raw of Object.keys(set)) {
    if (raw === '.') continue;
    const element = parseElement(raw);
    const elements = [...prefix, ...(element ? [element] : [])];
    if (!element) {
      warn(`fieldsV1 key ${JSON.stringify(raw)} at ${formatManagedPath(prefix)} is not f:, k:, v:, i: or .; left out`);
      continue;
    }
    const below = set[raw];
    if (below !== null && !isJsonObject(below)) {
      warn(`fieldsV1 ${formatManagedPath(elements)} holds ${Array.isArray(below) ? 'a list' : typeof below}, not a set; left out`);
      continue;
    }
    const children = below ? Object.keys(below).filter(k => k !== '.') : [];
    if (children.length === 0) {
      out.push({ elements, path: formatManagedPath(elements), ownership: 'leaf' });
      continue;
    }
    if (getOwn(below!, '.') !== undefined) out.push({ elements, path: formatManagedPath(elements), ownership: 'node' });
    walkSet(below!, elements, out, warn);
  }
}

function parseElement(raw: string): ManagedPathElement | undefined {
  const prefix = raw.slice(0, 2);
  const rest = raw.slice(2);
  switch (prefix) {
    case 'f:':
      return { field: rest };
    case 'k:': {
      const key = parseJson(rest);
      return isJsonObject(key) && Object.keys(key).length > 0 ? { key } : undefined;
    }
    case 'v:': {
      const value = parseJson(rest);
      return value === undefined ? undefined : { value };
    }
    case 'i:':
      return /^(0|[1-9][0-9]{0,8})$/.test(rest) ? { index: Number(rest) } : undefined;
    default:
      return undefined;
  }
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

function describeObject(object: unknown): string {
  if (!isJsonObject(object)) return '(not an object)';
  const meta = isJsonObject(object.metadata) ? object.metadata : {};
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = typeof object.kind === 'string' ? object.kind : '(no kind)';
  const ns = typeof meta.namespace === 'string' && meta.namespace ? `${meta.namespace}/` : '';
  const name = typeof meta.name === 'string' ? meta.name : '(no name)';
  return `${group ? `${kind}.${group}` : kind} ${ns}${name}`;
}

function scalarText(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Renders managed path elements in the project's field-path style (`formatFieldPath`):
 * fields as `spec.replicas` or `metadata.labels[app.kubernetes.io/name]`, associative-list
 * items by their key fields (`containers[name=web]`, `ports[containerPort=80,protocol=TCP]`),
 * set items by value (`finalizers[kubernetes.io/pvc-protection]`), positions as `[0]`.
 */
export function formatManagedPath(elements: readonly ManagedPathElement[]): string {
  let out = '';
  for (const e of elements) {
    if ('field' in e) {
      // the same rule as formatFieldPath: identifiers after a dot, other names in brackets.
      out += IDENTIFIER.test(e.field) ? (out ? `.${e.field}` : e.field) : `[${e.field}]`;
    } else if ('index' in e) {
      out += `[${e.index}]`;
    } else if ('key' in e) {
      out += `[${Object.keys(e.key).map(k => `${k}=${scalarText(e.key[k])}`).join(',')}]`;
    } else {
      out += `[${scalarText(e.value)}]`;
    }
  }
  return out || '(root)';
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Finds managed path elements in an object: the JSON path (`['spec', 'template', 'spec',
 * 'containers', 0, 'image']`) of the value they name, an associative-list item found by its
 * key fields, a set item by its value. Undefined when the object has no such value.
 */
export function resolveManagedPath(object: JsonValue | undefined, elements: readonly ManagedPathElement[]): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let cur: JsonValue | undefined = object;
  for (const e of elements) {
    if ('field' in e) {
      if (!isJsonObject(cur)) return undefined;
      cur = getOwn(cur, e.field);
      out.push(e.field);
    } else {
      if (!Array.isArray(cur)) return undefined;
      const list: JsonValue[] = cur;
      let i: number;
      if ('index' in e) {
        i = e.index < list.length ? e.index : -1;
      } else if ('key' in e) {
        const fields = Object.keys(e.key);
        i = list.findIndex(item => isJsonObject(item) && fields.every(f => canonicalJson(getOwn(item, f) ?? null) === canonicalJson(e.key[f])));
      } else {
        const wanted = canonicalJson(e.value);
        i = list.findIndex(item => canonicalJson(item) === wanted);
      }
      if (i < 0) return undefined;
      cur = list[i];
      out.push(i);
    }
    if (cur === undefined) return undefined;
  }
  return out;
}
