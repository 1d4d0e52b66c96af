// reads and parses one file of an export: what readInventory does with each file, on whichever
// thread reads it (parallel-read.ts); internal to the inventory layer.
import { parseText } from './parse';
import { InventoryObject } from './types';
import { ReadTextOptions, readTextFile } from '../text-file';

/** one file to read: the path shown in messages and the path opened. */
export interface FileRef {
  /** the path for messages: as given, or the given directory joined with the entry's path. */
  readonly display: string;
  readonly resolved: string;
}

/** the limits every file of one read is held to. */
export interface FileLimits {
  /** the largest file read, in bytes. */
  readonly maxFileBytes: number;
  /** deepest nesting allowed in a document. */
  readonly maxDepth: number;
  /** values the documents of one file may expand to through aliases. */
  readonly maxNodes: number;
}

/**
 * reads `file` whole, up to the limit, and parses it: JSON when its name ends in `.json`, YAML otherwise.
 *
 * @throws InputError naming the file, the document and the line of the first problem
 */
export function readExportFile(file: FileRef, limits: FileLimits): InventoryObject[] {
  return parseExportText(readExportText(file, limits), file, limits);
}

/** the text of `file`, read whole up to the limit. @throws InputError naming the file */
export function readExportText(file: FileRef, limits: FileLimits): string {
  return readTextFile(file.resolved, { ...textLimits(limits.maxFileBytes), shownAs: file.display });
}

/**
 * parses the text of `file`: JSON when its name ends in `.json`, YAML otherwise.
 *
 * @param progress called every few thousand values parsed
 * @throws InputError naming the file, the document and the line of the first problem
 */
export function parseExportText(text: string, file: FileRef, limits: FileLimits, progress?: () => void): InventoryObject[] {
  return parseText(text, file.display, {
    maxDepth: limits.maxDepth, maxNodes: limits.maxNodes, json: file.display.endsWith('.json'), ...(progress ? { progress } : {}),
  });
}

/** reads standard input's text (once read, `text`) as a file of an export: JSON when it looks like JSON. */
export function parseStandardInput(text: string, limits: FileLimits, shownAs: string): InventoryObject[] {
  return parseText(text, shownAs, { maxDepth: limits.maxDepth, maxNodes: limits.maxNodes, json: /^\s*(?:[{[]|\/[/*])/.test(text.slice(0, 4096)) });
}

// a file of an export is read whole, up to the limit: a device (/dev/zero) is refused, a pipe bounded.
export function textLimits(maxFileBytes: number): ReadTextOptions {
  return {
    maxBytes: maxFileBytes,
    raise: 'raise it with --max-file-bytes (karmada-migrate inventory) or spec.limits.maxFileBytes (migration.yaml)',
    split: 'split the export (kubectl get ... per namespace or per kind)',
  };
}
