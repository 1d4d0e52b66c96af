import { formatGroupKind, groupOf, KubeObject } from '../kube/object';
import { MutableRecord, cloneJson, setOwn } from '../kube/json';
import { CLEAN_RULES, CleanRule } from './clean-rules';

// the fields left out of the copy: a key maps to true (left out) or to the fields left out under it.
interface Skipped {
  readonly [key: string]: true | Skipped;
}

interface Applicable {
  readonly rules: readonly CleanRule[];
  readonly skipped: Skipped | undefined;
}

// the rules of each rule list that apply to a group and kind, and the fields they remove whatever
// their value, found once per kind.
const applicable = new WeakMap<readonly CleanRule[], Map<string, Applicable>>();

function rulesFor(rules: readonly CleanRule[], group: string, kind: string): Applicable {
  let byKind = applicable.get(rules);
  if (!byKind) {
    byKind = new Map();
    applicable.set(rules, byKind);
  }
  const gk = formatGroupKind(group, kind);
  let found = byKind.get(gk);
  if (!found) {
    const kindRules = rules.filter(r => r.appliesTo === 'all' || r.appliesTo.some(t => t.group === group && t.kind === kind));
    found = { rules: kindRules, skipped: skippedBy(kindRules) };
    byKind.set(gk, found);
  }
  return found;
}

// the built-in rules, whose `removes` is honoured: a rule of the user's, or a copy of a built-in
// one with another apply (`{ ...rule, apply }`), may read the fields it lists.
const TRUSTED: ReadonlySet<CleanRule> = new Set(CLEAN_RULES);

/**
 * The fields {@link cleanObject} leaves out of its copy for `rules` (those that apply to one
 * kind, in order): the `removes` of the leading run of built-in rules that declare it. A rule
 * before them could read the fields, so a rule of another origin ends the run.
 */
export function leftOutBy(rules: readonly CleanRule[]): (readonly string[])[] {
  const paths: (readonly string[])[] = [];
  for (const rule of rules) {
    if (!TRUSTED.has(rule) || !rule.removes) break;
    paths.push(...rule.removes.filter(p => p.length > 0));
  }
  return paths;
}

function skippedBy(rules: readonly CleanRule[]): Skipped | undefined {
  return skippedTree(leftOutBy(rules));
}

function skippedTree(paths: readonly (readonly string[])[]): Skipped | undefined {
  type Node = Record<string, true | Skipped>;
  const root = Object.create(null) as Node;
  for (const path of paths) {
    let at: Node | undefined = root;
    for (const key of path.slice(0, -1)) {
      const next: true | Skipped | undefined = at[key];
      if (next === true) {
        at = undefined; // a field above is left out whole
        break;
      }
      at = (next ?? (at[key] = Object.create(null) as Node)) as Node;
    }
    if (at) at[path[path.length - 1]] = true;
  }
  return paths.length > 0 ? root : undefined;
}

/** a deep copy of a JSON value without the fields at `paths` (each a list of keys); exported for its tests. */
export function copyLeavingOut(value: unknown, paths: readonly (readonly string[])[]): unknown {
  const skipped = skippedTree(paths.filter(p => p.length > 0));
  return skipped ? copyWithout(value, skipped) : cloneJson(value);
}

// cloneJson (kube/json.ts), leaving out the fields of `skipped`.
function copyWithout(value: unknown, skipped: Skipped): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return cloneJson(value);
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key in source) {
    const v = source[key];
    const skip = Object.prototype.hasOwnProperty.call(skipped, key) ? skipped[key] : undefined;
    if (v === undefined || skip === true) continue;
    setOwn(out, key, skip ? copyWithout(v, skip) : cloneJson(v));
  }
  return out;
}

/**
 * Returns a deep copy of an exported object without the fields the cluster filled in
 * (see {@link CLEAN_RULES}), ready to be a resource template. The input is not changed;
 * cleaning a cleaned object changes nothing.
 *
 * @param rules the rules to apply, in order
 */
export function cleanObject(obj: KubeObject, rules: readonly CleanRule[] = CLEAN_RULES): KubeObject {
  const { rules: kindRules, skipped } = rulesFor(rules, groupOf(obj.apiVersion), obj.kind);
  const copy = (skipped ? copyWithout(obj, skipped) : cloneJson(obj)) as MutableRecord;
  for (const rule of kindRules) rule.apply(copy);
  return copy as unknown as KubeObject;
}
