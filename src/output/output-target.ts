import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DELIVERY_FOLDER, KEEP_FILE } from './layout';

/**
 * The file karmada-migrate writes at the top of every output folder: a folder that holds
 * it was written by karmada-migrate and may be replaced as a whole.
 */
export const OUTPUT_MARKER = '.karmada-migrate';

/** What the marker says to whoever opens it. */
export const OUTPUT_MARKER_TEXT = '# written by karmada-migrate: this folder is replaced as a whole on every synth; do not edit it by hand\n';

/** Options of {@link outputTargetProblem}. */
export interface OutputTargetOptions {
  /**
   * paths that must survive the write: the config file, the inventory files and folders.
   * The output may be neither one of them, nor an ancestor of one, nor inside one.
   *
   * @default - none
   */
  readonly protect?: readonly string[];
  /**
   * the top-level entries a karmada-migrate output holds (the migrations' folders): a folder
   * holding only those (and `_delivery`) is taken as an output written before the marker
   * existed.
   *
   * @default - none: only a folder with the marker, or an empty one, is replaced
   */
  readonly expectedEntries?: readonly string[];
  /** @default process.cwd() */
  readonly cwd?: string;
  /** @default os.homedir() */
  readonly home?: string;
}

/**
 * Why a folder must not be replaced by an output, or undefined when it may:
 * {@link outputPathProblem} (where it is), then {@link outputContentProblem} (what it holds).
 */
export function outputTargetProblem(target: string, options: OutputTargetOptions = {}): string | undefined {
  return outputPathProblem(target, options) ?? outputContentProblem(realPath(target), options);
}

/**
 * Why a path must not be an output, from where it is alone: the file system's root, the home
 * directory or an ancestor of it, the current directory or an ancestor of it, the config or an
 * inventory path or an ancestor of one, a path inside an inventory folder, an existing file.
 * A symbolic link to a folder is judged by its target, which the write replaces (the link
 * stays); a link whose target does not exist yet is written through too.
 */
export function outputPathProblem(target: string, options: OutputTargetOptions = {}): string | undefined {
  const real = realPath(target);
  const cwd = realPath(options.cwd ?? process.cwd());
  const home = realPath(options.home ?? os.homedir());
  if (real === path.parse(real).root) return 'it is the root of the file system';
  if (isWithin(home, real)) return real === home ? 'it is the home directory' : `it is an ancestor of the home directory (${home})`;
  if (isWithin(cwd, real)) return cwd === real ? 'it is the current directory' : `it is an ancestor of the current directory (${cwd})`;
  for (const given of options.protect ?? []) {
    const p = realPath(given);
    if (isWithin(p, real)) return p === real ? `it is ${given}, an input of the migration` : `it holds ${given}, an input of the migration`;
    if (isDirectory(p) && isWithin(real, p)) return `it is inside the inventory folder ${given}`;
  }
  if (fs.existsSync(real) && !isDirectory(real)) return 'it is an existing file, not a folder';
  return undefined;
}

/**
 * Why an existing folder must not be replaced, from what it holds: anything karmada-migrate
 * does not write (it writes folders of `.yaml` files, `.keep` placeholders and the
 * {@link OUTPUT_MARKER}; so a `.git`, a README, a link or a file of another kind is refused
 * wherever it is); and, without the marker, top-level folders other than the migrations'
 * (`expectedEntries`) and `_delivery`.
 */
export function outputContentProblem(real: string, options: OutputTargetOptions = {}): string | undefined {
  if (!fs.existsSync(real)) return undefined;
  const top = fs.readdirSync(real);
  if (top.length === 0) return undefined;
  const foreign: string[] = [];
  for (const e of fs.readdirSync(real, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(real, path.join(e.parentPath, e.name)).split(path.sep).join('/');
    if (rel === OUTPUT_MARKER) continue;
    const ours = e.isDirectory()
      ? !e.name.startsWith('.')
      : e.isFile() && (e.name === KEEP_FILE || (e.name.endsWith('.yaml') && !e.name.startsWith('.')));
    if (!ours) foreign.push(rel + (e.isDirectory() ? '/' : e.isSymbolicLink() ? ' (a symbolic link)' : ''));
    if (foreign.length > 3) break;
  }
  if (foreign.length > 0) {
    return `it holds ${foreign.slice(0, 3).map(f => JSON.stringify(f)).join(', ')}${foreign.length > 3 ? ', ...' : ''}, which karmada-migrate does not write ` +
      '(it writes folders of .yaml files, .keep placeholders and its marker, and replaces the folder as a whole): move that out, or choose another output';
  }
  if (top.includes(OUTPUT_MARKER)) return undefined;
  const expected = new Set([...(options.expectedEntries ?? []), DELIVERY_FOLDER]);
  if (options.expectedEntries?.length && top.every(e => expected.has(e))) return undefined;
  return `it is a non-empty folder that karmada-migrate did not write (no ${OUTPUT_MARKER} file in it; it holds ${top.slice(0, 3).map(e => JSON.stringify(e)).join(', ')}${top.length > 3 ? ', ...' : ''})`;
}

/**
 * The path with every symbolic link resolved, as far as it exists; the rest appended. A link
 * whose target does not exist yet is followed too (the write creates its target).
 */
export function realPath(p: string): string {
  return resolveLinks(path.resolve(p), 0);
}

function resolveLinks(abs: string, hops: number): string {
  const missing: string[] = [];
  let dir = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync(dir), ...missing.reverse());
    } catch {
      // a dangling link: follow it (40 hops at most, as Linux's ELOOP).
      const link = linkTarget(dir);
      if (link !== undefined && hops < 40) return path.join(resolveLinks(path.resolve(path.dirname(dir), link), hops + 1), ...missing.reverse());
      const parent = path.dirname(dir);
      if (parent === dir) return abs;
      missing.push(path.basename(dir));
      dir = parent;
    }
  }
}

function linkTarget(p: string): string | undefined {
  try {
    return fs.lstatSync(p).isSymbolicLink() ? fs.readlinkSync(p) : undefined;
  } catch {
    return undefined;
  }
}

function isWithin(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
