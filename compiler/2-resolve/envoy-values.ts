// Values the API (and Envoy Gateway) accept but Envoy refuses, each checked where it is written.
// Envoy Gateway passes them through and Envoy then rejects the whole configuration; envoyc reports
// an input error at the field instead. Each rule names the field by its path in the object and
// says what Envoy 1.40 requires there (its protoc-gen-validate rules and C++ checks, probed).
import { accessLogFormatProblem, formatStringProblem } from '../units/formatter';
import { parseDuration } from '../units/duration';
import { parseQuantity, UINT32_MAX } from '../units/quantity';

/** What is wrong with a value for Envoy, or undefined. `parent`: the object holding it. */
export type ValueCheck = (value: unknown, parent: Record<string, unknown>) => string | undefined;

export interface ValueRule {
  kinds: readonly string[];
  /** Dotted path from the object; `[]` after a key walks a list, `{}` a map's values. */
  path: string;
  check: ValueCheck;
}

const CONTROL = /[\u0000\n\r]/;

/** Envoy's `HTTP_HEADER_NAME` (not strict): non-empty, no NUL, CR or LF. */
const headerName: ValueCheck = (v) =>
  typeof v !== 'string' ? undefined : v === '' ? 'Envoy requires a header name here' : CONTROL.test(v) ? 'a header name may not hold NUL, CR or LF' : undefined;

/** Envoy's `HTTP_HEADER_VALUE` (not strict): no NUL, CR or LF. */
const headerValue: ValueCheck = (v) => (typeof v === 'string' && CONTROL.test(v) ? 'a header value may not hold NUL, CR or LF' : undefined);

/** A value Envoy reads as a substitution format string (header values, local reply bodies). */
const formatString: ValueCheck = (v, p) => headerValue(v, p) ?? (typeof v === 'string' ? formatStringProblem(v) : undefined);

/** An access-log format string: its command operators, as Envoy 1.40 parses them. */
const accessLogFormat: ValueCheck = (v) => (typeof v === 'string' ? accessLogFormatProblem(v) : undefined);

const nonEmpty: ValueCheck = (v) => (v === '' ? 'Envoy requires a non-empty value here' : undefined);

/** A Gateway API duration Envoy requires to be greater than `minMs` (0: any positive duration). */
const durationAbove =
  (minMs: number): ValueCheck =>
  (v) =>
    typeof v === 'string' && parseDuration(v) <= minMs ? `Envoy requires a duration greater than ${minMs === 0 ? '0s' : `${minMs}ms`}` : undefined;

const intRange =
  (min: number, max: number): ValueCheck =>
  (v) =>
    typeof v === 'number' && (v < min || v > max) ? `Envoy requires a value from ${min} to ${max}` : undefined;

/** A Kubernetes quantity of bytes that Envoy keeps in a uint32. */
const bytesUint32: ValueCheck = (v) => {
  const n = typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
  return n !== undefined && n > UINT32_MAX ? `Envoy takes at most ${UINT32_MAX} bytes (4Gi - 1) here` : undefined;
};

/** The buffer filter's `max_request_bytes`: a whole number of bytes, at least 1 (Envoy Gateway accepts 0). */
const bufferBytes: ValueCheck = (v) => {
  const n = typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
  return n !== undefined && Math.floor(n) < 1 ? "Envoy's buffer filter requires a limit of at least 1 byte" : undefined;
};

/** Envoy's pipe path: a non-empty unix socket path without NUL. */
const unixPath: ValueCheck = (v) =>
  typeof v !== 'string' ? undefined : v === '' ? 'Envoy requires a socket path' : v.includes('\u0000') ? 'a unix socket path may not hold NUL' : undefined;

/** Preconnect: Envoy's predictive ratio (percent / 100) must be from 1 to 3. */
const predictivePercent: ValueCheck = (v) =>
  typeof v === 'number' && v > 300 ? 'Envoy requires a predictive preconnect ratio from 1 to 3 (100 to 300 percent)' : undefined;

/** Bandwidth limits are KiB/s in a uint64 Envoy reads exactly only up to 2^53. */
const bandwidth: ValueCheck = (v, parent) => {
  const bytes = typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : undefined;
  const perSecond = { Second: 1, Minute: 60, Hour: 3600 }[String(parent.unit)] ?? 1;
  return bytes !== undefined && bytes / perSecond / 1024 > Number.MAX_SAFE_INTEGER ? 'the limit is too large for Envoy (at most 2^53 KiB/s)' : undefined;
};

const ROUTES = ['HTTPRoute', 'GRPCRoute'];
const BTP = ['BackendTrafficPolicy'];
const CTP = ['ClientTrafficPolicy'];
const HRF = ['HTTPRouteFilter'];

/** TCP keepalive times: Envoy Gateway writes whole seconds, and Linux refuses 0 (the listener would not bind). */
const keepaliveSeconds: ValueCheck = (v) =>
  typeof v === 'string' && parseDuration(v) < 1000 ? 'Envoy Gateway writes whole seconds here, and the kernel refuses 0: use 1s or more' : undefined;

/** The listener-level header edits of a ClientTrafficPolicy. */
function ctpHeaderRules(): ValueRule[] {
  const out: ValueRule[] = [];
  for (const at of ['spec.headers.earlyRequestHeaders', 'spec.headers.lateResponseHeaders']) {
    for (const m of ['add', 'set', 'addIfAbsent']) out.push({ kinds: CTP, path: `${at}.${m}[].value`, check: formatString });
    out.push({ kinds: CTP, path: `${at}.remove[]`, check: headerName });
  }
  return out;
}

/** Header modifier fields of a route, at rule and backendRef level. */
function routeHeaderRules(): ValueRule[] {
  const out: ValueRule[] = [];
  for (const at of ['spec.rules[].filters[]', 'spec.rules[].backendRefs[].filters[]']) {
    for (const m of ['requestHeaderModifier', 'responseHeaderModifier']) {
      out.push({ kinds: ROUTES, path: `${at}.${m}.set[].value`, check: formatString });
      out.push({ kinds: ROUTES, path: `${at}.${m}.add[].value`, check: formatString });
      out.push({ kinds: ROUTES, path: `${at}.${m}.remove[]`, check: headerName });
    }
  }
  return out;
}

/** A response Envoy answers itself (Envoy Gateway's CustomResponse): a status Envoy can send, a format-string body and headers. */
function customResponseRules(kinds: readonly string[], at: string): ValueRule[] {
  return [
    { kinds, path: `${at}.statusCode`, check: intRange(200, 599) },
    { kinds, path: `${at}.contentType`, check: formatString },
    { kinds, path: `${at}.body.inline`, check: formatString },
    ...['set', 'add'].map((m) => ({ kinds, path: `${at}.header.${m}[].value`, check: formatString })),
  ];
}

/** Every rule; 2-resolve runs them over every loaded object before anything is built. */
export const ENVOY_VALUE_RULES: readonly ValueRule[] = [
  ...routeHeaderRules(),
  { kinds: ['HTTPRoute'], path: 'spec.rules[].filters[].requestRedirect.path.replaceFullPath', check: headerValue },
  { kinds: ['HTTPRoute'], path: 'spec.rules[].filters[].requestRedirect.path.replacePrefixMatch', check: headerValue },
  { kinds: ['HTTPRoute'], path: 'spec.rules[].filters[].urlRewrite.path.replaceFullPath', check: headerValue },
  { kinds: ['HTTPRoute'], path: 'spec.rules[].filters[].urlRewrite.path.replacePrefixMatch', check: headerValue },
  { kinds: ['HTTPRoute'], path: 'spec.rules[].retry.backoff', check: durationAbove(0) },
  { kinds: ['HTTPRoute'], path: 'spec.rules[].retry.attempts', check: intRange(0, UINT32_MAX) },
  { kinds: ['Backend'], path: 'spec.endpoints[].unix.path', check: unixPath },
  // HTTPRouteFilter: a direct response's status, body and headers; the headers it rewrites or injects.
  ...customResponseRules(HRF, 'spec.directResponse'),
  { kinds: HRF, path: 'spec.urlRewrite.hostname.header', check: headerName },
  // Envoy Gateway leaves an empty credential header unset (Envoy then uses Authorization).
  { kinds: HRF, path: 'spec.credentialInjection.header', check: (v, p) => (v === '' ? undefined : headerName(v, p)) },
  // BackendTrafficPolicy: response overrides.
  ...customResponseRules(BTP, 'spec.responseOverride[].response'),
  { kinds: BTP, path: 'spec.responseOverride[].response.header.remove[]', check: headerName },
  { kinds: BTP, path: 'spec.responseOverride[].redirect.path.replaceFullPath', check: headerValue },
  { kinds: BTP, path: 'spec.responseOverride[].match.statusCodes[].value', check: intRange(0, UINT32_MAX) },
  { kinds: BTP, path: 'spec.responseOverride[].match.statusCodes[].range.start', check: intRange(0, UINT32_MAX) },
  { kinds: BTP, path: 'spec.responseOverride[].match.statusCodes[].range.end', check: intRange(0, UINT32_MAX) },
  // Load balancing and routing.
  { kinds: BTP, path: 'spec.loadBalancer.consistentHash.header.name', check: headerName },
  { kinds: BTP, path: 'spec.loadBalancer.consistentHash.headers[].name', check: headerName },
  { kinds: BTP, path: 'spec.loadBalancer.consistentHash.cookie.name', check: nonEmpty },
  { kinds: BTP, path: 'spec.loadBalancer.consistentHash.cookie.attributes{}', check: headerValue },
  { kinds: BTP, path: 'spec.loadBalancer.consistentHash.queryParams[].name', check: nonEmpty },
  { kinds: BTP, path: 'spec.loadBalancer.endpointOverride.extractFrom[].header', check: headerName },
  { kinds: BTP, path: 'spec.loadBalancer.zoneAware.weightedZones[].weight', check: intRange(1, UINT32_MAX) },
  { kinds: BTP, path: 'spec.httpUpgrade[].type', check: headerName },
  { kinds: BTP, path: 'spec.retry.numRetries', check: intRange(0, UINT32_MAX) },
  { kinds: BTP, path: 'spec.retry.numAttemptsPerPriority', check: intRange(0, 2_147_483_647) },
  { kinds: BTP, path: 'spec.faultInjection.delay.fixedDelay', check: durationAbove(0) },
  { kinds: BTP, path: 'spec.rateLimit.local.rules[].limit.requests', check: intRange(1, UINT32_MAX) },
  { kinds: BTP, path: 'spec.rateLimit.local.rules[].clientSelectors[].headers[].name', check: headerName },
  { kinds: BTP, path: 'spec.rateLimit.global.rules[].clientSelectors[].headers[].name', check: headerName },
  { kinds: BTP, path: 'spec.bandwidthLimit.request.limit.value', check: bandwidth },
  { kinds: BTP, path: 'spec.bandwidthLimit.response.limit.value', check: bandwidth },
  { kinds: BTP, path: 'spec.requestBuffer.limit', check: bufferBytes },
  { kinds: BTP, path: 'spec.compressor[].minContentLength', check: bytesUint32 },
  { kinds: BTP, path: 'spec.compression[].minContentLength', check: bytesUint32 },
  { kinds: BTP, path: 'spec.admissionControl.minRequestRate', check: intRange(0, UINT32_MAX) },
  // Telemetry.
  { kinds: BTP, path: 'spec.telemetry.metrics.routeStatName', check: nonEmpty },
  { kinds: BTP, path: 'spec.telemetry.tracing.tags{}', check: formatString },
  { kinds: ['EnvoyProxy'], path: 'spec.telemetry.tracing.tags{}', check: formatString },
  { kinds: ['EnvoyProxy'], path: 'spec.telemetry.accessLog.settings[].format.text', check: accessLogFormat },
  { kinds: ['EnvoyProxy'], path: 'spec.telemetry.accessLog.settings[].format.json{}', check: accessLogFormat },
  { kinds: ['EnvoyProxy'], path: 'spec.telemetry.tracing.customTags{}.environment.name', check: nonEmpty },
  { kinds: BTP, path: 'spec.telemetry.tracing.customTags{}.environment.name', check: nonEmpty },
  { kinds: BTP, path: 'spec.telemetry.tracing.customTags{}.requestHeader.name', check: headerName },
  // Cluster settings.
  { kinds: BTP, path: 'spec.timeout.tcp.connectTimeout', check: durationAbove(0) },
  { kinds: BTP, path: 'spec.dns.dnsRefreshRate', check: durationAbove(1) },
  { kinds: BTP, path: 'spec.connection.preconnect.predictivePercent', check: predictivePercent },
  { kinds: BTP, path: 'spec.healthCheck.active.interval', check: durationAbove(0) },
  { kinds: BTP, path: 'spec.healthCheck.active.timeout', check: durationAbove(0) },
  { kinds: BTP, path: 'spec.healthCheck.active.http.path', check: headerValue },
  { kinds: BTP, path: 'spec.healthCheck.passive.interval', check: durationAbove(0) },
  { kinds: BTP, path: 'spec.healthCheck.passive.baseEjectionTime', check: durationAbove(0) },
  { kinds: BTP, path: 'spec.http2.connectionKeepalive.interval', check: durationAbove(0) },
  { kinds: BTP, path: 'spec.http2.connectionKeepalive.timeout', check: durationAbove(0) },
  { kinds: BTP, path: 'spec.http2.connectionKeepalive.idleInterval', check: durationAbove(0) },
  // ClientTrafficPolicy.
  ...ctpHeaderRules(),
  { kinds: CTP, path: 'spec.tcpKeepalive.idleTime', check: keepaliveSeconds },
  { kinds: CTP, path: 'spec.tcpKeepalive.interval', check: keepaliveSeconds },
  { kinds: CTP, path: 'spec.clientIPDetection.customHeader.name', check: headerName },
  { kinds: CTP, path: 'spec.healthCheck.path', check: headerValue },
  { kinds: CTP, path: 'spec.http2.connectionKeepalive.interval', check: durationAbove(0) },
  { kinds: CTP, path: 'spec.http2.connectionKeepalive.timeout', check: durationAbove(0) },
  { kinds: CTP, path: 'spec.http2.connectionKeepalive.idleInterval', check: durationAbove(0) },
];
