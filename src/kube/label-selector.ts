// k8s.io/apimachinery pkg/apis/meta/v1/helpers.go: LabelSelectorAsSelector, and
// pkg/labels/selector.go: Requirement.Matches, the rules Karmada's resource detector
// (pkg/util/selector.go: ResourceSelectorPriority) uses for `resourceSelectors[].labelSelector`.
import { isJsonObject, JsonObject } from './json';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

/**
 * One requirement of a compiled label selector.
 */
interface Requirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: ReadonlySet<string>;
}

/**
 * A label selector turned into requirements once, to be matched against many label sets.
 */
export interface CompiledLabelSelector {
  /**
   * Tells whether a set of labels satisfies every requirement. An empty selector (`{}`)
   * matches every set, including an empty one.
   */
  readonly matches: (labels: Readonly<Record<string, string>>) => boolean;
  /** whether the selector has no requirement at all (`{}`): it matches everything. */
  readonly matchesEverything: boolean;
}

/**
 * The result of {@link compileLabelSelector}: the selector, or why Kubernetes refuses it.
 */
export type LabelSelectorCompilation =
  | { readonly ok: true; readonly selector: CompiledLabelSelector }
  | { readonly ok: false; readonly error: string };

/**
 * Compiles a `metav1.LabelSelector` (`matchLabels` and `matchExpressions`) as
 * `LabelSelectorAsSelector` does:
 *
 * - `matchLabels: {k: v}` requires label `k` with value `v`;
 * - `In` requires the label with one of the values; `NotIn` requires the label to be absent
 *   or to have none of the values; `Exists` / `DoesNotExist` require it present / absent;
 * - no requirement at all (`{}`) selects everything (`labels.Everything()`);
 * - an unknown operator, `In`/`NotIn` without values, or `Exists`/`DoesNotExist` with values
 *   is an error (for Karmada: the selector matches nothing).
 *
 * Label key and value syntax is not checked (the CRD and webhooks do that).
 *
 * @param selector the selector object; `null`/`undefined` is not a selector (callers treat
 * a nil labelSelector as "match all of the kind", which is not the same as `{}`)
 */
export function compileLabelSelector(selector: unknown): LabelSelectorCompilation {
  if (!isJsonObject(selector)) return { ok: false, error: 'a label selector must be an object' };
  const requirements: Requirement[] = [];
  const matchLabels = selector.matchLabels;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isJsonObject(matchLabels)) return { ok: false, error: 'matchLabels must be a map of strings' };
    for (const key of Object.keys(matchLabels)) {
      const value = matchLabels[key];
      if (typeof value !== 'string') return { ok: false, error: `matchLabels[${key}] must be a string` };
      requirements.push({ key, operator: 'In', values: new Set([value]) });
    }
  }
  const expressions = selector.matchExpressions;
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) return { ok: false, error: 'matchExpressions must be a list' };
    for (const [i, expr] of expressions.entries()) {
      const compiled = compileExpression(expr);
      if (typeof compiled === 'string') return { ok: false, error: `matchExpressions[${i}]: ${compiled}` };
      requirements.push(compiled);
    }
  }
  const matchesEverything = requirements.length === 0;
  return {
    ok: true,
    selector: {
      matchesEverything,
      matches: matchesEverything ? () => true : (labels) => requirements.every((r) => requirementMatches(r, labels)),
    },
  };
}

/**
 * Tells whether `labels` satisfy a label selector. An invalid selector matches nothing,
 * as in Karmada's `ResourceSelectorPriority` ("should not happen because all resource
 * selector should be fully validated by webhook").
 */
export function labelSelectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const compiled = compileLabelSelector(selector);
  return compiled.ok && compiled.selector.matches(labels);
}

function compileExpression(expr: unknown): Requirement | string {
  if (!isJsonObject(expr)) return 'must be an object';
  const e: JsonObject = expr;
  if (typeof e.key !== 'string') return 'key must be a string';
  const operator = e.operator;
  if (typeof operator !== 'string' || !OPERATORS.has(operator)) {
    return `${JSON.stringify(operator ?? null)} is not a valid label selector operator`;
  }
  const raw = e.values ?? [];
  if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string')) return 'values must be a list of strings';
  const values = new Set(raw as string[]);
  // k8s.io/apimachinery pkg/labels/selector.go: NewRequirement.
  if ((operator === 'In' || operator === 'NotIn') && values.size === 0) {
    return 'for \'in\', \'notin\' operators, values set can\'t be empty';
  }
  if ((operator === 'Exists' || operator === 'DoesNotExist') && values.size !== 0) {
    return 'values set must be empty for exists and does not exist';
  }
  return { key: e.key, operator: operator as Requirement['operator'], values };
}

function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'In':
      return has && r.values.has(labels[r.key]);
    case 'NotIn':
      return !has || !r.values.has(labels[r.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
  }
}
