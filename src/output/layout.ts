import { createHash } from 'crypto';
import { groupOf } from '../kube/object';

/**
 * The folder of cluster-scoped objects. Namespace names are DNS labels, which cannot
 * start with `_`, so this never collides with a namespace folder.
 */
export const CLUSTER_FOLDER = '_cluster';

/** a manifest's identity fields, as the layout reads them. */
export interface ManifestIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
}

/**
 * The file name of an object, without folder: `<Kind>[.<group>]_<name>.yaml`
 * (`Deployment.apps_nginx.yaml`, `Service_nginx-svc.yaml`).
 *
 * It is unique per object and a plain file name whatever the strings: every character
 * outside `[A-Za-z0-9._-]` is percent-encoded (RBAC names may hold `:`), `%` included; a
 * kind's `.` and `_` and a group's `_` are encoded too, so the first `_` ends `Kind.group`
 * and the first `.` ends the kind.
 *
 * A file name holds at most {@link MAX_FILE_NAME_BYTES} bytes (a valid name has up to 253
 * characters, a group too, and encoding triples a byte): a longer one is cut and ends with
 * `~` and a hash of the whole (see {@link fitFileName}), deterministically.
 */
export function objectFileName(obj: ManifestIdentity): string {
  const group = groupOf(obj.apiVersion);
  const kind = encodeSegment(obj.kind, /[._]/);
  return fitFileName(`${group ? `${kind}.${encodeSegment(group, /_/)}` : kind}_${encodeSegment(obj.metadata.name)}`, '.yaml');
}

/** the longest file name karmada-migrate writes, in bytes: NAME_MAX of Linux, macOS and Windows file systems. */
export const MAX_FILE_NAME_BYTES = 255;

/** the hex digits of the hash a shortened file name ends with (80 bits). */
const HASH_DIGITS = 20;

/**
 * `<stem><suffix>`, or, when that is longer than {@link MAX_FILE_NAME_BYTES}, the stem cut (never
 * inside a `%XX` escape) followed by `~`, the first {@link HASH_DIGITS} hex digits of the SHA-256
 * of the whole stem, and the suffix. Encoded stems hold no `~` (it is percent-encoded), so a
 * shortened name never equals a whole one, and two stems share a shortened name only if their
 * hashes do. Stems are ASCII: a character is a byte.
 */
export function fitFileName(stem: string, suffix = ''): string {
  if (stem.length + suffix.length <= MAX_FILE_NAME_BYTES) return stem + suffix;
  const hash = createHash('sha256').update(stem).digest('hex').slice(0, HASH_DIGITS);
  let cut = stem.slice(0, MAX_FILE_NAME_BYTES - suffix.length - HASH_DIGITS - 1);
  const escape = cut.lastIndexOf('%');
  if (escape >= 0 && escape > cut.length - 3) cut = cut.slice(0, escape);
  return `${cut}~${hash}${suffix}`;
}

/**
 * the folder an object's file goes in, relative to its category folder: its namespace or
 * `_cluster` (a namespace's `_` is encoded, so no namespace can be `_cluster`, `.` or `..`).
 */
export function namespaceFolder(obj: ManifestIdentity): string {
  return obj.metadata.namespace ? fitFileName(encodeSegment(obj.metadata.namespace, /_/)) : CLUSTER_FOLDER;
}

/**
 * The category folder of an object: `namespaces` for Namespace objects, `policies`
 * for Karmada policies (PropagationPolicies and, for a fleet, OverridePolicies, each with its
 * cluster-wide kind) and ResourceInterpreterCustomizations (`config.karmada.io`, applied with
 * the policies, before the templates), `delivery` for Argo CD and Flux objects, `templates` for
 * everything else.
 */
export function categoryOf(obj: ManifestIdentity): 'namespaces' | 'policies' | 'templates' | 'delivery' {
  const group = groupOf(obj.apiVersion);
  if (obj.kind === 'Namespace' && obj.apiVersion === 'v1') return 'namespaces';
  if (group === 'policy.karmada.io' || group === 'config.karmada.io') return 'policies';
  if (DELIVERY_GROUPS.includes(group)) return 'delivery';
  return 'templates';
}

/** the API groups of the objects that deliver a migration (applied where Argo CD or Flux run, not to Karmada). */
export const DELIVERY_GROUPS: readonly string[] = ['argoproj.io', 'kustomize.toolkit.fluxcd.io'];

/** the placeholder file that keeps an empty folder of `dist/` in Git, for the deliveries that apply it. */
export const KEEP_FILE = '.keep';

/** the folder of delivery objects, beside the migrations' folders (a migration name cannot start with `_`). */
export const DELIVERY_FOLDER = '_delivery';

/**
 * The top folder of a path under `dist/` (the migration, or {@link DELIVERY_FOLDER}); `''` for a
 * file at the top. (Asked of every file of `dist/`: a slice, not a split.)
 */
export function topFolder(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

/**
 * The path of an object under `dist/`: `<migration>/<category>/<namespace|_cluster>/<file>`.
 * Namespace objects sit directly in `<migration>/namespaces/`.
 */
export function manifestPath(migration: string, obj: ManifestIdentity): string {
  const category = categoryOf(obj);
  if (category === 'namespaces') return `${migration}/namespaces/${objectFileName(obj)}`;
  // outside the migration's folder: Argo CD and Flux apply that folder to Karmada.
  if (category === 'delivery') return `${DELIVERY_FOLDER}/${migration}/${namespaceFolder(obj)}/${objectFileName(obj)}`;
  return `${migration}/${category}/${namespaceFolder(obj)}/${objectFileName(obj)}`;
}

// percent-encodes every character outside [A-Za-z0-9._-], those of `also`, and a segment made
// only of dots (`.`, `..`), so that the result is one path segment and the encoding is injective.
function encodeSegment(value: string, also?: RegExp): string {
  const encode = (c: string) => [...Buffer.from(c, 'utf8')].map(b => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  const out = value.replace(/[^A-Za-z0-9._-]/gu, encode);
  const extra = also ? out.replace(new RegExp(also.source, 'g'), encode) : out;
  return /^\.*$/.test(extra) ? extra.replace(/\./g, '%2E') : extra;
}
