import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AppliedBtp as AppliedPolicy } from '../../compiler/3-merge/kinds/backendtrafficpolicy';
import type { BackendTrafficPolicySpec, Retry } from '../../compiler/api/backendtrafficpolicy';
import { lowerRouteSettings, type RuleSettingsSource } from '../../compiler/4-lower/route-settings';
import { lowerHashPolicies } from '../../compiler/4-lower/route-settings/hash-policy';
import { fractionToPercent, percentageToFraction } from '../../compiler/4-lower/percent';
import { lowerPolicyRetry } from '../../compiler/4-lower/route-settings/retry';
import { routeStatName } from '../../compiler/4-lower/route-settings/telemetry';

const DEFAULT_ON = 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes';

const retryRows: [string, Retry, object][] = [
  ['retry {}: full Envoy Gateway default policy', { numRetries: 2 }, { retryOn: DEFAULT_ON, numRetries: 2, retriableStatusCodes: [503] }],
  [
    'triggers sorted and de-duplicated; codes emptied',
    { numRetries: 3, retryOn: { triggers: ['reset', '5xx', 'connect-failure', 'reset'] } },
    { retryOn: '5xx,connect-failure,reset', numRetries: 3, retriableStatusCodes: [] },
  ],
  [
    'empty triggers keep the default retry_on; codes replace 503',
    { numRetries: 2, retryOn: { triggers: [], httpStatusCodes: [504, 502, 504] } },
    { retryOn: DEFAULT_ON, numRetries: 2, retriableStatusCodes: [502, 504] },
  ],
  [
    'perRetry and numAttemptsPerPriority',
    { numRetries: 1, numAttemptsPerPriority: 2, perRetry: { timeout: '250ms', backOff: { baseInterval: '100ms', maxInterval: '1s' } } },
    {
      retryOn: DEFAULT_ON,
      numRetries: 1,
      retriableStatusCodes: [503],
      perTryTimeoutMs: 250,
      backOff: { baseIntervalMs: 100, maxIntervalMs: 1000 },
      retryPriorityUpdateFrequency: 2,
    },
  ],
  [
    'numAttemptsPerPriority 0: no retry priority',
    { numRetries: 2, numAttemptsPerPriority: 0 },
    { retryOn: DEFAULT_ON, numRetries: 2, retriableStatusCodes: [503] },
  ],
];
for (const [name, retry, want] of retryRows) test(`retry: ${name}`, () => assert.equal(lowerPolicyRetry(retry), want));

function applied(spec: BackendTrafficPolicySpec, invalid = false): AppliedPolicy {
  return { spec, policies: ['BackendTrafficPolicy/default/p'], owners: {}, invalid };
}
const HTTP = { kind: 'HTTPRoute' as const, weighted: false };
const policy = applied({ timeout: { http: { requestTimeout: '5s' } }, retry: { numRetries: 5 } });

const interplayRows: [string, RuleSettingsSource | undefined, AppliedPolicy | undefined, object][] = [
  ['no rule timeouts: BTP requestTimeout, idle max(1h, t)', undefined, policy, { timeoutMs: 5000, idleTimeoutMs: 3_600_000 }],
  ['rule request wins over BTP', { timeouts: { request: '130s' } }, policy, { timeoutMs: 130_000, idleTimeoutMs: 3_600_000 }],
  ['rule backendRequest without retry is the route timeout', { timeouts: { request: '30s', backendRequest: '3s' } }, policy, { timeoutMs: 3000 }],
  [
    'rule retry: request timeout stays; backendRequest is per-try',
    { timeouts: { request: '20s', backendRequest: '2s' }, retry: { attempts: 4 } },
    policy,
    { timeoutMs: 20_000 },
  ],
  ['requestTimeout 0s: idle 0', undefined, applied({ timeout: { http: { requestTimeout: '0s' } } }), { timeoutMs: 0, idleTimeoutMs: 0 }],
  [
    'streamIdleTimeout wins for idle_timeout',
    undefined,
    applied({ timeout: { http: { requestTimeout: '5s', streamIdleTimeout: '90s' } } }),
    { timeoutMs: 5000, idleTimeoutMs: 90_000 },
  ],
  ['invalid policy contributes nothing', undefined, applied({ timeout: { http: { requestTimeout: '5s' } } }, true), {}],
];
for (const [name, rule, a, want] of interplayRows) {
  test(`interplay: ${name}`, () => {
    const s = lowerRouteSettings(rule, a, HTTP);
    for (const [k, v] of Object.entries(want)) assert.equal((s as unknown as Record<string, unknown>)[k], v, k);
    if (Object.keys(want).length === 0) assert.equal(s.timeoutMs, undefined);
  });
}

test('interplay: rule retry replaces the BTP retry wholesale', () => {
  const s = lowerRouteSettings({ retry: { attempts: 4, codes: [500] }, timeouts: { backendRequest: '2s' } }, policy, HTTP);
  assert.equal(s.retry, { retryOn: DEFAULT_ON, numRetries: 4, retriableStatusCodes: [500], perTryTimeoutMs: 2000 });
});

test('upgrades: gRPC none; httpUpgrade replaces websocket; requestBuffer removes it', () => {
  assert.equal(lowerRouteSettings(undefined, undefined, { kind: 'GRPCRoute', weighted: false }).upgrades, []);
  assert.equal(lowerRouteSettings(undefined, undefined, HTTP).upgrades, [{ type: 'websocket' }]);
  assert.equal(lowerRouteSettings(undefined, applied({ httpUpgrade: [{ type: 'CONNECT', connect: { terminate: true } }] }), HTTP).upgrades, [
    { type: 'CONNECT', connectConfig: true },
  ]);
  assert.equal(lowerRouteSettings(undefined, applied({ requestBuffer: { limit: '1Mi' } }), HTTP).upgrades, []);
});

test('hash policy: weighted clusters get use_hash_policy', () => {
  const a = applied({ loadBalancer: { type: 'ConsistentHash', consistentHash: { type: 'SourceIP', tableSize: 65537 } } });
  assert.equal(lowerRouteSettings(undefined, a, { kind: 'HTTPRoute', weighted: true }).useHashPolicy, true);
  assert.equal(lowerRouteSettings(undefined, a, HTTP).useHashPolicy, undefined);
});

const hashRows: [string, BackendTrafficPolicySpec['loadBalancer'], object][] = [
  ['not ConsistentHash: none', { type: 'RoundRobin' }, []],
  [
    'deprecated Header: one header',
    { type: 'ConsistentHash', consistentHash: { type: 'Header', header: { name: 'x-a' }, tableSize: 65537 } },
    [{ type: 'header', name: 'x-a' }],
  ],
  [
    'Cookie attributes sorted by name',
    { type: 'ConsistentHash', consistentHash: { type: 'Cookie', cookie: { name: 's', ttl: '1m', attributes: { b: '2', a: '1' } }, tableSize: 65537 } },
    [
      {
        type: 'cookie',
        name: 's',
        ttlMs: 60_000,
        attributes: [
          { name: 'a', value: '1' },
          { name: 'b', value: '2' },
        ],
      },
    ],
  ],
  [
    'QueryParams: one per entry',
    { type: 'ConsistentHash', consistentHash: { type: 'QueryParams', queryParams: [{ name: 'u' }, { name: 'v' }], tableSize: 65537 } },
    [
      { type: 'queryParameter', name: 'u' },
      { type: 'queryParameter', name: 'v' },
    ],
  ],
];
for (const [name, lb, want] of hashRows) test(`hash: ${name}`, () => assert.equal(lowerHashPolicies(lb), want));

test('routeStatName: variables filled, unnamed rule is -', () => {
  assert.is(
    routeStatName('%ROUTE_KIND%/%ROUTE_NAMESPACE%/%ROUTE_NAME%/%ROUTE_RULE_NAME%', { kind: 'HTTPRoute', namespace: 'ns', name: 'r' }),
    'HTTPRoute/ns/r/-',
  );
});

test('percentages: float32 as Envoy Gateway converts them', () => {
  assert.equal(percentageToFraction(100), { numerator: 1_000_000, denominator: 'MILLION' });
  assert.equal(percentageToFraction(0.1), { numerator: 1000, denominator: 'MILLION' });
  assert.equal(fractionToPercent({ numerator: 1, denominator: 1000 }), { numerator: 10, denominator: 'TEN_THOUSAND' });
  assert.equal(fractionToPercent({ numerator: 1, denominator: 3 }), { numerator: 333_333, denominator: 'MILLION' });
});

test.run();
