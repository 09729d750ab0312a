// A Gateway listener's ClientTrafficPolicy, as the pieces listeners.ts puts together: the HCM
// settings and filters, the route edits (500s for an invalid policy, alt-svc for HTTP/3, rate
// limit headers), the filter chain's extras and the Envoy listener's socket.
import type { ListenerNode } from '../2-resolve/types';
import { CLIENT_TRAFFIC_POLICY, http10DefaultHost, terminatesTls } from '../3-merge/kinds/clienttrafficpolicy';
import { http3Disabled } from '../3-merge/kinds/clienttrafficpolicy/http3';
import { appliedPolicy } from '../3-merge/types';
import type { ClientTrafficPolicySpec } from '../api/clienttrafficpolicy';
import type { IrFilterChain, IrHcmSettings, IrVirtualHost } from '../ir';
import { parseDuration } from '../units/duration';
import { lowerConnectionLimit, lowerHcmSettings } from './client-settings';
import { proxySpecOf, type LowerContext } from './context';
import type { ListenerFilters } from './http-filters';

/** The ClientTrafficPolicy in force on a listener: its spec, whether it failed, and whose it is. */
export interface ListenerClient {
  spec: ClientTrafficPolicySpec;
  invalid: boolean;
  policy: { namespace: string; name: string };
}

export function clientOf(ctx: LowerContext, l: ListenerNode): ListenerClient | undefined {
  const a = appliedPolicy(ctx.policies, CLIENT_TRAFFIC_POLICY, l.irName);
  if (!a?.policies.length) return undefined;
  const [, namespace, name] = a.policies[0]!.split('/') as [string, string, string];
  return { spec: a.spec, invalid: a.invalid, policy: { namespace, name } };
}

/** HTTP/3 on an HTTPS listener: asked for, and not turned off by client validation (Envoy Gateway). */
export function wantsHttp3(l: ListenerNode, c: ListenerClient | undefined): boolean {
  return c?.spec.http3 !== undefined && l.protocol === 'HTTPS' && terminatesTls(l) && !http3Disabled(c.spec);
}

/** What a policy sets on an HTTP listener's HCM, and the listener's own HTTP filters. */
export function httpClient(ctx: LowerContext, l: ListenerNode, grpcRoute: boolean): { settings?: IrHcmSettings; filters: ListenerFilters } {
  const c = clientOf(ctx, l);
  // EnvoyProxy `telemetry.metrics.enableGRPCStats` decides gRPC stats when set; else a GRPCRoute turns them on (Envoy Gateway).
  const grpcStats = proxySpecOf(ctx, l)?.telemetry?.metrics?.enableGRPCStats ?? grpcRoute;
  if (!c) return { filters: { grpcWeb: grpcRoute, grpcStats } };
  const s = c.spec;
  const h10 = s.http1?.http10;
  const host = !h10 ? undefined : h10.useDefaultHost ? http10DefaultHost(ctx.graph, l) : { host: '' };
  const settings = lowerHcmSettings(s, !c.invalid, host && 'host' in host ? host.host : undefined);
  const h = s.headers;
  const filters: ListenerFilters = {
    // A policy's `grpc` decides gRPC-Web outright (unset enableWeb: off); gRPC stats are not the policy's.
    grpcWeb: s.grpc ? s.grpc.enableWeb === true : grpcRoute,
    grpcStats,
    ...(s.healthCheck ? { healthCheckPath: s.healthCheck.path } : {}),
    ...(settings.lateResponseHeaders ? { lateResponseHeaders: settings.lateResponseHeaders } : {}),
    ...(h?.enableEnvoyHeaders || h?.disableRateLimitHeaders
      ? { rateLimitHeaders: { envoyRatelimited: h.enableEnvoyHeaders ?? false, disableXRateLimit: h.disableRateLimitHeaders ?? false } }
      : {}),
  };
  const { lateResponseHeaders: _, ...hcm } = settings;
  return { settings: hcm, filters };
}

/**
 * Route edits a listener's policy and port make: every route answers 500 when the policy failed
 * (Envoy Gateway); local rate limits send no `x-ratelimit-*` headers when it says so; with HTTP/3
 * on the port, every route advertises it (`alt-svc`).
 */
export function editRoutes(virtualHosts: IrVirtualHost[], c: ListenerClient | undefined, altSvcPort: number | undefined): IrVirtualHost[] {
  const quiet = c?.spec.headers?.disableRateLimitHeaders === true;
  if (!c?.invalid && !quiet && altSvcPort === undefined) return virtualHosts;
  return virtualHosts.map((vh) => ({
    ...vh,
    routes: vh.routes.map((r) => {
      const out = { ...r };
      if (c?.invalid) out.action = { type: 'direct', status: 500 };
      if (quiet && r.filters?.localRateLimit) out.filters = { ...r.filters, localRateLimit: { ...r.filters.localRateLimit, xRateLimitHeaders: 'OFF' } };
      if (altSvcPort !== undefined) {
        const alt = { name: 'alt-svc', value: `h3=":${altSvcPort}"; ma=86400`, mode: 'append' as const };
        out.responseHeaders = { add: [...(r.responseHeaders?.add ?? []), alt], remove: r.responseHeaders?.remove ?? [] };
      }
      return out;
    }),
  }));
}

/** The filter chain's connection limit and TLS handshake timeout (not for an invalid policy). */
export function chainExtras(c: ListenerClient | undefined): Pick<IrFilterChain, 'connectionLimit' | 'tlsHandshakeTimeoutMs'> {
  if (!c || c.invalid) return {};
  const limit = lowerConnectionLimit(c.spec);
  const handshake = c.spec.timeout?.tcp?.tlsHandshakeTimeout;
  return { ...(limit ? { connectionLimit: limit } : {}), ...(handshake ? { tlsHandshakeTimeoutMs: parseDuration(handshake) } : {}) };
}
