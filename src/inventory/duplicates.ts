// finds objects given twice; internal to the inventory layer.
import { entryError, formatEntry } from './_util';
import { InventoryObject } from './types';
import { formatKey, keyOf, keyString } from '../kube/object';

/**
 * What to do when the same object (same API group, kind, namespace and name, whatever
 * the apiVersion) is given twice: fail, or keep the one read first or last.
 */
export type DuplicatePolicy = 'error' | 'first' | 'last';

/**
 * Returns one entry per object key.
 *
 * @throws InputError naming both places when `policy` is `'error'`
 */
export function resolveDuplicates<T extends InventoryObject>(entries: readonly T[], policy: DuplicatePolicy): T[] {
  const kept = new Map<string, T>();
  for (const entry of entries) {
    const key = keyOf(entry.object);
    const k = keyString(key);
    const previous = kept.get(k);
    if (previous === undefined) {
      kept.set(k, entry);
    } else if (policy === 'error') {
      throw entryError(entry, `${formatKey(key)} is also defined at ${formatEntry(previous)}; ` +
        'keep one of them, or choose with spec.onDuplicate: first or last (migration.yaml), --on-duplicate (karmada-migrate inventory)');
    } else if (policy === 'last') {
      kept.set(k, entry);
    }
  }
  return [...kept.values()];
}
