// The stats one Envoy keeps, from its Gateway's EnvoyProxy `telemetry.metrics`: the stats matcher
// and OpenTelemetry sinks of the bootstrap, per-host virtual clusters, and per-cluster tracking.
// The admin address serves `/stats/prometheus` whatever they say (Envoy Gateway adds a stats
// listener in front of it; a static bootstrap has the admin address itself).
import type { ResolvedMetrics } from '../2-resolve/metrics';
import type { GatewayNode, RouteNode, RuleNode } from '../2-resolve/types';
import type { IrCluster, IrListener, IrStats, IrStatsPattern } from '../ir';
import { checkRegexAt } from '../regex/check';
import { spanAt } from '../source';
import { addCluster, type LowerContext } from './context';
import { sortedEntries, telemetryAuthority, telemetryCluster } from './access-log';

/** Envoy Gateway's stats matcher: exact, then prefix, suffix and regex patterns, each in the order written. */
function lowerInclusion(ctx: LowerContext, gateway: GatewayNode, m: ResolvedMetrics): IrStatsPattern[] {
  const proxy = gateway.envoyProxy!.proxy;
  const matches = (m.spec.matches ?? []).map((x, i) => ({ ...x, i }));
  const of = (type: string) => matches.filter((x) => x.type === type);
  return [
    ...of('Exact').map((x) => ({ exact: x.value })),
    ...of('Prefix').map((x) => ({ prefix: x.value })),
    ...of('Suffix').map((x) => ({ suffix: x.value })),
    ...of('RegularExpression')
      .filter((x) => checkRegexAt(ctx.diags, spanAt(proxy.src, ['spec', 'telemetry', 'metrics', 'matches', x.i, 'value']), x.value, 'EnvoyProxy metrics match'))
      .map((x) => ({ regex: x.value })),
  ];
}

/** The bootstrap's stats settings, and the sinks' clusters; undefined without `telemetry.metrics`. */
export function lowerStats(ctx: LowerContext, gateway: GatewayNode): IrStats | undefined {
  const m = gateway.envoyProxy?.metrics;
  if (!m) return undefined;
  const sinks = m.sinks.map((s, i) => {
    const name = `otel_metric_sink_${i}`;
    const servers = { servers: s.servers, ...(s.sink.host !== undefined ? { host: { address: s.sink.host, port: s.sink.port } } : {}) };
    addCluster(ctx, telemetryCluster(ctx, gateway, name, servers));
    return {
      cluster: name,
      authority: telemetryAuthority(servers),
      ...(s.sink.headers?.length ? { headers: s.sink.headers } : {}),
      reportCountersAsDeltas: s.sink.reportCountersAsDeltas ?? false,
      reportHistogramsAsDeltas: s.sink.reportHistogramsAsDeltas ?? false,
      ...(s.sink.resourceAttributes ? { resourceAttributes: sortedEntries(s.sink.resourceAttributes) } : {}),
    };
  });
  return { ...(m.spec.matches !== undefined ? { inclusion: lowerInclusion(ctx, gateway, m) } : {}), sinks };
}

/**
 * EnvoyProxy `telemetry.metrics.clusterStatName` for one HTTPRoute or GRPCRoute rule: its operators
 * filled in as Envoy Gateway's buildStatName does (an unnamed rule is `-`; the backendRefs are
 * every `<ns>/<name>` the rule writes, joined by `|`).
 */
export function clusterStatName(pattern: string, route: RouteNode, rule: RuleNode): string {
  const { namespace, name } = route.loaded.value.metadata;
  const refs = ((route.loaded.value.spec.rules?.[rule.index] as { backendRefs?: { name: string; namespace?: string }[] } | undefined)?.backendRefs ?? []).map(
    (r) => `${r.namespace ?? namespace}/${r.name}`,
  );
  return pattern
    .replaceAll('%ROUTE_NAME%', name)
    .replaceAll('%ROUTE_NAMESPACE%', namespace)
    .replaceAll('%ROUTE_KIND%', route.kind.toLowerCase())
    .replaceAll('%ROUTE_RULE_NAME%', rule.name ?? '-')
    .replaceAll('%ROUTE_RULE_NUMBER%', String(rule.index))
    .replaceAll('%BACKEND_REFS%', refs.join('|'));
}

/** Virtual clusters on every virtual host and tracking on every cluster, as the EnvoyProxy's switches ask. */
export function applyMetricSwitches(gateway: GatewayNode, listeners: IrListener[], clusters: IrCluster[]): void {
  const spec = gateway.envoyProxy?.metrics?.spec;
  if (!spec) return;
  if (spec.enableVirtualHostStats)
    for (const l of listeners)
      for (const chain of [...l.chains, ...(l.defaultChain ? [l.defaultChain] : [])])
        for (const vh of chain.http?.virtualHosts ?? []) {
          const host = vh.domains[0]!;
          vh.virtualCluster = { name: host.replaceAll('.', '_'), authorityPrefix: host };
        }
  if (spec.enablePerEndpointStats || spec.enableRequestResponseSizesStats)
    for (const c of clusters)
      c.trackStats = { perEndpoint: spec.enablePerEndpointStats ?? false, requestResponseSizes: spec.enableRequestResponseSizesStats ?? false };
}
