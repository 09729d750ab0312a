/**
 * Load balancing on a real Envoy: one Gateway, one HTTPRoute per policy (by hostname), every
 * route on the same three loopback endpoints (each rule gets its own cluster), so each policy is
 * seen on its own. Envoy runs one worker, so RoundRobin is exact.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startScriptedBackends, type ScriptedBackend } from './backends/http';
import { send, sendSequential, tally, type SendOptions } from './client';
import { setup, useCleanup } from './harness';
import { btp, GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  pool: ScriptedBackend[];
  left: ScriptedBackend[];
  right: ScriptedBackend[];
}
const t = suite<Ctx>('e2e: load balancing');
useCleanup(t);

const LB = {
  'round-robin': 'loadBalancer:\n  type: RoundRobin',
  random: 'loadBalancer:\n  type: Random',
  'least-request': 'loadBalancer:\n  type: LeastRequest',
  'hash-header': 'loadBalancer:\n  type: ConsistentHash\n  consistentHash:\n    type: Headers\n    headers:\n      - name: x-user',
  'hash-cookie': 'loadBalancer:\n  type: ConsistentHash\n  consistentHash:\n    type: Cookie\n    cookie:\n      name: session',
  'hash-query': 'loadBalancer:\n  type: ConsistentHash\n  consistentHash:\n    type: QueryParams\n    queryParams:\n      - name: user',
  'hash-source-ip': 'loadBalancer:\n  type: ConsistentHash\n  consistentHash:\n    type: SourceIP',
};

setup(t, async (ctx) => {
  const [pool, left, right] = await Promise.all([startScriptedBackends('pool', 3), startScriptedBackends('left', 1), startScriptedBackends('right', 1)]);
  Object.assign(ctx, { pool, left, right });
  const yaml = [GATEWAY];
  for (const [name, spec] of Object.entries(LB)) {
    yaml.push(httpRoute(name, `${name}.example.com`, '- backendRefs: [{name: pool, port: 8080}]'), btp(name, `HTTPRoute/${name}`, spec));
  }
  // No policy: Envoy Gateway's default (LeastRequest with locality weights) splits by backendRef weight.
  yaml.push(
    httpRoute(
      'weights',
      'weights.example.com',
      `
- backendRefs:
    - {name: left, port: 8080, weight: 3}
    - {name: right, port: 8080, weight: 1}`,
    ),
  );
  ctx.s = await startScenario({
    name: 'load-balancing',
    yaml,
    services: { pool: pool.map((b) => b.port), left: left.map((b) => b.port), right: right.map((b) => b.port) },
  });
});

/** Which pool backend served each of `n` requests built by `make`. */
async function served(ctx: Ctx, n: number, make: (i: number) => Partial<SendOptions>): Promise<string[]> {
  const rs = await sendSequential(n, (i) => ({ port: ctx.s.port(), ...make(i) }));
  return rs.map((r) => {
    assert.is(r.status, 200, r.body);
    return r.headers['x-backend'] as string;
  });
}

t('RoundRobin spreads 30 requests exactly evenly over 3 endpoints', async (ctx) => {
  const by = tally(await served(ctx, 30, () => ({ host: 'round-robin.example.com' })));
  assert.equal([...by.values()].sort(), [10, 10, 10], JSON.stringify([...by]));
});

for (const name of ['random', 'least-request']) {
  t(`${name === 'random' ? 'Random' : 'LeastRequest'} reaches every endpoint`, async (ctx) => {
    const by = tally(await served(ctx, 60, () => ({ host: `${name}.example.com` })));
    assert.equal([...by.keys()].sort(), ctx.pool.map((b) => b.name).sort(), JSON.stringify([...by]));
  });
}

/** 12 keys × 4 requests: every key stays on one endpoint, and the keys use more than one endpoint. */
async function sticky(ctx: Ctx, host: string, withKey: (key: string) => Partial<SendOptions>): Promise<void> {
  const keys = Array.from({ length: 12 }, (_, i) => `user-${i}`);
  const where = new Map<string, Set<string>>();
  for (const key of keys) where.set(key, new Set(await served(ctx, 4, () => ({ host, ...withKey(key) }))));
  for (const [key, set] of where) assert.is(set.size, 1, `key ${key} went to ${[...set].join(', ')}`);
  const used = new Set([...where.values()].flatMap((s) => [...s]));
  assert.ok(used.size >= 2, `all 12 keys on one endpoint (${[...used]}): not hashing by the key?`);
}

t('ConsistentHash by header keeps each x-user on one endpoint', (ctx) => sticky(ctx, 'hash-header.example.com', (key) => ({ headers: { 'x-user': key } })));

t('ConsistentHash by cookie keeps each session cookie on one endpoint', (ctx) =>
  sticky(ctx, 'hash-cookie.example.com', (key) => ({ headers: { cookie: `theme=dark; session=${key}` } })),
);

t('ConsistentHash by query parameter keeps each ?user= on one endpoint', (ctx) =>
  sticky(ctx, 'hash-query.example.com', (key) => ({ path: `/items?page=1&user=${key}` })),
);

t('ConsistentHash by source IP keeps each client address on one endpoint', (ctx) =>
  sticky(ctx, 'hash-source-ip.example.com', (key) => ({ localAddress: `127.0.0.${2 + Number(key.split('-')[1])}` })),
);

t('ConsistentHash by header without the header still answers (no key: any endpoint)', async (ctx) => {
  const r = await send({ port: ctx.s.port(), host: 'hash-header.example.com' });
  assert.is(r.status, 200);
});

t('backendRef weights 3:1 split the traffic 3:1', async (ctx) => {
  const n = 200;
  const by = tally(
    await Promise.all(Array.from({ length: n }, () => send({ port: ctx.s.port(), host: 'weights.example.com' }).then((r) => r.headers['x-backend'] as string))),
  );
  const share = (by.get('left-0') ?? 0) / n;
  assert.ok(share >= 0.68 && share <= 0.82, `left got ${(share * 100).toFixed(1)}% (want ~75%): ${JSON.stringify([...by])}`);
  assert.is((by.get('left-0') ?? 0) + (by.get('right-0') ?? 0), n);
});

t.run();
