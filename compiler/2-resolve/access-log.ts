// An EnvoyProxy's `telemetry.accessLog`, checked and resolved as Envoy Gateway's processAccessLog
// does it: CEL matches must parse, and the gRPC sinks' (ALS, OpenTelemetry) backendRefs must resolve;
// otherwise the Gateway is not accepted.
import type { Loaded } from '../1-load/types';
import type { AccessLogFormat, AccessLogSetting, EnvoyProxy, TelemetryBackendCluster } from '../api/envoyproxy';
import type { NodePath } from '../source';
import { resolveExtServiceRef, type ServiceDns } from './ext-service';
import type { Lookup } from './lookup';
import type { ResolvedBackend } from './types';

/** A gRPC sink's servers, resolved, with the backendSettings its cluster takes. */
export interface TelemetryBackends {
  backends: ResolvedBackend[];
  settings?: TelemetryBackendCluster['backendSettings'];
}

export type ResolvedSink =
  | { type: 'File'; path: string }
  | { type: 'ALS'; index: number; sink: NonNullable<AccessLogSetting['sinks'][number]['als']>; servers: TelemetryBackends }
  | { type: 'OpenTelemetry'; index: number; sink: NonNullable<AccessLogSetting['sinks'][number]['openTelemetry']>; servers: TelemetryBackends };

/** One `settings` entry: its format (JSON when unset), matches, type and sinks. */
export interface ResolvedAccessLogSetting {
  index: number;
  type?: 'Listener' | 'Route' | 'Upstream';
  /** Unset when the setting has no format (JSON with Envoy Gateway's fields; OpenTelemetry takes both text and JSON from a format without type). */
  format?: AccessLogFormat;
  matches: string[];
  sinks: ResolvedSink[];
}

/** `default`: Envoy Gateway's JSON log to /dev/stdout; `disabled`; or the settings. */
export type ResolvedAccessLog = 'default' | 'disabled' | ResolvedAccessLogSetting[];

/** Where Envoy Gateway writes a setting without sinks. */
const STDOUT = '/dev/stdout';

/** A problem Envoy Gateway reports on the Gateway, with the field it is about. */
export interface TelemetryProblem {
  message: string;
  path: NodePath;
}

/** A sink's backendRefs (or its deprecated single backendRef), resolved as Envoy Gateway resolves telemetry backends. */
export function resolveTelemetryBackends(
  cluster: TelemetryBackendCluster,
  proxy: Loaded<EnvoyProxy>,
  lookup: Lookup,
  dns: ServiceDns,
): TelemetryBackends | { error: string } {
  const refs = cluster.backendRefs?.length ? cluster.backendRefs : cluster.backendRef ? [cluster.backendRef] : [];
  const backends: ResolvedBackend[] = [];
  for (const [i, ref] of refs.entries()) {
    const r = resolveExtServiceRef(ref, i, 'EnvoyProxy', proxy.value.metadata.namespace, lookup, dns);
    if ('error' in r) return r;
    backends.push(r.backend);
  }
  return { backends, ...(cluster.backendSettings ? { settings: cluster.backendSettings } : {}) };
}

function resolveSink(
  sink: AccessLogSetting['sinks'][number],
  j: number,
  proxy: Loaded<EnvoyProxy>,
  ctx: { lookup: Lookup; dns: ServiceDns },
): ResolvedSink | { error: string } | undefined {
  if (sink.type === 'File') return sink.file ? { type: 'File', path: sink.file.path ?? '' } : undefined;
  const grpc = sink.type === 'ALS' ? sink.als : sink.openTelemetry;
  if (!grpc) return undefined;
  const servers = resolveTelemetryBackends(grpc, proxy, ctx.lookup, ctx.dns);
  if ('error' in servers) return servers;
  // Envoy Gateway falls back on the deprecated host and port; with neither, Envoy would refuse the cluster.
  if (!servers.backends.length && (sink.type === 'ALS' || !sink.openTelemetry?.host)) return { error: 'no backendRefs found for the sink' };
  if (sink.type === 'ALS') return { type: 'ALS', index: j, sink: sink.als!, servers };
  return { type: 'OpenTelemetry', index: j, sink: sink.openTelemetry!, servers };
}

/** The access log an EnvoyProxy asks for, or Envoy Gateway's error for it. */
export function resolveAccessLog(
  proxy: Loaded<EnvoyProxy>,
  ctx: { lookup: Lookup; dns: ServiceDns },
): { log: ResolvedAccessLog } | { problem: TelemetryProblem } {
  const log = proxy.value.spec.telemetry?.accessLog;
  if (!log || (!log.disable && !log.settings?.length)) return { log: 'default' };
  if (log.disable) return { log: 'disabled' };
  const out: ResolvedAccessLogSetting[] = [];
  for (const [i, s] of log.settings!.entries()) {
    const at = ['spec', 'telemetry', 'accessLog', 'settings', i];
    for (const [m, expr] of (s.matches ?? []).entries()) {
      // The CEL parser is required here, on first use: most inputs have no CEL matches and skip its load.
      const { parse } = require('@bufbuild/cel') as typeof import('@bufbuild/cel');
      try {
        parse(expr);
      } catch {
        return { problem: { message: `invalid CEL expression: ${expr}`, path: [...at, 'matches', m] } };
      }
    }
    const sinks: ResolvedSink[] = s.sinks.length ? [] : [{ type: 'File', path: STDOUT }];
    for (const [j, sink] of s.sinks.entries()) {
      const r = resolveSink(sink, j, proxy, ctx);
      if (r && 'error' in r) return { problem: { message: r.error, path: [...at, 'sinks', j] } };
      if (r) sinks.push(r);
    }
    out.push({ index: i, ...(s.type ? { type: s.type } : {}), ...(s.format ? { format: s.format } : {}), matches: s.matches ?? [], sinks });
  }
  return { log: out };
}
