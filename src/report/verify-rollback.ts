import { InputError } from '../errors';
import { formatKey, groupOf, KubeObject, keyOf } from '../inventory/types';

/** A Work that still lacks the flag, and what it carries. */
export interface UnarmedWork {
  /** `metadata.namespace` of the Work (`karmada-es-<cluster>`). */
  readonly namespace: string;
  readonly name: string;
  /** the templates of the migration the Work applies. */
  readonly objects: readonly string[];
}

/** The verdict of {@link verifyRollback}. */
export interface RollbackVerification {
  /** true when every Work of the migration's templates carries `spec.preserveResourcesOnDeletion: true`. */
  readonly ready: boolean;
  /** the Works of the migration's templates. */
  readonly works: number;
  /** those without the flag. */
  readonly unarmed: readonly UnarmedWork[];
  /** the migration's templates no Work applies (not propagated yet, or not claimed). */
  readonly withoutWork: readonly string[];
}

/**
 * Checks that the rollback is armed where it matters: in the Works (`work.karmada.io`)
 * that apply the migration's templates. `preserveResourcesOnDeletion` travels from the
 * policy to the ResourceBinding and on to each Work (karmada-semantics §6); only a Work that
 * carries it keeps its member object when the template is deleted.
 *
 * @param works the output of `kubectl get works.work.karmada.io -A -o json` (a List)
 * @param templates the migration's templates (from `dist/`)
 * @throws InputError when `works` is not a list of Works
 */
export function verifyRollback(works: unknown, templates: readonly KubeObject[], file = '-'): RollbackVerification {
  const items = (works as { items?: unknown } | null)?.items;
  if (!works || typeof works !== 'object' || !Array.isArray(items)) {
    throw new InputError("not a list of Works: expected the output of 'kubectl get works.work.karmada.io -A -o json' (an object with 'items')", { file });
  }
  const wanted = new Map(templates.map(t => [id(t), formatKey(keyOf(t))]));
  const covered = new Set<string>();
  const unarmed: UnarmedWork[] = [];
  let count = 0;
  items.forEach((w, i) => {
    const work = w as WorkShape;
    if (!work || typeof work !== 'object' || work.kind !== 'Work' || !work.metadata?.name) {
      throw new InputError(`items[${i}] is not a Work (kind: Work with metadata.name)`, { file });
    }
    const manifests = work.spec?.workload?.manifests ?? [];
    if (!Array.isArray(manifests)) throw new InputError(`items[${i}] (${work.metadata.name}): spec.workload.manifests must be a list`, { file });
    const ours = manifests.map(m => m as KubeObject).filter(m => m && m.apiVersion && m.kind && m.metadata?.name && wanted.has(id(m)));
    if (ours.length === 0) return;
    count++;
    for (const m of ours) covered.add(id(m));
    if (work.spec?.preserveResourcesOnDeletion !== true) {
      unarmed.push({ namespace: work.metadata.namespace ?? '', name: work.metadata.name, objects: ours.map(m => wanted.get(id(m))!).sort() });
    }
  });
  unarmed.sort((a, b) => (a.namespace + '/' + a.name < b.namespace + '/' + b.name ? -1 : 1));
  const withoutWork = [...wanted].filter(([k]) => !covered.has(k)).map(([, v]) => v).sort();
  return { ready: unarmed.length === 0, works: count, unarmed, withoutWork };
}

interface WorkShape {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: { readonly preserveResourcesOnDeletion?: boolean; readonly workload?: { readonly manifests?: unknown[] } };
}

function id(o: KubeObject): string {
  return `${groupOf(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
