import * as fs from 'fs';
import * as path from 'path';
import { OUTPUT_MARKER, OUTPUT_MARKER_TEXT, outputTargetProblem, OutputTargetOptions, realPath } from './output-target';
import { InputError, isInputError } from '../errors';

/** Options of {@link writeTreeAtomically}: what the output may not replace. */
export type WriteTreeOptions = OutputTargetOptions;

/**
 * Replaces `dir` with a folder holding exactly `files` (relative path => content) and the
 * {@link OUTPUT_MARKER}, or leaves it untouched when anything fails:
 *
 * - the target is refused when replacing it could destroy anything ({@link outputTargetProblem});
 *   a symbolic link is written through (its target is replaced, the link stays);
 * - one writer at a time: a lock file `.<name>.lock` beside the folder, whose holder's pid is
 *   checked, so the loser of a race is told who holds it;
 * - the files are written to a fresh sibling folder `.<name>.new-*`, which takes the place of
 *   `dir` by two renames. A crash between them leaves `dir` missing and its previous content in
 *   `.<name>.old-*`: the next write puts it back first, and every write removes the leftovers
 *   of crashed runs.
 *
 * @throws InputError naming the folder, the cause and the fix (a refused target, a lock held,
 * a read-only or full file system, a permission)
 */
export function writeTreeAtomically(dir: string, files: ReadonlyMap<string, string>, options: WriteTreeOptions = {}): void {
  replaceFolder(dir, options, staging => {
    fs.mkdirSync(staging);
    writeFiles(staging, new Map([...files, [OUTPUT_MARKER, OUTPUT_MARKER_TEXT]]));
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
 * lock and crash recovery as {@link writeTreeAtomically}. `from` is gone afterwards.
 *
 * @throws InputError as {@link writeTreeAtomically} does
 */
export function moveTreeAtomically(dir: string, from: string, options: MoveTreeOptions = {}): void {
  replaceFolder(dir, options, staging => {
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
  });
}

// the protocol both share: refuse a dangerous target, lock, recover a crash, fill a fresh sibling
// `.<name>.new-*` (which `fill` creates), then swap it in by two renames.
function replaceFolder(dir: string, options: WriteTreeOptions, fill: (staging: string) => void): void {
  const problem = outputTargetProblem(dir, options);
  if (problem) throw new InputError(`refusing to write the output to ${dir}: ${problem}. Give a folder of its own (such as dist) as the output`);
  const target = realPath(dir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  withFileSystemErrors(dir, () => {
    fs.mkdirSync(parent, { recursive: true });
    const unlock = lock(parent, base, dir);
    try {
      recover(parent, base, target);
      const staging = fs.mkdtempSync(path.join(parent, `.${base}.new-`));
      fs.rmdirSync(staging);
      try {
        fill(staging);
      } catch (e) {
        fs.rmSync(staging, { recursive: true, force: true });
        throw e;
      }
      let old: string | undefined;
      if (fs.existsSync(target)) {
        old = fs.mkdtempSync(path.join(parent, `.${base}.old-`));
        fs.rmdirSync(old);
        fs.renameSync(target, old);
      }
      try {
        fs.renameSync(staging, target);
      } catch (e) {
        if (old) fs.renameSync(old, target);
        fs.rmSync(staging, { recursive: true, force: true });
        throw e;
      }
      if (old) fs.rmSync(old, { recursive: true, force: true });
    } finally {
      unlock();
    }
  });
}

/** writes `files` into `dir`, which must exist; folders are made as needed. */
export function writeFiles(dir: string, files: ReadonlyMap<string, string>): void {
  const made = new Set<string>();
  for (const [rel, content] of files) {
    const file = path.join(dir, rel);
    const folder = path.dirname(file);
    if (!made.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    fs.writeFileSync(file, content);
  }
}

// `.<base>.lock` beside the folder, created exclusively, holding the writer's pid; a lock whose
// process is gone is taken over.
function lock(parent: string, base: string, shown: string): () => void {
  const file = path.join(parent, `.${base}.lock`);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        throw new InputError(`another karmada-migrate (pid ${pid}) is writing ${shown}: wait for it to finish, or remove ${file} if no such process runs`);
      }
      fs.rmSync(file, { force: true });
    }
  }
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
function recover(parent: string, base: string, target: string): void {
  const leftovers = fs.readdirSync(parent).filter(e => e.startsWith(`.${base}.old-`) || e.startsWith(`.${base}.new-`)).sort();
  const olds = leftovers.filter(e => e.startsWith(`.${base}.old-`)).map(e => path.join(parent, e));
  if (!fs.existsSync(target) && olds.length > 0) {
    const newest = olds.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
    fs.renameSync(newest, target);
  }
  for (const e of leftovers) fs.rmSync(path.join(parent, e), { recursive: true, force: true });
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
