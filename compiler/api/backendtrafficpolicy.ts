// Envoy Gateway v1.9 BackendTrafficPolicy (gateway.envoyproxy.io/v1alpha1), as loaded: JSON names,
// CRD defaults applied by 1-load (fields marked "default" are always present when their parent is).
// Reference: spec/btp-fields.md (§ numbers below). Scope codes: CL cluster, RT route, HCM filter.
import type { Resource } from './meta';

/** Gateway API `Duration` string, `^([0-9]{1,5}(h|m|s|ms)){1,4}$`, e.g. `500ms`, `1h30m`. */
export type Duration = string;
/** Kubernetes `resource.Quantity`: bytes as an integer or a string such as `32Ki`, `1Mi`. */
export type Quantity = number | string;
/** Gateway API `Fraction`: numerator ≤ denominator; denominator default 100. */
export interface Fraction {
  numerator: number;
  /** Default 100. */
  denominator: number;
}

// ---- §3.1 targeting -----------------------------------------------------------------------

/** `LocalPolicyTargetReferenceWithSectionName` (same namespace as the policy). */
export interface PolicyTargetReference {
  /** Must be `gateway.networking.k8s.io` (CEL). */
  group: string;
  /** Gateway, ListenerSet, HTTPRoute, GRPCRoute, UDPRoute, TCPRoute or TLSRoute (CEL). */
  kind: string;
  name: string;
  /** Gateway/ListenerSet listener name, or xRoute `rules[].name`. */
  sectionName?: string;
}

/** `TargetSelector`: label-selected targets. */
export interface TargetSelector {
  /** Default `gateway.networking.k8s.io`; must equal it (CEL). */
  group: string;
  kind: string;
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
  /** Which namespaces to select in; `from` default Same; `selector` required when from=Selector (CEL). */
  namespaces?: {
    from: 'Same' | 'All' | 'Selector';
    selector?: { matchLabels?: Record<string, string>; matchExpressions?: TargetSelector['matchExpressions'] };
  };
}

// ---- §4.1 loadBalancer (CL + RT hash policy) -----------------------------------------------

export type LoadBalancerType = 'ConsistentHash' | 'LeastRequest' | 'Random' | 'RoundRobin' | 'BackendUtilization' | 'DynamicModule';

export interface ConsistentHash {
  /** Hash input → `RouteAction.hash_policy[]`; SourceIP → `connection_properties.source_ip`. */
  type: 'SourceIP' | 'Header' | 'Headers' | 'Cookie' | 'QueryParams';
  /** Deprecated single header (type Header) → `hash_policy.header.header_name`. */
  header?: { name: string };
  /** type Headers → one `hash_policy.header` per entry. */
  headers?: { name: string }[];
  /** type Cookie → `hash_policy.cookie{name, ttl, attributes}`. */
  cookie?: { name: string; ttl?: Duration; attributes?: Record<string, string> };
  /** type QueryParams → one `hash_policy.query_parameter` per entry. */
  queryParams?: { name: string }[];
  /** Maglev table size, 2–5000011 (EG requires a prime). Default 65537 → `Maglev.table_size`. */
  tableSize: number;
}

export interface LoadBalancer {
  /** Required. Picks the `Cluster.load_balancing_policy` extension (ConsistentHash → maglev). */
  type: LoadBalancerType;
  /** Required iff type ConsistentHash. */
  consistentHash?: ConsistentHash;
  /** `slow_start_config.slow_start_window`; only RoundRobin, LeastRequest, BackendUtilization. */
  slowStart?: { window: Duration };
  /** Zone-aware routing → `locality_lb_config.zone_aware_lb_config` / weighted localities. */
  zoneAware?: {
    /** `min_cluster_size` (EG emits 6 when unset), `routing_enabled`, `force_local_zone.min_size`. */
    preferLocal?: { minEndpointsThreshold?: number; percentageEnabled?: number; force?: { minEndpointsInZoneThreshold?: number } };
    /** Per-zone locality weights (zones not listed get 1). */
    weightedZones?: { zone: string; weight: number }[];
  };
  /** 1–10 sources → `envoy.load_balancing_policies.override_host`. */
  endpointOverride?: { extractFrom: { header?: string }[] };
  /** Required iff type BackendUtilization → `ClientSideWeightedRoundRobin`. */
  backendUtilization?: {
    blackoutPeriod?: Duration;
    weightExpirationPeriod?: Duration;
    weightUpdatePeriod?: Duration;
    errorUtilizationPenaltyPercent?: number;
    metricNamesForComputingUtilization?: string[];
    /** Default false: strips endpoint-load-metrics headers on route-targeted policies. */
    keepResponseHeaders: boolean;
    outOfBand?: { reportingPeriod?: Duration; port?: number; authority?: string };
  };
  /** Required iff type DynamicModule; not translated by EG v1.9. */
  dynamicModule?: { name: string; lbPolicyName?: string; config?: unknown };
  /**
   * NOT part of the Envoy Gateway API (envoyc extension, accepted from seed documents with a
   * non-canonical warning): `LeastRequest.choice_count` (Envoy default 2). Only with type LeastRequest.
   */
  leastRequest?: { choiceCount: number };
}

// ---- §4.2 retry (RT `RouteAction.retry_policy`) -------------------------------------------

export type RetryTrigger =
  | '5xx'
  | 'gateway-error'
  | 'reset'
  | 'reset-before-request'
  | 'connect-failure'
  | 'retriable-4xx'
  | 'refused-stream'
  | 'retriable-status-codes'
  | 'cancelled'
  | 'deadline-exceeded'
  | 'internal'
  | 'resource-exhausted'
  | 'unavailable';

export interface Retry {
  /** ≥0. Default 2 → `RetryPolicy.num_retries`. */
  numRetries: number;
  /** >0 → `retry_priority` previous_priorities `update_frequency`. */
  numAttemptsPerPriority?: number;
  /** Absent → EG's default retry_on string and `retriable_status_codes: [503]`. */
  retryOn?: {
    /** → `retry_on`, de-duplicated and sorted. */
    triggers?: RetryTrigger[];
    /** 100–599 → `retriable_status_codes`. */
    httpStatusCodes?: number[];
  };
  perRetry?: {
    /** → `per_try_timeout`. */
    timeout?: Duration;
    /** → `retry_back_off{base_interval, max_interval}`. */
    backOff?: { baseInterval?: Duration; maxInterval?: Duration };
  };
}

// ---- §4.3 timeout -------------------------------------------------------------------------

export interface Timeout {
  /** → `Cluster.connect_timeout` (EG default 10s). */
  tcp?: { connectTimeout?: Duration };
  http?: {
    /** → `common_http_protocol_options.idle_timeout` (CL). */
    connectionIdleTimeout?: Duration;
    /** → `common_http_protocol_options.max_connection_duration` (CL). */
    maxConnectionDuration?: Duration;
    /** → `RouteAction.timeout` (RT). */
    requestTimeout?: Duration;
    /** → `RouteAction.max_stream_duration.max_stream_duration` (RT). */
    maxStreamDuration?: Duration;
    /** → `RouteAction.idle_timeout` (RT). */
    streamIdleTimeout?: Duration;
  };
}

// ---- §4.4 circuitBreaker (CL `Cluster.circuit_breakers`) ----------------------------------

export interface CircuitBreaker {
  /** 0–4294967295, default 1024 → `thresholds[0].max_connections`. */
  maxConnections: number;
  /** Default 1024 → `thresholds[0].max_pending_requests`. */
  maxPendingRequests: number;
  /** Default 1024 → `thresholds[0].max_requests`. */
  maxParallelRequests: number;
  /** Default 1024 → `thresholds[0].max_retries`. */
  maxParallelRetries: number;
  /** → `common_http_protocol_options.max_requests_per_connection` (not a threshold). */
  maxRequestsPerConnection?: number;
  /** `maxConnections` default 1024 → `per_host_thresholds[0].max_connections`. */
  perEndpoint?: { maxConnections: number };
  /** → `thresholds[0].retry_budget{budget_percent, min_retry_concurrency}`; minRetryConcurrency Envoy default 3. */
  retryBudget?: { percent: Fraction; minRetryConcurrency?: number };
}

// ---- §4.5–4.7 healthCheck (CL) ------------------------------------------------------------

/** `{type: Text|Binary, text?, binary?}` → Envoy `HealthCheck.Payload` (text is hex-encoded). */
export interface HealthCheckPayload {
  type: 'Text' | 'Binary';
  text?: string;
  /** base64. */
  binary?: string;
}

export interface ActiveHealthCheck {
  /** Required: `http_health_check` / `tcp_health_check` / `grpc_health_check`. */
  type: 'HTTP' | 'TCP' | 'GRPC';
  /** Default 1s → `HealthCheck.timeout`. */
  timeout: Duration;
  /** Default 3s → `HealthCheck.interval`. */
  interval: Duration;
  /** → `HealthCheck.initial_jitter`. */
  initialJitter?: Duration;
  /** ≥1, default 3 → `unhealthy_threshold`. */
  unhealthyThreshold: number;
  /** ≥1, default 1 → `healthy_threshold`. */
  healthyThreshold: number;
  /** Required iff type HTTP. */
  http?: {
    /** 1–1024 → `http_health_check.path`. */
    path: string;
    /** → `http_health_check.method`. */
    method?: string;
    /** → `http_health_check.host`. */
    hostname?: string;
    /** 100–599 → `expected_statuses` (EG applies [200] when unset). */
    expectedStatuses?: number[];
    /** 100–599 → `retriable_statuses`. */
    retriableStatuses?: number[];
    /** → `receive`. */
    expectedResponse?: HealthCheckPayload;
    /** Only with method POST/PUT → `send`. */
    requestBody?: HealthCheckPayload;
  };
  /** Required iff type TCP; `{}` = connect only → `tcp_health_check{send, receive}`. */
  tcp?: { send?: HealthCheckPayload; receive?: HealthCheckPayload };
  /** Only with type GRPC → `grpc_health_check.service_name`. */
  grpc?: { service?: string };
  /** → every endpoint's `health_check_config.port_value`. */
  overrides?: { port: number };
  /** → `always_log_health_check_failures/success` and a file `event_logger`. */
  healthCheckLog?: {
    matches?: ('Failure' | 'FailureSeriesStart' | 'Success' | 'HealthyTransition')[];
    sinks?: { type: 'File'; file?: { path: string } }[];
  };
}

/** → `Cluster.outlier_detection`. */
export interface PassiveHealthCheck {
  /** Default false → `split_external_local_origin_errors`. */
  splitExternalLocalOriginErrors: boolean;
  /** Default 3s → `interval`. */
  interval: Duration;
  /** Default 5 → `consecutive_local_origin_failure`. */
  consecutiveLocalOriginFailures: number;
  /** → `consecutive_gateway_failure` (+ enforcing 100). */
  consecutiveGatewayErrors?: number;
  /** Default 5 → `consecutive_5xx`. Note the capital X. */
  consecutive5XxErrors: number;
  /** Default 30s → `base_ejection_time`. */
  baseEjectionTime: Duration;
  /** 0–100, default 10 → `max_ejection_percent`. */
  maxEjectionPercent: number;
  /** 0–100 → `failure_percentage_threshold` (+ enforcing 100). */
  failurePercentageThreshold?: number;
  /** Default false → `always_eject_one_host`. */
  alwaysEjectOneEndpoint: boolean;
}

export interface HealthCheck {
  active?: ActiveHealthCheck;
  passive?: PassiveHealthCheck;
  /** 0–100 → `common_lb_config.healthy_panic_threshold`. */
  panicThreshold?: number;
}

// ---- §4.8 connection-level cluster settings -----------------------------------------------

export interface Connection {
  /** → `Cluster.per_connection_buffer_limit_bytes` (EG default 32768). */
  bufferLimit?: Quantity;
  /** Hidden; not translated. */
  socketBufferLimit?: Quantity;
  /** → `preconnect_policy`: perEndpointPercent 100–300, predictivePercent ≥100 (RoundRobin/Random only). */
  preconnect?: { perEndpointPercent?: number; predictivePercent?: number };
}

export interface TcpKeepalive {
  /** → `tcp_keepalive.keepalive_probes`. */
  probes?: number;
  /** → `keepalive_time` (whole seconds). */
  idleTime?: Duration;
  /** → `keepalive_interval` (whole seconds). */
  interval?: Duration;
}

export interface DnsSettings {
  /** → `DnsCluster.dns_refresh_rate` (EG 30s). */
  dnsRefreshRate?: Duration;
  /** → `DnsCluster.respect_dns_ttl` (EG true). */
  respectDnsTtl?: boolean;
  /** → `dns_lookup_family`. */
  lookupFamily?: 'IPv4' | 'IPv6' | 'IPv4Preferred' | 'IPv6Preferred' | 'IPv4AndIPv6';
}

export interface Http2Settings {
  /** 65535–2147483647 bytes → `initial_stream_window_size` (EG 65536). */
  initialStreamWindowSize?: Quantity;
  /** → `initial_connection_window_size` (EG 1048576). */
  initialConnectionWindowSize?: Quantity;
  /** 1–2147483647 → `max_concurrent_streams`. */
  maxConcurrentStreams?: number;
  /** → `override_stream_error_on_invalid_http_message`. */
  onInvalidMessage?: 'TerminateConnection' | 'TerminateStream';
  /** → `connection_keepalive`; timeout < interval (CEL). */
  connectionKeepalive?: { interval?: Duration; timeout?: Duration; intervalJitter?: number; idleInterval?: Duration };
}

// ---- §4.9 rateLimit (HCM + RT) -------------------------------------------------------------

export interface RateLimitRule {
  /** ≤8 selectors, each ANDs its matchers; absent → the rule applies to all traffic. */
  clientSelectors?: {
    headers?: { name: string; type: 'Exact' | 'RegularExpression' | 'Distinct'; value?: string; invert: boolean }[];
    methods?: { value: string; invert: boolean }[];
    /** type default PathPrefix, value default "/". */
    path?: { type: 'Exact' | 'PathPrefix' | 'RegularExpression'; value: string; invert: boolean };
    /** type default Exact. */
    sourceCIDR?: { type: 'Exact' | 'Distinct'; value: string; invert: boolean };
    queryParams?: { name: string; type: 'Exact' | 'RegularExpression' | 'Distinct'; value?: string; invert: boolean }[];
  }[];
  limit: { requests: number; unit: 'Second' | 'Minute' | 'Hour' | 'Day' | 'Week' | 'Month' | 'Year'; fromMetadata?: { namespace: string; key: string } };
  cost?: { request?: RateLimitCost; response?: RateLimitCost };
  /** Default false. */
  shared: boolean;
  /** Default false. */
  shadowMode: boolean;
  xRateLimitHeaders?: 'Off' | 'DraftVersion03';
}
export interface RateLimitCost {
  from: 'Number' | 'Metadata';
  number?: number;
  metadata?: { namespace: string; key: string };
}
export interface RateLimit {
  /** Deprecated; when set only the matching sub-object is used. */
  type?: 'Global' | 'Local';
  /** Envoy ratelimit service; rules 1–256. */
  global?: { rules: RateLimitRule[] };
  /** `local_ratelimit` token buckets; rules ≤16. */
  local?: { rules?: RateLimitRule[] };
}

// ---- §4.10–4.17 HTTP filters and route settings --------------------------------------------

export interface BandwidthLimitDirection {
  limit: { value: Quantity; unit: 'Second' | 'Minute' | 'Hour' };
}
export interface BandwidthLimit {
  /** → filter `bandwidth_limit/request`. */
  request?: BandwidthLimitDirection;
  /** → filter `bandwidth_limit/response`; trailers prefix → `response_trailer_prefix`. */
  response?: BandwidthLimitDirection & { responseTrailers?: { prefix?: string } };
}

export interface FaultInjection {
  /** → `HTTPFault.delay`; percentage default 100 (applied in lowering). */
  delay?: { fixedDelay: Duration; percentage?: number };
  /** → `HTTPFault.abort`: exactly one of httpStatus (200–600) / grpcStatus (0–16). */
  abort?: { httpStatus?: number; grpcStatus?: number; percentage?: number };
}

export interface AdmissionControl {
  /** ≥1s → `sampling_window` (Envoy 30s). */
  samplingWindow?: Duration;
  /** 1–100 → `sr_threshold` (Envoy 95). */
  minSuccessRate?: number;
  /** ≥1 → `aggression` (Envoy 1). */
  rejectionAggression?: number;
  /** → `rps_threshold` (Envoy 0). */
  minRequestRate?: number;
  /** 0–100 → `max_rejection_probability` (Envoy 80). */
  maxRejectionPercent?: number;
  successCriteria?: { http?: { statusCodes?: number[] }; grpc?: { statusCodes?: string[] } };
}

export interface Compression {
  type: 'Gzip' | 'Brotli' | 'Zstd';
  gzip?: Record<string, never>;
  brotli?: Record<string, never>;
  zstd?: Record<string, never>;
  /** → `response_direction_config.common_config.min_content_length` (Envoy 30). */
  minContentLength?: Quantity;
}

export interface HttpUpgrade {
  /** Free text, e.g. websocket, CONNECT → `upgrade_configs[].upgrade_type`. */
  type: string;
  /** Only with type CONNECT (CEL); terminate → `connect_config: {}`. */
  connect?: { terminate?: boolean };
}

export interface ResponseOverride {
  match: {
    statusCodes?: { type: 'Value' | 'Range'; value?: number; range?: { start: number; end: number } }[];
    responseHeaders?: { name: string; value: { type: 'Exact' | 'Prefix' | 'Suffix' | 'RegularExpression'; value: string } }[];
  };
  /** Default All. */
  source?: 'All' | 'Local' | 'Backend';
  response?: {
    statusCode?: number;
    contentType?: string;
    body?: { type: 'Inline' | 'ValueRef'; inline?: string; valueRef?: { group: string; kind: string; name: string } };
    header?: { set?: { name: string; value: string }[]; add?: { name: string; value: string }[] };
  };
  redirect?: {
    scheme?: 'http' | 'https';
    hostname?: string;
    path?: { type: 'ReplaceFullPath' | 'ReplacePrefixMatch'; replaceFullPath?: string; replacePrefixMatch?: string };
    port?: number;
    /** 301 or 302; default 302. */
    statusCode: number;
  };
}

export interface Telemetry {
  tracing?: {
    samplingFraction?: Fraction;
    clientSamplingFraction?: Fraction;
    overallSamplingFraction?: Fraction;
    /** Deprecated. type default Literal. */
    customTags?: Record<
      string,
      {
        type: 'Literal' | 'Environment' | 'RequestHeader';
        literal?: { value: string };
        environment?: { name: string; defaultValue?: string };
        requestHeader?: { name: string; defaultValue?: string };
      }
    >;
    tags?: Record<string, string>;
    spanName?: { client: string; server: string };
  };
  /** → `Route.stat_prefix` / `tcp_proxy.stat_prefix`. */
  metrics?: { routeStatName?: string };
}

// ---- the spec ------------------------------------------------------------------------------

export interface BackendTrafficPolicySpec {
  /** Deprecated single target; wins over targetRefs. */
  targetRef?: PolicyTargetReference;
  targetRefs?: PolicyTargetReference[];
  targetSelectors?: TargetSelector[];
  /** Only with xRoute targets; `Replace` rejected (CEL). §4.19. */
  mergeType?: 'StrategicMerge' | 'JSONMerge';
  loadBalancer?: LoadBalancer;
  retry?: Retry;
  timeout?: Timeout;
  circuitBreaker?: CircuitBreaker;
  healthCheck?: HealthCheck;
  connection?: Connection;
  /** `{}` enables OS keepalive defaults → `upstream_connection_options.tcp_keepalive`. */
  tcpKeepalive?: TcpKeepalive;
  /** → upstream proxy-protocol transport socket. */
  proxyProtocol?: { version: 'V1' | 'V2' };
  dns?: DnsSettings;
  http2?: Http2Settings;
  /** → `use_downstream_protocol_config`. */
  useClientProtocol?: boolean;
  /** Service → clusterIP endpoint; Endpoint → EndpointSlice addresses. */
  routingType?: 'Service' | 'Endpoint';
  rateLimit?: RateLimit;
  bandwidthLimit?: BandwidthLimit;
  faultInjection?: FaultInjection;
  admissionControl?: AdmissionControl;
  /** Deprecated; not with compressor (CEL). */
  compression?: Compression[];
  compressor?: Compression[];
  httpUpgrade?: HttpUpgrade[];
  /** → `buffer` filter `max_request_bytes`; not with httpUpgrade (CEL). */
  requestBuffer?: { limit: Quantity };
  responseOverride?: ResponseOverride[];
  telemetry?: Telemetry;
}

/** The BackendTrafficPolicy resource. */
export type BackendTrafficPolicy = Resource<'BackendTrafficPolicy', BackendTrafficPolicySpec>;
