import { isIP } from 'node:net';
import type { Finding } from '../types';
import { child, get, items, num, str, typeName, type At } from './access';
import { clusters, hasDynamicClusters, HCM, listeners, networkFilters, routes, ROUTER, TCP_PROXY, typedConfigsOf } from './locate';

/**
 * Checks Envoy does in C++ (not expressible in the protos). Each returns findings with JSON paths.
 * Messages follow Envoy's own where it has one, so users can match them against Envoy's logs.
 */

type Report = (f: Finding) => void;

/** Duplicate cluster and listener names: Envoy refuses to start. */
export function checkDuplicateNames(root: At, report: Report): void {
  for (const [what, list] of [
    ['cluster', clusters(root)],
    ['listener', listeners(root)],
  ] as const) {
    const seen = new Map<string, At>();
    for (const item of list) {
      const name = child(item, 'name');
      const value = str(name?.value);
      if (!name || !value) continue;
      // Envoy refuses duplicate cluster names; it accepts duplicate static listener names (1.40
      // --mode validate), but names identify listeners for updates and stats, so we warn.
      if (seen.has(value))
        report({
          code: 'envoy_duplicate_name',
          severity: what === 'cluster' ? 'error' : 'warning',
          path: name.path,
          message: `duplicate ${what} name "${value}" (first defined at ${fmt(seen.get(value)!.path)})${what === 'listener' ? '; listener names should be unique' : ''}`,
        });
      else seen.set(value, name);
    }
  }
}

/** A route's `cluster` (or weighted cluster, or mirror) must name a static cluster. */
export function checkClusterRefs(root: At, report: Report, suggest: (name: string, all: string[]) => string): void {
  if (hasDynamicClusters(root)) return;
  const names = clusters(root)
    .map((c) => str(get(c.value, 'name')))
    .filter((n): n is string => n !== undefined);
  const known = new Set(names);
  const check = (at: At | undefined) => {
    const name = str(at?.value);
    if (at && name !== undefined && name !== '' && !known.has(name))
      report({ code: 'envoy_cluster_not_found', severity: 'error', path: at.path, message: `route: unknown cluster "${name}"${suggest(name, names)}` });
  };
  for (const r of routes(root, { clusterChecked: true })) {
    const action = child(r, 'route');
    if (!action) continue;
    check(child(action, 'cluster'));
    const wc = child(action, 'weighted_clusters');
    if (wc) for (const c of items(wc, 'clusters')) check(child(c, 'name'));
    for (const m of items(action, 'request_mirror_policies')) check(child(m, 'cluster'));
  }
  for (const tp of typedConfigsOf(root, TCP_PROXY)) {
    check(child(tp, 'cluster'));
    const wc = child(tp, 'weighted_clusters');
    if (wc) for (const c of items(wc, 'clusters')) check(child(c, 'name'));
  }
}

/** Terminal filters (router; HCM / tcp_proxy) must be last in their chain, and the last must be terminal. */
export function checkTerminalFilters(root: At, report: Report): void {
  for (const hcm of typedConfigsOf(root, HCM)) checkChain(items(hcm, 'http_filters'), new Set([ROUTER]), 'http', report, true);
  const networkTerminal = new Set([
    HCM,
    TCP_PROXY,
    'envoy.extensions.filters.network.redis_proxy.v3.RedisProxy',
    'envoy.extensions.filters.network.direct_response.v3.Config',
  ]);
  for (const chain of networkFilters(root)) checkChain(chain, networkTerminal, 'network', report);
}

function checkChain(filters: At[], terminal: Set<string>, kind: string, report: Report, lastMustBeTerminal = false): void {
  filters.forEach((f, i) => {
    const type = typeName(get(f.value, 'typed_config'));
    if (!type) return;
    const name = str(get(f.value, 'name')) ?? '';
    const last = i === filters.length - 1;
    if (terminal.has(type) && !last)
      report({
        code: 'envoy_terminal_filter',
        severity: 'error',
        path: f.path,
        message: `terminal filter named ${name} of type ${type} must be the last filter in a ${kind} filter chain`,
      });
    else if (last && lastMustBeTerminal && !terminal.has(type))
      report({
        code: 'envoy_terminal_filter',
        severity: 'error',
        path: f.path,
        message: `non-terminal filter named ${name} of type ${type} is the last filter in a ${kind} filter chain; add envoy.filters.http.router last`,
      });
  });
}

/** HTTP health check `expected_statuses` / `retriable_statuses`: 100 <= start < end <= 600. */
export function checkStatusRanges(root: At, report: Report): void {
  for (const c of clusters(root))
    for (const hc of items(c, 'health_checks')) {
      const http = child(hc, 'http_health_check');
      if (!http) continue;
      for (const list of ['expected_statuses', 'retriable_statuses'])
        for (const r of items(http, list)) {
          const start = num(get(r.value, 'start')) ?? 0;
          const end = num(get(r.value, 'end')) ?? 0;
          let problem: string | undefined;
          if (start >= end) problem = `expecting start < end, but found start=${start} and end=${end}`;
          else if (start < 100) problem = `expecting start >= 100, but found start=${start}`;
          else if (end > 600) problem = `expecting end <= 600, but found end=${end}`;
          if (problem)
            report({ code: 'envoy_status_range', severity: 'error', path: r.path, message: `invalid http ${list.replace('_', ' ')} range: ${problem}` });
        }
    }
}

const LB_CONFIGS: Record<string, string> = {
  ring_hash_lb_config: 'RING_HASH',
  maglev_lb_config: 'MAGLEV',
  least_request_lb_config: 'LEAST_REQUEST',
  round_robin_lb_config: 'ROUND_ROBIN',
};

/** A `*_lb_config` that does not match `lb_policy` is ignored by Envoy. */
export function checkLbConfig(root: At, report: Report): void {
  for (const c of clusters(root)) {
    const policy = String(get(c.value, 'lb_policy') ?? 'ROUND_ROBIN').toUpperCase();
    for (const [cfg, wants] of Object.entries(LB_CONFIGS)) {
      const at = child(c, cfg);
      if (at && policy !== wants)
        report({
          code: 'envoy_lb_config_mismatch',
          severity: 'warning',
          path: at.path,
          key: true,
          message: `${cfg} only applies with lb_policy ${wants}, but lb_policy is ${policy}; Envoy ignores it`,
        });
    }
  }
}

/** STATIC clusters need IP addresses: Envoy does not resolve hostnames for them. */
export function checkStaticHostnames(root: At, report: Report): void {
  for (const c of clusters(root)) {
    const type = String(get(c.value, 'type') ?? 'STATIC').toUpperCase();
    if (type !== 'STATIC' || get(c.value, 'cluster_type') !== undefined) continue;
    const la = child(c, 'load_assignment');
    if (!la) continue;
    for (const e of items(la, 'endpoints'))
      for (const lbe of items(e, 'lb_endpoints')) {
        const ep = child(lbe, 'endpoint');
        const address = ep && child(ep, 'address');
        const sa = address && child(address, 'socket_address');
        const addr = sa && child(sa, 'address');
        const host = str(addr?.value);
        if (sa && addr && host && !isIp(host) && get(sa.value, 'resolver_name') === undefined)
          report({
            code: 'envoy_static_hostname',
            severity: 'error',
            path: addr.path,
            message: `malformed IP address: ${host}. A STATIC cluster needs IP addresses; use type STRICT_DNS or LOGICAL_DNS for hostnames`,
          });
      }
  }
}

function isIp(s: string): boolean {
  return isIP(s) !== 0;
}

function fmt(path: (string | number)[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}
