import type { AdmissionControl, BackendTrafficPolicySpec, Http2Settings } from '../../api/backendtrafficpolicy';
import type { IrAdmissionControl, IrHttp2Options, IrUpstreamHttpOptions, IrUpstreamProtocol } from '../../ir';
import { parseDuration } from '../../units/duration';
import { parseQuantity } from '../../units/quantity';
import { UPSTREAM_HTTP2_CONNECTION_WINDOW, UPSTREAM_HTTP2_STREAM_WINDOW } from '../defaults';

/** gRPC status names in AdmissionControl `successCriteria.grpc.statusCodes`, in code order (0–16). */
const GRPC_CODES = [
  'Ok',
  'Cancelled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
];

/** Envoy Gateway's window range for `http2.initial*WindowSize`; outside it the policy is invalid. */
const WINDOW_RANGE = [65_535, 2_147_483_647] as const;

function window(q: number | string | undefined, fallback: number): number {
  const v = q === undefined ? undefined : parseQuantity(q);
  return v !== undefined && v >= WINDOW_RANGE[0] && v <= WINDOW_RANGE[1] ? v : fallback;
}

function ms(d: string | undefined): number | undefined {
  return d === undefined ? undefined : parseDuration(d);
}

/** Drops undefined values so the IR stays plain JSON. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** `http2` → `Http2ProtocolOptions`, over Envoy Gateway's flow-control windows (btp-fields.md §4.8). */
export function lowerHttp2(h: Http2Settings | undefined): IrHttp2Options {
  const ka = h?.connectionKeepalive;
  return defined<IrHttp2Options>({
    initialStreamWindowSize: window(h?.initialStreamWindowSize, UPSTREAM_HTTP2_STREAM_WINDOW),
    initialConnectionWindowSize: window(h?.initialConnectionWindowSize, UPSTREAM_HTTP2_CONNECTION_WINDOW),
    maxConcurrentStreams: h?.maxConcurrentStreams,
    overrideStreamErrorOnInvalidHttpMessage:
      h?.onInvalidMessage === 'TerminateStream' ? true : h?.onInvalidMessage === 'TerminateConnection' ? false : undefined,
    connectionKeepalive: ka
      ? defined({
          intervalMs: ms(ka.interval),
          timeoutMs: ms(ka.timeout),
          intervalJitterPercent: ka.intervalJitter,
          connectionIdleIntervalMs: ms(ka.idleInterval),
        })
      : undefined,
  });
}

/** `admissionControl` → the upstream AdmissionControl filter (btp-fields.md §4.12). */
export function lowerAdmissionControl(a: AdmissionControl): IrAdmissionControl {
  const http = a.successCriteria?.http?.statusCodes;
  const grpc = a.successCriteria?.grpc?.statusCodes;
  return defined<IrAdmissionControl>({
    samplingWindowMs: ms(a.samplingWindow),
    srThresholdPercent: a.minSuccessRate,
    aggression: a.rejectionAggression,
    rpsThreshold: a.minRequestRate,
    maxRejectionProbabilityPercent: a.maxRejectionPercent,
    httpSuccessStatus: http?.length ? http.map((c) => ({ start: c, end: c + 1 })) : undefined,
    grpcSuccessStatus: grpc?.length ? grpc.map((g) => GRPC_CODES.indexOf(g)).filter((n) => n >= 0) : undefined,
  });
}

/** What decides the upstream HTTP version besides the policy. */
export interface UpstreamProtocolInput {
  protocol: IrUpstreamProtocol;
  /** Backend `appProtocols` ws/wss: HTTP/1.1 forced. */
  forceHttp1: boolean;
  /** Every backendRef speaks TLS: `auto_config` (ALPN) when nothing else picks the version (Envoy Gateway's requiresAutoHTTPConfig). */
  allTls?: boolean;
  /** `upstream_http_protocol_options.auto_sni` (TLS without a literal SNI). */
  autoSni?: boolean;
  /** `upstream_http_protocol_options.auto_san_validation` (a dynamic forward proxy). */
  autoSanValidation?: boolean;
}

/**
 * The cluster's one `HttpProtocolOptions` (btp-fields.md §2, §4.3, §4.4, §4.8, §4.12): the HTTP
 * version (`useClientProtocol` first, then forced HTTP/1.1, then HTTP/2 backends), the common
 * options and the upstream filters. TCP and TLS route clusters get only the common options
 * (Envoy Gateway writes them there too; tcp_proxy ignores them), and no http2, useClientProtocol
 * or admissionControl (btp-fields.md §3.2). Undefined when nothing needs the extension.
 */
export function lowerUpstreamHttpOptions(spec: BackendTrafficPolicySpec | undefined, input: UpstreamProtocolInput): IrUpstreamHttpOptions | undefined {
  const tcp = input.protocol === 'tcp';
  const common = defined({
    idleTimeoutMs: ms(spec?.timeout?.http?.connectionIdleTimeout),
    maxConnectionDurationMs: ms(spec?.timeout?.http?.maxConnectionDuration),
    maxRequestsPerConnection: spec?.circuitBreaker?.maxRequestsPerConnection,
  });
  const admission = !tcp && spec?.admissionControl ? lowerAdmissionControl(spec.admissionControl) : undefined;
  let protocol: IrUpstreamHttpOptions['protocol'] | undefined;
  if (!tcp && spec?.useClientProtocol) protocol = { type: 'downstream', http2: lowerHttp2(spec.http2) };
  else if (!tcp && input.forceHttp1) protocol = { type: 'http1' };
  else if (input.protocol === 'http2') protocol = { type: 'http2', http2: lowerHttp2(spec?.http2) };
  else if (input.allTls) protocol = { type: 'auto', http2: lowerHttp2(spec?.http2) };
  const hasCommon = Object.keys(common).length > 0;
  if (!protocol && !hasCommon && !admission && !input.autoSni) return undefined;
  // Any HttpProtocolOptions needs an upstream protocol: Envoy Gateway defaults to HTTP/1.1.
  return {
    protocol: protocol ?? { type: 'http1' },
    ...(hasCommon ? { common } : {}),
    ...(admission ? { admissionControl: admission } : {}),
    ...(input.autoSni ? { autoSni: true } : {}),
    ...(input.autoSanValidation ? { autoSanValidation: true } : {}),
  };
}
