import type { AppliedBtp } from '../3-merge/kinds/backendtrafficpolicy';
import type { IrClusterSettings, IrUpstreamProtocol } from '../ir';
import { parseDuration } from '../units/duration';
import { bufferLimitBytes, lowerCircuitBreakers, lowerDns, lowerPreconnect, lowerTcpKeepalive } from './cluster-settings/connection';
import { lowerActiveHealthCheck, lowerOutlierDetection } from './cluster-settings/health-check';
import { lowerUpstreamHttpOptions } from './cluster-settings/http-options';
import { lowerLoadBalancer } from './cluster-settings/load-balancer';
import { CONNECT_TIMEOUT_MS, PANIC_THRESHOLD_PERCENT } from './defaults';

/** What a cluster's settings depend on besides the policy. */
export interface ClusterSettingsInput {
  discovery: 'static' | 'dns' | 'dynamicForwardProxy';
  /** How the upstream is spoken to; `tcp` (TCP/TLS routes) gets no HTTP/2, useClientProtocol or admission control. */
  protocol: IrUpstreamProtocol;
  /** Backend `appProtocols` ws/wss force HTTP/1.1. */
  forceHttp1: boolean;
  /** Active HTTP health check `host` when the policy names none: the route's first hostname (`*`), `''` for TCP/TLS. */
  hostname: string;
  /** Every backendRef speaks TLS (HTTP only): ALPN picks the HTTP version unless something else does. */
  allTls?: boolean;
  /** SNI from the request's host (`upstream_http_protocol_options.auto_sni`). */
  autoSni?: boolean;
}

/**
 * Cluster-wide settings (btp-fields.md §1, §2, §4.1, §4.3–§4.8, §4.12): Envoy Gateway's defaults,
 * overridden by the policy in force, if any. Each field group lowers on its own; a value that
 * failed translation (the policy is then invalid and HTTP routes answer 500) leaves the default,
 * which is what TCP and TLS routes get from Envoy Gateway.
 */
export function lowerClusterSettings(applied: AppliedBtp | undefined, input: ClusterSettingsInput): IrClusterSettings {
  const spec = applied?.spec;
  const hc = spec?.healthCheck;
  const out: IrClusterSettings = {
    connectTimeoutMs: spec?.timeout?.tcp?.connectTimeout !== undefined ? parseDuration(spec.timeout.tcp.connectTimeout) : CONNECT_TIMEOUT_MS,
    perConnectionBufferLimitBytes: bufferLimitBytes(spec),
    loadBalancer: lowerLoadBalancer(spec?.loadBalancer),
    circuitBreakers: lowerCircuitBreakers(spec?.circuitBreaker),
  };
  // DNS settings only mean something to a cluster Envoy resolves.
  if (input.discovery !== 'static') out.dns = lowerDns(spec?.dns);
  const http = lowerUpstreamHttpOptions(spec, input);
  // Envoy requires a dynamic forward proxy cluster's protocol options, when it has any, to take SNI and the SAN checked from the host.
  if (http) out.http = input.discovery === 'dynamicForwardProxy' ? { ...http, autoSni: true, autoSanValidation: true } : http;
  if (hc?.active) {
    const policy = applied?.owners.healthCheck;
    out.healthCheck = { ...lowerActiveHealthCheck(hc.active, input.hostname), ...(policy ? { policy } : {}) };
  }
  if (hc?.passive) out.outlierDetection = lowerOutlierDetection(hc.passive);
  // Envoy Gateway leaves Envoy's 50% implicit.
  if (hc?.panicThreshold !== undefined && hc.panicThreshold !== PANIC_THRESHOLD_PERCENT) out.healthyPanicThresholdPercent = hc.panicThreshold;
  const preconnect = lowerPreconnect(spec);
  if (preconnect) out.preconnect = preconnect;
  if (spec?.tcpKeepalive) out.tcpKeepalive = lowerTcpKeepalive(spec.tcpKeepalive);
  if (spec?.proxyProtocol) out.proxyProtocol = spec.proxyProtocol.version;
  return out;
}
