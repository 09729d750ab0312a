import type { IrServiceRetry } from '../ir';
import { duration } from './common';
import type { Message } from './envoy';

/** `envoy.config.core.v3.RetryPolicy` of an external service's calls. */
export function buildServiceRetryPolicy(r: IrServiceRetry): Message {
  return {
    retry_on: r.retryOn,
    ...(r.numRetries !== undefined ? { num_retries: r.numRetries } : {}),
    ...(r.backOff
      ? { retry_back_off: { base_interval: duration(r.backOff.baseMs), ...(r.backOff.maxMs !== undefined ? { max_interval: duration(r.backOff.maxMs) } : {}) } }
      : {}),
  };
}
