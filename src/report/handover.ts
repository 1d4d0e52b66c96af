// the handover from the pipeline that used to apply the migration's objects to the member
// cluster: stop its Argo CD Application, Flux Kustomization or Flux HelmRelease without touching
// the live objects. Argo CD: docs/user-guide/app_deletion.md,
// docs/operator-manual/applicationset/Application-Deletion.md and
// Controlling-Resource-Modification.md, docs/operator-manual/cluster-bootstrapping.md. Flux: see
// handover-flux.ts.
import { planFluxHandover } from './handover-flux';
import { InputError } from '../errors';
import { isJsonObject, JsonObject, JsonValue, setOwn } from '../kube/json';

/** The finalizer that makes deleting an Application delete its resources (foreground). */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** The same finalizer, deleting the resources in the background. */
export const RESOURCES_FINALIZER_BACKGROUND = 'resources-finalizer.argocd.argoproj.io/background';

/** The labels an app-of-apps parent tracks its child Applications by (Argo CD label tracking, default key first). */
export const INSTANCE_LABELS: readonly string[] = ['app.kubernetes.io/instance', 'argocd.argoproj.io/instance'];

/** The annotation an app-of-apps parent tracks its child Applications by (Argo CD >= 3.0 default). */
export const TRACKING_ID_ANNOTATION = 'argocd.argoproj.io/tracking-id';

/** Options of {@link planHandover}. */
export interface HandoverOptions {
  /**
   * the file the Application was read from, named in errors.
   *
   * @default '-'
   */
  readonly file?: string;

  /**
   * the clusters the migration takes over (their `sourceCluster`, which is also their
   * name in Argo CD, normally): a destination by name that is none of them is a danger.
   *
   * @default - the destination is not checked
   */
  readonly sourceClusters?: readonly string[];

  /**
   * the API server URL the source cluster is registered under in Argo CD: a destination
   * by URL is compared with it.
   *
   * @default - a destination by URL is a warning (it cannot be confirmed)
   */
  readonly sourceClusterServer?: string;

  /**
   * the namespace Argo CD runs in, for an Application manifest without a namespace.
   *
   * @default 'argocd'
   */
  readonly argocdNamespace?: string;
}

/** How bad a finding is: a danger can delete or disturb the live objects; a warning needs a check. */
export type HandoverSeverity = 'danger' | 'warning';

/** The id of a finding of {@link planHandover}. */
export type HandoverRule =
  /** the Application is being deleted with its resources finalizer: the workloads are going now. */
  | 'deletion-in-progress'
  /** an ApplicationSet generates the Application (ownerReferences). */
  | 'applicationset-owner'
  /** a parent Application tracks it (app of apps). */
  | 'app-of-apps-child'
  /** auto-sync prunes. */
  | 'auto-prune'
  /** auto-sync self-heals, and would fight Karmada's Overwrite. */
  | 'self-heal'
  /** the destination is a cluster by name that is not the source cluster. */
  | 'destination-not-source'
  /** the destination is a URL the plan cannot match to the source cluster. */
  | 'destination-unconfirmed'
  /** a Flux object that is not suspended applies (and may prune) on every interval. */
  | 'flux-not-suspended'
  /** a Flux Kustomization prunes what leaves its source. */
  | 'flux-prune'
  /** deleting the Flux object deletes what it applied (a Kustomization's deletionPolicy, a HelmRelease's uninstall). */
  | 'flux-deletion-cascades'
  /** a parent Flux Kustomization applies the object and reverts patches to it. */
  | 'flux-parent';

/** Something about the old Application that makes the handover dangerous or needs a check. */
export interface HandoverFinding {
  /** how bad. */
  readonly severity: HandoverSeverity;
  /** what. */
  readonly rule: HandoverRule;
  /** what happens, and what to do about it. */
  readonly message: string;
}

/** A patch to apply with `kubectl patch`. */
export interface HandoverPatch {
  /** `json` (RFC 6902) or `merge` (RFC 7386), as `kubectl patch --type` takes it. */
  readonly type: 'json' | 'merge';
  /** the resource patched, as kubectl names it. */
  readonly resource: 'application' | 'applicationset' | 'kustomization' | 'helmrelease';
  /** its namespace. */
  readonly namespace: string;
  /** its name. */
  readonly name: string;
  /** the patch document. */
  readonly patch: JsonValue;
}

/** The id of a step of the handover. */
export type HandoverStepId =
  | 'suspend'
  | 'release-record'
  | 'applicationset-preserve'
  | 'parent-stop'
  | 'disable-auto-sync'
  | 'remove-finalizer'
  | 'applicationset-generator'
  | 'delete'
  | 'parent-remove';

/** One step of the handover. */
export interface HandoverStep {
  /** which step. */
  readonly id: HandoverStepId;
  /** what to do, in a line. */
  readonly title: string;
  /** why, and what else to know. */
  readonly why: string;
  /** the commands to run, in order; empty for a change made in Git, or a step with nothing to do. */
  readonly commands: readonly string[];
  /**
   * the patch the command applies.
   *
   * @default - none
   */
  readonly patch?: HandoverPatch;
  /**
   * why there is nothing to do.
   *
   * @default - the step is needed
   */
  readonly skipped?: string;
}

/** The handover from the old pipeline's object: its steps, in order, and its dangers. */
export interface HandoverPlan {
  /** the kind of the old pipeline's object. */
  readonly kind: 'Application' | 'Kustomization' | 'HelmRelease';
  /** the object, `argocd/member1-apps`. */
  readonly object: string;
  /** where it deploys, `name member1`, `server https://...`, `kubeConfig secret member1-kubeconfig` or `its own cluster`. */
  readonly destination: string;
  /** whether it applies on its own (auto-sync on; a Flux object not suspended). */
  readonly autoSync: boolean;
  /** its resources finalizers. */
  readonly finalizers: readonly string[];
  /**
   * the ApplicationSet that generates it.
   *
   * @default - none
   */
  readonly applicationSet?: string;
  /**
   * the app-of-apps parent that appears to track it, and the evidence.
   *
   * @default - none
   */
  readonly parent?: { readonly name: string; readonly evidence: string };
  /** the steps, in order; every step of the sequence is listed, those with nothing to do carry `skipped`. */
  readonly steps: readonly HandoverStep[];
  /** dangers first, then warnings, each kind once. */
  readonly findings: readonly HandoverFinding[];
}

/** the source clusters a finding names; the others are counted (a fleet has as many as it likes). */
const NAMED_CLUSTERS = 10;

function named(clusters: readonly string[]): string {
  const shown = clusters.slice(0, NAMED_CLUSTERS).join(', ');
  return clusters.length > NAMED_CLUSTERS ? `${shown}, … and ${clusters.length - NAMED_CLUSTERS} more` : shown;
}

/** @internal the names Kubernetes admits, and so the only ones put in shell commands. */
export const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const RULE_ORDER: readonly HandoverRule[] = [
  'deletion-in-progress', 'applicationset-owner', 'app-of-apps-child', 'auto-prune', 'self-heal', 'destination-not-source', 'destination-unconfirmed',
];

/**
 * Plans how to stop the Argo CD Application that deploys the migration's objects to the
 * member cluster, without touching the live objects (the first step of Karmada's
 * "migrate in batch": stop the pipeline that applies YAML to the cluster):
 *
 * 1. turn off auto-sync (a JSON patch removing `spec.syncPolicy.automated`), so it no
 *    longer prunes nor self-heals against Karmada's Overwrite;
 * 2. remove the `resources-finalizer.argocd.argoproj.io` (or `/background`) finalizer, so
 *    deleting the Application deletes nothing else;
 * 3. delete the Application without cascade.
 *
 * An ApplicationSet that generates it (it would revert the patches, re-create it, and
 * cascade when deleted) or an app-of-apps parent that tracks it (its sync reverts the
 * patches, its prune deletes it with cascade) add steps before and after, and are
 * reported as dangers, with auto-prune, self-heal and a destination that is not the
 * source cluster.
 *
 * @param oldApp the Application manifest (`kubectl -n argocd get application NAME -o yaml`, or from Git)
 * @throws InputError naming the file when it is not an Argo CD Application
 */
export function planHandover(oldApp: unknown, options: HandoverOptions = {}): HandoverPlan {
  const file = options.file ?? '-';
  if (isJsonObject(oldApp) && typeof oldApp.apiVersion === 'string') {
    if (oldApp.kind === 'Kustomization' && oldApp.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) return planFluxHandover(oldApp, options);
    if (oldApp.kind === 'HelmRelease' && oldApp.apiVersion.startsWith('helm.toolkit.fluxcd.io/')) return planFluxHandover(oldApp, options);
  }
  const fail = (message: string): never => {
    throw new InputError(message, { file });
  };
  const app = parseApplication(oldApp, fail);
  const namespace = app.namespace || options.argocdNamespace || 'argocd';
  const id = `${namespace}/${app.name}`;
  const findings: HandoverFinding[] = [];
  const danger = (rule: HandoverRule, message: string) => findings.push({ severity: 'danger', rule, message });

  const appSet = app.ownerReferences.find(o => o.kind === 'ApplicationSet' && o.apiVersion.startsWith('argoproj.io/'))?.name;
  const parent = parentOf(app);
  const finalizerIndexes = app.finalizers.map((f, i) => [f, i] as const)
    .filter(([f]) => f === RESOURCES_FINALIZER || f === RESOURCES_FINALIZER_BACKGROUND);

  if (app.deleting && finalizerIndexes.length > 0) {
    danger('deletion-in-progress', `Application ${id} is being deleted (metadata.deletionTimestamp is set) and still carries ${finalizerIndexes.map(([f]) => f).join(', ')}: ` +
      'Argo CD is deleting its resources in the member cluster now. Remove the finalizer at once (step "remove-finalizer").');
  }
  if (appSet) {
    danger('applicationset-owner', `Application ${id} is generated by ApplicationSet ${namespace}/${appSet} (metadata.ownerReferences): the ApplicationSet reverts changes ` +
      'to its syncPolicy and finalizers, re-creates it once deleted, and deleting the ApplicationSet deletes it with cascade. First set ' +
      'spec.syncPolicy.preserveResourcesOnDeletion: true and applicationsSync: create-only on the ApplicationSet (step "applicationset-preserve").');
  }
  if (parent) {
    const cascade = finalizerIndexes.length > 0
      ? `when ${parent.name} prunes it (its manifest removed from ${parent.name}'s Git source) while it carries ${finalizerIndexes[0][0]}, ` +
        'Argo CD deletes its workloads with cascade; and '
      : '';
    danger('app-of-apps-child', `Application ${id} looks like a child of the app of apps ${parent.name} (${parent.evidence}): ${cascade}` +
      `every sync of ${parent.name} puts back what the patches below remove. Stop ${parent.name} from re-applying it first (step "parent-stop").`);
  }
  if (app.autoSync && app.prune) {
    danger('auto-prune', 'auto-sync prunes (spec.syncPolicy.automated.prune: true): removing or renaming a manifest in its Git source deletes that object in the ' +
      'member cluster. Turn auto-sync off (step "disable-auto-sync") before anything changes in that repository.');
  }
  if (app.autoSync && app.selfHeal) {
    danger('self-heal', 'auto-sync self-heals (spec.syncPolicy.automated.selfHeal: true): it reverts every difference between the member cluster and its Git ' +
      'source, so it would fight Karmada\'s Overwrite over each object both apply. Turn auto-sync off (step "disable-auto-sync") before Karmada takes over.');
  }
  const sources = options.sourceClusters ?? [];
  if (app.destinationName && sources.length > 0 && !sources.includes(app.destinationName)) {
    danger('destination-not-source', `it deploys to the cluster ${app.destinationName} (spec.destination.name), not to the migration's source cluster ` +
      `${named(sources)}: it is not the pipeline that applies these objects, or Argo CD knows the cluster by another name. Check before handing over.`);
  }
  if (!app.destinationName && app.destinationServer) {
    if (options.sourceClusterServer === undefined) {
      findings.push({
        severity: 'warning', rule: 'destination-unconfirmed',
        message: `it deploys to the server ${app.destinationServer} (spec.destination.server), which the plan cannot match to the source cluster` +
          `${sources.length ? ` ${named(sources)}` : ''}: check that it is that cluster (argocd cluster list).`,
      });
    } else if (options.sourceClusterServer !== app.destinationServer) {
      danger('destination-not-source', `it deploys to the server ${app.destinationServer} (spec.destination.server), not to the source cluster's ` +
        `${options.sourceClusterServer}: it is not the pipeline that applies these objects. Check before handing over.`);
    }
  }
  findings.sort((a, b) => RULE_ORDER.indexOf(a.rule) - RULE_ORDER.indexOf(b.rule));

  const steps: HandoverStep[] = [];
  if (appSet) {
    const patch: HandoverPatch = {
      type: 'merge', resource: 'applicationset', namespace, name: appSet,
      patch: { spec: { syncPolicy: { preserveResourcesOnDeletion: true, applicationsSync: 'create-only' } } },
    };
    steps.push({
      id: 'applicationset-preserve',
      title: `Make ApplicationSet ${namespace}/${appSet} keep its Applications' resources and stop updating them`,
      why: 'preserveResourcesOnDeletion: true keeps the resources of the Applications it deletes; create-only stops it from updating or deleting ' +
        'its Applications, so the patches below stick. The controller honours applicationsSync only with ' +
        'applicationsetcontroller.enable.policy.override: "true" in argocd-cmd-params-cm (and without a --policy flag, which wins). ' +
        'Never delete the ApplicationSet itself during the handover: its Applications go with it (ownerReferences), finalizers and all.',
      commands: [kubectlPatch(patch)],
      patch,
    });
  }
  if (parent) {
    steps.push({
      id: 'parent-stop',
      title: `Stop the parent Application ${parent.name} from re-applying ${app.name}`,
      why: `In ${parent.name}'s Git source, remove spec.syncPolicy.automated and the resources finalizer from the manifest of ${app.name} and let ` +
        `${parent.name} sync (or turn off ${parent.name}'s auto-sync for the handover). Otherwise each sync of ${parent.name} puts them back.`,
      commands: [],
    });
  }
  const automatedPatch: HandoverPatch = {
    type: 'json', resource: 'application', namespace, name: app.name,
    patch: [{ op: 'remove', path: '/spec/syncPolicy/automated' }],
  };
  steps.push({
    id: 'disable-auto-sync',
    title: `Turn off auto-sync of ${id}`,
    why: 'Without automated sync it neither prunes objects removed from its Git source nor reverts what Karmada changes; the live objects are not touched.',
    commands: app.hasAutomated ? [kubectlPatch(automatedPatch)] : [],
    ...(app.hasAutomated ? { patch: automatedPatch } : {}),
    ...(app.hasAutomated ? {} : { skipped: 'auto-sync is already off (no spec.syncPolicy.automated)' }),
  });
  // remove from the highest index down, each guarded by a test, so a concurrent change cannot shift the wrong entry out.
  const finalizerOps: JsonValue[] = [];
  for (const [f, i] of [...finalizerIndexes].reverse()) {
    finalizerOps.push({ op: 'test', path: `/metadata/finalizers/${i}`, value: f }, { op: 'remove', path: `/metadata/finalizers/${i}` });
  }
  const finalizerPatch: HandoverPatch = { type: 'json', resource: 'application', namespace, name: app.name, patch: finalizerOps };
  steps.push({
    id: 'remove-finalizer',
    title: `Remove the resources finalizer of ${id}`,
    why: `With ${RESOURCES_FINALIZER} (or /background), deleting the Application deletes every resource it manages, in the member cluster; ` +
      'without it only the Application goes (a non-cascading delete).',
    commands: finalizerOps.length ? [kubectlPatch(finalizerPatch)] : [],
    ...(finalizerOps.length ? { patch: finalizerPatch } : { skipped: `it carries no ${RESOURCES_FINALIZER} finalizer: deleting it never cascades` }),
  });
  if (appSet) {
    steps.push({
      id: 'applicationset-generator',
      title: `Remove ${app.name} from the generators of ApplicationSet ${namespace}/${appSet}`,
      why: 'In its Git source or spec, drop the generator element that produces this Application: with create-only the ApplicationSet still creates ' +
        'missing Applications, so a deleted one would come back with auto-sync and the finalizer.',
      commands: [],
    });
  }
  const cliName = namespace === (options.argocdNamespace ?? 'argocd') ? app.name : `${namespace}/${app.name}`;
  steps.push({
    id: 'delete',
    title: `Delete ${id} without cascade`,
    why: 'Only the Application goes; the objects it deployed stay in the member cluster as they are, for Karmada to take over. Equivalent, once the ' +
      `finalizer is gone: kubectl -n ${namespace} delete application ${app.name}.`,
    commands: [`argocd app delete ${cliName} --cascade=false`],
  });
  if (parent) {
    steps.push({
      id: 'parent-remove',
      title: `Remove the manifest of ${app.name} from the Git source of ${parent.name}`,
      why: `So that ${parent.name} does not re-create it; then turn ${parent.name}'s auto-sync back on if it was turned off.`,
      commands: [],
    });
  }

  return {
    kind: 'Application',
    object: id,
    destination: app.destinationName ? `name ${app.destinationName}` : `server ${app.destinationServer}`,
    autoSync: app.autoSync,
    finalizers: finalizerIndexes.map(([f]) => f),
    ...(appSet ? { applicationSet: `${namespace}/${appSet}` } : {}),
    ...(parent ? { parent } : {}),
    steps,
    findings,
  };
}

/** the `kubectl patch` command that applies a patch (names are DNS names: nothing to quote but the JSON). */
export function kubectlPatch(patch: HandoverPatch): string {
  return `kubectl -n ${patch.namespace} patch ${patch.resource} ${patch.name} --type ${patch.type} -p '${JSON.stringify(patch.patch)}'`;
}

interface ParsedApplication {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly finalizers: readonly string[];
  readonly ownerReferences: ReadonlyArray<{ readonly apiVersion: string; readonly kind: string; readonly name: string }>;
  readonly deleting: boolean;
  readonly hasAutomated: boolean;
  readonly autoSync: boolean;
  readonly prune: boolean;
  readonly selfHeal: boolean;
  readonly destinationName: string;
  readonly destinationServer: string;
}

function parseApplication(raw: unknown, fail: (message: string) => never): ParsedApplication {
  if (!isJsonObject(raw)) {
    fail(`not an Argo CD Application, Flux Kustomization or Flux HelmRelease: got ${describe(raw)}; ` +
      'pass the old pipeline\'s object (kubectl -n argocd get application NAME -o yaml, or kubectl -n flux-system get kustomization NAME -o yaml)');
  }
  const obj = raw as JsonObject;
  if (obj.kind !== 'Application' || typeof obj.apiVersion !== 'string' || !obj.apiVersion.startsWith('argoproj.io/')) {
    fail(`not an Argo CD Application, Flux Kustomization or Flux HelmRelease: got ${String(obj.apiVersion)} ${String(obj.kind)}; ` +
      'pass the old pipeline\'s object (kubectl -n argocd get application NAME -o yaml, or kubectl -n flux-system get kustomization NAME -o yaml)');
  }
  const meta = obj.metadata;
  if (!isJsonObject(meta) || typeof meta.name !== 'string' || meta.name === '') fail('metadata.name: required (the Application\'s name)');
  const m = meta as JsonObject;
  // the names end up in shell commands: only what Kubernetes admits.
  if (!DNS_NAME.test(m.name as string)) fail(`metadata.name: ${JSON.stringify(m.name)} is not a Kubernetes object name (a DNS subdomain)`);
  if (m.namespace !== undefined && (typeof m.namespace !== 'string' || !DNS_NAME.test(m.namespace))) {
    fail(`metadata.namespace: ${JSON.stringify(m.namespace)} is not a namespace name (a DNS label)`);
  }
  const spec = obj.spec;
  if (!isJsonObject(spec)) fail('spec: required (an Application has spec.destination and spec.source)');
  const s = spec as JsonObject;
  const finalizers = optionalList(m.finalizers, 'metadata.finalizers', fail);
  if (finalizers.some(f => typeof f !== 'string')) fail('metadata.finalizers: must be a list of strings');
  const owners = optionalList(m.ownerReferences, 'metadata.ownerReferences', fail).map((o, i) => {
    if (!isJsonObject(o) || typeof o.kind !== 'string' || typeof o.name !== 'string' || typeof o.apiVersion !== 'string') {
      return fail(`metadata.ownerReferences[${i}]: needs apiVersion, kind and name`);
    }
    if (!DNS_NAME.test(o.name)) return fail(`metadata.ownerReferences[${i}].name: ${JSON.stringify(o.name)} is not a Kubernetes object name`);
    return { apiVersion: o.apiVersion, kind: o.kind, name: o.name };
  });
  const syncPolicy = optionalObject(s.syncPolicy, 'spec.syncPolicy', fail);
  const automated = optionalObject(syncPolicy?.automated, 'spec.syncPolicy.automated', fail);
  const destination = s.destination;
  if (!isJsonObject(destination)) fail('spec.destination: required (the cluster it deploys to, by name or server)');
  const d = destination as JsonObject;
  const destinationName = typeof d.name === 'string' ? d.name : '';
  const destinationServer = typeof d.server === 'string' ? d.server : '';
  if (!destinationName && !destinationServer) fail('spec.destination: needs a name or a server');
  return {
    name: m.name as string,
    namespace: typeof m.namespace === 'string' ? m.namespace : '',
    labels: stringRecord(m.labels),
    annotations: stringRecord(m.annotations),
    finalizers: finalizers as string[],
    ownerReferences: owners,
    deleting: typeof m.deletionTimestamp === 'string' && m.deletionTimestamp !== '',
    hasAutomated: automated !== undefined,
    // `automated.enabled: false` (Argo CD >= 3.1) keeps the block but turns auto-sync off.
    autoSync: automated !== undefined && automated.enabled !== false,
    prune: automated?.prune === true,
    selfHeal: automated?.selfHeal === true,
    destinationName,
    destinationServer,
  };
}

// the tracking-id annotation (`<app>:<group>/<kind>:<ns>/<name>`) first, the Argo CD >= 3.0 default, then the instance labels.
function parentOf(app: ParsedApplication): { name: string; evidence: string } | undefined {
  const tracking = app.annotations[TRACKING_ID_ANNOTATION];
  if (tracking && tracking.includes(':')) {
    const name = tracking.slice(0, tracking.indexOf(':'));
    if (name && name !== app.name) return { name, evidence: `annotation ${TRACKING_ID_ANNOTATION}: ${tracking}` };
  }
  for (const label of INSTANCE_LABELS) {
    const name = app.labels[label];
    if (name && name !== app.name) return { name, evidence: `label ${label}: ${name}` };
  }
  return undefined;
}

function optionalList(value: JsonValue | undefined, field: string, fail: (message: string) => never): JsonValue[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(`${field}: must be a list`);
  return value as JsonValue[];
}

function optionalObject(value: JsonValue | undefined, field: string, fail: (message: string) => never): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) fail(`${field}: must be an object`);
  return value as JsonObject;
}

function stringRecord(value: JsonValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isJsonObject(value)) return out;
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (typeof v === 'string') setOwn(out, k, v);
  }
  return out;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
