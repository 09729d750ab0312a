import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildCircuitBreakers } from '../../compiler/5-emit/circuit-breakers';
import { buildCluster, buildLocality, buildProxyProtocolSocket } from '../../compiler/5-emit/cluster';
import { buildHealthCheck } from '../../compiler/5-emit/health-check';
import { buildLoadBalancingPolicy } from '../../compiler/5-emit/load-balancing-policy';
import { buildOutlierDetection } from '../../compiler/5-emit/outlier-detection';
import { buildHttpProtocolOptions } from '../../compiler/5-emit/upstream-http-protocol-options';
import type { IrCluster, IrHealthCheck } from '../../compiler/ir';

const T = 'type.googleapis.com/envoy.extensions.load_balancing_policies';
const HPO = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';
const H2 = { initialStreamWindowSize: 65_536, initialConnectionWindowSize: 1_048_576 };
const HC: Omit<IrHealthCheck, 'checker'> = {
  timeoutMs: 1000,
  intervalMs: 3000,
  unhealthyThreshold: 3,
  healthyThreshold: 1,
  alwaysLogFailures: false,
  alwaysLogSuccess: false,
};

const rows: { name: string; build: () => unknown; want: unknown }[] = [
  {
    name: 'load balancing: default least request, localities weighted',
    build: () => buildLoadBalancingPolicy({ policy: 'LeastRequest', locality: { type: 'weighted' } }),
    want: {
      policies: [
        {
          typed_extension_config: {
            name: 'envoy.load_balancing_policies.least_request',
            typed_config: { '@type': `${T}.least_request.v3.LeastRequest`, locality_lb_config: { locality_weighted_lb_config: {} } },
          },
        },
      ],
    },
  },
  {
    name: 'load balancing: least request choice_count and slow start',
    build: () => buildLoadBalancingPolicy({ policy: 'LeastRequest', locality: { type: 'none' }, choiceCount: 5, slowStartWindowMs: 1500 }),
    want: {
      policies: [
        {
          typed_extension_config: {
            name: 'envoy.load_balancing_policies.least_request',
            typed_config: { '@type': `${T}.least_request.v3.LeastRequest`, choice_count: 5, slow_start_config: { slow_start_window: '1.500s' } },
          },
        },
      ],
    },
  },
  {
    name: 'load balancing: zone aware round robin',
    build: () =>
      buildLoadBalancingPolicy({ policy: 'RoundRobin', locality: { type: 'zoneAware', zoneAware: { minClusterSize: 6, forceLocalZoneMinSize: 1 } } }),
    want: {
      policies: [
        {
          typed_extension_config: {
            name: 'envoy.load_balancing_policies.round_robin',
            typed_config: {
              '@type': `${T}.round_robin.v3.RoundRobin`,
              locality_lb_config: { zone_aware_lb_config: { min_cluster_size: 6, force_local_zone: { min_size: 1 } } },
            },
          },
        },
      ],
    },
  },
  {
    name: 'load balancing: Maglev weighted zones: locality_weighted_lb_config at top level',
    build: () => buildLoadBalancingPolicy({ policy: 'Maglev', locality: { type: 'weighted' }, tableSize: 7 }),
    want: {
      policies: [
        {
          typed_extension_config: {
            name: 'envoy.load_balancing_policies.maglev',
            typed_config: { '@type': `${T}.maglev.v3.Maglev`, table_size: 7, locality_weighted_lb_config: {} },
          },
        },
      ],
    },
  },
  {
    name: 'load balancing: client-side WRR with weighted zones is wrapped in wrr_locality',
    build: () => buildLoadBalancingPolicy({ policy: 'ClientSideWeightedRoundRobin', locality: { type: 'weighted' } }),
    want: {
      policies: [
        {
          typed_extension_config: {
            name: 'envoy.load_balancing_policies.wrr_locality',
            typed_config: {
              '@type': `${T}.wrr_locality.v3.WrrLocality`,
              endpoint_picking_policy: {
                policies: [
                  {
                    typed_extension_config: {
                      name: 'envoy.load_balancing_policies.client_side_weighted_round_robin',
                      typed_config: { '@type': `${T}.client_side_weighted_round_robin.v3.ClientSideWeightedRoundRobin` },
                    },
                  },
                ],
              },
            },
          },
        },
      ],
    },
  },
  {
    name: 'load balancing: override_host with the policy as fallback',
    build: () => buildLoadBalancingPolicy({ policy: 'Random', locality: { type: 'none' }, overrideHostHeaders: ['x-h'] }),
    want: {
      policies: [
        {
          typed_extension_config: {
            name: 'envoy.load_balancing_policies.override_host',
            typed_config: {
              '@type': `${T}.override_host.v3.OverrideHost`,
              override_host_sources: [{ header: 'x-h' }],
              fallback_policy: {
                policies: [{ typed_extension_config: { name: 'envoy.load_balancing_policies.random', typed_config: { '@type': `${T}.random.v3.Random` } } }],
              },
            },
          },
        },
      ],
    },
  },
  { name: 'circuit breakers: max_retries only', build: () => buildCircuitBreakers({ maxRetries: 1024 }), want: { thresholds: [{ max_retries: 1024 }] } },
  {
    name: 'circuit breakers: budget and per-host threshold',
    build: () => buildCircuitBreakers({ maxRetries: 3, retryBudget: { budgetPercent: 20 }, perHostMaxConnections: 4 }),
    want: { thresholds: [{ max_retries: 3, retry_budget: { budget_percent: { value: 20 } } }], per_host_thresholds: [{ max_connections: 4 }] },
  },
  {
    name: 'health check: HTTP with empty host omitted (TCP route cluster)',
    build: () =>
      buildHealthCheck({ ...HC, checker: { type: 'http', host: '', path: '/', expectedStatuses: [{ start: 200, end: 201 }], retriableStatuses: [] } }),
    want: {
      timeout: '1s',
      interval: '3s',
      unhealthy_threshold: 3,
      healthy_threshold: 1,
      http_health_check: { path: '/', expected_statuses: [{ start: 200, end: 201 }] },
    },
  },
  {
    name: 'health check: gRPC without service, event logger',
    build: () => buildHealthCheck({ ...HC, checker: { type: 'grpc' }, alwaysLogFailures: true, eventLogPath: '/dev/stdout' }),
    want: {
      timeout: '1s',
      interval: '3s',
      unhealthy_threshold: 3,
      healthy_threshold: 1,
      grpc_health_check: {},
      always_log_health_check_failures: true,
      event_logger: [
        {
          name: 'envoy.health_check.event_sinks.file',
          typed_config: {
            '@type': 'type.googleapis.com/envoy.extensions.health_check.event_sinks.file.v3.HealthCheckEventFileSink',
            event_log_path: '/dev/stdout',
          },
        },
      ],
    },
  },
  {
    name: 'outlier detection: gateway errors and failure percentage enforced at 100',
    build: () =>
      buildOutlierDetection({
        splitExternalLocalOriginErrors: false,
        intervalMs: 3000,
        consecutiveLocalOriginFailure: 5,
        consecutiveGatewayFailure: 2,
        consecutive5xx: 5,
        baseEjectionTimeMs: 30_000,
        failurePercentageThreshold: 90,
        alwaysEjectOneHost: false,
      }),
    want: {
      interval: '3s',
      consecutive_local_origin_failure: 5,
      consecutive_gateway_failure: 2,
      enforcing_consecutive_gateway_failure: 100,
      consecutive_5xx: 5,
      base_ejection_time: '30s',
      failure_percentage_threshold: 90,
      enforcing_failure_percentage: 100,
      always_eject_one_host: false,
    },
  },
  {
    name: 'protocol options: one entry with common options, h2 and filters',
    build: () => buildHttpProtocolOptions({ protocol: { type: 'http2', http2: H2 }, common: { idleTimeoutMs: 1000 }, admissionControl: {} }),
    want: {
      [HPO]: {
        '@type': `type.googleapis.com/${HPO}`,
        common_http_protocol_options: { idle_timeout: '1s' },
        explicit_http_config: { http2_protocol_options: { initial_stream_window_size: 65_536, initial_connection_window_size: 1_048_576 } },
        http_filters: [
          {
            name: 'envoy.filters.http.admission_control',
            typed_config: {
              '@type': 'type.googleapis.com/envoy.extensions.filters.http.admission_control.v3.AdmissionControl',
              enabled: { default_value: true },
              success_criteria: {},
            },
          },
          {
            name: 'envoy.filters.http.upstream_codec',
            typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec' },
          },
        ],
      },
    },
  },
  {
    name: 'protocol options: downstream protocol',
    build: () => buildHttpProtocolOptions({ protocol: { type: 'downstream', http2: H2 } }),
    want: {
      [HPO]: {
        '@type': `type.googleapis.com/${HPO}`,
        use_downstream_protocol_config: {
          http_protocol_options: {},
          http2_protocol_options: { initial_stream_window_size: 65_536, initial_connection_window_size: 1_048_576 },
        },
      },
    },
  },
  { name: 'proxy protocol V1: config {} (zero value)', build: () => (buildProxyProtocolSocket('V1').typed_config as { config: unknown }).config, want: {} },
  {
    name: 'locality: zone, no weight, endpoint health check port',
    build: () =>
      buildLocality({
        region: 'c/backend/0',
        zone: 'z',
        endpoints: [{ socket: { address: '10.0.0.1', port: 80 } }],
        healthChecks: [{ port: 81 }],
        resource: { kind: 'Service', namespace: 'd', name: 's' },
      }),
    want: {
      locality: { region: 'c/backend/0', zone: 'z' },
      lb_endpoints: [
        {
          endpoint: { address: { socket_address: { address: '10.0.0.1', port_value: 80 } }, health_check_config: { port_value: 81 } },
          load_balancing_weight: 1,
        },
      ],
      metadata: { filter_metadata: { 'envoy-gateway': { resources: [{ kind: 'Service', namespace: 'd', name: 's' }] } } },
    },
  },
];

for (const r of rows) test(r.name, () => assert.equal(r.build(), r.want));

const base: IrCluster = {
  name: 'c',
  discovery: 'static',
  localities: [],
  protocol: 'http1',
  forceHttp1: false,
  settings: {
    connectTimeoutMs: 10_000,
    perConnectionBufferLimitBytes: 32_768,
    loadBalancer: { policy: 'LeastRequest', locality: { type: 'weighted' } },
    circuitBreakers: { maxRetries: 1024 },
  },
  resources: [],
  origin: [],
};

const clusterRows: { name: string; settings: Partial<IrCluster['settings']>; pick: (c: Record<string, unknown>) => unknown; want: unknown }[] = [
  {
    name: 'cluster: no optional settings, no optional fields',
    settings: {},
    pick: (c) => Object.keys(c).sort(),
    want: [
      'circuit_breakers',
      'connect_timeout',
      'ignore_health_on_host_removal',
      'load_assignment',
      'load_balancing_policy',
      'metadata',
      'name',
      'per_connection_buffer_limit_bytes',
      'type',
    ],
  },
  {
    name: 'cluster: panic threshold under common_lb_config',
    settings: { healthyPanicThresholdPercent: 0 },
    pick: (c) => c.common_lb_config,
    want: { healthy_panic_threshold: { value: 0 } },
  },
  { name: 'cluster: tcp keepalive {}', settings: { tcpKeepalive: {} }, pick: (c) => c.upstream_connection_options, want: { tcp_keepalive: {} } },
  {
    name: 'cluster: preconnect ratios',
    settings: { preconnect: { predictiveRatio: 2 } },
    pick: (c) => c.preconnect_policy,
    want: { predictive_preconnect_ratio: 2 },
  },
];
for (const r of clusterRows) test(r.name, () => assert.equal(r.pick(buildCluster({ ...base, settings: { ...base.settings, ...r.settings } })), r.want));

test.run();
