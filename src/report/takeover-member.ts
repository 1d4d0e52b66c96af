// What a takeover did to a member object, read from two exports of the member cluster, one
// before and one after it: the object kept its identity (metadata.uid), its pods were not rolled
// (the pod template, the controllers' revision markers, the hashes of the ReplicaSets and pods
// they own), its replica count held, and its generation moved only for what the template changes.
// Kubernetes facts: pkg/registry/apps/deployment/strategy.go (PrepareForUpdate: a Deployment's
// generation grows on a change of its spec or of its annotations, which Karmada's takeover PUT
// adds; other kinds' on spec changes only), pkg/controller/deployment (the revision annotation
// deployment.kubernetes.io/revision, the pod-template-hash label of its ReplicaSets and pods),
// pkg/controller/statefulset and daemon (status.updateRevision, the controller-revision-hash
// label of their pods, the DaemonSet's deprecated.daemonset.template.generation annotation).
// Karmada v1.18.2: what the takeover PUT legitimately changes is predictOverwrite's model of
// pkg/util/objectwatcher/objectwatcher.go Update.
import { diffJson } from '../kube/diff';
import { isJsonObject, JsonObject, JsonValue, toJson } from '../kube/json';
import { groupOf, KubeObject, keyOf, keyString } from '../kube/object';
import { predictOverwrite } from '../karmada/overwrite';
import { RetentionSpec } from '../karmada/retention';

/** What the exports show went wrong with one object. */
export type MemberFindingKind =
  /** the before export does not hold the object: Karmada created it, it took nothing over (or the export is incomplete). */
  | 'missing-before'
  /** the after export does not hold it: it was deleted. */
  | 'missing-after'
  /** its `metadata.uid` changed: it was deleted and created anew. */
  | 're-created'
  /** its pods were rolled. */
  | 'pods-restarted'
  /** `spec.replicas` changed. */
  | 'replicas-changed'
  /** `metadata.generation` grew for a change the template does not make. */
  | 'unexpected-generation'
  /** an export lacks what the comparison needs (`metadata.uid`, `metadata.generation` on one side). */
  | 'evidence-incomplete';

/** One finding of {@link compareMemberObject}. */
export interface MemberFinding {
  readonly kind: MemberFindingKind;
  readonly message: string;
}

/** An export of the member cluster, indexed for {@link compareMemberObject}. */
export interface MemberExport {
  /** the objects, by {@link keyString}. */
  readonly objects: ReadonlyMap<string, KubeObject>;
  /** the objects that name an owner, by `namespace/Kind/name` of the owner. */
  readonly owned: ReadonlyMap<string, readonly KubeObject[]>;
  /** where it was read, for messages. */
  readonly file: string;
}

/**
 * indexes an export (`kubectl get ... -A -o yaml`) by identity and by owner.
 *
 * @param file where it was read, for messages
 */
export function indexMemberExport(objects: readonly KubeObject[], file: string): MemberExport {
  const byKey = new Map<string, KubeObject>();
  const owned = new Map<string, KubeObject[]>();
  for (const o of objects) {
    byKey.set(keyString(keyOf(o)), o);
    const refs = Array.isArray(o.metadata.ownerReferences) ? o.metadata.ownerReferences : [];
    for (const r of refs) {
      if (!isJsonObject(r) || typeof r.kind !== 'string' || typeof r.name !== 'string') continue;
      const k = `${o.metadata.namespace ?? ''}/${r.kind}/${r.name}`;
      owned.set(k, [...(owned.get(k) ?? []), o]);
    }
  }
  return { objects: byKey, owned, file };
}

const POD_TEMPLATE_HASH = 'pod-template-hash';
const CONTROLLER_REVISION_HASH = 'controller-revision-hash';
const DEPLOYMENT_REVISION = 'deployment.kubernetes.io/revision';
const DAEMONSET_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';
/** the workloads whose `spec.template` is the pods' (a Job's is immutable, a CronJob's reaches the next run only). */
const POD_TEMPLATE_KINDS: ReadonlySet<string> = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'apps/ReplicaSet']);
/** what has its own finding, so the generation check leaves it out. */
const OWN_FINDINGS: readonly string[] = ['spec.replicas', 'spec.template'];

/**
 * Compares one taken-over object in the exports of its member cluster before and after the
 * takeover. In order: missing on a side, a new `metadata.uid`, rolled pods (with the evidence:
 * `spec.template` paths, the Deployment's revision, the DaemonSet's template generation, the
 * StatefulSet's update revision, a ReplicaSet or pods of a hash the before export lacks, a bare
 * Pod's container restarts), `spec.replicas` from→to, and a generation that grew though neither
 * the spec changed in a way the template makes (through Karmada's pruning and retain rules,
 * {@link predictOverwrite} of `manifest` onto the before object) nor, for a Deployment, its
 * annotations (the takeover's PUT adds Karmada's).
 *
 * @param template the template of `dist/` (its identity)
 * @param manifest what Karmada applies: the Work's manifest, else the template
 * @param retention the retention of the ResourceInterpreterCustomization of its kind in `dist/`, which replaces the native one
 */
export function compareMemberObject(template: KubeObject, manifest: KubeObject, before: MemberExport, after: MemberExport,
  retention?: RetentionSpec): MemberFinding[] {
  const key = keyString(keyOf(template));
  const b = before.objects.get(key);
  const a = after.objects.get(key);
  const out: MemberFinding[] = [];
  if (!b) {
    out.push({ kind: 'missing-before', message: `the before export (${before.file}) holds no such object: nothing proves Karmada took over an existing object ` +
      'rather than created it; export every kind taken over from the source cluster before the takeover' });
  }
  if (!a) {
    out.push({ kind: 'missing-after', message: `the after export (${after.file}) holds no such object: it is gone from the member cluster ` +
      '(deleted, or the export is incomplete); check it with kubectl get on the member' });
  }
  if (!a || !b) return out;

  const uidBefore = b.metadata.uid;
  const uidAfter = a.metadata.uid;
  if (typeof uidBefore !== 'string' || typeof uidAfter !== 'string' || !uidBefore || !uidAfter) {
    out.push({ kind: 'evidence-incomplete', message: `metadata.uid is missing in the ${!uidBefore ? 'before' : 'after'} export: ` +
      'export the objects as the API server returns them (kubectl get -o yaml), not cleaned manifests' });
  } else if (uidBefore !== uidAfter) {
    out.push({ kind: 're-created', message: `metadata.uid changed from ${uidBefore} to ${uidAfter}` +
      `${a.metadata.creationTimestamp !== b.metadata.creationTimestamp ? ` (created ${String(a.metadata.creationTimestamp ?? '?')})` : ''}: ` +
      'the object was deleted and created anew, with new pods' });
  }

  const gk = `${groupOf(template.apiVersion) || 'core'}/${template.kind}`;
  const restart = podRestartEvidence(gk, b, a, before, after);
  if (restart.length) out.push({ kind: 'pods-restarted', message: `its pods were rolled: ${restart.join('; ')}` });

  const rb = specOf(b).replicas;
  const ra = specOf(a).replicas;
  if ((typeof rb === 'number' || typeof ra === 'number') && rb !== ra) {
    out.push({ kind: 'replicas-changed', message: `spec.replicas went from ${rb ?? 'unset'} to ${ra ?? 'unset'}` +
      `${gk === 'apps/Deployment' ? ' (a template without replicas scales to 1; an HPA target needs the label resourcetemplate.karmada.io/retain-replicas: "true")' : ''}` });
  }

  const generation = generationFinding(gk, manifest, b, a, retention);
  if (generation) out.push(generation);
  return out;
}

function specOf(o: KubeObject): JsonObject {
  return isJsonObject(o.spec) ? o.spec : {};
}

function annotation(o: KubeObject, k: string): string | undefined {
  return o.metadata.annotations?.[k];
}

// the evidence that the pods of a workload were rolled between the exports.
function podRestartEvidence(gk: string, b: KubeObject, a: KubeObject, before: MemberExport, after: MemberExport): string[] {
  const out: string[] = [];
  if (POD_TEMPLATE_KINDS.has(gk)) {
    const paths = diffJson(toJson(specOf(b).template), toJson(specOf(a).template), undefined, ['spec', 'template']).map(e => e.path);
    if (paths.length) out.push(`spec.template changed (${paths.slice(0, 5).join(', ')}${paths.length > 5 ? `, and ${paths.length - 5} more` : ''})`);
  }
  const changed = (what: string, x: unknown, y: unknown) => {
    if (x !== undefined && y !== undefined && x !== y) out.push(`${what} went from ${String(x)} to ${String(y)}`);
  };
  if (gk === 'apps/Deployment') changed(`the annotation ${DEPLOYMENT_REVISION}`, annotation(b, DEPLOYMENT_REVISION), annotation(a, DEPLOYMENT_REVISION));
  if (gk === 'apps/DaemonSet') changed(`the annotation ${DAEMONSET_TEMPLATE_GENERATION}`, annotation(b, DAEMONSET_TEMPLATE_GENERATION), annotation(a, DAEMONSET_TEMPLATE_GENERATION));
  if (gk === 'apps/StatefulSet') {
    const status = (o: KubeObject) => (isJsonObject(o.status) ? o.status : {});
    changed('status.updateRevision', status(b).updateRevision, status(a).updateRevision);
  }
  const hashes = (e: MemberExport) => revisionHashes(gk, b, e);
  const was = hashes(before);
  const now = hashes(after);
  // without the ReplicaSets or pods in the before export, a hash cannot be told new.
  if (was.seen) {
    const fresh = [...now.hashes.keys()].filter(h => !was.hashes.has(h)).sort();
    for (const h of fresh) out.push(`${now.hashes.get(h)} with ${now.label} ${h}, which the before export lacks`);
  }
  if (gk === 'core/Pod') changed('the containers\' restartCount', restarts(b), restarts(a));
  return out;
}

// the revision hashes of the pods of a workload in an export: a Deployment's through its
// ReplicaSets (those scaled up, and those owning pods), a StatefulSet's and DaemonSet's on their pods.
function revisionHashes(gk: string, w: KubeObject, e: MemberExport): { seen: boolean; label: string; hashes: Map<string, string> } {
  const ns = w.metadata.namespace ?? '';
  const hashes = new Map<string, string>();
  const label = (o: KubeObject, l: string) => o.metadata.labels?.[l];
  if (gk === 'apps/Deployment') {
    const sets = (e.owned.get(`${ns}/Deployment/${w.metadata.name}`) ?? []).filter(o => o.kind === 'ReplicaSet');
    for (const rs of sets) {
      const h = label(rs, POD_TEMPLATE_HASH);
      const pods = (e.owned.get(`${ns}/ReplicaSet/${rs.metadata.name}`) ?? []).filter(o => o.kind === 'Pod');
      if (h && (pods.length > 0 || Number(specOf(rs).replicas ?? 0) > 0)) hashes.set(h, `ReplicaSet ${rs.metadata.name}`);
    }
    return { seen: sets.length > 0, label: POD_TEMPLATE_HASH, hashes };
  }
  if (gk === 'apps/StatefulSet' || gk === 'apps/DaemonSet') {
    const pods = (e.owned.get(`${ns}/${w.kind}/${w.metadata.name}`) ?? []).filter(o => o.kind === 'Pod');
    for (const p of pods) {
      const h = label(p, CONTROLLER_REVISION_HASH);
      if (h && !hashes.has(h)) hashes.set(h, `pod ${p.metadata.name}`);
    }
    return { seen: pods.length > 0, label: CONTROLLER_REVISION_HASH, hashes };
  }
  return { seen: false, label: '', hashes };
}

function restarts(p: KubeObject): number | undefined {
  const statuses = isJsonObject(p.status) && Array.isArray(p.status.containerStatuses) ? p.status.containerStatuses : undefined;
  if (!statuses) return undefined;
  return statuses.reduce<number>((n, s) => n + (isJsonObject(s) && typeof s.restartCount === 'number' ? s.restartCount : 0), 0);
}

// everything but the identity, metadata and status: what a generation follows.
function body(o: KubeObject): JsonObject {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(toJson(o) as JsonObject)) if (!['apiVersion', 'kind', 'metadata', 'status'].includes(k)) out[k] = v;
  return out;
}

function generationFinding(gk: string, manifest: KubeObject, b: KubeObject, a: KubeObject, retention?: RetentionSpec): MemberFinding | undefined {
  const gb = b.metadata.generation;
  const ga = a.metadata.generation;
  if (gb === undefined && ga === undefined) return undefined;
  if (typeof gb !== 'number' || typeof ga !== 'number') {
    return { kind: 'evidence-incomplete', message: `metadata.generation is missing in the ${typeof gb !== 'number' ? 'before' : 'after'} export: ` +
      'export the objects as the API server returns them (kubectl get -o yaml)' };
  }
  if (ga <= gb) return undefined;
  const covered = (path: string, by: readonly string[]) => by.some(p => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`) ||
    p.startsWith(`${path}.`) || p.startsWith(`${path}[`));
  const observed = diffJson(body(b), body(a)).map(e => e.path);
  let predicted: string[];
  try {
    predicted = predictOverwrite(manifest, b, retention ? { retention } : {}).changes.map(c => c.path).filter(p => !p.startsWith('metadata.'));
  } catch (e) {
    return { kind: 'unexpected-generation', message: `metadata.generation went from ${gb} to ${ga}, and what the template changes cannot be told: ${(e as Error).message}` };
  }
  const unexplained = observed.filter(p => !covered(p, OWN_FINDINGS) && !covered(p, predicted));
  if (unexplained.length) {
    return { kind: 'unexpected-generation', message: `metadata.generation went from ${gb} to ${ga} and ${unexplained.join(', ')} changed, which the template does not change ` +
      '(after Karmada\'s pruning and retain rules): another writer changed the spec (the old pipeline, a controller, someone by hand)' };
  }
  const annotationsMoved = gk === 'apps/Deployment' && diffJson(toJson(b.metadata.annotations ?? {}), toJson(a.metadata.annotations ?? {})).length > 0;
  if (observed.length === 0 && !annotationsMoved) {
    return { kind: 'unexpected-generation', message: `metadata.generation went from ${gb} to ${ga}, yet the spec is the same in both exports` +
      `${gk === 'apps/Deployment' ? ' and so are the annotations' : ''}: it was changed and changed back between the exports (a writer fighting Karmada?)` };
  }
  return undefined;
}
