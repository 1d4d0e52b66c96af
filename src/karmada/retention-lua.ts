// The Lua `retention` script of a ResourceInterpreterCustomization for a migration's `retain`
// (karmada v1.18.2: pkg/resourceinterpreter/customized/declarative/luavm/lua.go Retain,
// pkg/resourceinterpreter/interpreter.go Retain; the runtime's limits in lua-sandbox.ts).
// retention.ts is the TypeScript model of what it does; the tests run both on the same pairs.
import { gvkKey, parseRetainedField, retainedObjectKey, RetentionSpec } from './retention';
import { NATIVE_RETAIN_LUA } from './retain';
import { FieldPathStep } from '../kube/field-path';

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
