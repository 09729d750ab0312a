import type { IrCluster, IrLocality } from '../ir';
import { buildAddress, buildResourceMetadata, duration, typed } from './common';
import type { Cluster, Message } from './envoy';

/** Envoy Gateway's upstream HTTP/2 flow-control windows. */
const UPSTREAM_HTTP2 = { initial_stream_window_size: 65_536, initial_connection_window_size: 1_048_576 };

/** `envoy.config.endpoint.v3.LocalityLbEndpoints`: one backendRef, weighted. */
export function buildLocality(l: IrLocality): Message {
  return {
    locality: { region: l.region },
    load_balancing_weight: l.weight,
    lb_endpoints: l.endpoints.map((a) => ({ endpoint: { address: buildAddress(a) }, load_balancing_weight: 1 })),
    metadata: buildResourceMetadata([l.resource]),
  };
}

/** `envoy.config.endpoint.v3.ClusterLoadAssignment`, inline (Envoy Gateway sends it over EDS). */
export function buildLoadAssignment(c: IrCluster): Message {
  return { cluster_name: c.name, ...(c.localities.length ? { endpoints: c.localities.map(buildLocality) } : {}) };
}

/** `load_balancing_policy`: least request, weighting localities by backendRef weight (Envoy Gateway's default). */
export function buildLoadBalancingPolicy(): Message {
  return {
    policies: [
      {
        typed_extension_config: {
          name: 'envoy.load_balancing_policies.least_request',
          typed_config: typed('envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest', { locality_lb_config: { locality_weighted_lb_config: {} } }),
        },
      },
    ],
  };
}

/** `typed_extension_protocol_options` for the upstream HTTP version, when not plain HTTP/1.1. */
export function buildHttpProtocolOptions(c: IrCluster): Message | undefined {
  let explicit: Message | undefined;
  if (c.forceHttp1 && c.protocol !== 'tcp') explicit = { http_protocol_options: {} };
  else if (c.protocol === 'http2') explicit = { http2_protocol_options: UPSTREAM_HTTP2 };
  if (!explicit) return undefined;
  return {
    'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': typed('envoy.extensions.upstreams.http.v3.HttpProtocolOptions', { explicit_http_config: explicit }),
  };
}

/** The discovery part: STATIC with inline endpoints, or Envoy's DNS cluster extension. */
export function buildDiscovery(c: IrCluster): Message {
  const dns = c.settings.dns;
  if (c.discovery === 'static' || !dns) return { type: 'STATIC' };
  return {
    cluster_type: {
      name: 'envoy.cluster.dns',
      typed_config: typed('envoy.extensions.clusters.dns.v3.DnsCluster', {
        dns_refresh_rate: duration(dns.refreshRateMs),
        respect_dns_ttl: dns.respectDnsTtl,
        dns_lookup_family: dns.lookupFamily,
      }),
    },
  };
}

/** `envoy.config.cluster.v3.Cluster`. */
export function buildCluster(c: IrCluster): Cluster {
  return {
    name: c.name,
    ...buildDiscovery(c),
    connect_timeout: duration(c.settings.connectTimeoutMs),
    per_connection_buffer_limit_bytes: c.settings.perConnectionBufferLimitBytes,
    load_balancing_policy: buildLoadBalancingPolicy(),
    circuit_breakers: { thresholds: [{ max_retries: c.settings.maxRetries }] },
    ignore_health_on_host_removal: true,
    typed_extension_protocol_options: buildHttpProtocolOptions(c),
    load_assignment: buildLoadAssignment(c),
    metadata: buildResourceMetadata(c.resources),
  };
}
