// The part of fengari's API (a Lua 5.3 VM in JavaScript, no types of its own) that lua.ts uses.
declare module 'fengari' {
  type State = unknown;
  type LuaString = Uint8Array;
  export function to_luastring(s: string): LuaString;
  export const lua: {
    LUA_OK: number;
    LUA_MASKCOUNT: number;
    lua_pop(L: State, n: number): void;
    lua_pushnil(L: State): void;
    lua_setglobal(L: State, name: LuaString): void;
    lua_pcall(L: State, nargs: number, nresults: number, msgh: number): number;
    lua_tojsstring(L: State, index: number): string;
    lua_sethook(L: State, hook: (L: State) => void, mask: number, count: number): void;
  };
  export const lauxlib: {
    luaL_newstate(): State;
    luaL_requiref(L: State, name: LuaString, open: (L: State) => number, global: number): void;
    luaL_dostring(L: State, code: LuaString): number;
    luaL_loadbuffer(L: State, code: LuaString, size: number | null, name: LuaString): number;
    luaL_error(L: State, message: LuaString): never;
  };
  export const lualib: Record<
    'luaopen_base' | 'luaopen_string' | 'luaopen_table' | 'luaopen_math' | 'luaopen_utf8' | 'luaopen_coroutine' | 'luaopen_os',
    (L: State) => number
  >;
}
