/**
 * A generated bootstrap for the performance budget: `routes` routes over `routes / 100` virtual
 * hosts and `clusters` STRICT_DNS clusters, shaped like envoyc's output (snake_case, Duration strings).
 */
export function largeBootstrap(routes = 10000, clusters = 1000): object {
  const vhosts = [];
  const perHost = 100;
  for (let h = 0; h < Math.ceil(routes / perHost); h++) {
    const rs = [];
    for (let r = 0; r < perHost && h * perHost + r < routes; r++) {
      const i = h * perHost + r;
      rs.push({
        name: `httproute/default/web-${h}/rule/${r}`,
        match: { prefix: `/svc-${i}/`, headers: [{ name: 'x-tenant', string_match: { exact: `t${i % 7}` } }] },
        route: {
          cluster: `cluster-${i % clusters}`,
          timeout: '15s',
          retry_policy: { retry_on: '5xx,reset,connect-failure', num_retries: 2, per_try_timeout: '2s' },
        },
      });
    }
    vhosts.push({ name: `vh-${h}`, domains: [`host-${h}.example.com`], routes: rs });
  }
  const cs = [];
  for (let c = 0; c < clusters; c++) {
    cs.push({
      name: `cluster-${c}`,
      type: 'STRICT_DNS',
      connect_timeout: '0.25s',
      lb_policy: 'LEAST_REQUEST',
      circuit_breakers: { thresholds: [{ max_connections: 1024, max_pending_requests: 256 }] },
      load_assignment: {
        cluster_name: `cluster-${c}`,
        endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: `svc-${c}.default.svc`, port_value: 8080 } } } }] }],
      },
    });
  }
  return {
    admin: { address: { socket_address: { address: '127.0.0.1', port_value: 19000 } } },
    static_resources: {
      listeners: [
        {
          name: 'default/eg/http',
          address: { socket_address: { address: '0.0.0.0', port_value: 10080 } },
          filter_chains: [
            {
              filters: [
                {
                  name: 'envoy.filters.network.http_connection_manager',
                  typed_config: {
                    '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
                    stat_prefix: 'http',
                    route_config: { name: 'default/eg/http', virtual_hosts: vhosts },
                    http_filters: [
                      { name: 'envoy.filters.http.router', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
      clusters: cs,
    },
  };
}
