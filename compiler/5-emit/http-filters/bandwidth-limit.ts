import type { IrBandwidthLimit } from '../../ir';
import { typed } from '../common';
import type { Any } from '../envoy';

const TYPE = 'envoy.extensions.filters.http.bandwidth_limit.v3.BandwidthLimit';
/** Envoy Gateway's stat prefix for both directions. */
const STAT_PREFIX = 'http_bandwidth_limiter';

/** The HCM's `BandwidthLimit`: off until a route enables its direction. */
export function buildBandwidthLimitFilter(): Any {
  return typed(TYPE, { stat_prefix: STAT_PREFIX, enable_mode: 'DISABLED' });
}

/** A route's `BandwidthLimit` for one direction (§4.10). */
export function buildBandwidthLimitPerRoute(b: IrBandwidthLimit): Any {
  return typed(TYPE, {
    stat_prefix: STAT_PREFIX,
    enable_mode: b.direction === 'request' ? 'REQUEST' : 'RESPONSE',
    limit_kbps: b.limitKbps,
    ...(b.trailers ? { enable_response_trailers: true, ...(b.trailers.prefix !== undefined ? { response_trailer_prefix: b.trailers.prefix } : {}) } : {}),
  });
}
