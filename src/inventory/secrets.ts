import { compareKeys, formatKey, groupOf, keyOf, keyString, KubeObject, ObjectKey } from '../kube/object';
import { isRecord } from '../kube/json';
import { findDependencies } from './dependencies';

/**
 * What becomes of the Secrets of an inventory. Whatever becomes a template is written
 * to `dist/` and to Git, so Secret data only gets there when the user says so.
 */
export enum SecretPolicy {
  /**
   * Secrets are not templates: they stay in the member cluster as they are, outside
   * Karmada, and the workloads taken over keep using them there.
   */
  UNMANAGED = 'Unmanaged',
  /**
   * Secrets become templates like any other object, their data in plain text in
   * `dist/` (and in Git). Only for data that is not secret, or a repository that is
   * encrypted as a whole.
   */
  PLAINTEXT = 'Plaintext',
}

/** The id of the drop that leaves Secrets unmanaged (see {@link SecretPolicy.UNMANAGED}). */
export const UNMANAGED_SECRET_RULE = 'secret-unmanaged';

/** A Secret and the objects that refer to it. */
export interface SecretReference {
  /** the Secret. */
  readonly secret: ObjectKey;
  /** the objects that name it (workloads, Ingresses), sorted by `compareKeys`. */
  readonly referencedBy: readonly ObjectKey[];
}

/** tells a core Secret from anything else. */
export function isSecret(obj: KubeObject): boolean {
  return obj.kind === 'Secret' && groupOf(obj.apiVersion) === '';
}

/**
 * Parses a secrets policy as `migration.yaml` and the CLI spell it.
 *
 * @throws Error naming the value and the choices
 */
export function parseSecretPolicy(value: string): SecretPolicy {
  const found = Object.values(SecretPolicy).find(p => p === value);
  if (!found) throw new Error(`secrets policy ${JSON.stringify(value)} is not one of ${Object.values(SecretPolicy).join(', ')}`);
  return found;
}

/**
 * Returns, for every Secret the objects refer to (found as Karmada's dependency
 * interpreter finds them: see `findDependencies`), the objects that refer to it. The
 * plan lists these for the Secrets left unmanaged.
 *
 * @returns sorted by Secret, `compareKeys`
 */
export function secretReferences(objects: readonly KubeObject[]): SecretReference[] {
  const bySecret = new Map<string, { secret: ObjectKey; referencedBy: ObjectKey[] }>();
  for (const obj of objects) {
    for (const d of findDependencies(obj)) {
      if (d.key.kind !== 'Secret') continue;
      const k = keyString(d.key);
      const entry = bySecret.get(k) ?? { secret: d.key, referencedBy: [] };
      entry.referencedBy.push(keyOf(obj));
      bySecret.set(k, entry);
    }
  }
  return [...bySecret.values()]
    .map(e => ({ secret: e.secret, referencedBy: e.referencedBy.sort(compareKeys) }))
    .sort((a, b) => compareKeys(a.secret, b.secret));
}

/**
 * The reason a Secret is left out of the templates under {@link SecretPolicy.UNMANAGED}.
 *
 * @param referencedBy the objects that refer to the Secret
 */
export function unmanagedSecretReason(referencedBy: readonly ObjectKey[]): string {
  const names = referencedBy.length ? referencedBy.map(formatKey).join(', ') : 'none';
  return `Secret left unmanaged in the member cluster (secrets: ${SecretPolicy.UNMANAGED}); referenced by: ${names}`;
}

/**
 * Returns a problem for each object that would write Secret data (`data` or
 * `stringData`) to `dist/` although the policy is not {@link SecretPolicy.PLAINTEXT}.
 */
export function secretDataProblems(objects: readonly KubeObject[], policy: SecretPolicy): string[] {
  if (policy === SecretPolicy.PLAINTEXT) return [];
  return objects
    .filter(o => isSecret(o) && (hasEntries(o.data) || hasEntries(o.stringData)))
    .map(o => `${formatKey(keyOf(o))} would be written to dist/ with its data in plain text; leave Secrets out of the templates ` +
      `(secrets: ${SecretPolicy.UNMANAGED}, the default) or opt in with secrets: ${SecretPolicy.PLAINTEXT}`);
}

function hasEntries(value: unknown): boolean {
  return isRecord(value) ? Object.keys(value).length > 0 : value !== undefined && value !== null;
}
