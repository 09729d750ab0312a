// backendSettings.retry of an external service (ext_proc, ext auth, a remote JWKS): Envoy Gateway's
// retry policy for calls that are not routes (`buildNonRouteRetryPolicy`): retry_on (the default
// set unless triggers are given, in their order, as `buildRetryOn` joins them), the number of
// retries only when set, the back-off when set (3-merge/service-retry.ts has refused a bad one).
import type { ServiceRetrySpec } from '../3-merge/service-retry';
import type { IrServiceRetry } from '../ir';
import { parseDuration } from '../units/duration';
import { RETRY_ON_DEFAULT } from './defaults';

/** The retry policy (`config.core.v3.RetryPolicy`); a back-off without maxInterval leaves Envoy's default (10 × base). */
export function serviceRetry(r: ServiceRetrySpec): IrServiceRetry {
  const triggers = r.retryOn?.triggers;
  const backOff = r.perRetry?.backOff;
  return {
    retryOn: triggers?.length ? triggers.join(',') : RETRY_ON_DEFAULT,
    ...(r.numRetries !== undefined ? { numRetries: r.numRetries } : {}),
    ...(backOff?.baseInterval !== undefined
      ? {
          backOff: {
            baseMs: parseDuration(backOff.baseInterval),
            ...(backOff.maxInterval !== undefined ? { maxMs: parseDuration(backOff.maxInterval) } : {}),
          },
        }
      : {}),
  };
}
