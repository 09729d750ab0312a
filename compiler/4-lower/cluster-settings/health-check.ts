import type { ActiveHealthCheck, HealthCheckPayload, PassiveHealthCheck } from '../../api/backendtrafficpolicy';
import type { GatewayNode } from '../../2-resolve/types';
import type { IrCluster, IrHealthCheck, IrHealthCheckPayload, IrOutlierDetection, IrStatusRange } from '../../ir';
import { parseDuration } from '../../units/duration';
import { HEALTH_CHECK_EXPECTED_STATUSES, HEALTH_CHECK_LOG_PATH } from '../defaults';

/** Status codes de-duplicated, sorted and merged into half-open ranges ([200, 201, 202] → 200..203). */
export function statusRanges(codes: readonly number[]): IrStatusRange[] {
  const out: IrStatusRange[] = [];
  for (const c of [...new Set(codes)].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last.end === c) last.end = c + 1;
    else out.push({ start: c, end: c + 1 });
  }
  return out;
}

/** Text payloads are hex-encoded (Envoy Gateway); binary stays base64 (proto3 JSON bytes). */
export function payload(p: HealthCheckPayload | undefined): IrHealthCheckPayload | undefined {
  if (p?.type === 'Text' && p.text) return { text: Buffer.from(p.text, 'utf8').toString('hex') };
  if (p?.type === 'Binary' && p.binary) return { binary: p.binary };
  return undefined;
}

function opt<K extends string, V>(key: K, v: V | undefined): { [k in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [k in K]?: V };
}

function checker(a: ActiveHealthCheck, fallbackHost: string): IrHealthCheck['checker'] {
  if (a.type === 'TCP') return { type: 'tcp', ...opt('send', payload(a.tcp?.send)), ...opt('receive', payload(a.tcp?.receive)) };
  if (a.type === 'GRPC') return { type: 'grpc', ...opt('serviceName', a.grpc?.service || undefined) };
  const h = a.http!;
  return {
    type: 'http',
    host: h.hostname ?? fallbackHost,
    path: h.path,
    ...opt('method', h.method?.toUpperCase()),
    expectedStatuses: statusRanges(h.expectedStatuses?.length ? h.expectedStatuses : HEALTH_CHECK_EXPECTED_STATUSES),
    retriableStatuses: statusRanges(h.retriableStatuses ?? []),
    ...opt('send', payload(h.requestBody)),
    ...opt('receive', payload(h.expectedResponse)),
  };
}

/**
 * `healthCheck.active` → `Cluster.health_checks[0]` (btp-fields.md §4.5). The HTTP `host` falls
 * back to `fallbackHost`: the route's hostname (`*` when it has none), empty for TCP/TLS routes.
 */
export function lowerActiveHealthCheck(a: ActiveHealthCheck, fallbackHost: string): IrHealthCheck {
  return {
    timeoutMs: parseDuration(a.timeout),
    intervalMs: parseDuration(a.interval),
    ...opt('initialJitterMs', a.initialJitter !== undefined ? parseDuration(a.initialJitter) : undefined),
    unhealthyThreshold: a.unhealthyThreshold,
    healthyThreshold: a.healthyThreshold,
    checker: checker(a, fallbackHost),
    ...lowerHealthCheckLog(a.healthCheckLog),
  };
}

type HealthCheckLog = NonNullable<ActiveHealthCheck['healthCheckLog']>;

/** A health check event log (a BackendTrafficPolicy's, or the EnvoyProxy's for every cluster): which probes it logs, and where. */
function lowerHealthCheckLog(log: HealthCheckLog | undefined): Pick<IrHealthCheck, 'alwaysLogFailures' | 'alwaysLogSuccess' | 'eventLogPath'> {
  const matches = log?.matches ?? [];
  return {
    // An empty match list logs everything; FailureSeriesStart and HealthyTransition set neither flag.
    alwaysLogFailures: !!log && (matches.length === 0 || matches.includes('Failure')),
    alwaysLogSuccess: !!log && (matches.length === 0 || matches.includes('Success')),
    ...opt('eventLogPath', log ? (log.sinks?.[0]?.file?.path ?? HEALTH_CHECK_LOG_PATH) : undefined),
  };
}

/**
 * EnvoyProxy `telemetry.healthCheckLog` on every cluster with an active health check whose
 * policy sets no log of its own (Envoy Gateway: the backend's log wins over the Gateway's).
 */
export function applyProxyHealthCheckLog(gateway: GatewayNode, clusters: IrCluster[]): void {
  const log = gateway.envoyProxy?.proxy.value.spec.telemetry?.healthCheckLog;
  if (!log) return;
  for (const c of clusters) {
    const hc = c.settings.healthCheck;
    if (hc && hc.eventLogPath === undefined) Object.assign(hc, lowerHealthCheckLog(log));
  }
}

/** `healthCheck.passive` → `Cluster.outlier_detection` (btp-fields.md §4.6). */
export function lowerOutlierDetection(p: PassiveHealthCheck): IrOutlierDetection {
  return {
    splitExternalLocalOriginErrors: p.splitExternalLocalOriginErrors,
    intervalMs: parseDuration(p.interval),
    consecutiveLocalOriginFailure: p.consecutiveLocalOriginFailures,
    ...opt('consecutiveGatewayFailure', p.consecutiveGatewayErrors),
    consecutive5xx: p.consecutive5XxErrors,
    baseEjectionTimeMs: parseDuration(p.baseEjectionTime),
    // 0 is not "never eject": Envoy Gateway leaves the field out, so Envoy's 10% applies.
    ...opt('maxEjectionPercent', p.maxEjectionPercent > 0 ? p.maxEjectionPercent : undefined),
    ...opt('failurePercentageThreshold', p.failurePercentageThreshold),
    alwaysEjectOneHost: p.alwaysEjectOneEndpoint,
  };
}
