// What the head of a change may hold, so that what the gate reads is what the GitOps tools
// apply: every manifest at the path karmada-migrate writes it to, no file the tools read
// differently (Argo CD: .jsonnet sources, .argocd-source files, the skip-file-rendering mark,
// Lists it expands; Flux: .sourceignore), no namespaced object without its namespace (kubectl and
// Argo CD put it in a namespace of their choosing), no object Kubernetes would delete by garbage
// collection (ownerReferences), and no delete-and-recreate (Argo CD Replace=true / Force=true,
// Flux force), which deletes the template and so its member objects.
import { Side } from './side';
import { syncOptions } from '../../gitops/delivery';
import { builtinScope } from '../../kube/kinds';
import { formatKey, groupOf, KubeObject, keyOf } from '../../kube/object';
import { DELIVERY_FOLDER, KEEP_FILE, manifestPath, topFolder } from '../../output/layout';
import { CLAIM_METADATA } from '../../karmada/bindings';
import { OUTPUT_MARKER } from '../../output/output-target';
import type { CheckFinding } from '../check';

// the scopes of Karmada's policy kinds and of the customization (charts/karmada/_crds/bases/policy, .../config).
const KARMADA_SCOPES: ReadonlyMap<string, string> = new Map([
  ['PropagationPolicy.policy.karmada.io', 'Namespaced'], ['OverridePolicy.policy.karmada.io', 'Namespaced'],
  ['ClusterPropagationPolicy.policy.karmada.io', 'Cluster'], ['ClusterOverridePolicy.policy.karmada.io', 'Cluster'],
  ['ResourceInterpreterCustomization.config.karmada.io', 'Cluster'],
]);

const UNSUPPORTED_FILES: ReadonlyArray<[RegExp, string]> = [
  [/\.(jsonnet|libsonnet)$/, 'Argo CD evaluates Jsonnet files into manifests the gate does not see'],
  [/(^|\/)\.argocd-source(-[^/]*)?\.ya?ml$/, 'Argo CD merges it into the parameters of the Applications that read the folder'],
  [/(^|\/)\.sourceignore$/, 'Flux\'s source-controller leaves out the files it matches, so a Kustomization prunes them'],
  [/(^|\/)(kustomization\.ya?ml|Kustomization|Chart\.yaml)$/, 'it makes Argo CD and Flux build the folder with kustomize or Helm instead of reading its manifests'],
];

/**
 * The findings about what the head holds: `misplaced-manifest`, `unsupported-file`,
 * `namespace-missing`, `owner-reference`, `recreate`.
 */
export function layoutFindings(h: Side): CheckFinding[] {
  const out: CheckFinding[] = [];
  const crdScopes = new Map<string, string>();
  for (const [, o] of h.snapshot.manifests) {
    const spec = o.spec as { group?: unknown; names?: { kind?: unknown }; scope?: unknown } | undefined;
    if (o.kind === 'CustomResourceDefinition' && typeof spec?.group === 'string' && typeof spec.names?.kind === 'string' && typeof spec.scope === 'string') {
      crdScopes.set(`${spec.names.kind}.${spec.group}`, spec.scope);
    }
  }
  for (const file of [...h.snapshot.files].sort()) {
    const base = file.slice(file.lastIndexOf('/') + 1);
    if (base === KEEP_FILE || base === OUTPUT_MARKER) continue;
    const hit = UNSUPPORTED_FILES.find(([re]) => re.test(file));
    if (hit) out.push(unsupported(file, hit[1]));
    else if (h.snapshot.argoSkipped?.has(file)) out.push(unsupported(file, 'it is marked +argocd:skip-file-rendering, so Argo CD does not apply it (and prunes what it held)'));
    else if (h.snapshot.yamlHazards?.has(file)) {
      out.push(unsupported(file, `it holds ${h.snapshot.yamlHazards.get(file)}: Argo CD, Flux and kubectl read YAML 1.1 with merge keys, and would apply something else than the gate reads; quote it, or write it out`));
    }
  }
  for (const [file, o] of [...h.snapshot.manifests].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const top = topFolder(file);
    const id = formatKey(keyOf(o));
    if (o.kind.endsWith('List') && Array.isArray(o.items)) {
      out.push({ severity: 'error', rule: 'misplaced-manifest', object: id, message: `${file} is a ${o.kind}: Argo CD expands its items, which the gate does not read`, fix: 'write one object per file, as karmada-migrate does' });
      continue;
    }
    if (top === DELIVERY_FOLDER) {
      const delivery = o.apiVersion.startsWith('argoproj.io/') || o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') || o.apiVersion.startsWith('source.toolkit.fluxcd.io/');
      if (!delivery) out.push(misplaced(file, id, `it is under ${DELIVERY_FOLDER}/, which holds the delivery objects, not what they apply`));
    } else {
      const expected = top ? manifestPath(top, o) : undefined;
      if (expected !== file) out.push(misplaced(file, id, expected ? `karmada-migrate writes it to ${expected}` : 'it is outside every migration folder'));
    }
    if (top !== DELIVERY_FOLDER) out.push(...objectFindings(file, id, o, crdScopes));
  }
  for (const d of h.deliveries) {
    const inside = [...(d.manifests ?? [])].find(m => m.startsWith(`${DELIVERY_FOLDER}/`));
    if (inside) {
      out.push({
        severity: 'error', rule: 'misplaced-manifest', object: d.id,
        message: `${d.id} applies ${inside} (and the rest of ${DELIVERY_FOLDER}/) to the Karmada API server: the delivery objects are for the cluster Argo CD or Flux run in`,
        fix: `point it at a migration folder (dist/<migration>), not at dist/ or ${DELIVERY_FOLDER}/`,
      });
    }
    out.push(...deliveryRecreates(d.id, h, d.declaredIn));
  }
  return out;
}

function objectFindings(file: string, id: string, o: KubeObject, crdScopes: ReadonlyMap<string, string>): CheckFinding[] {
  const out: CheckFinding[] = [];
  const group = groupOf(o.apiVersion);
  const scope = builtinScope(group, o.kind) ?? KARMADA_SCOPES.get(`${o.kind}.${group}`) ?? crdScopes.get(`${o.kind}${group ? `.${group}` : ''}`);
  if (!o.metadata.namespace && scope !== 'Cluster') {
    out.push({
      severity: 'error', rule: 'namespace-missing', object: id,
      message: `${file} has no metadata.namespace, and ${scope === 'Namespaced' ? 'its kind is namespaced' : 'the gate cannot tell whether its kind is namespaced (no CustomResourceDefinition in dist/ says)'}: ` +
        'kubectl and Argo CD put it in a namespace of their choosing (the destination\'s, or default), where other policies claim it',
      fix: 'write its namespace, as karmada-migrate does; for a cluster-scoped custom kind, keep its CustomResourceDefinition in dist/',
    });
  }
  const claim = Object.values(CLAIM_METADATA).filter(k => o.metadata.labels?.[k] !== undefined || o.metadata.annotations?.[k] !== undefined);
  if (claim.length > 0) {
    out.push({
      severity: 'error', rule: 'claim-metadata', object: id,
      message: `${file} carries Karmada's claim metadata (${claim.join(', ')}): the detector applies the policy it names to the template (getAndApplyPolicy trusts it), whatever the policies of dist/ say`,
      fix: 'remove it; karmada-migrate strips it from the export (clean rule karmada-metadata)',
    });
  }
  const owners = o.metadata.ownerReferences;
  if (Array.isArray(owners) && owners.length > 0) {
    out.push({
      severity: 'error', rule: 'owner-reference', object: id,
      message: `${file} has metadata.ownerReferences: Kubernetes' garbage collector in the Karmada control plane deletes it once its owner is gone (or was never there), and its member objects with it`,
      fix: 'remove the ownerReferences; karmada-migrate strips them from the export',
    });
  }
  const options = syncOptions(o.metadata.annotations?.['argocd.argoproj.io/sync-options']);
  const force = o.metadata.annotations?.['kustomize.toolkit.fluxcd.io/force'] === 'Enabled' || o.metadata.labels?.['kustomize.toolkit.fluxcd.io/force'] === 'Enabled';
  if (options.includes('Replace=true') || options.includes('Force=true') || force) {
    out.push({
      severity: 'error', rule: 'recreate', object: id,
      message: `${file} asks its delivery to delete and re-create it (${force ? 'kustomize.toolkit.fluxcd.io/force: Enabled' : options.filter(x => x === 'Replace=true' || x === 'Force=true').join(', ')}): ` +
        'deleting a template deletes its bindings, Works and member objects',
      fix: 'remove it; an immutable field that must change is a removal and a new object, judged as such',
    });
  }
  return out;
}

function deliveryRecreates(id: string, h: Side, file?: string): CheckFinding[] {
  if (!file) return [];
  const o = h.snapshot.manifests.get(file);
  type SyncPolicy = { syncPolicy?: { syncOptions?: unknown } };
  const spec = o?.spec as (SyncPolicy & { force?: unknown; template?: { spec?: SyncPolicy } }) | undefined;
  const options = [...syncOptions(spec?.syncPolicy?.syncOptions), ...syncOptions(spec?.template?.spec?.syncPolicy?.syncOptions)];
  if (!options.includes('Replace=true') && !options.includes('Force=true') && spec?.force !== true) return [];
  return [{
    severity: 'error', rule: 'recreate', object: id,
    message: `${id} (${file}) deletes and re-creates what it applies (${spec?.force === true ? 'spec.force: true' : 'Replace=true or Force=true'}): deleting a template deletes its member objects`,
    fix: 'remove it from the delivery',
  }];
}

function misplaced(file: string, id: string, why: string): CheckFinding {
  return { severity: 'error', rule: 'misplaced-manifest', object: id, message: `${file} holds ${id}, but ${why}: the gate reads dist/ as karmada-migrate writes it`, fix: 'synthesize dist/ instead of editing it by hand' };
}

function unsupported(file: string, why: string): CheckFinding {
  return { severity: 'error', rule: 'unsupported-file', object: file, message: `${file}: ${why}`, fix: 'remove it from dist/' };
}
