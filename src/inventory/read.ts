import * as fs from 'fs';
import * as path from 'path';
import { DuplicatePolicy, resolveDuplicates } from './duplicates';
import { ParallelReadOptions, readExportFiles } from './parallel-read';
import { FileLimits, FileRef, parseStandardInput, readExportFile, textLimits } from './read-file';
import { applyScopes } from './scopes';
import { checkServedVersions } from './served-versions';
import { compareKeys, keyOf, KubeObject } from '../kube/object';
import { InventoryObject } from './types';
import { asKubeObject, checkTree } from './validate';
import { InputError, SourceLocation } from '../errors';
import { MAX_STRING_BYTES, readTextFile, STDIN } from '../text-file';
import { tightenHeapGrowthForRead } from '../runtime/heap-growth';

export type { DuplicatePolicy } from './duplicates';

/**
 * The default of {@link ReadOptions.maxFileBytes}: the longest text Node.js can hold in one
 * string (about 512 MiB), which is what one file can be at most; a 100,000-object export with
 * managedFields is a few hundred MB.
 */
export const DEFAULT_MAX_FILE_BYTES = MAX_STRING_BYTES;
/** The default of {@link ReadOptions.maxNodes}. */
export const DEFAULT_MAX_NODES = 5_000_000;
/** The default of {@link ObjectsOptions.maxDepth}. */
export const DEFAULT_MAX_DEPTH = 256;

/** Options of {@link readObjects}, shared with {@link readInventory}. */
export interface ObjectsOptions {
  /**
   * the namespace given to objects of a namespaced kind that have none (manifests from
   * Git often leave it to `kubectl apply -n`).
   *
   * @default - such an object is an error
   */
  readonly defaultNamespace?: string;

  /**
   * what to do when the same object (API group, kind, namespace and name; the version
   * does not count) is given twice, in one file or in two: fail, or keep the one read
   * first or last (paths in the order given, documents in file order).
   *
   * @default 'error'
   */
  readonly onDuplicate?: DuplicatePolicy;

  /**
   * the deepest nesting a document may have, the root being level 1. Deeper documents
   * are refused rather than risking the call stack.
   *
   * @default 256
   */
  readonly maxDepth?: number;
}

/** Options of {@link readInventory}. */
export interface ReadOptions extends ObjectsOptions {
  /**
   * the directory relative paths are resolved against. Messages show paths as given.
   *
   * @default - the current directory
   */
  readonly baseDir?: string;

  /**
   * the text read for the path `-`.
   *
   * @default - standard input (file descriptor 0), read once
   */
  readonly stdin?: string;

  /**
   * the largest file read, in bytes; a bigger file is refused. It cannot exceed what Node.js
   * holds in one string (about 512 MiB): split a bigger export.
   *
   * @default - about 512 MiB
   */
  readonly maxFileBytes?: number;

  /**
   * how many values (mappings, sequences and scalars) the documents of one file may
   * expand to through YAML aliases, which js-yaml shares instead of copying. A file
   * without aliases never reaches it: the file's length in characters raises the limit.
   *
   * @default 5000000
   */
  readonly maxNodes?: number;

  /**
   * when the files are read on two threads: a worker thread reads the last ones (about half the
   * bytes) while this one reads the first, when the files are big enough together and the
   * compiled package runs. The result and the error are those of reading them in order.
   *
   * @default - from 16 MiB in two files or more, with the compiled package
   */
  readonly parallel?: ParallelReadOptions;
}

/**
 * Reads Kubernetes objects from files, directories and standard input: what
 * `kubectl get -o yaml|json` exports, or manifests from Git.
 *
 * - YAML (multi-document) and JSON; `kind: List` and every `*List` kind are replaced by their `items`.
 * - A directory is read recursively, entries sorted by name: only `.yaml`, `.yml` and
 *   `.json` files, hidden entries and symbolic links to directories skipped (as kubectl -R).
 * - `-` reads standard input; a pipe is read as a file is. Every file is read in chunks up to
 *   `maxFileBytes`, so a device or an endless pipe cannot exhaust the memory; a path given that is a
 *   device or a socket is refused.
 * - Empty and comment-only documents are skipped.
 * - A namespaced built-in kind (or a custom kind whose CRD is read too) must have a
 *   namespace, or gets `defaultNamespace`; a cluster-scoped one loses its namespace.
 * - An object of a custom kind whose CRD is read too must be in a version the CRD serves.
 *
 * @param paths files, directories or `-`
 * @returns the objects as read (not cleaned), sorted by {@link compareKeys}: the order does
 * not depend on the order of `paths`
 * @throws InputError naming the file, the document and the line of the first problem
 */
export function readInventory(paths: readonly string[], options: ReadOptions = {}): InventoryObject[] {
  const baseDir = options.baseDir ?? process.cwd();
  const limits: FileLimits = {
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
    maxNodes: options.maxNodes ?? DEFAULT_MAX_NODES,
  };
  // the files to read, in order; a path that cannot be listed is told after the files before it are read, as they come first.
  const jobs: (FileRef | typeof STDIN)[] = [];
  let unlisted: unknown;
  const seen = new Set<string>();
  for (const given of paths) {
    if (given === STDIN) {
      jobs.push(STDIN);
      continue;
    }
    let files: FileRef[];
    try {
      files = expand(given, path.resolve(baseDir, given));
    } catch (e) {
      unlisted = e;
      break;
    }
    for (const file of files) {
      // a file given on its own and through its folder is read once.
      const real = realFile(file.resolved);
      if (!seen.has(real)) jobs.push(file);
      seen.add(real);
    }
  }
  let stdin: string | undefined;
  const entries: InventoryObject[] = [];
  // a loop, not push(...spread): an export may hold more objects than a call takes arguments.
  const add = (parsed: readonly InventoryObject[]) => {
    for (const e of parsed) entries.push(e);
  };
  // a big file is parsed whole with its text alive: in the CLI's process, V8 collects sooner until
  // the export is cleaned (runtime/heap-growth.ts). Standard input's size is known once it is read.
  tightenHeapGrowthForRead(jobs.reduce((largest, job) => Math.max(largest, job === STDIN ? 0 : regularFileSize(job.resolved)), 0));
  // the files after the last `-` are read on two threads when they are big (parallel-read.ts).
  const lastStdin = jobs.lastIndexOf(STDIN);
  for (const job of jobs.slice(0, lastStdin + 1)) {
    if (job === STDIN) {
      stdin ??= options.stdin ?? readTextFile(STDIN, textLimits(limits.maxFileBytes));
      tightenHeapGrowthForRead(stdin.length);
      add(parseStandardInput(stdin, limits, STDIN));
    } else {
      add(readExportFile(job, limits));
    }
  }
  for (const parsed of readExportFiles(jobs.slice(lastStdin + 1) as FileRef[], limits, options.parallel)) add(parsed);
  if (unlisted !== undefined) throw unlisted;
  return finish(entries, options);
}

/** the size of the file at `resolved` when it is a regular file, else 0 (a pipe's is not known before it is read). */
function regularFileSize(resolved: string): number {
  try {
    const stat = fs.statSync(resolved);
    return stat.isFile() ? stat.size : 0;
  } catch {
    return 0; // reading it tells what is wrong
  }
}

/**
 * Checks objects built in code as {@link readInventory} checks files: required fields,
 * namespaces against the kind's scope, duplicates; the input is never changed.
 *
 * @param source where the objects come from; object `i` gets document `i` when the source has none
 * @returns the objects sorted by {@link compareKeys}
 * @throws InputError at the first problem
 */
export function readObjects(objects: readonly KubeObject[], source: SourceLocation = { file: '<code>' }, options: ObjectsOptions = {}): InventoryObject[] {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const budget = { limit: Infinity, remaining: Infinity };
  const entries = objects.map((value, i): InventoryObject => {
    const location = source.document === undefined ? { ...source, document: i, documents: objects.length } : source;
    const fail = (problem: string): never => {
      throw new InputError(problem, location);
    };
    checkTree(value, maxDepth, budget, fail);
    return { object: asKubeObject(value, fail), source: location };
  });
  return finish(entries, options);
}

function finish(entries: readonly InventoryObject[], options: ObjectsOptions): InventoryObject[] {
  const unique = resolveDuplicates(applyScopes(entries, options.defaultNamespace), options.onDuplicate ?? 'error');
  checkServedVersions(unique);
  return unique
    .map(e => ({ key: keyOf(e.object), object: e.object, source: e.source }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ object, source }) => ({ object, source }));
}

function expand(display: string, resolved: string): FileRef[] {
  if (!statOf(resolved, display).isDirectory()) return [{ display, resolved }];
  const files: FileRef[] = [];
  const walk = (dir: FileRef) => {
    let dirents: fs.Dirent[];
    try {
      dirents = fs.readdirSync(dir.resolved, { withFileTypes: true });
    } catch (e) {
      throw fsError(e, dir.display);
    }
    const names = dirents.filter(d => !d.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of names) {
      const entry = { display: path.join(dir.display, d.name), resolved: path.join(dir.resolved, d.name) };
      if (d.isDirectory()) {
        walk(entry);
      } else if (/\.(?:ya?ml|json)$/.test(d.name) && (d.isFile() || (d.isSymbolicLink() && statOf(entry.resolved, entry.display).isFile()))) {
        files.push(entry);
      }
    }
  };
  walk({ display, resolved });
  // a directory given on purpose but holding nothing to read is a wrong path, not an empty cluster.
  if (files.length === 0) {
    throw new InputError('the directory holds no .yaml, .yml or .json file (hidden entries are skipped); point at the export or the manifests', { file: display });
  }
  return files;
}

function realFile(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function statOf(resolved: string, display: string): fs.Stats {
  try {
    return fs.statSync(resolved);
  } catch (e) {
    throw fsError(e, display);
  }
}

function fsError(e: unknown, file: string): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new InputError('no such file or directory', { file });
  if (code === 'EACCES' || code === 'EPERM') return new InputError('permission denied', { file });
  return new InputError(`cannot read: ${e instanceof Error ? e.message : String(e)}`, { file });
}
