// turns the text of one inventory file into located objects; internal to the inventory layer.
import * as yaml from 'js-yaml';
import { entryError } from './_util';
import { InventoryObject } from './types';
import { describeType, isRecord, setOwn } from '../kube/json';
import { EXACT_NUMBER_TYPES, inexactNumberLines, jsonCommentLine, jsonTextProblem } from '../kube/exact-numbers';
import { formatFieldPath } from '../kube/field-path';
import { asKubeObject, checkTree, NodeBudget } from './validate';
import { InputError, malformedYaml, SourceLocation } from '../errors';

/** Limits and format of {@link parseText}. */
export interface ParseOptions {
  /** deepest nesting allowed in a document, the root being level 1. */
  readonly maxDepth: number;
  /** values the documents of the file may expand to; the file's length raises it. */
  readonly maxNodes: number;
  /**
   * try `JSON.parse` first (a `.json` file); YAML is the fallback, as JSON is YAML. JSON with
   * comments is refused with a message of its own, and so are a key twice and an integer
   * JSON.parse would round.
   */
  readonly json: boolean;
  /**
   * called every few thousand values parsed: a sign of life for the thread waiting on this one
   * (parallel-read.ts).
   *
   * @default - nothing is called
   */
  readonly progress?: () => void;
}

// YAML 1.2 core types (no timestamps, so `2024-01-01` stays a string as kubectl reads it,
// no !!binary or !!set) plus merge keys (`<<: *defaults`), which kubectl's YAML decoder
// also accepts. js-yaml merges any key of this tag; the type is js-yaml's own (lib/type/merge.js),
// which its typings do not export.
const MERGE = new yaml.Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' || data === null });
// Integers beyond ±(2^53 - 1) and infinite floats are read as InexactNumber, which checkTree refuses.
const SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [MERGE, ...EXACT_NUMBER_TYPES] });

/**
 * Parses the YAML (or JSON) text of one file into objects: every document, and every item
 * of a List document, checked by {@link asKubeObject}. Empty and comment-only documents
 * are skipped.
 *
 * @param file the path for messages, as the user gave it
 * @throws InputError naming the file, the document and the line
 */
export function parseText(text: string, file: string, options: ParseOptions): InventoryObject[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // a file without aliases never expands to more values than it has characters, so the
  // budget only ever stops alias expansion.
  const limit = Math.max(options.maxNodes, text.length + 1);
  const budget: NodeBudget = { limit, remaining: limit };
  const out: InventoryObject[] = [];
  // the number of documents with content, so that a location names its document only when there are several.
  let documents = 1;
  const add = (value: unknown, document: number, line: number, itemLines?: Map<unknown, number[]>) => {
    if (value === null || value === undefined) return;
    const location = { file, document, documents, line };
    checkTree(value, options.maxDepth, budget, (problem, at) => {
      throw new InputError(problem, at === undefined ? location : { ...location, line: at });
    });
    detachStrings(value);
    flatten(value, location, '', itemLines, out);
  };

  if (options.json) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON after all: the YAML parser reads it, or names the line that is wrong.
      value = undefined;
    }
    options.progress?.();
    if (value !== undefined) {
      // what JSON.parse lets through: a key twice (the last wins), an integer it rounds.
      const problem = jsonTextProblem(text);
      options.progress?.();
      if (problem) {
        const field = problem.path.length ? `${formatFieldPath(problem.path)}: ` : '';
        throw new InputError(`${field}${problem.problem}`, { file, document: 0, documents, line: problem.line });
      }
      add(value, 0, firstContentLine(text) + 1);
      return out;
    }
    const comment = jsonCommentLine(text);
    if (comment !== undefined) {
      throw new InputError('JSON does not allow comments, and this line holds one (the text is JSON once they are gone): remove the comments, ' +
        'or export the objects again (kubectl get -o json writes none)', { file, document: 0, documents, line: comment });
    }
  }

  let document = 0;
  const chunks = splitDocuments(text).flatMap(chunk => {
    const contentLine = firstContentLine(chunk.text);
    if (contentLine < 0 && !chunk.explicit) return [];
    const index = document++;
    return contentLine < 0 ? [] : [{ chunk, index, line: chunk.line + contentLine + 1 }];
  });
  documents = chunks.length;
  for (const { chunk, index, line } of chunks) {
    const { value, itemLines } = loadDocument(chunk, { file, document: index, documents, line }, options.maxDepth, options.progress);
    add(value, index, line, itemLines);
  }
  return out;
}

interface Chunk {
  readonly text: string;
  /** 0-based line of the chunk's first character in the file. */
  readonly line: number;
  /** true when the chunk starts with a `---` marker (it is a document even when empty). */
  readonly explicit: boolean;
}

// YAML forbids `---` and `...` followed by a space or a line end at the start of a line
// anywhere but as document markers (c-forbidden), so the stream can be cut there without
// parsing; each document is then parsed alone, which gives it exact line numbers.
function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let startLine = 0;
  let pending: Chunk | undefined;
  const push = (end: number, explicit: boolean) => {
    if (end <= start) return;
    let chunk: Chunk = { text: text.slice(start, end), line: startLine, explicit };
    if (pending) {
      chunk = { text: pending.text + chunk.text, line: pending.line, explicit };
      pending = undefined;
    }
    // directives (`%YAML 1.2`) belong to the document the next `---` starts.
    if (!explicit && startsWithDirective(chunk.text)) pending = chunk;
    else chunks.push(chunk);
  };
  let explicit = false;
  let line = 0;
  for (let pos = 0; pos < text.length; line++) {
    const nl = text.indexOf('\n', pos);
    const next = nl < 0 ? text.length : nl + 1;
    const c = text.charCodeAt(pos);
    if ((c === 0x2d || c === 0x2e) && isMarker(text, pos)) {
      if (c === 0x2d) {
        push(pos, explicit);
        start = pos;
        startLine = line;
        explicit = true;
      } else {
        push(next, explicit);
        start = next;
        startLine = line + 1;
        explicit = false;
      }
    }
    pos = next;
  }
  push(text.length, explicit);
  if (pending) chunks.push(pending);
  return chunks;
}

// `---` or `...` at `pos`, followed by a space, a tab, a line end or the end of the text.
function isMarker(text: string, pos: number): boolean {
  const marker = text.charCodeAt(pos) === 0x2d ? '---' : '...';
  if (!text.startsWith(marker, pos)) return false;
  const after = text.charCodeAt(pos + 3);
  return Number.isNaN(after) || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d;
}

// `%` cannot start a plain scalar, so a line starting with it is a directive.
function startsWithDirective(text: string): boolean {
  return firstContentLine(text) < 0 && /^%/m.test(text);
}

// 0-based index of the first line with content (not blank, not a comment, not a directive,
// not a bare document marker), or -1 when there is none. Stops at that line.
function firstContentLine(text: string): number {
  let line = 0;
  for (let pos = 0; pos < text.length; line++) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    let rest = text.slice(pos, end);
    if (/^(?:---|\.\.\.)(?:[ \t\r]|$)/.test(rest)) rest = rest.slice(3);
    if (!/^(?:[ \t\r]*(?:#.*)?|%.*)$/.test(rest)) return line;
    pos = end + 1;
  }
  return -1;
}

interface LoadedDocument {
  readonly value: unknown;
  /** for each array directly under the root mapping, the 1-based line of each of its items. */
  readonly itemLines: Map<unknown, number[]>;
}

function loadDocument(chunk: Chunk, location: SourceLocation, maxDepth: number, progress?: () => void): LoadedDocument {
  // the listener notes where each item of a top-level sequence (a List's `items`) starts,
  // so that a problem in item 41,000 of an export points at its line.
  const itemLines = new Map<unknown, number[]>();
  let depth = 0;
  let lines: number[] = [];
  const numberLines = inexactNumberLines(chunk.line);
  let opened = 0;
  const listener = (event: yaml.EventType, state: yaml.State) => {
    numberLines(event, state);
    if (event === 'open') {
      if (progress && (++opened & 0xfff) === 0) progress();
      depth++;
      if (depth === 3) lines.push(chunk.line + state.line + 1);
      return;
    }
    if (depth === 2) {
      // an empty item (`-` alone on its line) is pushed without an event: when the counts
      // differ, lines cannot be matched to items, and the document's line is used instead.
      if (lines.length && Array.isArray(state.result) && lines.length === state.result.length) itemLines.set(state.result, lines);
      lines = [];
    }
    depth--;
  };
  try {
    // maxDepth (js-yaml >= 4.2) is missing from @types/js-yaml.
    const value = yaml.load(chunk.text, { schema: SCHEMA, maxDepth, listener } as yaml.LoadOptions);
    return { value, itemLines };
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      if ((e.reason ?? e.message).startsWith('nesting exceeded maxDepth')) {
        throw new InputError(`nested deeper than ${maxDepth} levels (maxDepth)`, { ...location, line: e.mark ? chunk.line + e.mark.line + 1 : location.line });
      }
      // js-yaml's own snippet (mark.snippet) numbers the lines of the document it was given, not of the file.
      throw malformedYaml(e, chunk.text, location, chunk.line + 1);
    }
    if (e instanceof RangeError) {
      // only reachable when maxDepth is raised far above its default.
      throw new InputError('nested too deeply to parse (the call stack ran out); lower maxDepth', location);
    }
    throw e;
  }
}

// a List (`kind: List`, `DeploymentList`...) is replaced by its items; an object of a custom
// kind whose name ends in List is told apart by its metadata.name, which a list never has.
function isList(value: unknown): value is { items: unknown } {
  if (!isRecord(value) || typeof value.kind !== 'string' || !value.kind.endsWith('List')) return false;
  if (isRecord(value.metadata) && value.metadata.name) return false;
  return Array.isArray(value.items) || (value.kind === 'List' && (value.items === undefined || value.items === null));
}

function flatten(
  value: unknown, location: SourceLocation, path: string, itemLines: Map<unknown, number[]> | undefined, out: InventoryObject[],
): void {
  if (isRecord(value) && value.kind === 'List' && value.items !== undefined && value.items !== null && !Array.isArray(value.items)) {
    throw entryError({ source: location, item: path }, `the items of a List must be a list of objects, found ${describeType(value.items)}`);
  }
  if (isList(value)) {
    const items = Array.isArray(value.items) ? value.items : [];
    const lines = itemLines?.get(items);
    items.forEach((item, i) => {
      const itemLocation = lines ? { ...location, line: lines[i] } : location;
      flatten(item, itemLocation, `${path ? `${path}.` : ''}items[${i}]`, undefined, out);
    });
    return;
  }
  const object = asKubeObject(value, problem => {
    throw entryError({ source: location, item: path }, problem);
  });
  out.push(path ? { object, source: location, item: path } : { object, source: location });
}

// V8 makes a substring of 13 characters or more a slice of the string it is cut from, and js-yaml
// cuts every scalar from the document's text: one name, image or uid kept from a document keeps
// the whole text of its file alive (on a 20,000-app export, 150 MB of text beside the objects, for
// as long as the inventory lives). Such strings are replaced, in place, by copies of their own
// (a one-character concatenation is made flat, then sliced off it): same characters, no tie to the text.
function detachStrings(value: unknown): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'string') value[i] = detached(v);
      else if (v !== null && typeof v === 'object') detachStrings(v);
    }
  } else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      const v = o[key];
      if (typeof v === 'string') setOwn(o, key, detached(v));
      else if (v !== null && typeof v === 'object') detachStrings(v);
    }
  }
}

function detached(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}
