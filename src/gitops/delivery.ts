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
import { KubeObject } from '../kube/object';
import { canonicalJson, child, isJsonObject, JsonObject, objectItems, str } from '../kube/json';

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
  /**
   * manifests Argo CD skips (`+argocd:skip-file-rendering`).
   *
   * @default - none
   */
  readonly argoSkipped?: ReadonlySet<string>;
  /**
   * manifests that were not read (a change read in its scope): their paths count as manifests,
   * though {@link manifests} does not hold them.
   *
   * @default - none
   */
  readonly unread?: ReadonlySet<string>;
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
   * whether its source path holds any file of `dist/` (a `.keep` counts): false suggests `dist/`
   * is read at another path than the one the delivery reads.
   *
   * @default - not known (an external or unresolved delivery)
   */
  readonly pathFound?: boolean;
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
// reposerver: .argocd-source.yaml and .argocd-source-<app>.yaml override the source's parameters.
const ARGO_SOURCE_OVERRIDE = /(^|\/)\.argocd-source(-[^/]*)?\.ya?ml$/;

/** The folder of `dist/` that holds delivery objects (they are applied where Argo CD or Flux run, not to Karmada). */
export const DELIVERY_FOLDER = '_delivery';

/** Options of {@link deliveriesOf}. */
export interface DeliveriesOptions {
  /**
   * migration folders (`member1`) applied by an external delivery on the other side of a
   * change: that delivery still exists, and applies the whole folder.
   *
   * @default - none
   */
  readonly external?: Iterable<string>;
  /**
   * where a folder is partly covered by delivery objects, assume its other manifests applied
   * from outside too (the deployed side of a change: what is there may be live).
   *
   * @default true
   */
  readonly uncoveredFiles?: boolean;
}

/**
 * Every delivery of a `dist/`: the Argo CD Applications, the Applications an ApplicationSet
 * generates, and the Flux Kustomizations under `_delivery/`; and, for each migration folder no
 * delivery object applies a manifest of, an assumed external delivery (an Application made by
 * hand, say) that applies the whole folder and prunes.
 */
export function deliveriesOf(input: DeliveryInput, options: DeliveriesOptions = {}): Delivery[] {
  // (the repository's tree is made when a delivery object reads it: a dist/ without one has no use for it)
  let repoTree: RepoTree | undefined;
  const tree = () => (repoTree ??= new RepoTree(input));
  const out: Delivery[] = [];
  for (const [file, o] of input.manifests) {
    if (!file.startsWith(`${DELIVERY_FOLDER}/`)) continue;
    const group = o.apiVersion.split('/')[0];
    if (group === ARGOCD_GROUP && o.kind === 'Application') out.push(application(o, file, tree()));
    else if (group === ARGOCD_GROUP && o.kind === 'ApplicationSet') out.push(...applicationSet(o, file, tree()));
    else if (group === FLUX_GROUP && o.kind === 'Kustomization') out.push(kustomization(o, file, tree()));
  }
  // what no delivery object applies is assumed applied, with pruning, from outside dist/: per file
  // where a folder is partly covered, the whole folder where nothing covers it or the other side
  // of the change had such a delivery (it still exists, and applies what it applied).
  const covered = new Set<string>();
  for (const d of out) for (const m of d.manifests ?? []) covered.add(m);
  const folders = new Map<string, string[]>();
  for (const files of [input.manifests.keys(), input.unread ?? []]) {
    for (const file of files) {
      const slash = file.indexOf('/');
      const folder = file.slice(0, slash);
      if (slash < 0 || folder === DELIVERY_FOLDER) continue;
      const list = folders.get(folder);
      if (list) list.push(file);
      else folders.set(folder, [file]);
    }
  }
  const inherited = new Set(options.external ?? []);
  for (const folder of [...new Set([...folders.keys(), ...inherited])].sort()) {
    const files = folders.get(folder) ?? [];
    const whole = inherited.has(folder) || files.every(f => !covered.has(f));
    if (!whole && options.uncoveredFiles === false) continue;
    const manifests = new Set(whole ? files : files.filter(f => !covered.has(f)));
    if (!whole && manifests.size === 0) continue;
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
  const finalizers = o.metadata.finalizers;
  // a finalizer list Kubernetes would refuse: fail closed, as if it cascaded.
  const cascades = !Array.isArray(finalizers) ? finalizers !== undefined : finalizers.some(f => typeof f === 'string' && f.startsWith(RESOURCES_FINALIZER));
  return argoDelivery(id, file, spec, cascades, tree);
}

/** the Application spec fields the gate reads; any other makes it unresolved. */
const ARGO_SPEC_FIELDS = new Set(['project', 'destination', 'source', 'sources', 'syncPolicy', 'ignoreDifferences', 'info', 'revisionHistoryLimit']);
const ARGO_SOURCE_FIELDS = new Set(['repoURL', 'targetRevision', 'path', 'directory', 'name']);
const ARGO_DIRECTORY_FIELDS = new Set(['recurse', 'include', 'exclude', 'jsonnet']);

function argoDelivery(id: string, file: string, spec: JsonObject, cascades: boolean, tree: RepoTree, generator = ''): Delivery {
  const sources = objectItems(spec, 'sources').length > 0 ? objectItems(spec, 'sources') : child(spec, 'source') ? [child(spec, 'source')!] : [];
  const destination = child(spec, 'destination');
  const target = JSON.stringify({
    destination: destination ? { name: str(destination, 'name'), server: str(destination, 'server'), namespace: str(destination, 'namespace') } : {},
    sources: sources.map(s => ({ repoURL: str(s, 'repoURL'), targetRevision: str(s, 'targetRevision') || 'HEAD' })),
    generator,
  });
  const base = { id, tool: 'argocd' as const, declaredIn: file, target, prunes: true, cascades, fingerprint: canonicalJson(spec) };
  const unknown = Object.keys(spec).find(k => !ARGO_SPEC_FIELDS.has(k));
  if (unknown) return { ...base, unresolved: `its spec sets '${unknown}', which the gate does not read` };
  if (sources.length === 0) return { ...base, unresolved: 'it has no source' };
  const manifests = new Set<string>();
  let pathFound = false;
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
    const below = tree.filesUnder(dir, true);
    if (below.length > 0) pathFound = true;
    if (all.some(f => KUSTOMIZE_OR_HELM.test(f.repoPath))) return { ...base, unresolved: `${dir} holds a kustomization or a Helm chart, which the gate does not render` };
    if (below.some(f => ARGO_SOURCE_OVERRIDE.test(f.repoPath))) {
      return { ...base, unresolved: `${dir} holds a .argocd-source file, which changes the source's parameters` };
    }
    for (const f of all) {
      if (!f.manifest || !ARGO_MANIFEST.test(f.repoPath) || f.argoSkipped) continue;
      const rel = dir === '' ? f.repoPath : f.repoPath.slice(dir.length + 1);
      if (exclude && gobwasMatch(exclude, rel)) continue;
      if (include && !gobwasMatch(include, rel)) continue;
      manifests.add(f.distPath);
    }
  }
  return { ...base, manifests, pathFound };
}

function unsupportedArgoSource(s: JsonObject): string | undefined {
  for (const key of Object.keys(s)) {
    if (!ARGO_SOURCE_FIELDS.has(key) && s[key] !== undefined && s[key] !== null) return `a source with '${key}', which the gate does not render`;
  }
  const directory = child(s, 'directory');
  const odd = directory ? Object.keys(directory).find(k => !ARGO_DIRECTORY_FIELDS.has(k)) : undefined;
  if (odd) return `a directory source with '${odd}', which the gate does not read`;
  if (directory && child(directory, 'jsonnet') && Object.keys(child(directory, 'jsonnet')!).length > 0) return 'a source with jsonnet options, which the gate does not render';
  return undefined;
}

/** the Git directory generator fields the gate reads. */
const GIT_GENERATOR_FIELDS = new Set(['repoURL', 'revision', 'directories', 'requeueAfterSeconds']);

/** the ApplicationSet spec fields the gate reads (templatePatch and the rest make it unresolved). */
const APPSET_SPEC_FIELDS = new Set(['goTemplate', 'goTemplateOptions', 'generators', 'syncPolicy', 'template', 'strategy', 'preservedFields', 'ignoreApplicationDifferences']);

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
  // mergeGeneratorTemplate: a generator's own template, values or path prefix change the Applications.
  const odd = Object.keys(git).find(k => !GIT_GENERATOR_FIELDS.has(k));
  if (odd) return unresolved(`its Git generator sets '${odd}', which the gate does not render`);
  const unknown = Object.keys(spec).find(k => !APPSET_SPEC_FIELDS.has(k));
  if (unknown) return unresolved(`its spec sets '${unknown}', which the gate does not render`);
  const template = child(spec, 'template');
  if (!template) return unresolved('it has no template');
  const patterns = objectItems(git, 'directories').map(d => ({ path: str(d, 'path'), exclude: d.exclude === true }));
  const goTemplate = spec.goTemplate === true;
  // the generator reads another repository or revision: the Git directories it finds are not these.
  const generator = JSON.stringify({ repoURL: str(git, 'repoURL'), revision: str(git, 'revision') || 'HEAD' });
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
    out.push(argoDelivery(appId, file, child(rendered, 'spec') ?? {}, cascades, tree, generator));
  }
  return out;
}

function renderTemplate(template: JsonObject, dir: string, goTemplate: boolean): JsonObject | string {
  const segments = dir.split('/');
  const basename = segments[segments.length - 1];
  const normalized = sanitizeName(basename);
  const values: Record<string, string> = goTemplate
    ? { 'path.path': dir, 'path.basename': basename, 'path.basenameNormalized': normalized }
    : { 'path': dir, 'path.path': dir, 'path.basename': basename, 'path.basenameNormalized': normalized };
  let problem: string | undefined;
  const sub = (s: string): string => s.replace(/\{\{-?\s*([^}]*?)\s*-?\}\}/g, (_, expr: string) => {
    const e = expr.trim();
    const key = goTemplate ? e.replace(/^\./, '') : e;
    if (Object.hasOwn(values, key)) return values[key];
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

// applicationset/utils SanitizeName: lowercase, [^-a-z0-9.] to '-', at most 253, '-' and '.' trimmed.
function sanitizeName(name: string): string {
  return name.toLowerCase().replace(/[^-a-z0-9.]/g, '-').slice(0, 253).replace(/^[-.]+|[-.]+$/g, '');
}

// ---- Flux ----

/** the Kustomization spec fields the gate reads; any other (targetNamespace, patches, postBuild, force...) makes it unresolved. */
const FLUX_SPEC_FIELDS = new Set([
  'interval', 'retryInterval', 'path', 'prune', 'deletionPolicy', 'sourceRef', 'kubeConfig', 'dependsOn', 'suspend', 'timeout', 'wait',
  'healthChecks', 'healthCheckExprs', 'serviceAccountName',
]);

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
  const unknown = Object.keys(spec).find(k => !FLUX_SPEC_FIELDS.has(k) && spec[k] !== undefined && spec[k] !== null);
  if (unknown) return { ...base, unresolved: `it sets '${unknown}', which the gate does not render (it may change, rename or recreate the objects)` };
  const dir = normalizeRepoPath(str(spec, 'path') || './');
  if (dir === undefined) return { ...base, unresolved: `path ${JSON.stringify(str(spec, 'path'))} is not a folder of the source` };
  const all = tree.filesUnder(dir, true);
  if (all.some(f => KUSTOMIZE_OR_HELM.test(f.repoPath))) return { ...base, unresolved: `${dir || '.'} holds a kustomization, which the gate does not render` };
  const manifests = new Set(all.filter(f => f.manifest && FLUX_MANIFEST.test(f.repoPath)).map(f => f.distPath));
  return { ...base, manifests, pathFound: all.length > 0 };
}

// ---- the repository as the tools see it ----

interface RepoFile {
  readonly repoPath: string;
  readonly distPath: string;
  readonly manifest: boolean;
  readonly argoSkipped: boolean;
}

class RepoTree {
  private readonly sorted: RepoFile[];
  private dirs?: string[];

  public constructor(input: DeliveryInput) {
    // (the manifests and those not read are files too, but a snapshot made by hand may not list them)
    let paths: Iterable<string> = input.files;
    const unlisted = (keys: Iterable<string>) => {
      for (const p of keys) if (!input.files.has(p)) return true;
      return false;
    };
    if (unlisted(input.manifests.keys()) || unlisted(input.unread ?? [])) {
      paths = new Set([...input.files, ...input.manifests.keys(), ...input.unread ?? []]);
    }
    const root = normalizeRepoPath(input.distRoot) ?? '';
    const files: RepoFile[] = [];
    for (const p of paths) {
      files.push({
        repoPath: root === '' ? p : `${root}/${p}`, distPath: p,
        manifest: input.manifests.has(p) || !!input.unread?.has(p), argoSkipped: !!input.argoSkipped?.has(p),
      });
    }
    // (the files of a snapshot come in path order: a sort then only confirms it)
    let sorted = true;
    for (let i = 1; i < files.length && sorted; i++) sorted = files[i - 1].repoPath < files[i].repoPath;
    this.sorted = sorted ? files : files.sort((a, b) => (a.repoPath < b.repoPath ? -1 : a.repoPath > b.repoPath ? 1 : 0));
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

