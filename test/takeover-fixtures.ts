// The example after its takeover synced: the ResourceBindings and Works Karmada v1.18.2 writes
// for its templates, with their statuses (pkg/detector/claim.go: the claim labels and annotations;
// pkg/scheduler/helper.go: Scheduled; pkg/util/helper/workstatus.go: FullyApplied and
// aggregatedStatus; pkg/controllers/binding/common.go ensureWork: the Work's name, labels,
// annotations and flags; pkg/controllers/execution/execution_controller.go: Dispatching and
// Applied; pkg/controllers/status/work_status_controller.go: manifestStatuses), and the member
// cluster's export after it (the takeover's PUT adds Karmada's labels and annotations; a
// Deployment's generation grows with its annotations). Scenarios bend them one at a time.
import * as path from 'path';
import { readInventory } from '../src/inventory/read';
import { generateWorkName } from '../src/karmada/works';
import { groupOf, KubeObject } from '../src/kube/object';
import { readDistDir } from '../src/report/dist-tree';
import { exampleClaimant, rehearsalWork, templatesOf } from './rehearsal-fixtures';
import { ROOT } from './util';

/** the example's dist/, in the Takeover phase. */
export const EXAMPLE_DIST = path.join(ROOT, 'dist');
/** the export of member1 before the takeover. */
export const BEFORE_FILE = path.join(ROOT, 'inventory', 'member1.yaml');

const T = '2026-11-20T10:00:00Z';
const RB_ID = 'a1b2c3d4-0000-4000-8000-00000000000';
const WORK_ID = 'c3d4e5f6-0000-4000-8000-00000000000';
const PP_ID = 'b3c1f0a4-6f1e-4c8a-9a57-1d2e3f4a5b6c';

/** the exact texts of Karmada v1.18.2. */
export const KARMADA_TEXT = {
  scheduled: 'Binding has been scheduled successfully.',
  fullyApplied: 'All works have been successfully applied',
  notFullyApplied: 'Failed to apply all works, see status.aggregatedStatus for details',
  dispatching: 'Work is being dispatched to member clusters.',
  suspended: 'Work dispatching is in a suspended state.',
  applied: 'Manifest has been successfully applied',
  /** pkg/util/objectwatcher/objectwatcher.go Update, through execution_controller.go syncToClusters. */
  abortConflict: (kind: string, ns: string, name: string, cluster: string) => `Failed to apply all manifests (0/1): resource(kind=${kind}, ${ns}/${name}) already exists ` +
    `in the cluster ${cluster} and the work.karmada.io/conflict-resolution strategy value is empty, Karmada will not manage this resource`,
} as const;

const condition = (type: string, status: 'True' | 'False', reason: string, message: string) => ({ type, status, reason, message, lastTransitionTime: T });

/** how a scenario bends the objects of one template. */
export interface TakeoverBend {
  /** the policy its binding names (a PropagationPolicy of its namespace). @default the example's */
  readonly claimant?: string;
  /** no binding at all. */
  readonly noBinding?: boolean;
  /** no Work at all. */
  readonly noWork?: boolean;
  /** the binding's clusters. @default ['member1'] */
  readonly clusters?: readonly string[];
  /** the policy suspends dispatching: the Work is never applied. */
  readonly suspended?: boolean;
  /** the Work is Applied=False with Karmada's Abort conflict. */
  readonly abortConflict?: boolean;
  /** the Work is Applied=False with this error. */
  readonly applyError?: string;
  /** the Work has no Applied condition yet. */
  readonly pending?: boolean;
}

function index(t: KubeObject): number {
  const same = (x: KubeObject) => x.kind === t.kind && x.metadata.name === t.metadata.name && x.metadata.namespace === t.metadata.namespace;
  return templatesOf(readDistDir(EXAMPLE_DIST)).findIndex(same);
}

/** the ResourceBinding of a template, as Karmada writes it once scheduled and applied. */
export function takeoverBinding(t: KubeObject, bend: TakeoverBend = {}): object {
  const clusters = bend.clusters ?? ['member1'];
  const applied = !(bend.suspended || bend.abortConflict || bend.applyError || bend.pending);
  const message = bend.abortConflict ? KARMADA_TEXT.abortConflict(t.kind, t.metadata.namespace!, t.metadata.name, 'member1') : bend.applyError;
  return {
    apiVersion: 'work.karmada.io/v1alpha2', kind: 'ResourceBinding',
    metadata: {
      // pkg/util/names/names.go GenerateBindingName: no hash.
      name: `${t.metadata.name.replace(/:/g, '.')}-${t.kind}`.toLowerCase(), namespace: t.metadata.namespace,
      labels: { 'propagationpolicy.karmada.io/permanent-id': PP_ID, 'resourcebinding.karmada.io/permanent-id': `${RB_ID}${index(t)}` },
      annotations: { 'propagationpolicy.karmada.io/name': bend.claimant ?? exampleClaimant(t), 'propagationpolicy.karmada.io/namespace': t.metadata.namespace! },
      finalizers: ['karmada.io/binding-controller'],
    },
    spec: {
      resource: { apiVersion: t.apiVersion, kind: t.kind, namespace: t.metadata.namespace, name: t.metadata.name, uid: `5e0d${index(t)}f00-0000-4000-8000-000000000001`, resourceVersion: '1001' },
      clusters: clusters.map(name => ({ name, ...(t.kind === 'Deployment' ? { replicas: (t.spec as { replicas?: number }).replicas ?? 1 } : {}) })),
      placement: { clusterAffinity: { clusterNames: ['member1'] } },
      conflictResolution: 'Overwrite',
      ...(bend.suspended ? { suspension: { dispatching: true } } : {}),
    },
    status: {
      schedulerObservedGeneration: 2,
      lastScheduledTime: T,
      conditions: [
        condition('Scheduled', 'True', 'Success', KARMADA_TEXT.scheduled),
        applied ? condition('FullyApplied', 'True', 'FullyAppliedSuccess', KARMADA_TEXT.fullyApplied)
          : condition('FullyApplied', 'False', 'FullyAppliedFailed', KARMADA_TEXT.notFullyApplied),
      ],
      aggregatedStatus: clusters.map(clusterName => ({
        clusterName, ...(applied ? { applied: true, health: 'Healthy' } : { health: 'Unknown', ...(message ? { appliedMessage: message } : {}) }),
      })),
    },
  };
}

/** the Work of a template in karmada-es-member1, as Karmada writes it once applied. */
export function takeoverWork(t: KubeObject, bend: TakeoverBend = {}): object {
  const base = rehearsalWork(t, { suspended: bend.suspended === true, ...(bend.claimant ? { claimant: bend.claimant } : {}) }) as {
    metadata: object; spec: { workload: { manifests: KubeObject[] } };
  };
  const manifest = base.spec.workload.manifests[0];
  const conflict = bend.abortConflict ? 'abort' : 'overwrite';
  (manifest.metadata.annotations as Record<string, string>)['work.karmada.io/conflict-resolution'] = conflict;
  const error = bend.abortConflict ? KARMADA_TEXT.abortConflict(t.kind, t.metadata.namespace!, t.metadata.name, 'member1')
    : bend.applyError ? `Failed to apply all manifests (0/1): ${bend.applyError}` : undefined;
  const conditions = bend.suspended ? [condition('Dispatching', 'False', 'SuspendDispatching', KARMADA_TEXT.suspended)] : [
    condition('Dispatching', 'True', 'Dispatching', KARMADA_TEXT.dispatching),
    ...(bend.pending ? [] : error ? [condition('Applied', 'False', 'AppliedFailed', error)] : [condition('Applied', 'True', 'AppliedSuccessful', KARMADA_TEXT.applied)]),
  ];
  const [group, version] = t.apiVersion.includes('/') ? t.apiVersion.split('/') : ['', t.apiVersion];
  const applied = !bend.suspended && !bend.pending && !error;
  return {
    apiVersion: 'work.karmada.io/v1alpha1', kind: 'Work',
    metadata: {
      name: generateWorkName(t.kind, t.metadata.name, t.metadata.namespace), namespace: 'karmada-es-member1',
      labels: { 'resourcebinding.karmada.io/permanent-id': `${RB_ID}${index(t)}`, 'work.karmada.io/permanent-id': `${WORK_ID}${index(t)}` },
      annotations: {
        'resourcebinding.karmada.io/name': `${t.metadata.name}-${t.kind}`.toLowerCase(), 'resourcebinding.karmada.io/namespace': t.metadata.namespace!,
        'work.karmada.io/conflict-resolution': conflict,
      },
      finalizers: ['karmada.io/execution-controller'],
    },
    spec: { workload: { manifests: [manifest] }, suspendDispatching: bend.suspended === true, preserveResourcesOnDeletion: false },
    status: {
      conditions,
      ...(applied ? {
        manifestStatuses: [{ identifier: { ordinal: 0, group: groupOf(t.apiVersion) || group, version, kind: t.kind, namespace: t.metadata.namespace, name: t.metadata.name, resource: '' }, health: 'Healthy' }],
      } : {}),
    },
  };
}

/** the bindings and Works of every template of the example, bent per template name. */
export function takeoverEvidence(bends: Record<string, TakeoverBend> = {}): { bindings: object[]; works: object[] } {
  const templates = templatesOf(readDistDir(EXAMPLE_DIST));
  // nginx and nginx-svc differ by name; the shop apps have a Deployment and a Service each: bend both.
  const bend = (t: KubeObject) => bends[`${t.kind}/${t.metadata.name}`] ?? bends[t.metadata.name] ?? {};
  return {
    bindings: templates.filter(t => !bend(t).noBinding).map(t => takeoverBinding(t, bend(t))),
    works: templates.filter(t => !bend(t).noWork).map(t => takeoverWork(t, bend(t))),
  };
}

/** the export of member1 before the takeover. */
export function beforeExport(): KubeObject[] {
  return readInventory([BEFORE_FILE]).map(o => o.object);
}

/**
 * the export of member1 after a clean takeover: every taken-over object carries Karmada's labels
 * and annotations, and each Deployment's generation grew by one for them; `bend` edits the
 * objects further (by kind/name).
 */
export function afterExport(bend: (o: KubeObject & Record<string, unknown>) => void = () => undefined): KubeObject[] {
  const taken = new Set(templatesOf(readDistDir(EXAMPLE_DIST)).map(t => `${t.kind}/${t.metadata.namespace}/${t.metadata.name}`));
  return beforeExport().map(o => {
    const copy = JSON.parse(JSON.stringify(o)) as { metadata: Record<string, unknown> } & Record<string, unknown>;
    if (taken.has(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)) {
      copy.metadata.labels = { ...o.metadata.labels, 'karmada.io/managed': 'true', 'propagationpolicy.karmada.io/permanent-id': PP_ID };
      copy.metadata.annotations = {
        ...o.metadata.annotations, 'work.karmada.io/name': generateWorkName(o.kind, o.metadata.name, o.metadata.namespace),
        'work.karmada.io/namespace': 'karmada-es-member1', 'work.karmada.io/conflict-resolution': 'overwrite',
        'propagationpolicy.karmada.io/name': exampleClaimant(o), 'propagationpolicy.karmada.io/namespace': o.metadata.namespace!,
      };
      if (o.kind === 'Deployment') copy.metadata.generation = Number(o.metadata.generation) + 1;
    }
    const out = copy as unknown as KubeObject & Record<string, unknown>;
    bend(out);
    return out;
  });
}
