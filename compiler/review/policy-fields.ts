/**
 * Which BackendTrafficPolicy field (top level, as 3-merge records owners) produces an Envoy field.
 * Used to say "this value came from policy P" in `diff` and `explain`. The first matching prefix wins;
 * a field no policy controls maps to undefined and is attributed to its route rule instead.
 */

type Table = [prefix: string, field: string][];

/** Route fields, paths relative to the `Route` (with `route.` for the RouteAction). */
const ROUTE: Table = [
  ['route.retry_policy', 'retry'],
  ['route.timeout', 'timeout.http.requestTimeout'],
  ['route.idle_timeout', 'timeout.http'],
  ['route.max_stream_duration', 'timeout.http.maxStreamDuration'],
  ['route.hash_policy', 'loadBalancer'],
  ['route.weighted_clusters.use_hash_policy', 'loadBalancer'],
  ['route.upgrade_configs', 'httpUpgrade'],
  ['route.rate_limits', 'rateLimit'],
  ['match.connect_matcher', 'httpUpgrade'],
  ['tracing', 'telemetry'],
  ['stat_prefix', 'telemetry'],
  ['direct_response', 'responseOverride'],
];

/** Filter names (in `typed_per_filter_config`) → the policy field that switches them on. */
const FILTERS: Table = [
  ['envoy.filters.http.local_ratelimit', 'rateLimit'],
  ['envoy.filters.http.ratelimit', 'rateLimit'],
  ['envoy.filters.http.fault', 'faultInjection'],
  ['envoy.filters.http.bandwidth_limit', 'bandwidthLimit'],
  ['envoy.filters.http.admission_control', 'admissionControl'],
  ['envoy.filters.http.compressor', 'compressor'],
  ['envoy.filters.http.buffer', 'requestBuffer'],
  ['envoy.filters.http.custom_response', 'responseOverride'],
];

/** Cluster fields. */
const CLUSTER: Table = [
  ['connect_timeout', 'timeout.tcp.connectTimeout'],
  ['circuit_breakers', 'circuitBreaker'],
  ['outlier_detection', 'healthCheck'],
  ['health_checks', 'healthCheck'],
  ['common_lb_config.healthy_panic_threshold', 'healthCheck'],
  ['common_lb_config', 'loadBalancer'],
  ['load_balancing_policy', 'loadBalancer'],
  ['lb_policy', 'loadBalancer'],
  ['ring_hash_lb_config', 'loadBalancer'],
  ['maglev_lb_config', 'loadBalancer'],
  ['per_connection_buffer_limit_bytes', 'connection'],
  ['upstream_connection_options', 'tcpKeepalive'],
  ['transport_socket', 'proxyProtocol'],
  ['cluster_type', 'dns'],
  ['dns_', 'dns'],
  ['respect_dns_ttl', 'dns'],
  ['typed_extension_protocol_options', 'timeout.http'],
  ['load_assignment.endpoints', 'loadBalancer'],
];

function lookup(table: Table, path: string): string | undefined {
  return table.find(([p]) => path === p || path.startsWith(p))?.[1];
}

/**
 * The policy that set a field: the owner of its top-level BTP field (3-merge records owners per
 * top-level field), provided the effective spec really holds the dotted sub-path.
 */
export function ownerOf(applied: { spec: object; owners: Record<string, string> }, btpPath: string): string | undefined {
  const [top, ...rest] = btpPath.split('.');
  const owner = applied.owners[top!];
  if (!owner) return undefined;
  let v: any = (applied.spec as any)[top!];
  for (const k of rest) v = v?.[k];
  return v === undefined ? undefined : owner;
}

/** The BTP field (a dotted path below `spec`) behind a changed Envoy field of a route or cluster, if a policy can set it. */
export function policyFieldFor(kind: 'route' | 'cluster', path: string): string | undefined {
  if (kind === 'cluster') {
    if (path.includes('http2_protocol_options')) return 'http2';
    if (path.includes('use_downstream_protocol_config')) return 'useClientProtocol';
    return lookup(CLUSTER, path);
  }
  const m = /^typed_per_filter_config\.([^.[]+)/.exec(path);
  if (m) return lookup(FILTERS, m[1]!);
  return lookup(ROUTE, path);
}
