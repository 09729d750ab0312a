/**
 * SecurityPolicy oidc with the provider reached through backendRefs, on a real Envoy: after the
 * redirect, the callback's code is exchanged at the token endpoint through the policy's own cluster
 * (the token endpoint's host does not resolve: only the backendRefs' Service endpoints reach the
 * loopback token server), with the client's credentials and the code.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { onCleanup, setup, startBackend, useCleanup, waitFor, type Backend } from './harness';
import { GATEWAY, httpRoute, routePolicy, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  app: Backend;
  idpPort: number;
  tokenRequests: string[];
}
const t = suite<Ctx>('e2e: SecurityPolicy oidc token endpoint through backendRefs');
useCleanup(t);

setup(t, async (ctx) => {
  ctx.tokenRequests = [];
  // A token endpoint that keeps each request's body (the harness's backends do not).
  const idp = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      ctx.tokenRequests.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: 'e2e-access-token', token_type: 'Bearer', expires_in: 3600 }));
    });
  });
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => idp.close(() => resolve())));
  ctx.idpPort = (idp.address() as AddressInfo).port;
  ctx.app = await startBackend({ name: 'app' });
  ctx.s = await startScenario({
    name: 'security-oidc-token',
    yaml: [
      GATEWAY,
      httpRoute('web', 'web.example.com', '- backendRefs: [{name: app, port: 8080}]'),
      `
apiVersion: v1
kind: Secret
metadata: {name: envoy-oidc-hmac, namespace: envoy-gateway-system}
stringData: {hmac-secret: e2e-hmac-key}
---
apiVersion: v1
kind: Secret
metadata: {name: oidc-client, namespace: default}
stringData: {client-secret: e2e-client-secret}
`,
      routePolicy(
        'SecurityPolicy',
        'oidc',
        'web',
        `oidc:
  provider:
    issuer: http://idp.invalid
    authorizationEndpoint: http://login.invalid/authorize
    tokenEndpoint: http://idp.invalid/token
    backendRefs: [{name: idp, port: 8080}]
  clientID: e2e-client
  clientSecret: {name: oidc-client}`,
      ),
    ],
    services: { app: [ctx.app.port], idp: [ctx.idpPort] },
  });
});

/** `name=value` of each Set-Cookie header, for sending back. */
const cookies = (setCookie: string | string[] | undefined): string =>
  ([] as string[])
    .concat(setCookie ?? [])
    .map((c) => c.split(';')[0]!)
    .join('; ');

t('the callback exchanges its code at the token endpoint through the backendRefs cluster', async (ctx) => {
  const first = await send({ port: ctx.s.port(), host: 'web.example.com', path: '/private' });
  assert.is(first.status, 302);
  const state = new URL(String(first.headers.location)).searchParams.get('state');
  assert.ok(state, 'the redirect carries a state');
  const callback = await send({
    port: ctx.s.port(),
    host: 'web.example.com',
    path: `/oauth2/callback?code=e2e-code&state=${encodeURIComponent(state!)}`,
    headers: { cookie: cookies(first.headers['set-cookie']), 'x-forwarded-proto': 'http' },
  });
  await waitFor('the token request', () => ctx.tokenRequests.length > 0);
  const [request] = ctx.tokenRequests;
  assert.match(request!, /^POST \/token /);
  assert.match(request!, /code=e2e-code/);
  assert.match(request!, /grant_type=authorization_code/);
  assert.is(callback.status, 302, 'the callback redirects back once the token is in');
});

t.run();
