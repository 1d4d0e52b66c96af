// the handover from a Flux Kustomization or HelmRelease that applies the migration's objects to
// the member cluster today. Flux: kustomize-controller internal/controller/kustomization_controller.go
// (a suspended Kustomization neither applies nor prunes, and finalizerShouldDeleteResources keeps
// what it applied when it is deleted while suspended; deletionPolicy MirrorPrune deletes with
// prune: true, Delete and WaitForTermination always, Orphan never); helm-controller
// internal/controller/helmrelease_controller.go (reconcileDelete uninstalls the Helm release, and so
// deletes its objects, unless the HelmRelease is suspended); Helm 3 (a release's record is the
// Secrets labelled owner=helm,name=<release> in its namespace; `helm uninstall` deletes every object
// of the release without helm.sh/resource-policy: keep). An object applied by a parent
// Kustomization carries the labels kustomize.toolkit.fluxcd.io/name and /namespace.
import { DNS_NAME, HandoverFinding, HandoverOptions, HandoverPatch, HandoverPlan, HandoverStep, kubectlPatch } from './handover';
import { InputError } from '../errors';
import { isJsonObject, JsonObject } from '../kube/json';

/** The labels Flux's kustomize-controller puts on what it applies: the applying Kustomization. */
export const FLUX_KUSTOMIZATION_LABELS = { name: 'kustomize.toolkit.fluxcd.io/name', namespace: 'kustomize.toolkit.fluxcd.io/namespace' } as const;

/**
 * Plans how to stop a Flux Kustomization or HelmRelease without deleting what it applied:
 * suspend it (and, for a Kustomization, turn pruning off and make its deletion orphan what it
 * applied), stop its parent from reverting that, delete it, and for a HelmRelease remove the
 * Helm release's record so that no later `helm uninstall` can delete the objects.
 *
 * @throws InputError naming the file when a field the steps need is malformed
 */
export function planFluxHandover(obj: JsonObject, options: HandoverOptions = {}): HandoverPlan {
  const file = options.file ?? '-';
  const fail = (message: string): never => {
    throw new InputError(message, { file });
  };
  const kind = obj.kind as 'Kustomization' | 'HelmRelease';
  const meta = isJsonObject(obj.metadata) ? obj.metadata : fail('metadata: required');
  const name = typeof meta.name === 'string' && DNS_NAME.test(meta.name) ? meta.name : fail(`metadata.name: ${JSON.stringify(meta.name)} is not a Kubernetes object name`);
  const namespace = meta.namespace === undefined ? 'flux-system'
    : typeof meta.namespace === 'string' && DNS_NAME.test(meta.namespace) ? meta.namespace : fail(`metadata.namespace: ${JSON.stringify(meta.namespace)} is not a namespace name`);
  const spec = isJsonObject(obj.spec) ? obj.spec : fail(`spec: required (a ${kind} has a spec)`);
  const labels = isJsonObject(meta.labels) ? meta.labels : {};
  const resource = kind === 'Kustomization' ? 'kustomization' : 'helmrelease';
  const id = `${namespace}/${name}`;
  const suspended = spec.suspend === true;
  const prune = kind === 'Kustomization' && spec.prune === true;
  const policy = typeof spec.deletionPolicy === 'string' ? spec.deletionPolicy : 'MirrorPrune';
  const cascades = kind === 'HelmRelease' ? !suspended
    : !suspended && (policy === 'Delete' || policy === 'WaitForTermination' || (policy === 'MirrorPrune' && prune));
  const parentName = typeof labels[FLUX_KUSTOMIZATION_LABELS.name] === 'string' ? labels[FLUX_KUSTOMIZATION_LABELS.name] as string : undefined;
  const parent = parentName ? `${typeof labels[FLUX_KUSTOMIZATION_LABELS.namespace] === 'string' ? labels[FLUX_KUSTOMIZATION_LABELS.namespace] : namespace}/${parentName}` : undefined;
  const kubeConfig = isJsonObject(spec.kubeConfig) && isJsonObject(spec.kubeConfig.secretRef) && typeof spec.kubeConfig.secretRef.name === 'string'
    ? spec.kubeConfig.secretRef.name : undefined;

  const findings: HandoverFinding[] = [];
  if (parent) {
    findings.push({
      severity: 'danger', rule: 'flux-parent',
      message: `${kind} ${id} is applied by the Kustomization ${parent} (labels ${FLUX_KUSTOMIZATION_LABELS.name}/namespace): each of its reconciliations puts back ` +
        `what the patches below change, and removing ${name} from its source deletes ${name} (and what it applied, by ${name}'s own deletion rules). ` +
        'Make the same changes in that Git source first (step "parent-stop").',
    });
  }
  if (!suspended) {
    findings.push({
      severity: 'danger', rule: 'flux-not-suspended',
      message: `${kind} ${id} is not suspended: it re-applies its source every interval, reverting what Karmada's Overwrite sets. Suspend it (step "suspend") before Karmada takes over.`,
    });
  }
  if (prune) {
    findings.push({
      severity: 'danger', rule: 'flux-prune',
      message: 'spec.prune: true: an object removed from its source is deleted from the member cluster. Suspend it and turn pruning off (step "suspend") before anything changes in its source.',
    });
  }
  if (cascades) {
    findings.push({
      severity: 'danger', rule: 'flux-deletion-cascades',
      message: kind === 'HelmRelease'
        ? 'deleting the HelmRelease uninstalls the Helm release, which deletes its objects from the member cluster, unless it is suspended first (step "suspend").'
        : `deleting the Kustomization deletes what it applied (deletionPolicy ${policy}${policy === 'MirrorPrune' ? ' with prune: true' : ''}), unless it is suspended first (step "suspend").`,
    });
  }

  const patch: HandoverPatch = {
    type: 'merge', resource, namespace, name,
    patch: kind === 'Kustomization' ? { spec: { suspend: true, prune: false, deletionPolicy: 'Orphan' } } : { spec: { suspend: true } },
  };
  const steps: HandoverStep[] = [];
  if (parent) {
    steps.push({
      id: 'parent-stop',
      title: `Change ${name}'s manifest in the source of the Kustomization ${parent}`,
      why: `Set ${kind === 'Kustomization' ? 'spec.suspend: true, spec.prune: false and spec.deletionPolicy: Orphan' : 'spec.suspend: true'} there and let ${parent} reconcile, ` +
        `or suspend ${parent} for the handover (flux suspend kustomization ${parentName} -n ${parent.split('/')[0]}); otherwise it reverts the patch below.`,
      commands: [],
    });
  }
  steps.push({
    id: 'suspend',
    title: `Suspend ${kind} ${id}${kind === 'Kustomization' ? ', turn pruning off and make its deletion orphan what it applied' : ''}`,
    why: kind === 'Kustomization'
      ? 'A suspended Kustomization neither applies nor prunes, and deleting it while suspended keeps what it applied; prune: false and deletionPolicy: Orphan keep it so should it be resumed.'
      : 'A suspended HelmRelease is not reconciled, and deleting it while suspended does not uninstall the Helm release (helm-controller reconcileDelete).',
    commands: [kubectlPatch(patch)],
    patch,
  });
  steps.push({
    id: 'delete',
    title: `Delete ${kind} ${id}`,
    why: `Only the ${kind} goes; the objects stay in the member cluster as they are, for Karmada to take over. Delete it only once the patch above is live ` +
      `(kubectl -n ${namespace} get ${resource} ${name} -o jsonpath='{.spec.suspend}' prints true).`,
    commands: [`kubectl -n ${namespace} delete ${resource} ${name}`],
  });
  if (kind === 'HelmRelease') {
    const release = typeof spec.releaseName === 'string' && spec.releaseName ? spec.releaseName
      : `${typeof spec.targetNamespace === 'string' && spec.targetNamespace ? `${spec.targetNamespace}-` : ''}${name}`;
    const storage = typeof spec.storageNamespace === 'string' && spec.storageNamespace ? spec.storageNamespace
      : typeof spec.targetNamespace === 'string' && spec.targetNamespace ? spec.targetNamespace : namespace;
    steps.push({
      id: 'release-record',
      title: `Remove the record of the Helm release ${storage}/${release}`,
      why: 'Helm keeps the release in Secrets labelled owner=helm; while they exist, `helm uninstall` would delete every object of the release. ' +
        'Deleting them makes Helm forget the release and touches no object.',
      commands: [`kubectl -n ${storage} delete secret -l owner=helm,name=${release}`],
    });
  }
  return {
    kind,
    object: id,
    destination: kubeConfig ? `kubeConfig secret ${kubeConfig}` : 'its own cluster',
    autoSync: !suspended,
    finalizers: [],
    steps,
    findings,
  };
}
