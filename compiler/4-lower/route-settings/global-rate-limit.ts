import type { RateLimitCost, RateLimitRule } from '../../api/backendtrafficpolicy';
import type { IrRateLimit, IrRateLimitAction, IrRateLimitPerRoute, IrRlsDescriptor } from '../../ir';
import { actionEntry, GLOBAL_CIDR_KEYS, hasSelectors, rlsUnit, ruleActions, xRateLimitOption } from './rate-limit';

/** The filter name of Envoy Gateway's global rate limit (non-shared rules). */
export const RATE_LIMIT_FILTER = 'envoy.filters.http.ratelimit';

/** What names a route's global rate limits. */
export interface GlobalRateLimitInput {
  /** The IR route name: the descriptor of non-shared rules. */
  routeName: string;
  /** The IR listener name: the domain of non-shared rules. */
  listener: string;
  /** Per rule, the policy it was written in and its index there: shared rules' filter, domain and name. */
  origins: { namespace: string; name: string; index: number }[];
}

function hitsAddend(c: RateLimitCost): IrRateLimit['hitsAddend'] {
  if (c.from === 'Metadata' && c.metadata) return { format: `%DYNAMIC_METADATA(${c.metadata.namespace}:${c.metadata.key})%` };
  return { number: c.number ?? 0 };
}

/** The rate limits of one rule: one per method, plus a response-cost twin applied at stream end. */
function ruleRateLimits(top: IrRateLimitAction, lists: IrRateLimitAction[][], rule: RateLimitRule): IrRateLimit[] {
  const out: IrRateLimit[] = [];
  for (const list of lists) {
    const base: IrRateLimit = {
      actions: [top, ...list],
      ...xRateLimitOption(rule),
      ...(rule.limit.fromMetadata ? { limitFromMetadata: rule.limit.fromMetadata } : {}),
    };
    out.push(rule.cost?.request ? { ...base, hitsAddend: hitsAddend(rule.cost.request) } : base);
    if (rule.cost?.response) out.push({ ...base, hitsAddend: hitsAddend(rule.cost.response), applyOnStreamDone: true });
  }
  return out;
}

/** The service-side chain of a rule: one nested descriptor per action, the limit on the last. */
function chain(list: IrRateLimitAction[], rule: RateLimitRule): IrRlsDescriptor | undefined {
  let inner: IrRlsDescriptor | undefined;
  for (const a of [...list].reverse()) {
    const d: IrRlsDescriptor = { ...actionEntry(a), ...(rule.shadowMode ? { shadowMode: true } : {}) };
    if (inner) d.descriptors = [inner];
    else d.rateLimit = { requestsPerUnit: rule.limit.requests, unit: rlsUnit(rule.limit.unit) };
    inner = d;
  }
  return inner;
}

function matchLists(i: number, rule: RateLimitRule): IrRateLimitAction[][] {
  if (hasSelectors(rule)) return ruleActions(i, rule, GLOBAL_CIDR_KEYS);
  const k = `rule-${i}-match--1`;
  return [[{ type: 'genericKey', key: k, value: k }]];
}

/**
 * `rateLimit.global` for one route entry (§4.9 Global): non-shared rules under the listener's
 * domain, keyed by the route name; shared rules under the policy's own filter and domain, keyed
 * by `<ns>/<policy>/rule/<k>` so every route shares their counters. Each carries the descriptors
 * the rate limit service needs for it.
 */
export function lowerGlobalRateLimit(rules: RateLimitRule[], input: GlobalRateLimitInput): IrRateLimitPerRoute[] {
  const perRoute: IrRateLimitPerRoute[] = [];
  const own = rules.filter((r) => !r.shared);
  if (own.length) {
    const top: IrRateLimitAction = { type: 'genericKey', key: input.routeName, value: input.routeName };
    const limits: IrRateLimit[] = [];
    const chains: IrRlsDescriptor[] = [];
    own.forEach((rule, i) => {
      const lists = matchLists(i, rule);
      limits.push(...ruleRateLimits(top, lists, rule));
      const c = chain(lists[0]!, rule);
      if (c) chains.push(c);
    });
    const descriptors = [{ key: input.routeName, value: input.routeName, descriptors: chains }];
    perRoute.push({ filterName: RATE_LIMIT_FILTER, domain: input.listener, rateLimits: limits, descriptors });
  }
  // Shared rules are counted by one index, and grouped by the policy that wrote them: each such
  // policy has its own filter and domain (`<ns>/<policy>`), as in Envoy Gateway.
  const byPolicy = new Map<string, { limits: IrRateLimit[]; descriptors: IrRlsDescriptor[] }>();
  let i = 0;
  rules.forEach((rule, k) => {
    if (!rule.shared) return;
    const origin = input.origins[k]!;
    const domain = `${origin.namespace}/${origin.name}`;
    const ruleName = `${domain}/rule/${origin.index}`;
    const lists = matchLists(i++, rule);
    let group = byPolicy.get(domain);
    if (!group) byPolicy.set(domain, (group = { limits: [], descriptors: [] }));
    group.limits.push(...ruleRateLimits({ type: 'genericKey', key: ruleName, value: ruleName }, lists, rule));
    const c = chain(lists[0]!, rule);
    group.descriptors.push({ key: ruleName, value: ruleName, ...(c ? { descriptors: [c] } : {}) });
  });
  for (const [domain, group] of byPolicy) {
    perRoute.push({ filterName: `${RATE_LIMIT_FILTER}/${domain}`, domain, rateLimits: group.limits, descriptors: group.descriptors });
  }
  return perRoute;
}
