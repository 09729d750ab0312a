// An EnvoyProxy's `telemetry.tracing`, resolved as Envoy Gateway's processTracing does it: the
// provider's backendRefs (or deprecated host and port) must resolve, else the Gateway is not accepted.
import type { Loaded } from '../1-load/types';
import type { EnvoyProxy, ProxyTracing } from '../api/envoyproxy';
import { resolveTelemetryBackends, type TelemetryBackends, type TelemetryProblem } from './access-log';
import type { ServiceDns } from './ext-service';
import type { Lookup } from './lookup';

export interface ResolvedTracing {
  spec: ProxyTracing;
  servers: TelemetryBackends;
}

/** The tracing an EnvoyProxy asks for (undefined: none), or Envoy Gateway's error for it. */
export function resolveTracing(
  proxy: Loaded<EnvoyProxy>,
  ctx: { lookup: Lookup; dns: ServiceDns },
): { tracing?: ResolvedTracing } | { problem: TelemetryProblem } {
  const spec = proxy.value.spec.telemetry?.tracing;
  if (!spec) return {};
  const servers = resolveTelemetryBackends(spec.provider, proxy, ctx.lookup, ctx.dns);
  const path = ['spec', 'telemetry', 'tracing', 'provider'];
  if ('error' in servers) return { problem: { message: servers.error, path } };
  // Envoy Gateway falls back on the deprecated host and port; with neither, Envoy would refuse the cluster.
  if (!servers.backends.length && spec.provider.host === undefined) return { problem: { message: 'no backendRefs found for the tracing provider', path } };
  return { tracing: { spec, servers } };
}
