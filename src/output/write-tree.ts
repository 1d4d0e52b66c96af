import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT, outputContentProblem, outputPathProblem, OutputTargetOptions, realPath } from './output-target';
import { InputError, isInputError } from '../errors';

/** Options of {@link writeTreeAtomically}: what the output may not replace. */
export type WriteTreeOptions = OutputTargetOptions;

/** What a write left to tell: leftovers it could not remove (the output itself was written). */
export interface WriteTreeResult {
  /** one line each: a leftover of this or an earlier run that stays, and why. */
  readonly warnings: readonly string[];
}

/**
 * Replaces `dir` with a folder holding exactly `files` (relative path => content) and the
 * {@link OUTPUT_MARKER}, or leaves it untouched when anything fails:
 *
 * - the target is refused when replacing it could destroy anything ({@link outputTargetProblem});
 *   a symbolic link is written through (its target is replaced, the link stays);
 * - one writer at a time: a lock file `.<name>.lock` beside the folder, whose holder's pid is
 *   checked, so the loser of a race is told who holds it; the folder's content is judged
 *   under the lock;
 * - the files are written to a fresh sibling folder `.<name>.new-*` (made as the umask says),
 *   which takes the place of `dir` by two renames. A crash between them leaves `dir` missing
 *   and its previous content in `.<name>.old-*`: the next write puts it back first, and every
 *   write removes the leftovers of crashed runs (one it cannot remove is a warning, not a
 *   failure: the output was written);
 * - a file whose bytes are those of the same file in `dir` is not written again: the new folder
 *   gets a hard link to the existing file, so it keeps its inode and mtime (see {@link reuseUnchanged}).
 *
 * @throws InputError naming the folder, the cause and the fix (a refused target, a lock held,
 * a read-only or full file system, a permission, a mount point)
 */
export function writeTreeAtomically(dir: string, files: ReadonlyMap<string, string>, options: WriteTreeOptions = {}): WriteTreeResult {
  return replaceFolder(dir, options, (staging, previous) => {
    fs.mkdirSync(staging);
    writeFiles(staging, new Map([...files, [OUTPUT_MARKER, OUTPUT_MARKER_TEXT]]), previous);
  });
}

/** Options of {@link moveTreeAtomically}. */
export interface MoveTreeOptions extends WriteTreeOptions {
  /**
   * files of the moved folder (relative paths) that are not published: deleted just before the move.
   *
   * @default - none
   */
  readonly leaveOut?: readonly string[];
}

/**
 * Replaces `dir` with the folder `from`, which is moved, not copied, when both are on one
 * file system (the cdk8s validation plugin publishes the staging folder the app wrote this
 * way, so the output is written once). `from` gets the {@link OUTPUT_MARKER}; the same rules,
 * lock and crash recovery as {@link writeTreeAtomically}, and the same keeping of unchanged files:
 * a file of `from` equal to the one in `dir` is replaced by a hard link to it. `from` is gone afterwards.
 *
 * @throws InputError as {@link writeTreeAtomically} does
 */
export function moveTreeAtomically(dir: string, from: string, options: MoveTreeOptions = {}): WriteTreeResult {
  return replaceFolder(dir, options, (staging, previous) => {
    for (const f of options.leaveOut ?? []) fs.rmSync(path.join(from, f), { force: true });
    fs.writeFileSync(path.join(from, OUTPUT_MARKER), OUTPUT_MARKER_TEXT);
    try {
      fs.renameSync(from, staging);
    } catch (e) {
      // another file system (a dist/ that links elsewhere): copy, then let go of the source.
      if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
      fs.cpSync(from, staging, { recursive: true });
      fs.rmSync(from, { recursive: true, force: true });
    }
    if (previous) relinkUnchanged(staging, previous);
  });
}

// the protocol both share: refuse a dangerous target, lock, recover a crash, judge the content,
// fill a fresh sibling `.<name>.new-*` (which `fill` creates, told the folder it replaces, when
// there is one, to reuse its unchanged files), then swap it in by two renames.
function replaceFolder(dir: string, options: WriteTreeOptions, fill: (staging: string, previous: string | undefined) => void): WriteTreeResult {
  const refuse = (problem: string) => new InputError(`refusing to write the output to ${dir}: ${problem}. Give a folder of its own (such as dist) as the output`);
  return withFileSystemErrors(dir, () => {
    const problem = outputPathProblem(dir, options);
    if (problem) throw refuse(problem);
    const target = realPath(dir);
    const parent = path.dirname(target);
    const base = path.basename(target);
    fs.mkdirSync(parent, { recursive: true });
    const unlock = lock(parent, base, dir);
    const warnings: string[] = [];
    try {
      recover(parent, base, target, warnings);
      const content = outputContentProblem(target, options);
      if (content) throw refuse(content);
      const staging = path.join(parent, `.${base}.new-${randomSuffix()}`);
      let old: string | undefined;
      try {
        fill(staging, fs.existsSync(target) ? target : undefined);
        if (fs.existsSync(target)) {
          old = path.join(parent, `.${base}.old-${randomSuffix()}`);
          fs.renameSync(target, old);
        }
        fs.renameSync(staging, target);
      } catch (e) {
        if (old && !fs.existsSync(target)) fs.renameSync(old, target);
        fs.rmSync(staging, { recursive: true, force: true });
        throw e;
      }
      if (old) removeLeftover(old, warnings);
    } finally {
      unlock();
    }
    return { warnings };
  });
}

function randomSuffix(): string {
  return randomBytes(6).toString('hex');
}

// removes a leftover folder; one that cannot be removed is told, not thrown: the output is written.
function removeLeftover(p: string, warnings: string[]): void {
  try {
    fs.rmSync(p, { recursive: true, force: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    warnings.push(`could not remove the leftover ${p} (${err.code ?? err.message}${err.path && err.path !== p ? ` on ${err.path}` : ''}); remove it by hand`);
  }
}

/**
 * writes `files` into `dir`, which must exist; folders are made as needed. With `previous` (the
 * folder `dir` will replace), a file whose bytes equal those of the same path in `previous` is
 * not written but linked ({@link reuseUnchanged}).
 */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>, previous?: string): void {
  const made = new Set<string>();
  for (const [rel, content] of files) {
    const file = path.join(dir, rel);
    const folder = path.dirname(file);
    if (!made.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    const bytes = Buffer.from(content, 'utf8');
    if (previous === undefined || !reuseUnchanged(path.join(previous, rel), file, bytes)) fs.writeFileSync(file, bytes);
  }
}

/**
 * Makes `file` (which does not exist yet) the file `existing` when `existing` holds exactly
 * `bytes`: a hard link, so its inode, mtime and content are those of the file already
 * published, and nothing is written. Where hard links are not allowed (some network and
 * FUSE file systems), the bytes are written and `existing`'s times copied. The folder that
 * holds `existing` is removed after the swap, so the link is the only name left.
 *
 * @returns false when `existing` is missing, not a regular file, or holds other bytes: write `file`
 */
export function reuseUnchanged(existing: string, file: string, bytes: Buffer): boolean {
  let old: Buffer;
  try {
    const stat = fs.lstatSync(existing);
    if (!stat.isFile() || stat.size !== bytes.length) return false;
    old = fs.readFileSync(existing);
  } catch (e) {
    if (NOT_THERE.has((e as NodeJS.ErrnoException).code ?? '')) return false;
    throw e;
  }
  if (!old.equals(bytes)) return false;
  try {
    fs.linkSync(existing, file);
  } catch (e) {
    if (!NO_LINK.has((e as NodeJS.ErrnoException).code ?? '')) throw e;
    const { atime, mtime } = fs.statSync(existing);
    fs.writeFileSync(file, bytes);
    fs.utimesSync(file, atime, mtime);
  }
  return true;
}

// an existing file that cannot be reused: it is written instead.
const NOT_THERE = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);
// the file system refuses hard links (or this one: too many links): the bytes are copied instead.
const NO_LINK = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'EXDEV', 'ENOSYS']);

// replaces each file of `staging` whose bytes equal the same path in `previous` by a hard link to it.
function relinkUnchanged(staging: string, previous: string): void {
  for (const e of fs.readdirSync(staging, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    const existing = path.join(previous, path.relative(staging, file));
    const swap = `${file}.${randomSuffix()}.link`;
    if (reuseUnchanged(existing, swap, fs.readFileSync(file))) fs.renameSync(swap, file);
  }
}

// `.<base>.lock` beside the folder, created exclusively, holding the writer's pid. A lock whose
// process is gone (or whose pid is this process's own: a container's pid 1 after a crash) is
// stale: it is renamed away (one taker wins) and taken.
function lock(parent: string, base: string, shown: string): () => void {
  const file = path.join(parent, `.${base}.lock`);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = readPid(file);
    if (pid === undefined) continue; // released meanwhile
    if (pid !== process.pid && alive(pid)) {
      throw new InputError(`another karmada-migrate (pid ${pid}) is writing ${shown}: wait for it to finish, or remove ${file} if no such process runs`);
    }
    const stale = `${file}.stale-${randomSuffix()}`;
    try {
      fs.renameSync(file, stale);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      continue; // another writer took it over first
    }
    // the lock renamed may be a fresh one another writer took between the read and the rename: give it back.
    if (readPid(stale) !== pid) {
      try {
        fs.linkSync(stale, file);
      } catch {
        // a third writer holds the lock now; the next attempt reads it.
      }
    }
    fs.rmSync(stale, { force: true });
  }
  throw new InputError(`could not take the lock ${file}: other karmada-migrate runs keep taking it; wait for them to finish`);
}

function readPid(file: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : 0;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// puts back the output a crash left in `.<base>.old-*`, and removes the leftovers of crashed runs.
function recover(parent: string, base: string, target: string, warnings: string[]): void {
  const leftovers = fs.readdirSync(parent).filter(e => e.startsWith(`.${base}.old-`) || e.startsWith(`.${base}.new-`) || e.startsWith(`.${base}.lock.stale-`)).sort();
  const olds = leftovers.filter(e => e.startsWith(`.${base}.old-`)).map(e => path.join(parent, e));
  if (!fs.existsSync(target) && olds.length > 0) {
    const newest = olds.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
    fs.renameSync(newest, target);
  }
  for (const e of leftovers) if (fs.existsSync(path.join(parent, e))) removeLeftover(path.join(parent, e), warnings);
}

const FILE_SYSTEM_ERRORS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied: give the user write access to the folder and its parent, or choose another output',
  EPERM: 'operation not permitted: give the user write access to the folder and its parent, or choose another output',
  EROFS: 'the file system is read-only: choose an output on a writable file system',
  ENOSPC: 'no space left on the device: free some space and synthesize again (the previous output is unchanged)',
  EDQUOT: 'the disk quota is exceeded: free some space and synthesize again (the previous output is unchanged)',
  EISDIR: 'a folder stands where a file must be written: remove it or choose another output',
  ENOTDIR: 'a file stands where a folder must be: remove it or choose another output',
  EMFILE: 'too many open files: raise the limit (ulimit -n) and synthesize again',
  EBUSY: 'the folder is busy, or a mount point (a Docker volume, a bind mount): karmada-migrate replaces the output by renaming it, ' +
    'which a mount point does not allow; mount its parent folder instead, or write to a folder inside the mount',
  EEXIST: 'a file stands where a folder must be: remove it or choose another output',
  ENAMETOOLONG: 'a path is too long for the file system: choose a shorter output path',
};

function withFileSystemErrors<T>(dir: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isInputError(e) || !(e as NodeJS.ErrnoException).code) throw e;
    throw fileSystemError(dir, e as NodeJS.ErrnoException);
  }
}

/**
 * A file system error while writing the output, as the user reads it: the folder, the
 * error code and the path it hit, and what to do.
 */
export function fileSystemError(dir: string, err: NodeJS.ErrnoException): InputError {
  const fix = FILE_SYSTEM_ERRORS[err.code ?? ''] ?? 'the previous output is unchanged';
  return new InputError(`cannot write the output ${dir}: ${err.code}${err.path ? ` on ${err.path}` : ''}; ${fix}`);
}
