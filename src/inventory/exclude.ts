// Objects the user leaves out of a migration by identity (`spec.exclude`): they are no template,
// and the member keeps them as they are, outside Karmada. Exclusion comes before a fleet's
// consolidation, so that excluding one of two objects that only an API group tells apart
// (Karmada names their bindings alike: pkg/util/names/names.go GenerateBindingName) lets the other through.
import { closest } from '../kube/suggest';
import { compareKeys, formatKey, groupOf, keyString, ObjectKey } from '../kube/object';

/** One object to leave out, as the user names it. */
export interface ExcludeEntry {
  /**
   * its apiVersion: only the API group is compared.
   *
   * @default - any API group
   */
  readonly apiVersion?: string;
  readonly kind: string;
  /**
   * its namespace.
   *
   * @default - a cluster-scoped object
   */
  readonly namespace?: string;
  readonly name: string;
  /**
   * why it is left out, for reviewers.
   *
   * @default - no reason given
   */
  readonly reason?: string;
}

/** An entry that matches no object, and what the user may have meant. */
export interface UnmatchedExclusion {
  /** its position in the list. */
  readonly index: number;
  readonly message: string;
}

/** What {@link matchExclusions} found. */
export interface Exclusions {
  /** the entry (its position in the list) that excludes an object; undefined when none does. */
  entryOf(key: ObjectKey): number | undefined;
  /** why an excluded object is left out, in words for the user (`excluded by spec.exclude[2]: ...`). */
  reasonOf(key: ObjectKey): string | undefined;
  /** the entries that match no object of `known`, in list order. */
  readonly unmatched: readonly UnmatchedExclusion[];
}

/**
 * Matches the entries of an exclude list against the objects read (those that became templates
 * and those the inventory dropped, of every cluster): an entry matches an object with its kind,
 * name and namespace (none for a cluster-scoped object) and, when it gives an apiVersion, its API group.
 *
 * @param field how the list is named in messages (`spec.exclude`)
 */
export function matchExclusions(entries: readonly ExcludeEntry[], known: Iterable<ObjectKey>, field = 'exclude'): Exclusions {
  const byName = new Map<string, ObjectKey[]>();
  const all: ObjectKey[] = [];
  const seen = new Set<string>();
  for (const key of known) {
    const k = keyString(key);
    if (seen.has(k)) continue;
    seen.add(k);
    all.push(key);
    const n = `${key.kind}\u0000${key.namespace ?? ''}\u0000${key.name}`;
    byName.set(n, [...(byName.get(n) ?? []), key]);
  }
  all.sort(compareKeys);
  const excluded = new Map<string, number>();
  const unmatched: UnmatchedExclusion[] = [];
  entries.forEach((entry, index) => {
    const group = entry.apiVersion === undefined ? undefined : groupOf(entry.apiVersion);
    const matches = (byName.get(`${entry.kind}\u0000${entry.namespace ?? ''}\u0000${entry.name}`) ?? []).filter(k => group === undefined || k.group === group);
    for (const key of matches) if (!excluded.has(keyString(key))) excluded.set(keyString(key), index);
    if (matches.length === 0) unmatched.push({ index, message: unmatchedMessage(entry, group, all) });
  });
  const entryOf = (key: ObjectKey) => excluded.get(keyString(key));
  return {
    entryOf,
    reasonOf: key => {
      const index = entryOf(key);
      if (index === undefined) return undefined;
      const reason = entries[index].reason;
      return `excluded by ${field}[${index}]${reason ? `: ${reason}` : ''}`;
    },
    unmatched,
  };
}

// what an entry that matches nothing may have meant: the same object in another namespace, scope or
// group, or a name or kind one typo away.
function unmatchedMessage(entry: ExcludeEntry, group: string | undefined, all: readonly ObjectKey[]): string {
  const described = `${formatKey({ group: group ?? '', kind: entry.kind, namespace: entry.namespace, name: entry.name })}${group === undefined ? ' (any API group)' : ''}`;
  const base = `matches no object of the inventory: ${described}`;
  const sameName = all.filter(k => k.kind === entry.kind && k.name === entry.name);
  const near = sameName.filter(k => k.namespace !== entry.namespace || (group !== undefined && k.group !== group));
  if (near.length > 0) {
    return `${base}; the inventory has ${near.slice(0, 3).map(formatKey).join(', ')}${near.length > 3 ? ` and ${near.length - 3} more` : ''}: ` +
      'give its namespace (none for a cluster-scoped object) and API group as the object has them';
  }
  const sameKind = all.filter(k => k.kind === entry.kind && k.namespace === entry.namespace);
  const name = closest(entry.name, sameKind.map(k => k.name));
  if (name !== undefined) return `${base}; did you mean '${name}'?`;
  const kind = closest(entry.kind, [...new Set(all.map(k => k.kind))]);
  if (kind !== undefined) return `${base}; did you mean kind '${kind}'?`;
  return `${base}: remove the entry, or correct it (an exclusion that matches nothing would leave the object it meant to be taken over)`;
}
