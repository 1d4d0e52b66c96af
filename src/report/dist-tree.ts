import { createHash } from 'crypto';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { InputError, malformedYaml } from '../errors';
import { KubeObject } from '../kube/object';
import { goYamlHazard } from '../kube/go-yaml';
import { EXACT_CORE_SCHEMA, findInexactNumber, inexactNumberLines, inexactNumberProblem } from '../kube/exact-numbers';
import { formatFieldPath } from '../kube/field-path';
import { readTextFile } from '../text-file';

/** The manifests of a `dist/` folder, by path relative to it. */
export type DistTree = ReadonlyMap<string, KubeObject>;

/** A `dist/` folder as the gate reads it: its manifests, every file, and whether it exists at all. */
export interface DistSnapshot {
  /** the manifests (`.yaml`, `.yml`, `.json`), by path relative to the folder. */
  readonly manifests: DistTree;
  /** every file, placeholders such as `.keep` included, by path relative to the folder. */
  readonly files: ReadonlySet<string>;
  /** false when there is no such folder (a revision without it, a path that does not exist). */
  readonly exists: boolean;
  /** where it was read, for messages (`dist`, `origin/main:dist`). */
  readonly where: string;
  /**
   * the manifests Argo CD skips: files marked `+argocd:skip-file-rendering`.
   *
   * @default - none
   */
  readonly argoSkipped?: ReadonlySet<string>;
  /**
   * files the Go YAML readers of Argo CD, Flux and kubectl read differently from the gate
   * (YAML 1.1: anchors and merge keys, yes/no/on/off, octal, `1_000`, sexagesimal), with why.
   *
   * @default - none
   */
  readonly yamlHazards?: ReadonlyMap<string, string>;
  /**
   * manifest files of the folder that were not read (a change read in its scope,
   * report/change-scope.ts): they are in {@link files}, not in {@link manifests}, and the gate
   * judges nothing in them.
   *
   * @default - none: every manifest was read
   */
  readonly unread?: ReadonlySet<string>;
}

/** the comment that makes Argo CD skip a manifest file (reposerver getPotentiallyValidManifestFile). */
const ARGO_SKIP_FILE = '+argocd:skip-file-rendering';

/** what GitOps tools read as manifests: Argo CD also reads `.json`, Flux `.yml`; `.argocd-source` files are Argo CD's parameters, not manifests. */
export const MANIFEST = /^(?!\.argocd-source).*\.(ya?ml|json)$/;

/**
 * whether a path under `dist/` names a manifest: its file name matches {@link MANIFEST}. (Asked
 * of every file of `dist/` a few times: read off the path, without a regular expression.)
 */
export function isManifestPath(file: string): boolean {
  if (!(file.endsWith('.yaml') || file.endsWith('.yml') || file.endsWith('.json'))) return false;
  const name = file.lastIndexOf('/') + 1;
  if (file.startsWith('.argocd-source', name)) return false;
  // (the pattern's `.` matches no line terminator)
  for (let i = name; i < file.length; i++) {
    const c = file.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) return false;
  }
  return true;
}

/** reads every manifest under a folder (one object a file, as karmada-migrate writes them). */
export function readDistDir(dir: string): DistTree {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new InputError('no such directory', { file: dir });
  return readDistSnapshot(dir).manifests;
}

/**
 * reads a `dist/` held in memory (relative path => text, as the pipeline renders it) as
 * {@link readDistDir} reads it from disk.
 *
 * @throws InputError when a manifest cannot be read
 */
export function readDistFiles(files: ReadonlyMap<string, string>, where: string): DistTree {
  return parseTree(new Map([...files].filter(([rel]) => isManifestPath(rel))), where).manifests;
}

/**
 * reads a `dist/` folder; a folder that does not exist is an empty snapshot with
 * `exists: false` (the gate decides what that means).
 *
 * @throws InputError when the path is a file, or a manifest cannot be read
 */
export function readDistSnapshot(dir: string): DistSnapshot {
  if (!fs.existsSync(dir)) return { manifests: new Map(), files: new Set(), exists: false, where: dir };
  if (!fs.statSync(dir).isDirectory()) throw new InputError('not a directory', { file: dir });
  const texts = new Map<string, string>();
  const files = listDistFiles(dir);
  for (const rel of files) {
    // one object per file: the reader's limit (16 MiB) is far above what the API server stores.
    if (isManifestPath(rel)) {
      texts.set(rel, readTextFile(path.join(dir, ...rel.split('/')), { shownAs: `${dir}/${rel}`, listedAsFile: true }));
    }
  }
  return { ...parseTree(texts, dir), files, exists: true, where: dir };
}

/**
 * every plain file under a folder, by path relative to it (`/`-separated), in the order the
 * folders list them. Argo CD follows links inside the repository, Git stores them as links: the
 * gate reads neither way, so a symbolic link is refused. (A walk of its own: node's recursive
 * readdir, and a relative path made per file, took twice as long on 60,000 files.)
 *
 * @throws InputError on a symbolic link
 */
export function listDistFiles(dir: string): Set<string> {
  const files = new Set<string>();
  const walk = (absolute: string, relative: string) => {
    for (const f of fs.readdirSync(absolute, { withFileTypes: true })) {
      const rel = `${relative}${f.name}`;
      if (f.isSymbolicLink()) throw new InputError('a symbolic link in dist/: the gate reads dist/ as plain files; replace it with the file it points to', { file: `${dir}/${rel}` });
      if (f.isDirectory()) walk(path.join(absolute, f.name), `${rel}/`);
      else if (f.isFile()) files.add(rel);
    }
  };
  walk(path.resolve(dir), '');
  return files;
}

/**
 * reads `dist/` as it is at a Git revision of the repository holding `repoDir`.
 *
 * @param distPath the folder, relative to the repository root
 */
export function readDistAtRevision(repoDir: string, revision: string, distPath: string): DistTree {
  return readDistSnapshotAtRevision(repoDir, revision, distPath).manifests;
}

/**
 * What {@link readDistSnapshotAtRevision} may take from a snapshot already read instead of
 * reading it from Git: the files {@link unchangedSinceRevision} found identical.
 */
export interface SnapshotReuse {
  /** the snapshot read already (the working tree's `dist/`). */
  readonly snapshot: DistSnapshot;
  /** the files (relative to the folder) whose content is the same at the revision as in `snapshot`. */
  readonly unchanged: ReadonlySet<string>;
}

/**
 * reads `dist/` as it is at a Git revision; a revision without the folder is an empty
 * snapshot with `exists: false`.
 *
 * With `reuse`, a file it names unchanged is not read from Git at all: its object (the same
 * object, not a copy: the gate's rules only read them) and its marks come from `reuse.snapshot`.
 * The snapshot is equal to the one read without `reuse`; a change touching a few files of a
 * big estate then reads and parses those few.
 *
 * @param distPath the folder, relative to the repository root
 * @throws InputError when the revision does not exist or a manifest cannot be read
 */
export function readDistSnapshotAtRevision(repoDir: string, revision: string, distPath: string, reuse?: SnapshotReuse): DistSnapshot {
  const git = (args: string[], input?: string) => execFileSync('git', args, { cwd: repoDir, encoding: 'utf8', input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  } catch {
    throw new InputError(`'${revision}' is neither a directory nor a Git revision of ${repoDir}`);
  }
  const prefix = distPath.replace(/\/+$/, '');
  const where = `${revision}:${prefix}`;
  const all = listTreeAtRevision(git, revision, prefix).map(e => e.path);
  const strip = (n: string) => (prefix === '' ? n : n.slice(prefix.length + 1));
  const names = all.filter(isManifestPath);
  const shared = new Map<string, KubeObject>();
  const toRead = reuse ? names.filter(n => {
    const rel = strip(n);
    const o = reuse.unchanged.has(rel) ? reuse.snapshot.manifests.get(rel) : undefined;
    if (o) shared.set(rel, o);
    return !o;
  }) : names;
  const texts = new Map([...readBlobsAtRevision(repoDir, revision, toRead)].map(([name, text]) => [strip(name), text]));
  const parsed = parseTree(texts, where);
  if (!reuse || shared.size === 0) return { ...parsed, files: new Set(all.map(strip)), exists: all.length > 0, where };
  // the shared files take their place in path order, as parseTree would have put them.
  const manifests = new Map([...parsed.manifests, ...shared].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const argoSkipped = new Set([...parsed.argoSkipped, ...[...shared.keys()].filter(f => reuse.snapshot.argoSkipped?.has(f))].sort());
  const yamlHazards = new Map([...parsed.yamlHazards, ...[...shared.keys()].flatMap(f => {
    const hazard = reuse.snapshot.yamlHazards?.get(f);
    return hazard === undefined ? [] : [[f, hazard] as const];
  })].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { manifests, argoSkipped, yamlHazards, files: new Set(all.map(strip)), exists: all.length > 0, where };
}

/**
 * the texts of files at a revision (paths relative to the repository root), by path: one
 * `git cat-file --batch` for all of them, since a process per file would be slow on big estates.
 *
 * @param repoDir the repository's root folder
 */
export function readBlobsAtRevision(repoDir: string, revision: string, names: readonly string[]): Map<string, string> {
  const texts = new Map<string, string>();
  if (names.length === 0) return texts;
  // one path a line: a path holding a line break would shift every text after it.
  const broken = names.find(n => n.includes('\n'));
  if (broken !== undefined) throw new InputError('a file name holding a line break in dist/: rename it', { file: `${revision}:${broken}` });
  const out = execFileSync('git', ['cat-file', '--batch'], { cwd: repoDir, input: names.map(n => `${revision}:${n}`).join('\n') + '\n', maxBuffer: 1 << 30 });
  let pos = 0;
  for (const name of names) {
    const eol = out.indexOf(0x0a, pos);
    const size = Number(out.subarray(pos, eol).toString('utf8').split(' ')[2]);
    texts.set(name, out.subarray(eol + 1, eol + 1 + size).toString('utf8'));
    pos = eol + 1 + size + 1;
  }
  return texts;
}

/**
 * The files of the folder `distPath` (relative to the repository root of `repoDir`) whose
 * bytes in the working tree are exactly the blob they have at `revision`: the Git object id of
 * the file's bytes (`git hash-object --no-filters`, computed here) is the blob's id in the
 * revision's tree. Byte for byte, whatever filters or line-ending conversions the checkout has,
 * and whatever the index says. Paths relative to the folder.
 *
 * @param repoDir a folder of the repository
 * @param distPath the folder, relative to the repository root
 * @throws InputError when the revision does not exist
 */
export function unchangedSinceRevision(repoDir: string, revision: string, distPath: string): Set<string> {
  const inRepo = (cwd: string) => (args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    inRepo(repoDir)(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  } catch {
    throw new InputError(`'${revision}' is neither a directory nor a Git revision of ${repoDir}`);
  }
  const prefix = distPath.replace(/\/+$/, '');
  // every path from the root, whatever folder of the repository repoDir is.
  const root = inRepo(repoDir)(['rev-parse', '--show-toplevel']).trim();
  const git = inRepo(root);
  const unchanged = new Set<string>();
  for (const { path: name, size, id } of listTreeAtRevision(git, revision, prefix)) {
    let bytes: Buffer;
    try {
      if (!fs.lstatSync(path.join(root, name)).isFile()) continue;
      bytes = fs.readFileSync(path.join(root, name));
    } catch {
      continue;
    }
    if (bytes.length === size && gitBlobId(bytes, id.length === 64 ? 'sha256' : 'sha1') === id) unchanged.add(prefix === '' ? name : name.slice(prefix.length + 1));
  }
  return unchanged;
}

/**
 * Git's object id of a blob: the hash of `blob <length>\0` and the bytes (SHA-1, or SHA-256 in a
 * repository of that object format).
 */
export function gitBlobId(bytes: Buffer, algorithm: 'sha1' | 'sha256'): string {
  return createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * the plain files of the folder `prefix` (relative to the repository root) at a revision, with
 * their sizes and blob ids; a link or submodule is refused.
 *
 * @param git runs git in the repository's root folder
 */
export function listTreeAtRevision(git: (args: string[]) => string, revision: string, prefix: string):
  Array<{ path: string; size: number; id: string }> {
  // (with -l, every plain file has its size)
  const listing = readTreeListing(git(['ls-tree', '-r', '-l', '-z', revision, '--', prefix]), revision, prefix);
  return listing.map(e => ({ ...e, size: e.size ?? NaN }));
}

/**
 * reads what `git ls-tree -r -z [-l] <revision> -- <prefix>` prints: the plain files under
 * `prefix`, with their blob ids (and sizes, with `-l`); a link or submodule is refused.
 */
export function readTreeListing(out: string, revision: string, prefix: string): Array<{ path: string; size?: number; id: string }> {
  const all: Array<{ path: string; size?: number; id: string }> = [];
  forEachTreeEntry(out, revision, prefix, (name, id, size) => all.push(size === undefined ? { path: name, id } : { path: name, size, id }));
  return all;
}

/**
 * calls `visit` with each plain file under `prefix` that `git ls-tree -r -z [-l]` printed, in its
 * order: `<mode> <type> <id>[ <size>]\t<path>`. (A loop over the text: 60,000 entries split and
 * split again cost a tenth of a second and 30 MB.)
 *
 * @throws InputError on a link or a submodule
 */
export function forEachTreeEntry(out: string, revision: string, prefix: string, visit: (path: string, id: string, size?: number) => void): void {
  const under = prefix === '' ? '' : `${prefix}/`;
  for (let at = 0; at < out.length;) {
    let end = out.indexOf('\0', at);
    if (end < 0) end = out.length;
    const tab = out.indexOf('\t', at);
    if (tab > at && tab < end && out.startsWith(under, tab + 1)) {
      // 120000 a symbolic link, 160000 a submodule: not plain files.
      if (!out.startsWith('100', at)) throw new InputError('a symbolic link or submodule in dist/: the gate reads dist/ as plain files', { file: `${revision}:${out.slice(tab + 1, end)}` });
      const idStart = out.indexOf(' ', out.indexOf(' ', at) + 1) + 1;
      const space = out.indexOf(' ', idStart);
      const idEnd = space < 0 || space > tab ? tab : space;
      const size = idEnd === tab ? undefined : Number(out.slice(idEnd, tab).trim());
      visit(out.slice(tab + 1, end), out.slice(idStart, idEnd), size);
    }
    at = end + 1;
  }
}

/** manifests parsed by {@link parseTree}, with the marks of their files. */
export type ParsedTree = { manifests: DistTree; argoSkipped: ReadonlySet<string>; yamlHazards: ReadonlyMap<string, string> };

/**
 * parses the texts of manifest files (relative path => text), in path order, one object each.
 *
 * @param where where they were read, for messages (`dist`, `origin/main:dist`)
 * @throws InputError when a manifest cannot be read
 */
export function parseTree(files: Map<string, string>, where: string): ParsedTree {
  const tree = new Map<string, KubeObject>();
  const argoSkipped = new Set<string>();
  const yamlHazards = new Map<string, string>();
  for (const [rel, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (text.includes(ARGO_SKIP_FILE)) argoSkipped.add(rel);
    const hazard = goYamlHazard(text);
    if (hazard) yamlHazards.set(rel, hazard);
    let docs: unknown[];
    try {
      // the core schema, as the API server reads YAML: timestamps stay strings; a number a
      // JavaScript number cannot hold exactly is refused, or two changes could compare equal.
      const options = { schema: EXACT_CORE_SCHEMA, listener: inexactNumberLines() } as yaml.LoadOptions;
      docs = yaml.loadAll(text, undefined, options).filter(d => d !== null && d !== undefined);
    } catch (e) {
      throw malformedYaml(e, text, { file: `${where}/${rel}` });
    }
    if (docs.length !== 1) {
      throw new InputError(`holds ${docs.length} objects; karmada-migrate reads one object per file of dist/`, { file: `${where}/${rel}` });
    }
    const inexact = findInexactNumber(docs[0]);
    if (inexact) {
      throw new InputError(`${formatFieldPath(inexact.path)}: ${inexactNumberProblem(inexact.number.text)}`,
        { file: `${where}/${rel}`, ...(inexact.number.line ? { line: inexact.number.line } : {}) });
    }
    const o = docs[0] as KubeObject | null;
    if (!o || typeof o !== 'object' || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string' || !o.metadata || typeof o.metadata.name !== 'string' || !o.metadata.name) {
      throw new InputError('not a Kubernetes object (apiVersion, kind and metadata.name are required)', { file: `${where}/${rel}` });
    }
    if (o.metadata.namespace !== undefined && typeof o.metadata.namespace !== 'string') {
      throw new InputError(`metadata.namespace is ${JSON.stringify(o.metadata.namespace)}, not a string`, { file: `${where}/${rel}` });
    }
    tree.set(rel, o);
  }
  return { manifests: tree, argoSkipped, yamlHazards };
}
