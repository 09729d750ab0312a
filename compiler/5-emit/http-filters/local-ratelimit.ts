import type { IrLocalRateLimit, IrTokenBucket } from '../../ir';
import { duration, typed } from '../common';
import type { Any, Message } from '../envoy';
import { buildRateLimit } from './rate-limit-actions';

const TYPE = 'envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit';
/** Envoy Gateway's stat prefix for the local rate limiter. */
const STAT_PREFIX = 'http_local_rate_limiter';
/** Envoy Gateway caps the per-client (Distinct) buckets. */
const MAX_DYNAMIC_DESCRIPTORS = 10_000;
const ALWAYS = { default_value: { numerator: 100, denominator: 'HUNDRED' } };

function buildTokenBucket(b: IrTokenBucket): Message {
  return { max_tokens: b.maxTokens, tokens_per_fill: b.tokensPerFill, fill_interval: duration(b.fillIntervalMs) };
}

/** The HCM's `LocalRateLimit`: no bucket, so it limits nothing until a route configures it. */
export function buildLocalRateLimitFilter(): Any {
  return typed(TYPE, { stat_prefix: STAT_PREFIX, max_dynamic_descriptors: MAX_DYNAMIC_DESCRIPTORS });
}

/** A route's `LocalRateLimit` (§4.9 Local). */
export function buildLocalRateLimitPerRoute(l: IrLocalRateLimit): Any {
  return typed(TYPE, {
    stat_prefix: STAT_PREFIX,
    token_bucket: buildTokenBucket(l.tokenBucket),
    filter_enabled: ALWAYS,
    filter_enforced: ALWAYS,
    enable_x_ratelimit_headers: l.xRateLimitHeaders,
    // A request matching a descriptor is not also counted against the route bucket.
    always_consume_default_token_bucket: false,
    ...(l.descriptors.length
      ? {
          descriptors: l.descriptors.map((d) => ({
            entries: d.entries.map((e) => ({ key: e.key, ...(e.value !== undefined ? { value: e.value } : {}) })),
            token_bucket: buildTokenBucket(d.tokenBucket),
            ...(d.shadowMode ? { shadow_mode: true } : {}),
          })),
        }
      : {}),
    ...(l.rateLimits.length ? { rate_limits: l.rateLimits.map(buildRateLimit) } : {}),
  });
}
