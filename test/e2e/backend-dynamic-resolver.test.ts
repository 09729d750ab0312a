/**
 * A DynamicResolver Backend (a dynamic forward proxy) on a real Envoy 1.40: each request goes to
 * the host it names, resolved by Envoy (here a loopback server on 127.0.0.2, which the guard does
 * not list), or to the host a header names under a host rewrite from that header. Envoy Gateway's
 * loopback guard denies a request naming 127.0.0.1 or localhost (403), so Envoy's own listeners
 * and admin are not reachable through it.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { onCleanup, setup, useCleanup } from './harness';
import { GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

const t = suite<{ s: Scenario; port: number; seen: string[] }>('e2e: Backend DynamicResolver');
useCleanup(t);

setup(t, async (ctx) => {
  ctx.seen = [];
  const server = http.createServer((req, res) => {
    ctx.seen.push(String(req.headers.host));
    res.writeHead(200, { 'x-backend': 'resolved' }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  ctx.port = (server.address() as AddressInfo).port;
  ctx.s = await startScenario({
    name: 'backend-dynamic-resolver',
    yaml: [
      GATEWAY,
      `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: any-host, namespace: default}
spec:
  type: DynamicResolver
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: HTTPRouteFilter
metadata: {name: from-header, namespace: default}
spec:
  urlRewrite:
    hostname: {type: Header, header: x-target}
`,
      httpRoute(
        'egress',
        null,
        `- matches: [{path: {type: PathPrefix, value: /via-header}}]
  filters: [{type: ExtensionRef, extensionRef: {group: gateway.envoyproxy.io, kind: HTTPRouteFilter, name: from-header}}]
  backendRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: any-host}]
- backendRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: any-host}]`,
      ),
    ],
  });
});

t('a request goes to the host it names, resolved by Envoy', async (ctx) => {
  const r = await send({ port: ctx.s.port(), host: `127.0.0.2:${ctx.port}`, path: '/' });
  assert.is(r.status, 200);
  assert.is(r.headers['x-backend'], 'resolved');
  assert.is(ctx.seen.at(-1), `127.0.0.2:${ctx.port}`);
});

t('under a host rewrite from a header, the request goes to the host that header names', async (ctx) => {
  const r = await send({ port: ctx.s.port(), host: 'ignored.example.com', path: '/via-header', headers: { 'x-target': `127.0.0.2:${ctx.port}` } });
  assert.is(r.status, 200);
  assert.is(ctx.seen.at(-1), `127.0.0.2:${ctx.port}`);
});

t('the loopback guard denies 127.0.0.1 and localhost, in the host or in the rewrite header', async (ctx) => {
  const before = ctx.seen.length;
  assert.is((await send({ port: ctx.s.port(), host: `127.0.0.1:${ctx.s.port()}`, path: '/' })).status, 403);
  assert.is((await send({ port: ctx.s.port(), host: 'localhost', path: '/' })).status, 403);
  assert.is((await send({ port: ctx.s.port(), host: 'x.example.com', path: '/via-header', headers: { 'x-target': `localhost:${ctx.port}` } })).status, 403);
  assert.is(ctx.seen.length, before);
});

t.run();
