// checks that a parsed value is an object the inventory can hold; internal to the inventory layer.
import { findInexactNumber, InexactNumber, inexactNumberProblem } from '../kube/exact-numbers';
import { formatFieldPath } from '../kube/field-path';
import { MutableRecord, describeType, isRecord } from '../kube/json';
import { KubeObject } from '../kube/object';
import { identityProblem } from '../kube/object-names';

/** how many more values the documents of one file may expand to. */
export interface NodeBudget {
  /** the budget of the file. */
  readonly limit: number;
  /** what is left of it. */
  remaining: number;
}

/**
 * Walks a parsed document and throws when it nests deeper than `maxDepth` (counting the
 * root as level 1, as js-yaml does) or when the file's documents expand to more values
 * than the budget holds. js-yaml shares an aliased node between its uses, so a
 * "billion laughs" document is small in memory but enormous to walk; every later step
 * (copying, cleaning, writing) walks it, so it is refused here, after at most
 * `budget.limit` steps.
 *
 * It also refuses a number the reader could not hold exactly ({@link InexactNumber}: an
 * integer beyond ±(2^53 - 1), an infinite float), naming its field and, when known, its line.
 *
 * @param fail throws an error carrying the problem (and the line, when it is not the document's)
 */
export function checkTree(value: unknown, maxDepth: number, budget: NodeBudget, fail: (problem: string, line?: number) => never): void {
  const visit = (v: unknown, depth: number): void => {
    if (--budget.remaining < 0) {
      fail(`YAML aliases expand to more than ${budget.limit} values (maxNodes); refusing what looks like an alias bomb`);
    }
    if (depth > maxDepth) fail(`nested deeper than ${maxDepth} levels (maxDepth)`);
    if (v instanceof InexactNumber) {
      // the path is found again only on failure: the walk keeps none, for speed.
      const found = findInexactNumber(value)!;
      fail(`${formatFieldPath(found.path)}: ${inexactNumberProblem(found.number.text)}`, found.number.line);
    }
    if (Array.isArray(v)) {
      for (const item of v) visit(item, depth + 1);
    } else if (isRecord(v)) {
      for (const k of Object.keys(v)) visit(v[k], depth + 1);
    }
  };
  try {
    visit(value, 1);
  } catch (e) {
    // only reachable when maxDepth is raised far above its default.
    if (e instanceof RangeError) fail('nested too deeply to walk (the call stack ran out); lower maxDepth');
    throw e;
  }
}

/**
 * Checks the fields the inventory relies on (`apiVersion`, `kind`, `metadata.name`,
 * `metadata.namespace`, `metadata.labels`, `metadata.annotations`) and returns the value
 * as a KubeObject. `labels: null` and `annotations: null` (an empty `labels:` line in
 * YAML, which kubectl accepts) are left out of the result; the input is never changed.
 *
 * @param fail throws an error carrying the problem
 */
export function asKubeObject(value: unknown, fail: (problem: string) => never): KubeObject {
  if (!isRecord(value)) fail(`expected a Kubernetes object (a mapping), found ${describeType(value)}`);
  requireString(value, 'apiVersion', 'apiVersion', fail);
  requireString(value, 'kind', 'kind', fail);
  const metadata = value.metadata;
  if (metadata === undefined || metadata === null) fail('missing metadata.name');
  if (!isRecord(metadata)) fail(`metadata must be a mapping, found ${describeType(metadata)}`);
  if ((metadata.name === undefined || metadata.name === null || metadata.name === '') && typeof metadata.generateName === 'string') {
    fail('missing metadata.name (metadata.generateName alone gives no stable identity to take over)');
  }
  requireString(metadata, 'name', 'metadata.name', fail);
  if (metadata.namespace !== undefined && metadata.namespace !== null && typeof metadata.namespace !== 'string') {
    fail(`metadata.namespace must be a string, found ${describeType(metadata.namespace)}`);
  }
  let fixed: MutableRecord | undefined;
  for (const field of ['labels', 'annotations']) {
    const map = metadata[field];
    if (map === null) {
      fixed ??= { ...metadata };
      delete fixed[field];
      continue;
    }
    if (map === undefined) continue;
    if (!isRecord(map)) fail(`metadata.${field} must be a mapping, found ${describeType(map)}`);
    for (const k of Object.keys(map)) {
      if (typeof map[k] !== 'string') {
        fail(`metadata.${field}.${k} must be a string, found ${describeType(map[k])}; quote the value in YAML`);
      }
    }
  }
  if (metadata.namespace === null) {
    fixed ??= { ...metadata };
    delete fixed.namespace;
  }
  // the identity becomes file names under dist/ and must be what the API server admits.
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  const problem = identityProblem(value.apiVersion as string, value.kind as string, metadata.name as string, namespace);
  if (problem) fail(problem);
  return (fixed ? { ...value, metadata: fixed } : value) as unknown as KubeObject;
}

function requireString(record: MutableRecord, field: string, name: string, fail: (problem: string) => never): void {
  const v = record[field];
  if (v === undefined || v === null || v === '') fail(`missing ${name}`);
  if (typeof v !== 'string') fail(`${name} must be a string, found ${describeType(v)}`);
}
