import type { Retry } from '../../api/backendtrafficpolicy';
import type { HTTPRouteRule } from '../../api/routes';
import type { IrRetry } from '../../ir';
import { parseDuration } from '../../units/duration';
import { NUM_RETRIES_DEFAULT, RETRIABLE_STATUS_CODES_DEFAULT, RETRY_ON_DEFAULT } from '../defaults';

function sortedUnique<T extends string | number>(items: readonly T[]): T[] {
  return [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * HTTPRoute rule `retry` (Envoy Gateway: attempts → num_retries, codes → retriable_status_codes,
 * backoff → base_interval, `timeouts.backendRequest` → per_try_timeout; retry_on stays the default).
 */
export function lowerRuleRetry(retry: NonNullable<HTTPRouteRule['retry']>, backendRequestMs: number | undefined): IrRetry {
  return {
    retryOn: RETRY_ON_DEFAULT,
    numRetries: retry.attempts ?? NUM_RETRIES_DEFAULT,
    retriableStatusCodes: retry.codes ?? RETRIABLE_STATUS_CODES_DEFAULT,
    ...(backendRequestMs !== undefined ? { perTryTimeoutMs: backendRequestMs } : {}),
    ...(retry.backoff !== undefined ? { backOff: { baseIntervalMs: parseDuration(retry.backoff) } } : {}),
  };
}

/**
 * BTP `retry` (§4.2): a full policy even for `retry: {}`. Triggers are de-duplicated and sorted;
 * once `retryOn` carries either list, its status codes replace the default 503 (possibly with none).
 * 3-merge has already rejected a back-off without a base interval or with a 0s one.
 */
export function lowerPolicyRetry(retry: Retry): IrRetry {
  const on = retry.retryOn;
  const triggers = on?.triggers?.length ? sortedUnique(on.triggers).join(',') : RETRY_ON_DEFAULT;
  const codes = on && (on.triggers !== undefined || on.httpStatusCodes !== undefined) ? sortedUnique(on.httpStatusCodes ?? []) : RETRIABLE_STATUS_CODES_DEFAULT;
  const backOff = retry.perRetry?.backOff;
  const out: IrRetry = { retryOn: triggers, numRetries: retry.numRetries ?? NUM_RETRIES_DEFAULT, retriableStatusCodes: codes };
  if (retry.perRetry?.timeout !== undefined) out.perTryTimeoutMs = parseDuration(retry.perRetry.timeout);
  if (backOff?.baseInterval !== undefined) {
    out.backOff = { baseIntervalMs: parseDuration(backOff.baseInterval) };
    if (backOff.maxInterval !== undefined) out.backOff.maxIntervalMs = parseDuration(backOff.maxInterval);
  }
  if (retry.numAttemptsPerPriority !== undefined && retry.numAttemptsPerPriority > 0) out.retryPriorityUpdateFrequency = retry.numAttemptsPerPriority;
  return out;
}
