/**
 * SecurityPolicy authorization `operation.path` on a real Envoy: a path-separated prefix, an exact
 * path (with a query after it) and a regex each deny what they match and nothing else.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { setup, startBackend, useCleanup, type Backend } from './harness';
import { GATEWAY, httpRoute, routePolicy, startScenario, type Scenario } from './scenario';

const t = suite<{ s: Scenario; app: Backend }>('e2e: SecurityPolicy authorization path');
useCleanup(t);

const deny = (name: string, path: string) => `
    - name: ${name}
      action: Deny
      operation: {path: ${path}}
      principal: {clientCIDRs: [0.0.0.0/0]}`;

setup(t, async (ctx) => {
  ctx.app = await startBackend({ name: 'app' });
  ctx.s = await startScenario({
    name: 'security-authorization-path',
    yaml: [
      GATEWAY,
      httpRoute('web', null, '- backendRefs: [{name: app, port: 8080}]'),
      routePolicy(
        'SecurityPolicy',
        'paths',
        'web',
        `authorization:
  defaultAction: Allow
  rules:${deny('admin', '{value: /admin/}')}${deny('secret', '{type: Exact, value: /secret}')}${deny('reports', "{type: RegularExpression, value: '/reports/[0-9]{4}'}")}`,
      ),
    ],
    services: { app: [ctx.app.port] },
  });
});

const status = (ctx: { s: Scenario }, path: string) => send({ port: ctx.s.port(), path }).then((r) => r.status);

t('a path-separated prefix denies the path and below it, not a longer name', async (ctx) => {
  assert.is(await status(ctx, '/admin'), 403);
  assert.is(await status(ctx, '/admin/users'), 403);
  assert.is(await status(ctx, '/administrator'), 200);
});

t('an exact path denies it with or without a query, not a path below it', async (ctx) => {
  assert.is(await status(ctx, '/secret'), 403);
  assert.is(await status(ctx, '/secret?x=1'), 403);
  assert.is(await status(ctx, '/secret/x'), 200);
});

t('a regex denies the paths it matches whole', async (ctx) => {
  assert.is(await status(ctx, '/reports/2024'), 403);
  assert.is(await status(ctx, '/reports/latest'), 200);
});

t.run();
