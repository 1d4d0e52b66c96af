/**
 * Where a piece of user input came from: a file (or `-` for stdin), the index of the
 * YAML document inside it (0-based) and, where known, the 1-based line.
 */
export interface SourceLocation {
  /** the file path as the user gave it, or `-` for standard input. */
  readonly file: string;
  /** 0-based index of the YAML/JSON document in the file. @default - not known */
  readonly document?: number;
  /**
   * how many documents (with content) the file holds: a location names its document only when
   * there are several. @default - not known (the document is named)
   */
  readonly documents?: number;
  /** 1-based line of the document (or of the offending node) in the file. @default - not known */
  readonly line?: number;
}

/**
 * renders a location as compilers do, `file:14`, naming the document when the file holds
 * several: `file:14 (document 2)`; without a line, `file (document 2)` or `file`.
 */
export function formatLocation(loc: SourceLocation): string {
  const document = loc.document !== undefined && (loc.documents === undefined || loc.documents > 1) ? `document ${loc.document}` : undefined;
  const at = loc.line !== undefined ? `${loc.file}:${loc.line}` : loc.file;
  return document ? `${at} (${document})` : at;
}

/** `file:line` as compilers print it, or {@link formatLocation} when the line is not known: for tables. */
export function formatSourceLine(loc: SourceLocation): string {
  return loc.line !== undefined ? `${loc.file}:${loc.line}` : formatLocation(loc);
}

/**
 * An error in what the user gave us (a config, an inventory file, a flag), as opposed to
 * a bug. The CLI prints its message without a stack and exits 1.
 */
export class InputError extends Error {
  /**
   * @param message what is wrong and how to fix it
   * @param location where the problem is, when it is in a file
   */
  public constructor(message: string, public readonly location?: SourceLocation) {
    super(location ? `${formatLocation(location)}: ${message}` : message);
    this.name = 'InputError';
  }
}

/** tells an InputError from any other thrown value. */
export function isInputError(e: unknown): e is InputError {
  return e instanceof Error && e.name === 'InputError';
}

/**
 * The output breaks Karmada's or the migration's rules (see `validateManifests`): the
 * CLI prints every violation and exits 2, as `cdk8s synth` does when a validation fails.
 */
export class ValidationFailedError extends Error {
  /** the exit code the CLI uses. */
  public readonly exitCode = 2;

  public constructor(message: string) {
    super(message);
    this.name = 'ValidationFailedError';
  }
}

/** tells a ValidationFailedError from any other thrown value. */
export function isValidationFailedError(e: unknown): e is ValidationFailedError {
  return e instanceof Error && e.name === 'ValidationFailedError';
}

/** the exit code of a failure that is no fault of the input: a bug, or the machine (out of memory...). */
export const INTERNAL_ERROR = 4;

/**
 * A failure nobody expected, in one paragraph: a system error with its code and path, or
 * the message of a bug; the stack only with KARMADA_MIGRATE_DEBUG=1.
 */
export function describeUnexpected(e: unknown): string {
  const err: NodeJS.ErrnoException = e instanceof Error ? e : new Error(String(e));
  const stack = process.env.KARMADA_MIGRATE_DEBUG ? `\n${err.stack}` : '';
  if (err.code && err.syscall) {
    return `cannot ${err.syscall}${err.path ? ` ${err.path}` : ''}: ${err.code} (${err.message.replace(/^[A-Z]+: /, '').split(',')[0]}); ` +
      `check the path and its permissions${stack}`;
  }
  return `unexpected error: ${err.message}. This is a bug of karmada-migrate: please report it with the command that ran ` +
    `(KARMADA_MIGRATE_DEBUG=1 prints the stack)${stack}`;
}

/** the widest part of a line an excerpt shows: an export may hold a line of a megabyte. */
const EXCERPT_WIDTH = 100;

/**
 * The lines of a text around a position, numbered as in the file, with a caret under the
 * column, for a syntax error (two lines before for context; a tab shows as `→`, a long line
 * as the part around the column):
 *
 * ```
 *   11 | data:
 *   12 |   key: [a, b
 *      |             ^
 * ```
 *
 * @param text the text the parser read (a whole file, or one document of it)
 * @param line 1-based line of the position in `text`
 * @param column 0-based column of the position in that line
 * @param firstLine the file's line number of `text`'s first line (1 for a whole file)
 * @returns the lines, each indented by two spaces, without a final line break; `''` when the
 * line is not in the text
 */
export function formatExcerpt(text: string, line: number, column: number, firstLine = 1): string {
  const lines = text.split('\n');
  if (!Number.isInteger(line) || line < 1 || line > lines.length) return '';
  const from = Math.max(1, line - 2);
  const width = String(line + firstLine - 1).length;
  const out: string[] = [];
  let caret = 0;
  for (let n = from; n <= line; n++) {
    let content = lines[n - 1].replace(/\r$/, '').replace(/\t/g, '→');
    let col = n === line ? Math.min(Math.max(0, column), content.length) : 0;
    if (content.length > EXCERPT_WIDTH) {
      // the part of the line around the column (the start of the line for the lines before).
      const start = Math.max(0, Math.min(col - EXCERPT_WIDTH / 2, content.length - EXCERPT_WIDTH));
      const head = start > 0 ? '... ' : '';
      const tail = start + EXCERPT_WIDTH < content.length ? ' ...' : '';
      col = col - start + head.length;
      content = `${head}${content.slice(start, start + EXCERPT_WIDTH)}${tail}`;
    }
    if (n === line) caret = col;
    out.push(`  ${String(n + firstLine - 1).padStart(width)} | ${content}`.trimEnd());
  }
  out.push(`  ${' '.repeat(width)} | ${' '.repeat(caret)}^`);
  return out.join('\n');
}

/**
 * The InputError of a syntax error at a character of a text: the line it is on, and the
 * {@link formatExcerpt} under the message. A position at the end of the text (a flow or a quote
 * left open) is shown after the last character written, where the fix goes.
 *
 * @param offset the position, in characters from the start of `text`
 * @param location the file (and document); its line is replaced by the position's
 * @param firstLine the file's line number of `text`'s first line
 */
export function syntaxError(problem: string, text: string, offset: number, location: SourceLocation, firstLine = 1): InputError {
  const content = text.replace(/\s+$/, '');
  const before = text.slice(0, Math.min(Math.max(0, offset), content.length)).split('\n');
  const line = before.length;
  const excerpt = formatExcerpt(text, line, before[line - 1].replace(/\r$/, '').length, firstLine);
  return new InputError(excerpt ? `${problem}\n${excerpt}` : problem, { ...location, line: line + firstLine - 1 });
}

/**
 * The InputError of a YAML syntax error js-yaml threw (its `reason` and `mark`), with
 * {@link syntaxError}; another error's message as it is, at the location given.
 *
 * @param text the text js-yaml read
 * @param location the file (and document); its line is replaced by the error's
 * @param firstLine the file's line number of `text`'s first line
 */
export function malformedYaml(e: unknown, text: string, location: SourceLocation, firstLine = 1): InputError {
  const { reason, mark, message } = e as { reason?: string; mark?: { position?: number }; message?: string };
  const problem = `malformed YAML: ${reason ?? String(message ?? e).split('\n')[0]}`;
  return mark?.position === undefined ? new InputError(problem, location) : syntaxError(problem, text, mark.position, location, firstLine);
}
