/**
 * backendSettings.retry of a remote JWKS on a real Envoy: the key set's server answers its first
 * fetch with 503; the retry policy fetches again (the refetch after a failure is an hour away), and a
 * token signed by the key passes.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { setup, startBackend, useCleanup, waitFor, type Backend } from './harness';
import { GATEWAY, httpRoute, routePolicy, startScenario, type Scenario } from './scenario';
import { makeSigningKey, signJwt, type SigningKey } from '../support/jwt';

interface Ctx {
  s: Scenario;
  app: Backend;
  jwks: Backend;
  key: SigningKey;
}
const t = suite<Ctx>('e2e: SecurityPolicy remote JWKS retry');
useCleanup(t);

setup(t, async (ctx) => {
  ctx.key = makeSigningKey('retried');
  let fetches = 0;
  ctx.jwks = await startBackend({
    name: 'jwks',
    handler: (_req, res) => {
      fetches++;
      if (fetches === 1) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(ctx.key.jwks);
    },
  });
  ctx.app = await startBackend({ name: 'app' });
  ctx.s = await startScenario({
    name: 'security-retry',
    yaml: [
      GATEWAY,
      httpRoute('api', null, '- backendRefs: [{name: app, port: 8080}]'),
      routePolicy(
        'SecurityPolicy',
        'api-jwt',
        'api',
        `jwt:
  providers:
    - name: retried
      remoteJWKS:
        uri: http://127.0.0.1:${ctx.jwks.port}/jwks.json
        # Without the retry policy the failed fetch would be repeated only an hour later.
        failedRefetchDuration: 1h
        backendSettings:
          retry:
            numRetries: 2
            retryOn: {triggers: [5xx]}
            perRetry: {backOff: {baseInterval: 50ms}}`,
      ),
    ],
    services: { app: [ctx.app.port] },
  });
});

t('a key set whose first fetch fails with 503 is fetched again, and a token signed by its key passes', async (ctx) => {
  await waitFor('the retried key set fetch', () => ctx.jwks.count >= 2);
  const r = await send({ port: ctx.s.port(), headers: { authorization: `Bearer ${signJwt(ctx.key, { sub: 'dana' })}` } });
  assert.is(r.status, 200);
  assert.is(ctx.jwks.count, 2, 'one failed fetch and one retry');
});

t.run();
