import type { IrConnectionLimit, IrDnsCache, IrFilterChain, IrListener, IrListenerSocket, IrTcpProxy, IrTelemetry, IrUdpProxy } from '../ir';
import { buildAccessLogs } from './access-log';
import { buildResourceMetadata, duration, typed } from './common';
import type { Listener, Message, TypedExtension } from './envoy';
import { accessLogField, buildHttpConnectionManager } from './http-connection-manager';
import { buildQuicTransportSocket, buildDownstreamTlsSocket } from './tls';
import { buildNetworkRbac } from './http-filters/rbac';

/** Listener buffer limit and accept batching (Envoy Gateway's defaults). */
const LISTENER_BUFFER_LIMIT_BYTES = 32_768;
const MAX_CONNECTIONS_TO_ACCEPT_PER_SOCKET_EVENT = 1;

/** `envoy.filters.network.tcp_proxy` with the route access logs; source-IP hashing is its only hash policy. */
export function buildTcpProxy(t: IrTcpProxy, telemetry: IrTelemetry): TypedExtension {
  return {
    name: 'envoy.filters.network.tcp_proxy',
    typed_config: typed('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', {
      ...accessLogField(buildAccessLogs(telemetry.accessLogs, 'Route')),
      stat_prefix: t.statPrefix,
      cluster: t.cluster,
      ...(t.hashPolicies?.length ? { hash_policy: t.hashPolicies.map(() => ({ source_ip: {} })) } : {}),
      ...(t.idleTimeoutMs !== undefined ? { idle_timeout: duration(t.idleTimeoutMs) } : {}),
    }),
  };
}

/** A loopback host presented as the SNI (Envoy Gateway's dfpLoopbackSNIRegex), case-insensitive, with an optional trailing dot. */
const LOOPBACK_SNI = '(?i)^(localhost|localhost\\.localdomain|ip6-localhost|ip6-loopback|127\\.0\\.0\\.1|::1|\\[::1\\])\\.?$';
/** The port the SNI dynamic forward proxy connects to: the SNI names a host only (Envoy Gateway's). */
const SNI_UPSTREAM_PORT = 443;

/**
 * A TLS passthrough route to a dynamic resolver (Envoy Gateway's SNI dynamic forward proxy): an
 * RBAC filter denying loopback SNIs, then `sni_dynamic_forward_proxy` on the cluster's DNS cache.
 */
function buildSniDynamicForwardProxy(cache: IrDnsCache, statPrefix: string): TypedExtension[] {
  return [
    {
      name: 'envoy.filters.network.rbac',
      typed_config: typed('envoy.extensions.filters.network.rbac.v3.RBAC', {
        stat_prefix: statPrefix,
        rules: {
          action: 'DENY',
          policies: {
            'deny-loopback-sni': {
              permissions: [{ requested_server_name: { safe_regex: { regex: LOOPBACK_SNI } } }],
              principals: [{ any: true }],
            },
          },
        },
      }),
    },
    {
      name: 'envoy.filters.network.sni_dynamic_forward_proxy',
      typed_config: typed('envoy.extensions.filters.network.sni_dynamic_forward_proxy.v3.FilterConfig', {
        dns_cache_config: { name: cache.name, dns_lookup_family: cache.lookupFamily, dns_refresh_rate: duration(cache.refreshRateMs) },
        port_value: SNI_UPSTREAM_PORT,
      }),
    },
  ];
}

/** `envoy.filters.network.connection_limit`, counted under the chain's stat prefix. */
function buildConnectionLimit(c: IrConnectionLimit, statPrefix: string): TypedExtension {
  return {
    name: 'envoy.filters.network.connection_limit',
    typed_config: typed('envoy.extensions.filters.network.connection_limit.v3.ConnectionLimit', {
      stat_prefix: statPrefix,
      max_connections: c.maxConnections,
      ...(c.delayMs !== undefined ? { delay: duration(c.delayMs) } : {}),
    }),
  };
}

/** `envoy.config.listener.v3.FilterChain`; `quic`: the chain of the HTTP/3 listener. */
export function buildFilterChain(c: IrFilterChain, telemetry: IrTelemetry, quic = false): Message {
  const statPrefix = c.http?.statPrefix ?? c.tcp?.statPrefix ?? c.name;
  const socket = c.tls ? (quic ? buildQuicTransportSocket(c.tls) : buildDownstreamTlsSocket(c.tls)) : undefined;
  return {
    name: c.name,
    ...(c.serverNames ? { filter_chain_match: { server_names: c.serverNames } } : {}),
    filters: [
      ...(c.authorization ? [buildNetworkRbac(c.authorization, statPrefix)] : []),
      ...(c.connectionLimit ? [buildConnectionLimit(c.connectionLimit, statPrefix)] : []),
      ...(c.sniDynamicForwardProxy ? buildSniDynamicForwardProxy(c.sniDynamicForwardProxy.dnsCache, statPrefix) : []),
      ...(c.http ? [buildHttpConnectionManager(c.http, telemetry, quic)] : []),
      ...(c.tcp ? [buildTcpProxy(c.tcp, telemetry)] : []),
    ],
    ...(socket ? { transport_socket: socket } : {}),
    ...(c.tlsHandshakeTimeoutMs !== undefined ? { transport_socket_connect_timeout: duration(c.tlsHandshakeTimeoutMs) } : {}),
    metadata: buildResourceMetadata(c.resources),
  };
}

/** Socket options for TCP keepalive (Linux numbers, as Envoy Gateway writes them). */
function buildKeepalive(k: NonNullable<IrListenerSocket['tcpKeepalive']>): Message[] {
  const tcp = (description: string, name: number, value: number) => ({ description, level: 6, name, int_value: value, state: 'STATE_PREBIND' });
  return [
    { description: 'socket option to enable tcp keep alive', level: 1, name: 9, int_value: 1 },
    ...(k.probes !== undefined ? [tcp('socket option for keep alive probes', 6, k.probes)] : []),
    ...(k.idleTimeSeconds !== undefined ? [tcp('socket option for keep alive idle time', 4, k.idleTimeSeconds)] : []),
    ...(k.intervalSeconds !== undefined ? [tcp('socket option for keep alive interval', 5, k.intervalSeconds)] : []),
  ];
}

/** Listener filters: proxy protocol first, then the TLS inspector where a chain matches on SNI or fingerprints are asked for. */
function buildListenerFilters(l: IrListener): Message[] {
  const s = l.socket;
  const prints = s?.fingerprints ?? [];
  // The SNI dynamic forward proxy reads the SNI the inspector finds, with or without SNI matching.
  const inspector = l.chains.some((c) => c.serverNames || c.sniDynamicForwardProxy) || prints.length > 0;
  return [
    ...(s?.proxyProtocol
      ? [
          {
            name: 'envoy.filters.listener.proxy_protocol',
            typed_config: typed(
              'envoy.extensions.filters.listener.proxy_protocol.v3.ProxyProtocol',
              s.proxyProtocol.optional ? { allow_requests_without_proxy_protocol: true } : {},
            ),
          },
        ]
      : []),
    ...(inspector
      ? [
          {
            name: 'envoy.filters.listener.tls_inspector',
            typed_config: typed('envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector', {
              ...(prints.includes('JA3') ? { enable_ja3_fingerprinting: true } : {}),
              ...(prints.includes('JA4') ? { enable_ja4_fingerprinting: true } : {}),
            }),
          },
        ]
      : []),
  ];
}

/** `ipv4_compat` of a listener's socket address (EnvoyProxy `ipFamily` DualStack, as Envoy Gateway sets it on TCP, QUIC and UDP listeners). */
function ipv4Compat(l: IrListener): { ipv4_compat?: boolean } {
  return l.ipv4Compat ? { ipv4_compat: true } : {};
}

/** `envoy.config.listener.v3.Listener` (TCP), with the config's access logs (absent: Envoy Gateway's default) and tracing. */
export function buildListener(l: IrListener, telemetry: IrTelemetry): Listener {
  const s = l.socket;
  const filters = buildListenerFilters(l);
  const maxAccept = s?.maxAcceptPerSocketEvent ?? MAX_CONNECTIONS_TO_ACCEPT_PER_SOCKET_EVENT;
  return {
    name: l.name,
    address: { socket_address: { address: l.address, port_value: l.port, ...ipv4Compat(l) } },
    ...(s?.tcpKeepalive ? { socket_options: buildKeepalive(s.tcpKeepalive) } : {}),
    ...(filters.length ? { listener_filters: filters } : {}),
    ...(s?.listenerFiltersTimeoutMs !== undefined ? { listener_filters_timeout: duration(s.listenerFiltersTimeoutMs) } : {}),
    ...(l.chains.length ? { filter_chains: l.chains.map((c) => buildFilterChain(c, telemetry)) } : {}),
    ...(l.defaultChain ? { default_filter_chain: buildFilterChain(l.defaultChain, telemetry) } : {}),
    ...accessLogField(buildAccessLogs(telemetry.accessLogs, 'Listener')),
    per_connection_buffer_limit_bytes: s?.bufferLimitBytes ?? LISTENER_BUFFER_LIMIT_BYTES,
    ...(maxAccept !== 0 ? { max_connections_to_accept_per_socket_event: maxAccept } : {}),
  };
}

/** The HTTP/3 listener of a port (Envoy Gateway's buildXdsQuicListener): UDP, the TLS chains over QUIC. */
export function buildQuicListener(l: IrListener, telemetry: IrTelemetry): Listener {
  return {
    name: `${l.name}-quic`,
    address: { socket_address: { protocol: 'UDP', address: l.address, port_value: l.port, ...ipv4Compat(l) } },
    udp_listener_config: { downstream_socket_config: {}, quic_options: {} },
    filter_chains: l.chains.filter((c) => c.tls && c.http).map((c) => buildFilterChain(c, telemetry, true)),
    ...accessLogField(buildAccessLogs(telemetry.accessLogs, 'Listener')),
    drain_type: 'MODIFY_ONLY',
  };
}

/** `envoy.filters.udp_listener.udp_proxy`: every datagram to one cluster, through a matcher with only `on_no_match` (Envoy Gateway). */
function buildUdpProxy(u: IrUdpProxy, telemetry: IrTelemetry): TypedExtension {
  const route = typed('envoy.extensions.filters.udp.udp_proxy.v3.Route', { cluster: u.cluster });
  return {
    name: 'envoy.filters.udp_listener.udp_proxy',
    typed_config: typed('envoy.extensions.filters.udp.udp_proxy.v3.UdpProxyConfig', {
      stat_prefix: u.statPrefix,
      matcher: { on_no_match: { action: { name: 'route', typed_config: route } } },
      ...accessLogField(buildAccessLogs(telemetry.accessLogs, 'Route')),
    }),
  };
}

/**
 * A UDP Gateway listener (Envoy Gateway's buildXdsUDPListener): a UDP socket whose udp_proxy listener
 * filter does everything, with the config's route access logs on the udp_proxy and its listener logs here.
 */
export function buildUdpListener(l: IrListener, u: IrUdpProxy, telemetry: IrTelemetry): Listener {
  return {
    name: l.name,
    address: { socket_address: { protocol: 'UDP', address: l.address, port_value: l.port, ...ipv4Compat(l) } },
    listener_filters: [buildUdpProxy(u, telemetry)],
    ...accessLogField(buildAccessLogs(telemetry.accessLogs, 'Listener')),
    metadata: buildResourceMetadata(u.resources),
  };
}
