// Who applies an object to the member cluster today, as the marks the tools leave on it tell:
// Flux kustomize-controller (labels kustomize.toolkit.fluxcd.io/name and /namespace on what a
// Kustomization applies), Flux helm-controller (helm.toolkit.fluxcd.io/name and /namespace), Helm 3
// (annotations meta.helm.sh/release-name and /release-namespace, set by install and upgrade),
// Argo CD (the tracking-id annotation `<app>:<group>/<kind>:<namespace>/<name>`, the default since
// v3.0, or the label app.kubernetes.io/instance of label tracking), kubectl (the client-side apply
// annotation kubectl.kubernetes.io/last-applied-configuration). Read on the object as exported:
// cleaning strips several of these marks.
import { KubeObject } from '../kube/object';

/** The tool that applies an object today. */
export type OwnerTool = 'flux-kustomization' | 'flux-helmrelease' | 'helm' | 'argocd' | 'kubectl' | 'unknown';

/** Who applies an object today, and the mark that says so. */
export interface ObjectOwner {
  /** the tool. */
  readonly tool: OwnerTool;
  /**
   * the Kustomization, HelmRelease, Helm release or Argo CD Application.
   *
   * @default - none (kubectl, unknown)
   */
  readonly name?: string;
  /**
   * its namespace.
   *
   * @default - none (an Argo CD Application in Argo CD's own namespace, kubectl, unknown)
   */
  readonly namespace?: string;
  /** the label or annotation that says so; empty for `unknown`. */
  readonly evidence: string;
  /**
   * the Helm release a Flux HelmRelease installed it with (its `meta.helm.sh` annotations).
   *
   * @default - none
   */
  readonly release?: { readonly name: string; readonly namespace?: string };
}

const FLUX_KUSTOMIZE = { name: 'kustomize.toolkit.fluxcd.io/name', namespace: 'kustomize.toolkit.fluxcd.io/namespace' };
const FLUX_HELM = { name: 'helm.toolkit.fluxcd.io/name', namespace: 'helm.toolkit.fluxcd.io/namespace' };
const HELM_RELEASE = { name: 'meta.helm.sh/release-name', namespace: 'meta.helm.sh/release-namespace' };
const ARGOCD_TRACKING_ID = 'argocd.argoproj.io/tracking-id';
const ARGOCD_INSTANCE = 'app.kubernetes.io/instance';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Tells who applies an object today. The most specific mark wins: a Flux HelmRelease's
 * objects also carry Helm's, and a Helm chart's objects may carry the instance label Argo CD's
 * label tracking also uses, so Flux comes first, then Helm, then Argo CD, then kubectl.
 *
 * @param object the object as exported (before cleaning)
 */
export function ownerOf(object: KubeObject): ObjectOwner {
  const labels = object.metadata.labels ?? {};
  const annotations = object.metadata.annotations ?? {};
  if (labels[FLUX_HELM.name]) {
    const release = annotations[HELM_RELEASE.name]
      ? { release: { name: annotations[HELM_RELEASE.name], namespace: annotations[HELM_RELEASE.namespace] || object.metadata.namespace } } : {};
    return { tool: 'flux-helmrelease', name: labels[FLUX_HELM.name], namespace: labels[FLUX_HELM.namespace] || undefined, evidence: `label ${FLUX_HELM.name}`, ...release };
  }
  if (labels[FLUX_KUSTOMIZE.name]) {
    return { tool: 'flux-kustomization', name: labels[FLUX_KUSTOMIZE.name], namespace: labels[FLUX_KUSTOMIZE.namespace] || undefined, evidence: `label ${FLUX_KUSTOMIZE.name}` };
  }
  if (annotations[HELM_RELEASE.name]) {
    return {
      tool: 'helm', name: annotations[HELM_RELEASE.name], namespace: annotations[HELM_RELEASE.namespace] || object.metadata.namespace,
      evidence: `annotation ${HELM_RELEASE.name}`,
    };
  }
  const tracking = annotations[ARGOCD_TRACKING_ID];
  if (tracking && tracking.includes(':')) {
    // applications in any namespace are tracked as `<namespace>_<name>`.
    const app = tracking.slice(0, tracking.indexOf(':'));
    const sep = app.indexOf('_');
    return sep > 0
      ? { tool: 'argocd', name: app.slice(sep + 1), namespace: app.slice(0, sep), evidence: `annotation ${ARGOCD_TRACKING_ID}` }
      : { tool: 'argocd', name: app, evidence: `annotation ${ARGOCD_TRACKING_ID}` };
  }
  if (labels[ARGOCD_INSTANCE]) return { tool: 'argocd', name: labels[ARGOCD_INSTANCE], evidence: `label ${ARGOCD_INSTANCE} (Argo CD label tracking, or a chart's own label)` };
  if (annotations[LAST_APPLIED]) return { tool: 'kubectl', evidence: `annotation ${LAST_APPLIED}` };
  return { tool: 'unknown', evidence: '' };
}

/** The owner as a reviewer reads it: `Helm release shop/cart`, `Argo CD Application member1-apps`. */
export function formatOwner(owner: ObjectOwner): string {
  const at = `${owner.namespace ? `${owner.namespace}/` : ''}${owner.name ?? ''}`;
  switch (owner.tool) {
    case 'flux-kustomization': return `Flux Kustomization ${at}`;
    case 'flux-helmrelease': return `Flux HelmRelease ${at}`;
    case 'helm': return `Helm release ${at}`;
    case 'argocd': return `Argo CD Application ${at}`;
    case 'kubectl': return 'kubectl apply';
    default: return 'unknown';
  }
}
