// Envoy Gateway v1.9 EnvoyProxy: the generated types (generated/), under the names the compiler uses.
import type * as G from './generated/envoyproxy';

export type { EnvoyProxy, EnvoyProxySpec } from './generated/envoyproxy';

export type AccessLogSetting = G.EnvoyProxySpecTelemetryAccessLogSettings;
export type AccessLogSink = G.EnvoyProxySpecTelemetryAccessLogSettingsSinks;
export type AccessLogFormat = G.EnvoyProxySpecTelemetryAccessLogSettingsFormat;
/** A telemetry backendRef (`BackendRef` with weight), as access log, metrics and tracing sinks name them. */
export type TelemetryBackendRef = G.EnvoyProxySpecTelemetryTracingProviderBackendRefs;
/** `BackendCluster`: backendRefs (or the deprecated single backendRef) and their settings. */
export type TelemetryBackendCluster = Pick<G.EnvoyProxySpecTelemetryAccessLogSettingsSinksOpenTelemetry, 'backendRef' | 'backendRefs' | 'backendSettings'>;
export type ProxyMetrics = G.EnvoyProxySpecTelemetryMetrics;
export type MetricSinkOpenTelemetry = G.EnvoyProxySpecTelemetryMetricsSinksOpenTelemetry;
export type ProxyTracing = G.EnvoyProxySpecTelemetryTracing;
