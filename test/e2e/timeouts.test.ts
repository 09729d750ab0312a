/**
 * Timeouts on a real Envoy: request timeout, connect timeout (against a loopback port whose
 * accept queue is full, so a connect never completes), upstream idle timeout and max connection
 * duration (seen as the backend's connections being closed), and HTTPRoute timeouts winning over
 * the policy's.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startScriptedBackend, type ScriptedBackend } from './backends/http';
import { startBlackhole } from './backends/tcp';
import { send } from './client';
import { setup, useCleanup, waitFor } from './harness';
import { btp, GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  app: ScriptedBackend;
  idle: ScriptedBackend;
  lifetime: ScriptedBackend;
}
const t = suite<Ctx>('e2e: timeouts');
useCleanup(t);

setup(t, async (ctx) => {
  const [app, idle, lifetime, blackhole] = await Promise.all([
    startScriptedBackend('app'),
    startScriptedBackend('idle'),
    startScriptedBackend('lifetime'),
    startBlackhole(),
  ]);
  Object.assign(ctx, { app, idle, lifetime });
  ctx.s = await startScenario({
    name: 'timeouts',
    yaml: [
      GATEWAY,
      httpRoute('request-timeout', 'request-timeout.example.com', '- backendRefs: [{name: app, port: 8080}]'),
      btp('request-timeout', 'HTTPRoute/request-timeout', 'timeout:\n  http:\n    requestTimeout: 300ms'),
      httpRoute('connect-timeout', 'connect-timeout.example.com', '- backendRefs: [{name: blackhole, port: 8080}]'),
      btp('connect-timeout', 'HTTPRoute/connect-timeout', 'timeout:\n  tcp:\n    connectTimeout: 250ms'),
      httpRoute('idle', 'idle.example.com', '- backendRefs: [{name: idle, port: 8080}]'),
      btp('idle', 'HTTPRoute/idle', 'timeout:\n  http:\n    connectionIdleTimeout: 300ms'),
      httpRoute('lifetime', 'lifetime.example.com', '- backendRefs: [{name: lifetime, port: 8080}]'),
      btp('lifetime', 'HTTPRoute/lifetime', 'timeout:\n  http:\n    maxConnectionDuration: 500ms'),
      // The route's own timeouts beat the policy's requestTimeout on the rule that has them.
      httpRoute(
        'override',
        'override.example.com',
        `
- matches: [{path: {type: PathPrefix, value: /route-timeout}}]
  timeouts: {request: 200ms}
  backendRefs: [{name: app, port: 8080}]
- backendRefs: [{name: app, port: 8080}]`,
      ),
      btp('override', 'HTTPRoute/override', 'timeout:\n  http:\n    requestTimeout: 900ms'),
    ],
    services: { app: [app.port], idle: [idle.port], lifetime: [lifetime.port], blackhole: [blackhole.port] },
  });
});

t('requestTimeout 300ms: a backend taking 3 s gives 504 after ~300 ms', async (ctx) => {
  const r = await send({ port: ctx.s.port(), host: 'request-timeout.example.com', headers: { 'x-delay-ms': '3000' } });
  assert.is(r.status, 504, r.body);
  assert.ok(r.elapsedMs >= 290 && r.elapsedMs < 1000, `took ${r.elapsedMs.toFixed(0)} ms`);
  assert.is(await ctx.s.clusterStat('httproute/default/request-timeout/rule/0', 'upstream_rq_timeout'), 1);
});

t('requestTimeout 300ms: a backend taking 50 ms is answered', async (ctx) => {
  const r = await send({ port: ctx.s.port(), host: 'request-timeout.example.com', headers: { 'x-delay-ms': '50' } });
  assert.is(r.status, 200, r.body);
});

t('connectTimeout 250ms: a connect that never completes gives 503 after ~250 ms', async (ctx) => {
  const r = await send({ port: ctx.s.port(), host: 'connect-timeout.example.com' });
  assert.is(r.status, 503, r.body);
  assert.ok(r.elapsedMs >= 240 && r.elapsedMs < 1500, `took ${r.elapsedMs.toFixed(0)} ms`);
  assert.is(await ctx.s.clusterStat('httproute/default/connect-timeout/rule/0', 'upstream_cx_connect_timeout'), 1);
  assert.match(r.body, /reset reason: connection timeout/);
});

t('connectionIdleTimeout 300ms: Envoy closes an idle upstream connection after ~300 ms', async (ctx) => {
  const r = await send({ port: ctx.s.port(), host: 'idle.example.com' });
  assert.is(r.status, 200);
  const answered = performance.now();
  const conn = await waitFor('the idle upstream connection to close', () => ctx.idle.connections.length === 1 && ctx.idle.connections[0]!.closedAt, {
    timeoutMs: 3_000,
    intervalMs: 10,
  });
  const after = conn - answered;
  // Node's own keep-alive timeout is 5 s, so a close this early is Envoy's.
  assert.ok(after >= 200 && after < 1500, `closed ${after.toFixed(0)} ms after the response`);
  assert.is(await ctx.s.clusterStat('httproute/default/idle/rule/0', 'upstream_cx_idle_timeout'), 1);
});

t('maxConnectionDuration 500ms: a busy upstream connection is replaced after ~500 ms', async (ctx) => {
  const started = performance.now();
  while (performance.now() - started < 1_300) {
    const r = await send({ port: ctx.s.port(), host: 'lifetime.example.com' });
    assert.is(r.status, 200);
    await new Promise((r) => setTimeout(r, 50));
  }
  const conns = ctx.lifetime.connections;
  assert.ok(conns.length >= 2, `one upstream connection served 1.3 s of traffic (${conns.length})`);
  const first = conns[0]!;
  assert.ok(first.closedAt !== undefined, 'the first connection is still open');
  const lived = first.closedAt - first.openedAt;
  assert.ok(lived >= 450 && lived < 1000, `the first connection lived ${lived.toFixed(0)} ms`);
  assert.ok((await ctx.s.clusterStat('httproute/default/lifetime/rule/0', 'upstream_cx_max_duration_reached')) >= 1);
});

t('HTTPRoute timeouts.request 200ms overrides the policy requestTimeout 900ms on its rule only', async (ctx) => {
  const [routeRule, policyRule] = await Promise.all([
    send({ port: ctx.s.port(), host: 'override.example.com', path: '/route-timeout', headers: { 'x-delay-ms': '3000' } }),
    send({ port: ctx.s.port(), host: 'override.example.com', path: '/other', headers: { 'x-delay-ms': '3000' } }),
  ]);
  assert.is(routeRule.status, 504);
  assert.ok(routeRule.elapsedMs >= 190 && routeRule.elapsedMs < 700, `route timeout took ${routeRule.elapsedMs.toFixed(0)} ms`);
  assert.is(policyRule.status, 504);
  assert.ok(policyRule.elapsedMs >= 890 && policyRule.elapsedMs < 1600, `policy timeout took ${policyRule.elapsedMs.toFixed(0)} ms`);
});

t.run();
