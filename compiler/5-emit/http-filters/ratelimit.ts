import type { IrHttpFilter, IrRateLimitPerRoute } from '../../ir';
import { typed } from '../common';
import type { Any } from '../envoy';
import { buildRateLimit } from './rate-limit-actions';

/** The HCM's global `RateLimit` filter: asks the rate limit service over gRPC (Envoy Gateway's settings). */
export function buildRateLimitFilter(f: Extract<IrHttpFilter, { type: 'rateLimit' }>): Any {
  return typed('envoy.extensions.filters.http.ratelimit.v3.RateLimit', {
    domain: f.domain,
    rate_limit_service: { grpc_service: { envoy_grpc: { cluster_name: f.cluster } }, transport_api_version: 'V3' },
    enable_x_ratelimit_headers: f.headers?.disableXRateLimit ? 'OFF' : 'DRAFT_VERSION_03',
    disable_x_envoy_ratelimited_header: !f.headers?.envoyRatelimited,
  });
}

/** A route's `RateLimitPerRoute` for one global rate limit filter. */
export function buildRateLimitPerRoute(r: IrRateLimitPerRoute): Any {
  return typed('envoy.extensions.filters.http.ratelimit.v3.RateLimitPerRoute', { domain: r.domain, rate_limits: r.rateLimits.map(buildRateLimit) });
}
