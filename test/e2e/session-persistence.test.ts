/**
 * HTTPRoute sessionPersistence on a real Envoy: the stateful_session filter answers with the
 * session (a cookie with the match's path and the Permanent cookie's Max-Age, or a header), and a
 * request that carries it back always reaches the endpoint that set it, over three endpoints.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startScriptedBackends, type ScriptedBackend } from './backends/http';
import { send, sendSequential, type SendOptions } from './client';
import { setup, useCleanup } from './harness';
import { GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  pool: ScriptedBackend[];
}
const t = suite<Ctx>('e2e: session persistence');
useCleanup(t);

setup(t, async (ctx) => {
  ctx.pool = await startScriptedBackends('pool', 3);
  const yaml = [
    GATEWAY,
    httpRoute(
      'cookie',
      'cookie.example.com',
      `
- matches: [{path: {type: PathPrefix, value: /cart}}]
  sessionPersistence:
    sessionName: shop-session
    absoluteTimeout: 1h
    cookieConfig: {lifetimeType: Permanent}
  backendRefs: [{name: pool, port: 8080}]`,
    ),
    httpRoute(
      'header',
      'header.example.com',
      `
- sessionPersistence: {type: Header, sessionName: x-session}
  backendRefs: [{name: pool, port: 8080}]`,
    ),
  ];
  ctx.s = await startScenario({ name: 'session-persistence', yaml, services: { pool: ctx.pool.map((b) => b.port) } });
});

/** Sends `n` requests one after another; the backend of each (every answer must be 200). */
async function backends(ctx: Ctx, n: number, opts: Partial<SendOptions>): Promise<string[]> {
  const rs = await sendSequential(n, () => ({ port: ctx.s.port(), ...opts }));
  return rs.map((r) => {
    assert.is(r.status, 200, r.body);
    return r.headers['x-backend'] as string;
  });
}

/**
 * Fresh sessions until two endpoints have handed one out (bounded), then each session's later
 * requests: all on the endpoint that set it.
 */
async function pinned(ctx: Ctx, opts: Partial<SendOptions>, session: (r: Awaited<ReturnType<typeof send>>) => Record<string, string>): Promise<void> {
  const sessions = new Map<string, Record<string, string>>();
  for (let i = 0; i < 30 && sessions.size < 2; i++) {
    const r = await send({ port: ctx.s.port(), ...opts });
    assert.is(r.status, 200, r.body);
    sessions.set(r.headers['x-backend'] as string, session(r));
  }
  assert.is(sessions.size, 2, 'fresh requests spread over the endpoints');
  for (const [first, headers] of sessions) {
    const later = await backends(ctx, 12, { ...opts, headers });
    assert.equal([...new Set(later)], [first], `the session set by ${first} went to ${[...new Set(later)]}`);
  }
}

t('a cookie session: Set-Cookie with the route path and Max-Age, and the cookie pins the endpoint', async (ctx) => {
  const opts = { host: 'cookie.example.com', path: '/cart/items' };
  const r = await send({ port: ctx.s.port(), ...opts });
  const cookie = String(r.headers['set-cookie'] ?? '');
  assert.match(cookie, /^shop-session=/);
  assert.match(cookie, /Path=\/cart/);
  assert.match(cookie, /Max-Age=3600/);
  await pinned(ctx, opts, (res) => ({ cookie: String(res.headers['set-cookie']).split(';')[0]! }));
});

t('a header session: the answer carries x-session, and sending it back pins the endpoint', async (ctx) => {
  const opts = { host: 'header.example.com', path: '/' };
  await pinned(ctx, opts, (res) => {
    const value = res.headers['x-session'];
    assert.type(value, 'string');
    return { 'x-session': value as string };
  });
});

t.run();
