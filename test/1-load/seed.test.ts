import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { btp, run } from './helpers';

// Every seed-document spelling of btp-fields.md §8: a non-canonical warning at the key, and the canonical value.
const rows: { name: string; spec: string; at: string; message: RegExp; pick: (s: any) => unknown; want: unknown }[] = [
  {
    name: 'retry.retryOn as a list → retryOn.triggers',
    spec: '  retry:\n    retryOn: [connect-failure, retriable-status-codes]\n',
    at: '7:5',
    message: /read as spec\.retry\.retryOn\.triggers: \[connect-failure, retriable-status-codes\]/,
    pick: (s) => s.retry,
    want: { retryOn: { triggers: ['connect-failure', 'retriable-status-codes'] }, numRetries: 2 },
  },
  {
    name: 'retry.retriableStatusCodes → retryOn.httpStatusCodes',
    spec: '  retry:\n    retriableStatusCodes: [503]\n',
    at: '7:5',
    message: /read as spec\.retry\.retryOn\.httpStatusCodes: \[503\]/,
    pick: (s) => s.retry.retryOn,
    want: { httpStatusCodes: [503] },
  },
  {
    name: 'retry.retriableStatusCodes merges into a written retryOn (any key order)',
    spec: '  retry:\n    retriableStatusCodes: [503]\n    retryOn: {triggers: [5xx]}\n',
    at: '7:5',
    message: /httpStatusCodes/,
    pick: (s) => s.retry.retryOn,
    want: { triggers: ['5xx'], httpStatusCodes: [503] },
  },
  {
    name: 'retry.perRetryTimeout → perRetry.timeout',
    spec: '  retry: {perRetryTimeout: 5s}\n',
    at: '6:11',
    message: /read as spec\.retry\.perRetry\.timeout: 5s/,
    pick: (s) => s.retry.perRetry,
    want: { timeout: '5s' },
  },
  {
    name: 'circuitBreaker.maxRequests → maxParallelRequests (other defaults still apply)',
    spec: '  circuitBreaker: {maxRequests: 10}\n',
    at: '6:20',
    message: /read as spec\.circuitBreaker\.maxParallelRequests: 10/,
    pick: (s) => s.circuitBreaker,
    want: { maxParallelRequests: 10, maxConnections: 1024, maxPendingRequests: 1024, maxParallelRetries: 1024 },
  },
  {
    name: 'healthCheck.passive.consecutive5xxErrors → consecutive5XxErrors',
    spec: '  healthCheck: {passive: {consecutive5xxErrors: 3}}\n',
    at: '6:27',
    message: /consecutive5XxErrors: 3/,
    pick: (s) => s.healthCheck.passive.consecutive5XxErrors,
    want: 3,
  },
  {
    name: 'healthCheck.active with http but no type → type HTTP',
    spec: '  healthCheck: {active: {http: {path: /healthz}}}\n',
    at: '6:26',
    message: /read as spec\.healthCheck\.active\.type: HTTP/,
    pick: (s) => [s.healthCheck.active.type, s.healthCheck.active.interval],
    want: ['HTTP', '3s'],
  },
  {
    name: 'loadBalancer.type Maglev → ConsistentHash + consistentHash SourceIP',
    spec: '  loadBalancer: {type: Maglev}\n',
    at: '6:18',
    message: /read as type: ConsistentHash with spec\.loadBalancer\.consistentHash: \{type: SourceIP\}/,
    pick: (s) => s.loadBalancer,
    want: { type: 'ConsistentHash', consistentHash: { type: 'SourceIP', tableSize: 65537 } },
  },
  {
    name: 'loadBalancer.type Maglev keeps a written consistentHash',
    spec: '  loadBalancer: {type: Maglev, consistentHash: {type: Headers, headers: [{name: x}]}}\n',
    at: '6:18',
    message: /read as type: ConsistentHash \(/,
    pick: (s) => s.loadBalancer.consistentHash.type,
    want: 'Headers',
  },
  {
    name: 'loadBalancer.leastRequest.choiceCount is kept as an envoyc extension',
    spec: '  loadBalancer: {type: LeastRequest, leastRequest: {choiceCount: 4}}\n',
    at: '6:53',
    message: /not part of the Envoy Gateway API; honoured by envoyc as Envoy's LeastRequest choice_count/,
    pick: (s) => s.loadBalancer.leastRequest,
    want: { choiceCount: 4 },
  },
];

for (const row of rows)
  test(row.name, () => {
    const r = run(btp(row.spec));
    assert.equal(r.where, [`${row.at} non_canonical_field`]);
    const d = r.diags[0]!;
    assert.is(d.severity, 'warning');
    assert.is(d.nonCanonical, true);
    assert.match(d.message, row.message);
    assert.equal(row.pick(r.res.policies[0]!.value.spec), row.want);
  });

test('--strict turns a seed spelling into an error and drops nothing else', () => {
  const r = run(btp('  retry: {perRetryTimeout: 5s}\n'), true);
  assert.is(r.diags[0]!.severity, 'error');
});

test('seed spelling and canonical field together: error', () => {
  const r = run(btp('  retry: {perRetryTimeout: 5s, perRetry: {timeout: 1s}}\n'));
  assert.equal(r.where, ['6:28 invalid_value']);
  assert.match(r.diags[0]!.message, /perRetryTimeout is not an API field and spec\.retry\.perRetry\.timeout is also set/);
});

test('spec.targetRef loads without a warning (deprecation is reported later)', () => {
  const r = run(
    `apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: p}\nspec:\n  targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: g}\n`,
  );
  assert.equal(r.where, []);
  assert.is(r.res.policies.length, 1);
});

test.run();
