import type { IrCircuitBreakers } from '../ir';
import type { Message } from './envoy';
import { sharedBuilder } from './shared';

/** `envoy.config.cluster.v3.CircuitBreakers`: one DEFAULT-priority threshold (priority 0, so not written). */
export const buildCircuitBreakers = sharedBuilder((cb: IrCircuitBreakers): Message => {
  const threshold: Message = {
    ...(cb.maxConnections !== undefined ? { max_connections: cb.maxConnections } : {}),
    ...(cb.maxPendingRequests !== undefined ? { max_pending_requests: cb.maxPendingRequests } : {}),
    ...(cb.maxRequests !== undefined ? { max_requests: cb.maxRequests } : {}),
    max_retries: cb.maxRetries,
    ...(cb.retryBudget
      ? {
          retry_budget: {
            budget_percent: { value: cb.retryBudget.budgetPercent },
            ...(cb.retryBudget.minRetryConcurrency !== undefined ? { min_retry_concurrency: cb.retryBudget.minRetryConcurrency } : {}),
          },
        }
      : {}),
  };
  return {
    thresholds: [threshold],
    ...(cb.perHostMaxConnections !== undefined ? { per_host_thresholds: [{ max_connections: cb.perHostMaxConnections }] } : {}),
  };
});
