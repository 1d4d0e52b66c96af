// The Lua `retention` script of a ResourceInterpreterCustomization for a migration's `retain`
// (karmada v1.18.2: pkg/resourceinterpreter/customized/declarative/luavm/lua.go Retain,
// pkg/resourceinterpreter/interpreter.go Retain; the runtime's limits in lua-sandbox.ts).
// retention.ts is the TypeScript model of what it does; the tests run both on the same pairs.
import { parse } from 'luaparse';
import { gvkKey, parseRetainedField, RetainedObject, retainedObjectKey, RetentionSpec } from './retention';
import { NATIVE_RETAIN_LUA } from './retain';
import { FieldPathStep, formatFieldPathSteps } from '../kube/field-path';

/**
 * The helpers of every generated script, all local (the VM pool keeps globals between calls):
 * `get`, `ensure`, `copy` and `nameOf` (which the native hooks of retain.ts use too), `find`
 * (the first element of a list whose key is a string) and `retainPath`, the Lua twin of
 * `retainFieldInPlace` (retention.ts).
 */
export const RETENTION_LUA_HELPERS = `local function get(t, k)
  if type(t) == "table" then return t[k] end
  return nil
end

local function ensure(t, k)
  if type(t[k]) ~= "table" then t[k] = {} end
  return t[k]
end

-- a deep copy: gopher-json refuses a table that appears twice in the result.
local function copy(v)
  if type(v) ~= "table" then return v end
  local out = {}
  for k, x in pairs(v) do out[k] = copy(x) end
  return out
end

local function nameOf(t)
  if type(t.name) == "string" then return t.name end
  return ""
end

local function find(list, key, value)
  if type(list) ~= "table" then return nil end
  for _, element in ipairs(list) do
    if type(element) == "table" and element[key] == value then return element end
  end
  return nil
end

-- copies path[i..] from o (the member's value, or nil) into d (a table of the desired object):
-- the member's value wins, absent included; maps are made only when something goes in; list
-- elements are followed, never added or removed.
local function retainPath(d, o, path, i)
  local step = path[i]
  if step.f ~= nil then
    if d[1] ~= nil then return end
    local ov = nil
    if type(o) == "table" and o[1] == nil then ov = o[step.f] end
    if i == #path then
      d[step.f] = copy(ov)
      return
    end
    local dv = d[step.f]
    if type(dv) == "table" then
      retainPath(dv, ov, path, i + 1)
    elseif type(ov) == "table" then
      local made = {}
      retainPath(made, ov, path, i + 1)
      if next(made) ~= nil then d[step.f] = made end
    end
  elseif step.k ~= nil then
    local element = find(d, step.k, step.v)
    if element ~= nil then retainPath(element, find(o, step.k, step.v), path, i + 1) end
  else
    for _, element in ipairs(d) do
      if type(element) == "table" and type(element.name) == "string" then
        retainPath(element, find(o, "name", element.name), path, i + 1)
      end
    end
  end
end
`;

/**
 * The most objects one retention script names. Karmada compiles the script on every call
 * (luavm.RunScript: DoString), within one second shared with the call: 5,000 entries take about
 * 10 ms to compile in the C Lua 5.1 VM (test/karmada/retention-lua.test.ts), which gopher-lua,
 * several times slower, keeps far from the budget.
 */
export const MAX_RETAINED_OBJECTS = 5000;

/**
 * A Lua string literal of `value`, ASCII only: `"` and `\\` escaped, every other byte outside
 * printable ASCII as a decimal escape (`\\ddd`), which Lua 5.1 and gopher-lua read alike.
 */
export function luaString(value: string): string {
  let out = '"';
  for (const byte of Buffer.from(value, 'utf8')) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${String(byte).padStart(3, '0')}`;
  }
  return `${out}"`;
}

function luaStep(step: FieldPathStep): string {
  if ('field' in step) return `{ f = ${luaString(step.field)} }`;
  if ('key' in step) return `{ k = ${luaString(step.key)}, v = ${luaString(step.equals)} }`;
  if ('each' in step) return '{ each = true }';
  throw new Error('a list position cannot be retained (parseRetainedField refuses it)');
}

// a Lua comment cannot end early: paths and names hold no line break once escaped for the comment.
function comment(text: string): string {
  return text.replace(/[\r\n]/g, ' ');
}

/**
 * The `retention` script of the ResourceInterpreterCustomization of `spec`: the global function
 * `Retain(desiredObj, observedObj)` Karmada calls instead of its native retention for the kind,
 * for every object of that kind on the Karmada control plane. It runs the native hook of the kind
 * (NATIVE_RETAIN_LUA, when Karmada has one) on every object, then copies the retained fields of the
 * objects `spec` names (by `namespace/name`) from the member object. The same spec gives the same
 * bytes.
 *
 * @param migration the migration's name, for the header comment
 * @throws Error when a field of `spec` is no retained field path (see parseRetainedField)
 */
export function generateRetentionScript(spec: RetentionSpec, migration: string): string {
  const gvk = gvkKey(spec.apiVersion, spec.kind);
  const paths: string[] = [];
  const pathIndex = new Map<string, number>();
  const groups: number[][] = [];
  const groupIndex = new Map<string, number>();
  const objects: Array<[string, number]> = [];
  for (const o of spec.objects) {
    const indices = [...new Set(o.fields)].sort().map(field => {
      let index = pathIndex.get(field);
      if (index === undefined) {
        const parsed = parseRetainedField(field);
        if ('problem' in parsed) throw new Error(`retained field ${JSON.stringify(field)} of ${gvk}: ${parsed.problem}`);
        paths.push(`  { ${parsed.steps.map(luaStep).join(', ')} }, -- ${comment(parsed.canonical)}`);
        index = paths.length;
        pathIndex.set(field, index);
      }
      return index;
    });
    if (indices.length === 0) continue;
    const groupKey = indices.join(',');
    let group = groupIndex.get(groupKey);
    if (group === undefined) {
      groups.push(indices);
      group = groups.length;
      groupIndex.set(groupKey, group);
    }
    objects.push([retainedObjectKey(o.namespace, o.name), group]);
  }
  if (objects.length > MAX_RETAINED_OBJECTS) {
    throw new Error(`the retention of ${gvk} names ${objects.length} objects, more than the ${MAX_RETAINED_OBJECTS} one script may hold ` +
      '(Karmada compiles it on every call, within one second): retain the fields in the takeovers that need them rather than in spec.retain');
  }
  objects.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const native = NATIVE_RETAIN_LUA[gvk];
  return [
    `-- Generated by karmada-migrate (migration ${comment(migration)}): the retention of ${comment(spec.apiVersion)} ${comment(spec.kind)}.`,
    '-- Karmada runs it instead of its native retention of this kind, for every object of the kind on',
    '-- this control plane (pkg/resourceinterpreter/interpreter.go): native() does what the native',
    '-- rule did (pkg/resourceinterpreter/default/native/retain.go), then the objects listed in',
    '-- OBJECTS keep the fields of PATHS from the member object.',
    RETENTION_LUA_HELPERS,
    'local function native(desiredObj, observedObj)',
    native ? native.replace(/^\n/, '') : '  -- Karmada has no native retention for this kind.',
    'end',
    '',
    'local PATHS = {',
    ...paths,
    '}',
    '',
    '-- the sets of PATHS, and the objects (namespace/name, or name) that keep them.',
    'local GROUPS = {',
    ...groups.map(g => `  { ${g.join(', ')} },`),
    '}',
    '',
    'local OBJECTS = {',
    ...objects.map(([key, group]) => `  [${luaString(key)}] = ${group},`),
    '}',
    '',
    'function Retain(desiredObj, observedObj)',
    '  native(desiredObj, observedObj)',
    '  local metadata = get(desiredObj, "metadata")',
    '  local name, namespace = get(metadata, "name"), get(metadata, "namespace")',
    '  if type(name) ~= "string" then return desiredObj end',
    '  local key = name',
    '  if type(namespace) == "string" and namespace ~= "" then key = namespace .. "/" .. name end',
    '  local group = OBJECTS[key]',
    '  if group ~= nil then',
    '    for _, p in ipairs(GROUPS[group]) do retainPath(desiredObj, observedObj, PATHS[p], 1) end',
    '  end',
    '  return desiredObj',
    'end',
    '',
  ].join('\n');
}

// the parts of luaparse's AST readRetentionScript looks at.
interface LuaNode {
  readonly type: string;
  readonly [key: string]: unknown;
}

/**
 * What a script {@link generateRetentionScript} wrote retains, read back from the script: its
 * PATHS, GROUPS and OBJECTS tables. `rehearse` and `verify-takeover` predict Karmada's PUT from
 * the customizations in `dist/` this way, so the prediction follows the bytes Karmada runs.
 *
 * @returns the spec, or the problem when the script is not one karmada-migrate generates (edited
 * by hand: its retention cannot be known without running it)
 */
export function readRetentionScript(apiVersion: string, kind: string, script: string): RetentionSpec | { readonly problem: string } {
  let chunk: { body: LuaNode[] };
  try {
    chunk = parse(script, { luaVersion: '5.1', encodingMode: 'pseudo-latin1', comments: false }) as unknown as { body: LuaNode[] };
  } catch (e) {
    return { problem: `its script is not Lua 5.1: ${(e as Error).message}` };
  }
  const tables = new Map<string, LuaNode[]>();
  for (const statement of chunk.body) {
    const names = statement.type === 'LocalStatement' ? (statement.variables as LuaNode[]).map(v => v.name) : [];
    const init = statement.type === 'LocalStatement' ? (statement.init as LuaNode[]) : [];
    names.forEach((name, i) => {
      if (typeof name === 'string' && ['PATHS', 'GROUPS', 'OBJECTS'].includes(name) && init[i]?.type === 'TableConstructorExpression') {
        tables.set(name, init[i].fields as LuaNode[]);
      }
    });
  }
  const [pathsTable, groupsTable, objectsTable] = [tables.get('PATHS'), tables.get('GROUPS'), tables.get('OBJECTS')];
  if (!pathsTable || !groupsTable || !objectsTable) return { problem: 'its script has no PATHS, GROUPS and OBJECTS tables: it is not one karmada-migrate generates' };
  try {
    const paths = pathsTable.map(field => formatFieldPathSteps(tableValues(field).map(stepOf)));
    const groups = groupsTable.map(field => tableValues(field).map(n => {
      const path = paths[numberOf(n) - 1];
      if (path === undefined) throw new Error(`GROUPS names PATHS[${numberOf(n)}], which does not exist`);
      return path;
    }));
    const objects: RetainedObject[] = objectsTable.map(field => {
      if (field.type !== 'TableKey') throw new Error('an entry of OBJECTS is not ["namespace/name"] = group');
      const key = stringOf(field.key as LuaNode);
      const fields = groups[numberOf(field.value as LuaNode) - 1];
      if (fields === undefined) throw new Error(`OBJECTS names GROUPS[${numberOf(field.value as LuaNode)}], which does not exist`);
      const slash = key.indexOf('/');
      return { ...(slash >= 0 ? { namespace: key.slice(0, slash) } : {}), name: key.slice(slash + 1), fields: [...fields].sort() };
    });
    return { apiVersion, kind, objects };
  } catch (e) {
    return { problem: `its script is not one karmada-migrate generates: ${(e as Error).message}` };
  }
}

function tableValues(field: LuaNode): LuaNode[] {
  const value = field.type === 'TableValue' ? (field.value as LuaNode) : undefined;
  if (value?.type !== 'TableConstructorExpression') throw new Error('a table was expected');
  return (value.fields as LuaNode[]).map(f => {
    if (f.type !== 'TableValue') throw new Error('a list was expected');
    return f.value as LuaNode;
  });
}

function stepOf(step: LuaNode): FieldPathStep {
  if (step.type !== 'TableConstructorExpression') throw new Error('a path step is not a table');
  const entries = new Map((step.fields as LuaNode[]).map(f => {
    if (f.type !== 'TableKeyString') throw new Error('a path step is not { f = ... }, { k = ..., v = ... } or { each = true }');
    return [(f.key as LuaNode).name as string, f.value as LuaNode] as const;
  }));
  if (entries.size === 1 && entries.has('f')) return { field: stringOf(entries.get('f')!) };
  if (entries.size === 2 && entries.has('k') && entries.has('v')) return { key: stringOf(entries.get('k')!), equals: stringOf(entries.get('v')!) };
  if (entries.size === 1 && entries.get('each')?.type === 'BooleanLiteral' && entries.get('each')!.value === true) return { each: true };
  throw new Error('a path step is not { f = ... }, { k = ..., v = ... } or { each = true }');
}

function stringOf(node: LuaNode): string {
  if (node.type !== 'StringLiteral' || typeof node.value !== 'string') throw new Error('a string was expected');
  // pseudo-latin1: one code point per byte of the string; the bytes are UTF-8 (luaString).
  return Buffer.from(node.value, 'latin1').toString('utf8');
}

function numberOf(node: LuaNode): number {
  if (node.type !== 'NumericLiteral' || typeof node.value !== 'number' || !Number.isInteger(node.value) || node.value < 1) throw new Error('a positive integer was expected');
  return node.value;
}

// what customizationRetentions reads of a manifest, and of a customization's spec.
interface ManifestLike {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string };
  readonly spec?: unknown;
}
interface CustomizationSpec {
  readonly target?: { readonly apiVersion?: unknown; readonly kind?: unknown };
  readonly customizations?: { readonly retention?: { readonly luaScript?: unknown } };
}

/** The apiVersion of ResourceInterpreterCustomization. */
export const INTERPRETER_CUSTOMIZATION_API_VERSION = 'config.karmada.io/v1alpha1';

/**
 * The retentions Karmada runs for these objects' kinds: those of the ResourceInterpreterCustomizations
 * among `objects` (a customization is global: it applies to every object of its target kind,
 * whichever migration wrote it), keyed by {@link gvkKey}, each read back from its script
 * ({@link readRetentionScript}) or the problem that keeps it from being known.
 */
export function customizationRetentions(objects: Iterable<ManifestLike>): Map<string, RetentionSpec | { readonly problem: string }> {
  const out = new Map<string, RetentionSpec | { readonly problem: string }>();
  for (const o of objects) {
    if (o.apiVersion !== INTERPRETER_CUSTOMIZATION_API_VERSION || o.kind !== 'ResourceInterpreterCustomization') continue;
    const spec = o.spec as CustomizationSpec | undefined;
    const apiVersion = spec?.target?.apiVersion;
    const kind = spec?.target?.kind;
    const script = spec?.customizations?.retention?.luaScript;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof script !== 'string') continue;
    const read = readRetentionScript(apiVersion, kind, script);
    out.set(gvkKey(apiVersion, kind), 'problem' in read ? { problem: `ResourceInterpreterCustomization ${o.metadata.name ?? ''}: ${read.problem}` } : read);
  }
  return out;
}
