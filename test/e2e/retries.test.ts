/**
 * Retries on a real Envoy. One Gateway, one HTTPRoute + BackendTrafficPolicy per retry setting
 * (by hostname). The scripted backend fails the first N attempts of a case (`x-case`) as the
 * request asks, and counts the attempts it saw, so each count below is exact.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startScriptedBackend, type ScriptedBackend } from './backends/http';
import { send } from './client';
import { freePort, setup, useCleanup } from './harness';
import { btp, GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  app: ScriptedBackend;
  live: ScriptedBackend;
}
const t = suite<Ctx>('e2e: retries');
useCleanup(t);

const POLICIES: Record<string, string> = {
  'retry-count': 'retry:\n  numRetries: 3\n  retryOn:\n    triggers: [5xx]',
  'retry-defaults': 'retry: {}',
  '5xx': 'retry:\n  numRetries: 1\n  retryOn:\n    triggers: [5xx]',
  'gateway-error': 'retry:\n  numRetries: 1\n  retryOn:\n    triggers: [gateway-error]',
  reset: 'retry:\n  numRetries: 1\n  retryOn:\n    triggers: [reset]',
  'retriable-status-codes': 'retry:\n  numRetries: 1\n  retryOn:\n    triggers: [retriable-status-codes]\n    httpStatusCodes: [418]',
  'retriable-4xx': 'retry:\n  numRetries: 1\n  retryOn:\n    triggers: [retriable-4xx]',
  'per-retry-timeout': 'retry:\n  numRetries: 2\n  retryOn:\n    triggers: [5xx]\n  perRetry:\n    timeout: 200ms',
  'backoff-slow': 'retry:\n  numRetries: 10\n  retryOn:\n    triggers: [5xx]\n  perRetry:\n    backOff:\n      baseInterval: 300ms\n      maxInterval: 300ms',
  'backoff-fast': 'retry:\n  numRetries: 10\n  retryOn:\n    triggers: [5xx]\n  perRetry:\n    backOff:\n      baseInterval: 5ms\n      maxInterval: 10ms',
};

setup(t, async (ctx) => {
  const [app, live, dead] = await Promise.all([startScriptedBackend('app'), startScriptedBackend('live'), freePort()]);
  Object.assign(ctx, { app, live });
  const yaml = [GATEWAY];
  for (const [name, spec] of Object.entries(POLICIES)) {
    yaml.push(httpRoute(name, `${name}.example.com`, '- backendRefs: [{name: app, port: 8080}]'), btp(name, `HTTPRoute/${name}`, spec));
  }
  // connect-failure: one endpoint refuses connections (nothing listens), the other answers;
  // RoundRobin sends every other first attempt to the dead one.
  yaml.push(
    httpRoute('connect-failure', 'connect-failure.example.com', '- backendRefs: [{name: half-dead, port: 8080}]'),
    btp(
      'connect-failure',
      'HTTPRoute/connect-failure',
      'loadBalancer:\n  type: RoundRobin\nretry:\n  numRetries: 1\n  retryOn:\n    triggers: [connect-failure]',
    ),
    httpRoute('no-retry', 'no-retry.example.com', '- backendRefs: [{name: half-dead, port: 8080}]'),
    btp('no-retry', 'HTTPRoute/no-retry', 'loadBalancer:\n  type: RoundRobin'),
  );
  ctx.s = await startScenario({ name: 'retries', yaml, services: { app: [app.port], 'half-dead': [dead, live.port] } });
});

let seq = 0;
/** One request on `route`'s hostname, as case `<route>-<n>`, with script headers. */
async function attempt(ctx: Ctx, route: string, script: Record<string, string> = {}) {
  const id = `${route}-${++seq}`;
  const r = await send({ port: ctx.s.port(), host: `${route}.example.com`, headers: { 'x-case': id, ...script }, timeoutMs: 10_000 });
  return { r, id, attempts: () => ctx.app.attempts(id).length + ctx.live.attempts(id).length, times: () => ctx.app.attemptTimes(id) };
}

t('a backend failing the first 2 attempts: success on the 3rd, the backend saw exactly 3 (numRetries 3)', async (ctx) => {
  const { r, attempts } = await attempt(ctx, 'retry-count', { 'x-fail-first': '2', 'x-fail-with': '503' });
  assert.is(r.status, 200, r.body);
  assert.is(attempts(), 3);
  assert.is(r.json().attempt, 3);
});

t('a backend failing every attempt: 1 + numRetries (3) attempts, then the last 503 goes to the client', async (ctx) => {
  const { r, attempts } = await attempt(ctx, 'retry-count', { 'x-fail-first': '99', 'x-fail-with': '503' });
  assert.is(r.status, 503);
  assert.is(attempts(), 4);
});

t('retry: {} gets Envoy Gateway defaults: 2 retries on 503 (retriable-status-codes), none on 500', async (ctx) => {
  const a = await attempt(ctx, 'retry-defaults', { 'x-fail-first': '99', 'x-fail-with': '503' });
  assert.is(a.r.status, 503);
  assert.is(a.attempts(), 3);
  const b = await attempt(ctx, 'retry-defaults', { 'x-fail-first': '1', 'x-fail-with': '500' });
  assert.is(b.r.status, 500);
  assert.is(b.attempts(), 1);
});

/** trigger → failures it retries, and failures it must leave alone. */
const TRIGGERS: [string, string[], string[]][] = [
  ['5xx', ['500', '503', 'reset'], ['409', '404']],
  ['gateway-error', ['502', '503', '504'], ['500', '409']],
  ['reset', ['reset'], ['503', '500']],
  ['retriable-status-codes', ['418'], ['503', '500']],
  ['retriable-4xx', ['409'], ['404', '429', '503']],
];

for (const [trigger, retried, notRetried] of TRIGGERS) {
  t(`trigger ${trigger} retries ${retried.join('/')} and not ${notRetried.join('/')}`, async (ctx) => {
    for (const how of retried) {
      const { r, attempts } = await attempt(ctx, trigger, { 'x-fail-first': '1', 'x-fail-with': how });
      assert.is(r.status, 200, `${trigger} did not retry ${how}: ${r.status} ${r.body}`);
      assert.is(attempts(), 2, `${trigger} on ${how}`);
    }
    for (const how of notRetried) {
      const { r, attempts } = await attempt(ctx, trigger, { 'x-fail-first': '1', 'x-fail-with': how });
      assert.is(r.status, Number(how), `${trigger} retried ${how}`);
      assert.is(attempts(), 1, `${trigger} on ${how}`);
    }
  });
}

t('trigger connect-failure retries a refused connection on the other endpoint, and not a 503', async (ctx) => {
  const cluster = 'httproute/default/connect-failure/rule/0';
  for (let i = 0; i < 6; i++) {
    const { r, attempts } = await attempt(ctx, 'connect-failure');
    assert.is(r.status, 200, r.body);
    assert.is(attempts(), 1, 'the live endpoint saw each request once');
  }
  assert.ok((await ctx.s.clusterStat(cluster, 'upstream_cx_connect_fail')) >= 3, 'the dead endpoint was tried');
  assert.ok((await ctx.s.clusterStat(cluster, 'upstream_rq_retry')) >= 3, 'the refused attempts were retried');
  for (let i = 0; i < 2; i++) {
    const { r, attempts } = await attempt(ctx, 'connect-failure', { 'x-fail-first': '1', 'x-fail-with': '503' });
    assert.is(r.status, 503);
    assert.is(attempts(), 1);
  }
});

t('without a retry policy a refused connection is a 503 to the client (control for connect-failure)', async (ctx) => {
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await attempt(ctx, 'no-retry')).r.status);
  assert.equal(statuses.sort(), [200, 200, 503, 503]);
});

t('perRetry.timeout 200ms: a first attempt that hangs is abandoned after 200ms and retried', async (ctx) => {
  const { r, attempts } = await attempt(ctx, 'per-retry-timeout', { 'x-delay-first-ms': '3000' });
  assert.is(r.status, 200, r.body);
  assert.is(attempts(), 2);
  assert.ok(r.elapsedMs >= 190 && r.elapsedMs < 1500, `took ${r.elapsedMs.toFixed(0)} ms`);
});

t('perRetry.backOff: 10 retries 300ms apart at most (sum of jittered waits well above 0), vs 5–10ms apart', async (ctx) => {
  const [slow, fast] = await Promise.all([attempt(ctx, 'backoff-slow', { 'x-fail-first': '99' }), attempt(ctx, 'backoff-fast', { 'x-fail-first': '99' })]);
  for (const a of [slow, fast]) {
    assert.is(a.r.status, 503);
    assert.is(a.attempts(), 11);
  }
  const gaps = (ts: number[]) => ts.slice(1).map((x, i) => x - ts[i]!);
  const slowGaps = gaps(slow.times());
  const fastGaps = gaps(fast.times());
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  // Envoy waits a random time in [0, min(base·2^n, max)) before each retry.
  assert.ok(Math.max(...slowGaps) < 300 + 100, `a slow gap above maxInterval: ${slowGaps.map((g) => g.toFixed(0))}`);
  assert.ok(sum(slowGaps) > 450, `slow backoff waited only ${sum(slowGaps).toFixed(0)} ms in 10 retries: ${slowGaps.map((g) => g.toFixed(0))}`);
  assert.ok(sum(fastGaps) < 400, `fast backoff waited ${sum(fastGaps).toFixed(0)} ms in 10 retries: ${fastGaps.map((g) => g.toFixed(0))}`);
});

t.run();
