// The gate's scenario suite: each transition is a commit of dist/ on a temporary Git
// repository, judged by `karmada-migrate check --base <deployed commit>`. Unsafe transitions are
// refused with their rule id (exit 1), safe ones accepted (exit 0), unreadable ones exit 3.
// Each carries the Karmada (v1.18.2) or GitOps fact it rests on.
// A transition the gate reads in the change's scope (report/change-scope.ts) is judged again with
// --full, and both readings must give the same exit code and findings.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as yaml from 'js-yaml';
import { KubeObject } from '../../src/kube/object';
import { manifestPath } from '../../src/output/layout';
import { runCapturing } from '../cli/run-cli';
import { deployment, service, withTempDir } from '../util';
import { argoApp, cpp, flux, namespace, PolicyOpts, pp } from './_dist-objects';

// ---- objects ----

const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment' };
const nginx = deployment('default', 'nginx');
const svc = service('default', 'nginx-svc');
const cart = deployment('shop', 'cart');
const kindPP = (o: PolicyOpts = {}) => pp('deployments-pp', [DEPLOY], o);
const appPP = (o: PolicyOpts = {}, name = 'nginx-pp') => pp(name, [{ ...DEPLOY, name: 'nginx' }, { apiVersion: 'v1', kind: 'Service', name: 'nginx-svc' }], o);
const ARMED = { preserve: true };
const divided = { clusterAffinity: { clusterNames: ['member1', 'member2'] }, replicaScheduling: { replicaSchedulingType: 'Divided', replicaDivisionPreference: 'Weighted',
  weightPreference: { staticWeightList: [{ targetCluster: { clusterNames: ['member1'] }, weight: 1 }, { targetCluster: { clusterNames: ['member2'] }, weight: 1 }] } } };
const overridePolicy = (overriders: object = {}): KubeObject => ({ apiVersion: 'policy.karmada.io/v1alpha1', kind: 'OverridePolicy', metadata: { name: 'nginx-op', namespace: 'default' },
  spec: { resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }], overrideRules: [{ targetCluster: { clusterNames: ['member1'] }, overriders }] } });
const web = () => ({ ...deployment('default', 'web'), spec: { ...deployment('default', 'web').spec as object,
  template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1', envFrom: [{ configMapRef: { name: 'web-conf' } }] }] } } } });
const cloneSet = (): KubeObject => ({ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 1 } });
const sa = (): KubeObject => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web-sa', namespace: 'default' } });
const webWithSa = () => ({ ...deployment('default', 'web'), spec: { ...deployment('default', 'web').spec as object,
  template: { metadata: { labels: { app: 'web' } }, spec: { serviceAccount: 'web-sa', containers: [{ name: 'web', image: 'web:1' }] } } } });
const conf = (): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-conf', namespace: 'default' }, data: { a: 'b' } });
const hpa = (apiVersion: string): KubeObject => ({ apiVersion, kind: 'HorizontalPodAutoscaler', metadata: { name: 'nginx', namespace: 'default' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'nginx' }, minReplicas: 1, maxReplicas: 3 } });
const crd = (): KubeObject => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
  spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' }, versions: [{ name: 'v1', served: true, storage: true }] } });
const widget = (): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: {} });
const gitRepository = (ignore: string): KubeObject => ({ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'gitops', namespace: 'flux-system' },
  spec: { url: 'https://git.example.com/gitops.git', interval: '1m', ref: { branch: 'main' }, ...(ignore ? { ignore } : {}) } });

function appSet(preserve: boolean, goTemplate = true, repoURL = 'https://git.example.com/gitops.git'): KubeObject {
  const source = (p: string) => ({ repoURL: 'https://git.example.com/gitops.git', targetRevision: 'HEAD', path: p, directory: { recurse: true, include: '{*.yaml,**/*.yaml}' } });
  return {
    apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', metadata: { name: 'member1', namespace: 'argocd' },
    spec: {
      goTemplate,
      generators: [{ git: { repoURL, revision: 'HEAD', directories: [{ path: 'dist/member1/policies/*' }] } }],
      ...(preserve ? { syncPolicy: { preserveResourcesOnDeletion: true } } : {}),
      template: {
        metadata: { name: goTemplate ? 'member1-{{.path.basenameNormalized}}' : 'member1-{{path.basenameNormalized}}', namespace: 'argocd' },
        spec: {
          project: 'default', destination: { name: 'karmada' },
          sources: goTemplate ? [source('{{.path.path}}'), source('dist/member1/templates/{{.path.basename}}')] : [source('{{path}}'), source('dist/member1/templates/{{path.basename}}')],
        },
      },
    },
  };
}

// ---- trees and the runner ----

/**
 * a dist/ tree: objects at their layout path in migration `member1` (or `[migration, object]`),
 * delivery objects under _delivery, or a file as given (`{ file, text }`, a `link` for a symbolic link).
 */
type RawFile = { readonly file: string; readonly text?: string; readonly link?: string };
type Item = KubeObject | [string, KubeObject] | RawFile;

const isRawFile = (it: Item): it is RawFile => !Array.isArray(it) && typeof (it as RawFile).file === 'string' && !('apiVersion' in it);

function files(items: readonly Item[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const it of items) {
    if (Array.isArray(it)) out.set(manifestPath(it[0], it[1]), yaml.dump(it[1]));
    else if (isRawFile(it)) out.set(it.file, it.link !== undefined ? `\u0000link:${it.link}` : it.text!);
    else {
      const o = it as KubeObject;
      const delivery = ['argoproj.io', 'kustomize.toolkit.fluxcd.io', 'source.toolkit.fluxcd.io'].some(g => o.apiVersion.startsWith(g));
      out.set(delivery ? `_delivery/member1/${o.kind}_${o.metadata.name}.yaml` : manifestPath('member1', o), yaml.dump(o));
    }
  }
  return out;
}

function write(dir: string, items: readonly Item[] | null): void {
  fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
  if (!items) return;
  for (const [f, text] of files(items)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'dist', f)), { recursive: true });
    if (text.startsWith('\u0000link:')) fs.symlinkSync(text.slice('\u0000link:'.length), path.join(dir, 'dist', f));
    else fs.writeFileSync(path.join(dir, 'dist', f), text);
  }
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
}

function commit(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

interface Evidence { readonly bindings?: object[]; readonly clusters?: object[] }

interface Verdict { readonly code: number; readonly rules: string[]; readonly out: string }

async function gate(dir: string, base: string, flags: string[] = [], evidence: Evidence = {}): Promise<Verdict> {
  const extra = [...flags];
  if (evidence.bindings) {
    fs.writeFileSync(path.join(dir, 'bindings.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: evidence.bindings }));
    extra.push('--bindings', path.join(dir, 'bindings.json'));
  }
  if (evidence.clusters) {
    fs.writeFileSync(path.join(dir, 'clusters.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: evidence.clusters }));
    extra.push('--clusters', path.join(dir, 'clusters.json'));
  }
  const r = await runCapturing(['check', '--base', base, '--dist', path.join(dir, 'dist'), '--format', 'json', ...extra]);
  if (r.code === 3) return { code: 3, rules: [], out: r.stderr };
  const report = JSON.parse(r.stdout) as { findings: Array<{ severity: string; rule: string }>; scope: { read: string; why?: string } };
  // a change read in its scope is judged as the whole would be.
  if (report.scope.read === 'change') {
    const whole = await runCapturing(['check', '--base', base, '--dist', path.join(dir, 'dist'), '--format', 'json', '--full', ...extra]);
    const wholeFindings = (JSON.parse(whole.stdout) as typeof report).findings;
    expect({ code: r.code, findings: report.findings }).toStrictEqual({ code: whole.code, findings: wholeFindings });
  }
  return { code: r.code, rules: [...new Set(report.findings.map(f => `${f.severity}:${f.rule}`))].sort(), out: r.stdout };
}

function repo(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'ci@example.com');
  git(dir, 'config', 'user.name', 'ci');
}

/** base → head, one commit each; the gate judges head against base. */
async function transition(base: readonly Item[] | null, head: readonly Item[] | null, flags: string[] = [], evidence: Evidence = {}) {
  return withTempDir(async dir => {
    repo(dir);
    write(dir, base);
    const deployed = commit(dir, 'base');
    write(dir, head);
    return gate(dir, deployed, flags, evidence);
  });
}

// ---- evidence objects ----

function binding(o: KubeObject, claimant: string, clusters: string[], preserve: boolean): object {
  return {
    apiVersion: 'work.karmada.io/v1alpha2', kind: 'ResourceBinding',
    metadata: {
      name: `${o.metadata.name}-${o.kind.toLowerCase()}`, namespace: o.metadata.namespace,
      labels: { 'propagationpolicy.karmada.io/permanent-id': 'a1b2c3d4-0000-4000-8000-000000000001' },
      annotations: { 'propagationpolicy.karmada.io/name': claimant, 'propagationpolicy.karmada.io/namespace': o.metadata.namespace },
    },
    spec: {
      resource: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name },
      clusters: clusters.map(name => ({ name })), ...(preserve ? { preserveResourcesOnDeletion: true } : {}),
    },
  };
}

/** the attached binding the dependencies distributor makes: no claim, required by the bindings that refer to it. */
function attachedBinding(o: KubeObject, clusters: string[]): object {
  return {
    apiVersion: 'work.karmada.io/v1alpha2', kind: 'ResourceBinding', metadata: { name: `${o.metadata.name}-${o.kind.toLowerCase()}`, namespace: o.metadata.namespace },
    spec: { resource: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name },
      requiredBy: [{ namespace: o.metadata.namespace, name: 'web-deployment', clusters: clusters.map(name => ({ name })) }] },
  };
}

function cluster(name: string, labels: Record<string, string>): object {
  return { apiVersion: 'cluster.karmada.io/v1alpha1', kind: 'Cluster', metadata: { name, labels }, spec: { syncMode: 'Push' } };
}

const byEnv = (env: string) => ({ clusterAffinity: { labelSelector: { matchLabels: { env } } } });
const CLUSTERS = [cluster('member1', { env: 'prod' }), cluster('member2', { env: 'prod' }), cluster('member3', { env: 'dev' })];

// ---- the scenarios ----

type Tree = readonly Item[] | null;
type Row = [name: string, base: Tree, head: Tree, code: number, rules: string[], flags?: string[], evidence?: Evidence];

const REMOVED = 'error:template-removed-without-preserve';
const TRUSTS_GIT = 'warning:removal-trusts-git';
const CLUSTER_REMOVED = 'error:cluster-removed-without-preserve';
const SUSPENDED_REMOVED = 'error:template-removed-while-suspended';
const LIFTED = 'error:suspension-lifted';

describe('the gate refuses what would delete or move a live object', () => {
  test.each<Row>([
    // preserveResourcesOnDeletion reaches the Works only through the policy (execution_controller.go: handleWorkDelete).
    ['a template removed while its claimant does not preserve', [nginx, appPP()], [appPP()], 1, [REMOVED]],
    // arming and pruning in one sync: Argo CD prunes templates before it applies the policies of the same wave.
    ['arming and removing in one commit', [nginx, svc, appPP()], [appPP(ARMED)], 1, [REMOVED]],
    // policies may sync before the prune: a head that disarms clears the flag first.
    ['removing while the change disarms the claimant', [nginx, appPP(ARMED)], [appPP()], 1, [REMOVED]],
    // the live claimant may be any matching base policy: a claim is never re-evaluated (pkg/detector/policy.go).
    ['removing a template two policies match, only one of them preserving', [nginx, kindPP(), appPP(ARMED)], [kindPP(), appPP(ARMED)], 1, [REMOVED]],
    // policy deletion strips the claim; the template is claimed anew by a head policy, whose flag then rules (handlePolicyDeletion).
    ['the armed claimant deleted while the template goes, another matching policy unarmed', [nginx, appPP(ARMED), kindPP(ARMED)], [kindPP()], 1, [REMOVED]],
    ['the claimant and the template removed together, unarmed', [nginx, appPP()], [], 1, [REMOVED]],
    // a template's namespace is part of its identity: moving it deletes the old one.
    ['a template moved to another namespace', [nginx, kindPP(), pp('deployments-pp', [DEPLOY], { namespace: 'shop' })],
      [deployment('shop', 'nginx'), kindPP(), pp('deployments-pp', [DEPLOY], { namespace: 'shop' })], 1, [REMOVED]],
    // activationPreference Lazy keeps the flag from the bindings (ApplyPolicy returns before the binding update).
    ['removing under a Lazy policy armed in Git only', [nginx, appPP({ preserve: true, lazy: true })], [appPP({ preserve: true, lazy: true })], 1, [REMOVED]],
    ['a ClusterPropagationPolicy without preserve', [nginx, cpp('all-deployments', [DEPLOY])], [cpp('all-deployments', [DEPLOY])], 1, [REMOVED]],
    // a cluster that leaves the schedule has its Work deleted (binding controller: removeOrphanWorks).
    ['a cluster removed from clusterNames', [nginx, appPP({ clusters: ['member1', 'member2'] })], [nginx, appPP({ clusters: ['member1'] })], 1, [CLUSTER_REMOVED]],
    ['the placement moved to another cluster', [nginx, appPP()], [nginx, appPP({ clusters: ['member2'] })], 1, [CLUSTER_REMOVED]],
    // without the Cluster objects, a label selector over clusters cannot be resolved: fail closed.
    ['clusterNames replaced by a label selector, no --clusters', [nginx, appPP()], [nginx, appPP({ placement: byEnv('prod') })], 1, ['error:placement-unresolved']],
    // util.ClusterMatches: with the clusters, the selector is resolved exactly.
    ['a label selector that leaves member1 out, with --clusters', [nginx, appPP()], [nginx, appPP({ placement: byEnv('dev') })], 1, [CLUSTER_REMOVED], [], { clusters: CLUSTERS }],
    ['an excluded cluster', [nginx, appPP({ clusters: ['member1', 'member2'] })], [nginx, appPP({ placement: { clusterAffinity: { clusterNames: ['member1', 'member2'], exclude: ['member2'] } } })], 1, [CLUSTER_REMOVED]],
    // spreadConstraints pick a subset of the feasible clusters: none is certain.
    ['spreadConstraints added', [nginx, appPP()], [nginx, appPP({ placement: { clusterAffinity: { clusterNames: ['member1'] }, spreadConstraints: [{ spreadByField: 'cluster', maxGroups: 1, minGroups: 1 }] } })], 1, [CLUSTER_REMOVED]],
    // the renamed claimant's spec overwrites the binding: a different placement drops the cluster.
    ['the claimant renamed, the new one placing elsewhere', [nginx, appPP()], [nginx, appPP({ clusters: ['member2'] }, 'nginx-app')], 1, [CLUSTER_REMOVED]],
    // PP → CPP: the PP's deletion hands the template to the CPP (a PP beats a CPP only for an unclaimed template).
    ['a PropagationPolicy replaced by a ClusterPropagationPolicy elsewhere', [nginx, appPP()], [nginx, cpp('all-deployments', [DEPLOY], { clusters: ['member2'] })], 1, [CLUSTER_REMOVED]],
    // bindings are the truth: the kind policy, not the simulated winner, claims the template.
    ['the binding names the unarmed kind policy as the claimant', [nginx, kindPP(), appPP(ARMED)], [kindPP(), appPP(ARMED)], 1, [REMOVED], [],
      { bindings: [binding(nginx, 'deployments-pp', ['member1'], false)] }],
    ['the binding has not received the flag yet', [nginx, appPP(ARMED)], [appPP(ARMED)], 1, [REMOVED], [], { bindings: [binding(nginx, 'nginx-pp', ['member1'], false)] }],
    // Argo CD prunes what leaves an Application's source (gitops-engine sync: prune).
    ['the Argo CD path narrowed to the policies', [nginx, appPP(), argoApp()], [nginx, appPP(), argoApp({ path: 'dist/member1/policies' })], 1, [REMOVED]],
    ['the Argo CD source no longer recursive', [nginx, appPP(), argoApp()], [nginx, appPP(), argoApp({ recurse: false })], 1, [REMOVED]],
    ['an Argo CD exclude that matches the templates', [nginx, appPP(), argoApp()], [nginx, appPP(), argoApp({ exclude: 'templates/*' })], 1, [REMOVED]],
    // an Application deleted with the resources finalizer deletes what it applied.
    ['an Argo CD Application with the resources finalizer removed', [nginx, appPP(), argoApp({ finalizer: true })], [nginx, appPP()], 1, [REMOVED]],
    ['the Argo CD destination changed', [nginx, appPP(), argoApp()], [nginx, appPP(), argoApp({ destination: 'member1' })], 1, [REMOVED]],
    // Flux: prune deletes what left the path; deletionPolicy Delete deletes everything when the Kustomization goes.
    ['a template file removed under a pruning Flux Kustomization', [nginx, appPP(), flux('templates'), flux('policies')], [appPP(), flux('templates'), flux('policies')], 1, [REMOVED]],
    ['the Flux templates Kustomization removed, deletionPolicy Delete', [nginx, appPP(), flux('templates', { deletionPolicy: 'Delete' }), flux('policies')],
      [nginx, appPP(), flux('policies')], 1, [REMOVED]],
    ['the Flux path changed away from the templates', [nginx, appPP(), flux('templates'), flux('policies')],
      [nginx, appPP(), flux('templates', { path: './dist/member1/templates/shop' }), flux('policies')], 1, [REMOVED]],
    // left outside every delivery (prune off): it stays unmanaged, and a later delete goes through.
    ['a template left outside every delivery', [nginx, appPP(), flux('templates', { prune: false }), flux('policies')],
      [nginx, appPP(), flux('templates', { prune: false, path: './dist/member1/templates/shop' }), flux('policies')], 1, [REMOVED]],
    // ApplicationSet children carry the resources finalizer unless preserveResourcesOnDeletion.
    ['an ApplicationSet child removed with its namespace folder, without preserve', [nginx, appPP(), appSet(false)], [appSet(false)], 1, [REMOVED]],
    // deleting a Namespace in Karmada deletes every template in it (namespace controller, GC).
    ['a Namespace pruned by Flux, without prune: disabled', [namespace('shop', 'argo'), cart, pp('deployments-pp', [DEPLOY], { namespace: 'shop', preserve: true }), flux('namespaces'), flux('templates'), flux('policies')],
      [pp('deployments-pp', [DEPLOY], { namespace: 'shop', preserve: true }), flux('namespaces'), flux('templates'), flux('policies')], 1, ['error:namespace-deleted']],
    ['a Namespace without marks removed under an external delivery', [namespace('shop', 'none'), pp('deployments-pp', [DEPLOY], { namespace: 'shop' })],
      [pp('deployments-pp', [DEPLOY], { namespace: 'shop' })], 1, ['error:namespace-deleted']],
    ['a Namespace delivered without the marks', [nginx, appPP()], [nginx, appPP(), namespace('shop', 'argo')], 1, ['error:namespace-unprotected']],
    // a delivery the gate cannot render proves nothing.
    ['a Helm source added to the delivery', [nginx, appPP(), argoApp()], [nginx, appPP(), argoApp({ helm: true })], 1, ['error:delivery-unresolved']],
    // an ApplicationSet child whose folder is gone is deleted; with preserve it orphans what it applied, which is still a removal.
    ['an ApplicationSet child removed with its namespace folder, preserved but unarmed', [nginx, appPP(), appSet(true)], [appSet(true)], 1, [REMOVED]],
    // Karmada holds one object per identity.
    ['the same object in two migrations', [nginx, appPP()], [nginx, appPP(), ['member2', nginx], ['member2', appPP({}, 'nginx-pp2')]], 1, ['error:cross-migration-claim', 'error:duplicate-identity']],
    ['a policy of one migration matching another\'s template', [nginx, appPP()], [nginx, appPP(), ['member2', cart], ['member2', pp('all', [DEPLOY], { namespace: 'shop' })],
      ['member2', pp('deployments-pp', [DEPLOY])]], 1, ['error:cross-migration-claim']],
    // ---- what the GitOps tools read differently from the gate ----
    // reposerver getPotentiallyValidManifestFile: a file marked +argocd:skip-file-rendering is not applied, so its object is pruned.
    ['a template marked +argocd:skip-file-rendering', [nginx, appPP(), argoApp()],
      [{ file: manifestPath('member1', nginx), text: `# +argocd:skip-file-rendering\n${yaml.dump(nginx)}` }, appPP(), argoApp()], 1, [REMOVED, 'error:unsupported-file']],
    // .argocd-source.yaml overrides the source's parameters (directory.exclude here).
    ['a .argocd-source.yaml beside the templates', [nginx, appPP(), argoApp()],
      [nginx, appPP(), argoApp(), { file: 'member1/.argocd-source.yaml', text: 'directory: {exclude: \'templates/**\'}\n' }], 1, ['error:delivery-unresolved', 'error:unsupported-file']],
    // source-controller leaves out what .sourceignore matches: the Kustomization prunes it.
    ['a .sourceignore under a Flux path', [nginx, appPP(), flux('templates'), flux('policies')],
      [nginx, appPP(), flux('templates'), flux('policies'), { file: 'member1/templates/.sourceignore', text: '*.yaml\n' }], 1, ['error:unsupported-file']],
    // Flux's default exclusions (cloudbuild.yaml, .github/, ...) drop files a hand edit could put there.
    ['a template renamed to cloudbuild.yaml', [nginx, appPP(), flux('templates'), flux('policies')],
      [{ file: 'member1/templates/default/cloudbuild.yaml', text: yaml.dump(nginx) }, appPP(), flux('templates'), flux('policies')], 1, ['error:misplaced-manifest']],
    // a GitRepository's ignore rules change what every Kustomization reading it applies.
    ['a GitRepository changed beside the deliveries', [nginx, appPP(), flux('templates'), flux('policies'), gitRepository('')],
      [nginx, appPP(), flux('templates'), flux('policies'), gitRepository('/dist/member1/templates/\n')], 1, ['error:delivery-unresolved']],
    // the git generator reads another repository: it finds no directory there, and every generated Application is deleted with cascade.
    ['an ApplicationSet generator pointed at another repository', [nginx, appPP(), appSet(false)], [nginx, appPP(), appSet(false, true, 'https://git.example.com/empty.git')], 1, [REMOVED]],
    // Argo CD expands a List's items (GenerateManifests); the gate reads one object per file.
    ['a List of templates', [nginx, appPP(), argoApp()],
      [{ file: 'member1/templates/default/List_bundle.yaml', text: yaml.dump({ apiVersion: 'v1', kind: 'List', metadata: { name: 'bundle' }, items: [nginx] }) }, appPP(), argoApp()],
      1, ['error:misplaced-manifest', REMOVED]],
    ['a Jsonnet file', [nginx, appPP(), argoApp()], [appPP(), argoApp(), { file: 'member1/templates/default/nginx.jsonnet', text: '{}' }], 1, [REMOVED, 'error:unsupported-file']],
    // a manifest outside every migration folder, or under _delivery/, is not where karmada-migrate writes it.
    ['a policy at the root of dist/', [nginx, appPP(ARMED)], [appPP(ARMED), { file: 'catch-all.yaml', text: yaml.dump(cpp('catch-all', [DEPLOY])) }], 1, ['error:misplaced-manifest']],
    ['a template under _delivery/', [nginx, appPP()], [appPP(), { file: '_delivery/nginx.yaml', text: yaml.dump(nginx) }], 1, ['error:delivery-unresolved', 'error:misplaced-manifest', REMOVED]],
    // a delivery covering part of a folder: the rest may be applied from elsewhere, and is live.
    ['the policies applied from outside while an Application covers the templates', [nginx, appPP(), argoApp({ path: 'dist/member1/templates' })],
      [appPP(), argoApp({ path: 'dist/member1/templates' })], 1, [REMOVED]],
    // kubectl and Argo CD put a namespaced object without a namespace where they like.
    ['a template without its namespace', [nginx, appPP()], [{ ...nginx, metadata: { name: 'nginx', labels: { app: 'nginx' } } }, appPP()], 1, ['error:namespace-missing', REMOVED]],
    // the detector watches the preferred version: a selector of another version of the group may be the claimant.
    ['a selector of another version of the group claims it', [hpa('autoscaling/v1'), pp('hpa', [{ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'nginx' }])],
      [pp('hpa', [{ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', name: 'nginx' }])], 1, [REMOVED]],
    // ---- cascades and re-creation ----
    ['a CustomResourceDefinition removed', [crd(), widget(), pp('widgets', [{ apiVersion: 'example.com/v1', kind: 'Widget' }]), cpp('crds', [{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' }], ARMED)],
      [widget(), pp('widgets', [{ apiVersion: 'example.com/v1', kind: 'Widget' }]), cpp('crds', [{ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' }], ARMED)], 1, ['error:crd-deleted']],
    ['ownerReferences added to a template', [nginx, appPP()],
      [{ ...nginx, metadata: { ...nginx.metadata, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '6b1f3a2e-0000-4000-8000-000000000000' }] } }, appPP()], 1, ['error:owner-reference']],
    ['Replace=true on a template', [nginx, appPP(), argoApp()],
      [{ ...nginx, metadata: { ...nginx.metadata, annotations: { 'argocd.argoproj.io/sync-options': 'Force=true,Replace=true' } } }, appPP(), argoApp()], 1, ['error:recreate']],
    ['a Flux Kustomization with patches', [nginx, appPP(), flux('templates'), flux('policies')],
      [nginx, appPP(), { ...flux('templates'), spec: { ...flux('templates').spec as object, patches: [{ patch: '[]', target: { kind: 'Deployment' } }] } }, flux('policies')], 1, ['error:delivery-unresolved']],
    // ---- dependencies propagated with propagateDeps: attached bindings copy the referencing binding's flag ----
    ['a ConfigMap attached through propagateDeps removed', [web(), conf(), pp('web', [{ ...DEPLOY, name: 'web' }], { deps: true })], [web(), pp('web', [{ ...DEPLOY, name: 'web' }], { deps: true })], 1, [REMOVED]],
    ['propagateDeps turned off while a ConfigMap relies on it', [web(), conf(), pp('web', [{ ...DEPLOY, name: 'web' }], { deps: true })], [web(), conf(), pp('web', [{ ...DEPLOY, name: 'web' }])], 1, [REMOVED]],
    // ---- the external delivery stays assumed, whatever else dist/ holds ----
    ['a move between migrations beside an unreadable delivery', [nginx, appPP(), argoApp({ helm: true })], [['member2', nginx], ['member2', appPP()], argoApp({ helm: true })], 1, [REMOVED]],
    // ---- evidence ----
    ['--clusters missing a named cluster does not hide it', [nginx, appPP({ clusters: ['member1', 'member2'] })], [nginx, appPP({ clusters: ['member1'] })], 1, [CLUSTER_REMOVED], [],
      { clusters: [cluster('member1', { env: 'prod' })] }],
    ['a delivery path that matches nothing: dist/ read at the wrong root', [nginx, appPP(), argoApp()], [nginx, appPP(), argoApp()], 1, ['error:delivery-unresolved'], ['--dist-root', 'deploy/dist']],
    ['a finalizer list Kubernetes would refuse counts as cascading', [nginx, appPP(), argoApp({ finalizerString: true })], [nginx, appPP()], 1, [REMOVED]],
    // ---- second review ----
    // Go's YAML readers (Argo CD, Flux, kubectl) read YAML 1.1 with merge keys; the gate reads YAML 1.2.
    ['a merge key hiding an exclude', [nginx, appPP()],
      [nginx, { file: manifestPath('member1', appPP()), text: yaml.dump(appPP()).replace('    clusterAffinity:\n', '    clusterAffinity:\n      <<: {exclude: [member1]}\n') }], 1, ['error:unsupported-file']],
    ['propagateDeps: yes', [web(), conf(), pp('web', [{ ...DEPLOY, name: 'web' }])],
      [web(), conf(), { file: manifestPath('member1', pp('web', [{ ...DEPLOY, name: 'web' }])), text: `${yaml.dump(pp('web', [{ ...DEPLOY, name: 'web' }]))}`.replace('spec:\n', 'spec:\n  propagateDeps: yes\n') }],
      1, ['error:unsupported-file']],
    // doScheduleBinding reschedules on a replica change; Divided drops a cluster left with none (removeZeroReplicasCluster).
    ['replicas lowered under Divided scheduling', [nginx, appPP({ placement: divided })], [{ ...nginx, spec: { ...nginx.spec as object, replicas: 1 } }, appPP({ placement: divided })], 1, [CLUSTER_REMOVED]],
    // getAndApplyPolicy trusts the claim annotations on the template.
    ['claim annotations written on a template', [nginx, appPP({ clusters: ['member1', 'member2'] }), kindPP()],
      [{ ...nginx, metadata: { ...nginx.metadata, annotations: { 'propagationpolicy.karmada.io/name': 'deployments-pp', 'propagationpolicy.karmada.io/namespace': 'default' } } },
        appPP({ clusters: ['member1', 'member2'] }), kindPP()], 1, ['error:claim-metadata']],
    // a ClusterPropagationPolicy may claim a Namespace; a cluster leaving deletes the member namespace.
    ['a Namespace claimed by a ClusterPropagationPolicy loses a cluster', [namespace('shop'), cpp('ns', [{ apiVersion: 'v1', kind: 'Namespace', name: 'shop' }], { clusters: ['member1', 'member2'] })],
      [namespace('shop'), cpp('ns', [{ apiVersion: 'v1', kind: 'Namespace', name: 'shop' }], { clusters: ['member1'] })], 1, [CLUSTER_REMOVED]],
    // the removed workload no longer refers to its ConfigMap: its attached binding's clusters go.
    ['a workload removed while its ConfigMap is attached on another cluster', [web(), conf(), pp('web', [{ ...DEPLOY, name: 'web' }], { deps: true, preserve: true, clusters: ['member2'] }),
      pp('conf', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-conf' }])], [conf(), pp('web', [{ ...DEPLOY, name: 'web' }], { deps: true, preserve: true, clusters: ['member2'] }),
      pp('conf', [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'web-conf' }])], 1, [CLUSTER_REMOVED]],
    ['propagateDeps turned off, with the attached binding as evidence', [web(), conf(), pp('web', [{ ...DEPLOY, name: 'web' }], { deps: true })],
      [web(), conf(), pp('web', [{ ...DEPLOY, name: 'web' }])], 1, [REMOVED], [], { bindings: [binding(web(), 'web', ['member1'], false), attachedBinding(conf(), ['member1'])] }],
    // a customized or third-party interpreter decides what a custom workload refers to: anything of its namespace may be attached.
    ['a ConfigMap beside a custom workload whose policy propagates dependencies', [cloneSet(), conf(), pp('web', [{ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet', name: 'web' }], { deps: true })],
      [cloneSet(), pp('web', [{ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'CloneSet', name: 'web' }], { deps: true })], 1, [REMOVED]],
    // the API server fills serviceAccountName from the deprecated serviceAccount.
    ['a ServiceAccount named through the deprecated serviceAccount field', [webWithSa(), sa(), pp('web', [{ ...DEPLOY, name: 'web' }], { deps: true })],
      [webWithSa(), pp('web', [{ ...DEPLOY, name: 'web' }], { deps: true })], 1, [REMOVED]],
    // Karmada acts on its own objects directly; an override policy is judged when the model evaluates it.
    ['an OverridePolicy the gate cannot model (a fieldOverrider) removed', [nginx, appPP(), overridePolicy({ fieldOverrider: [{ fieldPath: '/metadata/annotations/x', yaml: [] }] })],
      [nginx, appPP()], 1, ['error:karmada-object']],
    // evidence that does not cover what it should proves nothing.
    ['bindings that miss a template a policy matches', [nginx, svc, appPP()], [nginx, appPP()], 1, ['error:evidence-incomplete'], [], { bindings: [binding(nginx, 'nginx-pp', ['member1'], false)] }],
    ['a binding armed while the deployed policy is not, on a removal', [nginx, appPP()], [appPP(ARMED)], 1, ['error:evidence-disagrees'], [],
      { bindings: [binding(nginx, 'nginx-pp', ['member1'], true)] }],
    ['the same Application in two files', [nginx, appPP(), argoApp()],
      [nginx, appPP(), argoApp(), { file: '_delivery/member1/Application_a.yaml', text: yaml.dump(argoApp({ path: 'dist/member1/policies' })) }], 1, ['error:duplicate-identity']],
    ['an ApplicationSet generator with a template of its own', [nginx, appPP(), appSet(true)],
      [nginx, appPP(), { ...appSet(true), spec: { ...appSet(true).spec as object, generators: [{ git: { repoURL: 'https://git.example.com/gitops.git', revision: 'HEAD',
        directories: [{ path: 'dist/member1/policies/*' }], template: { metadata: { name: 'm1-{{.path.basenameNormalized}}' } } } }] } }], 1, ['error:delivery-unresolved']],
    // evidence that proves nothing fails closed.
    ['a base without dist/, no --initial', null, [nginx, appPP()], 1, ['error:base-without-dist']],
    ['--initial with a deployed base', [nginx, appPP()], [nginx, appPP()], 1, ['error:initial-with-base'], ['--initial']],
    ['--strict and a claim that would move', [nginx, kindPP()], [nginx, kindPP(), appPP()], 1, ['error:claim-moves'], ['--strict']],
    // a suspended policy's Works are deleted first on template deletion (execution_controller.go handleWorkDelete runs before the
    // suspension check): with preserve and Overwrite the template is PUT onto the live object, never applied before.
    ['a template removed while its armed claimant suspends dispatching', [nginx, appPP({ ...ARMED, suspend: true })], [appPP({ ...ARMED, suspend: true })], 1, [SUSPENDED_REMOVED]],
    ['a template removed while the change suspends its armed claimant', [nginx, appPP(ARMED)], [appPP({ ...ARMED, suspend: true })], 1, [SUSPENDED_REMOVED]],
    // lifting the suspension dispatches every Work (binding controller: shouldSuspendDispatching; execution controller applies them).
    ['the suspension lifted without a rehearsal report', [nginx, appPP({ suspend: true })], [nginx, appPP()], 1, [LIFTED]],
    ['the suspension lifted on one cluster of two', [nginx, appPP({ clusters: ['member1', 'member2'], suspend: ['member1', 'member2'] })],
      [nginx, appPP({ clusters: ['member1', 'member2'], suspend: ['member2'] })], 1, [LIFTED]],
    // deleting the suspended claimant strips its claim; the head's unsuspended policy claims the template anew and dispatches it.
    ['the suspended claimant replaced by an unsuspended one', [nginx, appPP({ suspend: true })], [nginx, appPP({}, 'nginx-app')], 1, [LIFTED]],
  ])('%s', async (_, base, head, code, rules, flags = [], evidence = {}) => {
    const r = await transition(base, head, flags, evidence);
    expect({ code: r.code, rules: r.rules.filter(x => x.startsWith('error:')) }).toStrictEqual({ code, rules: [...rules].sort() });
  });
});

describe('the gate accepts what keeps every live object', () => {
  test.each<Row>([
    // a Flux Kustomization reading a folder that holds only .keep reads an existing path.
    ['a Flux delivery whose namespaces folder holds only .keep', [nginx, appPP(), flux('namespaces'), flux('policies'), flux('templates'), { file: 'member1/namespaces/.keep', text: '#\n' }],
      [{ ...nginx, spec: { ...nginx.spec as object, replicas: 3 } }, appPP(), flux('namespaces'), flux('policies'), flux('templates'), { file: 'member1/namespaces/.keep', text: '#\n' }], 0, []],
    ['arming the rollback (only the flag changes)', [nginx, svc, appPP()], [nginx, svc, appPP(ARMED)], 0, []],
    // the flag is on the deployed claimant and stays in the change.
    ['releasing after arming', [nginx, svc, appPP(ARMED)], [appPP(ARMED)], 0, [TRUSTS_GIT]],
    ['releasing a template every matching policy preserves', [nginx, kindPP(ARMED), appPP(ARMED)], [kindPP(ARMED), appPP(ARMED)], 0, [TRUSTS_GIT]],
    // the new claimant has the same placement: the binding's spec changes, not its clusters.
    ['renaming the claimant, same cluster', [nginx, appPP()], [nginx, appPP({}, 'nginx-app')], 0, ['warning:reclaimed']],
    // a claim is never re-evaluated: raising a priority changes nothing live.
    ['raising the priority of another policy', [nginx, kindPP(), appPP()], [nginx, kindPP({ priority: 5 }), appPP()], 0, ['warning:claim-moves']],
    ['editing a template', [nginx, appPP()], [{ ...nginx, spec: { ...nginx.spec as object, replicas: 3 } }, appPP()], 0, []],
    // the model applies it: member1's replicas change, a warning for that cluster.
    ['an OverridePolicy of member1\'s replicas removed', [nginx, appPP(), overridePolicy({ plaintext: [{ path: '/spec/replicas', operator: 'replace', value: 5 }] })],
      [nginx, appPP()], 0, ['warning:override-changes-member']],
    ['adding a cluster', [nginx, appPP()], [nginx, appPP({ clusters: ['member1', 'member2'] })], 0, []],
    ['adding a template', [nginx, appPP()], [nginx, svc, appPP()], 0, []],
    ['the first takeover with --initial', null, [nginx, appPP()], 0, [], ['--initial']],
    // an Application without the resources finalizer leaves what it applied; the folder is then applied from outside.
    ['removing the Argo CD Application (no resources finalizer)', [nginx, appPP(), argoApp()], [nginx, appPP()], 0, []],
    ['removing a Flux Kustomization with deletionPolicy Orphan', [nginx, appPP(), flux('templates'), flux('policies')], [nginx, appPP()], 0, []],
    // the binding names the armed claimant: the unarmed kind policy cannot take it.
    ['removing with a binding that proves the armed claimant', [nginx, kindPP(), appPP(ARMED)], [kindPP(), appPP(ARMED)], 0, [], [],
      { bindings: [binding(nginx, 'nginx-pp', ['member1'], true)] }],
    ['a label selector that keeps member1, with --clusters', [nginx, appPP()], [nginx, appPP({ placement: byEnv('prod') })], 0, [], [], { clusters: CLUSTERS }],
    ['a placement change with the flag armed everywhere', [nginx, appPP({ preserve: true, clusters: ['member1', 'member2'] })], [nginx, appPP({ preserve: true, clusters: ['member1'] })], 0, []],
    // Prune=false is read on the live object: the Namespace stays in Karmada.
    ['a protected Namespace leaving dist/', [namespace('shop'), cart, pp('deployments-pp', [DEPLOY], { namespace: 'shop', preserve: true }), argoApp()],
      [pp('deployments-pp', [DEPLOY], { namespace: 'shop', preserve: true }), argoApp()], 0, [TRUSTS_GIT]],
    ['the cleanup after the release: the whole migration removed', [namespace('shop'), appPP(ARMED)], null, 0, []],
    ['an unreadable delivery left unchanged while a template is edited', [nginx, appPP(), argoApp({ helm: true })],
      [{ ...nginx, metadata: { ...nginx.metadata, labels: { app: 'nginx', tier: 'web' } } }, appPP(), argoApp({ helm: true })], 0, []],
    ['an ApplicationSet child removed with its namespace folder, armed', [nginx, appPP(ARMED), appSet(true)], [appSet(true)], 0, [TRUSTS_GIT]],
    // the bindings prove it holds none (claim-lost steps otherwise leave one behind).
    ['a template no policy claims is removed, the bindings showing none', [nginx, svc, pp('services', [{ apiVersion: 'v1', kind: 'Service' }])],
      [svc, pp('services', [{ apiVersion: 'v1', kind: 'Service' }])], 0, [], [], { bindings: [binding(svc, 'services', ['member1'], false)] }],
    ['the release with bindings that carry the flag', [nginx, appPP(ARMED)], [appPP(ARMED)], 0, [], [], { bindings: [binding(nginx, 'nginx-pp', ['member1'], true)] }],
    // applicationset/utils SanitizeName keeps dots: web.v1 and web-v1 are two Applications, the first one kept.
    ['an ApplicationSet with the standard fasttemplate placeholders', [nginx, appPP(), appSet(false, false)], [nginx, appPP(), appSet(false, false)], 0, []],
    ['a binding whose claimant is outside dist/ (no crash)', [nginx, appPP()], [nginx, appPP()], 0, [], [], { bindings: [binding(nginx, 'legacy-pp', ['member1'], false)] }],
    // suspending stops the dispatch of Works; it deletes nothing (execution_controller.go: a suspended Work is left as it is).
    ['suspending dispatching on a deployed takeover', [nginx, appPP()], [nginx, appPP({ suspend: true })], 0, []],
    ['editing a template while its claimant suspends dispatching', [nginx, appPP({ suspend: true })], [{ ...nginx, spec: { ...nginx.spec as object, replicas: 3 } }, appPP({ suspend: true })], 0, []],
  ])('%s', async (_, base, head, code, rules, flags = [], evidence = {}) => {
    const r = await transition(base, head, flags, evidence);
    expect({ code: r.code, rules: r.rules }).toStrictEqual({ code, rules: [...rules].sort() });
  });
});

describe('the gate cannot be walked in two steps', () => {
  // step 1 adds a preserving by-name policy over the kind policy: the live claimant stays the
  // kind policy (a claim is never re-evaluated), so step 2's removal is still refused.
  test('a preserving by-name policy first, the removal next', () => withTempDir(async dir => {
    repo(dir);
    write(dir, [nginx, kindPP()]);
    const t0 = commit(dir, 'takeover');
    write(dir, [nginx, kindPP(), appPP(ARMED)]);
    const step1 = await gate(dir, t0);
    expect(step1).toMatchObject({ code: 0, rules: ['warning:claim-moves'] });
    const t1 = commit(dir, 'add a preserving policy by name');
    write(dir, [kindPP(), appPP(ARMED)]);
    const step2 = await gate(dir, t1);
    expect(step2.code).toBe(1);
    expect(step2.rules).toStrictEqual([REMOVED]);
    expect(step2.out).toContain('PropagationPolicy default/deployments-pp as deployed: it does not have preserveResourcesOnDeletion: true');
    // the same net change in one commit is refused the same way
    expect((await gate(dir, t0)).rules).toStrictEqual([REMOVED]);
  }));
});

describe('a lost claim leaves a live binding: the next step is judged with it', () => {
  // policy deletion, a template whose labels stop matching, and the claimed-by label all leave the
  // binding in place (handlePolicyDeletion, getAndApplyPolicy, Reconcile): deleting the template
  // later deletes the binding's Works, and a new policy would claim it anew with its own placement.
  test.each<[string, Item[], Item[], Item[], string[]]>([
    ['the claimant deleted, then the template removed', [nginx, appPP()], [nginx], [], [REMOVED]],
    ['the claimant deleted, then another policy placing it elsewhere', [nginx, appPP()], [nginx], [nginx, appPP({ clusters: ['member2'] }, 'other-pp')], ['error:placement-unresolved']],
    ['the template relabelled out of its label selector, then removed', [nginx, pp('web', [{ ...DEPLOY, labelSelector: { matchLabels: { app: 'nginx' } } }])],
      [{ ...nginx, metadata: { ...nginx.metadata, labels: { app: 'nginx-old' } } }, pp('web', [{ ...DEPLOY, labelSelector: { matchLabels: { app: 'nginx' } } }])],
      [pp('web', [{ ...DEPLOY, labelSelector: { matchLabels: { app: 'nginx' } } }])], [REMOVED]],
    ['the claimed-by label added, then the template removed', [nginx, appPP()],
      [{ ...nginx, metadata: { ...nginx.metadata, labels: { app: 'nginx', 'resourcetemplate.karmada.io/claimed-by': 'mcs' } } }, appPP()], [appPP()], [REMOVED]],
    // a deletionTimestamp written in Git means nothing to the API server: the policy still claims.
    ['a deletionTimestamp written on the claimant, then the template removed', [nginx, appPP()],
      [nginx, { ...appPP(), metadata: { ...appPP().metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } }],
      [{ ...appPP(), metadata: { ...appPP().metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } }], [REMOVED]],
  ])('%s', (_, t0, t1, t2, rules) => withTempDir(async dir => {
    repo(dir);
    write(dir, t0);
    const c0 = commit(dir, 'takeover');
    write(dir, t1);
    expect((await gate(dir, c0)).code).toBe(0);
    const c1 = commit(dir, 'step 1');
    write(dir, t2);
    const step2 = await gate(dir, c1);
    expect({ code: step2.code, rules: step2.rules.filter(r => r.startsWith('error:')) }).toStrictEqual({ code: 1, rules });
  }));
});

describe('could not evaluate', () => {
  test('a --base that is neither a directory nor a revision exits 3', () => withTempDir(async dir => {
    repo(dir);
    write(dir, [nginx, appPP()]);
    commit(dir, 'base');
    const r = await runCapturing(['check', '--base', 'no-such-rev', '--dist', path.join(dir, 'dist')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("check could not evaluate: 'no-such-rev' is neither a directory nor a Git revision of");
  }));

  test('outside a Git repository, a revision cannot be read: exit 3', () => withTempDir(async dir => {
    write(dir, [nginx, appPP()]);
    const r = await runCapturing(['check', '--base', 'HEAD', '--dist', path.join(dir, 'dist')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('is in no Git repository');
  }));

  test('a malformed manifest in dist/ exits 3 naming the file', () => withTempDir(async dir => {
    repo(dir);
    write(dir, [nginx, appPP()]);
    const t0 = commit(dir, 'base');
    fs.writeFileSync(path.join(dir, 'dist/member1/templates/default/Deployment.apps_nginx.yaml'), 'kind: [');
    const r = await runCapturing(['check', '--base', t0, '--dist', path.join(dir, 'dist')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('Deployment.apps_nginx.yaml:1: malformed YAML: unexpected end of the stream within a flow collection\n  1 | kind: [\n');
  }));

  test('a symbolic link in dist/ exits 3: Argo CD would follow it, the gate reads plain files', async () => {
    const r = await transition([nginx, appPP()], [nginx, appPP(), { file: 'member1/policies/default/PropagationPolicy.policy.karmada.io_aaa.yaml', link: '../../../notes.txt' }]);
    expect(r.code).toBe(3);
    expect(r.out).toContain('a symbolic link in dist/');
  });

  test('--base and --dist the same folder exits 3: nothing is compared', () => withTempDir(async dir => {
    write(dir, [nginx, appPP()]);
    const r = await runCapturing(['check', '--base', path.join(dir, 'dist'), '--dist', path.join(dir, 'dist')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('are the same folder');
  }));

  test('bindings that are not bindings exit 3', async () => {
    const r = await transition([nginx, appPP()], [nginx, appPP()], [], { bindings: [nginx] });
    expect(r.code).toBe(3);
    expect(r.out).toContain('item 0 is not a work.karmada.io ResourceBinding or ClusterResourceBinding');
  });
});
