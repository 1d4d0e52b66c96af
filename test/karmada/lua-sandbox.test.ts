// The static check of what Karmada's gopher-lua runtime accepts (src/karmada/lua-sandbox.ts): each
// refused construct is caught, and what the generated scripts use passes.
import { luaSandboxProblems } from '../../src/karmada';

const wrap = (body: string) => `function Retain(desiredObj, observedObj)\n${body}\nreturn desiredObj\nend\n`;

describe('luaSandboxProblems', () => {
  test('a script that only uses the allowed globals and libraries passes', () => {
    expect(luaSandboxProblems(wrap(`local n = tostring(#desiredObj) .. string.format("%d", 1) .. string.sub("ab", 1, 1)
for k, v in pairs(observedObj) do table.insert(desiredObj, v) end
local t = os.time()
local s = ("x"):upper()
if next(desiredObj) == nil then error("empty") end`), ['Retain'])).toEqual([]);
  });

  test.each([
    ['string.gsub', 'local s = string.gsub("a", "a", "b")', /string.gsub raises/],
    ['string.rep', 'local s = string.rep("a", 1e9)', /string.rep raises/],
    ['string.dump', 'local s = string.dump(print)', /string.dump raises/],
    ['string.gmatch', 'for w in string.gmatch("a b", "%a") do end', /string.gmatch is not in Karmada's string library/],
    ['a method call :gsub', 'local s = ("a"):gsub("a", "b")', /calls the method gsub/],
    ['a method call :rep', 'local s = ("a"):rep(3)', /calls the method rep/],
    ['string["gsub"]', 'local s = string["gsub"]("a", "a", "b")', /string.gsub raises/],
    ['a computed library index', 'local k = "gsub"\nlocal s = string[k]', /computed key/],
    ['a library as a value', 'local s = string\nlocal f = s.gsub', /uses the library string as a value/],
    ['io', 'io.write("x")', /io, a library Karmada does not open/],
    ['debug', 'debug.traceback()', /debug, a library Karmada does not open/],
    ['coroutine', 'local c = coroutine.create(function() end)', /coroutine, a library Karmada does not open/],
    ['os.execute', 'os.execute("rm -rf /")', /os.execute is not in Karmada's os library/],
    ['os.getenv', 'local h = os.getenv("HOME")', /os.getenv is not in Karmada's os library/],
    ['load', 'local f = load("return 1")', /load, which raises/],
    ['loadstring', 'local f = loadstring("return 1")', /loadstring, which raises/],
    ['dofile', 'dofile("x.lua")', /dofile, which raises/],
    ['require', 'local kube = require("kube")', /require, which only loads/],
    ['setmetatable', 'setmetatable(desiredObj, {})', /setmetatable, which raises/],
    ['rawget', 'local x = rawget(desiredObj, "spec")', /rawget, which raises/],
    ['_G', 'local x = _G["io"]', /_G, which would reach/],
    ['print', 'print("x")', /print, whose output/],
    ['a global assignment', 'counter = 1', /assigns the global counter/],
    ['a global function', 'end\nfunction helper() return 1 end\nlocal function x()', /function helper is a global/],
    ['an assignment into a library', 'string.format = nil', /assigns into the library string/],
    ['goto (gopher-lua accepts it, Lua 5.1 does not)', 'goto done\n::done::', /does not parse as Lua 5.1/],
    ['integer division //', 'local x = 7 // 2', /does not parse as Lua 5.1/],
    ['a bitwise operator', 'local x = 7 & 2', /does not parse as Lua 5.1/],
    ['a syntax error', 'local x = ', /does not parse as Lua 5.1/],
  ])('refuses %s', (_what, body, message) => {
    const problems = luaSandboxProblems(wrap(body), ['Retain']);
    expect(problems.map(p => p.message).join('\n')).toMatch(message);
  });

  test('refuses a script that does not define Retain', () => {
    expect(luaSandboxProblems('local function Retain(d, o) return d end', ['Retain']).map(p => p.message))
      .toEqual(['does not define the global function Retain, which Karmada calls']);
  });

  test('names the line of what it refuses', () => {
    expect(luaSandboxProblems(wrap('local a = 1\nio.write("x")'), ['Retain'])).toEqual([{ line: 3, message: 'reads the global io, a library Karmada does not open' }]);
  });
});
