import { formatGroupKind, groupOf, KubeObject } from '../kube/object';
import { MutableRecord, cloneJson } from '../kube/json';
import { CLEAN_RULES, CleanRule } from './clean-rules';

// the rules of each rule list that apply to a group and kind, found once per kind.
const applicable = new WeakMap<readonly CleanRule[], Map<string, readonly CleanRule[]>>();

function rulesFor(rules: readonly CleanRule[], group: string, kind: string): readonly CleanRule[] {
  let byKind = applicable.get(rules);
  if (!byKind) {
    byKind = new Map();
    applicable.set(rules, byKind);
  }
  const gk = formatGroupKind(group, kind);
  let found = byKind.get(gk);
  if (!found) {
    found = rules.filter(r => r.appliesTo === 'all' || r.appliesTo.some(t => t.group === group && t.kind === kind));
    byKind.set(gk, found);
  }
  return found;
}

/**
 * Returns a deep copy of an exported object without the fields the cluster filled in
 * (see {@link CLEAN_RULES}), ready to be a resource template. The input is not changed;
 * cleaning a cleaned object changes nothing.
 *
 * @param rules the rules to apply, in order
 */
export function cleanObject(obj: KubeObject, rules: readonly CleanRule[] = CLEAN_RULES): KubeObject {
  const copy = cloneJson(obj) as unknown as MutableRecord;
  for (const rule of rulesFor(rules, groupOf(obj.apiVersion), obj.kind)) rule.apply(copy);
  return copy as unknown as KubeObject;
}
