/**
 * Where a piece of user input came from: a file (or `-` for stdin), the index of the
 * YAML document inside it (0-based) and, where known, the 1-based line.
 */
export interface SourceLocation {
  /** the file path as the user gave it, or `-` for standard input. */
  readonly file: string;
  /** 0-based index of the YAML/JSON document in the file. @default - not known */
  readonly document?: number;
  /** 1-based line of the document (or of the offending node) in the file. @default - not known */
  readonly line?: number;
}

/** renders `file`, `file (document 2, line 14)` and so on. */
export function formatLocation(loc: SourceLocation): string {
  const parts: string[] = [];
  if (loc.document !== undefined) parts.push(`document ${loc.document}`);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  return parts.length ? `${loc.file} (${parts.join(', ')})` : loc.file;
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
