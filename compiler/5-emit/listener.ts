import type { IrFilterChain, IrListener, IrTcpProxy } from '../ir';
import { buildAccessLog } from './access-log';
import { buildResourceMetadata, typed } from './common';
import type { Listener, Message, TypedExtension } from './envoy';
import { buildHttpConnectionManager } from './http-connection-manager';
import { buildDownstreamTlsSocket } from './tls';

/** Listener buffer limit and accept batching (Envoy Gateway's defaults). */
const LISTENER_BUFFER_LIMIT_BYTES = 32_768;
const MAX_CONNECTIONS_TO_ACCEPT_PER_SOCKET_EVENT = 1;

/** `envoy.filters.network.tcp_proxy`; source-IP hashing is its only hash policy. */
export function buildTcpProxy(t: IrTcpProxy): TypedExtension {
  return {
    name: 'envoy.filters.network.tcp_proxy',
    typed_config: typed('envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy', {
      stat_prefix: t.statPrefix,
      cluster: t.cluster,
      ...(t.hashPolicies?.length ? { hash_policy: t.hashPolicies.map(() => ({ source_ip: {} })) } : {}),
    }),
  };
}

/** `envoy.config.listener.v3.FilterChain`. */
export function buildFilterChain(c: IrFilterChain): Message {
  return {
    name: c.name,
    ...(c.serverNames ? { filter_chain_match: { server_names: c.serverNames } } : {}),
    filters: [...(c.http ? [buildHttpConnectionManager(c.http)] : []), ...(c.tcp ? [buildTcpProxy(c.tcp)] : [])],
    ...(c.tls ? { transport_socket: buildDownstreamTlsSocket(c.tls) } : {}),
    metadata: buildResourceMetadata(c.resources),
  };
}

/** `envoy.config.listener.v3.Listener`; TLS inspection only where a chain matches on SNI. */
export function buildListener(l: IrListener): Listener {
  const sni = l.chains.some((c) => c.serverNames);
  return {
    name: l.name,
    address: { socket_address: { address: l.address, port_value: l.port } },
    ...(sni
      ? {
          listener_filters: [
            { name: 'envoy.filters.listener.tls_inspector', typed_config: typed('envoy.extensions.filters.listener.tls_inspector.v3.TlsInspector') },
          ],
        }
      : {}),
    ...(l.chains.length ? { filter_chains: l.chains.map(buildFilterChain) } : {}),
    ...(l.defaultChain ? { default_filter_chain: buildFilterChain(l.defaultChain) } : {}),
    access_log: [buildAccessLog(true)],
    per_connection_buffer_limit_bytes: LISTENER_BUFFER_LIMIT_BYTES,
    max_connections_to_accept_per_socket_event: MAX_CONNECTIONS_TO_ACCEPT_PER_SOCKET_EVENT,
  };
}
