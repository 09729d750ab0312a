import type { IrAccessLog, IrAccessLogSink, IrAccessLogType } from '../ir';
import type { Message, TypedExtension } from './envoy';
import { buildEnvoyGrpcService, typed } from './common';

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

/** Envoy Gateway's access log when its EnvoyProxy says nothing: JSON with the fields above, to the container's stdout. */
const DEFAULT_ACCESS_LOGS: IrAccessLog[] = [{ sink: { type: 'file', path: '/dev/stdout' }, celMatches: [] }];

/** Envoy Gateway's log name for OpenTelemetry access logs. */
const OTEL_LOG_NAME = 'otel_envoy_accesslog';

/** Envoy Gateway adds these to every OpenTelemetry log (Kubernetes' downward API fills them in its pods). */
const OTEL_POD_ATTRIBUTES: [string, string][] = [
  ['k8s.namespace.name', '%ENVIRONMENT(ENVOY_POD_NAMESPACE)%'],
  ['k8s.pod.name', '%ENVIRONMENT(ENVOY_POD_NAME)%'],
];

/** The formatter `%REQ_WITHOUT_QUERY(…)%` needs, when a format uses it (Envoy Gateway adds it the same way). */
function formatters(values: string[]): { formatters?: TypedExtension[] } {
  if (!values.some((v) => v.includes('%REQ_WITHOUT_QUERY'))) return {};
  return {
    formatters: [{ name: 'envoy.formatter.req_without_query', typed_config: typed('envoy.extensions.formatter.req_without_query.v3.ReqWithoutQuery', {}) }],
  };
}

const keyValues = (pairs: [string, string][]) => ({ values: pairs.map(([key, value]) => ({ key, value: { string_value: value } })) });

/** `AccessLogFilter`: every CEL match must hold; a listener's log of a global setting also needs response flag NR. */
function buildAccessLogFilter(celMatches: string[], noRouteOnly: boolean): Message | undefined {
  const filters: Message[] = [
    ...celMatches.map((expression) => ({
      extension_filter: {
        name: 'envoy.access_loggers.extension_filters.cel',
        typed_config: typed('envoy.extensions.access_loggers.filters.cel.v3.ExpressionFilter', { expression }),
      },
    })),
    ...(noRouteOnly ? [{ response_flag_filter: { flags: ['NR'] } }] : []),
  ];
  if (filters.length <= 1) return filters[0];
  return { and_filter: { filters } };
}

function buildFileLog(path: string, log: IrAccessLog): TypedExtension {
  const json = log.json ? Object.fromEntries(log.json) : log.text === undefined ? ACCESS_LOG_JSON_FORMAT : undefined;
  const values = json ? Object.values(json) : [log.text!];
  const format = json ? { json_format: json } : { text_format_source: { inline_string: log.text } };
  return {
    name: 'envoy.access_loggers.file',
    typed_config: typed('envoy.extensions.access_loggers.file.v3.FileAccessLog', { path, log_format: { ...format, ...formatters(values) } }),
  };
}

function buildGrpcLog(sink: Extract<IrAccessLogSink, { type: 'als' }>): TypedExtension {
  const common = { log_name: sink.logName, grpc_service: { envoy_grpc: { cluster_name: sink.cluster } }, transport_api_version: 'V3' };
  if (sink.protocol === 'TCP')
    return {
      name: 'envoy.access_loggers.tcp_grpc',
      typed_config: typed('envoy.extensions.access_loggers.grpc.v3.TcpGrpcAccessLogConfig', { common_config: common }),
    };
  return {
    name: 'envoy.access_loggers.http_grpc',
    typed_config: typed('envoy.extensions.access_loggers.grpc.v3.HttpGrpcAccessLogConfig', {
      common_config: common,
      ...(sink.requestHeaders ? { additional_request_headers_to_log: sink.requestHeaders } : {}),
      ...(sink.responseHeaders ? { additional_response_headers_to_log: sink.responseHeaders } : {}),
      ...(sink.responseTrailers ? { additional_response_trailers_to_log: sink.responseTrailers } : {}),
    }),
  };
}

/**
 * `envoy.access_loggers.open_telemetry`. Envoy 1.40 deprecates `common_config`, which Envoy Gateway
 * still writes: its gRPC service and log name are the config's own fields here.
 */
function buildOtelLog(sink: Extract<IrAccessLogSink, { type: 'otel' }>, log: IrAccessLog): TypedExtension {
  const attrs = log.json ?? (log.text ? [] : Object.entries(ACCESS_LOG_JSON_FORMAT));
  return {
    name: 'envoy.access_loggers.open_telemetry',
    typed_config: typed('envoy.extensions.access_loggers.open_telemetry.v3.OpenTelemetryAccessLogConfig', {
      grpc_service: buildEnvoyGrpcService(sink),
      log_name: OTEL_LOG_NAME,
      resource_attributes: keyValues(sink.resourceAttributes ?? []),
      ...(log.text ? { body: { string_value: log.text } } : {}),
      attributes: keyValues([...OTEL_POD_ATTRIBUTES, ...attrs]),
      ...formatters([...(log.text ? [log.text] : []), ...attrs.map(([, v]) => v)]),
    }),
  };
}

/** One `envoy.config.accesslog.v3.AccessLog`. */
function buildAccessLog(log: IrAccessLog, at: IrAccessLogType): Message {
  const s = log.sink;
  const logger = s.type === 'file' ? buildFileLog(s.path, log) : s.type === 'als' ? buildGrpcLog(s) : buildOtelLog(s, log);
  // A setting without type logs on listeners only what no filter chain took (Envoy Gateway's rule).
  const filter = buildAccessLogFilter(log.celMatches, at === 'Listener' && log.logType === undefined);
  return { name: logger.name, ...(filter ? { filter } : {}), typed_config: logger.typed_config };
}

/**
 * The access logs written on one kind of Envoy object: a listener, a route's connection manager or
 * tcp_proxy (`Route`), or the router's upstream log. `logs` absent: Envoy Gateway's default.
 */
export function buildAccessLogs(logs: IrAccessLog[] | undefined, at: IrAccessLogType): Message[] {
  return (logs ?? DEFAULT_ACCESS_LOGS).filter((l) => (l.logType ? l.logType === at : at !== 'Upstream')).map((l) => buildAccessLog(l, at));
}
