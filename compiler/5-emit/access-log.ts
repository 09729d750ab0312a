import type { TypedExtension } from './envoy';
import { typed } from './common';

/** Envoy Gateway's default JSON access-log fields (command operators per field). */
const ACCESS_LOG_JSON_FORMAT = {
  start_time: '%START_TIME%',
  method: '%REQ(:METHOD)%',
  'x-envoy-origin-path': '%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%',
  protocol: '%PROTOCOL%',
  response_code: '%RESPONSE_CODE%',
  response_flags: '%RESPONSE_FLAGS%',
  response_code_details: '%RESPONSE_CODE_DETAILS%',
  connection_termination_details: '%CONNECTION_TERMINATION_DETAILS%',
  upstream_transport_failure_reason: '%UPSTREAM_TRANSPORT_FAILURE_REASON%',
  bytes_received: '%BYTES_RECEIVED%',
  bytes_sent: '%BYTES_SENT%',
  duration: '%DURATION%',
  'x-envoy-upstream-service-time': '%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%',
  'x-forwarded-for': '%REQ(X-FORWARDED-FOR)%',
  'user-agent': '%REQ(USER-AGENT)%',
  'x-request-id': '%REQ(X-REQUEST-ID)%',
  ':authority': '%REQ(:AUTHORITY)%',
  upstream_host: '%UPSTREAM_HOST%',
  upstream_cluster: '%UPSTREAM_CLUSTER%',
  upstream_local_address: '%UPSTREAM_LOCAL_ADDRESS%',
  downstream_local_address: '%DOWNSTREAM_LOCAL_ADDRESS%',
  downstream_remote_address: '%DOWNSTREAM_REMOTE_ADDRESS%',
  requested_server_name: '%REQUESTED_SERVER_NAME%',
  route_name: '%ROUTE_NAME%',
};

/** Where logs go: the container's stdout, as Envoy Gateway does. */
const ACCESS_LOG_PATH = '/dev/stdout';

/**
 * A JSON file access log to stdout. On a listener (`noRouteOnly`) it logs only connections no
 * filter chain took (response flag NR), as Envoy Gateway's listener-level log does.
 */
export function buildAccessLog(noRouteOnly: boolean): TypedExtension & { filter?: unknown } {
  return {
    name: 'envoy.access_loggers.file',
    ...(noRouteOnly ? { filter: { response_flag_filter: { flags: ['NR'] } } } : {}),
    typed_config: typed('envoy.extensions.access_loggers.file.v3.FileAccessLog', {
      path: ACCESS_LOG_PATH,
      log_format: { json_format: ACCESS_LOG_JSON_FORMAT },
    }),
  };
}
