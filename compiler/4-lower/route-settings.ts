import type { AppliedPolicy } from '../3-merge/types';
import type { HTTPRouteRule } from '../api/routes';
import type { IrRetry } from '../ir';
import { NUM_RETRIES_DEFAULT, RETRIABLE_STATUS_CODES_DEFAULT, RETRY_ON_DEFAULT, ROUTE_IDLE_TIMEOUT_FLOOR_MS } from './defaults';
import { parseDuration } from '../units/duration';

/** The parts of a route rule that carry settings (GRPCRoute rules have filters only). */
export type RuleSettingsSource = Pick<HTTPRouteRule, 'filters' | 'timeouts' | 'retry'>;

/** Route-level settings of a forwarding route entry. */
export interface RouteSettings {
  timeoutMs?: number;
  idleTimeoutMs?: number;
  retry?: IrRetry;
}

/**
 * Route timeout, idle timeout and retry from the HTTPRoute rule (Envoy Gateway: `backendRequest`
 * is the route timeout unless the rule retries, then it is the per-try timeout).
 */
export function lowerRouteSettings(rule: RuleSettingsSource | undefined, _applied: AppliedPolicy | undefined): RouteSettings {
  const request = rule?.timeouts?.request !== undefined ? parseDuration(rule.timeouts.request) : undefined;
  const backend = rule?.timeouts?.backendRequest !== undefined ? parseDuration(rule.timeouts.backendRequest) : undefined;
  const timeoutMs = backend !== undefined && !rule?.retry ? backend : request;
  const out: RouteSettings = {};
  if (timeoutMs !== undefined) {
    out.timeoutMs = timeoutMs;
    out.idleTimeoutMs = timeoutMs === 0 ? 0 : Math.max(ROUTE_IDLE_TIMEOUT_FLOOR_MS, timeoutMs);
  }
  if (rule?.retry) {
    out.retry = {
      retryOn: RETRY_ON_DEFAULT,
      numRetries: rule.retry.attempts ?? NUM_RETRIES_DEFAULT,
      retriableStatusCodes: rule.retry.codes ?? RETRIABLE_STATUS_CODES_DEFAULT,
      ...(backend !== undefined ? { perTryTimeoutMs: backend } : {}),
      ...(rule.retry.backoff !== undefined ? { backOff: { baseIntervalMs: parseDuration(rule.retry.backoff) } } : {}),
    };
  }
  return out;
}
