import type { GRPCRouteMatch, HTTPRouteMatch } from '../api/routes';
import type { IrRouteMatch } from '../ir';

/** An IR match plus what route ordering compares (Envoy Gateway's sort keys). */
export interface SortableMatch {
  match: IrRouteMatch;
  /** 3 Exact, 2 RegularExpression, 1 prefix; 0 = no path match (gRPC header-only matches). */
  pathRank: number;
  /** Length of the path, regex or prefix as written; prefix "/" counts 0. */
  pathLength: number;
  /** The PathPrefix value as written, for ReplacePrefixMatch rewrites. */
  prefix?: string;
}

const PATH_RANK = { Exact: 3, RegularExpression: 2, PathPrefix: 1 } as const;

/** HTTPRoute match → Envoy RouteMatch (Envoy Gateway's mapping: path_separated_prefix for prefixes). */
export function httpMatch(m: HTTPRouteMatch): SortableMatch {
  const path = m.path ?? { type: 'PathPrefix' as const, value: '/' };
  const match: IrRouteMatch = {
    headers: (m.headers ?? []).map((h) => ({ name: h.name, match: { type: h.type, value: h.value } })),
    queryParams: (m.queryParams ?? []).map((q) => ({ name: q.name, match: { type: q.type, value: q.value } })),
  };
  if (m.method !== undefined) match.headers.push({ name: ':method', match: { type: 'Exact', value: m.method } });
  if (path.type === 'Exact') match.path = path.value;
  else if (path.type === 'RegularExpression') match.regex = path.value;
  else if (path.value === '/') match.prefix = '/';
  else match.pathSeparatedPrefix = path.value.replace(/\/$/, '');
  return {
    match,
    pathRank: PATH_RANK[path.type],
    pathLength: path.type === 'PathPrefix' && path.value === '/' ? 0 : path.value.length,
    ...(path.type === 'PathPrefix' ? { prefix: path.value } : {}),
  };
}

/** gRPC names when a RegularExpression match leaves a part out (Envoy Gateway's patterns). */
const ANY_SERVICE = '(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*';
const ANY_METHOD = '[A-Za-z_][A-Za-z_0-9]*';

/** GRPCRoute match → Envoy RouteMatch on `/<service>/<method>`. No match at all → prefix "/". */
export function grpcMatch(m: GRPCRouteMatch | undefined): SortableMatch {
  const match: IrRouteMatch = { headers: (m?.headers ?? []).map((h) => ({ name: h.name, match: { type: h.type, value: h.value } })), queryParams: [] };
  const method = m?.method;
  let pathRank = 0;
  let pathLength = 0;
  if (!method || (method.service === undefined && method.method === undefined)) {
    match.prefix = '/';
    pathRank = 1;
  } else if (method.type === 'RegularExpression') {
    match.regex = `/${method.service ?? ANY_SERVICE}/${method.method ?? ANY_METHOD}`;
    pathRank = 2;
    pathLength = match.regex.length;
  } else if (method.service !== undefined && method.method !== undefined) {
    match.path = `/${method.service}/${method.method}`;
    pathRank = 3;
    pathLength = match.path.length;
  } else if (method.service !== undefined) {
    match.pathSeparatedPrefix = `/${method.service}`;
    pathRank = 1;
    pathLength = match.pathSeparatedPrefix.length;
  } else {
    // Envoy Gateway matches a method without a service as a `:path` suffix header; the route keeps
    // the default `prefix: /` (a RouteMatch needs a path specifier) and, like Envoy Gateway, no path rank.
    match.prefix = '/';
    match.headers.unshift({ name: ':path', match: { type: 'Suffix', value: `/${method.method}` } });
  }
  return { match, pathRank, pathLength };
}
