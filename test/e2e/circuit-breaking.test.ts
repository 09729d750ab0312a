/**
 * Circuit breakers on a real Envoy. Requests are held at the backend (`x-hold`) to fill a
 * threshold; the next one overflows. What the client sees on overflow is a 503 with body
 * "upstream connect error or disconnect/reset before headers. reset reason: overflow", and the
 * cluster counts it: `upstream_rq_pending_overflow` (maxPendingRequests), `upstream_rq_active_overflow`
 * (maxParallelRequests, Envoy 1.40's name), `upstream_rq_retry_overflow` (maxParallelRetries). Envoy would also set
 * `x-envoy-overloaded: true`, but Envoy Gateway's router sets `suppress_envoy_headers: true`,
 * which removes it: the tests assert the header is absent, as Envoy Gateway behaves.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startScriptedBackend, type ScriptedBackend } from './backends/http';
import { send, type SendResult } from './client';
import { setup, useCleanup, waitFor } from './harness';
import { btp, GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  app: ScriptedBackend;
}
const t = suite<Ctx>('e2e: circuit breaking');
useCleanup(t);

setup(t, async (ctx) => {
  ctx.app = await startScriptedBackend('app');
  const rule = '- backendRefs: [{name: app, port: 8080}]';
  ctx.s = await startScenario({
    name: 'circuit-breaking',
    yaml: [
      GATEWAY,
      httpRoute('connections', 'connections.example.com', rule),
      btp('connections', 'HTTPRoute/connections', 'circuitBreaker:\n  maxConnections: 1\n  maxPendingRequests: 1'),
      httpRoute('requests', 'requests.example.com', rule),
      btp('requests', 'HTTPRoute/requests', 'circuitBreaker:\n  maxParallelRequests: 1'),
      httpRoute('retries', 'retries.example.com', rule),
      btp('retries', 'HTTPRoute/retries', 'circuitBreaker:\n  maxParallelRetries: 1\nretry:\n  numRetries: 1\n  retryOn:\n    triggers: [5xx]'),
      // Two routes with no policy of their own: the Gateway's applies to each, with its own counters.
      httpRoute('shared-a', 'shared-a.example.com', rule),
      httpRoute('shared-b', 'shared-b.example.com', rule),
      btp('gateway', 'Gateway/eg', 'circuitBreaker:\n  maxParallelRequests: 1'),
    ],
    services: { app: [ctx.app.port] },
  });
});

const cluster = (route: string) => `httproute/default/${route}/rule/0`;

function req(ctx: Ctx, route: string, headers: Record<string, string> = {}): Promise<SendResult> {
  const p = send({ port: ctx.s.port(), host: `${route}.example.com`, headers, timeoutMs: 8_000 });
  p.catch(() => {}); // a test failing before it awaits a held request must not crash the run
  return p;
}

function assertOverflow(r: SendResult): void {
  assert.is(r.status, 503, r.body);
  assert.match(r.body, /reset reason: overflow/);
  assert.ok(r.elapsedMs < 1_000, `the overflow answer took ${r.elapsedMs.toFixed(0)} ms`);
  // suppress_envoy_headers: true (Envoy Gateway's router) removes x-envoy-overloaded.
  assert.is(r.headers['x-envoy-overloaded'], undefined);
}

t('maxConnections 1 + maxPendingRequests 1: 2nd request waits for the connection, 3rd overflows with 503', async (ctx) => {
  const c = cluster('connections');
  const first = req(ctx, 'connections', { 'x-hold': 'cx' });
  await waitFor('the first request held at the backend', () => ctx.app.held('cx') === 1);
  const second = req(ctx, 'connections', { 'x-case': 'cx-second' });
  await waitFor('the second request pending in Envoy', async () => (await ctx.s.stat(`cluster.${c}.upstream_rq_pending_active`)) === 1);
  assert.ok((await ctx.s.clusterStat(c, 'upstream_cx_overflow')) >= 1, 'maxConnections did not stop a second connection');
  assertOverflow(await req(ctx, 'connections'));
  assert.is(await ctx.s.clusterStat(c, 'upstream_rq_pending_overflow'), 1);
  ctx.app.release('cx');
  assert.is((await first).status, 200);
  assert.is((await second).status, 200, 'the pending request is served once the connection is free');
});

t('maxParallelRequests 1: a 2nd concurrent request overflows with 503, after the 1st it is served', async (ctx) => {
  const c = cluster('requests');
  const first = req(ctx, 'requests', { 'x-hold': 'rq' });
  await waitFor('the first request held at the backend', () => ctx.app.held('rq') === 1);
  assertOverflow(await req(ctx, 'requests'));
  assert.is(await ctx.s.clusterStat(c, 'upstream_rq_active_overflow'), 1);
  ctx.app.release('rq');
  assert.is((await first).status, 200);
  assert.is((await req(ctx, 'requests')).status, 200);
});

t('maxParallelRetries 1: while one retry is in flight, another failed request is not retried', async (ctx) => {
  const c = cluster('retries');
  const first = req(ctx, 'retries', { 'x-case': 'retry-a', 'x-fail-first': '1', 'x-hold': 'retry' });
  await waitFor("the first request's retry held at the backend", () => ctx.app.held('retry') === 1);
  const second = await req(ctx, 'retries', { 'x-case': 'retry-b', 'x-fail-first': '1' });
  assert.is(second.status, 503, "the second request's failure came back unretried");
  assert.is(ctx.app.attempts('retry-b').length, 1);
  assert.is(await ctx.s.clusterStat(c, 'upstream_rq_retry_overflow'), 1);
  ctx.app.release('retry');
  const a = await first;
  assert.is(a.status, 200);
  assert.is(ctx.app.attempts('retry-a').length, 2);
  // With no retry in flight, a failure is retried again.
  const third = await req(ctx, 'retries', { 'x-case': 'retry-c', 'x-fail-first': '1' });
  assert.is(third.status, 200);
  assert.is(ctx.app.attempts('retry-c').length, 2);
});

t('a Gateway policy gives each route its own counters: shared-a full, shared-b still served', async (ctx) => {
  const first = req(ctx, 'shared-a', { 'x-hold': 'shared' });
  await waitFor('the shared-a request held at the backend', () => ctx.app.held('shared') === 1);
  assertOverflow(await req(ctx, 'shared-a'));
  const other = await req(ctx, 'shared-b');
  assert.is(other.status, 200, 'shared-b overflowed: the two routes share a counter');
  assert.is(await ctx.s.clusterStat(cluster('shared-a'), 'upstream_rq_active_overflow'), 1);
  assert.is(await ctx.s.clusterStat(cluster('shared-b'), 'upstream_rq_active_overflow'), 0);
  ctx.app.release('shared');
  assert.is((await first).status, 200);
});

t.run();
