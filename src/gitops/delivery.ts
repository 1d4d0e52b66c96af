// What the GitOps objects of dist/_delivery apply to the Karmada API server, and what they
// delete. Argo CD v3.x: reposerver/repository/repository.go (findManifests: a directory source
// reads *.yaml, *.yml, *.json below `path`, recursively only with `directory.recurse`, filtered
// by `directory.include` / `exclude`; a kustomization.yaml or Chart.yaml makes it another source
// type), controller/sync.go and gitops-engine sync_context.go (automated or manual sync prunes
// what left the source; `Prune=false` on the live object skips it), controller/appcontroller.go
// (deleting an Application with resources-finalizer.argocd.argoproj.io deletes what it applied,
// except objects with `Delete=false` or helm.sh/resource-policy: keep),
// applicationset/generators/git.go (the Git directory generator) and
// applicationset/controllers/applicationset_controller.go (generated Applications get the
// resources finalizer unless syncPolicy.preserveResourcesOnDeletion). Flux kustomize-controller
// v1.x: internal/controller/kustomization_controller.go (prune, deletionPolicy MirrorPrune /
// Delete / WaitForTermination / Orphan, a suspended Kustomization never deletes) and fluxcd/pkg
// ssa (objects labelled or annotated kustomize.toolkit.fluxcd.io/prune: disabled or
// reconcile: disabled are never deleted); fluxcd/pkg kustomize generator (without a
// kustomization.yaml the path is scanned recursively for *.yaml and *.yml).
import { gobwasMatch, goPathMatch } from './_glob';
import { KubeObject } from '../inventory/types';
import { canonicalJson, isJsonObject, JsonObject } from '../karmada/json';
import { child, objectItems, str } from '../karmada/_object';

/** The GitOps tool behind a delivery. */
export type DeliveryTool = 'argocd' | 'flux' | 'external';

/** A `dist/` as a delivery reads it: its manifests and every file (placeholders such as `.keep` too). */
export interface DeliveryInput {
  /** the manifests, by path relative to `dist/`. */
  readonly manifests: ReadonlyMap<string, KubeObject>;
  /** every file, by path relative to `dist/`. */
  readonly files: ReadonlySet<string>;
  /** the path of `dist/` in the repository the deliveries read (`dist`). */
  readonly distRoot: string;
}

/** One thing that applies files of `dist/` to the Karmada API server. */
export interface Delivery {
  /** who it is: `Application argocd/karmada-member1`, `Kustomization flux-system/member1-templates`, `the external delivery of dist/member1`. */
  readonly id: string;
  /** the tool. */
  readonly tool: DeliveryTool;
  /**
   * the file of `dist/` that declares it.
   *
   * @default - none: the delivery assumed for a migration folder no delivery object covers
   */
  readonly declaredIn?: string;
  /**
   * where it reads and where it applies (repository, revision, destination): when this
   * changes, everything it applied is out of it.
   */
  readonly target: string;
  /**
   * the manifests of `dist/` it applies (paths relative to `dist/`); `undefined` when that
   * cannot be told from the object.
   */
  readonly manifests?: ReadonlySet<string>;
  /**
   * why {@link manifests} is unknown.
   *
   * @default - it is known
   */
  readonly unresolved?: string;
  /** a manifest that leaves it is deleted (pruned) from the Karmada API server. */
  readonly prunes: boolean;
  /** deleting the delivery object deletes what it applied. */
  readonly cascades: boolean;
  /** its spec as JSON, to tell whether it changed. */
  readonly fingerprint: string;
  /**
   * the migration folder (`member1`) an external delivery applies.
   *
   * @default - not an external delivery
   */
  readonly folder?: string;
}

const ARGOCD_GROUP = 'argoproj.io';
const FLUX_GROUP = 'kustomize.toolkit.fluxcd.io';
const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';
const SYNC_OPTIONS = 'argocd.argoproj.io/sync-options';
const FLUX_PRUNE = 'kustomize.toolkit.fluxcd.io/prune';
const FLUX_RECONCILE = 'kustomize.toolkit.fluxcd.io/reconcile';
const ARGO_MANIFEST = /\.(ya?ml|json)$/;
const FLUX_MANIFEST = /\.ya?ml$/;
const KUSTOMIZE_OR_HELM = /(^|\/)(kustomization\.ya?ml|Kustomization|Chart\.yaml)$/;

/** The folder of `dist/` that holds delivery objects (they are applied where Argo CD or Flux run, not to Karmada). */
export const DELIVERY_FOLDER = '_delivery';

/** Options of {@link deliveriesOf}. */
export interface DeliveriesOptions {
  /**
   * migration folders (`member1`) assumed to be applied by a delivery outside `dist/` even if
   * a delivery object covers them now (the other side of a change had no delivery for them).
   *
   * @default - only folders no delivery object covers
   */
  readonly external?: Iterable<string>;
}

/**
 * Every delivery of a `dist/`: the Argo CD Applications, the Applications an ApplicationSet
 * generates, and the Flux Kustomizations under `_delivery/`; and, for each migration folder no
 * delivery object applies a manifest of, an assumed external delivery (an Application made by
 * hand, say) that applies the whole folder and prunes.
 */
export function deliveriesOf(input: DeliveryInput, options: DeliveriesOptions = {}): Delivery[] {
  const tree = new RepoTree(input);
  const out: Delivery[] = [];
  for (const [file, o] of input.manifests) {
    if (file.split('/')[0] !== DELIVERY_FOLDER) continue;
    const group = o.apiVersion.split('/')[0];
    if (group === ARGOCD_GROUP && o.kind === 'Application') out.push(application(o, file, tree));
    else if (group === ARGOCD_GROUP && o.kind === 'ApplicationSet') out.push(...applicationSet(o, file, tree));
    else if (group === FLUX_GROUP && o.kind === 'Kustomization') out.push(kustomization(o, file, tree));
  }
  const covered = new Set<string>();
  for (const d of out) for (const m of d.manifests ?? []) covered.add(m.split('/')[0]);
  const external = new Set(options.external ?? []);
  const unresolved = out.some(d => !d.manifests);
  for (const file of input.manifests.keys()) {
    const folder = file.split('/')[0];
    // an unresolved delivery may cover any folder: then none is assumed to be delivered from outside.
    if (folder !== DELIVERY_FOLDER && !covered.has(folder) && !unresolved) external.add(folder);
  }
  for (const folder of [...external].sort()) {
    const manifests = new Set([...input.manifests.keys()].filter(f => f.startsWith(`${folder}/`)));
    out.push({
      id: `the external delivery of ${join(input.distRoot, folder)}`, tool: 'external', target: `external ${folder}`,
      manifests, prunes: true, cascades: false, fingerprint: '', folder,
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Whether an object opts out of being deleted by a delivery of this tool: `prune` when it
 * leaves the delivery, `delete` when the delivery itself is deleted. Read on the object as it
 * is live (the base side). For an external delivery, whose tool is unknown, both Argo CD's
 * and Flux's marks are needed.
 */
export function protectedFrom(tool: DeliveryTool, object: KubeObject, op: 'prune' | 'delete'): boolean {
  const argo = () => {
    const options = syncOptions(object.metadata.annotations?.[SYNC_OPTIONS]);
    return op === 'prune'
      ? options.includes('Prune=false')
      : options.includes('Delete=false') || object.metadata.annotations?.['helm.sh/resource-policy'] === 'keep';
  };
  const flux = () => [FLUX_PRUNE, FLUX_RECONCILE].some(k => object.metadata.labels?.[k] === 'disabled' || object.metadata.annotations?.[k] === 'disabled');
  if (tool === 'argocd') return argo();
  if (tool === 'flux') return flux();
  return argo() && flux();
}

/** Argo CD's sync options as it splits them (comma-separated, trimmed; common.SyncOptions). */
export function syncOptions(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap(v => (typeof v === 'string' ? v.split(',').map(x => x.trim()).filter(Boolean) : []));
}

// ---- Argo CD ----

function application(o: KubeObject, file: string, tree: RepoTree): Delivery {
  const spec = asObject(o.spec);
  const id = `Application ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const cascades = (o.metadata.finalizers as unknown[] | undefined ?? []).some(f => typeof f === 'string' && f.startsWith(RESOURCES_FINALIZER));
  return argoDelivery(id, file, spec, cascades, tree);
}

function argoDelivery(id: string, file: string, spec: JsonObject, cascades: boolean, tree: RepoTree): Delivery {
  const sources = objectItems(spec, 'sources').length > 0 ? objectItems(spec, 'sources') : child(spec, 'source') ? [child(spec, 'source')!] : [];
  const destination = child(spec, 'destination');
  const target = JSON.stringify({
    destination: destination ? { name: str(destination, 'name'), server: str(destination, 'server') } : {},
    sources: sources.map(s => ({ repoURL: str(s, 'repoURL'), targetRevision: str(s, 'targetRevision') || 'HEAD' })),
  });
  const base = { id, tool: 'argocd' as const, declaredIn: file, target, prunes: true, cascades, fingerprint: canonicalJson(spec) };
  const manifests = new Set<string>();
  for (const s of sources) {
    const why = unsupportedArgoSource(s);
    if (why) return { ...base, unresolved: why };
    const dir = normalizeRepoPath(str(s, 'path'));
    if (dir === undefined) return { ...base, unresolved: `source path ${JSON.stringify(str(s, 'path'))} is not a folder of the repository` };
    const directory = child(s, 'directory') ?? {};
    const recurse = directory.recurse === true;
    const include = str(directory, 'include');
    const exclude = str(directory, 'exclude');
    const all = tree.filesUnder(dir, recurse);
    if (all.some(f => KUSTOMIZE_OR_HELM.test(f.repoPath))) return { ...base, unresolved: `${dir} holds a kustomization or a Helm chart, which the gate does not render` };
    for (const f of all) {
      if (!f.manifest || !ARGO_MANIFEST.test(f.repoPath)) continue;
      const rel = dir === '' ? f.repoPath : f.repoPath.slice(dir.length + 1);
      if (exclude && gobwasMatch(exclude, rel)) continue;
      if (include && !gobwasMatch(include, rel)) continue;
      manifests.add(f.distPath);
    }
  }
  return { ...base, manifests };
}

function unsupportedArgoSource(s: JsonObject): string | undefined {
  for (const key of ['helm', 'kustomize', 'plugin', 'chart', 'ref']) {
    if (s[key] !== undefined && s[key] !== null) return `a source with '${key}', which the gate does not render`;
  }
  const directory = child(s, 'directory');
  if (directory && child(directory, 'jsonnet') && Object.keys(child(directory, 'jsonnet')!).length > 0) return 'a source with jsonnet options, which the gate does not render';
  return undefined;
}

// applicationset/generators/git.go with directories only, and the template placeholders of
// the Git directory generator (goTemplate: .path.path, .path.basename, .path.basenameNormalized,
// index .path.segments N; fasttemplate: path, path.basename, path.basenameNormalized, path[N]).
function applicationSet(o: KubeObject, file: string, tree: RepoTree): Delivery[] {
  const spec = asObject(o.spec);
  const id = `ApplicationSet ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const preserve = child(spec, 'syncPolicy')?.preserveResourcesOnDeletion === true;
  const unresolved = (why: string): Delivery[] => [{
    id, tool: 'argocd', declaredIn: file, target: canonicalJson(spec), unresolved: why, prunes: true, cascades: !preserve, fingerprint: canonicalJson(spec),
  }];
  const generators = objectItems(spec, 'generators');
  const git = generators.length === 1 ? child(generators[0], 'git') : undefined;
  if (!git || Object.keys(generators[0]).length !== 1 || objectItems(git, 'files').length > 0) {
    return unresolved('its generators are not a single Git directory generator, which is all the gate renders');
  }
  if (spec.templatePatch !== undefined) return unresolved('it has a templatePatch, which the gate does not render');
  const template = child(spec, 'template');
  if (!template) return unresolved('it has no template');
  const patterns = objectItems(git, 'directories').map(d => ({ path: str(d, 'path'), exclude: d.exclude === true }));
  const goTemplate = spec.goTemplate === true;
  const out: Delivery[] = [];
  for (const dir of tree.directories()) {
    if (dir.split('/').some(s => s.startsWith('.'))) continue;
    const included = patterns.some(p => !p.exclude && goPathMatch(p.path, dir));
    if (!included || patterns.some(p => p.exclude && goPathMatch(p.path, dir))) continue;
    const rendered = renderTemplate(template, dir, goTemplate);
    if (typeof rendered === 'string') return unresolved(rendered);
    const meta = child(rendered, 'metadata') ?? {};
    const finalizers = Array.isArray(meta.finalizers) ? meta.finalizers : [];
    const cascades = !preserve || finalizers.some(f => typeof f === 'string' && f.startsWith(RESOURCES_FINALIZER));
    const appId = `${id}: Application ${str(meta, 'namespace') || (o.metadata.namespace ?? '')}/${str(meta, 'name')}`;
    out.push(argoDelivery(appId, file, child(rendered, 'spec') ?? {}, cascades, tree));
  }
  return out;
}

function renderTemplate(template: JsonObject, dir: string, goTemplate: boolean): JsonObject | string {
  const segments = dir.split('/');
  const basename = segments[segments.length - 1];
  const values: Record<string, string> = {
    'path.path': dir, 'path.basename': basename, 'path.basenameNormalized': basename.replace(/[^a-zA-Z0-9-]/g, '-').toLowerCase(),
  };
  let problem: string | undefined;
  const sub = (s: string): string => s.replace(/\{\{-?\s*([^}]*?)\s*-?\}\}/g, (_, expr: string) => {
    const e = expr.trim();
    const key = goTemplate ? e.replace(/^\./, '') : e;
    if (key in values) return values[key];
    const index = goTemplate ? /^index \.path\.segments (\d+)$/.exec(e) : /^path\[(\d+)\]$/.exec(e);
    if (index && Number(index[1]) < segments.length) return segments[Number(index[1])];
    problem ??= `its template uses {{${e}}}, which the gate does not render`;
    return '';
  });
  const walk = (v: unknown): unknown => (typeof v === 'string' ? sub(v) : Array.isArray(v) ? v.map(walk) : isJsonObject(v)
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v);
  const rendered = walk(template) as JsonObject;
  return problem ?? rendered;
}

// ---- Flux ----

function kustomization(o: KubeObject, file: string, tree: RepoTree): Delivery {
  const spec = asObject(o.spec);
  const id = `Kustomization ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const prune = spec.prune === true;
  const policy = str(spec, 'deletionPolicy') || 'MirrorPrune';
  // a suspended Kustomization never deletes what it applied (finalizerShouldDeleteResources).
  const cascades = spec.suspend !== true && (policy === 'Delete' || policy === 'WaitForTermination' || (policy === 'MirrorPrune' && prune));
  const sourceRef = child(spec, 'sourceRef') ?? {};
  const target = JSON.stringify({
    source: `${str(sourceRef, 'kind')}/${str(sourceRef, 'namespace') || (o.metadata.namespace ?? '')}/${str(sourceRef, 'name')}`,
    kubeConfig: canonicalJson(spec.kubeConfig ?? null),
    serviceAccountName: str(spec, 'serviceAccountName'),
  });
  const base = { id, tool: 'flux' as const, declaredIn: file, target, prunes: prune, cascades, fingerprint: canonicalJson(spec) };
  for (const key of ['targetNamespace', 'namePrefix', 'nameSuffix', 'patches', 'images', 'components', 'postBuild']) {
    if (spec[key] !== undefined && spec[key] !== null) return { ...base, unresolved: `it sets '${key}', which changes the objects in ways the gate does not render` };
  }
  const dir = normalizeRepoPath(str(spec, 'path') || './');
  if (dir === undefined) return { ...base, unresolved: `path ${JSON.stringify(str(spec, 'path'))} is not a folder of the source` };
  const all = tree.filesUnder(dir, true);
  if (all.some(f => KUSTOMIZE_OR_HELM.test(f.repoPath))) return { ...base, unresolved: `${dir || '.'} holds a kustomization, which the gate does not render` };
  return { ...base, manifests: new Set(all.filter(f => f.manifest && FLUX_MANIFEST.test(f.repoPath)).map(f => f.distPath)) };
}

// ---- the repository as the tools see it ----

interface RepoFile {
  readonly repoPath: string;
  readonly distPath: string;
  readonly manifest: boolean;
}

class RepoTree {
  private readonly sorted: RepoFile[];
  private dirs?: string[];

  public constructor(input: DeliveryInput) {
    const paths = new Set<string>([...input.files, ...input.manifests.keys()]);
    this.sorted = [...paths].map(p => ({ repoPath: join(input.distRoot, p), distPath: p, manifest: input.manifests.has(p) }))
      .sort((a, b) => (a.repoPath < b.repoPath ? -1 : a.repoPath > b.repoPath ? 1 : 0));
  }

  /** the files below a repository folder ('' is the root): directly in it, or at any depth. */
  public filesUnder(dir: string, recurse: boolean): RepoFile[] {
    const prefix = dir === '' ? '' : `${dir}/`;
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].repoPath < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: RepoFile[] = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i].repoPath.startsWith(prefix); i++) {
      if (recurse || !this.sorted[i].repoPath.slice(prefix.length).includes('/')) out.push(this.sorted[i]);
    }
    return out;
  }

  /** every folder of the repository that holds a file at some depth (Git has no empty folders). */
  public directories(): string[] {
    if (!this.dirs) {
      const set = new Set<string>();
      for (const f of this.sorted) {
        const parts = f.repoPath.split('/');
        for (let i = 1; i < parts.length; i++) set.add(parts.slice(0, i).join('/'));
      }
      this.dirs = [...set].sort();
    }
    return this.dirs;
  }
}

function normalizeRepoPath(p: string): string | undefined {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.join('/');
}

function join(root: string, rel: string): string {
  const r = normalizeRepoPath(root) ?? '';
  return r === '' ? rel : `${r}/${rel}`;
}

function asObject(v: unknown): JsonObject {
  return isJsonObject(v) ? v : {};
}

