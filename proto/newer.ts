/**
 * Version skew: the schema is the Envoy 1.31 API, our target is Envoy 1.40. Types and fields listed
 * here exist in newer Envoy releases but not in the 1.31 protos; the validator reports them as
 * "not checked" warnings instead of unknown-type / unknown-field errors. Keep each entry with its reason.
 */

/** `@type` full names added after 1.31 that Envoy 1.40 accepts. */
export const NEWER_TYPES: ReadonlyMap<string, string> = new Map([
  ['envoy.extensions.clusters.dns.v3.DnsCluster', 'the DNS cluster extension (cluster_type envoy.cluster.dns) replaces STRICT_DNS/LOGICAL_DNS in newer Envoy'],
  ['envoy.type.matcher.v3.HttpResponseLocalReplyMatchInput', 'the local-reply match input (BTP responseOverride source Local/Backend) is newer than 1.31'],
  [
    'envoy.extensions.load_balancing_policies.override_host.v3.OverrideHost',
    'the override_host load balancing policy (BTP loadBalancer.endpointOverride) is newer than 1.31',
  ],
]);

/** Fields added after 1.31, by message full name. */
export const NEWER_FIELDS: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  [
    'envoy.extensions.load_balancing_policies.client_side_weighted_round_robin.v3.ClientSideWeightedRoundRobin',
    new Map([
      ['metric_names_for_computing_utilization', 'BTP backendUtilization.metricNamesForComputingUtilization; accepted by Envoy 1.40'],
      ['oob_reporting_config', 'BTP backendUtilization.outOfBand.port/authority; accepted by Envoy 1.40'],
      ['slow_start_config', 'BTP loadBalancer.slowStart with BackendUtilization; accepted by Envoy 1.40'],
    ]),
  ],
  ['envoy.config.route.v3.WeightedCluster', new Map([['use_hash_policy', 'BTP consistent hash on a route with weighted clusters; accepted by Envoy 1.40']])],
  [
    'envoy.config.route.v3.Tracing',
    new Map([
      ['operation', 'BTP telemetry.tracing.spanName.server; accepted by Envoy 1.40'],
      ['upstream_operation', 'BTP telemetry.tracing.spanName.client; accepted by Envoy 1.40'],
    ]),
  ],
  ['envoy.type.tracing.v3.CustomTag', new Map([['value', 'BTP telemetry.tracing.tags (a value with command operators); accepted by Envoy 1.40']])],
  [
    'envoy.config.route.v3.RateLimit.Action',
    new Map([
      ['remote_address_match', 'BTP rate limit sourceCIDR selectors; accepted by Envoy 1.40'],
      ['query_parameters', 'BTP rate limit Distinct queryParams selectors; accepted by Envoy 1.40'],
    ]),
  ],
  [
    'envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
    new Map([
      ['max_dynamic_descriptors', 'Envoy Gateway caps Distinct local rate-limit buckets; accepted by Envoy 1.40'],
      ['rate_limits', 'per-route rate-limit actions of the local rate limit; accepted by Envoy 1.40'],
    ]),
  ],
  ['envoy.extensions.common.ratelimit.v3.LocalRateLimitDescriptor', new Map([['shadow_mode', 'BTP rate limit shadowMode; accepted by Envoy 1.40']])],
  [
    'envoy.extensions.filters.http.ratelimit.v3.RateLimitConfig',
    new Map([
      ['hits_addend', 'BTP global rate limit cost; accepted by Envoy 1.40'],
      ['apply_on_stream_done', 'BTP global rate limit response cost; accepted by Envoy 1.40'],
    ]),
  ],
  [
    'envoy.extensions.filters.http.ratelimit.v3.RateLimitConfig.Action',
    new Map([
      ['remote_address_match', 'BTP rate limit sourceCIDR selectors; accepted by Envoy 1.40'],
      ['query_parameters', 'BTP rate limit Distinct queryParams selectors; accepted by Envoy 1.40'],
      ['query_parameter_value_match', 'BTP rate limit queryParams selectors; accepted by Envoy 1.40'],
    ]),
  ],
  [
    'envoy.extensions.load_balancing_policies.common.v3.LocalityLbConfig.ZoneAwareLbConfig',
    new Map([['force_local_zone', 'BTP zoneAware.preferLocal.force; accepted by Envoy 1.40']]),
  ],
]);

/**
 * PGV rules of the 1.31 protos that newer Envoy no longer enforces, by `Message.field` full name.
 * The validator drops these rules. Each was confirmed with Envoy 1.40 `--mode validate`.
 */
export const RELAXED_RULES: ReadonlyMap<string, string> = new Map([
  ['envoy.type.v3.TokenBucket.max_tokens', 'Envoy 1.40 accepts max_tokens: 0 (the 1.31 rule is uint32.gt 0)'],
  [
    'envoy.extensions.common.ratelimit.v3.RateLimitDescriptor.Entry.value',
    'Envoy 1.40 accepts an entry without a value (one local bucket per distinct value; the 1.31 rule is string.min_len 1)',
  ],
  // Envoy Gateway's admission control sets default values only; Envoy 1.40 makes runtime_key optional.
  ['envoy.config.core.v3.RuntimeFeatureFlag.runtime_key', 'Envoy 1.40 accepts an empty runtime_key (the 1.31 rule is string.min_len 1)'],
  ['envoy.config.core.v3.RuntimeDouble.runtime_key', 'Envoy 1.40 accepts an empty runtime_key (the 1.31 rule is string.min_len 1)'],
  ['envoy.config.core.v3.RuntimePercent.runtime_key', 'Envoy 1.40 accepts an empty runtime_key (the 1.31 rule is string.min_len 1)'],
  ['envoy.config.core.v3.RuntimeUInt32.runtime_key', 'Envoy 1.40 accepts an empty runtime_key (the 1.31 rule is string.min_len 1)'],
]);
