// A ClientTrafficPolicy spec as the IR of a listener's HCM, socket and filter chain (Envoy Gateway's
// translateClientTrafficPolicyForListener, then its xDS listener translator). 3-merge has already
// refused what Envoy Gateway refuses; here every value becomes the Envoy field it sets.
import type { ClientTrafficPolicySpec, HeaderFilter, StringMatch } from '../api/clienttrafficpolicy';
import type { IrAnyStringMatch, IrConnectionLimit, IrHcmSettings, IrHeaderEdits, IrDownstreamHttp2, IrListenerSocket } from '../ir';
import { parseDuration } from '../units/duration';
import { escapeLonePercents } from '../units/formatter';
import { parseQuantity } from '../units/quantity';
import { headerValueOk } from '../2-resolve/header-modifiers';

const ms = (d: string | undefined): number | undefined => (d === undefined ? undefined : parseDuration(d));
/** Envoy Gateway keeps keepalive times in whole seconds (Go's uint32(d.Seconds())). */
const seconds = (d: string | undefined): number | undefined => (d === undefined ? undefined : Math.floor(parseDuration(d) / 1000));

type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** `o` without its undefined keys. */
function defined<T extends object>(o: T): Defined<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Defined<T>;
}

export function stringMatch(m: StringMatch): IrAnyStringMatch {
  return { type: m.type, value: m.value } as IrAnyStringMatch;
}

/** The Envoy listener's own settings. `applied`: false for an invalid policy (Envoy Gateway stops before them). */
export function lowerSocket(spec: ClientTrafficPolicySpec, applied: boolean): IrListenerSocket {
  const ka = spec.tcpKeepalive;
  const c = spec.connection;
  const proxy = spec.proxyProtocol ? { optional: spec.proxyProtocol.optional ?? false } : spec.enableProxyProtocol ? { optional: false } : undefined;
  if (!applied) return {};
  return defined({
    tcpKeepalive: ka ? defined({ probes: ka.probes, idleTimeSeconds: seconds(ka.idleTime), intervalSeconds: seconds(ka.interval) }) : undefined,
    bufferLimitBytes: c?.bufferLimit !== undefined ? parseQuantity(c.bufferLimit) : undefined,
    maxAcceptPerSocketEvent: c ? c.maxAcceptPerSocketEvent : undefined,
    listenerFiltersTimeoutMs: ms(spec.timeout?.tcp?.connectionInspectionTimeout),
    proxyProtocol: proxy,
    fingerprints: spec.tls?.fingerprints?.length ? [...spec.tls.fingerprints] : undefined,
  });
}

/** The connection_limit filter of the chain, when the policy caps connections. */
export function lowerConnectionLimit(spec: ClientTrafficPolicySpec): IrConnectionLimit | undefined {
  const cl = spec.connection?.connectionLimit;
  if (cl?.value === undefined) return undefined;
  return defined({ maxConnections: cl.value, delayMs: ms(cl.closeDelay) });
}

function headerEdits(f: HeaderFilter | undefined): IrHeaderEdits | undefined {
  if (!f) return undefined;
  const out: IrHeaderEdits = { add: [], remove: [], removeOnMatch: [] };
  const seen = new Set<string>();
  for (const [list, mode] of [
    [f.add, 'append'],
    [f.set, 'overwrite'],
    [f.addIfAbsent, 'ifAbsent'],
  ] as const) {
    for (const h of list ?? []) {
      // Envoy Gateway keeps the first edit of a name (any case), and skips invalid values (the policy is then invalid).
      if (seen.has(h.name.toLowerCase()) || !headerValueOk(h.value)) continue;
      seen.add(h.name.toLowerCase());
      out.add.push({ name: h.name, value: escapeLonePercents(h.value), mode });
    }
  }
  for (const r of f.remove ?? []) if (!out.remove.some((x: string) => x.toLowerCase() === r.toLowerCase())) out.remove.push(r);
  out.removeOnMatch = (f.removeOnMatch ?? []).map(stringMatch);
  return out;
}

const REQUEST_ID: Record<string, { generate: boolean; preserveExternal: boolean }> = {
  PreserveOrGenerate: { generate: true, preserveExternal: true },
  Preserve: { generate: false, preserveExternal: true },
  Disable: { generate: false, preserveExternal: false },
  Generate: { generate: true, preserveExternal: false },
};

const XFCC: Record<string, NonNullable<IrHcmSettings['forwardClientCert']>['mode']> = {
  Sanitize: 'SANITIZE',
  ForwardOnly: 'FORWARD_ONLY',
  AppendForward: 'APPEND_FORWARD',
  SanitizeSet: 'SANITIZE_SET',
  AlwaysForwardOnly: 'ALWAYS_FORWARD_ONLY',
};

function headerSettings(spec: ClientTrafficPolicySpec): Partial<IrHcmSettings> {
  const h = spec.headers;
  if (!h) return {};
  const requestId = h.requestID ?? (h.preserveXRequestID ? 'PreserveOrGenerate' : undefined);
  const xfcc = h.xForwardedClientCert;
  const mode = xfcc ? XFCC[xfcc.mode ?? 'Sanitize']! : undefined;
  const details = mode === 'APPEND_FORWARD' || mode === 'SANITIZE_SET' ? (xfcc?.certDetailsToAdd ?? []).map((d) => d.toLowerCase()) : [];
  const underscores = { Allow: 'ALLOW', RejectRequest: 'REJECT_REQUEST', DropHeader: 'DROP_HEADER' } as const;
  return defined({
    headersWithUnderscoresAction: underscores[h.withUnderscoresAction ?? 'RejectRequest'],
    enableEnvoyHeaders: h.enableEnvoyHeaders || undefined,
    disableRateLimitHeaders: h.disableRateLimitHeaders || undefined,
    requestId: requestId ? REQUEST_ID[requestId] : undefined,
    forwardClientCert: mode ? { mode, details } : undefined,
    stripTrailingHostDot: h.host?.stripTrailingHostDot,
    earlyRequestHeaders: headerEdits(h.earlyRequestHeaders),
    lateResponseHeaders: headerEdits(h.lateResponseHeaders),
  });
}

function clientIp(spec: ClientTrafficPolicySpec): IrHcmSettings['clientIp'] {
  const c = spec.clientIPDetection;
  if (c?.customHeader) return { type: 'customHeader', name: c.customHeader.name, failClosed: c.customHeader.failClosed ?? false };
  const xff = c?.xForwardedFor;
  if (!xff) return undefined;
  const skipAppend = xff.disableXForwardedForAppend ?? false;
  if (xff.trustedCIDRs) {
    const trustedCidrs = xff.trustedCIDRs.map((t) => ({ prefix: t.split('/')[0]!, length: Number(t.split('/')[1]) }));
    return { type: 'xff', trustedCidrs, skipAppend };
  }
  return { type: 'xff', numTrustedHops: envoyTrustedHops(xff.numTrustedHops ?? 0), skipAppend };
}

/** Envoy's `xff_num_trusted_hops` for a ClientTrafficPolicy's numTrustedHops: Envoy Gateway's counts Envoy itself, so one less (envoyproxy/envoy#34241). */
export function envoyTrustedHops(numTrustedHops: number): number {
  return Math.max(0, numTrustedHops - 1);
}

/** Envoy Gateway's HTTP/2 window bounds; a window outside them drops the policy's HTTP/2 settings. */
const inWindow = (q: number | string | undefined) => q === undefined || ((parseQuantity(q) ?? -1) >= 65_535 && (parseQuantity(q) ?? -1) <= 2_147_483_647);

function http2(spec: ClientTrafficPolicySpec): IrDownstreamHttp2 | undefined {
  const h = spec.http2;
  if (!h || !inWindow(h.initialStreamWindowSize) || !inWindow(h.initialConnectionWindowSize)) return undefined;
  const ka = h.connectionKeepalive;
  return defined({
    maxConcurrentStreams: h.maxConcurrentStreams,
    initialStreamWindowSize: h.initialStreamWindowSize !== undefined ? parseQuantity(h.initialStreamWindowSize) : undefined,
    initialConnectionWindowSize: h.initialConnectionWindowSize !== undefined ? parseQuantity(h.initialConnectionWindowSize) : undefined,
    resetStreamOnError: h.onInvalidMessage === 'TerminateStream' ? true : h.onInvalidMessage === 'TerminateConnection' ? false : undefined,
    keepalive: ka
      ? defined({ intervalMs: ms(ka.interval), timeoutMs: ms(ka.timeout), intervalJitterPercent: ka.intervalJitter, idleIntervalMs: ms(ka.idleInterval) })
      : undefined,
  });
}

/**
 * The HCM settings of a listener. `applied`: false for an invalid policy, which keeps only what
 * Envoy Gateway sets before it stops (client IP, headers, path, HTTP/1 and HTTP/2, scheme).
 * `http10Host`: HTTP/1.0's default host, resolved for this listener ("" when not asked).
 */
export function lowerHcmSettings(spec: ClientTrafficPolicySpec, applied: boolean, http10Host: string | undefined): IrHcmSettings {
  const t = applied ? spec.timeout?.http : undefined;
  const cl = applied ? spec.connection?.connectionLimit : undefined;
  const h1 = spec.http1;
  const escaped = {
    KeepUnchanged: 'KEEP_UNCHANGED',
    RejectRequest: 'REJECT_REQUEST',
    UnescapeAndRedirect: 'UNESCAPE_AND_REDIRECT',
    UnescapeAndForward: 'UNESCAPE_AND_FORWARD',
  } as const;
  return defined({
    clientIp: clientIp(spec),
    ...headerSettings(spec),
    mergeSlashes: spec.path?.disableMergeSlashes !== undefined ? !spec.path.disableMergeSlashes : undefined,
    escapedSlashesAction: spec.path?.escapedSlashesAction ? escaped[spec.path.escapedSlashesAction] : undefined,
    matchUpstreamScheme: spec.scheme === 'MatchBackend' || undefined,
    requestTimeoutMs: ms(t?.requestReceivedTimeout),
    requestHeadersTimeoutMs: ms(t?.requestHeadersReceivedTimeout),
    idleTimeoutMs: ms(t?.idleTimeout),
    streamIdleTimeoutMs: ms(t?.streamIdleTimeout),
    maxConnectionDurationMs: ms(cl?.maxConnectionDuration),
    http1SafeMaxConnectionDuration: cl?.maxConnectionDuration !== undefined ? !(h1?.disableSafeMaxConnectionDuration ?? false) : undefined,
    maxRequestsPerConnection: cl?.maxRequestsPerConnection,
    maxStreamDurationMs: ms(cl?.maxStreamDuration),
    http1: h1
      ? {
          enableTrailers: h1.enableTrailers ?? false,
          preserveHeaderCase: h1.preserveHeaderCase ?? false,
          ...(h1.http10 && http10Host !== undefined ? { http10: { defaultHost: http10Host } } : {}),
          ignoreUpgrades: (h1.ignoredUpgradeTypes ?? []).map(stringMatch),
        }
      : undefined,
    http2: http2(spec),
  });
}
