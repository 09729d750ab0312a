import type { IrHcmSettings, IrHttpManager, IrTelemetry } from '../ir';
import { buildAccessLogs } from './access-log';
import { duration, typed } from './common';
import type { Message, TypedExtension } from './envoy';
import { buildHttp1Options, buildHttp2Options, buildIpDetection } from './hcm-options';
import { buildEarlyHeaderMutation } from './header-mutation';
import { buildHttpFilter } from './http-filters';
import { buildRouteConfiguration } from './route-configuration';
import { buildHcmTracing } from './tracing';

/**
 * The router, always last; Envoy Gateway suppresses the `x-envoy-*` headers unless a policy keeps
 * them. Upstream access logs are the router's, flushed when each upstream stream starts.
 */
function router(enableEnvoyHeaders: boolean, upstreamLogs: Message[]): TypedExtension {
  return {
    name: 'envoy.filters.http.router',
    typed_config: typed('envoy.extensions.filters.http.router.v3.Router', {
      suppress_envoy_headers: !enableEnvoyHeaders,
      ...(upstreamLogs.length ? { upstream_log: upstreamLogs, upstream_log_options: { flush_upstream_log_on_upstream_stream: true } } : {}),
    }),
  };
}

/** `access_log`, left out when empty. */
export const accessLogField = (logs: Message[]): { access_log?: Message[] } => (logs.length ? { access_log: logs } : {});

/** `common_http_protocol_options`: underscores, and a policy's idle timeout and connection limits. */
function commonOptions(s: IrHcmSettings): Message {
  return {
    headers_with_underscores_action: s.headersWithUnderscoresAction ?? 'REJECT_REQUEST',
    ...(s.idleTimeoutMs !== undefined ? { idle_timeout: duration(s.idleTimeoutMs) } : {}),
    ...(s.maxConnectionDurationMs !== undefined ? { max_connection_duration: duration(s.maxConnectionDurationMs) } : {}),
    ...(s.maxRequestsPerConnection !== undefined ? { max_requests_per_connection: s.maxRequestsPerConnection } : {}),
    ...(s.maxStreamDurationMs !== undefined ? { max_stream_duration: duration(s.maxStreamDurationMs) } : {}),
  };
}

/** The HCM fields a ClientTrafficPolicy sets beyond the defaults (none without one). */
function policyFields(s: IrHcmSettings): Message {
  const xfcc = s.forwardClientCert;
  return {
    ...(s.requestId ? { generate_request_id: s.requestId.generate, preserve_external_request_id: s.requestId.preserveExternal } : {}),
    ...(xfcc && xfcc.mode !== 'SANITIZE' ? { forward_client_cert_details: xfcc.mode } : {}),
    ...(xfcc?.details.length ? { set_current_client_cert_details: Object.fromEntries(xfcc.details.map((d) => [d, true])) } : {}),
    ...(s.earlyRequestHeaders ? { early_header_mutation_extensions: [buildEarlyHeaderMutation(s.earlyRequestHeaders)] } : {}),
    ...(s.stripTrailingHostDot !== undefined ? { strip_trailing_host_dot: s.stripTrailingHostDot } : {}),
    ...(s.matchUpstreamScheme ? { scheme_header_transformation: { match_upstream: true } } : {}),
    ...(s.requestTimeoutMs !== undefined ? { request_timeout: duration(s.requestTimeoutMs) } : {}),
    ...(s.requestHeadersTimeoutMs !== undefined ? { request_headers_timeout: duration(s.requestHeadersTimeoutMs) } : {}),
    ...(s.streamIdleTimeoutMs !== undefined ? { stream_idle_timeout: duration(s.streamIdleTimeoutMs) } : {}),
    ...(s.http1SafeMaxConnectionDuration ? { http1_safe_max_connection_duration: true } : {}),
  };
}

/**
 * `envoy.filters.network.http_connection_manager` with Envoy Gateway's listener defaults and what
 * a ClientTrafficPolicy changes. `http3`: the HCM of the QUIC listener (codec HTTP3).
 */
/** `request_id_extension`: Envoy's UUID request ID extension with both switches written (Envoy Gateway). */
function buildRequestIdExtension(r: NonNullable<IrHttpManager['requestIdExtension']>): Message {
  return {
    typed_config: typed('envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig', {
      pack_trace_reason: r.packTraceReason,
      use_request_id_for_trace_sampling: r.useForSampling,
    }),
  };
}

export function buildHttpConnectionManager(http: IrHttpManager, telemetry: IrTelemetry, http3 = false): TypedExtension {
  const s = http.settings ?? {};
  const detection = s.clientIp ? buildIpDetection(s.clientIp) : undefined;
  const http1 = s.http1 ? buildHttp1Options(s.http1) : undefined;
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: typed('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', {
      stat_prefix: http.statPrefix,
      ...(http3 ? { codec_type: 'HTTP3', http3_protocol_options: {} } : {}),
      route_config: buildRouteConfiguration(http),
      // Already in Envoy Gateway's order (4-lower); the router ends the chain.
      http_filters: [...http.filters.map(buildHttpFilter), router(s.enableEnvoyHeaders ?? false, buildAccessLogs(telemetry.accessLogs, 'Upstream'))],
      ...accessLogField(buildAccessLogs(telemetry.accessLogs, 'Route')),
      ...(telemetry.tracing ? { tracing: buildHcmTracing(telemetry.tracing) } : {}),
      ...(http1 ? { http_protocol_options: http1 } : {}),
      server_header_transformation: 'PASS_THROUGH',
      http2_protocol_options: buildHttp2Options(s.http2),
      use_remote_address: detection === undefined,
      ...(detection ? { original_ip_detection_extensions: [detection] } : {}),
      normalize_path: true,
      merge_slashes: s.mergeSlashes ?? true,
      path_with_escaped_slashes_action: s.escapedSlashesAction ?? 'UNESCAPE_AND_REDIRECT',
      common_http_protocol_options: commonOptions(s),
      ...(http.requestIdExtension ? { request_id_extension: buildRequestIdExtension(http.requestIdExtension) } : {}),
      ...policyFields(s),
    }),
  };
}
