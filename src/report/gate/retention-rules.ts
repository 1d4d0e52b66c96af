// What the change does to the retentions of the ResourceInterpreterCustomizations karmada-migrate
// writes (spec.retain). Karmada v1.18.2: pkg/resourceinterpreter/interpreter.go (Retain asks the
// customization of the kind first), pkg/util/objectwatcher/objectwatcher.go (Update: the PUT is
// the Work manifest after retainClusterFields and Retain, on every member event that drifts from
// it, pkg/controllers/status/work_status_controller.go). A field a customization stops retaining is
// set back to the template's value at the next PUT: the member's value (an autoscaler's replica
// count, a restart stamp, an injected caBundle) is lost. A field retained anew only stops Karmada
// from reverting it; a customization added for a kind re-implements the native rule it replaces.
import { Side } from './side';
import { formatPolicyRef, TemplateClaim } from '../../karmada/claims';
import { gvkKey, RetentionSpec } from '../../karmada/retention';
import { suspensionOf } from '../../karmada/suspension';
import { formatKey, keyOf } from '../../kube/object';
import type { CheckFinding } from '../check';

/** A retained field of one object, and the customization retaining it. */
interface Retained {
  /** the template's id, `Kind.group namespace/name`. */
  readonly object: string;
  readonly field: string;
  /** `ResourceInterpreterCustomization name (file)`. */
  readonly by: string;
}

function retainedFields(side: Side): Map<string, Retained> {
  const out = new Map<string, Retained>();
  for (const [id, c] of side.customizations) {
    for (const o of c.retention.objects) {
      const object = templateId(c.retention, o.namespace, o.name);
      for (const field of o.fields) out.set(`${gvkKey(c.retention.apiVersion, c.retention.kind)}\u0000${object}\u0000${field}`, { object, field, by: `${id} (${c.file})` });
    }
  }
  return out;
}

function templateId(r: RetentionSpec, namespace: string | undefined, name: string): string {
  return formatKey(keyOf({ apiVersion: r.apiVersion, kind: r.kind, metadata: { name, ...(namespace ? { namespace } : {}) } }));
}

/**
 * The fields the base retains and the head does not, on objects that stay in Karmada: refused,
 * unless the object's claimant in the head suspends dispatching on every cluster (a Rehearse: no
 * PUT happens until the suspension is lifted, and lifting it takes a rehearsal of the Works with
 * the new retention, whose digest covers the customization).
 *
 * @param staying the templates that stay, with their claim in the head
 */
export function retentionDropped(b: Side, h: Side, staying: ReadonlyMap<string, TemplateClaim>,
  headPolicies: ReadonlyMap<string, { readonly object: unknown }>): CheckFinding[] {
  const before = retainedFields(b);
  const after = retainedFields(h);
  const dropped = new Map<string, Retained[]>();
  for (const [key, r] of before) {
    if (after.has(key)) continue;
    const claim = staying.get(r.object);
    if (!claim) continue;
    const claimant = claim.winner ? headPolicies.get(formatPolicyRef(claim.winner)) : undefined;
    if (claimant && suspensionOf(claimant.object).all) continue;
    dropped.set(r.object, [...(dropped.get(r.object) ?? []), r]);
  }
  return [...dropped].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([object, fields]) => ({
    severity: 'error', rule: 'retention-dropped', object,
    message: `${object} stays in Karmada, but ${fields.map(f => f.field).join(', ')} ${fields.length > 1 ? 'are' : 'is'} no longer retained ` +
      `(retained in the base by ${[...new Set(fields.map(f => f.by))].join(', ')}): at its next PUT Karmada sets ${fields.length > 1 ? 'them' : 'it'} ` +
      'back to the template\'s value, and the member\'s value (an autoscaler\'s replica count, a restart stamp, an injected caBundle) is lost',
    fix: 'keep retaining it; or make the template carry the member\'s value, and drop the retention with the migration in phase Rehearse, ' +
      'rehearse it (karmada-migrate rehearse compares the Works with the member), then lift the suspension with the report',
  }));
}
