/** A stats name pattern (`envoy.type.matcher.v3.StringMatcher`): EnvoyProxy `telemetry.metrics.matches`. */
export type IrStatsPattern = { exact: string } | { prefix: string } | { suffix: string } | { regex: string };

/** `envoy.stat_sinks.open_telemetry`: stats pushed to an OTLP collector over gRPC. */
export interface IrMetricSink {
  /** Its HTTP/2 cluster, `otel_metric_sink_<i>`. */
  cluster: string;
  /** gRPC `:authority`: the first endpoint's hostname, or `<service>.<ns>.svc`. */
  authority: string;
  headers?: { name: string; value: string }[];
  reportCountersAsDeltas: boolean;
  reportHistogramsAsDeltas: boolean;
  /** Static resource attributes (`resource_detectors`), sorted by key. */
  resourceAttributes?: [string, string][];
}

/** Bootstrap-wide stats settings from the Gateway's EnvoyProxy (`telemetry.metrics`). */
export interface IrStats {
  /** `stats_config.stats_matcher.inclusion_list`: only these stats exist. Absent: all. */
  inclusion?: IrStatsPattern[];
  sinks: IrMetricSink[];
}

/** `track_cluster_stats` on a cluster (EnvoyProxy `enablePerEndpointStats`, `enableRequestResponseSizesStats`). */
export interface IrTrackClusterStats {
  perEndpoint: boolean;
  requestResponseSizes: boolean;
}

/** A virtual host's one virtual cluster, counting its requests (`enableVirtualHostStats`): matched on `:authority` by prefix. */
export interface IrVirtualCluster {
  /** The hostname with `.` as `_`. */
  name: string;
  authorityPrefix: string;
}
