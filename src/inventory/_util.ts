// private helpers of the inventory layer; not re-exported from index.ts.
import { KubeObject } from '../kube/object';
import { formatLocation, InputError, SourceLocation } from '../errors';

/** An object read from a file (or given in code), with its place. */
export interface Entry {
  readonly object: KubeObject;
  readonly source: SourceLocation;
  /** the item path inside a List document, `items[3]`. @default - not in a List */
  readonly item?: string;
}

/** an InputError about an entry: its location, and its item path in front of the problem. */
export function entryError(entry: Pick<Entry, 'source' | 'item'>, problem: string): InputError {
  return new InputError(entry.item ? `${entry.item}: ${problem}` : problem, entry.source);
}

/** renders where an entry is: `a.yaml (document 0, line 12) items[3]`. */
export function formatEntry(entry: Pick<Entry, 'source' | 'item'>): string {
  return `${formatLocation(entry.source)}${entry.item ? ` ${entry.item}` : ''}`;
}
