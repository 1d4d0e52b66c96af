import { formatKey, groupOf, keyString, KubeObject, ObjectKey } from '../kube/object';
import { isRecord } from '../kube/json';
import type { InventoryTemplate } from './inventory';
import { InventoryWarning } from './types';
import { RETAIN_REPLICAS_TEMPLATE_LABEL } from '../karmada/retain';

/**
 * The label that makes Karmada keep the live `spec.replicas` of a Deployment when it
 * overwrites it (karmada v1.18.2 pkg/resourceinterpreter/default/native/retain.go:
 * retainWorkloadReplicas).
 */
export const RETAIN_REPLICAS_LABEL = RETAIN_REPLICAS_TEMPLATE_LABEL;

/** What {@link applyHpaTargets} returns. */
export interface HpaTargetsResult {
  /** the templates, in the same order; a labelled Deployment is a new object. */
  readonly templates: InventoryTemplate[];
  /** one warning per HorizontalPodAutoscaler whose target cannot keep its replicas, in template order. */
  readonly warnings: InventoryWarning[];
  /**
   * the Deployments that carry the label, in template order: those an autoscaler scales, and
   * those the input labelled already (with no autoscaler).
   */
  readonly retained: RetainedReplicas[];
}

/** A Deployment whose live replicas Karmada keeps (the label {@link RETAIN_REPLICAS_LABEL}), and why. */
export interface RetainedReplicas {
  /** the Deployment. */
  readonly key: ObjectKey;
  /** the HorizontalPodAutoscalers of the inventory that scale it, in template order; none when the input carried the label. */
  readonly autoscalers: readonly ObjectKey[];
}

interface ScaleTarget {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

function isHpa(obj: KubeObject): boolean {
  return obj.kind === 'HorizontalPodAutoscaler' && groupOf(obj.apiVersion) === 'autoscaling';
}

// `spec.scaleTargetRef` has the same shape in autoscaling/v1, v2beta1, v2beta2 and v2.
function scaleTargetOf(hpa: KubeObject): ScaleTarget | undefined {
  const ref = isRecord(hpa.spec) ? hpa.spec.scaleTargetRef : undefined;
  if (!isRecord(ref) || typeof ref.kind !== 'string' || typeof ref.name !== 'string' || !ref.kind || !ref.name) return undefined;
  return { group: typeof ref.apiVersion === 'string' ? groupOf(ref.apiVersion) : '', kind: ref.kind, name: ref.name };
}

/**
 * Gives every Deployment a HorizontalPodAutoscaler of the inventory scales the label
 * `resourcetemplate.karmada.io/retain-replicas: "true"`, so that Karmada keeps the replica
 * count the autoscaler set instead of writing the template's back at every sync (which
 * would fight the autoscaler; a template without `replicas` would even scale to 1).
 *
 * Karmada has this hook for `apps/v1` Deployments only; an autoscaler of anything else
 * (a StatefulSet, a Deployment in another version, a custom kind) is a warning, and so is
 * one whose target is not among the templates. The target is `spec.scaleTargetRef`
 * (`apiVersion`, `kind`, `name`) in the autoscaler's namespace, in every autoscaling version.
 *
 * @param templates cleaned templates; they are not changed
 */
export function applyHpaTargets(templates: readonly InventoryTemplate[]): HpaTargetsResult {
  const byKey = new Map(templates.map(t => [keyString(t.key), t]));
  const labelled = new Map<string, ObjectKey[]>();
  const warnings: InventoryWarning[] = [];
  for (const hpa of templates) {
    if (!isHpa(hpa.object)) continue;
    const warn = (message: string) => warnings.push({ key: hpa.key, source: hpa.source, message: `${formatKey(hpa.key)} ${message}` });
    const target = scaleTargetOf(hpa.object);
    if (!target) {
      warn('has no spec.scaleTargetRef with a kind and a name; it scales nothing the inventory can check');
      continue;
    }
    const found = findTarget(byKey, target, hpa.key.namespace);
    const targetName = formatKey({ group: target.group, kind: target.kind, namespace: hpa.key.namespace, name: target.name });
    if (!found) {
      warn(`scales ${targetName}, which is not among the templates of the inventory; if it is taken over, ` +
        (target.kind === 'Deployment' ? `give it the label ${RETAIN_REPLICAS_LABEL}: "true" so that Karmada keeps its replicas` :
          'Karmada will write its replicas back at every sync and fight the autoscaler'));
    } else if (found.key.kind !== 'Deployment') {
      warn(`scales ${formatKey(found.key)}: Karmada keeps the live replica count only for Deployments (${RETAIN_REPLICAS_LABEL}), ` +
        `so a takeover writes spec.replicas${replicasOf(found.object)} back at every sync and fights the autoscaler; leave it out of the takeovers, ` +
        'or add a replica retention for the kind (a ResourceInterpreterCustomization with retention)');
    } else if (found.object.apiVersion !== 'apps/v1') {
      warn(`scales ${formatKey(found.key)}, whose apiVersion is ${found.object.apiVersion}: Karmada's ${RETAIN_REPLICAS_LABEL} hook ` +
        'only applies to apps/v1 Deployments; write the Deployment as apps/v1');
    } else {
      labelled.set(keyString(found.key), [...labelled.get(keyString(found.key)) ?? [], hpa.key]);
    }
  }
  const retained = templates.flatMap(t => {
    const autoscalers = labelled.get(keyString(t.key));
    if (autoscalers) return [{ key: t.key, autoscalers }];
    return t.key.kind === 'Deployment' && t.object.metadata.labels?.[RETAIN_REPLICAS_LABEL] === 'true' ? [{ key: t.key, autoscalers: [] }] : [];
  });
  return {
    templates: templates.map(t => (labelled.has(keyString(t.key)) ? withRetainReplicas(t) : t)),
    warnings,
    retained,
  };
}

// the target in the autoscaler's namespace; the extensions group's workloads moved to apps.
function findTarget(byKey: ReadonlyMap<string, InventoryTemplate>, target: ScaleTarget, namespace?: string): InventoryTemplate | undefined {
  const groups = target.group === 'extensions' ? ['extensions', 'apps'] : [target.group];
  for (const group of groups) {
    const key: ObjectKey = { group, kind: target.kind, namespace, name: target.name };
    const found = byKey.get(keyString(key));
    if (found) return found;
  }
  return undefined;
}

function replicasOf(obj: KubeObject): string {
  const replicas = isRecord(obj.spec) ? obj.spec.replicas : undefined;
  return typeof replicas === 'number' ? ` (${replicas})` : ' (1 when unset)';
}

function withRetainReplicas(t: InventoryTemplate): InventoryTemplate {
  if (t.object.metadata.labels?.[RETAIN_REPLICAS_LABEL] === 'true') return t;
  const labels = { ...t.object.metadata.labels, [RETAIN_REPLICAS_LABEL]: 'true' };
  return { ...t, object: { ...t.object, metadata: { ...t.object.metadata, labels } } };
}
