import Ajv, { ErrorObject } from 'ajv';
import { Document, isMap, isNode, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import { MIGRATION_SCHEMA, MigrationConfig, RetainConfig, RetainListConfig } from './migration-schema';
import { migrationIdProblem } from '../constructs/migration';
import { isDns1123Label } from '../kube/object-names';
import { retainEntryProblems } from '../karmada/retention';
import { didYouMean } from '../kube/suggest';
import { InputError, SourceLocation, syntaxError } from '../errors';
import { MAX_TEXT_BYTES, readTextFile } from '../text-file';

/** a path into a document, as ajv and the YAML parser see it. */
export type FieldPath = ReadonlyArray<string | number>;

/** One Migration document of a config file, validated, with a way back to its lines. */
export interface LoadedConfig {
  /** the document's content. */
  readonly config: MigrationConfig;
  /** the config file, as given. */
  readonly file: string;
  /** 0-based index of the document in the file. */
  readonly document: number;
  /** the location of a field (its line when the field exists, else the document's). */
  locate(field: FieldPath): SourceLocation;
}

let validator: ReturnType<Ajv['compile']> | undefined;

/**
 * Reads a `migration.yaml` (one or more Migration documents) and validates it against
 * the schema; every schema error is reported at once with its field path and line
 * (`spec.takeovers[1].app.resources[0].kind: required`). A value a YAML tag makes that is no
 * JSON data (`!!binary`, `!!timestamp`, `!!set`, `!!omap`, `.nan`) is refused first.
 *
 * @param file the config, or `-` for standard input (inventory paths in it are then relative
 * to the current directory); at most {@link MAX_TEXT_BYTES} bytes
 * @throws InputError naming the file, the document and each field at fault
 */
export function readConfig(file: string): LoadedConfig[] {
  const text = readTextFile(file, { maxBytes: MAX_TEXT_BYTES, what: 'the config', raise: 'a migration config is a few kilobytes: is it the right file?' });
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true });
  if (!Array.isArray(docs)) throw new InputError('the config is empty', { file });
  const result: LoadedConfig[] = [];
  const names = new Map<string, number>();
  // a location names its document only when the file holds several.
  const documents = docs.filter(d => d.contents !== null || d.errors.length > 0).length;
  docs.forEach((doc, index) => {
    const docLine = lineCounter.linePos(doc.range[0]).line;
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      // the library's message ends with its own excerpt (`at line 3, column 7:` and the lines); ours numbers them.
      const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw syntaxError(`malformed YAML: ${reason}`, text, err.pos[0], { file, document: index, documents });
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // the yaml library throws a ReferenceError past maxAliasCount (or for an alias to nothing).
      throw new InputError(`YAML aliases expand too far (${(e as Error).message}); write the values out instead of aliasing them`,
        { file, document: index, documents, line: docLine });
    }
    if (value === null || value === undefined) return;
    const locate = (field: FieldPath): SourceLocation => ({ file, document: index, documents, line: lineOf(doc, lineCounter, field) ?? docLine });
    // the schema would list the methods of a Buffer as unknown fields: a value that is no JSON is told first.
    const notJson = nonJsonProblems(value);
    const problems = notJson.length > 0 ? notJson : schemaProblems(value).concat(semanticProblems(value as MigrationConfig));
    if (problems.length > 0) {
      const lines = problems.map(p => `  - line ${locate(p.path).line}: ${formatPath(p.path)}: ${p.message}`);
      throw new InputError(`not a valid Migration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n${lines.join('\n')}`,
        { file, document: index, documents, line: docLine });
    }
    const config = value as MigrationConfig;
    const previous = names.get(config.metadata.name);
    if (previous !== undefined) {
      throw new InputError(`metadata.name: '${config.metadata.name}' is also the name of document ${previous}; each Migration needs its own name`,
        locate(['metadata', 'name']));
    }
    names.set(config.metadata.name, index);
    result.push({ config, file, document: index, locate });
  });
  if (result.length === 0) throw new InputError('the config holds no Migration document', { file });
  return result;
}

/** renders a field path as `spec.takeovers[1].app.resources[0].kind`. */
export function formatPath(path: FieldPath): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '') || '(document)';
}

interface Problem {
  readonly path: FieldPath;
  readonly message: string;
}

/**
 * the values that are not JSON data (what a schema validates): YAML tags make them (`!!binary` a
 * Buffer, `!!timestamp` or a YAML 1.1 date a Date, `!!set` a Set, `!!omap` a Map, `.nan` and
 * `.inf` numbers JSON has not). Walked with a stack of its own: a document may nest deeply.
 */
function nonJsonProblems(root: unknown): Problem[] {
  const problems: Problem[] = [];
  const stack: Array<{ value: unknown; path: FieldPath }> = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) problems.push({ path, message: `${String(value)} is no JSON number (.nan, .inf or too large); write a finite number` });
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    const proto: unknown = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
    if (proto === Object.prototype || proto === null) {
      const entries = Object.entries(value as object);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], path: [...path, entries[i][0]] });
      continue;
    }
    problems.push({ path, message: `${describeNonJson(value)} is no JSON data (a YAML tag made it); write a string (quoted), a number, a boolean, a list or a mapping` });
  }
  return problems;
}

function describeNonJson(value: unknown): string {
  if (value instanceof Uint8Array) return 'binary data (!!binary)';
  if (value instanceof Date) return 'a timestamp (!!timestamp, or a date under %YAML 1.1)';
  if (value instanceof Set) return 'a set (!!set)';
  if (value instanceof Map) return 'an ordered map (!!omap)';
  const name = typeof value === 'object' && value !== null ? (value as { constructor?: { name?: unknown } }).constructor?.name : undefined;
  return typeof name === 'string' && name ? `a ${name}` : `a ${typeof value}`;
}

function schemaProblems(value: unknown): Problem[] {
  validator ??= new Ajv({ allErrors: true, strict: true, verbose: true }).compile(MIGRATION_SCHEMA);
  if (validator(value)) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of validator.errors ?? []) {
    const p = toProblem(e);
    const k = `${formatPath(p.path)}: ${p.message}`;
    if (!seen.has(k)) {
      seen.add(k);
      problems.push(p);
    }
  }
  return problems;
}

function toProblem(e: ErrorObject): Problem {
  const path: Array<string | number> = e.instancePath.split('/').slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map(s => (/^\d+$/.test(s) ? Number(s) : s));
  switch (e.keyword) {
    case 'required': return { path: [...path, e.params.missingProperty as string], message: 'required' };
    case 'additionalProperties': {
      // verbose errors carry the schema the field is checked against: its properties are what the user may have meant.
      const field = e.params.additionalProperty as string;
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {}).sort();
      return { path: [...path, field], message: `unknown field${didYouMean(field, allowed)}` };
    }
    case 'type': return { path, message: `must be ${e.params.type as string}` };
    case 'const': return { path, message: `must be ${JSON.stringify(e.params.allowedValue)}` };
    case 'enum': {
      const allowed = (e.params.allowedValues as unknown[]).map(String);
      return { path, message: `must be one of: ${allowed.join(', ')}${typeof e.data === 'string' ? didYouMean(e.data, allowed) : ''}` };
    }
    case 'pattern': return { path, message: `must match ${e.params.pattern as string}` };
    case 'maxLength': return { path, message: `must be at most ${e.params.limit as number} characters` };
    case 'minItems': return { path, message: `must have at least ${e.params.limit as number} item${e.params.limit === 1 ? '' : 's'}` };
    case 'minProperties':
    case 'maxProperties':
      // the only such fields: an Argo CD destination, by name or by server.
      return { path, message: "needs exactly one of 'name' (the cluster name in Argo CD) or 'server' (the Karmada API server URL)" };
    default: return { path, message: e.message ?? e.keyword };
  }
}

// rules a JSON schema cannot say plainly (oneOf errors are unreadable).
function semanticProblems(config: MigrationConfig): Problem[] {
  const problems: Problem[] = [];
  const name: unknown = config.metadata?.name;
  // a DNS label the schema admits but the construct tree cannot hold (`constructor`).
  const nameProblem = typeof name === 'string' && isDns1123Label(name) ? migrationIdProblem(name) : undefined;
  if (nameProblem) problems.push({ path: ['metadata', 'name'], message: `'${name as string}' ${nameProblem}` });
  for (const p of retainEntryProblems(wellFormedRetain(config.spec?.retain))) problems.push({ path: ['spec', 'retain', ...p.path], message: p.message });
  problems.push(...sourceFormProblems(config));
  (config.spec?.takeovers ?? []).forEach((t, i) => {
    if (typeof t !== 'object' || t === null) return;
    for (const p of retainEntryProblems(wellFormedRetain(t.retain))) problems.push({ path: ['spec', 'takeovers', i, 'retain', ...p.path], message: p.message });
    wellFormedRetain(t.retain).forEach((r, j) => {
      if (t.kind && (r.apiVersion !== t.kind.apiVersion || r.kind !== t.kind.kind)) {
        problems.push({ path: ['spec', 'takeovers', i, 'retain', j], message: `${r.apiVersion} ${r.kind} is not the kind this takeover selects (${t.kind.apiVersion} ${t.kind.kind}): move it to the takeover of that kind, or to spec.retain` });
      }
    });
    if (t.kind === undefined && t.app === undefined) {
      problems.push({ path: ['spec', 'takeovers', i], message: "needs either 'kind' (take over every object of a kind) or 'app' (objects by name)" });
    } else if (t.kind !== undefined && t.app !== undefined) {
      problems.push({ path: ['spec', 'takeovers', i], message: "has both 'kind' and 'app'; make them two takeovers" });
    }
    if (t.scope !== undefined && t.kind === undefined) {
      problems.push({ path: ['spec', 'takeovers', i, 'scope'], message: "applies to a 'kind' takeover only (an app takeover is always one PropagationPolicy in its namespace)" });
    }
    if (t.selectBy !== undefined && t.kind === undefined) {
      problems.push({ path: ['spec', 'takeovers', i, 'selectBy'], message: "applies to a 'kind' takeover only (an app takeover always selects by name)" });
    }
  });
  return problems;
}

// exactly one of the two forms: sourceCluster with inventory (one cluster), or sources (a fleet).
function sourceFormProblems(config: MigrationConfig): Problem[] {
  const spec = config.spec;
  if (typeof spec !== 'object' || spec === null) return [];
  const problems: Problem[] = [];
  if (spec.sources !== undefined) {
    for (const f of ['sourceCluster', 'inventory'] as const) {
      if (spec[f] !== undefined) {
        problems.push({ path: ['spec', f], message: 'cannot be given with \'sources\': use one form; move the cluster and its inventory into sources as {cluster, inventory}, or drop sources' });
      }
    }
    const seen = new Map<string, number>();
    (Array.isArray(spec.sources) ? spec.sources : []).forEach((s, i) => {
      if (typeof s?.cluster !== 'string') return;
      const first = seen.get(s.cluster);
      if (first !== undefined) {
        problems.push({ path: ['spec', 'sources', i, 'cluster'], message: `cluster '${s.cluster}' is also spec.sources[${first}]: give each cluster once, with all its inventory files` });
      } else {
        seen.set(s.cluster, i);
      }
    });
    if (typeof spec.baseCluster === 'string' && seen.size > 0 && !seen.has(spec.baseCluster)) {
      problems.push({ path: ['spec', 'baseCluster'], message: `'${spec.baseCluster}' is none of the clusters of spec.sources${didYouMean(spec.baseCluster, [...seen.keys()])}` });
    }
    return problems;
  }
  if (spec.baseCluster !== undefined) problems.push({ path: ['spec', 'baseCluster'], message: "applies to 'sources' only (several clusters); remove it, or list the clusters in sources" });
  if (spec.sourceCluster === undefined && spec.inventory === undefined) {
    problems.push({ path: ['spec', 'sourceCluster'], message: "required: give 'sourceCluster' and 'inventory' (one cluster), or 'sources' (several clusters, each {cluster, inventory})" });
  } else if (spec.sourceCluster === undefined) {
    problems.push({ path: ['spec', 'sourceCluster'], message: "required with 'inventory': the cluster the inventory was exported from (or use 'sources')" });
  } else if (spec.inventory === undefined) {
    problems.push({ path: ['spec', 'inventory'], message: "required with 'sourceCluster': the exports of that cluster (or use 'sources')" });
  }
  return problems;
}

/** One member cluster of a Migration document and its inventory paths (relative to the config file). */
export interface ConfigSource {
  readonly cluster: string;
  readonly inventory: readonly string[];
}

/**
 * The clusters of a validated Migration document with their inventory paths: `sources`, or the
 * one cluster of `sourceCluster` and `inventory`.
 */
export function sourcesOf(config: MigrationConfig): ConfigSource[] {
  if (config.spec.sources) return config.spec.sources.map(s => ({ cluster: s.cluster, inventory: s.inventory }));
  return [{ cluster: config.spec.sourceCluster!, inventory: config.spec.inventory! }];
}

/** whether a Migration document describes a fleet (`sources`). */
export function isFleet(config: MigrationConfig): boolean {
  return config.spec.sources !== undefined;
}

// a retain list the schema admits (else the schema's problems are told, and these checks wait).
function wellFormedRetain(v: unknown): RetainListConfig {
  const entry = (e: unknown) => typeof e === 'object' && e !== null && typeof (e as RetainConfig).apiVersion === 'string' &&
    typeof (e as RetainConfig).kind === 'string' && Array.isArray((e as RetainConfig).fields) && (e as RetainConfig).fields.every(f => typeof f === 'string');
  return Array.isArray(v) && v.every(entry) ? v as RetainListConfig : [];
}

function lineOf(doc: Document, counter: LineCounter, field: FieldPath): number | undefined {
  // the deepest existing node on the path: a missing field is reported where its parent is;
  // a map entry where its key is (its value may start on the next line).
  for (let n = field.length; n >= 0; n--) {
    const parent = n === 0 ? undefined : n === 1 ? doc.contents : doc.getIn(field.slice(0, n - 1), true);
    const last = field[n - 1];
    if (isMap(parent) && typeof last === 'string') {
      const pair = parent.items.find(p => isScalar(p.key) && p.key.value === last);
      if (pair && isNode(pair.key) && pair.key.range) return counter.linePos(pair.key.range[0]).line;
      continue;
    }
    const node = n === 0 ? doc.contents : doc.getIn(field.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
