// "did you mean": the one rule every lookup of a name the user typed uses (kinds, config fields,
// enum values, object names), so that a typo is answered the same way everywhere.

/**
 * The optimal-string-alignment distance between two strings: the fewest insertions,
 * deletions, substitutions and transpositions of two adjacent characters that turn one
 * into the other (Damerau-Levenshtein where no substring is edited twice), so that
 * `Deploymnet` is one edit from `Deployment`. Case-sensitive; O(|a|·|b|) time.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  // three rows of the dynamic programme: two back for transpositions.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length];
}

// the forms of a name that count as the same word: lower case, and singular (Services,
// Ingresses, NetworkPolicies; kubectl's resource names are plural).
function forms(name: string): string[] {
  const lower = name.toLowerCase();
  const out = [lower];
  if (/ies$/.test(lower) && lower.length > 4) out.push(`${lower.slice(0, -3)}y`);
  if (/(?:s|x|z|ch|sh)es$/.test(lower)) out.push(lower.slice(0, -2));
  if (/[^s]s$/.test(lower) && lower.length > 3) out.push(lower.slice(0, -1));
  return out;
}

/**
 * How far `typed` is from `candidate` for a suggestion: the {@link editDistance} of their
 * lower-case forms, where a plural and its singular are the same word (0 for `services` and
 * `Service`).
 */
export function nameDistance(typed: string, candidate: string): number {
  let best = Infinity;
  for (const t of forms(typed)) for (const c of forms(candidate)) best = Math.min(best, editDistance(t, c));
  return best;
}

/**
 * The most edits a name of this length may be from a candidate and still be suggested: one
 * per three characters, at least one (`Pdo` → `Pod`), so that short names do not suggest
 * unrelated ones (`Job` is not `Pod`).
 */
export function maxSuggestionDistance(length: number): number {
  return Math.max(1, Math.floor(length / 3));
}

/**
 * The candidate closest to what the user typed, or undefined when none is close enough
 * ({@link maxSuggestionDistance} of the longer of the two) or `typed` is itself a candidate.
 * Case and plural/singular do not count as differences. Ties go to the candidate that differs
 * only in case or number, then to the one given first (callers list them in a stable order).
 */
export function closest(typed: string, candidates: Iterable<string>): string | undefined {
  let best: { candidate: string; distance: number; exact: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === typed) return undefined;
    const distance = nameDistance(typed, candidate);
    if (distance > maxSuggestionDistance(Math.max(typed.length, candidate.length))) continue;
    // among equals, the raw distance tells `Service` (from `Services`) from `Services` typed as a kind that has both.
    const exact = editDistance(typed.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance || (distance === best.distance && exact < best.exact)) best = { candidate, distance, exact };
  }
  return best?.candidate;
}

/** `; did you mean 'X'?` for the {@link closest} candidate, `''` when there is none: to end a message with. */
export function didYouMean(typed: string, candidates: Iterable<string>, quote: (s: string) => string = s => `'${s}'`): string {
  const found = closest(typed, candidates);
  return found === undefined ? '' : `; did you mean ${quote(found)}?`;
}
