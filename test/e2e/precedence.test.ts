/**
 * Policy precedence on a real Envoy: the same request behaves per the route-level policy where one
 * exists, per the Gateway-level one elsewhere, and per a rule-level (sectionName) one on its rule.
 * For HTTPRoutes the most specific policy replaces the whole feature set (the Gateway's timeout
 * does not leak into a route whose own policy sets only retries), unless it sets mergeType.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startScriptedBackend, type ScriptedBackend } from './backends/http';
import { send } from './client';
import { setup, useCleanup } from './harness';
import { btp, GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  app: ScriptedBackend;
}
const t = suite<Ctx>('e2e: precedence');
useCleanup(t);

setup(t, async (ctx) => {
  ctx.app = await startScriptedBackend('app');
  const rule = '- backendRefs: [{name: app, port: 8080}]';
  ctx.s = await startScenario({
    name: 'precedence',
    yaml: [
      GATEWAY,
      btp('gateway', 'Gateway/eg', 'retry:\n  numRetries: 1\n  retryOn:\n    triggers: [5xx]\ntimeout:\n  http:\n    requestTimeout: 400ms'),
      httpRoute('ordinary', 'ordinary.example.com', rule),
      httpRoute('special', 'special.example.com', rule),
      btp('special', 'HTTPRoute/special', 'retry:\n  numRetries: 3\n  retryOn:\n    triggers: [5xx]'),
      httpRoute('merged', 'merged.example.com', rule),
      btp('merged', 'HTTPRoute/merged', 'mergeType: StrategicMerge\nretry:\n  numRetries: 3\n  retryOn:\n    triggers: [5xx]'),
      httpRoute(
        'sectioned',
        'sectioned.example.com',
        `
- name: hot
  matches: [{path: {type: PathPrefix, value: /hot}}]
  backendRefs: [{name: app, port: 8080}]
- name: rest
  backendRefs: [{name: app, port: 8080}]`,
      ),
      btp('sectioned', 'HTTPRoute/sectioned', 'retry:\n  numRetries: 2\n  retryOn:\n    triggers: [5xx]'),
      `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: sectioned-hot, namespace: default}
spec:
  targetRefs:
    - {group: gateway.networking.k8s.io, kind: HTTPRoute, name: sectioned, sectionName: hot}
  retry:
    numRetries: 4
    retryOn: {triggers: [5xx]}
`,
    ],
    services: { app: [ctx.app.port] },
  });
});

let seq = 0;
/** The same request (path, headers) on `host`; returns the status, attempts and time. */
async function same(ctx: Ctx, host: string, script: Record<string, string>, path = '/hot/item') {
  const id = `${host}-${++seq}`;
  const r = await send({ port: ctx.s.port(), host, path, headers: { 'x-case': id, ...script }, timeoutMs: 8_000 });
  return { status: r.status, attempts: ctx.app.attempts(id).length, ms: r.elapsedMs };
}

const FAILING = { 'x-fail-first': '99' };
const SLOW = { 'x-delay-ms': '900' };

t('a failing backend: 1 retry per the Gateway policy, 3 per the route policy, 4 per the rule policy', async (ctx) => {
  assert.is((await same(ctx, 'ordinary.example.com', FAILING)).attempts, 2);
  assert.is((await same(ctx, 'special.example.com', FAILING)).attempts, 4);
  assert.is((await same(ctx, 'sectioned.example.com', FAILING, '/hot/item')).attempts, 5, 'the rule-level policy on rule "hot"');
  assert.is((await same(ctx, 'sectioned.example.com', FAILING, '/cold/item')).attempts, 3, 'the route-level policy on the other rule');
});

t('a slow backend: 504 at 400ms per the Gateway policy; the route policy (no timeout) replaces it entirely', async (ctx) => {
  const [ordinary, special] = await Promise.all([same(ctx, 'ordinary.example.com', SLOW), same(ctx, 'special.example.com', SLOW)]);
  assert.is(ordinary.status, 504);
  assert.ok(ordinary.ms >= 390 && ordinary.ms < 850, `Gateway timeout after ${ordinary.ms.toFixed(0)} ms`);
  assert.is(special.status, 200, 'the Gateway requestTimeout leaked into a route with its own policy');
  assert.ok(special.ms >= 890);
});

t("mergeType StrategicMerge: the route policy's retries on top of the Gateway policy's timeout", async (ctx) => {
  assert.is((await same(ctx, 'merged.example.com', FAILING)).attempts, 4);
  const slow = await same(ctx, 'merged.example.com', SLOW);
  assert.is(slow.status, 504, 'the Gateway requestTimeout was not merged in');
  assert.ok(slow.ms >= 390 && slow.ms < 850, `timeout after ${slow.ms.toFixed(0)} ms`);
});

t.run();
