import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces `dir` with a folder holding exactly `files` (relative path => content), or
 * leaves it untouched when anything fails: the files are written to a fresh sibling
 * folder first, which then takes the place of `dir` by rename.
 *
 * A crash between the two renames leaves `dir` missing and its previous content in a
 * sibling `.<name>.old-*` folder; nothing is ever half-written.
 */
export function writeTreeAtomically(dir: string, files: ReadonlyMap<string, string>): void {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${base}.new-`));
  try {
    writeFiles(staging, files);
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
