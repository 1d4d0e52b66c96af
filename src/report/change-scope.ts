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
// blind to a same-size edit that keeps the second of its ctime, and its mtime: the index, read
// from its file by git-index.ts, tells those files); a file Git is told not to compare
// (assume-unchanged, skip-worktree, intent-to-add) makes the gate read everything, and so does any
// disagreement between Git's answer and the two file lists, and a change to a `.gitattributes` (a
// clone's checkout would convert an unchanged blob otherwise). So do the conversions Git could
// compare a file through and hide an edit (core.autocrlf, attributes of the clone's own or the
// system's: git-queries.ts localConversion; a filter or ident in a .gitattributes of dist/ or its
// parents), and a file name that is not UTF-8 (two such names read alike). Git is asked of the
// commit the revision names, its answers run at once. The deliveries must apply the files
// the change does not touch as before (an ApplicationSet that makes an Application per folder
// loses one when a folder empties), or everything is read.
import * as fs from 'fs';
import * as path from 'path';
import { groupOf, KubeObject } from '../kube/object';
import { manifestPath } from '../output/layout';
import { readTextFile } from '../text-file';
import { DistSnapshot, forEachTreeEntry, gitBlobId, isManifestPath, listDistFiles, ParsedTree, parseTree, readBlobsAtRevision } from './dist-tree';
import { readSide } from './gate/side';
import { readIndexFile } from './git-index';
import { localConversion, locateRevision, readIfExists, runGit } from './git-queries';
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

/** the file name of a CustomResourceDefinition karmada-migrate writes (output/layout.ts objectFileName). */
const CRD_FILE = 'CustomResourceDefinition.apiextensions.k8s.io_';

/** the folder of a migration that holds its templates. */
const TEMPLATES = 'templates';

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
export async function readChangeInScope(repoDir: string, revision: string, distPath: string, distDir: string, distRoot: string): Promise<ChangeRead> {
  if (!fs.existsSync(distDir) || !fs.statSync(distDir).isDirectory()) {
    await locateRevision(repoDir, revision);
    return { full: `${distDir} is not a folder of the working tree` };
  }
  const prefix = distPath.replace(/\/+$/, '');
  if (prefix === '' || prefix.startsWith('..')) {
    await locateRevision(repoDir, revision);
    return { full: 'dist/ is the repository root, or outside it' };
  }
  const strip = (n: string) => n.slice(prefix.length + 1);
  const z = (out: string) => out.split('\0').filter(x => x !== '');

  // The commit the revision names first (Git is asked of it, not of a name that could move or
  // read as an option); then Git is asked everything else at once (each answer takes up to four
  // tenths of a second on 60,000 files), and the answers read in the order below: the conversions
  // of this clone's own, the index, the change, the base tree.
  const repository = await locateRevision(repoDir, revision);
  const converts = localConversion(repoDir, repository.infoAttributes);
  const asked = Promise.all([
    runGit(repoDir, ['diff', '--no-ext-diff', '--no-textconv', '--no-renames', '--name-only', '-z', repository.commit, '--', prefix, ':(glob)**/.gitattributes']),
    runGit(repoDir, ['ls-tree', '-r', '-z', repository.commit, '--', prefix]),
  ]);
  // (each is awaited below; a throw before that must not leave a failure of Git unhandled)
  for (const pending of [converts, asked]) pending.catch(() => undefined);
  // while Git works: the working tree's files, and the manifests of its own that any scope reads
  // (all but the templates), parsed ahead (see readAhead).
  const headFiles = listDistFiles(distDir);
  const ahead = readAhead(distDir, [...headFiles].filter(f => isManifestPath(f) && (!isTemplatePath(f) || isCrdPath(f))));
  const conversion = await converts;
  if (conversion) return { full: conversion };

  // what Git does not compare: the gate cannot take its word for those files. The .gitattributes
  // of dist/'s parent folders are read with the index: what Git converts when it compares a file
  // (working-tree-encoding, filter, ident...) comes from them and from those inside dist/.
  const parentAttributes = new Set(prefix.split('/').map((_, i, parts) => [...parts.slice(0, i), '.gitattributes'].join('/')));
  const index = readIndexFile(readIfExists(repository.index), repository.objectFormat, n => n.startsWith(`${prefix}/`) || parentAttributes.has(n));
  if ('untrusted' in index) return { full: `Git does not compare ${index.untrusted.path} with the working tree as it does the others (${index.untrusted.why})` };
  if ('unreadable' in index) return { full: `Git's index ${repository.index} is not one the gate reads: ${index.unreadable}` };
  const [diffOut, treeOut] = await asked;
  const untrackedAttributes = [...parentAttributes].find(a => !index.tracked.has(a) && fs.existsSync(path.join(repoDir, ...a.split('/'))));
  if (untrackedAttributes) return { full: `${untrackedAttributes} is not tracked: what Git converts when it compares files may differ from a clone's checkout` };
  // a parent .gitattributes whose stat data may hide an edit (see the suspects below) is not compared here.
  const suspectAttributes = [...parentAttributes].find(a => index.suspects.has(a));
  if (suspectAttributes) return { full: `${suspectAttributes} has an mtime set apart from its ctime: Git's stat check may miss an edit of it` };
  // an indexed .gitattributes missing from the working tree still converts (Git reads the index's copy).
  const indexOnly = [...index.tracked].find(n => (n === '.gitattributes' || n.endsWith('/.gitattributes')) &&
    !(n.startsWith(`${prefix}/`) ? headFiles.has(strip(n)) : fs.existsSync(path.join(repoDir, ...n.split('/')))));
  if (indexOnly) return { full: `${indexOnly} is in Git's index but not in the working tree: Git still converts through it` };
  // a tracked .gitattributes that sets a filter or ident: Git compares through the clean filter this clone has
  // (git-lfs sets one on many machines), and ident hides an edit of `$Id$`.
  const attributeFiles = [...[...parentAttributes].map(a => path.join(repoDir, ...a.split('/'))),
    ...[...headFiles].filter(f => f === '.gitattributes' || f.endsWith('/.gitattributes')).map(f => path.join(distDir, ...f.split('/')))];
  const converting = attributeFiles.find(f => fs.existsSync(f) && /(^|\s)-?!?(filter|ident)(\s|=|$)/m.test(fs.readFileSync(f, 'utf8')));
  if (converting) return { full: `${converting} sets a filter or ident: Git compares files through it, and could take an edited file for an unchanged one` };
  // a name that is not UTF-8 reads as another (each invalid byte a U+FFFD): the lists would not tell them apart.
  const garbled = [headFiles, index.tracked].map(names => find(names, n => n.includes('\uFFFD'))).find(n => n !== undefined);
  if (garbled !== undefined) return { full: `${garbled} is not a UTF-8 file name (or holds U+FFFD): the gate cannot tell it from another` };
  // the names Git lists as changed in the working tree; a clone's checkout converts the same on
  // both sides, or an unchanged blob may be applied otherwise: a change to a .gitattributes
  // anywhere reads everything.
  const listed = z(diffOut);
  const attributes = listed.find(n => n === '.gitattributes' || n.endsWith('/.gitattributes'));
  if (attributes !== undefined) return { full: `the change touches ${attributes}: what Git converts on checkout may change for files it does not touch` };
  // the base's files of dist/, with their blob ids.
  const baseIds = new Map<string, string>();
  forEachTreeEntry(treeOut, revision, prefix, (name, id) => baseIds.set(strip(name), id));
  const baseFiles = new Set(baseIds.keys());
  if (baseFiles.size === 0) return { full: `${revision} holds no ${prefix}/` };
  // the files of the working tree the index lacks are untracked (as `git ls-files --others` lists them).
  const changed = new Set(listed.filter(n => n.startsWith(`${prefix}/`)).map(strip));
  for (const f of headFiles) if (!index.tracked.has(`${prefix}/${f}`)) changed.add(f);
  // Git compares the stat data in whole seconds (unless built with USE_NSEC): a same-size edit in
  // the second Git last recorded a file's stat, its mtime then set back, goes unseen. Such a file's
  // mtime is not in the second of its last change (its ctime): it is compared byte for byte with
  // the base's blob, as the full reading does (dist-tree.ts unchangedSinceRevision). A file Git
  // takes as unchanged by its stat data has the seconds its index entry recorded, so only the
  // entries whose two seconds differ are looked at (the stat of 60,000 files costs half a second).
  // Git keeps the seconds in 32 bits: an mtime set 2^32 seconds (136 years) off its ctime in that
  // second reads as equal to it, to Git as here.
  for (const f of [...index.suspects].filter(n => n.startsWith(`${prefix}/`)).map(strip)) {
    const id = baseIds.get(f);
    if (id === undefined || changed.has(f) || !headFiles.has(f)) continue;
    const file = path.join(distDir, ...f.split('/'));
    const stat = fs.statSync(file, { bigint: true });
    if (stat.mtimeNs / 1_000_000_000n === stat.ctimeNs / 1_000_000_000n) continue;
    const bytes = fs.readFileSync(file);
    if (gitBlobId(bytes, id.length === 64 ? 'sha256' : 'sha1') !== id) changed.add(f);
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

  // a change that adds and removes no file leaves both sides the same files: the base's listing
  // (in Git's order, which is the path order the deliveries read them in) serves both.
  const sameFiles = headFiles.size === baseFiles.size && [...changed].every(f => baseFiles.has(f) && headFiles.has(f));
  const all = sortedPaths((sameFiles ? [...baseFiles] : [...new Set([...baseFiles, ...headFiles])]).filter(isManifestPath));
  // a template's identity is its place in the migration folder: the same place in another migration is the same object.
  const places = new Set([...changed].map(placeOf));
  const scope = new Set(all.filter(f => !isTemplatePath(f) || changed.has(f) || places.has(placeOf(f)) || isCrdPath(f)));
  const sides = { base: new Map<string, KubeObject>(), head: new Map<string, KubeObject>() };
  const noMarks = () => ({ argoSkipped: new Set<string>(), yamlHazards: new Map<string, string>() });
  const marks = { base: noMarks(), head: noMarks() };
  const read = (files: readonly string[]) => {
    const head = new Map<string, string>();
    const early = new Set<string>();
    for (const f of files) {
      if (!headFiles.has(f)) continue;
      if (ahead?.manifests.has(f)) early.add(f);
      else head.set(f, readTextFile(path.join(distDir, ...f.split('/')), { shownAs: `${distDir}/${f}`, listedAsFile: true }));
    }
    const fromGit = files.filter(f => baseFiles.has(f) && changed.has(f));
    const base = new Map([...readBlobsAtRevision(repoDir, repository.commit, fromGit.map(f => `${prefix}/${f}`))].map(([n, t]) => [strip(n), t]));
    const parsedHead = withReadAhead(parseTree(head, distDir), ahead, early);
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

  const unread = (files: ReadonlySet<string>) => new Set([...files].filter(f => isManifestPath(f) && !scope.has(f)));
  const snapshot = (side: 'base' | 'head', files: ReadonlySet<string>, notRead: ReadonlySet<string>, where: string): DistSnapshot => ({
    manifests: new Map([...sides[side]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    files, exists: true, where,
    argoSkipped: new Set([...marks[side].argoSkipped].sort()),
    yamlHazards: new Map([...marks[side].yamlHazards].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    unread: notRead,
  });
  const baseUnread = unread(baseFiles);
  const base = snapshot('base', baseFiles, baseUnread, `${revision}:${prefix}`);
  const head = sameFiles ? snapshot('head', baseFiles, baseUnread, distDir) : snapshot('head', headFiles, unread(headFiles), distDir);
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

/** manifests of the working tree read and parsed while Git works; undefined when one cannot be (the reading in its turn says why). */
type ReadAhead = ParsedTree | undefined;

// the working tree's manifests that every scope reads, read ahead; any failure is left to the reading in order.
function readAhead(distDir: string, files: readonly string[]): ReadAhead {
  try {
    return parseTree(new Map(files.map(f => [f, readTextFile(path.join(distDir, ...f.split('/')), { shownAs: `${distDir}/${f}`, listedAsFile: true })])), distDir);
  } catch {
    return undefined;
  }
}

// the files parsed now, with those of them read ahead.
function withReadAhead(parsed: ParsedTree, ahead: ReadAhead, files: ReadonlySet<string>): ParsedTree {
  if (!ahead || files.size === 0) return parsed;
  const manifests = new Map(parsed.manifests);
  const argoSkipped = new Set(parsed.argoSkipped);
  const yamlHazards = new Map(parsed.yamlHazards);
  for (const f of files) {
    manifests.set(f, ahead.manifests.get(f)!);
    if (ahead.argoSkipped.has(f)) argoSkipped.add(f);
    const hazard = ahead.yamlHazards.get(f);
    if (hazard !== undefined) yamlHazards.set(f, hazard);
  }
  return { manifests, argoSkipped, yamlHazards };
}

// why the deliveries apply the files the change does not touch otherwise than before, if they do
// (an ApplicationSet generating an Application per folder, say): the change then reaches them too.
// The head is compared first as the gate reads it (an external delivery of the base, which applies
// what no delivery object applies, still exists: it is taken to apply its whole folder); where a
// delivery object covers part of a folder, that reading differs from the base's whatever the
// change, and both sides are then compared read alike.
function deliveryChange(base: DistSnapshot, head: DistSnapshot, distRoot: string, changed: ReadonlySet<string>): string | undefined {
  const b = readSide(base, distRoot).deliveries;
  const gated = deliveriesMoved(b, readSide(head, distRoot, b.flatMap(d => (d.folder ? [d.folder] : []))).deliveries, changed);
  return gated && deliveriesMoved(b, readSide(head, distRoot).deliveries, changed);
}

// why the deliveries of one side apply the files the change does not touch otherwise than those of the other, if they do.
function deliveriesMoved(b: readonly Delivery[], h: readonly Delivery[], changed: ReadonlySet<string>): string | undefined {
  const shape = (d: Delivery) => JSON.stringify([d.tool, d.declaredIn, d.target, d.prunes, d.cascades, d.fingerprint, d.unresolved, d.pathFound,
    d.folder]);
  // the manifests it applies beyond those the change touches, as a set (the order means nothing).
  const sameManifests = (before: Delivery, after: Delivery) => {
    if (!before.manifests || !after.manifests) return !before.manifests && !after.manifests;
    const touched = (m: ReadonlySet<string>) => [...changed].filter(f => m.has(f)).length;
    if (before.manifests.size - touched(before.manifests) !== after.manifests.size - touched(after.manifests)) return false;
    for (const m of before.manifests) if (!changed.has(m) && !after.manifests.has(m)) return false;
    return true;
  };
  const before = new Map(b.map(d => [d.id, d]));
  const after = new Map(h.map(d => [d.id, d]));
  if (b.length !== before.size || h.length !== after.size) return 'a delivery is declared twice';
  for (const [id, d] of before) {
    const next = after.get(id);
    if (!next) return `${id} goes with the change`;
    if (shape(d) !== shape(next) || !sameManifests(d, next)) return `${id} applies other files than before, beyond those the change touches`;
  }
  for (const id of after.keys()) if (!before.has(id)) return `${id} comes with the change`;
  return undefined;
}

// the first name a predicate holds for, without copying the set.
function find(names: ReadonlySet<string>, predicate: (name: string) => boolean): string | undefined {
  for (const n of names) if (predicate(n)) return n;
  return undefined;
}

// the paths in JavaScript's order (Git lists them in byte order, which differs past U+FFFF): sorted only when they are not.
function sortedPaths(paths: string[]): string[] {
  for (let i = 1; i < paths.length; i++) if (paths[i - 1] >= paths[i]) return paths.sort();
  return paths;
}

// `<migration>/templates/<namespace or _cluster>/<file>`: where karmada-migrate writes templates.
// (asked of each of the 60,000 files a few times: read without splitting the path)
function isTemplatePath(file: string): boolean {
  const first = file.indexOf('/');
  const second = file.indexOf('/', first + 1);
  const third = second < 0 ? -1 : file.indexOf('/', second + 1);
  if (first < 0 || third < 0 || file.includes('/', third + 1)) return false;
  // (the delivery folder, _delivery, starts with '_' too)
  return !file.startsWith('_') && second - first - 1 === TEMPLATES.length &&
    file.startsWith(TEMPLATES, first + 1) && isManifestPath(file);
}

// a template path's file is a CustomResourceDefinition's (one with a metadata.namespace is written in that namespace's folder).
function isCrdPath(file: string): boolean {
  return file.startsWith(CRD_FILE, file.lastIndexOf('/') + 1);
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
