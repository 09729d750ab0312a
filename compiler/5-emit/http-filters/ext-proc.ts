import type { IrExtProc } from '../../ir';
import { duration, typed } from '../common';
import { buildServiceRetryPolicy } from '../service-retry';
import type { Any, Message } from '../envoy';

/** Envoy Gateway's timeout for calls to an external service (`defaultExtServiceRequestTimeout`). */
const EXT_SERVICE_TIMEOUT = '10s';

/** `envoy.type.v3.StatusCode` names of the 4xx and 5xx codes (proto3 JSON writes an enum by name). */
export const STATUS_CODE: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  402: 'PaymentRequired',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  407: 'ProxyAuthenticationRequired',
  408: 'RequestTimeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'LengthRequired',
  412: 'PreconditionFailed',
  413: 'PayloadTooLarge',
  414: 'URITooLong',
  415: 'UnsupportedMediaType',
  416: 'RangeNotSatisfiable',
  417: 'ExpectationFailed',
  421: 'MisdirectedRequest',
  422: 'UnprocessableEntity',
  423: 'Locked',
  424: 'FailedDependency',
  426: 'UpgradeRequired',
  428: 'PreconditionRequired',
  429: 'TooManyRequests',
  431: 'RequestHeaderFieldsTooLarge',
  500: 'InternalServerError',
  501: 'NotImplemented',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
  505: 'HTTPVersionNotSupported',
  506: 'VariantAlsoNegotiates',
  507: 'InsufficientStorage',
  508: 'LoopDetected',
  510: 'NotExtended',
  511: 'NetworkAuthenticationRequired',
};

const BODY_MODE = { Streamed: 'STREAMED', Buffered: 'BUFFERED', BufferedPartial: 'BUFFERED_PARTIAL', FullDuplexStreamed: 'FULL_DUPLEX_STREAMED' } as const;

/**
 * `ProcessingMode`: headers SEND for each direction the policy processes, else SKIP; bodies NONE
 * (left out, Envoy's default) unless set; trailers SKIP, SEND with full-duplex streamed bodies.
 */
function buildProcessingMode(e: IrExtProc): Message {
  const out: Message = {
    request_header_mode: e.request.headers ? 'SEND' : 'SKIP',
    response_header_mode: e.response.headers ? 'SEND' : 'SKIP',
    request_trailer_mode: e.request.body === 'FullDuplexStreamed' ? 'SEND' : 'SKIP',
    response_trailer_mode: e.response.body === 'FullDuplexStreamed' ? 'SEND' : 'SKIP',
  };
  if (e.request.body) out.request_body_mode = BODY_MODE[e.request.body];
  if (e.response.body) out.response_body_mode = BODY_MODE[e.response.body];
  return out;
}

function buildGrpcService(e: IrExtProc): Message {
  return {
    envoy_grpc: { cluster_name: e.name, authority: e.authority },
    timeout: EXT_SERVICE_TIMEOUT,
    ...(e.retry ? { retry_policy: buildServiceRetryPolicy(e.retry) } : {}),
  };
}

/** `envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor` (disabled on the listener, enabled per route). */
export function buildExtProcFilter(e: IrExtProc): Any {
  const metadata =
    e.forwardingNamespaces || e.receivingNamespaces
      ? {
          metadata_options: {
            ...(e.forwardingNamespaces ? { forwarding_namespaces: { untyped: e.forwardingNamespaces } } : {}),
            ...(e.receivingNamespaces ? { receiving_namespaces: { untyped: e.receivingNamespaces } } : {}),
          },
        }
      : {};
  return typed('envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor', {
    grpc_service: buildGrpcService(e),
    processing_mode: buildProcessingMode(e),
    // false is proto3's default, left out as Envoy Gateway's JSON leaves it out.
    ...(e.shadowMode ? { observability_mode: true } : {}),
    ...(e.failOpen ? { failure_mode_allow: true } : {}),
    ...(e.messageTimeoutMs !== undefined ? { message_timeout: duration(e.messageTimeoutMs) } : {}),
    ...(e.request.attributes ? { request_attributes: e.request.attributes } : {}),
    ...(e.response.attributes ? { response_attributes: e.response.attributes } : {}),
    ...metadata,
    ...(e.allowModeOverride ? { allow_mode_override: true } : {}),
    ...(e.statusOnError !== undefined ? { status_on_error: { code: STATUS_CODE[e.statusOnError] ?? e.statusOnError } } : {}),
  });
}
