import type { RateLimitRule } from '../../api/backendtrafficpolicy';
import type { IrLocalRateLimit, IrLocalRateLimitDescriptor, IrRateLimit, IrTokenBucket } from '../../ir';
import { UINT32_MAX } from '../../units/quantity';
import { actionEntry, hasSelectors, LOCAL_CIDR_KEYS, ruleActions, unitMs, xRateLimitOption } from './rate-limit';

function bucket(rule: RateLimitRule): IrTokenBucket {
  return { maxTokens: rule.limit.requests, tokensPerFill: rule.limit.requests, fillIntervalMs: unitMs(rule.limit.unit) };
}

/** No rule without selectors: the route's own bucket lets everything through (Envoy Gateway). */
const UNLIMITED: IrTokenBucket = { maxTokens: UINT32_MAX, tokensPerFill: UINT32_MAX, fillIntervalMs: 1000 };

/**
 * `rateLimit.local` → the route's `LocalRateLimit` (§4.9 Local): the rule without selectors is the
 * route bucket; every other rule is a descriptor (index counting only those) with one rate limit
 * per method. 3-merge rejected more than one default rule and units that do not divide.
 */
export function lowerLocalRateLimit(rules: RateLimitRule[]): IrLocalRateLimit {
  const dflt = rules.find((r) => !hasSelectors(r));
  const descriptors: IrLocalRateLimitDescriptor[] = [];
  const rateLimits: IrRateLimit[] = [];
  rules.filter(hasSelectors).forEach((rule, i) => {
    const lists = ruleActions(i, rule, LOCAL_CIDR_KEYS);
    descriptors.push({ entries: lists[0]!.map(actionEntry), tokenBucket: bucket(rule), shadowMode: rule.shadowMode ?? false });
    for (const actions of lists) rateLimits.push({ actions, ...xRateLimitOption(rule) });
  });
  return {
    tokenBucket: dflt ? bucket(dflt) : UNLIMITED,
    xRateLimitHeaders: dflt?.xRateLimitHeaders === 'Off' ? 'OFF' : 'DRAFT_VERSION_03',
    descriptors,
    rateLimits,
  };
}
