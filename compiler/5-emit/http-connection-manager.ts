import type { IrHttpManager } from '../ir';
import { buildAccessLog } from './access-log';
import { typed } from './common';
import type { TypedExtension } from './envoy';
import { buildHttpFilter } from './http-filters';
import { buildRouteConfiguration } from './route-configuration';

/** Envoy Gateway's downstream HTTP/2 settings. */
const DOWNSTREAM_HTTP2 = { max_concurrent_streams: 100, initial_stream_window_size: 65_536, initial_connection_window_size: 1_048_576 };

/** The router, always last; Envoy Gateway suppresses the `x-envoy-*` response headers. */
function router(): TypedExtension {
  return { name: 'envoy.filters.http.router', typed_config: typed('envoy.extensions.filters.http.router.v3.Router', { suppress_envoy_headers: true }) };
}

/** `envoy.filters.network.http_connection_manager` with Envoy Gateway's listener defaults. */
export function buildHttpConnectionManager(http: IrHttpManager): TypedExtension {
  return {
    name: 'envoy.filters.network.http_connection_manager',
    typed_config: typed('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager', {
      stat_prefix: http.statPrefix,
      route_config: buildRouteConfiguration(http),
      // Already in Envoy Gateway's order (4-lower); the router ends the chain.
      http_filters: [...http.filters.map(buildHttpFilter), router()],
      access_log: [buildAccessLog(false)],
      server_header_transformation: 'PASS_THROUGH',
      http2_protocol_options: DOWNSTREAM_HTTP2,
      use_remote_address: true,
      normalize_path: true,
      merge_slashes: true,
      path_with_escaped_slashes_action: 'UNESCAPE_AND_REDIRECT',
      common_http_protocol_options: { headers_with_underscores_action: 'REJECT_REQUEST' },
    }),
  };
}
