// Values 4-lower writes into the IR when the inputs leave them open. Each says who chose it.

/** Cluster `connect_timeout` (Envoy Gateway's default; Envoy's own is 5s). */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Cluster `per_connection_buffer_limit_bytes` (Envoy Gateway; Envoy's own is 1 MiB). */
export const CLUSTER_BUFFER_LIMIT_BYTES = 32_768;
/** `circuit_breakers.thresholds[0].max_retries` (Envoy Gateway raises Envoy's 3). */
export const MAX_RETRIES_THRESHOLD = 1024;
/** Route `idle_timeout` floor when a request timeout is set (Envoy Gateway: max(1h, timeout)). */
export const ROUTE_IDLE_TIMEOUT_FLOOR_MS = 3_600_000;
/** Listener address (Envoy Gateway binds every listener on all IPv4 addresses). */
export const LISTENER_ADDRESS = '0.0.0.0';
/** Listener address under EnvoyProxy `ipFamily` IPv6 or DualStack (Envoy Gateway: all IPv6 addresses). */
export const LISTENER_ADDRESS_IPV6 = '::';
/** HTTPS ALPN (Envoy Gateway's default). */
export const DOWNSTREAM_ALPN = ['h2', 'http/1.1'];
/** HTTPS ALPN of a listener whose certificates overlap another's (Envoy Gateway: no HTTP/2 connection coalescing). */
export const OVERLAPPING_TLS_ALPN = ['http/1.1'];
/** DNS clusters: refresh rate, TTL and lookup family (Envoy Gateway's defaults). */
export const DNS_REFRESH_RATE_MS = 30_000;
export const DNS_RESPECT_TTL = true;
export const DNS_LOOKUP_FAMILY = 'V4_PREFERRED';

/** Envoy Gateway's base retry policy; HTTPRoute `retry` and BTP `retry` override parts of it. */
export const RETRY_ON_DEFAULT = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';
export const RETRIABLE_STATUS_CODES_DEFAULT = [503];
export const NUM_RETRIES_DEFAULT = 2;

/** The cluster name Envoy Gateway uses for the invalid share of a rule's weight (it does not exist). */
export const INVALID_BACKEND_CLUSTER = 'invalid-backend-cluster';
/** The cluster of TCP, TLS and UDP listeners with no route (Envoy Gateway's static empty cluster). */
export const EMPTY_CLUSTER = 'EmptyCluster';
/** The udp_proxy `stat_prefix` of every UDP listener (Envoy Gateway's buildXdsUDPListener). */
export const UDP_STAT_PREFIX = 'service';

// ---- cluster settings a BackendTrafficPolicy controls (btp-fields.md §4.1–§4.12) ----------

/** Zone-aware `min_cluster_size` when `preferLocal.minEndpointsThreshold` is unset (Envoy Gateway's default; Envoy's own is 6 too). */
export const ZONE_AWARE_MIN_CLUSTER_SIZE = 6;
/** `force_local_zone.min_size` when `preferLocal.force` has no threshold (Envoy Gateway's default). */
export const FORCE_LOCAL_ZONE_MIN_SIZE = 1;
/** Locality weight of a zone that `weightedZones` does not list (Envoy Gateway's default). */
export const UNLISTED_ZONE_WEIGHT = 1;
/** Upstream HTTP/2 flow-control windows (Envoy Gateway's defaults; Envoy's own are 256 MiB). */
export const UPSTREAM_HTTP2_STREAM_WINDOW = 65_536;
export const UPSTREAM_HTTP2_CONNECTION_WINDOW = 1_048_576;
/** Active HTTP health check `expected_statuses` when none are given (Envoy Gateway's default). */
export const HEALTH_CHECK_EXPECTED_STATUSES = [200];
/** Health check event log path when `healthCheckLog` has no sink (Envoy Gateway's default). */
export const HEALTH_CHECK_LOG_PATH = '/dev/stdout';
/** `healthy_panic_threshold` (Envoy's default): Envoy Gateway omits the field when the policy says 50. */
export const PANIC_THRESHOLD_PERCENT = 50;
/** `retry_budget.min_retry_concurrency` (Envoy's default): Envoy Gateway omits the field when it is 3. */
export const RETRY_BUDGET_MIN_CONCURRENCY = 3;
/** The HTTP filter guarding dynamic resolver routes against loopback hosts (Envoy Gateway's name). */
export const DFP_LOOPBACK_FILTER = 'envoy.filters.http.rbac.dfp_loopback_deny';
/** A dynamic forward proxy's DNS cache name prefix (Envoy Gateway's). */
export const DFP_DNS_CACHE_PREFIX = 'envoy-gateway-dfp-cache';

/** The cluster of the rate limit service (`--ratelimit-service`), named as Envoy Gateway names it. */
export const RATE_LIMIT_CLUSTER = 'ratelimit_cluster';
