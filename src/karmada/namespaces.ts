// karmada v1.18.2: pkg/util/names/names.go (IsReservedNamespace) and
// cmd/controller-manager/app/options/options.go (--skipped-propagating-namespaces).

/**
 * The namespaces Karmada reserves for itself: `karmada-system`, `karmada-cluster`, and the
 * execution spaces `karmada-es-<cluster>` that hold each member cluster's Works.
 *
 * @see https://karmada.io/docs/reference/reserved-namespaces
 */
export const RESERVED_NAMESPACES: readonly string[] = ['karmada-system', 'karmada-cluster'];

/** The prefix of Karmada's execution-space namespaces, one per member cluster. */
export const EXECUTION_SPACE_PREFIX = 'karmada-es-';

/**
 * The default of the controller-manager's `--skipped-propagating-namespaces` flag.
 * Setting the flag replaces this list.
 */
export const DEFAULT_SKIPPED_PROPAGATING_NAMESPACES: readonly string[] = ['kube-.*'];

/**
 * Tells whether `ns` is a namespace Karmada reserves (`names.IsReservedNamespace`): the
 * resource detector ignores every object in it.
 */
export function isReservedNamespace(ns: string): boolean {
  return RESERVED_NAMESPACES.includes(ns) || ns.startsWith(EXECUTION_SPACE_PREFIX);
}

/**
 * Tells whether `ns` matches one of the controller-manager's `--skipped-propagating-namespaces`
 * patterns: the resource detector and the namespace sync controller ignore it.
 *
 * Each pattern is wrapped as Karmada wraps it, `^<pattern>$`, by plain string concatenation:
 * like in Go, a pattern with a top-level alternation (`a|b`) is therefore only anchored at
 * its two ends (`^a|b$`). The patterns are read as JavaScript regular expressions, which
 * agree with Go's RE2 syntax for the usual namespace patterns.
 *
 * @param ns the namespace; `''` (cluster-scoped objects) matches only a pattern that matches the empty string
 * @param skippedPatterns the flag's value, `['kube-.*']` when not given
 * @throws SyntaxError when a pattern is not a valid regular expression (the controller-manager refuses to start)
 */
export function isSkippedNamespace(ns: string, skippedPatterns: readonly string[] = DEFAULT_SKIPPED_PROPAGATING_NAMESPACES): boolean {
  return skippedPatterns.some((p) => new RegExp(`^${p}$`).test(ns));
}

/**
 * Tells whether Karmada never propagates objects of namespace `ns`: it is reserved, or it
 * matches `--skipped-propagating-namespaces`. This is the namespace half of
 * `ResourceDetector.EventFilter` (pkg/detector/detector.go).
 *
 * @param ns the namespace
 * @param skippedPatterns the controller-manager's `--skipped-propagating-namespaces`, `['kube-.*']` when not given
 */
export function isNeverPropagated(ns: string, skippedPatterns: readonly string[] = DEFAULT_SKIPPED_PROPAGATING_NAMESPACES): boolean {
  return isReservedNamespace(ns) || isSkippedNamespace(ns, skippedPatterns);
}
