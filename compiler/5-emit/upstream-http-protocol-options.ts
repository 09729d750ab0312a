import type { IrAdmissionControl, IrCredentialInjector, IrHttp2Options, IrUpstreamHttpOptions } from '../ir';
import { buildCredentialInjectorFilter } from './http-filters/credential-injector';
import { duration, typed } from './common';
import type { Message, TypedExtension } from './envoy';
import { sharedBuilder } from './shared';

const HTTP_PROTOCOL_OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';

/** `envoy.config.core.v3.Http2ProtocolOptions` for an upstream. */
export function buildHttp2ProtocolOptions(h: IrHttp2Options): Message {
  const ka = h.connectionKeepalive;
  return {
    initial_stream_window_size: h.initialStreamWindowSize,
    initial_connection_window_size: h.initialConnectionWindowSize,
    ...(h.maxConcurrentStreams !== undefined ? { max_concurrent_streams: h.maxConcurrentStreams } : {}),
    ...(h.overrideStreamErrorOnInvalidHttpMessage !== undefined
      ? { override_stream_error_on_invalid_http_message: h.overrideStreamErrorOnInvalidHttpMessage }
      : {}),
    ...(ka
      ? {
          connection_keepalive: {
            ...(ka.intervalMs !== undefined ? { interval: duration(ka.intervalMs) } : {}),
            ...(ka.timeoutMs !== undefined ? { timeout: duration(ka.timeoutMs) } : {}),
            ...(ka.intervalJitterPercent !== undefined ? { interval_jitter: { value: ka.intervalJitterPercent } } : {}),
            ...(ka.connectionIdleIntervalMs !== undefined ? { connection_idle_interval: duration(ka.connectionIdleIntervalMs) } : {}),
          },
        }
      : {}),
  };
}

/** `envoy.extensions.filters.http.admission_control.v3.AdmissionControl`, as an upstream filter. */
export function buildAdmissionControl(a: IrAdmissionControl): TypedExtension {
  const criteria: Message = {
    ...(a.httpSuccessStatus ? { http_criteria: { http_success_status: a.httpSuccessStatus.map((r) => ({ ...r })) } } : {}),
    ...(a.grpcSuccessStatus ? { grpc_criteria: { grpc_success_status: a.grpcSuccessStatus } } : {}),
  };
  return {
    name: 'envoy.filters.http.admission_control',
    typed_config: typed('envoy.extensions.filters.http.admission_control.v3.AdmissionControl', {
      enabled: { default_value: true },
      success_criteria: criteria,
      ...(a.samplingWindowMs !== undefined ? { sampling_window: duration(a.samplingWindowMs) } : {}),
      ...(a.aggression !== undefined ? { aggression: { default_value: a.aggression } } : {}),
      ...(a.srThresholdPercent !== undefined ? { sr_threshold: { default_value: { value: a.srThresholdPercent } } } : {}),
      ...(a.rpsThreshold !== undefined ? { rps_threshold: { default_value: a.rpsThreshold } } : {}),
      ...(a.maxRejectionProbabilityPercent !== undefined ? { max_rejection_probability: { default_value: { value: a.maxRejectionProbabilityPercent } } } : {}),
    }),
  };
}

/** An HTTPRouteFilter's credential injector on a backendRef's cluster: always on there. */
function buildUpstreamCredentialInjector(c: IrCredentialInjector): TypedExtension {
  return { name: c.filterName, typed_config: buildCredentialInjectorFilter(c) };
}

/** The terminal upstream filter Envoy requires after any other upstream HTTP filter. */
const UPSTREAM_CODEC: TypedExtension = {
  name: 'envoy.filters.http.upstream_codec',
  typed_config: typed('envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec'),
};

function buildProtocol(p: IrUpstreamHttpOptions['protocol']): Message {
  if (p.type === 'downstream')
    return { use_downstream_protocol_config: { http_protocol_options: {}, http2_protocol_options: buildHttp2ProtocolOptions(p.http2) } };
  if (p.type === 'http2') return { explicit_http_config: { http2_protocol_options: buildHttp2ProtocolOptions(p.http2) } };
  if (p.type === 'auto') return { auto_config: { http_protocol_options: {}, http2_protocol_options: buildHttp2ProtocolOptions(p.http2) } };
  return { explicit_http_config: { http_protocol_options: {} } };
}

/**
 * `Cluster.typed_extension_protocol_options`: the one `HttpProtocolOptions` entry holding the
 * upstream HTTP version, the common options and the upstream filters.
 */
export const buildHttpProtocolOptions = sharedBuilder((h: IrUpstreamHttpOptions): Message => {
  const c = h.common;
  const common: Message | undefined = c && {
    ...(c.idleTimeoutMs !== undefined ? { idle_timeout: duration(c.idleTimeoutMs) } : {}),
    ...(c.maxConnectionDurationMs !== undefined ? { max_connection_duration: duration(c.maxConnectionDurationMs) } : {}),
    ...(c.maxRequestsPerConnection !== undefined ? { max_requests_per_connection: c.maxRequestsPerConnection } : {}),
  };
  const upstream = [
    ...(h.credentialInjector ? [buildUpstreamCredentialInjector(h.credentialInjector)] : []),
    ...(h.admissionControl ? [buildAdmissionControl(h.admissionControl)] : []),
  ];
  return {
    [HTTP_PROTOCOL_OPTIONS]: typed(HTTP_PROTOCOL_OPTIONS, {
      ...(common ? { common_http_protocol_options: common } : {}),
      ...buildProtocol(h.protocol),
      ...(h.autoSni ? { upstream_http_protocol_options: { auto_sni: true, ...(h.autoSanValidation ? { auto_san_validation: true } : {}) } } : {}),
      ...(upstream.length ? { http_filters: [...upstream, UPSTREAM_CODEC] } : {}),
    }),
  };
});
