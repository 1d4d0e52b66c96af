// private helpers of the inventory layer; not re-exported from index.ts.
import { InventoryObject } from './types';
import { formatLocation, InputError } from '../errors';

/** an InputError about an entry: its location, and its item path in front of the problem. */
export function entryError(entry: Pick<InventoryObject, 'source' | 'item'>, problem: string): InputError {
  return new InputError(entry.item ? `${entry.item}: ${problem}` : problem, entry.source);
}

/** renders where an entry is: `a.yaml:12 items[3]`, `a.yaml:40 (document 2)`. */
export function formatEntry(entry: Pick<InventoryObject, 'source' | 'item'>): string {
  return `${formatLocation(entry.source)}${entry.item ? ` ${entry.item}` : ''}`;
}
