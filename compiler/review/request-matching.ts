/**
 * Envoy's request matching, simulated over an emitted bootstrap: listener by port, filter chain by
 * SNI, virtual host by Envoy's domain rules, then the first route whose path, header and query
 * matchers all hold. Each step records why candidates were passed over, for "why nothing matches".
 * Regexes run on compiler/regex (Envoy's RE2 in Latin-1, linear time), never on JavaScript RegExp,
 * whose backtracking is exponential on patterns like `(a+)+b`.
 */
import { chainsOf, listenersOf, portOf, type ChainView, type Json } from './bootstrap-view';
import { checkRegex, compileRegex, type CompiledRegex } from '../regex';

export interface SimRequest {
  host: string;
  /** Path, possibly with `?query`. */
  path: string;
  method: string;
  /** Lower-cased names; repeated names keep every value. */
  headers: [string, string][];
  /** Query parameters besides those in `path`, as text: they are sent percent-encoded, as a client sends them. */
  query: [string, string][];
  port?: number;
  /** TLS server name; defaults to the host (without port) on listeners that match by SNI. */
  sni?: string;
}

export interface VhostChoice {
  vhost: Json;
  /** Which of Envoy's rules picked it: `exact`, `suffix wildcard`, `prefix wildcard`, `catch-all`. */
  rule: string;
  domain: string;
}

export interface MatchResult {
  listener?: Json;
  chain?: ChainView;
  vhost?: VhostChoice;
  route?: Json;
  /** Position of the route in its virtual host (0-based). */
  routeIndex?: number;
  /** Why nothing matched (when `route` is absent), or notes on approximations. */
  reasons: string[];
  /** Regexes Envoy refuses (in a bootstrap not written by envoyc), treated as not matching. */
  unsupported: { route: string; regex: string; why: string }[];
}

/** The Host header as Envoy looks it up: lower case, port dropped when the route config ignores ports. */
function hostForLookup(host: string, ignorePort: boolean): string {
  const h = host.toLowerCase();
  if (!ignorePort) return h;
  if (h.startsWith('[')) return h.replace(/^(\[[^\]]*\])(:\d+)?$/, '$1');
  return h.replace(/:\d+$/, '');
}

/**
 * Envoy's virtual host selection: an exact domain, then the longest suffix wildcard (`*.x`,
 * `*-x`: the `*` matches at least one character), then the longest prefix wildcard (`x.*`), then `*`.
 */
export function selectVirtualHost(vhosts: Json[], host: string): VhostChoice | undefined {
  let best: { vh: Json; len: number; domain: string } | undefined;
  const pick = (kind: string, test: (d: string) => number) => {
    best = undefined;
    for (const vh of vhosts) {
      for (const d of (vh.domains ?? []) as string[]) {
        const len = test(d.toLowerCase());
        if (len >= 0 && (!best || len > best.len)) best = { vh, len, domain: d };
      }
    }
    return best && { vhost: best.vh, rule: kind, domain: best.domain };
  };
  return (
    pick('exact', (d) => (d === host && !d.includes('*') ? 1 : -1)) ??
    pick('suffix wildcard', (d) => (d.startsWith('*') && d.length > 1 && host.length > d.length - 1 && host.endsWith(d.slice(1)) ? d.length : -1)) ??
    pick('prefix wildcard', (d) => (d.endsWith('*') && d.length > 1 && host.length > d.length - 1 && host.startsWith(d.slice(0, -1)) ? d.length : -1)) ??
    pick('catch-all', (d) => (d === '*' ? 0 : -1))
  );
}

/** RFC 3986 dot-segment removal and `//` merging, as `normalize_path` / `merge_slashes` do. */
export function normalizePath(path: string, hcm: Json | undefined): string {
  let p = path;
  if (hcm?.merge_slashes) p = p.replace(/\/{2,}/g, '/');
  if (hcm?.normalize_path) {
    const out: string[] = [];
    for (const seg of p.split('/').slice(1)) {
      if (seg === '.') continue;
      if (seg === '..') out.pop();
      else out.push(seg);
    }
    const last = p.split('/').pop();
    p = '/' + out.join('/') + (last === '.' || last === '..' ? '/' : '');
  }
  return p;
}

/** `envoy.type.matcher.v3.StringMatcher` against a value. */
function stringMatches(m: Json, value: string, onRegex: (regex: string) => CompiledRegex | undefined): boolean {
  const ci = m.ignore_case === true;
  const v = ci ? value.toLowerCase() : value;
  const w = (s: string) => (ci ? s.toLowerCase() : s);
  if (m.exact !== undefined) return v === w(m.exact);
  if (m.prefix !== undefined) return v.startsWith(w(m.prefix));
  if (m.suffix !== undefined) return v.endsWith(w(m.suffix));
  if (m.contains !== undefined) return v.includes(w(m.contains));
  if (m.safe_regex !== undefined) return onRegex(m.safe_regex.regex)?.fullMatch(value) ?? false;
  return false;
}

interface RouteCheck {
  ok: boolean;
  why?: string;
}

function describe(m: Json): string {
  const k = Object.keys(m).filter((x) => x !== 'ignore_case')[0] ?? 'matcher';
  return `${k} ${JSON.stringify(k === 'safe_regex' ? m[k].regex : m[k])}`;
}

/** Whether one `RouteMatch` holds for the request; `why` names the first condition that failed. */
export function routeMatches(
  match: Json,
  req: { path: string; method: string; headers: [string, string][]; query: [string, string][] },
  onRegex: (regex: string) => CompiledRegex | undefined,
): RouteCheck {
  const cs = match.case_sensitive !== false;
  const p = cs ? req.path : req.path.toLowerCase();
  const w = (s: string) => (cs ? s : s.toLowerCase());
  if (match.prefix !== undefined && !p.startsWith(w(match.prefix))) return { ok: false, why: `path ${req.path} does not start with ${match.prefix}` };
  if (match.path !== undefined && p !== w(match.path)) return { ok: false, why: `path ${req.path} is not ${match.path}` };
  if (match.path_separated_prefix !== undefined) {
    const pre = w(match.path_separated_prefix);
    if (!(p === pre || p.startsWith(pre + '/'))) return { ok: false, why: `path ${req.path} is not ${match.path_separated_prefix} or below it` };
  }
  if (match.safe_regex !== undefined && !onRegex(match.safe_regex.regex)?.fullMatch(req.path))
    return { ok: false, why: `path ${req.path} does not fully match regex ${match.safe_regex.regex}` };
  if (match.connect_matcher !== undefined && req.method !== 'CONNECT') return { ok: false, why: 'only CONNECT requests match' };
  for (const h of (match.headers ?? []) as Json[]) {
    const name = String(h.name).toLowerCase();
    const values = name === ':method' ? [req.method] : req.headers.filter(([n]) => n === name).map(([, v]) => v);
    const value = values.length ? values.join(',') : undefined;
    let ok: boolean;
    if (h.present_match !== undefined) ok = (value !== undefined) === (h.present_match !== false);
    else if (value === undefined) ok = false;
    else if (h.string_match) ok = stringMatches(h.string_match, value, onRegex);
    else if (h.exact_match !== undefined) ok = value === h.exact_match;
    else ok = true;
    if (h.invert_match) ok = !ok;
    if (!ok)
      return {
        ok: false,
        why: `header ${h.name} ${value === undefined ? 'is absent' : JSON.stringify(value)}${h.string_match ? ` (${h.invert_match ? 'must not match' : 'needs'} ${describe(h.string_match)})` : ''}`,
      };
  }
  for (const c of (match.cookies ?? []) as Json[]) {
    const value = cookieValue(req.headers, String(c.name));
    const ok = value !== undefined && (c.string_match ? stringMatches(c.string_match, value, onRegex) : true);
    if (!ok)
      return {
        ok: false,
        why: `cookie ${c.name} ${value === undefined ? 'is absent' : JSON.stringify(value)}${c.string_match ? ` (needs ${describe(c.string_match)})` : ''}`,
      };
  }
  for (const q of (match.query_parameters ?? []) as Json[]) {
    const value = req.query.find(([n]) => n === q.name)?.[1];
    let ok: boolean;
    if (q.present_match !== undefined) ok = value !== undefined;
    else if (value === undefined) ok = false;
    else ok = q.string_match ? stringMatches(q.string_match, value, onRegex) : true;
    if (!ok)
      return {
        ok: false,
        why: `query ${q.name} ${value === undefined ? 'is absent' : JSON.stringify(value)}${q.string_match ? ` (needs ${describe(q.string_match)})` : ''}`,
      };
  }
  return { ok: true };
}

/** The first cookie of that name in the request's Cookie headers, as Envoy reads it for a route's cookie matchers. */
function cookieValue(headers: [string, string][], name: string): string | undefined {
  for (const [n, v] of headers) {
    if (n !== 'cookie') continue;
    for (const pair of v.split(';')) {
      const i = pair.indexOf('=');
      if (i > 0 && pair.slice(0, i).trim() === name)
        return pair
          .slice(i + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1');
    }
  }
  return undefined;
}

function serverNameMatches(names: string[], sni: string): number {
  let best = -1;
  for (const n of names) {
    if (n === sni) return Number.MAX_SAFE_INTEGER;
    if (n.startsWith('*.') && sni.endsWith(n.slice(1)) && sni.length > n.length - 1) best = Math.max(best, n.length);
  }
  return best;
}

/** Envoy's filter chain choice by SNI: exact server name, then the longest wildcard, then chains without names, then the default. */
export function selectChain(chains: ChainView[], sni: string | undefined): ChainView | undefined {
  const named = chains.filter((c) => !c.isDefault && c.serverNames?.length);
  if (sni) {
    const scored = named
      .map((c) => ({ c, s: serverNameMatches(c.serverNames!, sni) }))
      .filter((x) => x.s >= 0)
      .sort((a, b) => b.s - a.s);
    if (scored[0]) return scored[0].c;
  }
  return chains.find((c) => !c.isDefault && !c.serverNames?.length) ?? chains.find((c) => c.isDefault);
}

/** The path and its query parameters as sent: Envoy matches names and values percent-encoded, never decoded. */
function splitPath(path: string): { path: string; query: [string, string][] } {
  const i = path.indexOf('?');
  if (i < 0) return { path, query: [] };
  const query = path
    .slice(i + 1)
    .split('&')
    .filter(Boolean)
    .map((kv): [string, string] => {
      const j = kv.indexOf('=');
      return j < 0 ? [kv, ''] : [kv.slice(0, j), kv.slice(j + 1)];
    });
  return { path: path.slice(0, i), query };
}

/** Runs a request through the bootstrap as Envoy would. */
export function matchRequest(bootstrap: Json, req: SimRequest): MatchResult {
  const result: MatchResult = { reasons: [], unsupported: [] };
  const listeners = listenersOf(bootstrap).filter((l) => chainsOf(l).some((c) => c.hcm));
  const ports = [...new Set(listeners.map(portOf))].sort((a, b) => a - b);
  const listener = req.port !== undefined ? listeners.find((l) => portOf(l) === req.port) : listeners.length === 1 ? listeners[0] : undefined;
  if (!listener) {
    result.reasons.push(
      req.port === undefined
        ? `several HTTP listeners (ports ${ports.join(', ')}): pass --port`
        : `no HTTP listener on port ${req.port} (HTTP ports: ${ports.join(', ') || 'none'})`,
    );
    return result;
  }
  result.listener = listener;
  const hostOnly = hostForLookup(req.host, true);
  const chain = selectChain(chainsOf(listener), req.sni ?? hostOnly);
  if (!chain?.hcm) {
    result.reasons.push(`no HTTP filter chain of listener ${listener.name} accepts server name ${req.sni ?? hostOnly}`);
    return result;
  }
  result.chain = chain;
  const rc = chain.hcm.route_config ?? {};
  const host = hostForLookup(req.host, rc.ignore_port_in_host_matching === true);
  const vhosts = (rc.virtual_hosts ?? []) as Json[];
  const vhost = selectVirtualHost(vhosts, host);
  if (!vhost) {
    result.reasons.push(`no virtual host of ${rc.name ?? chain.name} has a domain for ${host} (domains: ${vhosts.flatMap((v) => v.domains ?? []).join(', ')})`);
    return result;
  }
  result.vhost = vhost;
  const split = splitPath(req.path);
  const sent = req.query.map(([k, v]): [string, string] => [encodeURIComponent(k), encodeURIComponent(v)]);
  const r = { path: normalizePath(split.path, chain.hcm), method: req.method.toUpperCase(), headers: req.headers, query: [...split.query, ...sent] };
  const routes = (vhost.vhost.routes ?? []) as Json[];
  for (const [i, route] of routes.entries()) {
    const onRegex = (regex: string) => {
      const c = compileRegex(regex);
      const v = checkRegex(regex);
      if (!c && !v.ok && !result.unsupported.some((u) => u.route === route.name && u.regex === regex))
        result.unsupported.push({ route: route.name, regex, why: v.reason });
      return c;
    };
    const check = routeMatches(route.match ?? {}, r, onRegex);
    if (check.ok) {
      result.route = route;
      result.routeIndex = i;
      return result;
    }
    result.reasons.push(`${route.name}: ${check.why}`);
  }
  result.reasons.unshift(`no route of virtual host ${vhost.vhost.name} matches (Envoy answers 404)`);
  return result;
}
