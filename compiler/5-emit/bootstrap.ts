import type { IrConfig } from '../ir';
import { buildCluster } from './cluster';
import { typed } from './common';
import type { Bootstrap, Message } from './envoy';
import { buildListener, buildQuicListener, buildUdpListener } from './listener';
import { buildMetricSink, buildStatsConfig } from './stats';
import { buildGenericSecret, buildSecret, buildValidationSecret } from './tls';

/** Envoy Gateway's global downstream connection cap (without one, Envoy warns at start). */
const MAX_ACTIVE_DOWNSTREAM_CONNECTIONS = 50_000;

function buildOverloadManager(): Message {
  return {
    refresh_interval: '0.250s',
    resource_monitors: [
      {
        name: 'envoy.resource_monitors.global_downstream_max_connections',
        typed_config: typed('envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig', {
          max_active_downstream_connections: MAX_ACTIVE_DOWNSTREAM_CONNECTIONS,
        }),
      },
    ],
  };
}

/** `envoy.config.bootstrap.v3.Bootstrap`: admin, node and every resource inline. */
export function buildBootstrap(c: IrConfig): Bootstrap {
  // In name order (compiler/xds joins a split config back in that order).
  const secrets = [
    ...c.secrets.map(buildSecret),
    ...(c.validationSecrets ?? []).map(buildValidationSecret),
    ...(c.genericSecrets ?? []).map(buildGenericSecret),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const statsConfig = c.stats && buildStatsConfig(c.stats);
  return {
    admin: { address: { socket_address: { address: c.admin.address, port_value: c.admin.port } } },
    node: { id: c.node.id, cluster: c.node.cluster },
    overload_manager: buildOverloadManager(),
    ...(statsConfig ? { stats_config: statsConfig } : {}),
    ...(c.stats?.sinks.length ? { stats_sinks: c.stats.sinks.map(buildMetricSink) } : {}),
    static_resources: {
      listeners: c.listeners.flatMap((l) => (l.udp ? [buildUdpListener(l, l.udp, c)] : [buildListener(l, c), ...(l.http3 ? [buildQuicListener(l, c)] : [])])),
      clusters: c.clusters.map(buildCluster),
      ...(secrets.length ? { secrets } : {}),
    },
  };
}
