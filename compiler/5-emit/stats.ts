import type { IrMetricSink, IrStats, IrStatsPattern, IrVirtualCluster } from '../ir';
import { buildEnvoyGrpcService, buildStaticResourceDetector, typed } from './common';
import type { Message, TypedExtension } from './envoy';

function buildStatsPattern(p: IrStatsPattern): Message {
  return 'regex' in p ? { safe_regex: { regex: p.regex } } : p;
}

/** `envoy.config.metrics.v3.StatsConfig`: only the stats the inclusion list names are created. */
export function buildStatsConfig(s: IrStats): Message | undefined {
  return s.inclusion ? { stats_matcher: { inclusion_list: { patterns: s.inclusion.map(buildStatsPattern) } } } : undefined;
}

/** `envoy.stat_sinks.open_telemetry`, as Envoy Gateway's bootstrap writes it. */
export function buildMetricSink(s: IrMetricSink): TypedExtension {
  return {
    name: 'envoy.stat_sinks.open_telemetry',
    typed_config: typed('envoy.extensions.stat_sinks.open_telemetry.v3.SinkConfig', {
      grpc_service: buildEnvoyGrpcService(s),
      ...(s.reportCountersAsDeltas ? { report_counters_as_deltas: true } : {}),
      ...(s.reportHistogramsAsDeltas ? { report_histograms_as_deltas: true } : {}),
      ...(s.resourceAttributes ? { resource_detectors: [buildStaticResourceDetector(s.resourceAttributes)] } : {}),
    }),
  };
}

/** `envoy.config.route.v3.VirtualCluster`: a virtual host's requests counted apart, matched on `:authority`. */
export function buildVirtualCluster(v: IrVirtualCluster): Message {
  return { name: v.name, headers: [{ name: ':authority', string_match: { prefix: v.authorityPrefix } }] };
}
