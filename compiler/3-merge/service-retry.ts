// backendSettings.retry of an external service (ext_proc, ext auth, a remote JWKS): the back-off
// Envoy Gateway (or Envoy) refuses. 4-lower/service-retry.ts writes the policy.
import { parseDuration } from '../units/duration';

/** The `retry` of an external service's backendSettings (the same shape in every kind that has one). */
export interface ServiceRetrySpec {
  numRetries?: number;
  retryOn?: { triggers?: string[] };
  perRetry?: { backOff?: { baseInterval?: string; maxInterval?: string } };
}

/** Why Envoy Gateway (or Envoy) refuses the back-off, in Envoy Gateway's words; undefined when it is fine. */
export function serviceRetryProblem(r: ServiceRetrySpec): string | undefined {
  const backOff = r.perRetry?.backOff;
  if (!backOff) return undefined;
  const base = backOff.baseInterval !== undefined ? parseDuration(backOff.baseInterval) : undefined;
  const max = backOff.maxInterval !== undefined ? parseDuration(backOff.maxInterval) : undefined;
  if (base === 0) return 'baseInterval cannot be set to 0s';
  if (max === 0) return 'maxInterval cannot be set to 0s';
  // Envoy requires base_interval whenever retry_back_off is present.
  if (base === undefined && max !== undefined) return 'maxInterval needs baseInterval: Envoy requires a base interval for any back-off';
  if (base !== undefined && max !== undefined && max < base) return 'maxInterval cannot be less than baseInterval';
  return undefined;
}
