/**
 * SecurityPolicy authorization with a CEL rule on a real Envoy: the expression on the request's
 * headers decides (allowed with `x-role: admin`, denied by default otherwise).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { setup, startBackend, useCleanup, type Backend } from './harness';
import { GATEWAY, httpRoute, routePolicy, startScenario, type Scenario } from './scenario';

const t = suite<{ s: Scenario; app: Backend }>('e2e: SecurityPolicy authorization CEL');
useCleanup(t);

setup(t, async (ctx) => {
  ctx.app = await startBackend({ name: 'app' });
  ctx.s = await startScenario({
    name: 'security-authorization-cel',
    yaml: [
      GATEWAY,
      httpRoute('web', null, '- backendRefs: [{name: app, port: 8080}]'),
      routePolicy(
        'SecurityPolicy',
        'cel',
        'web',
        `authorization:
  defaultAction: Deny
  rules:
    - name: admins
      action: Allow
      cel: "request.headers['x-role'] == 'admin'"`,
      ),
    ],
    services: { app: [ctx.app.port] },
  });
});

t('the CEL rule allows a request whose header it matches; others get the default Deny', async (ctx) => {
  assert.is((await send({ port: ctx.s.port(), headers: { 'x-role': 'admin' } })).status, 200);
  assert.is((await send({ port: ctx.s.port(), headers: { 'x-role': 'guest' } })).status, 403);
  assert.is((await send({ port: ctx.s.port() })).status, 403);
});

t.run();
