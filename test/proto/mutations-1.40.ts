import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Mutation } from './mutations';

/**
 * The 1.40 mutation corpus: one small edit each to a bootstrap built on API that Envoy 1.31 did not
 * have (fixtures/bootstrap-1.40.yaml), so the schema of the release envoyc targets is what judges
 * them. Same shape and same use as mutations.ts.
 */

export const BASE_140_FILE = path.join(__dirname, '..', '..', '..', 'test', 'proto', 'fixtures', 'bootstrap-1.40.yaml');
export const BASE_140 = fs.readFileSync(BASE_140_FILE, 'utf8');

const E = 'error' as const;
const W = 'warning' as const;

const DNS_CLUSTER = '"@type": type.googleapis.com/envoy.extensions.clusters.dns.v3.DnsCluster\n';
const ROUTER = '"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router\n';
const HTTP_FILTERS = '          http_filters:\n';
const filter = (name: string, config: string) => `${HTTP_FILTERS}          - name: ${name}\n            typed_config: ${config}\n`;

export const MUTATIONS_140: Mutation[] = [
  { name: '1.40 bootstrap: clean', edits: [], expect: null },
  // The DNS cluster extension (cluster_type envoy.cluster.dns).
  {
    name: 'DNS cluster: misspelled field',
    edits: [['dns_refresh_rate: 30s', 'dns_refresh_rat: 30s']],
    expect: { code: 'envoy_unknown_field', severity: E, line: 113, col: 9 },
  },
  {
    name: 'DNS cluster: refresh rate not above 1ms (duration.gt)',
    edits: [['dns_refresh_rate: 30s', 'dns_refresh_rate: 0.001s']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 113, col: 27 },
  },
  {
    name: 'DNS cluster: minimum refresh rate below 1s (duration.gte)',
    edits: [[DNS_CLUSTER, `${DNS_CLUSTER}        dns_min_refresh_rate: 0.5s\n`]],
    expect: { code: 'envoy_rule_violation', severity: E, line: 113, col: 31 },
  },
  {
    name: 'DNS cluster: unknown lookup family',
    edits: [['dns_lookup_family: V4_PREFERRED', 'dns_lookup_family: V6_FIRST']],
    expect: { code: 'envoy_enum_unknown', severity: E, line: 115, col: 28 },
  },
  {
    name: 'DNS cluster: string for a bool',
    edits: [['        respect_dns_ttl: true', '        respect_dns_ttl: sometimes']],
    expect: { code: 'envoy_type_mismatch', severity: E, line: 116, col: 26 },
  },
  {
    name: 'DNS cluster: negative jitter',
    edits: [['dns_jitter: 1s', 'dns_jitter: -1s']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 114, col: 21 },
  },
  // Load balancing policies.
  {
    name: 'override_host without sources (repeated.min_items)',
    edits: [['            override_host_sources:\n            - header: x-target-endpoint\n', '            override_host_sources: []\n']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 123, col: 36 },
  },
  {
    name: 'override_host without a fallback policy (message.required)',
    edits: [
      [
        '            fallback_policy:\n              policies:\n              - typed_extension_config:\n                  name: envoy.load_balancing_policies.round_robin\n                  typed_config:\n                    "@type": type.googleapis.com/envoy.extensions.load_balancing_policies.round_robin.v3.RoundRobin\n',
        '',
      ],
    ],
    expect: { code: 'envoy_rule_violation', severity: E, line: 122, col: 13 },
  },
  {
    name: 'zone-aware force_local_zone: misspelled field',
    edits: [['min_size: 2', 'min_sizes: 2']],
    expect: { code: 'envoy_unknown_field', severity: E, line: 153, col: 19 },
  },
  {
    name: 'maglev table size above its 64-bit bound (uint64.lte)',
    edits: [
      [
        'name: envoy.load_balancing_policies.least_request\n          typed_config:\n            "@type": type.googleapis.com/envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest\n            choice_count: 2\n            locality_lb_config:\n              zone_aware_lb_config:\n                force_local_zone:\n                  min_size: 2\n                min_cluster_size: 3\n',
        'name: envoy.load_balancing_policies.maglev\n          typed_config:\n            "@type": type.googleapis.com/envoy.extensions.load_balancing_policies.maglev.v3.Maglev\n            table_size: 5000012\n',
      ],
    ],
    expect: { code: 'envoy_rule_violation', severity: E, line: 149, col: 25 },
  },
  // Filters and route settings.
  {
    name: 'body_size_limit of 0 bytes (uint64.gt)',
    edits: [['max_request_bytes: 1048576', 'max_request_bytes: 0']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 27, col: 34 },
  },
  {
    name: 'local rate limit: zero dynamic descriptors (uint32.gte)',
    edits: [['max_dynamic_descriptors: 1000', 'max_dynamic_descriptors: 0']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 32, col: 40 },
  },
  {
    name: 'local rate limit action: query parameter match without parameters',
    edits: [
      [
        '                          query_parameters:\n                          - name: format\n                            string_match:\n                              exact: csv\n',
        '                          query_parameters: []\n',
      ],
    ],
    expect: { code: 'envoy_rule_violation', severity: E, line: 94, col: 45 },
  },
  {
    name: 'local rate limit action: remote address match without a matcher',
    edits: [
      [
        '                          address_matcher:\n                            ranges:\n                            - address_prefix: 10.0.0.0\n                              prefix_len: 8\n',
        '',
      ],
    ],
    expect: { code: 'envoy_rule_violation', severity: E, line: 100, col: 27 },
  },
  {
    name: 'route tracing: misspelled upstream_operation',
    edits: [['upstream_operation: orders-upstream', 'upstream_operaton: orders-upstream']],
    expect: { code: 'envoy_unknown_field', severity: E, line: 58, col: 19 },
  },
  {
    name: 'custom tag with a value and a literal (oneof)',
    edits: [['value: "%REQ(x-request-id)%"', 'value: "%REQ(x-request-id)%"\n                    literal: {value: fixed}']],
    expect: { code: 'envoy_oneof_conflict', severity: E, line: 62, col: 21 },
  },
  {
    name: 'weighted clusters: string for use_hash_policy',
    edits: [['use_hash_policy: true', 'use_hash_policy: maybe']],
    expect: { code: 'envoy_type_mismatch', severity: E, line: 47, col: 38 },
  },
  // Deprecation and work in progress, as Envoy 1.40 judges them.
  {
    name: 'deprecated cluster field: warning',
    edits: [['    type: STATIC\n', '    type: STATIC\n    respect_dns_ttl: true\n']],
    expect: { code: 'envoy_deprecated', severity: W, line: 142, col: 5 },
  },
  {
    name: 'deprecated scalar left at its default: not in use, no warning',
    edits: [['    type: STATIC\n', '    type: STATIC\n    respect_dns_ttl: false\n']],
    expect: null,
  },
  {
    name: 'disallowed-by-default field: rejected',
    edits: [
      [
        '                  hash_policy:\n',
        '                  rate_limits:\n                  - actions:\n                    - dynamic_metadata:\n                        descriptor_key: k\n                        metadata_key: {key: a, path: [{key: b}]}\n                  hash_policy:\n',
      ],
    ],
    expect: { code: 'envoy_disallowed_field', severity: E, line: 55, col: 23 },
  },
  {
    name: 'work-in-progress field: warning',
    edits: [[HTTP_FILTERS, `          http_protocol_options: {allow_custom_methods: true}\n${HTTP_FILTERS}`]],
    expect: { code: 'envoy_work_in_progress', severity: W, line: 23, col: 35 },
  },
  {
    name: 'filter in a work-in-progress proto file: warning',
    edits: [
      [HTTP_FILTERS, filter('envoy.filters.http.api_key_auth', '{"@type": type.googleapis.com/envoy.extensions.filters.http.api_key_auth.v3.ApiKeyAuth}')],
    ],
    expect: { code: 'envoy_work_in_progress', severity: W, line: 25, col: 27 },
  },
  // Types Envoy 1.40 does not know.
  {
    name: 'contrib filter: not in the API envoyc follows, nor in the Envoy build',
    edits: [[HTTP_FILTERS, filter('envoy.filters.http.golang', '{"@type": type.googleapis.com/envoy.extensions.filters.http.golang.v3alpha.Config}')]],
    expect: { code: 'envoy_any_unknown_type', severity: E, line: 25, col: 37 },
  },
  {
    name: 'removed filter: in the API, left out of the Envoy build',
    edits: [[HTTP_FILTERS, filter('envoy.filters.http.gzip', '{"@type": type.googleapis.com/envoy.extensions.filters.http.gzip.v3.Gzip}')]],
    expect: { code: 'envoy_any_unknown_type', severity: E, line: 25, col: 37 },
  },
  {
    name: 'router config as an xds TypedStruct: accepted',
    edits: [
      [
        `              ${ROUTER}`,
        '              "@type": type.googleapis.com/xds.type.v3.TypedStruct\n              type_url: type.googleapis.com/envoy.extensions.filters.http.router.v3.Router\n              value: {suppress_envoy_headers: true}\n',
      ],
    ],
    expect: null,
  },
  {
    name: 'router config as an xds TypedStruct: unknown field inside',
    edits: [
      [
        `              ${ROUTER}`,
        '              "@type": type.googleapis.com/xds.type.v3.TypedStruct\n              type_url: type.googleapis.com/envoy.extensions.filters.http.router.v3.Router\n              value: {suppress_envoy_header: true}\n',
      ],
    ],
    expect: { code: 'envoy_unknown_field', severity: E, line: 37, col: 23 },
  },
];
