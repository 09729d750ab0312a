/**
 * SecurityPolicy `csrf` on a real Envoy: a cross-site write (an Origin that is neither the request's
 * host nor an additional origin) is refused with 403; a same-site write, a write from an additional
 * origin (any scheme, a wildcard host) and a cross-site read pass; a route without the policy is
 * not checked.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { setup, startBackend, useCleanup, type Backend } from './harness';
import { GATEWAY, httpRoute, routePolicy, startScenario, type Scenario } from './scenario';

const t = suite<{ s: Scenario; app: Backend }>('e2e: SecurityPolicy csrf');
useCleanup(t);

setup(t, async (ctx) => {
  ctx.app = await startBackend({ name: 'app' });
  ctx.s = await startScenario({
    name: 'security-csrf',
    yaml: [
      GATEWAY,
      httpRoute('guarded', 'guarded.example.com', '- backendRefs: [{name: app, port: 8080}]'),
      httpRoute('open', 'open.example.com', '- backendRefs: [{name: app, port: 8080}]'),
      routePolicy('SecurityPolicy', 'guarded-csrf', 'guarded', 'csrf:\n  additionalOrigins: ["https://www.example.com", "https://*.partner.example"]'),
    ],
    services: { app: [ctx.app.port] },
  });
});

const request = (ctx: { s: Scenario }, host: string, method: string, origin: string) =>
  send({ port: ctx.s.port(), host, path: '/', method, headers: { origin } }).then((r) => r.status);

t('a cross-site POST is refused with 403; a cross-site GET passes', async (ctx) => {
  assert.is(await request(ctx, 'guarded.example.com', 'POST', 'http://evil.example'), 403);
  assert.is(await request(ctx, 'guarded.example.com', 'GET', 'http://evil.example'), 200);
});

t("a POST from the route's own host or an additional origin (scheme ignored, wildcard host) passes", async (ctx) => {
  assert.is(await request(ctx, 'guarded.example.com', 'POST', 'http://guarded.example.com'), 200);
  assert.is(await request(ctx, 'guarded.example.com', 'POST', 'http://www.example.com'), 200);
  assert.is(await request(ctx, 'guarded.example.com', 'POST', 'https://api.partner.example'), 200);
});

t('a route without the policy takes a cross-site POST', async (ctx) => {
  assert.is(await request(ctx, 'open.example.com', 'POST', 'http://evil.example'), 200);
});

t.run();
