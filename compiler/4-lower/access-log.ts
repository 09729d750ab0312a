// The access logs of one Envoy, from its Gateway's EnvoyProxy, in Envoy Gateway's order (text
// files, JSON files, ALS, OpenTelemetry), and the clusters of the gRPC sinks.
import type { ResolvedAccessLog, ResolvedAccessLogSetting, ResolvedSink, TelemetryBackends } from '../2-resolve/access-log';
import type { GatewayNode, ResolvedBackend } from '../2-resolve/types';
import type { ResourceKey } from '../1-load/types';
import type { IrAccessLog, IrCluster } from '../ir';
import { extServiceCluster, isIp } from './ext-clusters';
import { addCluster, type LowerContext } from './context';
import { escapeLonePercents } from '../units/formatter';

/** A map's entries sorted by key (Envoy Gateway's MapToSlice). */
export const sortedEntries = (m: Record<string, string>): [string, string][] => Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** The server a gRPC sink names: its backendRefs, or the deprecated `host`/`port`. */
export interface SinkServers {
  servers: TelemetryBackends;
  host?: { address: string; port: number };
}

/** The deprecated `host`/`port` of a sink as its one backend, belonging to the EnvoyProxy. */
function hostBackend(host: { address: string; port: number }, proxy: ResourceKey): ResolvedBackend {
  const [kind, namespace, name] = proxy.split('/') as [string, string, string];
  return {
    index: -1,
    weight: 1,
    state: 'valid',
    endpoints: [{ type: isIp(host.address) ? 'ip' : 'fqdn', address: host.address, port: host.port }],
    protocol: 'default',
    filters: [],
    resource: { kind, namespace, name },
  };
}

/** A telemetry server's cluster (`accesslog_<als|otel>_<i>_<j>`, `tracing`, …): HTTP/2 (gRPC) unless said, each backendRef a weighted locality, its backendSettings applied. */
export function telemetryCluster(ctx: LowerContext, gateway: GatewayNode, name: string, s: SinkServers, protocol: 'http1' | 'http2' = 'http2'): IrCluster {
  const proxy = gateway.envoyProxy!.proxy.key;
  const backends = s.servers.backends.length ? s.servers.backends : [hostBackend(s.host!, proxy)];
  return extServiceCluster(ctx, gateway, { name, backends, settings: s.servers.settings, protocol }, proxy);
}

/** Envoy Gateway's gRPC authority for a telemetry server: its first endpoint's hostname, else `<name>.<ns>.svc` for a Service. */
export function telemetryAuthority(s: SinkServers): string {
  const first = s.servers.backends[0];
  if (!first) return s.host?.address ?? '';
  const ep = first.endpoints[0];
  if (ep && ep.type === 'fqdn') return ep.address;
  const r = first.resource;
  if (!r) return '';
  return r.kind === 'Service' ? `${r.name}.${r.namespace}.svc` : `${r.name}.${r.namespace}`;
}

type Grouped = { text: IrAccessLog[]; json: IrAccessLog[]; als: IrAccessLog[]; otel: IrAccessLog[] };

function lowerSink(ctx: LowerContext, gateway: GatewayNode, s: ResolvedAccessLogSetting, sink: ResolvedSink, out: Grouped): void {
  const proxy = gateway.envoyProxy!.proxy.key;
  const common = { celMatches: s.matches, ...(s.type ? { logType: s.type } : {}) };
  // A setting without format is JSON with Envoy Gateway's fields; a format without type feeds OpenTelemetry both ways.
  const type = s.format ? s.format.type : 'JSON';
  // A literal `%` is written `%%`: Envoy refuses a lone one (Envoy Gateway passes it on).
  const json = s.format?.json ? { json: sortedEntries(s.format.json).map(([k, v]): [string, string] => [k, escapeLonePercents(v)]) } : {};
  const text = s.format?.text !== undefined ? escapeLonePercents(s.format.text) : undefined;
  if (sink.type === 'File') {
    if (type === 'Text') out.text.push({ sink: { type: 'file', path: sink.path }, text: text!, ...common });
    else out.json.push({ sink: { type: 'file', path: sink.path }, ...json, ...common });
    return;
  }
  const kind = sink.type === 'ALS' ? 'als' : 'otel';
  const name = `accesslog_${kind}_${s.index}_${sink.index}`;
  const host = sink.type === 'OpenTelemetry' && sink.sink.host !== undefined ? { host: { address: sink.sink.host, port: sink.sink.port } } : {};
  const servers: SinkServers = { servers: sink.servers, ...host };
  addCluster(ctx, telemetryCluster(ctx, gateway, name, servers));
  if (sink.type === 'ALS') {
    const [, ns, proxyName] = proxy.split('/');
    const http = sink.sink.type === 'HTTP' ? sink.sink.http : undefined;
    out.als.push({
      sink: {
        type: 'als',
        cluster: name,
        logName: sink.sink.logName ?? `${ns}/${proxyName}`,
        protocol: sink.sink.type,
        ...(http?.requestHeaders ? { requestHeaders: http.requestHeaders } : {}),
        ...(http?.responseHeaders ? { responseHeaders: http.responseHeaders } : {}),
        ...(http?.responseTrailers ? { responseTrailers: http.responseTrailers } : {}),
      },
      ...common,
    });
    return;
  }
  const attrs = sink.sink.resourceAttributes ?? sink.sink.resources;
  out.otel.push({
    sink: {
      type: 'otel',
      cluster: name,
      authority: telemetryAuthority(servers),
      ...(sink.sink.headers?.length ? { headers: sink.sink.headers } : {}),
      ...(attrs ? { resourceAttributes: sortedEntries(attrs) } : {}),
    },
    ...(type !== 'JSON' && text ? { text } : {}),
    ...(type !== 'Text' ? json : {}),
    ...common,
  });
}

/** The IR access logs for one Envoy's EnvoyProxy access log; undefined for Envoy Gateway's default. */
export function lowerAccessLogs(ctx: LowerContext, gateway: GatewayNode): IrAccessLog[] | undefined {
  const log: ResolvedAccessLog | undefined = gateway.envoyProxy?.accessLog;
  if (log === undefined || log === 'default') return undefined;
  if (log === 'disabled') return [];
  const out: Grouped = { text: [], json: [], als: [], otel: [] };
  for (const s of log) for (const sink of s.sinks) lowerSink(ctx, gateway, s, sink, out);
  return [...out.text, ...out.json, ...out.als, ...out.otel];
}
