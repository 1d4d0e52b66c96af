import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DELIVERY_FOLDER } from './layout';

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
 * Why a folder must not be replaced by an output, or undefined when it may: the file
 * system's root, the home directory, the current directory or any ancestor of it, of the
 * config or of an inventory path, a path inside an inventory folder, an existing file, and
 * an existing non-empty folder that karmada-migrate did not write (no {@link OUTPUT_MARKER}).
 * A symbolic link to a folder is judged by its target, which the write replaces (the link
 * stays).
 */
export function outputTargetProblem(target: string, options: OutputTargetOptions = {}): string | undefined {
  const real = realPath(target);
  const cwd = realPath(options.cwd ?? process.cwd());
  const home = realPath(options.home ?? os.homedir());
  if (real === path.parse(real).root) return 'it is the root of the file system';
  if (real === home) return 'it is the home directory';
  if (isWithin(cwd, real)) return cwd === real ? 'it is the current directory' : `it is an ancestor of the current directory (${cwd})`;
  for (const given of options.protect ?? []) {
    const p = realPath(given);
    if (isWithin(p, real)) return p === real ? `it is ${given}, an input of the migration` : `it holds ${given}, an input of the migration`;
    if (isDirectory(p) && isWithin(real, p)) return `it is inside the inventory folder ${given}`;
  }
  if (!fs.existsSync(real)) return undefined;
  if (!isDirectory(real)) return 'it is an existing file, not a folder';
  const entries = fs.readdirSync(real);
  if (entries.length === 0 || entries.includes(OUTPUT_MARKER)) return undefined;
  const expected = new Set([...(options.expectedEntries ?? []), DELIVERY_FOLDER]);
  if (options.expectedEntries?.length && entries.every(e => expected.has(e))) return undefined;
  return `it is a non-empty folder that karmada-migrate did not write (no ${OUTPUT_MARKER} file in it; it holds ${entries.slice(0, 3).map(e => JSON.stringify(e)).join(', ')}${entries.length > 3 ? ', ...' : ''})`;
}

/** the path with every symbolic link resolved, as far as it exists; the rest appended. */
export function realPath(p: string): string {
  const abs = path.resolve(p);
  const missing: string[] = [];
  let dir = abs;
  for (;;) {
    try {
      return path.join(fs.realpathSync(dir), ...missing.reverse());
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return abs;
      missing.push(path.basename(dir));
      dir = parent;
    }
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
