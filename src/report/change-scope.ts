// The scope of a change: what `check --base <revision>` reads of a change that touches only
// templates. A one-app change of a 20,000-app repository touches a few of its 62,800 files; the
// gate's rules judge a template from its own versions, the policies, deliveries, override
// policies, customizations and Namespaces, the CustomResourceDefinitions, the files at the same
// place in the other migrations (its identity), and, when a policy propagates dependencies, the
// templates of its namespace (the workloads that refer to it, what it refers to). So those are
// read, both sides, and nothing else; anything else (a policy, a delivery, a Namespace, a
// rehearsal report...) makes the gate read everything.
//
// Which files changed is Git's answer (`git diff <revision>`, and the untracked files), asked
// with the settings that make Git compare every file it has not proven unchanged (no fsmonitor,
// full stat data), each file whose mtime was set back compared by its bytes (Git's stat check is
// blind to a same-size edit that keeps the second of its ctime, and its mtime); a file Git is told
// not to compare (assume-unchanged, skip-worktree) makes the gate read everything, and so does any
// disagreement between Git's answer and the two file lists, and a change to a `.gitattributes` (a
// clone's checkout would convert an unchanged blob otherwise). The deliveries must apply the files
// the change does not touch as before (an ApplicationSet that makes an Application per folder
// loses one when a folder empties), or everything is read.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../errors';
import { groupOf, KubeObject } from '../kube/object';
import { DELIVERY_FOLDER, manifestPath } from '../output/layout';
import { readTextFile } from '../text-file';
import { DistSnapshot, gitBlobId, listTreeAtRevision, MANIFEST, parseTree, readBlobsAtRevision } from './dist-tree';
import { readSide } from './gate/side';
import { rehearsalReportPath } from './gate/suspension-rules';
import { Delivery } from '../gitops/delivery';

/** A change read in its scope: both sides hold the manifests it reaches, the others are `unread`. */
export interface ScopedChange {
  readonly base: DistSnapshot;
  readonly head: DistSnapshot;
  /** the files of `dist/` the change adds, removes or modifies, relative to it, sorted. */
  readonly changed: readonly string[];
  /** how many manifest files were read (a path on both sides counts once). */
  readonly read: number;
  /** how many manifest files the two sides hold (a path on both sides counts once). */
  readonly of: number;
}

/** {@link readChangeInScope}'s answer: the change in its scope, or why the gate must read everything. */
export type ChangeRead = { readonly scoped: ScopedChange } | { readonly full: string };

/** the git settings under which `git diff` compares every file it has not proven unchanged by its full stat data. */
const EXACT_GIT = ['-c', 'core.fsmonitor=false', '-c', 'core.untrackedCache=false', '-c', 'core.checkStat=default', '-c', 'core.trustctime=true', '-c', 'core.ignoreStat=false'];

/** the file name of a CustomResourceDefinition karmada-migrate writes (output/layout.ts objectFileName). */
const CRD_FILE = 'CustomResourceDefinition.apiextensions.k8s.io_';

/**
 * Reads a change between `dist/` at a Git revision (the base) and the working tree's `dist/`
 * (the head) in its scope (see the top of this file), or says why it cannot.
 *
 * The files the change does not reach are not read on either side: the gate trusts that they
 * are as the check that merged them found them (each at the path karmada-migrate writes it to).
 *
 * @param repoDir the repository's root folder
 * @param distPath `dist/`, relative to the repository root
 * @param distDir `dist/` of the working tree, as given
 * @param distRoot the path of `dist/` in the repository the deliveries read
 * @throws InputError when the revision does not exist, or a file read cannot be parsed
 */
export function readChangeInScope(repoDir: string, revision: string, distPath: string, distDir: string, distRoot: string): ChangeRead {
  const git = (args: string[]) => execFileSync('git', [...EXACT_GIT, ...args], { cwd: repoDir, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  } catch {
    throw new InputError(`'${revision}' is neither a directory nor a Git revision of ${repoDir}`);
  }
  if (!fs.existsSync(distDir) || !fs.statSync(distDir).isDirectory()) return { full: `${distDir} is not a folder of the working tree` };
  const prefix = distPath.replace(/\/+$/, '');
  if (prefix === '' || prefix.startsWith('..')) return { full: 'dist/ is the repository root, or outside it' };
  const strip = (n: string) => n.slice(prefix.length + 1);
  const z = (out: string) => out.split('\0').filter(x => x !== '');

  // what Git does not compare: the gate cannot take its word for those files.
  for (const entry of z(git(['ls-files', '-v', '-z', '--', prefix]))) {
    if (!entry.startsWith('H ')) return { full: `Git does not compare ${entry.slice(2)} with the working tree as it does the others (ls-files -v tag ${entry[0]}: assume-unchanged, skip-worktree or unmerged)` };
  }
  // what a clone's checkout converts (working-tree-encoding, filter, ident...) is the same on both sides, or an unchanged blob may be applied otherwise.
  const attributes = [
    ...z(git(['diff', '--no-ext-diff', '--no-textconv', '--no-renames', '--name-only', '-z', revision, '--', ':(glob)**/.gitattributes'])),
    ...z(git(['ls-files', '--others', '-z', '--', ':(glob)**/.gitattributes'])),
  ];
  if (attributes.length > 0) return { full: `the change touches ${attributes[0]}: what Git converts on checkout may change for files it does not touch` };
  const baseTree = new Map(listTreeAtRevision(git, revision, prefix).map(e => [strip(e.path), e]));
  const baseFiles = new Set(baseTree.keys());
  if (baseFiles.size === 0) return { full: `${revision} holds no ${prefix}/` };
  const headFiles = listWorkingTree(distDir);
  const changed = new Set([
    ...z(git(['diff', '--no-ext-diff', '--no-textconv', '--no-renames', '--name-only', '-z', revision, '--', prefix])),
    ...z(git(['ls-files', '--others', '-z', '--', prefix])),
  ].filter(n => n.startsWith(`${prefix}/`)).map(strip));
  // Git compares the stat data in whole seconds (unless built with USE_NSEC): a same-size edit in
  // the second Git last recorded a file's stat, its mtime then set back, goes unseen. Such a file's
  // mtime is not in the second of its last change (its ctime): it is compared byte for byte with
  // the base's blob, as the full reading does (dist-tree.ts unchangedSinceRevision).
  for (const f of headFiles) {
    const entry = baseTree.get(f);
    if (!entry || changed.has(f)) continue;
    const file = path.join(distDir, ...f.split('/'));
    const stat = fs.statSync(file, { bigint: true });
    if (stat.mtimeNs / 1_000_000_000n === stat.ctimeNs / 1_000_000_000n) continue;
    const bytes = fs.readFileSync(file);
    if (bytes.length !== entry.size || gitBlobId(bytes, entry.id.length === 64 ? 'sha256' : 'sha1') !== entry.id) changed.add(f);
  }
  for (const f of headFiles) if (!baseFiles.has(f) && !changed.has(f)) return { full: `Git does not list ${f} as changed, though ${revision} lacks it` };
  for (const f of baseFiles) if (!headFiles.has(f) && !changed.has(f)) return { full: `Git does not list ${f} as changed, though the working tree lacks it` };
  for (const f of changed) if (!baseFiles.has(f) && !headFiles.has(f)) return { full: `Git lists ${f} as changed, though neither side holds it` };

  // only templates, at the place karmada-migrate writes them (checked once read, below).
  for (const f of changed) {
    if (!isTemplatePath(f)) return { full: `the change touches ${f}, which is not a template of a migration folder` };
  }
  const beside = path.dirname(path.resolve(distDir));
  for (const migration of new Set([...changed].map(f => f.split('/')[0]))) {
    const report = rehearsalReportPath(migration);
    if (fs.existsSync(path.join(beside, ...report.split('/')))) return { full: `${report} is a rehearsal report of ${migration}, whose digest is of all its templates` };
  }

  const all = [...new Set([...baseFiles, ...headFiles])].filter(isManifest).sort();
  // a template's identity is its place in the migration folder: the same place in another migration is the same object.
  const places = new Set([...changed].map(placeOf));
  const scope = new Set(all.filter(f => !isTemplatePath(f) || changed.has(f) || places.has(placeOf(f)) || isCrdPath(f)));
  const sides = { base: new Map<string, KubeObject>(), head: new Map<string, KubeObject>() };
  const noMarks = () => ({ argoSkipped: new Set<string>(), yamlHazards: new Map<string, string>() });
  const marks = { base: noMarks(), head: noMarks() };
  const read = (files: readonly string[]) => {
    const head = new Map<string, string>();
    for (const f of files) if (headFiles.has(f)) head.set(f, readTextFile(path.join(distDir, ...f.split('/')), { shownAs: `${distDir}/${f}` }));
    const fromGit = files.filter(f => baseFiles.has(f) && changed.has(f));
    const base = new Map([...readBlobsAtRevision(repoDir, revision, fromGit.map(f => `${prefix}/${f}`))].map(([n, t]) => [strip(n), t]));
    const parsedHead = parseTree(head, distDir);
    const parsedBase = parseTree(base, `${revision}:${prefix}`);
    for (const [f, o] of parsedHead.manifests) {
      sides.head.set(f, o);
      // a file Git finds unchanged is the same object on both sides (the rules only read them).
      if (baseFiles.has(f) && !changed.has(f)) sides.base.set(f, o);
    }
    for (const [f, o] of parsedBase.manifests) sides.base.set(f, o);
    for (const [side, parsed, shared] of [['head', parsedHead, true], ['base', parsedBase, false]] as const) {
      for (const f of parsed.argoSkipped) {
        marks[side].argoSkipped.add(f);
        if (shared && baseFiles.has(f) && !changed.has(f)) marks.base.argoSkipped.add(f);
      }
      for (const [f, hazard] of parsed.yamlHazards) {
        marks[side].yamlHazards.set(f, hazard);
        if (shared && baseFiles.has(f) && !changed.has(f)) marks.base.yamlHazards.set(f, hazard);
      }
    }
  };
  read([...scope]);

  for (const f of changed) {
    for (const [side, o] of [['the base', sides.base.get(f)], ['the change', sides.head.get(f)]] as const) {
      if (!o) continue;
      const problem = notPlainTemplate(f, o);
      if (problem) return { full: `${f} in ${side} ${problem}` };
    }
  }
  // a policy that propagates dependencies: a template's attached claimants are the workloads of its namespace that refer to it.
  const propagatesDeps = [...sides.base.values(), ...sides.head.values()].some(o => (o.kind === 'PropagationPolicy' || o.kind === 'ClusterPropagationPolicy') &&
    groupOf(o.apiVersion) === 'policy.karmada.io' && ((o.spec as { propagateDeps?: unknown } | undefined)?.propagateDeps === true ||
      (o.spec as { association?: unknown } | undefined)?.association === true));
  if (propagatesDeps) {
    const folders = new Set([...changed].map(f => f.split('/')[2]));
    const more = all.filter(f => !scope.has(f) && isTemplatePath(f) && folders.has(f.split('/')[2]));
    more.forEach(f => scope.add(f));
    read(more);
  }

  const snapshot = (side: 'base' | 'head', files: ReadonlySet<string>, where: string): DistSnapshot => ({
    manifests: new Map([...sides[side]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    files, exists: true, where,
    argoSkipped: new Set([...marks[side].argoSkipped].sort()),
    yamlHazards: new Map([...marks[side].yamlHazards].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    unread: new Set([...files].filter(f => isManifest(f) && !scope.has(f))),
  });
  const base = snapshot('base', baseFiles, `${revision}:${prefix}`);
  const head = snapshot('head', headFiles, distDir);
  const moved = deliveryChange(base, head, distRoot, changed);
  if (moved) return { full: moved };
  return {
    scoped: {
      base,
      head,
      changed: [...changed].sort(),
      read: scope.size,
      of: all.length,
    },
  };
}

// why the deliveries apply the files the change does not touch otherwise than before, if they do
// (an ApplicationSet generating an Application per folder, say): the change then reaches them too.
function deliveryChange(base: DistSnapshot, head: DistSnapshot, distRoot: string, changed: ReadonlySet<string>): string | undefined {
  const b = readSide(base, distRoot);
  const h = readSide(head, distRoot, b.deliveries.flatMap(d => (d.folder ? [d.folder] : [])));
  const shape = (d: Delivery) => JSON.stringify([d.tool, d.declaredIn, d.target, d.prunes, d.cascades, d.fingerprint, d.unresolved, d.pathFound,
    d.folder, d.manifests ? [...d.manifests].filter(m => !changed.has(m)).sort() : null]);
  const before = new Map(b.deliveries.map(d => [d.id, d]));
  const after = new Map(h.deliveries.map(d => [d.id, d]));
  if (b.deliveries.length !== before.size || h.deliveries.length !== after.size) return 'a delivery is declared twice';
  for (const [id, d] of before) {
    const next = after.get(id);
    if (!next) return `${id} goes with the change`;
    if (shape(d) !== shape(next)) return `${id} applies other files than before, beyond those the change touches`;
  }
  for (const id of after.keys()) if (!before.has(id)) return `${id} comes with the change`;
  return undefined;
}

// every plain file under the folder, relative to it; a symbolic link is refused (dist-tree.ts readDistSnapshot).
function listWorkingTree(dir: string): Set<string> {
  const files = new Set<string>();
  const root = path.resolve(dir);
  for (const f of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    // the entries' folders start with the root as given (path.relative is slow on 60,000 files).
    const folder = f.parentPath === root ? '' : `${f.parentPath.slice(root.length + 1).split(path.sep).join('/')}/`;
    const rel = `${folder}${f.name}`;
    if (f.isSymbolicLink()) throw new InputError('a symbolic link in dist/: the gate reads dist/ as plain files; replace it with the file it points to', { file: `${dir}/${rel}` });
    if (f.isFile()) files.add(rel);
  }
  return files;
}

function isManifest(file: string): boolean {
  return MANIFEST.test(file.slice(file.lastIndexOf('/') + 1));
}

// `<migration>/templates/<namespace or _cluster>/<file>`: where karmada-migrate writes templates.
function isTemplatePath(file: string): boolean {
  const parts = file.split('/');
  return parts.length === 4 && parts[0] !== DELIVERY_FOLDER && !parts[0].startsWith('_') && parts[1] === 'templates' && isManifest(file);
}

// (a CustomResourceDefinition with a metadata.namespace is written in that namespace's folder)
function isCrdPath(file: string): boolean {
  return file.split('/')[3].startsWith(CRD_FILE);
}

// a template's place in its migration folder: `templates/<namespace>/<file>`.
function placeOf(file: string): string {
  return file.slice(file.indexOf('/') + 1);
}

// why a changed file is not a template the scope can judge alone, if it is not.
function notPlainTemplate(file: string, o: KubeObject): string | undefined {
  if (o.kind.endsWith('List') && Array.isArray(o.items)) return `is a ${o.kind}`;
  if (manifestPath(file.split('/')[0], o) !== file) return 'is not where karmada-migrate writes it';
  if (o.kind === 'CustomResourceDefinition') return 'is a CustomResourceDefinition, which decides the scope and versions of other templates';
  if (groupOf(o.apiVersion).endsWith('karmada.io')) return 'is an object of Karmada\'s own APIs';
  return undefined;
}
