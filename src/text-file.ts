// The one way karmada-migrate reads a text file it is given (a config, an export, evidence, a
// manifest): in chunks, never past a limit, from a regular file, a pipe or standard input only.
// A device never ends (/dev/zero, /dev/urandom) and its size says 0, so a size read up front
// bounds nothing: the limit is counted on the bytes actually read. Beside errors.ts, below every
// layer of src/: everyone may use it.
import { constants } from 'buffer';
import * as fs from 'fs';
import { InputError } from './errors';

/** The default of {@link ReadTextOptions.maxBytes}: a config or a single object is far smaller. */
export const MAX_TEXT_BYTES = 16 * 1024 * 1024;

/**
 * The most bytes one text can have: the longest string Node.js holds (about 512 MiB; a byte of
 * UTF-8 never decodes to more than one UTF-16 unit, so this many bytes always fit).
 */
export const MAX_STRING_BYTES = constants.MAX_STRING_LENGTH;

/** the path that means standard input. */
export const STDIN = '-';

/** Options of {@link readTextFile}. */
export interface ReadTextOptions {
  /**
   * the most bytes read: a longer file is refused. Above {@link MAX_STRING_BYTES}, that is the limit.
   *
   * @default MAX_TEXT_BYTES
   */
  readonly maxBytes?: number;
  /**
   * what the file is, in the message of a file that cannot be read: `cannot read the config: ...`.
   *
   * @default - the message names the file only
   */
  readonly what?: string;
  /**
   * how to raise `maxBytes`, told when the file is above it.
   *
   * @default - 'is it the right file?'
   */
  readonly raise?: string;
  /**
   * what to do with a file above {@link MAX_STRING_BYTES}, which no option can raise.
   *
   * @default - 'split it'
   */
  readonly split?: string;
  /**
   * the file as messages name it (a path relative to a folder given, say).
   *
   * @default - the path as given
   */
  readonly shownAs?: string;
  /**
   * the caller listed the path as a regular file (a directory's entries): it is opened without a
   * look at it first, non-blocking (a pipe put in its place since cannot hold the read), and
   * refused if what was opened is not a regular file. Reading 60,000 files of `dist/`, the look
   * is a tenth of the time.
   *
   * @default false
   */
  readonly listedAsFile?: boolean;
}

/**
 * Reads a text file (UTF-8), or standard input for `-`, in chunks and never past
 * `maxBytes`. Regular files and pipes (FIFOs, `<(...)`) are read; a directory, a device or a
 * socket is refused before it is opened.
 *
 * @throws InputError naming the file: it does not exist, cannot be read, is not a file or a
 * pipe, or is longer than the limit
 */
export function readTextFile(path: string, options: ReadTextOptions = {}): string {
  const file = options.shownAs ?? path;
  const limit = Math.min(options.maxBytes ?? MAX_TEXT_BYTES, MAX_STRING_BYTES);
  const fail = (problem: string): never => {
    throw new InputError(options.what ? `cannot read ${options.what}: ${problem}` : problem, { file });
  };
  const tooLong = (bytes?: number): never => {
    const subject = path === STDIN ? 'standard input' : 'the file';
    const size = bytes === undefined ? `${subject} is longer than` : `${subject} is ${bytes} bytes,`;
    throw new InputError(limit === MAX_STRING_BYTES
      ? `${size} ${bytes === undefined ? '' : 'more than '}one file can be read at once (${MAX_STRING_BYTES} bytes); ${options.split ?? 'split it'}`
      : `${size} ${bytes === undefined ? '' : 'above '}the limit of ${limit} bytes; ${options.raise ?? 'is it the right file?'}`, { file });
  };
  if (path === STDIN) return readFd(0, limit, undefined, tooLong, fail);
  // the kind of file is known before it is opened: opening a device can act (a tape rewinds).
  if (!options.listedAsFile) kindProblem(statOrFail(() => fs.statSync(path), fail), fail);
  let fd: number;
  try {
    fd = fs.openSync(path, options.listedAsFile ? fs.constants.O_RDONLY | fs.constants.O_NONBLOCK : 'r');
  } catch (e) {
    return fail(systemProblem(e));
  }
  try {
    // checked again on what was opened: the path may have changed in between.
    const stat = statOrFail(() => fs.fstatSync(fd), fail);
    if (options.listedAsFile && !stat.isFile()) fail('it is no longer a regular file (it changed while dist/ was read)');
    kindProblem(stat, fail);
    return readFd(fd, limit, stat.isFile() ? stat.size : undefined, tooLong, fail);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The first `bytes` bytes of a regular file as text (a multi-byte character cut at the end
 * is dropped), or undefined when the path is not a regular file or cannot be read: enough to
 * recognise what wrote a file.
 */
export function readTextPrefix(file: string, bytes: number): string | undefined {
  let fd: number | undefined;
  try {
    if (!fs.statSync(file).isFile()) return undefined;
    fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buffer, 0, bytes, 0);
    return buffer.toString('utf8', 0, n).replace(/\uFFFD$/, '');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** the kinds of file that are not text to read, as a user calls them. */
function kindOf(stat: fs.Stats): string | undefined {
  if (stat.isFile() || stat.isFIFO()) return undefined;
  if (stat.isDirectory()) return 'a directory';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function kindProblem(stat: fs.Stats, fail: (problem: string) => never): void {
  const kind = kindOf(stat);
  if (kind) fail(`it is ${kind}, not a file: give a regular file, a pipe, or - for standard input`);
}

function statOrFail(stat: () => fs.Stats, fail: (problem: string) => never): fs.Stats {
  try {
    return stat();
  } catch (e) {
    return fail(systemProblem(e));
  }
}

// reads to the end or one byte past the limit, whichever comes first; a regular file's size only
// sizes the first buffer and refuses a file known to be too long before anything is read.
function readFd(fd: number, limit: number, size: number | undefined, tooLong: (bytes?: number) => never, fail: (problem: string) => never): string {
  if (size !== undefined && size > limit) tooLong(size);
  let buffer = Buffer.allocUnsafe(Math.min(limit, size ?? 64 * 1024) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > limit) tooLong();
      const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, limit + 1));
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
    let n: number;
    try {
      n = fs.readSync(fd, buffer, length, buffer.length - length, null);
    } catch (e) {
      // standard input left non-blocking by the parent (Node's fs.readFileSync(0) fails the same way): wait for data.
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
        continue;
      }
      return fail(systemProblem(e));
    }
    if (n === 0) break;
    length += n;
  }
  if (length > limit) tooLong();
  return buffer.toString('utf8', 0, length);
}

function systemProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory, not a file';
  return e instanceof Error ? e.message : String(e);
}
