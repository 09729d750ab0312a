import type { IrLua } from '../../ir';
import { typed } from '../common';
import type { Any } from '../envoy';

/** `envoy.extensions.filters.http.lua.v3.Lua`: the script inline (disabled on the listener, enabled per route). */
export function buildLuaFilter(lua: IrLua): Any {
  return typed('envoy.extensions.filters.http.lua.v3.Lua', { default_source_code: { inline_string: lua.code } });
}

/** Per route: `LuaPerRoute` with the filter context, else an empty `FilterConfig` that enables the filter. */
export function buildLuaPerRoute(lua: IrLua): Any {
  if (lua.filterContext) return typed('envoy.extensions.filters.http.lua.v3.LuaPerRoute', { filter_context: lua.filterContext });
  return buildFilterEnabled();
}

/** An empty `FilterConfig`: switches on, for one route, a filter the listener holds disabled. */
export function buildFilterEnabled(): Any {
  return typed('envoy.config.route.v3.FilterConfig', { config: {} });
}
