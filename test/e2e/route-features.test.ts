/**
 * Route-scoped BackendTrafficPolicy features on a real Envoy: fault injection, local rate limit
 * (route-wide and per client), response override, compression, request buffer and httpUpgrade.
 * One Gateway, one HTTPRoute + policy per feature (by hostname).
 */
import { gunzipSync } from 'node:zlib';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startScriptedBackend, type ScriptedBackend } from './backends/http';
import { startWebSocketBackend, websocketEcho, type WebSocketBackend } from './backends/websocket';
import { send, sendSequential, type SendOptions } from './client';
import { setup, useCleanup } from './harness';
import { btp, GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  app: ScriptedBackend;
  ws: WebSocketBackend;
}
const t = suite<Ctx>('e2e: route features');
useCleanup(t);

const POLICIES: Record<string, string> = {
  abort: 'faultInjection:\n  abort:\n    httpStatus: 418\n    percentage: 100',
  delay: 'faultInjection:\n  delay:\n    fixedDelay: 400ms\n    percentage: 100',
  'rate-limit': `
rateLimit:
  local:
    rules:
      - limit: {requests: 3, unit: Minute}`,
  'rate-limit-user': `
rateLimit:
  local:
    rules:
      - clientSelectors:
          - headers:
              - name: x-user
                type: Distinct
        limit: {requests: 2, unit: Minute}`,
  'rate-limit-plan': `
rateLimit:
  local:
    rules:
      - clientSelectors:
          - headers:
              - name: x-plan
                value: free
        limit: {requests: 1, unit: Minute}
      - limit: {requests: 4, unit: Minute}`,
  'rate-limit-ip': `
rateLimit:
  local:
    rules:
      - clientSelectors:
          - sourceCIDR: {type: Distinct, value: 127.0.0.0/8}
        limit: {requests: 2, unit: Minute}`,
  override: `
responseOverride:
  - match:
      statusCodes: [{type: Value, value: 404}]
    response:
      contentType: text/plain
      body: {type: Inline, inline: "nothing here"}
  - match:
      statusCodes: [{type: Range, range: {start: 500, end: 502}}]
    response:
      statusCode: 503
      contentType: application/json
      body: {type: Inline, inline: '{"error":"try later"}'}`,
  gzip: 'compressor:\n  - type: Gzip\n    gzip: {}',
  buffer: 'requestBuffer:\n  limit: 1Ki',
  'ws-allowed': 'httpUpgrade:\n  - type: websocket',
  'ws-other': 'httpUpgrade:\n  - type: spdy/3.1',
};

setup(t, async (ctx) => {
  const [app, ws] = await Promise.all([startScriptedBackend('app'), startWebSocketBackend()]);
  Object.assign(ctx, { app, ws });
  const yaml = [GATEWAY];
  for (const [name, spec] of Object.entries(POLICIES)) {
    const service = name.startsWith('ws-') ? 'ws' : 'app';
    yaml.push(httpRoute(name, `${name}.example.com`, `- backendRefs: [{name: ${service}, port: 8080}]`), btp(name, `HTTPRoute/${name}`, spec));
  }
  yaml.push(httpRoute('plain', 'plain.example.com', '- backendRefs: [{name: app, port: 8080}]'));
  ctx.s = await startScenario({ name: 'route-features', yaml, services: { app: [app.port], ws: [ws.port] } });
});

let seq = 0;
const req = (ctx: Ctx, route: string, opts: Partial<SendOptions> = {}) =>
  send({ port: ctx.s.port(), host: `${route}.example.com`, ...opts, headers: { 'x-case': `${route}-${++seq}`, ...opts.headers } });
const seenFor = (ctx: Ctx, route: string) => ctx.app.traffic().filter((r) => r.host === `${route}.example.com`).length;

t('faultInjection abort 418 at 100%: every request gets 418 and none reaches the backend', async (ctx) => {
  for (let i = 0; i < 3; i++) {
    const r = await req(ctx, 'abort');
    assert.is(r.status, 418);
    assert.match(r.body, /fault filter abort/);
  }
  assert.is(seenFor(ctx, 'abort'), 0);
});

t('faultInjection delay 400ms at 100%: the request is answered by the backend, ≥ 400 ms later', async (ctx) => {
  const r = await req(ctx, 'delay');
  assert.is(r.status, 200);
  assert.ok(r.elapsedMs >= 390 && r.elapsedMs < 1_500, `took ${r.elapsedMs.toFixed(0)} ms`);
  assert.is(seenFor(ctx, 'delay'), 1);
  const plain = await req(ctx, 'plain');
  assert.ok(plain.elapsedMs < 300, `a route without the policy took ${plain.elapsedMs.toFixed(0)} ms`);
});

t('local rateLimit 3/minute: 3 requests pass, the 4th and 5th get 429 without reaching the backend', async (ctx) => {
  const rs = await sendSequential(5, () => ({ port: ctx.s.port(), host: 'rate-limit.example.com' }));
  assert.equal(
    rs.map((r) => r.status),
    [200, 200, 200, 429, 429],
  );
  assert.is(seenFor(ctx, 'rate-limit'), 3);
  assert.is(rs[3]!.headers['x-ratelimit-limit'], '3', JSON.stringify(rs[3]!.headers));
});

t('local rateLimit per client (x-user Distinct, 2/minute): each user has its own bucket; no header, no limit', async (ctx) => {
  const statuses = async (headers: Record<string, string>, n: number) =>
    (await sendSequential(n, () => ({ port: ctx.s.port(), host: 'rate-limit-user.example.com', headers }))).map((r) => r.status);
  assert.equal(await statuses({ 'x-user': 'alice' }, 3), [200, 200, 429]);
  assert.equal(await statuses({ 'x-user': 'bob' }, 3), [200, 200, 429]);
  assert.equal(await statuses({ 'x-user': 'alice' }, 1), [429]);
  assert.equal(await statuses({}, 4), [200, 200, 200, 200]);
});

t('local rateLimit with an exact-header selector (x-plan: free, 1/minute) and a route-wide rule (4/minute)', async (ctx) => {
  const one = async (headers: Record<string, string>) => (await send({ port: ctx.s.port(), host: 'rate-limit-plan.example.com', headers })).status;
  assert.is(await one({ 'x-plan': 'free' }), 200);
  assert.is(await one({ 'x-plan': 'free' }), 429);
  const others = [];
  for (let i = 0; i < 5; i++) others.push(await one({ 'x-plan': 'paid' }));
  assert.equal(others, [200, 200, 200, 200, 429]);
});

t('local rateLimit per source address (sourceCIDR Distinct, 2/minute): each client IP has its own bucket', async (ctx) => {
  const from = async (ip: string) =>
    (await sendSequential(3, () => ({ port: ctx.s.port(), host: 'rate-limit-ip.example.com', localAddress: ip }))).map((r) => r.status);
  assert.equal(await from('127.0.0.2'), [200, 200, 429]);
  assert.equal(await from('127.0.0.3'), [200, 200, 429]);
});

t('responseOverride: a backend 404 gets the inline body; 500–502 become 503 with a JSON body; 200 untouched', async (ctx) => {
  const notFound = await req(ctx, 'override', { headers: { 'x-status': '404' } });
  assert.is(notFound.status, 404);
  assert.is(notFound.body, 'nothing here');
  assert.match(String(notFound.headers['content-type']), /text\/plain/);
  const broken = await req(ctx, 'override', { headers: { 'x-status': '501' } });
  assert.is(broken.status, 503);
  assert.equal(broken.json(), { error: 'try later' });
  const ok = await req(ctx, 'override');
  assert.is(ok.status, 200);
  assert.is(ok.json().backend, 'app');
  const other = await req(ctx, 'override', { headers: { 'x-status': '503' } });
  assert.is(other.status, 503);
  assert.is(other.json().backend, 'app', 'a 503 from the backend is not in any match');
});

t('compressor Gzip: gzip when the client accepts it, identity otherwise', async (ctx) => {
  const zipped = await req(ctx, 'gzip', { headers: { 'accept-encoding': 'gzip' } });
  assert.is(zipped.status, 200);
  assert.is(zipped.headers['content-encoding'], 'gzip');
  const body = JSON.parse(gunzipSync(zipped.raw).toString());
  assert.is(body.backend, 'app');
  assert.is(body.headers['accept-encoding'], undefined, 'Accept-Encoding is removed before the backend');
  const plain = await req(ctx, 'gzip');
  assert.is(plain.headers['content-encoding'], undefined);
  assert.is(plain.json().backend, 'app');
  const other = await req(ctx, 'plain', { headers: { 'accept-encoding': 'gzip' } });
  assert.is(other.headers['content-encoding'], undefined, 'a route without the policy compressed');
});

t('requestBuffer 1Ki: a 4 KiB body gets 413 and never reaches the backend; 512 bytes pass whole', async (ctx) => {
  const big = await req(ctx, 'buffer', { method: 'POST', body: Buffer.alloc(4096, 'x') });
  assert.is(big.status, 413);
  assert.is(seenFor(ctx, 'buffer'), 0);
  const small = await req(ctx, 'buffer', { method: 'POST', body: Buffer.alloc(512, 'y') });
  assert.is(small.status, 200);
  assert.is(small.json().headers['content-length'], '512');
  const control = await req(ctx, 'plain', { method: 'POST', body: Buffer.alloc(4096, 'x') });
  assert.is(control.status, 200, 'a route without the policy refused a 4 KiB body');
});

t('httpUpgrade websocket: the handshake completes through Envoy and a frame is echoed', async (ctx) => {
  const r = await websocketEcho(ctx.s.port(), 'ws-allowed.example.com', '/chat', 'hello over websocket');
  assert.is(r.status, 101, JSON.stringify(r));
  assert.ok(r.acceptOk, 'Sec-WebSocket-Accept does not match the key');
  assert.is(r.echo, 'hello over websocket');
  assert.ok(ctx.ws.messages.includes('hello over websocket'));
});

t('httpUpgrade [spdy/3.1] replaces the websocket default: a websocket upgrade gets 403', async (ctx) => {
  const upgrades = ctx.ws.upgrades.length;
  const r = await websocketEcho(ctx.s.port(), 'ws-other.example.com', '/chat', 'hi');
  assert.is(r.status, 403);
  assert.is(ctx.ws.upgrades.length, upgrades, 'the backend saw an upgrade');
});

t.run();
