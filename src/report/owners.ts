// Step 0 of the plan by owner: who applies the migration's objects to the member cluster today
// (src/inventory/owners.ts reads it from the export) and how to stop each without deleting
// anything. Helm 3: `helm uninstall` deletes every object of the release without
// helm.sh/resource-policy: keep, and the release's record is the Secrets labelled
// owner=helm,name=<release>. Flux and Argo CD: see handover-flux.ts and handover.ts.
import { DNS_NAME } from './handover';
import { planFluxHandover } from './handover-flux';
import { formatOwner, ObjectOwner, OwnerTool } from '../inventory/owners';

/** A step of stopping one owner. */
export interface OwnerStep {
  /** what to do, and why it deletes nothing. */
  readonly title: string;
  /** the commands, in order; empty for a change made elsewhere (a pipeline, a Git source). */
  readonly commands: readonly string[];
}

/** One owner of templates today, and how to stop it. */
export interface PlanOwner {
  /** `Helm release shop/cart`, `Flux Kustomization flux-system/apps`, `Argo CD Application member1-apps`, `kubectl apply`, `unknown`. */
  readonly owner: string;
  /** the tool. */
  readonly tool: OwnerTool;
  /** the mark that tells, as found on the first of its templates. */
  readonly evidence: string;
  /** its templates, as `Kind.group namespace/name`, sorted. */
  readonly templates: readonly string[];
  /**
   * the member clusters where it applies them, sorted (a fleet: the same owner may run in several).
   *
   * @default - a plan without a fleet: the one cluster of the migration
   */
  readonly clusters?: readonly string[];
  /** the steps, in order. */
  readonly steps: readonly OwnerStep[];
}

/**
 * Groups templates by the owner that applies them today and gives each owner's steps.
 *
 * @param templates each template's id (`Kind.group namespace/name`) and owner, and in a fleet the
 * member cluster where that owner applies it (one entry per cluster): an owner then names its clusters
 * @param config the migration config to name in the commands
 */
export function planOwners(
  templates: ReadonlyArray<{ readonly id: string; readonly owner: ObjectOwner; readonly cluster?: string }>, config = 'migration.yaml',
): PlanOwner[] {
  const groups = new Map<string, { owner: ObjectOwner; ids: Set<string>; clusters: Set<string> }>();
  for (const t of templates) {
    const key = `${t.owner.tool}\u0000${t.owner.namespace ?? ''}\u0000${t.owner.name ?? ''}`;
    const g = groups.get(key) ?? { owner: t.owner, ids: new Set<string>(), clusters: new Set<string>() };
    g.ids.add(t.id);
    if (t.cluster !== undefined) g.clusters.add(t.cluster);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map(({ owner, ids, clusters }) => ({
      owner: formatOwner(owner), tool: owner.tool, evidence: owner.evidence, templates: [...ids].sort(),
      ...(clusters.size ? { clusters: [...clusters].sort() } : {}), steps: stepsOf(owner, config),
    }))
    .sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
}

function stepsOf(owner: ObjectOwner, config: string): OwnerStep[] {
  const name = owner.name ?? '';
  const safe = DNS_NAME.test(name) && (owner.namespace === undefined || DNS_NAME.test(owner.namespace));
  const unsafe = (what: string): OwnerStep[] => [{ title: `${what} (its name ${JSON.stringify(name)} is not a Kubernetes name, so no command is given: check the export)`, commands: [] }];
  switch (owner.tool) {
    case 'helm': {
      if (!safe) return unsafe(`Stop the Helm release ${name}`);
      const ns = owner.namespace ?? 'default';
      return [
        { title: `Stop whatever runs helm install or helm upgrade for the release ${ns}/${name}`, commands: [] },
        {
          title: `Make Helm forget the release without touching its objects; never run helm uninstall ${name}: it deletes every object of the release that lacks helm.sh/resource-policy: keep`,
          commands: [`kubectl -n ${ns} delete secret -l owner=helm,name=${name}`],
        },
      ];
    }
    case 'flux-kustomization':
    case 'flux-helmrelease': {
      const kind = owner.tool === 'flux-kustomization' ? 'Kustomization' : 'HelmRelease';
      if (!safe) return unsafe(`Suspend and delete the Flux ${kind} ${name}`);
      const r = owner.release;
      const release = r ? { releaseName: r.name, ...(r.namespace ? { storageNamespace: r.namespace } : {}) } : {};
      const plan = planFluxHandover({
        apiVersion: owner.tool === 'flux-kustomization' ? 'kustomize.toolkit.fluxcd.io/v1' : 'helm.toolkit.fluxcd.io/v2',
        kind, metadata: { name, namespace: owner.namespace ?? 'flux-system' }, spec: release,
      });
      return [
        ...plan.steps.map(s => ({ title: `${s.title}: ${s.why}`, commands: s.commands })),
        { title: `If a parent Kustomization applies the ${kind}, make the same change in its Git source first, or it reverts the patch (karmada-migrate plan --handover-from gives the exact steps from the ${kind}'s manifest)`, commands: [] },
      ];
    }
    case 'argocd': {
      if (!safe) return unsafe(`Stop the Argo CD Application ${name}`);
      const ns = owner.namespace ?? 'argocd';
      return [{
        title: 'Stop the Application without cascade (auto-sync off, resources finalizer removed, non-cascading delete): its manifest gives the exact steps',
        commands: [`kubectl -n ${ns} get application ${name} -o yaml > ${name}.application.yaml`, `karmada-migrate plan --config ${config} --handover-from ${name}.application.yaml`],
      }];
    }
    case 'kubectl':
      return [{ title: 'Stop the pipeline that runs kubectl apply on these objects; a job running kubectl apply --prune would delete them once they leave its manifests', commands: [] }];
    default:
      return [{ title: 'Find what applies these objects (the export shows no mark of Helm, Flux, Argo CD or kubectl apply) and stop it without deleting them', commands: [] }];
  }
}
