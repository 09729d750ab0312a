import type { ResourceKey } from '../1-load/types';
import type { IrCredentialInjector } from './http-filters';
// Cluster-wide settings a BackendTrafficPolicy controls (btp-fields.md §4.1, §4.3–§4.8, §4.12).
// 4-lower makes every default explicit; "absent" below means Envoy's own default applies.

/** `Cluster.load_balancing_policy` extension (BTP `loadBalancer.type`; ConsistentHash → Maglev). */
export type IrLbPolicy = 'LeastRequest' | 'RoundRobin' | 'Random' | 'Maglev' | 'ClientSideWeightedRoundRobin';

/** `LocalityLbConfig.zone_aware_lb_config` (BTP `loadBalancer.zoneAware.preferLocal`). */
export interface IrZoneAware {
  /** `min_cluster_size` (Envoy Gateway emits 6 when unset). */
  minClusterSize: number;
  /** `routing_enabled` percent; absent = Envoy's 100. */
  routingEnabledPercent?: number;
  /** `force_local_zone.min_size`; absent = no forcing. */
  forceLocalZoneMinSize?: number;
}

/** `ClientSideWeightedRoundRobin` (BTP `loadBalancer.backendUtilization`). Durations in ms. */
export interface IrBackendUtilization {
  blackoutPeriodMs?: number;
  weightExpirationPeriodMs?: number;
  weightUpdatePeriodMs?: number;
  /** `error_utilization_penalty` (percent / 100). */
  errorUtilizationPenalty?: number;
  metricNamesForComputingUtilization?: string[];
  /** `enable_oob_load_report: true` with `oob_reporting_period` / `oob_reporting_config`. */
  outOfBand?: { reportingPeriodMs?: number; port?: number; authority?: string };
}

/** The cluster's load balancer. */
export interface IrLoadBalancer {
  policy: IrLbPolicy;
  /**
   * `locality_lb_config`: `weighted` = `locality_weighted_lb_config: {}` (backendRef weights count),
   * `zoneAware` = `zone_aware_lb_config`, `none` = unset. ClientSideWeightedRoundRobin has no such
   * field; with `weighted` it is wrapped in `wrr_locality`.
   */
  locality: { type: 'weighted' } | { type: 'zoneAware'; zoneAware: IrZoneAware } | { type: 'none' };
  /** LeastRequest `choice_count` (envoyc extension `loadBalancer.leastRequest.choiceCount`); absent = Envoy's 2. */
  choiceCount?: number;
  /** `slow_start_config.slow_start_window` (LeastRequest, RoundRobin, ClientSideWeightedRoundRobin). */
  slowStartWindowMs?: number;
  /** Maglev `table_size` (CRD default 65537). */
  tableSize?: number;
  backendUtilization?: IrBackendUtilization;
  /** `override_host` header sources: the policy above becomes its `fallback_policy`. */
  overrideHostHeaders?: string[];
}

/** `Cluster.circuit_breakers`: one DEFAULT-priority threshold, and per-host thresholds. */
export interface IrCircuitBreakers {
  maxConnections?: number;
  maxPendingRequests?: number;
  /** `max_requests` (BTP `maxParallelRequests`). */
  maxRequests?: number;
  /** Envoy Gateway always raises Envoy's 3 to 1024. */
  maxRetries: number;
  /** `retry_budget`: `budget_percent` (0–100) and `min_retry_concurrency` (absent = Envoy's 3). */
  retryBudget?: { budgetPercent: number; minRetryConcurrency?: number };
  /** `per_host_thresholds[0].max_connections` (BTP `perEndpoint.maxConnections`). */
  perHostMaxConnections?: number;
}

/** `HealthCheck.Payload`: hex text (already encoded) or base64 bytes. */
export type IrHealthCheckPayload = { text: string } | { binary: string };

/** `envoy.type.v3.Int64Range`, half-open. */
export interface IrStatusRange {
  start: number;
  end: number;
}

/** `Cluster.health_checks[0]` (BTP `healthCheck.active`). Durations in ms. */
export interface IrHealthCheck {
  timeoutMs: number;
  intervalMs: number;
  initialJitterMs?: number;
  unhealthyThreshold: number;
  healthyThreshold: number;
  checker:
    | {
        type: 'http';
        host: string;
        path: string;
        method?: string;
        expectedStatuses: IrStatusRange[];
        retriableStatuses: IrStatusRange[];
        send?: IrHealthCheckPayload;
        receive?: IrHealthCheckPayload;
      }
    | { type: 'tcp'; send?: IrHealthCheckPayload; receive?: IrHealthCheckPayload }
    | { type: 'grpc'; serviceName?: string };
  /** The policy that wrote it (provenance for diagnostics; not emitted). */
  policy?: ResourceKey;
  /** `always_log_health_check_failures` / `always_log_health_check_success`. */
  alwaysLogFailures: boolean;
  alwaysLogSuccess: boolean;
  /** File `event_logger` path; absent = no event logger. */
  eventLogPath?: string;
}

/** `Cluster.outlier_detection` (BTP `healthCheck.passive`). Durations in ms. */
export interface IrOutlierDetection {
  splitExternalLocalOriginErrors: boolean;
  intervalMs: number;
  consecutiveLocalOriginFailure: number;
  /** With `enforcing_consecutive_gateway_failure: 100`. */
  consecutiveGatewayFailure?: number;
  consecutive5xx: number;
  baseEjectionTimeMs: number;
  /** Absent when the policy says 0 (Envoy Gateway then leaves Envoy's 10%). */
  maxEjectionPercent?: number;
  /** With `enforcing_failure_percentage: 100`. */
  failurePercentageThreshold?: number;
  alwaysEjectOneHost: boolean;
}

/** `Http2ProtocolOptions` for HTTP/2 upstreams (Envoy Gateway's windows unless BTP `http2` says otherwise). */
export interface IrHttp2Options {
  initialStreamWindowSize: number;
  initialConnectionWindowSize: number;
  maxConcurrentStreams?: number;
  /** `override_stream_error_on_invalid_http_message` (BTP `onInvalidMessage`). */
  overrideStreamErrorOnInvalidHttpMessage?: boolean;
  /** `connection_keepalive`: durations in ms, jitter in percent. */
  connectionKeepalive?: { intervalMs?: number; timeoutMs?: number; intervalJitterPercent?: number; connectionIdleIntervalMs?: number };
}

/** `AdmissionControl` upstream filter (BTP `admissionControl`); absent values = Envoy's defaults. */
export interface IrAdmissionControl {
  samplingWindowMs?: number;
  srThresholdPercent?: number;
  aggression?: number;
  rpsThreshold?: number;
  maxRejectionProbabilityPercent?: number;
  /** `http_success_status` ranges, one per code. */
  httpSuccessStatus?: IrStatusRange[];
  /** gRPC status numbers. */
  grpcSuccessStatus?: number[];
}

/**
 * The cluster's `envoy.extensions.upstreams.http.v3.HttpProtocolOptions`: which HTTP version, the
 * common options and the upstream filters. Absent: no protocol options (plain HTTP/1.1 or TCP).
 */
export interface IrUpstreamHttpOptions {
  /**
   * `explicit_http_config` HTTP/1.1 or HTTP/2, `use_downstream_protocol_config` (BTP
   * `useClientProtocol`), or `auto_config` (every backendRef speaks TLS: ALPN decides).
   */
  protocol:
    { type: 'http1' } | { type: 'http2'; http2: IrHttp2Options } | { type: 'downstream'; http2: IrHttp2Options } | { type: 'auto'; http2: IrHttp2Options };
  /** `upstream_http_protocol_options.auto_sni`: SNI from the request's host (TLS without a literal SNI). */
  autoSni?: boolean;
  /** `upstream_http_protocol_options.auto_san_validation`: the host checked against the certificate (a dynamic forward proxy's). */
  autoSanValidation?: boolean;
  /** `common_http_protocol_options` (BTP `timeout.http.*`, `circuitBreaker.maxRequestsPerConnection`). */
  common?: { idleTimeoutMs?: number; maxConnectionDurationMs?: number; maxRequestsPerConnection?: number };
  /** `http_filters`: an HTTPRouteFilter's credential injector (on a backendRef), admission control, then the terminal upstream codec. */
  credentialInjector?: IrCredentialInjector;
  admissionControl?: IrAdmissionControl;
}

/** `DnsCluster` settings (FQDN endpoints only). */
export interface IrDnsSettings {
  refreshRateMs: number;
  respectDnsTtl: boolean;
  lookupFamily: 'V4_ONLY' | 'V6_ONLY' | 'V4_PREFERRED' | 'AUTO' | 'ALL';
}

/**
 * Cluster-wide settings: Envoy Gateway's defaults, or what the BackendTrafficPolicy in force for
 * the rule that built the cluster says (defaults made explicit in 4-lower).
 */
export interface IrClusterSettings {
  /** `connect_timeout` (BTP `timeout.tcp.connectTimeout`; Envoy Gateway default 10s). */
  connectTimeoutMs: number;
  /** `per_connection_buffer_limit_bytes` (BTP `connection.bufferLimit`; Envoy Gateway default 32768). */
  perConnectionBufferLimitBytes: number;
  loadBalancer: IrLoadBalancer;
  circuitBreakers: IrCircuitBreakers;
  /** DNS resolution settings; only for `dns` and `dynamicForwardProxy` discovery. */
  dns?: IrDnsSettings;
  http?: IrUpstreamHttpOptions;
  healthCheck?: IrHealthCheck;
  outlierDetection?: IrOutlierDetection;
  /** `common_lb_config.healthy_panic_threshold` percent; absent = Envoy's 50. */
  healthyPanicThresholdPercent?: number;
  /** `preconnect_policy` ratios (percent / 100). */
  preconnect?: { perUpstreamRatio?: number; predictiveRatio?: number };
  /** `upstream_connection_options.tcp_keepalive`; `{}` = the OS defaults. Times in whole seconds. */
  tcpKeepalive?: { probes?: number; timeSeconds?: number; intervalSeconds?: number };
  /** `transport_socket`: upstream PROXY protocol wrapping raw_buffer. */
  proxyProtocol?: 'V1' | 'V2';
}

/** An endpoint's `health_check_config` (BTP `healthCheck.active.overrides.port`, Backend endpoint hostname). */
export interface IrEndpointHealthCheck {
  port?: number;
  hostname?: string;
}
