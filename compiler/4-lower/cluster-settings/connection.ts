import type { BackendTrafficPolicySpec, CircuitBreaker, DnsSettings, TcpKeepalive } from '../../api/backendtrafficpolicy';
import type { IrCircuitBreakers, IrClusterSettings, IrDnsSettings } from '../../ir';
import { parseDuration } from '../../units/duration';
import { parseQuantity, UINT32_MAX } from '../../units/quantity';
import {
  CLUSTER_BUFFER_LIMIT_BYTES,
  DNS_LOOKUP_FAMILY,
  DNS_REFRESH_RATE_MS,
  DNS_RESPECT_TTL,
  MAX_RETRIES_THRESHOLD,
  RETRY_BUDGET_MIN_CONCURRENCY,
} from '../defaults';

/** `dns.lookupFamily` → `DnsLookupFamily` (Envoy Gateway: IPv6Preferred is AUTO). */
const LOOKUP_FAMILY: Record<NonNullable<DnsSettings['lookupFamily']>, IrDnsSettings['lookupFamily']> = {
  IPv4: 'V4_ONLY',
  IPv6: 'V6_ONLY',
  IPv4Preferred: 'V4_PREFERRED',
  IPv6Preferred: 'AUTO',
  IPv4AndIPv6: 'ALL',
};

/** Envoy Gateway's circuit breakers without a policy: only max_retries is raised. Frozen: IR constants are found by identity (5-emit/shared.ts). */
const DEFAULT_CIRCUIT_BREAKERS: IrCircuitBreakers = Object.freeze({ maxRetries: MAX_RETRIES_THRESHOLD });

/** `circuitBreaker` → `circuit_breakers` (btp-fields.md §4.4); absent → only Envoy Gateway's max_retries. */
export function lowerCircuitBreakers(cb: CircuitBreaker | undefined): IrCircuitBreakers {
  if (!cb) return DEFAULT_CIRCUIT_BREAKERS;
  const out: IrCircuitBreakers = {
    maxConnections: cb.maxConnections,
    maxPendingRequests: cb.maxPendingRequests,
    maxRequests: cb.maxParallelRequests,
    maxRetries: cb.maxParallelRetries,
  };
  if (cb.perEndpoint) out.perHostMaxConnections = cb.perEndpoint.maxConnections;
  if (cb.retryBudget) {
    const { numerator, denominator } = cb.retryBudget.percent;
    const min = cb.retryBudget.minRetryConcurrency;
    out.retryBudget = {
      budgetPercent: (numerator / denominator) * 100,
      ...(min !== undefined && min !== RETRY_BUDGET_MIN_CONCURRENCY ? { minRetryConcurrency: min } : {}),
    };
  }
  return out;
}

/** Envoy Gateway's DNS settings without a policy; frozen, as DEFAULT_CIRCUIT_BREAKERS. */
const DEFAULT_DNS: IrDnsSettings = Object.freeze({ refreshRateMs: DNS_REFRESH_RATE_MS, respectDnsTtl: DNS_RESPECT_TTL, lookupFamily: DNS_LOOKUP_FAMILY });

/** `dns` over Envoy Gateway's DNS defaults (btp-fields.md §4.8); only FQDN clusters resolve. */
export function lowerDns(dns: DnsSettings | undefined): IrDnsSettings {
  if (!dns) return DEFAULT_DNS;
  return {
    refreshRateMs: dns.dnsRefreshRate !== undefined ? parseDuration(dns.dnsRefreshRate) : DEFAULT_DNS.refreshRateMs,
    respectDnsTtl: dns.respectDnsTtl ?? DEFAULT_DNS.respectDnsTtl,
    lookupFamily: dns.lookupFamily ? LOOKUP_FAMILY[dns.lookupFamily] : DEFAULT_DNS.lookupFamily,
  };
}

/** `connection.bufferLimit` in bytes; a value outside uint32 failed translation, so the default stays. */
export function bufferLimitBytes(spec: BackendTrafficPolicySpec | undefined): number {
  const q = spec?.connection?.bufferLimit;
  const bytes = q === undefined ? undefined : parseQuantity(q);
  return bytes !== undefined && bytes <= UINT32_MAX ? bytes : CLUSTER_BUFFER_LIMIT_BYTES;
}

/** `connection.preconnect` → `preconnect_policy` ratios (percent / 100). */
export function lowerPreconnect(spec: BackendTrafficPolicySpec | undefined): IrClusterSettings['preconnect'] {
  const p = spec?.connection?.preconnect;
  if (!p || (p.perEndpointPercent === undefined && p.predictivePercent === undefined)) return undefined;
  return {
    ...(p.perEndpointPercent !== undefined ? { perUpstreamRatio: p.perEndpointPercent / 100 } : {}),
    ...(p.predictivePercent !== undefined ? { predictiveRatio: p.predictivePercent / 100 } : {}),
  };
}

/** `tcpKeepalive` → `tcp_keepalive`; durations truncated to whole seconds (Envoy Gateway). */
export function lowerTcpKeepalive(k: TcpKeepalive): NonNullable<IrClusterSettings['tcpKeepalive']> {
  const seconds = (d: string) => Math.floor(parseDuration(d) / 1000);
  return {
    ...(k.probes !== undefined ? { probes: k.probes } : {}),
    ...(k.idleTime !== undefined ? { timeSeconds: seconds(k.idleTime) } : {}),
    ...(k.interval !== undefined ? { intervalSeconds: seconds(k.interval) } : {}),
  };
}
