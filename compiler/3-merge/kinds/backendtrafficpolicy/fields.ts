import type { EnvoyFieldTables } from '../../kind';

/**
 * Which BackendTrafficPolicy field produces an Envoy field, so `diff` and `explain` can say "this
 * value came from policy P" (review/policy-fields.ts reads it). A test walks the schema and fails
 * on a spec field that is neither credited here nor listed under `elsewhere`.
 */
export const BTP_ENVOY_FIELDS: EnvoyFieldTables = {
  route: [
    ['route.retry_policy', ['retry']],
    ['route.timeout', ['timeout.http.requestTimeout']],
    ['route.idle_timeout', ['timeout.http']],
    ['route.max_stream_duration', ['timeout.http.maxStreamDuration']],
    ['route.hash_policy', ['loadBalancer']],
    ['route.weighted_clusters.use_hash_policy', ['loadBalancer']],
    ['route.upgrade_configs', ['httpUpgrade']],
    ['route.rate_limits', ['rateLimit']],
    ['match.connect_matcher', ['httpUpgrade']],
    ['tracing', ['telemetry']],
    ['stat_prefix', ['telemetry']],
    ['direct_response', ['responseOverride']],
  ],
  filters: [
    ['envoy.filters.http.local_ratelimit', ['rateLimit']],
    ['envoy.filters.http.ratelimit', ['rateLimit']],
    ['envoy.filters.http.fault', ['faultInjection']],
    ['envoy.filters.http.bandwidth_limit', ['bandwidthLimit']],
    ['envoy.filters.http.admission_control', ['admissionControl']],
    ['envoy.filters.http.compressor', ['compressor', 'compression']],
    ['envoy.filters.http.buffer', ['requestBuffer']],
    ['envoy.filters.http.custom_response', ['responseOverride']],
  ],
  cluster: [
    ['*http2_protocol_options', ['http2']],
    ['*use_downstream_protocol_config', ['useClientProtocol']],
    ['*max_requests_per_connection', ['circuitBreaker.maxRequestsPerConnection']],
    ['*http_filters', ['admissionControl']],
    ['connect_timeout', ['timeout.tcp.connectTimeout']],
    ['circuit_breakers', ['circuitBreaker']],
    ['outlier_detection', ['healthCheck']],
    ['health_checks', ['healthCheck']],
    ['common_lb_config.healthy_panic_threshold', ['healthCheck']],
    ['common_lb_config', ['loadBalancer']],
    ['load_balancing_policy', ['loadBalancer']],
    ['lb_policy', ['loadBalancer']],
    ['ring_hash_lb_config', ['loadBalancer']],
    ['maglev_lb_config', ['loadBalancer']],
    ['per_connection_buffer_limit_bytes', ['connection.bufferLimit']],
    ['preconnect_policy', ['connection.preconnect']],
    ['upstream_connection_options', ['tcpKeepalive']],
    ['transport_socket', ['proxyProtocol']],
    ['cluster_type', ['dns']],
    ['dns_', ['dns']],
    ['respect_dns_ttl', ['dns']],
    ['typed_extension_protocol_options', ['timeout.http']],
    ['load_assignment.endpoints.lb_endpoints.endpoint.health_check_config', ['healthCheck']],
    ['load_assignment.endpoints.lb_endpoints.endpoint.address', ['routingType']],
    ['load_assignment.endpoints', ['loadBalancer']],
  ],
  elsewhere: {
    targetRef: 'where the policy attaches',
    targetRefs: 'where the policy attaches',
    targetSelectors: 'where the policy attaches',
    mergeType: 'how the policy merges with its parent',
    'connection.socketBufferLimit': 'not translated: Envoy Gateway v1.9 does not implement it (policy_field_not_translated)',
  },
};
