import type { IrHealthCheck, IrHealthCheckPayload } from '../ir';
import { duration, typed } from './common';
import type { Message } from './envoy';
import { sharedBuilder } from './shared';

function buildPayload(p: IrHealthCheckPayload): Message {
  return 'text' in p ? { text: p.text } : { binary: p.binary };
}

function buildChecker(c: IrHealthCheck['checker']): Message {
  if (c.type === 'tcp') {
    return { tcp_health_check: { ...(c.send ? { send: buildPayload(c.send) } : {}), ...(c.receive ? { receive: [buildPayload(c.receive)] } : {}) } };
  }
  if (c.type === 'grpc') return { grpc_health_check: c.serviceName !== undefined ? { service_name: c.serviceName } : {} };
  return {
    http_health_check: {
      ...(c.host ? { host: c.host } : {}),
      path: c.path,
      ...(c.method ? { method: c.method } : {}),
      ...(c.expectedStatuses.length ? { expected_statuses: c.expectedStatuses.map((r) => ({ ...r })) } : {}),
      ...(c.retriableStatuses.length ? { retriable_statuses: c.retriableStatuses.map((r) => ({ ...r })) } : {}),
      ...(c.send ? { send: buildPayload(c.send) } : {}),
      ...(c.receive ? { receive: [buildPayload(c.receive)] } : {}),
    },
  };
}

/** `envoy.config.core.v3.HealthCheck`. */
export const buildHealthCheck = sharedBuilder((hc: IrHealthCheck): Message => {
  return {
    timeout: duration(hc.timeoutMs),
    interval: duration(hc.intervalMs),
    ...(hc.initialJitterMs !== undefined ? { initial_jitter: duration(hc.initialJitterMs) } : {}),
    unhealthy_threshold: hc.unhealthyThreshold,
    healthy_threshold: hc.healthyThreshold,
    ...buildChecker(hc.checker),
    ...(hc.alwaysLogFailures ? { always_log_health_check_failures: true } : {}),
    ...(hc.alwaysLogSuccess ? { always_log_health_check_success: true } : {}),
    ...(hc.eventLogPath !== undefined
      ? {
          event_logger: [
            {
              name: 'envoy.health_check.event_sinks.file',
              typed_config: typed('envoy.extensions.health_check.event_sinks.file.v3.HealthCheckEventFileSink', { event_log_path: hc.eventLogPath }),
            },
          ],
        }
      : {}),
  };
});
