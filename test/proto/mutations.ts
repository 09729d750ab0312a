import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The mutation corpus: one small edit each to a realistic hand-written bootstrap
 * (fixtures/bootstrap.yaml), with the finding we expect (code, severity, line, col) and what real
 * `envoy --mode validate` (1.40) is expected to say. Used by mutations.test.ts (ours) and by
 * test/6-validate/differential.test.ts (ours vs Envoy), with the 1.40 corpus (mutations-1.40.ts).
 */

export const BASE_FILE = path.join(__dirname, '..', '..', '..', 'test', 'proto', 'fixtures', 'bootstrap.yaml');
export const BASE = fs.readFileSync(BASE_FILE, 'utf8');

export interface Mutation {
  /** States the behaviour. */
  name: string;
  /** [from, to] replacements; each `from` must occur exactly once in the current text. */
  edits: [string, string][];
  /** The finding that must be reported; `null` for "no errors and no warnings". */
  expect: { code: string; severity: 'error' | 'warning'; line: number; col: number } | null;
  /** Other error codes this edit may also cause (anything else failing is a test failure). */
  also?: string[];
  /** Validate in strict mode (default: envoy mode, as `envoyc validate`). */
  strict?: boolean;
  /**
   * The differential test expects Envoy to agree with our verdict (error ⇔ Envoy rejects). When
   * it knowingly does not, the reason is written here.
   */
  envoyDisagrees?: string;
}

export function applyEdits(text: string, edits: [string, string][]): string {
  for (const [from, to] of edits) {
    const at = text.indexOf(from);
    if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`edit target not found exactly once: ${JSON.stringify(from)}`);
    text = text.slice(0, at) + to + text.slice(at + from.length);
  }
  return text;
}

const E = 'error' as const;
const W = 'warning' as const;

export const MUTATIONS: Mutation[] = [
  { name: 'base bootstrap: clean', edits: [], expect: null },
  {
    name: 'camelCase keys: accepted like snake_case',
    edits: [
      ['connect_timeout: 0.25s', 'connectTimeout: 0.25s'],
      ['stat_prefix: ingress_http', 'statPrefix: ingress_http'],
    ],
    expect: null,
  },
  // Unknown fields.
  {
    name: 'misspelled field: unknown, did you mean',
    edits: [['max_connections: 1024', 'max_conections: 1024']],
    expect: { code: 'envoy_unknown_field', severity: E, line: 110, col: 9 },
  },
  {
    name: 'misspelled top-level field',
    edits: [['static_resources:', 'static_resource:']],
    expect: { code: 'envoy_unknown_field', severity: E, line: 10, col: 1 },
  },
  {
    name: 'unknown field inside an Any',
    edits: [['stat_prefix: ingress_http', 'stat_prefx: ingress_http']],
    expect: { code: 'envoy_unknown_field', severity: E, line: 23, col: 11 },
    also: ['envoy_rule_violation'],
  },
  {
    name: 'unknown field two Anys deep',
    edits: [['max_concurrent_streams: 100', 'max_concurent_streams: 100']],
    expect: { code: 'envoy_unknown_field', severity: E, line: 133, col: 13 },
  },
  {
    name: 'unknown field in a well-known Duration object',
    edits: [['connect_timeout: 1s', 'connect_timeout: {secs: 1}']],
    expect: { code: 'envoy_unknown_field', severity: E, line: 145, col: 23 },
    also: ['envoy_rule_violation'],
  },
  // Types and ranges.
  { name: 'string for a uint32', edits: [['port_value: 9901', 'port_value: abc']], expect: { code: 'envoy_type_mismatch', severity: E, line: 9, col: 19 } },
  { name: 'negative uint32', edits: [['port_value: 9901', 'port_value: -1']], expect: { code: 'envoy_value_invalid', severity: E, line: 9, col: 19 } },
  {
    name: 'port above 65535: PGV lte',
    edits: [['port_value: 9901', 'port_value: 70000']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 9, col: 19 },
  },
  {
    name: 'uint32 wrapper above 2^32',
    edits: [['per_connection_buffer_limit_bytes: 32768', 'per_connection_buffer_limit_bytes: 5000000000']],
    expect: { code: 'envoy_value_invalid', severity: E, line: 17, col: 40 },
  },
  { name: 'fractional integer', edits: [['max_retries: 3', 'max_retries: 3.5']], expect: { code: 'envoy_value_invalid', severity: E, line: 112, col: 22 } },
  { name: 'quoted exponent for an int: accepted (proto3 JSON; Envoy 1.40 parses it)', edits: [['max_retries: 3', 'max_retries: "1e2"']], expect: null },
  {
    name: 'duration in ms',
    edits: [['connect_timeout: 0.25s', 'connect_timeout: 250ms']],
    expect: { code: 'envoy_value_invalid', severity: E, line: 102, col: 22 },
  },
  { name: 'duration in words', edits: [['timeout: 15s', 'timeout: 5 seconds']], expect: { code: 'envoy_value_invalid', severity: E, line: 59, col: 28 } },
  {
    name: 'bare number for a duration',
    edits: [['connect_timeout: 1s', 'connect_timeout: 5']],
    expect: { code: 'envoy_type_mismatch', severity: E, line: 145, col: 22 },
  },
  {
    name: 'string for a bool',
    edits: [['use_remote_address: true', 'use_remote_address: maybe']],
    expect: { code: 'envoy_type_mismatch', severity: E, line: 25, col: 31 },
  },
  {
    name: 'string for a message',
    edits: [
      [
        'outlier_detection:\n      consecutive_5xx: 5\n      interval: 10s\n      base_ejection_time: 30s\n      max_ejection_percent: 50',
        'outlier_detection: yes',
      ],
    ],
    expect: { code: 'envoy_type_mismatch', severity: E, line: 113, col: 24 },
  },
  {
    name: 'string for a Struct',
    edits: [['  cluster: edge\n', '  cluster: edge\n  metadata: abc\n']],
    expect: { code: 'envoy_type_mismatch', severity: E, line: 5, col: 13 },
  },
  {
    name: 'bytes that are not base64',
    edits: [
      [
        'sni: static.example.com',
        'sni: static.example.com\n        common_tls_context:\n          validation_context:\n            trusted_ca:\n              inline_bytes: "%%%"',
      ],
    ],
    expect: { code: 'envoy_value_invalid', severity: E, line: 169, col: 29 },
  },
  {
    name: 'list for a message',
    edits: [['circuit_breakers:\n      thresholds:', 'circuit_breakers: []\n    circuit_breakers_unused:\n      thresholds:']],
    expect: { code: 'envoy_type_mismatch', severity: E, line: 107, col: 23 },
    also: ['envoy_unknown_field'],
  },
  // Enums.
  {
    name: 'enum typo: did you mean',
    edits: [['lb_policy: LEAST_REQUEST', 'lb_policy: LEAST_REQUESTS']],
    expect: { code: 'envoy_enum_unknown', severity: E, line: 104, col: 16 },
  },
  {
    name: 'enum in lower case: Envoy accepts, warning',
    edits: [['lb_policy: LEAST_REQUEST', 'lb_policy: least_request']],
    expect: { code: 'envoy_non_canonical', severity: W, line: 104, col: 16 },
  },
  {
    name: 'enum in lower case: strict error',
    edits: [['lb_policy: LEAST_REQUEST', 'lb_policy: least_request']],
    strict: true,
    expect: { code: 'envoy_non_canonical', severity: E, line: 104, col: 16 },
    envoyDisagrees: 'strict mode: canonical proto3 JSON only; Envoy parses enums case-insensitively',
  },
  {
    name: 'enum as a numeric string: warning',
    edits: [['lb_policy: LEAST_REQUEST', 'lb_policy: "1"']],
    expect: { code: 'envoy_non_canonical', severity: W, line: 104, col: 16 },
  },
  {
    name: 'disallowed-by-default enum value left as the default: rejected',
    edits: [['                collector_endpoint_version: HTTP_JSON\n', '']],
    expect: { code: 'envoy_disallowed_enum', severity: E, line: 40, col: 17 },
  },
  {
    name: 'disallowed-by-default enum value',
    edits: [['collector_endpoint_version: HTTP_JSON', 'collector_endpoint_version: DEPRECATED_AND_UNAVAILABLE_DO_NOT_USE']],
    expect: { code: 'envoy_disallowed_enum', severity: E, line: 43, col: 45 },
  },
  // Oneofs.
  {
    name: 'two oneof members set',
    edits: [['prefix: /api/', 'prefix: /api/\n                  path: /api']],
    expect: { code: 'envoy_oneof_conflict', severity: E, line: 53, col: 19 },
  },
  {
    name: 'empty route match: required oneof',
    edits: [['match:\n                  path: /favicon.ico', 'match: {}\n                  # path: /favicon.ico']],
    expect: { code: 'envoy_oneof_required', severity: E, line: 68, col: 24 },
  },
  {
    name: 'health check without a checker',
    edits: [['http_health_check:\n        path: /healthz\n', 'tcp_keepalive_unused:\n        path: /healthz\n']],
    expect: { code: 'envoy_oneof_required', severity: E, line: 119, col: 7 },
    also: ['envoy_unknown_field'],
  },
  {
    name: 'route_config and rds both set',
    edits: [['          route_config:\n', '          rds:\n            route_config_name: r\n            config_source: {ads: {}}\n          route_config:\n']],
    expect: { code: 'envoy_oneof_conflict', severity: E, line: 47, col: 11 },
  },
  {
    name: 'empty hash policy',
    edits: [['- header:\n                      header_name: x-user', '- {}']],
    expect: { code: 'envoy_oneof_required', severity: E, line: 65, col: 21 },
  },
  // Any / typed_config.
  {
    name: 'unknown @type: did you mean',
    edits: [['stream.v3.StdoutAccessLog', 'stream.v3.StdoutAccesLog']],
    expect: { code: 'envoy_any_unknown_type', severity: E, line: 31, col: 24 },
  },
  {
    name: '@type without a type URL prefix',
    edits: [['"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router', '"@type": envoy.extensions.filters.http.router.v3.Router']],
    expect: { code: 'envoy_any_invalid', severity: E, line: 98, col: 24 },
  },
  {
    name: 'typed_config without @type',
    edits: [['"@type": type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog\n', '']],
    expect: { code: 'envoy_any_invalid', severity: E, line: 34, col: 29 },
    also: ['envoy_extension_slot'],
  },
  {
    name: 'v2 API type',
    edits: [['type.googleapis.com/envoy.extensions.filters.http.router.v3.Router', 'type.googleapis.com/envoy.config.filter.http.router.v2.Router']],
    expect: { code: 'envoy_any_unknown_type', severity: E, line: 98, col: 24 },
    also: ['envoy_terminal_filter'],
  },
  {
    name: 'unknown type in an unknown envoy package',
    edits: [
      [
        'type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog',
        'type.googleapis.com/envoy.extensions.access_loggers.fancy_logger.v3.FancyLogger',
      ],
    ],
    expect: { code: 'envoy_any_unknown_type', severity: E, line: 31, col: 24 },
  },
  {
    name: 'HTTP filter type in the network filter slot',
    edits: [
      [
        '"@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
        '"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router',
      ],
    ],
    expect: { code: 'envoy_extension_slot', severity: E, line: 22, col: 20 },
    also: ['envoy_unknown_field'],
  },
  {
    name: 'http filter without typed_config',
    edits: [
      [
        '          - name: envoy.filters.http.local_ratelimit\n            typed_config:\n',
        '          - name: envoy.filters.http.local_ratelimit\n            typed_config_unused:\n',
      ],
    ],
    expect: { code: 'envoy_extension_slot', severity: E, line: 79, col: 13 },
    also: ['envoy_unknown_field'],
  },
  {
    name: 'empty typed_config: Envoy accepts the Any, the slot does not',
    edits: [
      [
        'typed_config:\n              "@type": type.googleapis.com/envoy.extensions.access_loggers.file.v3.FileAccessLog\n              path: /dev/null',
        'typed_config: {}',
      ],
    ],
    expect: { code: 'envoy_extension_slot', severity: E, line: 33, col: 27 },
  },
  // PGV rules.
  {
    name: 'missing cluster name: PGV min_len on the default value',
    edits: [['  - name: zipkin\n    type: LOGICAL_DNS', '  - type: LOGICAL_DNS']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 166, col: 5 },
    also: ['envoy_cluster_not_found'],
  },
  {
    name: 'least request choice_count below 2',
    edits: [['choice_count: 3', 'choice_count: 1']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 106, col: 21 },
  },
  {
    name: 'empty domains',
    edits: [['domains: ["example.com", "www.example.com"]', 'domains: []']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 48, col: 24 },
  },
  {
    name: 'empty HCM stat_prefix',
    edits: [['stat_prefix: ingress_http', 'stat_prefix: ""']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 23, col: 24 },
  },
  {
    name: 'gzip window_bits above 15',
    edits: [['window_bits: 12', 'window_bits: 16']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 95, col: 32 },
  },
  {
    name: 'header name with a newline',
    edits: [['- name: x-canary', '- name: "x-can\\nary"']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 54, col: 27 },
  },
  { name: 'empty header name', edits: [['- name: x-canary', '- name: ""']], expect: { code: 'envoy_rule_violation', severity: E, line: 54, col: 27 } },
  {
    name: 'TLS sni longer than 255 bytes',
    edits: [['sni: static.example.com', `sni: ${'a'.repeat(256)}`]],
    expect: { code: 'envoy_rule_violation', severity: E, line: 165, col: 14 },
  },
  {
    name: 'health check without interval: duration.required',
    edits: [['      interval: 5s\n', '']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 119, col: 7 },
  },
  {
    name: 'health check without healthy_threshold: message.required',
    edits: [['      healthy_threshold: 2\n', '']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 119, col: 7 },
  },
  {
    name: 'health check timeout 0s: duration.gt',
    edits: [['    - timeout: 1s', '    - timeout: 0s']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 119, col: 16 },
  },
  { name: 'token bucket max_tokens 0: accepted (no rule on it in 1.40)', edits: [['max_tokens: 100', 'max_tokens: 0']], expect: null },
  {
    name: 'token bucket fill_interval 0s',
    edits: [['fill_interval: 1s', 'fill_interval: 0s']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 86, col: 32 },
  },
  {
    name: 'max_ejection_percent above 100',
    edits: [['max_ejection_percent: 50', 'max_ejection_percent: 150']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 117, col: 29 },
  },
  {
    name: 'file access log with an empty path',
    edits: [['path: /dev/null', 'path: ""']],
    expect: { code: 'envoy_rule_violation', severity: E, line: 35, col: 21 },
  },
  // Deprecated and lenient forms.
  {
    name: 'deprecated field: warning',
    edits: [['    dns_lookup_family: V4_ONLY\n', '    dns_lookup_family: V4_ONLY\n    http2_protocol_options: {}\n']],
    expect: { code: 'envoy_deprecated', severity: W, line: 104, col: 5 },
  },
  {
    name: 'bool as "yes": Envoy accepts, warning',
    edits: [['use_remote_address: true', 'use_remote_address: "yes"']],
    expect: { code: 'envoy_non_canonical', severity: W, line: 25, col: 31 },
  },
  {
    name: 'single value for a repeated field: warning',
    edits: [['domains: ["example.com", "www.example.com"]', 'domains: "*"']],
    expect: { code: 'envoy_non_canonical', severity: W, line: 48, col: 24 },
  },
  {
    name: 'wrapper as {value: N}: warning',
    edits: [['max_connections: 1024', 'max_connections: {value: 1024}']],
    expect: { code: 'envoy_non_canonical', severity: W, line: 110, col: 26 },
  },
  {
    name: 'duration as {seconds: N}: warning',
    edits: [['connect_timeout: 1s', 'connect_timeout: {seconds: 1}']],
    expect: { code: 'envoy_non_canonical', severity: W, line: 145, col: 22 },
  },
  {
    name: 'duplicate YAML key: warning',
    edits: [['    connect_timeout: 1s\n', '    connect_timeout: 1s\n    connect_timeout: 2s\n']],
    expect: { code: 'envoy_duplicate_key', severity: W, line: 146, col: 5 },
  },
  // Semantic checks Envoy does in C++.
  {
    name: 'route to an unknown cluster: did you mean',
    edits: [['cluster: static\n', 'cluster: statik\n']],
    expect: { code: 'envoy_cluster_not_found', severity: E, line: 71, col: 28 },
  },
  {
    name: 'duplicate cluster name',
    edits: [['  - name: zipkin\n    type: LOGICAL_DNS', '  - name: api\n    type: LOGICAL_DNS']],
    expect: { code: 'envoy_duplicate_name', severity: E, line: 166, col: 11 },
  },
  {
    name: 'duplicate listener name: warning',
    edits: [
      [
        '  clusters:\n',
        '  - name: http\n    address:\n      socket_address:\n        address: 0.0.0.0\n        port_value: 10001\n    filter_chains:\n    - filters:\n      - name: envoy.filters.network.tcp_proxy\n        typed_config:\n          "@type": type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy\n          stat_prefix: tcp\n          cluster: api\n  clusters:\n',
      ],
    ],
    expect: { code: 'envoy_duplicate_name', severity: W, line: 99, col: 11 },
  },
  {
    name: 'router filter not last',
    edits: [
      [
        '          - name: envoy.filters.http.local_ratelimit\n',
        '          - name: envoy.filters.http.router\n            typed_config:\n              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router\n          - name: envoy.filters.http.local_ratelimit\n',
      ],
      [
        '              window_bits: 12\n          - name: envoy.filters.http.router\n            typed_config:\n              "@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router\n',
        '              window_bits: 12\n',
      ],
    ],
    expect: { code: 'envoy_terminal_filter', severity: E, line: 79, col: 13 },
  },
  { name: 'expected_statuses end above 600', edits: [['end: 300', 'end: 700']], expect: { code: 'envoy_status_range', severity: E, line: 126, col: 11 } },
  { name: 'expected_statuses start >= end', edits: [['start: 200', 'start: 300']], expect: { code: 'envoy_status_range', severity: E, line: 126, col: 11 } },
  {
    name: 'maglev_lb_config with LEAST_REQUEST: warning',
    edits: [['    least_request_lb_config:\n      choice_count: 3\n', '    maglev_lb_config:\n      table_size: 65537\n']],
    expect: { code: 'envoy_lb_config_mismatch', severity: W, line: 105, col: 5 },
  },
  {
    name: 'unknown retry_on token: warning (Envoy ignores it)',
    edits: [['retry_on: 5xx,reset,connect-failure', 'retry_on: 5xx,rest,connect-failure']],
    expect: { code: 'envoy_retry_on_unknown', severity: W, line: 61, col: 31 },
  },
  {
    name: 'STATIC cluster with a hostname endpoint',
    edits: [['address: 10.0.0.10', 'address: static.internal']],
    expect: { code: 'envoy_static_hostname', severity: E, line: 154, col: 26 },
  },
];
