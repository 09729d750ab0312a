import type { IrClientIpDetection, IrDownstreamHttp2, IrHttp1Options } from '../ir';
import { duration, typed } from './common';
import type { Message, TypedExtension } from './envoy';
import { buildStringMatcher } from './string-matcher';

/** Envoy Gateway's downstream HTTP/2 defaults. */
const HTTP2_DEFAULTS = { max_concurrent_streams: 100, initial_stream_window_size: 65_536, initial_connection_window_size: 1_048_576 };

/** `http2_protocol_options`: Envoy Gateway's defaults, with what a policy sets. */
export function buildHttp2Options(h: IrDownstreamHttp2 | undefined): Message {
  if (!h) return HTTP2_DEFAULTS;
  const ka = h.keepalive;
  return {
    max_concurrent_streams: h.maxConcurrentStreams ?? HTTP2_DEFAULTS.max_concurrent_streams,
    initial_stream_window_size: h.initialStreamWindowSize ?? HTTP2_DEFAULTS.initial_stream_window_size,
    initial_connection_window_size: h.initialConnectionWindowSize ?? HTTP2_DEFAULTS.initial_connection_window_size,
    ...(h.resetStreamOnError !== undefined ? { override_stream_error_on_invalid_http_message: h.resetStreamOnError } : {}),
    ...(ka
      ? {
          connection_keepalive: {
            ...(ka.intervalMs !== undefined ? { interval: duration(ka.intervalMs) } : {}),
            ...(ka.timeoutMs !== undefined ? { timeout: duration(ka.timeoutMs) } : {}),
            ...(ka.intervalJitterPercent !== undefined ? { interval_jitter: { value: ka.intervalJitterPercent } } : {}),
            ...(ka.idleIntervalMs !== undefined ? { connection_idle_interval: duration(ka.idleIntervalMs) } : {}),
          },
        }
      : {}),
  };
}

/** `http_protocol_options`, or undefined when nothing differs from Envoy's defaults (Envoy Gateway's rule). */
export function buildHttp1Options(h: IrHttp1Options): Message | undefined {
  if (!h.enableTrailers && !h.preserveHeaderCase && !h.http10 && h.ignoreUpgrades.length === 0) return undefined;
  return {
    ...(h.enableTrailers ? { enable_trailers: true } : {}),
    ...(h.preserveHeaderCase
      ? {
          header_key_format: {
            stateful_formatter: {
              name: 'preserve_case',
              typed_config: typed('envoy.extensions.http.header_formatters.preserve_case.v3.PreserveCaseFormatterConfig'),
            },
          },
        }
      : {}),
    ...(h.http10 ? { accept_http_10: true, ...(h.http10.defaultHost ? { default_host_for_http_10: h.http10.defaultHost } : {}) } : {}),
    ...(h.ignoreUpgrades.length ? { ignore_http_11_upgrade: h.ignoreUpgrades.map(buildStringMatcher) } : {}),
  };
}

/** One `original_ip_detection_extensions` entry: the XFF or custom header extension. */
export function buildIpDetection(d: IrClientIpDetection): TypedExtension {
  if (d.type === 'customHeader') {
    return {
      name: 'envoy.extensions.http.original_ip_detection.custom_header',
      typed_config: typed('envoy.extensions.http.original_ip_detection.custom_header.v3.CustomHeaderConfig', {
        header_name: d.name,
        ...(d.failClosed ? { reject_with_status: { code: 'Forbidden' } } : {}),
        allow_extension_to_set_address_as_trusted: true,
      }),
    };
  }
  const trusted = d.trustedCidrs
    ? { xff_trusted_cidrs: { cidrs: d.trustedCidrs.map((c) => ({ address_prefix: c.prefix, prefix_len: c.length })) } }
    : { xff_num_trusted_hops: d.numTrustedHops ?? 0 };
  return {
    name: 'envoy.extensions.http.original_ip_detection.xff',
    typed_config: typed('envoy.extensions.http.original_ip_detection.xff.v3.XffConfig', { ...trusted, skip_xff_append: d.skipAppend }),
  };
}
