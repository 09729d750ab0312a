import type { IrCluster, IrClusterSettings, IrDnsSettings, IrEndpointHealthCheck, IrLocality } from '../ir';
import { buildAddress, buildResourceMetadata, duration, typed } from './common';
import { buildCircuitBreakers } from './circuit-breakers';
import type { Cluster, Message, TypedExtension } from './envoy';
import { buildHealthCheck } from './health-check';
import { buildLoadBalancingPolicy } from './load-balancing-policy';
import { buildOutlierDetection } from './outlier-detection';
import { sharedBuilder } from './shared';
import { buildHttpProtocolOptions } from './upstream-http-protocol-options';
import { PLACEHOLDER_TLS_SOCKET, buildUpstreamTlsSocket } from './upstream-tls';

function buildEndpointHealthCheck(h: IrEndpointHealthCheck | undefined): Message {
  if (!h || (h.port === undefined && h.hostname === undefined)) return {};
  return { health_check_config: { ...(h.port !== undefined ? { port_value: h.port } : {}), ...(h.hostname !== undefined ? { hostname: h.hostname } : {}) } };
}

/** `envoy.config.endpoint.v3.LocalityLbEndpoints`: one backendRef (or one zone of it), weighted. */
export function buildLocality(l: IrLocality): Message {
  return {
    locality: { region: l.region, ...(l.zone !== undefined ? { zone: l.zone } : {}) },
    ...(l.weight !== undefined ? { load_balancing_weight: l.weight } : {}),
    lb_endpoints: l.endpoints.map((a, i) => ({
      endpoint: { address: buildAddress(a), ...buildEndpointHealthCheck(l.healthChecks?.[i]) },
      load_balancing_weight: 1,
    })),
    metadata: buildLocalityMetadata(l),
  };
}

/** The locality's metadata: its Service/Backend, and the `transport_socket_matches` entry its endpoints use. */
function buildLocalityMetadata(l: IrLocality): Message {
  const metadata = buildResourceMetadata([l.resource]) as { filter_metadata: Message };
  if (l.tlsMatch === undefined) return metadata;
  return { filter_metadata: { ...metadata.filter_metadata, 'envoy.transport_socket_match': { name: l.tlsMatch } } };
}

/** `envoy.config.endpoint.v3.ClusterLoadAssignment`, inline (Envoy Gateway sends it over EDS). */
export function buildLoadAssignment(c: IrCluster): Message {
  return { cluster_name: c.name, ...(c.localities.length ? { endpoints: c.localities.map(buildLocality) } : {}) };
}

/** The discovery part: STATIC with inline endpoints, Envoy's DNS cluster extension, or a dynamic forward proxy's. */
export function buildDiscovery(c: IrCluster): Message {
  const dns = c.settings.dns;
  if (c.discovery === 'static' || !dns) return { type: 'STATIC' };
  if (c.discovery === 'dynamicForwardProxy')
    return {
      cluster_type: {
        name: 'envoy.clusters.dynamic_forward_proxy',
        typed_config: typed('envoy.extensions.clusters.dynamic_forward_proxy.v3.ClusterConfig', {
          dns_cache_config: { name: c.dnsCache, dns_lookup_family: dns.lookupFamily, dns_refresh_rate: duration(dns.refreshRateMs) },
        }),
      },
    };
  return { cluster_type: buildDnsClusterType(dns) };
}

/** `Cluster.cluster_type`: Envoy's DNS cluster extension. */
const buildDnsClusterType = sharedBuilder((dns: IrDnsSettings): TypedExtension => ({
  name: 'envoy.cluster.dns',
  typed_config: typed('envoy.extensions.clusters.dns.v3.DnsCluster', {
    dns_refresh_rate: duration(dns.refreshRateMs),
    respect_dns_ttl: dns.respectDnsTtl,
    dns_lookup_family: dns.lookupFamily,
  }),
}));

/** A dynamic forward proxy picks its host itself (Envoy Gateway's cluster_provided policy). */
const CLUSTER_PROVIDED: Message = {
  policies: [
    {
      typed_extension_config: {
        name: 'envoy.load_balancing_policies.cluster_provided',
        typed_config: typed('envoy.extensions.load_balancing_policies.cluster_provided.v3.ClusterProvided'),
      },
    },
  ],
};

const RAW_BUFFER: Message = { name: 'envoy.transport_sockets.raw_buffer', typed_config: typed('envoy.extensions.transport_sockets.raw_buffer.v3.RawBuffer') };

/** `Cluster.transport_socket`: the upstream PROXY protocol header, then `inner` (plain bytes by default). */
export function buildProxyProtocolSocket(version: 'V1' | 'V2', inner: Message = RAW_BUFFER): Message {
  return {
    name: 'envoy.transport_sockets.upstream_proxy_protocol',
    typed_config: typed('envoy.extensions.transport_sockets.proxy_protocol.v3.ProxyProtocolUpstreamTransport', {
      // V1 is the enum's zero value: proto3 JSON leaves it out, as Envoy Gateway's output does.
      config: version === 'V2' ? { version: 'V2' } : {},
      transport_socket: inner,
    }),
  };
}

/**
 * `Cluster.transport_socket` (Envoy Gateway's buildXdsCluster): the cluster's own upstream TLS (a
 * URL a policy names over https), else PROXY protocol over plain bytes, or over the placeholder TLS
 * socket when ALPN picks the HTTP version; the placeholder alone in that case.
 */
function buildClusterTransportSocket(c: IrCluster): Message | undefined {
  const s = c.settings;
  const auto = s.http?.protocol.type === 'auto';
  const inner = c.upstreamTls ? buildUpstreamTlsSocket(c.upstreamTls) : auto ? PLACEHOLDER_TLS_SOCKET : undefined;
  if (s.proxyProtocol) return buildProxyProtocolSocket(s.proxyProtocol, inner ?? RAW_BUFFER);
  return inner;
}

/** `Cluster.transport_socket_matches`: one TLS socket per backendRef that has upstream TLS (PROXY protocol first when set). */
function buildTransportSocketMatches(c: IrCluster): Message[] {
  return (c.tlsMatches ?? []).map((m) => {
    const tls = buildUpstreamTlsSocket(m.tls);
    return {
      name: m.name,
      match: { name: m.name },
      transport_socket: c.settings.proxyProtocol ? buildProxyProtocolSocket(c.settings.proxyProtocol, tls) : tls,
    };
  });
}

/** `Cluster.upstream_connection_options` with TCP keepalive. */
export function buildUpstreamConnectionOptions(k: NonNullable<IrClusterSettings['tcpKeepalive']>): Message {
  return {
    tcp_keepalive: {
      ...(k.probes !== undefined ? { keepalive_probes: k.probes } : {}),
      ...(k.timeSeconds !== undefined ? { keepalive_time: k.timeSeconds } : {}),
      ...(k.intervalSeconds !== undefined ? { keepalive_interval: k.intervalSeconds } : {}),
    },
  };
}

/** `Cluster.preconnect_policy`. */
export function buildPreconnectPolicy(p: NonNullable<IrClusterSettings['preconnect']>): Message {
  return {
    ...(p.perUpstreamRatio !== undefined ? { per_upstream_preconnect_ratio: p.perUpstreamRatio } : {}),
    ...(p.predictiveRatio !== undefined ? { predictive_preconnect_ratio: p.predictiveRatio } : {}),
  };
}

/** `envoy.config.cluster.v3.Cluster`. */
export function buildCluster(c: IrCluster): Cluster {
  const s = c.settings;
  const transportSocket = buildClusterTransportSocket(c);
  return {
    name: c.name,
    ...(c.altStatName !== undefined ? { alt_stat_name: c.altStatName } : {}),
    ...buildDiscovery(c),
    connect_timeout: duration(s.connectTimeoutMs),
    per_connection_buffer_limit_bytes: s.perConnectionBufferLimitBytes,
    load_balancing_policy: c.discovery === 'dynamicForwardProxy' ? CLUSTER_PROVIDED : buildLoadBalancingPolicy(s.loadBalancer),
    circuit_breakers: buildCircuitBreakers(s.circuitBreakers),
    ...(s.healthCheck ? { health_checks: [buildHealthCheck(s.healthCheck)] } : {}),
    ...(s.outlierDetection ? { outlier_detection: buildOutlierDetection(s.outlierDetection) } : {}),
    ...(s.healthyPanicThresholdPercent !== undefined ? { common_lb_config: { healthy_panic_threshold: { value: s.healthyPanicThresholdPercent } } } : {}),
    ...(s.preconnect ? { preconnect_policy: buildPreconnectPolicy(s.preconnect) } : {}),
    ...(s.tcpKeepalive ? { upstream_connection_options: buildUpstreamConnectionOptions(s.tcpKeepalive) } : {}),
    ...(c.tlsMatches?.length ? { transport_socket_matches: buildTransportSocketMatches(c) } : {}),
    ...(transportSocket ? { transport_socket: transportSocket } : {}),
    ignore_health_on_host_removal: true,
    ...(s.http ? { typed_extension_protocol_options: buildHttpProtocolOptions(s.http) } : {}),
    ...(c.discovery === 'dynamicForwardProxy' ? {} : { load_assignment: buildLoadAssignment(c) }),
    ...(c.trackStats
      ? {
          track_cluster_stats: {
            ...(c.trackStats.perEndpoint ? { per_endpoint_stats: true } : {}),
            ...(c.trackStats.requestResponseSizes ? { request_response_sizes: true } : {}),
          },
        }
      : {}),
    metadata: buildResourceMetadata(c.resources),
  };
}
