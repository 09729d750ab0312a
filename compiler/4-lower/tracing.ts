// Tracing on one Envoy's HTTP connection managers, from its Gateway's EnvoyProxy `telemetry.tracing`,
// as Envoy Gateway's processTracing and buildHCMTracing write it, and the collector's cluster.
import type { GatewayNode } from '../2-resolve/types';
import type { Fraction } from '../api/backendtrafficpolicy';
import type { IrFractionalPercent, IrListener, IrOtelSampler, IrTracer, IrTracing } from '../ir';
import type { ProxyTracing } from '../api/envoyproxy';
import { sortedEntries, telemetryAuthority, telemetryCluster, type SinkServers } from './access-log';
import { policyLabel } from '../3-merge/kind';
import * as d from '../diagnostics/codes';
import { spanAt } from '../source';
import { addCluster, type LowerContext } from './context';
import { fractionToPercent } from './percent';
import { lowerCustomTags } from './route-settings/telemetry';

/** Envoy Gateway's name for the collector's cluster. */
const TRACING_CLUSTER = 'tracing';

/** A fraction as a percentage, clamped to 0–100 (Envoy Gateway's proxySamplingRate). */
function percent(f: Fraction): number {
  return Math.min(100, Math.max(0, (f.numerator * 100) / (f.denominator ?? 100)));
}

/** Envoy Gateway's sampler for a ratio: the fraction, or 100% when none is given. */
const ratio = (f: Fraction | undefined): IrOtelSampler => ({
  type: 'ratio',
  percentage: f ? fractionToPercent(f) : ({ numerator: 100, denominator: 'HUNDRED' } satisfies IrFractionalPercent),
});

function lowerSampler(s: NonNullable<NonNullable<ProxyTracing['provider']['openTelemetry']>['sampler']>): IrOtelSampler {
  const zero = ratio({ numerator: 0, denominator: 100 });
  switch (s.type) {
    case 'AlwaysOn':
      return { type: 'alwaysOn' };
    case 'AlwaysOff':
      return zero;
    case 'TraceIdRatio':
      return ratio(s.samplingPercentage);
    case 'ParentBasedAlwaysOn':
      return { type: 'parentBased', wrapped: { type: 'alwaysOn' } };
    case 'ParentBasedAlwaysOff':
      return { type: 'parentBased', wrapped: zero };
    case 'ParentBasedTraceIdRatio':
      return { type: 'parentBased', wrapped: ratio(s.samplingPercentage) };
  }
}

function lowerTracer(spec: ProxyTracing, servers: SinkServers): IrTracer {
  const p = spec.provider;
  if (p.type === 'Zipkin')
    return { type: 'zipkin', traceId128Bit: p.zipkin?.enable128BitTraceId ?? false, sharedSpanContext: !(p.zipkin?.disableSharedSpanContext ?? false) };
  if (p.type === 'Datadog') return { type: 'datadog' };
  const otel = p.openTelemetry;
  return {
    type: 'opentelemetry',
    authority: telemetryAuthority(servers),
    ...(otel?.headers?.length ? { headers: otel.headers } : {}),
    ...(otel?.resourceAttributes ? { resourceAttributes: sortedEntries(otel.resourceAttributes) } : {}),
    ...(otel?.sampler ? { sampler: lowerSampler(otel.sampler) } : {}),
  };
}

/** The tracing of one Envoy (undefined: none), and its collector's cluster. */
export function lowerTracing(ctx: LowerContext, gateways: GatewayNode[]): IrTracing | undefined {
  const gateway = gateways[0]!;
  const t = gateway.envoyProxy?.tracing;
  if (!t) return undefined;
  const spec = t.spec;
  const p = spec.provider;
  const servers: SinkServers = { servers: t.servers, ...(p.host !== undefined ? { host: { address: p.host, port: p.port } } : {}) };
  // OpenTelemetry exports over gRPC; Zipkin and Datadog post over HTTP/1.1.
  addCluster(ctx, telemetryCluster(ctx, gateway, TRACING_CLUSTER, servers, p.type === 'OpenTelemetry' ? 'http2' : 'http1'));
  const { namespace, name } = gateway.loaded.value.metadata;
  const serviceName = p.serviceName ?? (gateways.length > 1 ? gateway.loaded.value.spec.gatewayClassName : `${name}.${namespace}`);
  const sampling = spec.samplingRate ?? (spec.samplingFraction ? percent(spec.samplingFraction) : 100);
  return {
    tracer: lowerTracer(spec, servers),
    cluster: TRACING_CLUSTER,
    serviceName,
    // An OpenTelemetry sampler decides; Envoy's own sampling then lets every request through.
    randomSampling: p.type === 'OpenTelemetry' && p.openTelemetry?.sampler ? 100 : sampling,
    clientSampling: spec.clientSamplingFraction ? percent(spec.clientSamplingFraction) : 0,
    overallSampling: spec.overallSamplingFraction ? percent(spec.overallSamplingFraction) : 100,
    customTags: lowerCustomTags(spec),
    ...(spec.spanName ? { operation: spec.spanName.client, upstreamOperation: spec.spanName.server } : {}),
  };
}

/**
 * Route tracing (a BackendTrafficPolicy's `telemetry.tracing`) needs a tracer on the connection
 * manager, which only the Gateway's EnvoyProxy gives: without one, each such policy gets a warning.
 */
export function warnUntracedRoutes(ctx: LowerContext, listeners: IrListener[]): void {
  const keys = new Set<string>();
  for (const l of listeners)
    for (const chain of [...l.chains, ...(l.defaultChain ? [l.defaultChain] : [])])
      for (const vh of chain.http?.virtualHosts ?? [])
        for (const r of vh.routes) if (r.tracing) for (const p of r.policies ?? []) keys.add(`${p.kind}/${p.namespace}/${p.name}`);
  for (const p of ctx.graph.resources.policies)
    if (keys.has(p.key) && p.value.spec.telemetry?.tracing)
      ctx.diags.add(
        d.policyFieldIneffective(
          spanAt(p.src, ['spec', 'telemetry', 'tracing']),
          policyLabel(p),
          'telemetry.tracing',
          "route tracing needs a tracer on the listener, which the Gateway's EnvoyProxy (telemetry.tracing) gives, and this Envoy has none",
        ),
      );
}
