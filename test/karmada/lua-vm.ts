// A real Lua 5.1 VM (the reference C implementation, Lua 5.1.5, compiled to WebAssembly by the npm
// package lua-wasm-bindings) set up as Karmada sets up gopher-lua for a ResourceInterpreterCustomization
// (karmada v1.18.2 pkg/resourceinterpreter/customized/declarative/luavm/lua.go: the base, table,
// string and math libraries; string.gsub, string.rep and string.dump raising; the unsafe base
// functions raising; no io, debug or coroutine), and the conversions around a Retain call: the
// objects decoded into tables as decodeValue does (a null map value is absent), the result encoded
// as layeh.com/gopher-json does (an empty table is `[]`, a table met twice or with mixed keys is
// refused) and repaired as ConvertLuaResultInto does (lua_convert.go).
import { lauxlib, lua, lualib } from 'lua-wasm-bindings/dist/lua.51';
import type { LuaState } from 'lua-wasm-bindings/dist/lua';
import { luaString } from '../../src/karmada/retention-lua';
import { isJsonObject, JsonObject, JsonValue } from '../../src/kube/json';

const LUA_OK = 0;

// the encoder captures what it needs before the sandbox replaces string.gsub.
const HARNESS = `
local gsub, format, byte, floor, concat, sort = string.gsub, string.format, string.byte, math.floor, table.concat, table.sort
local function quote(s)
  return '"' .. gsub(s, '[%c"\\\\]', function(c)
    if c == '"' then return '\\\\"' end
    if c == '\\\\' then return '\\\\\\\\' end
    return format('\\\\u%04x', byte(c))
  end) .. '"'
end
local encode
encode = function(v, visited)
  local t = type(v)
  if t == "nil" then return "null" end
  if t == "boolean" then return tostring(v) end
  if t == "number" then
    if v ~= v or v == math.huge or v == -math.huge then error("json: unsupported value: " .. tostring(v)) end
    if v == floor(v) and v > -1e15 and v < 1e15 then return format("%.0f", v) end
    return format("%.17g", v)
  end
  if t == "string" then return quote(v) end
  if t ~= "table" then error("cannot encode values with " .. t) end
  if visited[v] then error("cannot encode recursively nested tables to JSON") end
  visited[v] = true
  local first = next(v)
  if first == nil then return "[]" end
  if type(first) == "number" then
    local n = 0
    for k in pairs(v) do
      if type(k) ~= "number" then error("cannot encode mixed or invalid key types") end
      n = n + 1
    end
    local parts = {}
    for i = 1, n do
      if v[i] == nil then error("cannot encode sparse array") end
      parts[i] = encode(v[i], visited)
    end
    return "[" .. concat(parts, ",") .. "]"
  end
  local keys = {}
  for k in pairs(v) do
    if type(k) ~= "string" then error("cannot encode mixed or invalid key types") end
    keys[#keys + 1] = k
  end
  sort(keys)
  local parts = {}
  for i, k in ipairs(keys) do parts[i] = quote(k) .. ":" .. encode(v[k], visited) end
  return "{" .. concat(parts, ",") .. "}"
end
__harness_encode = function(v) return encode(v, {}) end
for _, name in ipairs({ "collectgarbage", "dofile", "getfenv", "getmetatable", "load", "loadfile", "loadstring", "rawequal", "rawget",
  "rawset", "setfenv", "setmetatable", "module", "newproxy" }) do
  _G[name] = function() error("call function " .. name .. " is not supported in karmada customized resourceinterpreter.") end
end
for _, name in ipairs({ "gsub", "rep", "dump" }) do
  string[name] = function() error("The Lua function string." .. name .. " is not supported by Karmada.") end
end
string.gmatch = nil
coroutine = nil
io = nil
debug = nil
require = nil
`;

/** A Lua table literal of a JSON value, decoded as Karmada's decodeValue does (null map values absent). */
export function luaLiteral(v: JsonValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'string') return luaString(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${v} is no JSON number`);
    return Object.is(v, -0) ? '0' : String(v);
  }
  if (Array.isArray(v)) {
    if (v.some(x => x === null)) throw new Error('a null list element has no Lua form (it would make a hole)');
    return `{ ${v.map(luaLiteral).join(', ')} }`;
  }
  return `{ ${Object.keys(v).filter(k => v[k] !== null).map(k => `[${luaString(k)}] = ${luaLiteral(v[k])}`).join(', ')} }`;
}

/** A Lua 5.1 state with Karmada's libraries and sandbox, running one script as Karmada runs it. */
export class RetentionVm {
  private readonly L: LuaState;

  public constructor(private readonly script: string) {
    this.L = lauxlib.luaL_newstate();
    lualib.luaopen_base(this.L);
    lualib.luaopen_table(this.L);
    lualib.luaopen_string(this.L);
    lualib.luaopen_math(this.L);
    lua.lua_settop(this.L, 0);
    this.run(HARNESS);
  }

  /** compiles and runs a chunk; returns its first result as a string (or undefined). */
  private run(chunk: string): string | undefined {
    const status = lauxlib.luaL_dostring(this.L, chunk);
    const top = lua.lua_gettop(this.L);
    const value = top > 0 && lua.lua_isstring(this.L, -1) ? lua.lua_tostring(this.L, -1) : undefined;
    lua.lua_settop(this.L, 0);
    if (status !== LUA_OK) throw new Error(`Lua: ${value ?? `status ${status}`}`);
    return value;
  }

  /**
   * `Retain(desired, observed)` as luavm.RunScript calls it (the script run with DoString first,
   * on a VM that keeps its globals), the result as Karmada reads it back (ConvertLuaResultInto).
   */
  public retain(desired: JsonObject, observed: JsonObject): JsonObject {
    this.run(this.script);
    const json = this.run(`local result = Retain(${luaLiteral(desired)}, ${luaLiteral(observed)})
if type(result) ~= "table" then error("expect the returned requires type is table but got " .. type(result)) end
return __harness_encode(result)`);
    if (json === undefined) throw new Error('Retain returned nothing');
    return convertLuaResult(JSON.parse(json) as JsonValue, [desired, observed]) as JsonObject;
  }

  /** runs any chunk after the script (for the sandbox tests); returns its string result. */
  public eval(chunk: string): string | undefined {
    this.run(this.script);
    return this.run(chunk);
  }

  public close(): void {
    lua.lua_close(this.L);
  }
}

/**
 * What Karmada makes of the JSON of a Lua result, given the objects it came from
 * (lua_convert.go: convertEmptySliceToEmptyStructPartly): an empty list at a path (list indices
 * left out) where a reference had an empty map becomes `{}`; one where no reference had an empty
 * list or map is deleted.
 */
export function convertLuaResult(result: JsonValue, references: readonly JsonValue[]): JsonValue {
  if (Array.isArray(result) && result.length === 0) return {};
  const emptyLists = new Set<string>();
  const emptyMaps = new Set<string>();
  const record = (v: JsonValue, path: string[]): void => {
    const entries: Array<[string | undefined, JsonValue]> = Array.isArray(v) ? v.map(x => [undefined, x]) : isJsonObject(v) ? Object.entries(v) : [];
    for (const [k, x] of entries) {
      const p = k === undefined ? path : [...path, k];
      if (Array.isArray(x) && x.length === 0) emptyLists.add(p.join('\u0000'));
      else if (isJsonObject(x) && Object.keys(x).length === 0) emptyMaps.add(p.join('\u0000'));
      else if (Array.isArray(x) || isJsonObject(x)) record(x, p);
    }
  };
  for (const r of references) record(r, []);
  const fix = (v: JsonValue, path: string[]): JsonValue => {
    if (Array.isArray(v)) {
      return v.map(x => (Array.isArray(x) && x.length === 0 ? fixEmpty(path) ?? x : fix(x, path))).filter(x => x !== DELETE) as JsonValue[];
    }
    if (!isJsonObject(v)) return v;
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) {
      const p = [...path, k];
      const fixed = Array.isArray(x) && x.length === 0 ? fixEmpty(p) ?? x : fix(x, p);
      if (fixed !== DELETE) Object.defineProperty(out, k, { value: fixed, enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  const fixEmpty = (path: string[]): JsonValue | undefined => {
    const k = path.join('\u0000');
    if (emptyMaps.has(k)) return {};
    return emptyLists.has(k) ? undefined : DELETE;
  };
  return fix(result, []);
}

// sjson.Delete of an empty list inside a list removes the element: marked, then filtered out.
const DELETE = '\u0000delete' as unknown as JsonValue;

/**
 * A JSON value as a Lua table round trip would give it if nothing changed it: null map values
 * dropped, empty maps and lists as Karmada's conversion leaves them. What `retain` results are
 * compared after.
 */
export function asLuaSees(v: JsonValue, references: readonly JsonValue[]): JsonValue {
  return convertLuaResult(toLuaShape(v), references);
}

// null map values dropped (decodeValue), every empty map an empty table, which encodes as `[]`.
function toLuaShape(x: JsonValue): JsonValue {
  if (Array.isArray(x)) return x.map(toLuaShape);
  if (!isJsonObject(x)) return x;
  const keys = Object.keys(x).filter(k => x[k] !== null);
  if (keys.length === 0) return [];
  const out: JsonObject = {};
  for (const k of keys) Object.defineProperty(out, k, { value: toLuaShape(x[k]), enumerable: true, writable: true, configurable: true });
  return out;
}
