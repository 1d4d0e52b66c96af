// What Karmada's Lua runtime accepts, checked statically on a script (karmada v1.18.2:
// pkg/resourceinterpreter/customized/declarative/luavm/lua.go setLib, pkg/util/lifted/lua/
// {string_safe.go,oslib_safe.go,loadlib_safe.go}; the engine is github.com/yuin/gopher-lua v1.1.1,
// Lua 5.1). The script is compiled by the validating webhook (pkg/webhook/
// resourceinterpretercustomization/helper.go: checkCustomizationsRule), then run with DoString on
// every call, in a pool of VMs that keeps globals between calls, within one second.
import { parse } from 'luaparse';

/** A construct a script may not use under Karmada's Lua runtime, with where it is. */
export interface LuaSandboxProblem {
  /** 1-based line. */
  readonly line: number;
  /** what is refused, and why. */
  readonly message: string;
}

/**
 * The globals a script may read: gopher-lua's base functions that Karmada does not override to
 * raise (`collectgarbage`, `dofile`, `getfenv`, `getmetatable`, `load`, `loadfile`, `loadstring`,
 * `rawequal`, `rawget`, `rawset`, `setfenv`, `setmetatable`, `module`, `newproxy` raise), without
 * `print` (nobody reads it) and `require` (only `kube` can be had), and the libraries it opens.
 */
export const LUA_ALLOWED_GLOBALS: readonly string[] = [
  '_VERSION', 'assert', 'error', 'ipairs', 'next', 'pairs', 'pcall', 'select', 'tonumber', 'tostring', 'type', 'unpack', 'xpcall',
];

/**
 * The functions of each library Karmada opens that a script may call: `string` without `gsub`,
 * `rep` and `dump` (which raise) and without `gmatch` (not in the safe library), `os` with `time`
 * and `date` only. `io`, `debug`, `coroutine` and `channel` are not opened.
 */
export const LUA_ALLOWED_LIBRARY_FUNCTIONS: Readonly<Record<string, readonly string[]>> = {
  string: ['byte', 'char', 'find', 'format', 'len', 'lower', 'match', 'reverse', 'sub', 'upper'],
  table: ['concat', 'getn', 'insert', 'maxn', 'remove', 'sort'],
  math: ['abs', 'acos', 'asin', 'atan', 'atan2', 'ceil', 'cos', 'cosh', 'deg', 'exp', 'floor', 'fmod', 'frexp', 'huge', 'ldexp', 'log', 'log10',
    'max', 'min', 'mod', 'modf', 'pi', 'pow', 'rad', 'random', 'randomseed', 'sin', 'sinh', 'sqrt', 'tan', 'tanh'],
  os: ['date', 'time'],
};

// string methods (`s:rep(3)`) that raise; a method call's receiver type is unknown statically.
const REFUSED_METHODS = new Set(['gsub', 'rep', 'dump', 'gmatch']);

type Node = { readonly type: string; readonly loc?: { readonly start: { readonly line: number } } } & Record<string, unknown>;

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function lineOf(n: Node): number {
  return n.loc?.start.line ?? 0;
}

/**
 * Checks a Lua script against what Karmada's runtime runs: it must parse as Lua 5.1 (no `goto`,
 * `//`, bitwise operators or integer division: the checker parses as Lua 5.1, stricter than
 * gopher-lua, which accepts `goto`), read only the globals and library functions listed above
 * (no `io`, `os.execute`, `debug`, `load*`, `require`, `string.gsub`, `string.rep`, `_G`...),
 * never use a library table other than to call or read a listed member, never assign a global
 * other than the functions in `defines` (the VM pool keeps globals between calls), and define
 * each of `defines` as a global function.
 *
 * @param defines the global functions the script must define (`Retain` for a retention)
 * @returns the problems, empty when the script passes
 */
export function luaSandboxProblems(script: string, defines: readonly string[]): LuaSandboxProblem[] {
  let chunk: unknown;
  try {
    chunk = parse(script, { luaVersion: '5.1', scope: true, locations: true, comments: false, encodingMode: 'pseudo-latin1' });
  } catch (e) {
    const err = e as { message?: string; line?: number };
    return [{ line: err.line ?? 0, message: `does not parse as Lua 5.1: ${err.message ?? String(e)}` }];
  }
  const problems: LuaSandboxProblem[] = [];
  const defined = new Set<string>();
  const allowedGlobals = new Set([...LUA_ALLOWED_GLOBALS, ...defines]);
  const refuse = (n: Node, message: string) => problems.push({ line: lineOf(n), message });
  // the nodes reached as the base of an allowed library member, or as a global being defined.
  const handled = new WeakSet<object>();

  const visit = (n: Node): void => {
    switch (n.type) {
      case 'FunctionDeclaration': {
        const id = n.identifier;
        if (!n.isLocal && isNode(id)) {
          if (id.type === 'Identifier' && !id.isLocal) {
            handled.add(id);
            if (defines.includes(id.name as string)) defined.add(id.name as string);
            else refuse(n, `function ${String(id.name)} is a global: declare it local (the VM pool keeps globals between calls)`);
          }
        }
        break;
      }
      case 'AssignmentStatement':
        for (const v of n.variables as Node[]) {
          if (v.type === 'Identifier' && !v.isLocal) {
            handled.add(v);
            if (defines.includes(v.name as string)) defined.add(v.name as string);
            else refuse(v, `assigns the global ${String(v.name)}: declare it local (the VM pool keeps globals between calls)`);
          } else if ((v.type === 'MemberExpression' || v.type === 'IndexExpression') && isGlobalLibrary(v.base)) {
            handled.add(v.base as object);
            refuse(v, `assigns into the library ${String((v.base as Node).name)}, shared by every script of the VM`);
          }
        }
        break;
      case 'CallExpression':
      case 'StringCallExpression':
      case 'TableCallExpression': {
        const base = n.base;
        if (isNode(base) && base.type === 'MemberExpression' && base.indexer === ':' && isNode(base.identifier) &&
          REFUSED_METHODS.has(base.identifier.name as string)) {
          refuse(n, `calls the method ${String(base.identifier.name)}: string.${String(base.identifier.name)} raises in Karmada's Lua runtime`);
        }
        break;
      }
      case 'MemberExpression':
        if (isGlobalLibrary(n.base) && !handled.has(n.base as object)) {
          handled.add(n.base as object);
          const lib = (n.base as Node).name as string;
          const member = isNode(n.identifier) ? n.identifier.name as string : '';
          if (!LUA_ALLOWED_LIBRARY_FUNCTIONS[lib].includes(member)) refuse(n, `${lib}.${member} ${libraryRefusal(lib, member)}`);
        }
        break;
      case 'IndexExpression':
        if (isGlobalLibrary(n.base) && !handled.has(n.base as object)) {
          handled.add(n.base as object);
          const lib = (n.base as Node).name as string;
          const index = n.index;
          const member = isNode(index) && index.type === 'StringLiteral' ? index.value : undefined;
          if (typeof member !== 'string') refuse(n, `indexes the library ${lib} with a computed key: name the function (${lib}.<name>)`);
          else if (!LUA_ALLOWED_LIBRARY_FUNCTIONS[lib].includes(member)) refuse(n, `${lib}.${member} ${libraryRefusal(lib, member)}`);
        }
        break;
      case 'Identifier':
        if (!n.isLocal && !handled.has(n)) {
          const name = n.name as string;
          if (name in LUA_ALLOWED_LIBRARY_FUNCTIONS) refuse(n, `uses the library ${name} as a value: call its functions by name (${name}.<name>)`);
          else if (!allowedGlobals.has(name)) refuse(n, `reads the global ${name}, ${globalRefusal(name)}`);
        }
        break;
      default:
        break;
    }
    // children, in source order (a member expression's base is visited after the member is judged).
    for (const key of Object.keys(n)) {
      // (the chunk's `globals` lists again, with `scope`, identifiers met in the body.)
      if (key === 'loc' || key === 'range' || key === 'globals') continue;
      // names that are no variables: `t.name`, `{ name = ... }`.
      if ((n.type === 'MemberExpression' && key === 'identifier') || (n.type === 'TableKeyString' && key === 'key')) continue;
      const v = n[key];
      if (Array.isArray(v)) for (const c of v) { if (isNode(c)) visit(c); }
      else if (isNode(v)) visit(v);
    }
  };
  if (isNode(chunk)) visit(chunk);
  for (const name of defines) {
    if (!defined.has(name)) problems.push({ line: 0, message: `does not define the global function ${name}, which Karmada calls` });
  }
  return problems.sort((a, b) => a.line - b.line);
}

function isGlobalLibrary(v: unknown): boolean {
  return isNode(v) && v.type === 'Identifier' && !v.isLocal && typeof v.name === 'string' && v.name in LUA_ALLOWED_LIBRARY_FUNCTIONS;
}

function libraryRefusal(lib: string, member: string): string {
  if (lib === 'string' && ['gsub', 'rep', 'dump'].includes(member)) return 'raises in Karmada\'s Lua runtime (pkg/util/lifted/lua/string_safe.go)';
  if (lib === 'os') return 'is not in Karmada\'s os library (only os.time and os.date)';
  return `is not in Karmada's ${lib} library`;
}

function globalRefusal(name: string): string {
  if (['io', 'debug', 'coroutine', 'channel'].includes(name)) return 'a library Karmada does not open';
  if (['collectgarbage', 'dofile', 'getfenv', 'getmetatable', 'load', 'loadfile', 'loadstring', 'rawequal', 'rawget', 'rawset', 'setfenv', 'setmetatable', 'module', 'newproxy']
    .includes(name)) return 'which raises in Karmada\'s Lua runtime (luavm/lua.go setLib)';
  if (name === 'require') return 'which only loads Karmada\'s kube module';
  if (name === '_G') return 'which would reach every global around these checks';
  if (name === 'print') return 'whose output nobody reads';
  return 'which is not defined (a typo, or a local declared later?)';
}
