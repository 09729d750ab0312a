/**
 * Sub-messages many clusters and routes carry alike are one frozen object (5-emit/shared.ts); the
 * schema check and the YAML writer take each once. Sharing changes no byte and hides no finding.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildCircuitBreakers } from '../../compiler/5-emit/circuit-breakers';
import { serialize, writeYamlTo } from '../../compiler/5-emit/serialize';
import { sharedBuilder } from '../../compiler/5-emit/shared';
import { validateMessage } from '../../proto';

test('equal inputs give one deeply frozen message; other inputs another', () => {
  const a = buildCircuitBreakers({ maxRetries: 7, retryBudget: { budgetPercent: 20 } });
  const b = buildCircuitBreakers({ maxRetries: 7, retryBudget: { budgetPercent: 20 } });
  const c = buildCircuitBreakers({ maxRetries: 8 });
  assert.ok(a === b);
  assert.ok(a !== c);
  assert.equal(c, { thresholds: [{ max_retries: 8 }] });
  const threshold = (a.thresholds as Record<string, unknown>[])[0]!;
  assert.ok(Object.isFrozen(a) && Object.isFrozen(a.thresholds) && Object.isFrozen(threshold) && Object.isFrozen(threshold.retry_budget));
  assert.throws(() => {
    threshold.max_retries = 9;
  }, TypeError);
});

test('a builder made shared builds once per distinct input, and after many distinct inputs still answers right', () => {
  let builds = 0;
  const build = sharedBuilder((n: { n: number }) => (builds++, { value: n.n }));
  for (let round = 0; round < 3; round++) for (let i = 0; i < 10; i++) assert.equal(build({ n: i }).value, i);
  assert.is(builds, 10);
  for (let i = 0; i < 1000; i++) assert.is(build({ n: i }).value, i);
});

test('a frozen input (an IR constant) is found by identity, and gives what its copies give', () => {
  const seven = Object.freeze({ maxRetries: 7 });
  const eight = Object.freeze({ maxRetries: 8 });
  const a = buildCircuitBreakers(seven);
  assert.ok(buildCircuitBreakers(seven) === a);
  assert.ok(buildCircuitBreakers({ maxRetries: 7 }) === a);
  assert.equal(buildCircuitBreakers(eight), { thresholds: [{ max_retries: 8 }] });
  assert.ok(buildCircuitBreakers(seven) === a);
});

const LEAST_REQUEST = 'type.googleapis.com/envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest';
const cluster = (name: string, lb: unknown) => ({ name, type: 'STATIC', connect_timeout: '1s', load_balancing_policy: lb });
const policy = (choiceCount: number) =>
  Object.freeze({
    policies: Object.freeze([
      Object.freeze({
        typed_extension_config: Object.freeze({
          name: 'envoy.load_balancing_policies.least_request',
          typed_config: Object.freeze({ '@type': LEAST_REQUEST, choice_count: choiceCount }),
        }),
      }),
    ]),
  });
const bootstrap = (lb: unknown) => ({ static_resources: { clusters: [cluster('a', lb), cluster('b', lb), cluster('c', lb)] } });

test('a shared sub-message is valid wherever it recurs, and an invalid one is reported at every place', () => {
  assert.equal(validateMessage(bootstrap(policy(3)), undefined, { mode: 'strict' }), []);
  // LeastRequest's choice_count must be at least 2 (PGV): each cluster gets its own finding.
  const issues = validateMessage(bootstrap(policy(1)), undefined, { mode: 'strict' });
  assert.equal(
    issues.map((i) => [i.kind, i.path.slice(0, 3).join('.')]),
    [
      ['rule_violation', 'static_resources.clusters.0'],
      ['rule_violation', 'static_resources.clusters.1'],
      ['rule_violation', 'static_resources.clusters.2'],
    ],
  );
});

test('a shared sub-message is written as its copies would be, at each depth, across piece ends', () => {
  const lb = policy(3);
  // Longer than a piece itself: its text is still kept whole.
  const long = Object.freeze({ hosts: Object.freeze(Array.from({ length: 5000 }, (_, i) => Object.freeze({ host: `h-${i}`, port: i }))) });
  const shared = {
    top: lb,
    deeper: { clusters: Array.from({ length: 4000 }, (_, i) => cluster(`c-${i}`, lb)), long },
    again: lb,
    long,
  };
  const copies = structuredClone(shared);
  assert.ok(!Object.isFrozen(copies.top));
  const pieces: string[] = [];
  writeYamlTo(shared, (p) => pieces.push(p));
  assert.ok(pieces.length > 1, `${pieces.length} piece(s)`);
  for (const p of pieces) assert.ok(p.endsWith('\n'));
  assert.ok(pieces.join('') === serialize(copies, 'yaml'));
  assert.ok(serialize(shared, 'json') === serialize(copies, 'json'));
});

test.run();
