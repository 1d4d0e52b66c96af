// How the delivery a migration configures (its objects in dist/_delivery/<migration>/) applies
// the policies before the templates: Karmada's detector keeps the first claim of a template while
// its claimant exists (karmada pkg/detector/detector.go, preemption off by default:
// pkg/detector/preemption.go), so a template applied before the policy meant to claim it may stay
// with another policy. Argo CD orders by sync waves and waits for a wave to be applied and healthy
// before the next (argo-cd gitops-engine pkg/sync/sync_context.go, sync_tasks.go); Flux by
// `spec.dependsOn` of a Kustomization, applied only once its dependencies are Ready
// (fluxcd kustomize-controller internal/controller/kustomization_controller.go).
import { SYNC_WAVE_ANNOTATION } from '../constructs/policy-options';
import { groupOf, KubeObject } from '../kube/object';
import { compareStrings } from '../kube/json';
import { DELIVERY_FOLDER } from '../output/layout';

/** How one delivery of a migration orders its policies before its templates. */
export interface PlanDeliveryOrdering {
  /** `argo-cd` (an Application or ApplicationSet), `flux` (Kustomizations), or `none` (no delivery configured). */
  readonly delivery: 'argo-cd' | 'flux' | 'none';
  /** whether it applies every policy before the templates it may claim; false for `none`. */
  readonly ordered: boolean;
  /** how, or why not. */
  readonly message: string;
}

/** How a migration's policies reach Karmada before its templates. */
export interface PlanDelivery {
  /** the Argo CD Applications and ApplicationSets of `dist/_delivery/<migration>/`, as `Application argocd/karmada-member1`, sorted. */
  readonly argoCd: readonly string[];
  /** the Flux Kustomizations of `dist/_delivery/<migration>/`, as `Kustomization flux-system/karmada-member1-policies`, sorted. */
  readonly flux: readonly string[];
  /**
   * whether every configured delivery applies every policy before the templates it may claim;
   * false when no delivery is configured (ordering is then the job of whatever applies `dist/`).
   */
  readonly ordered: boolean;
  /** how the ordering is guaranteed, or why it is not: one entry per delivery (Argo CD, then Flux), or one `none`. */
  readonly ordering: readonly PlanDeliveryOrdering[];
}

/** One manifest of `dist/` and where it is. */
export interface DeliveryManifest {
  /** its path under `dist/`. */
  readonly file: string;
  /** the object. */
  readonly object: KubeObject;
}

/**
 * What the delivery of `migration` (its objects in `dist/_delivery/<migration>/`) does to put its
 * policies before its templates, read from the delivery objects and the sync waves of its
 * manifests; `manifests` is the whole of `dist/`.
 */
export function deliveryOrderOf(migration: string, manifests: readonly DeliveryManifest[]): PlanDelivery {
  const delivery = manifests.filter(m => m.file.startsWith(`${DELIVERY_FOLDER}/${migration}/`));
  const id = (o: KubeObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
  const argo = delivery.filter(m => groupOf(m.object.apiVersion) === 'argoproj.io' && (m.object.kind === 'Application' || m.object.kind === 'ApplicationSet'));
  const kustomizations = delivery.filter(m => groupOf(m.object.apiVersion) === 'kustomize.toolkit.fluxcd.io' && m.object.kind === 'Kustomization');
  const own = manifests.filter(m => m.file.startsWith(`${migration}/`));
  const ordering: PlanDeliveryOrdering[] = [];
  if (argo.length) ordering.push({ delivery: 'argo-cd', ...argoOrdering(own, argo.some(a => a.object.kind === 'ApplicationSet')) });
  if (kustomizations.length) ordering.push({ delivery: 'flux', ...fluxOrdering(kustomizations.map(k => k.object)) });
  if (!ordering.length) {
    ordering.push({
      delivery: 'none',
      ordered: false,
      message: `No delivery is configured (spec.delivery): whatever applies dist/${migration}/ must apply policies/ before templates/, ` +
      'or a template may be claimed by another policy than the one meant to claim it, and Karmada keeps that claim. ' +
      `The policies carry ${SYNC_WAVE_ANNOTATION}: "-1" for an Argo CD Application of your own; with kubectl, apply namespaces/, then policies/, then templates/.`,
    });
  }
  return {
    argoCd: argo.map(a => id(a.object)).sort(compareStrings),
    flux: kustomizations.map(k => id(k.object)).sort(compareStrings),
    ordered: ordering.every(o => o.ordered),
    ordering,
  };
}

function wave(o: KubeObject): number {
  const w = Number(o.metadata.annotations?.[SYNC_WAVE_ANNOTATION] ?? '0');
  return Number.isFinite(w) ? w : 0;
}

// Argo CD syncs wave by wave: every policy must sit in a lower wave than every template.
function argoOrdering(own: readonly DeliveryManifest[], applicationSet: boolean): { ordered: boolean; message: string } {
  const policies = own.filter(m => m.file.split('/')[1] === 'policies');
  const templates = own.filter(m => m.file.split('/')[1] === 'templates');
  const latestPolicy = policies.length ? Math.max(...policies.map(p => wave(p.object))) : -Infinity;
  const early = templates.filter(t => wave(t.object) <= latestPolicy).map(t => t.file).sort(compareStrings);
  const base = `Argo CD applies the policies first: they carry ${SYNC_WAVE_ANNOTATION}: "-1" and the templates a later wave (0 unless set), ` +
    'and Argo CD starts a wave only once the earlier ones are applied and healthy';
  if (early.length) {
    return {
      ordered: false,
      message: `${base}; but ${early.length} template${early.length > 1 ? 's sit' : ' sits'} in a wave no later than a policy's (${early.slice(0, 3).join(', ')}` +
        `${early.length > 3 ? ', …' : ''}): remove that ${SYNC_WAVE_ANNOTATION} from the inventory object.`,
    };
  }
  const cpps = policies.filter(p => p.object.kind === 'ClusterPropagationPolicy');
  if (applicationSet && cpps.length) {
    return {
      ordered: false,
      message: `${base}, but only inside one Application: the ApplicationSet makes one Application per namespace folder, so the ` +
        `ClusterPropagationPolic${cpps.length > 1 ? 'ies' : 'y'} of policies/_cluster/ ${cpps.length > 1 ? 'are' : 'is'} not ordered before the templates of other namespaces: ` +
        'sync the _cluster Application first, or use a single Application.',
    };
  }
  return { ordered: true, message: `${base}${applicationSet ? ' (inside each Application the ApplicationSet makes per namespace folder)' : ''}.` };
}

// Flux applies a Kustomization only once those it depends on are Ready: the templates' one must
// depend, directly or not, on the policies' one.
function fluxOrdering(kustomizations: readonly KubeObject[]): { ordered: boolean; message: string } {
  const spec = (k: KubeObject) => (k.spec ?? {}) as { path?: unknown; dependsOn?: unknown };
  const part = (k: KubeObject) => (typeof spec(k).path === 'string' ? (spec(k).path as string).replace(/\/+$/, '').split('/').pop() : undefined);
  const byName = new Map(kustomizations.map(k => [k.metadata.name, k]));
  const deps = (k: KubeObject) => (Array.isArray(spec(k).dependsOn) ? (spec(k).dependsOn as unknown[]) : [])
    .flatMap(d => (d && typeof d === 'object' && typeof (d as { name?: unknown }).name === 'string' ? [(d as { name: string }).name] : []));
  const templates = kustomizations.find(k => part(k) === 'templates');
  const policies = kustomizations.find(k => part(k) === 'policies');
  const chain: string[] = [];
  let reaches = false;
  for (let k = templates, seen = new Set<string>(); k && !seen.has(k.metadata.name); k = byName.get(deps(k)[0] ?? '')) {
    seen.add(k.metadata.name);
    chain.push(k.metadata.name);
    if (k !== templates && k === policies) reaches = true;
  }
  if (!templates || !policies || !reaches) {
    return {
      ordered: false,
      message: 'Flux does not order the policies before the templates: no Kustomization of the templates depends on the one of the policies ' +
        '(spec.dependsOn); synthesize the delivery with karmada-migrate, or add the dependsOn.',
    };
  }
  return {
    ordered: true,
    message: `Flux applies the policies first: the Kustomization ${chain[0]} depends on ${chain.slice(1).join(', which depends on ')} (spec.dependsOn), ` +
      'and Flux applies a Kustomization only once those it depends on are Ready; dependsOn does not order pruning.',
  };
}
