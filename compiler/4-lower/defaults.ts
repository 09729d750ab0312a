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
/** HTTPS ALPN (Envoy Gateway's default). */
export const DOWNSTREAM_ALPN = ['h2', 'http/1.1'];
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
/** The cluster of TCP and TLS listeners with no route (Envoy Gateway's static empty cluster). */
export const EMPTY_CLUSTER = 'EmptyCluster';
