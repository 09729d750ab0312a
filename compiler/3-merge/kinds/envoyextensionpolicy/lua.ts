// Envoy Gateway's validation of a Lua script (`luavalidator`): it must define envoy_on_request or
// envoy_on_response; at the default level (Strict) each defined function runs once against a
// stand-in stream handle, so a syntax error, an unknown handle method or a runtime error is found
// before Envoy sees the script. `InsecureSyntax` only parses; `Disabled` checks nothing. Run here on
// fengari (Lua 5.3 in JavaScript; Envoy runs LuaJIT, Lua 5.1): no io or package library, and a
// bounded number of instructions. `os` keeps only its clock functions, and `getenv` finds nothing:
// validation must not read the machine envoyc runs on.
import type * as Fengari from 'fengari';
import { LUA_STREAM_HANDLE_MOCK } from './lua-mock';

/** fengari, loaded on the first script checked: a run without a Lua filter does not pay its start-up. */
let fengari: typeof Fengari | undefined;
function luaLib(): typeof Fengari {
  return (fengari ??= require('fengari') as typeof Fengari);
}

export type LuaValidation = 'Strict' | 'InsecureSyntax' | 'Disabled';

/** How many Lua instructions a script may run while validated (Envoy Gateway stops one after 5 s). */
const INSTRUCTION_LIMIT = 10_000_000;
/** `os` without what would change or reveal the machine. */
const SAFE_OS = 'os.execute, os.exit, os.remove, os.rename, os.tmpname, os.setlocale = nil, nil, nil, nil, nil, nil; os.getenv = function() return nil end';
const ENTRY_POINTS = ['envoy_on_request', 'envoy_on_response'] as const;

function newState(): unknown {
  const { lauxlib, lua, lualib, to_luastring } = luaLib();
  const L = lauxlib.luaL_newstate();
  for (const [name, open] of [
    ['_G', lualib.luaopen_base],
    ['string', lualib.luaopen_string],
    ['table', lualib.luaopen_table],
    ['math', lualib.luaopen_math],
    ['utf8', lualib.luaopen_utf8],
    ['coroutine', lualib.luaopen_coroutine],
    ['os', lualib.luaopen_os],
  ] as const) {
    lauxlib.luaL_requiref(L, to_luastring(name), open, 1);
    lua.lua_pop(L, 1);
  }
  // print, dofile and loadfile would reach the machine envoyc runs on.
  for (const name of ['print', 'dofile', 'loadfile']) {
    lua.lua_pushnil(L);
    lua.lua_setglobal(L, to_luastring(name));
  }
  if (lauxlib.luaL_dostring(L, to_luastring(SAFE_OS)) !== lua.LUA_OK) throw new Error('envoyc bug: the Lua os library cannot be narrowed');
  lua.lua_sethook(
    L,
    (l: unknown) => lauxlib.luaL_error(l, to_luastring('lua execution timeout: the script ran too long')),
    lua.LUA_MASKCOUNT,
    INSTRUCTION_LIMIT,
  );
  return L;
}

/** Loads (and with `run`, runs) a chunk; the error message, or undefined. */
function exec(code: string, run: boolean): string | undefined {
  const { lauxlib, lua, to_luastring } = luaLib();
  const L = newState();
  if (run && lauxlib.luaL_dostring(L, to_luastring(LUA_STREAM_HANDLE_MOCK)) !== lua.LUA_OK)
    throw new Error('envoyc bug: the Lua stream handle stand-in does not load');
  let status = lauxlib.luaL_loadbuffer(L, to_luastring(code), null, to_luastring('=lua'));
  if (status === lua.LUA_OK && run) status = lua.lua_pcall(L, 0, 0, 0);
  return status === lua.LUA_OK ? undefined : lua.lua_tojsstring(L, -1);
}

/** Verdicts by level and script: a policy's script is checked wherever the policy applies. */
const verdicts = new Map<string, string | undefined>();

/** Why Envoy Gateway would refuse the script at this validation level, or undefined. */
export function luaProblem(code: string, level: LuaValidation): string | undefined {
  const key = `${level}\n${code}`;
  if (!verdicts.has(key)) verdicts.set(key, check(code, level));
  return verdicts.get(key);
}

function check(code: string, level: LuaValidation): string | undefined {
  const defined = ENTRY_POINTS.filter((f) => code.includes(f));
  if (defined.length === 0) return `expected one of ${ENTRY_POINTS[0]}() or ${ENTRY_POINTS[1]}() to be defined`;
  if (level === 'Disabled') return undefined;
  for (const f of defined) {
    const err = exec(`${code}\n${f}(__envoyc_handle)`, level === 'Strict');
    if (err !== undefined) return `failed to validate with ${f}: ${err}`;
  }
  return undefined;
}
