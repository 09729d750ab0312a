// An EnvoyProxy's `telemetry.metrics`, resolved as Envoy Gateway's processMetrics does it: each
// OpenTelemetry sink's backendRefs (or deprecated host and port) must resolve, else the Gateway is
// not accepted; a sink whose first address another sink has already is left out.
import type { Loaded } from '../1-load/types';
import type { EnvoyProxy, MetricSinkOpenTelemetry, ProxyMetrics } from '../api/envoyproxy';
import { resolveTelemetryBackends, type TelemetryBackends, type TelemetryProblem } from './access-log';
import type { ServiceDns } from './ext-service';
import type { Lookup } from './lookup';

/** One OpenTelemetry stats sink: its index in `sinks`, its settings and its servers. */
export interface ResolvedMetricSink {
  index: number;
  sink: MetricSinkOpenTelemetry;
  servers: TelemetryBackends;
}

export interface ResolvedMetrics {
  spec: ProxyMetrics;
  sinks: ResolvedMetricSink[];
}

/** The first address a sink sends to, for Envoy Gateway's duplicate check. */
function firstAddress(s: ResolvedMetricSink): string | undefined {
  const ep = s.servers.backends[0]?.endpoints[0];
  if (ep) return ep.type === 'unix' ? ep.path : `${ep.address}:${ep.port}`;
  return s.sink.host !== undefined ? `${s.sink.host}:${s.sink.port}` : undefined;
}

/** The metrics an EnvoyProxy asks for (undefined: none), or Envoy Gateway's error for them. */
export function resolveMetrics(
  proxy: Loaded<EnvoyProxy>,
  ctx: { lookup: Lookup; dns: ServiceDns },
): { metrics?: ResolvedMetrics } | { problem: TelemetryProblem } {
  const spec = proxy.value.spec.telemetry?.metrics;
  if (!spec) return {};
  const sinks: ResolvedMetricSink[] = [];
  const seen = new Set<string>();
  for (const [i, s] of (spec.sinks ?? []).entries()) {
    if (!s.openTelemetry) continue;
    const servers = resolveTelemetryBackends(s.openTelemetry, proxy, ctx.lookup, ctx.dns);
    if ('error' in servers) return { problem: { message: servers.error, path: ['spec', 'telemetry', 'metrics', 'sinks', i] } };
    const sink = { index: i, sink: s.openTelemetry, servers };
    const address = firstAddress(sink);
    if (address === undefined || seen.has(address)) continue;
    seen.add(address);
    sinks.push(sink);
  }
  return { metrics: { spec, sinks } };
}
