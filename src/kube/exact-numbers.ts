// Numbers and keys as the API server reads them, where JavaScript would read them otherwise.
// Go decodes an integer of a manifest into an int64 (apimachinery's JSON and YAML decoders turn
// a number without fraction or exponent into int64), exactly; JavaScript holds every number as a
// double, exact only up to 2^53 - 1. An integer beyond that (an int64 of a CRD, a typo) would be
// rounded, or written as 1e+26, without a word: it is refused instead, as is a number JSON cannot
// hold at all (1e400, .inf, .nan), which the API server cannot read. And JSON.parse keeps the
// last of two equal keys, where the YAML reader refuses them: a JSON text is checked for both.
import * as yaml from 'js-yaml';
import { PathSegment } from './field-path';

/**
 * A number read from YAML that a JavaScript number cannot hold exactly (an integer beyond
 * ±(2^53 - 1)) or JSON cannot hold (infinite, not a number): the reader puts it where the
 * number would be, and the walk that checks the document refuses it.
 */
export class InexactNumber {
  /**
   * @param text the number as written
   * @param line 1-based line in the text given to the YAML reader, when the listener saw it
   */
  public constructor(public readonly text: string, public line?: number) {}
}

// what js-yaml's compiled core types hold (its typings leave it out).
interface CoreScalarType {
  readonly tag: string;
  resolve(data: string): boolean;
  construct(data: string): unknown;
}

const coreType = (tag: string): CoreScalarType =>
  (yaml.CORE_SCHEMA as unknown as { compiledImplicit: CoreScalarType[] }).compiledImplicit.find(t => t.tag === tag)!;

// a core type for reading (never for writing) whose value is checked: a number it cannot hold becomes an InexactNumber.
function exactType(core: CoreScalarType, exact: (n: number) => boolean): yaml.Type {
  return new yaml.Type(core.tag, {
    kind: 'scalar',
    resolve: (data: string) => core.resolve(data),
    construct: (data: string) => {
      const value = core.construct(data) as number;
      return exact(value) ? value : new InexactNumber(data);
    },
  });
}

/**
 * YAML's core `int` and `float` types (js-yaml's), except that an integer beyond ±(2^53 - 1)
 * and a float that is not finite are read as an {@link InexactNumber}: extend a js-yaml schema
 * with them (they replace the core types).
 */
export const EXACT_NUMBER_TYPES: readonly yaml.Type[] = [
  exactType(coreType('tag:yaml.org,2002:int'), Number.isSafeInteger),
  exactType(coreType('tag:yaml.org,2002:float'), Number.isFinite),
];

/** js-yaml's core schema with {@link EXACT_NUMBER_TYPES}. */
export const EXACT_CORE_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [...EXACT_NUMBER_TYPES] });

/**
 * A js-yaml listener that notes the line of each {@link InexactNumber} (`lineOffset` + its
 * 0-based line + 1); chain it with a listener of your own.
 */
export function inexactNumberLines(lineOffset = 0): (event: yaml.EventType, state: yaml.State) => void {
  return (event, state) => {
    if (event === 'close' && state.result instanceof InexactNumber && state.result.line === undefined) state.result.line = lineOffset + state.line + 1;
  };
}

/** the message for a number written as `text` that JavaScript or JSON cannot hold, naming the fix. */
export function inexactNumberProblem(text: string): string {
  const value = Number(text.replace(/_/g, ''));
  if (Number.isInteger(value) && (/^[-+]?0[xob]/i.test(text) || !/[.eE]/.test(text))) {
    return `${text} is an integer beyond ±(2^53 - 1) = 9007199254740991, which karmada-migrate cannot hold exactly ` +
      `(it would write ${String(value)}): use a smaller value, or leave the object out of the inventory and apply it by hand`;
  }
  return `${text} is no finite number, which JSON (and so the API server) cannot hold: write a finite number`;
}

/** The first {@link InexactNumber} of a parsed value, with its path; undefined when there is none. */
export function findInexactNumber(value: unknown): { readonly path: PathSegment[]; readonly number: InexactNumber } | undefined {
  const path: PathSegment[] = [];
  const visit = (v: unknown): InexactNumber | undefined => {
    if (v instanceof InexactNumber) return v;
    if (v === null || typeof v !== 'object') return undefined;
    // (no entries copied: every object of every manifest read is visited)
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        const found = visit(v[i]);
        if (found) return found;
        path.pop();
      }
      return undefined;
    }
    for (const k of Object.keys(v)) {
      path.push(k);
      const found = visit((v as Record<string, unknown>)[k]);
      if (found) return found;
      path.pop();
    }
    return undefined;
  };
  const number = visit(value);
  return number ? { path, number } : undefined;
}

/** A problem of a JSON text that JSON.parse does not report. */
export interface JsonTextProblem {
  /** 1-based line. */
  readonly line: number;
  /** where in the value. */
  readonly path: PathSegment[];
  readonly problem: string;
}

interface Frame {
  readonly keys?: Set<string>;
  /** the key being read (an object), or the index of the item (an array). */
  at: PathSegment;
  expectKey: boolean;
}

/**
 * The first key a JSON object holds twice, or the first number JavaScript cannot hold exactly
 * (an integer beyond ±(2^53 - 1), a float beyond the largest double), in a text JSON.parse
 * accepted (the text is assumed valid). One pass.
 */
export function jsonTextProblem(text: string): JsonTextProblem | undefined {
  const stack: Frame[] = [];
  const at = (i: number, problem: string): JsonTextProblem => {
    let line = 1;
    for (let n = text.indexOf('\n'); n >= 0 && n < i; n = text.indexOf('\n', n + 1)) line++;
    return { line, path: stack.map(f => f.at), problem };
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      stack.push({ keys: new Set(), at: '', expectKey: true });
    } else if (c === 0x5b /* [ */) {
      stack.push({ at: 0, expectKey: false });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top.keys) top.expectKey = true;
      else top.at = (top.at as number) + 1;
    } else if (c === 0x22 /* " */) {
      let end = i + 1;
      for (;;) {
        end = text.indexOf('"', end);
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
        end++;
      }
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? JSON.parse(`"${raw}"`) as string : raw;
        top.at = key;
        top.expectKey = false;
        if (top.keys.has(key)) {
          return at(i, `the key ${JSON.stringify(key)} appears twice, and readers disagree on which counts (JSON readers keep the last silently, YAML readers refuse it): keep one`);
        }
        top.keys.add(key);
      }
      i = end;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      // a number: `-` and digits appear nowhere else outside strings.
      let end = i + 1;
      let integer = true;
      for (; end < text.length; end++) {
        const d = text.charCodeAt(end);
        if (d === 0x2e /* . */ || d === 0x65 /* e */ || d === 0x45 /* E */) integer = false;
        else if (!(d >= 0x30 && d <= 0x39) && d !== 0x2b /* + */ && d !== 0x2d /* - */) break;
      }
      // an integer of at most 15 characters is always exact.
      if (!integer || end - i > 15) {
        const token = text.slice(i, end);
        const value = Number(token);
        if (integer ? !Number.isSafeInteger(value) : !Number.isFinite(value)) return at(i, inexactNumberProblem(token));
      }
      i = end - 1;
    }
  }
  return undefined;
}

/**
 * Where a JSON text that JSON.parse refused holds a comment (`//` or `/*`), when the text is
 * valid JSON once its comments are gone: JSON has no comments. Undefined otherwise.
 *
 * @returns the 1-based line of the first comment
 */
export function jsonCommentLine(text: string): number | undefined {
  let out = '';
  let first: number | undefined;
  let line = 1;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) {
      first ??= line;
      out += text.slice(from, i);
      const close = text[i + 1] === '/' ? text.indexOf('\n', i) : text.indexOf('*/', i + 2);
      if (close < 0) return undefined;
      const comment = text.slice(i, text[i + 1] === '/' ? close : close + 2);
      // a block comment's line breaks keep the line numbers of what follows.
      out += comment.replace(/[^\n]/g, ' ');
      for (const ch of comment) if (ch === '\n') line++;
      i += comment.length - 1;
      from = i + 1;
    }
  }
  if (first === undefined) return undefined;
  try {
    JSON.parse(out + text.slice(from));
    return first;
  } catch {
    return undefined;
  }
}
