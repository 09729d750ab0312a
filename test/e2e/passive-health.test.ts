/**
 * Passive health (outlier detection) and the panic threshold on a real Envoy. Each route has its
 * own endpoints, balanced RoundRobin so the number of requests an endpoint gets is exact; an
 * endpoint "goes bad" by answering 503 (`backend.reply`).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startScriptedBackends, type ScriptedBackend } from './backends/http';
import { send, sendSequential } from './client';
import { setup, useCleanup, waitFor } from './harness';
import { btp, GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  eject: ScriptedBackend[];
  cap: ScriptedBackend[];
  panicOn: ScriptedBackend[];
  panicOff: ScriptedBackend[];
}
const t = suite<Ctx>('e2e: passive health');
useCleanup(t);

const cluster = (route: string) => `httproute/default/${route}/rule/0`;

setup(t, async (ctx) => {
  const [eject, cap, panicOn, panicOff] = await Promise.all([
    startScriptedBackends('eject', 2),
    startScriptedBackends('cap', 4),
    startScriptedBackends('panic-on', 2),
    startScriptedBackends('panic-off', 2),
  ]);
  Object.assign(ctx, { eject, cap, panicOn, panicOff });
  const route = (name: string) => httpRoute(name, `${name}.example.com`, `- backendRefs: [{name: ${name}, port: 8080}]`);
  ctx.s = await startScenario({
    name: 'passive-health',
    yaml: [
      GATEWAY,
      route('eject'),
      btp(
        'eject',
        'HTTPRoute/eject',
        `
loadBalancer: {type: RoundRobin}
healthCheck:
  passive:
    consecutive5XxErrors: 3
    interval: 100ms
    baseEjectionTime: 1s
    maxEjectionPercent: 50`,
      ),
      route('cap'),
      btp(
        'cap',
        'HTTPRoute/cap',
        `
loadBalancer: {type: RoundRobin}
healthCheck:
  passive:
    consecutive5XxErrors: 2
    interval: 100ms
    baseEjectionTime: 30s
    maxEjectionPercent: 50`,
      ),
      route('panic-on'),
      btp(
        'panic-on',
        'HTTPRoute/panic-on',
        `
loadBalancer: {type: RoundRobin}
healthCheck:
  panicThreshold: 60
  passive:
    consecutive5XxErrors: 1
    interval: 100ms
    baseEjectionTime: 30s
    maxEjectionPercent: 100`,
      ),
      route('panic-off'),
      btp(
        'panic-off',
        'HTTPRoute/panic-off',
        `
loadBalancer: {type: RoundRobin}
healthCheck:
  panicThreshold: 0
  passive:
    consecutive5XxErrors: 1
    interval: 100ms
    baseEjectionTime: 30s
    maxEjectionPercent: 100`,
      ),
    ],
    services: Object.fromEntries(
      (['eject', 'cap', 'panic-on', 'panic-off'] as const).map((n) => [n, { eject, cap, 'panic-on': panicOn, 'panic-off': panicOff }[n].map((b) => b.port)]),
    ),
  });
});

const ejected = (hosts: { flags: string[] }[]) => hosts.filter((h) => h.flags.includes('failed_outlier_check')).length;

t('consecutive5XxErrors 3: the failing endpoint is ejected after exactly 3 failures and returns after baseEjectionTime', async (ctx) => {
  const [good, bad] = ctx.eject as [ScriptedBackend, ScriptedBackend];
  const c = cluster('eject');
  bad.reply = { status: 503 };
  const first = await sendSequential(6, () => ({ port: ctx.s.port(), host: 'eject.example.com' }));
  assert.equal(first.map((r) => r.status).sort(), [200, 200, 200, 503, 503, 503]);
  await ctx.s.waitHosts(c, 'the failing endpoint ejected', (hs) => ejected(hs) === 1, 2_000);
  const ejectedAt = performance.now();
  assert.is(bad.traffic().length, 3, 'the failing endpoint saw exactly consecutive5XxErrors requests');
  assert.is(await ctx.s.clusterStat(c, 'outlier_detection.ejections_enforced_consecutive_5xx'), 1);

  const during = await sendSequential(8, () => ({ port: ctx.s.port(), host: 'eject.example.com' }));
  assert.ok(
    during.every((r) => r.status === 200 && r.headers['x-backend'] === good.name),
    'traffic reached the ejected endpoint',
  );
  assert.is(bad.traffic().length, 3);

  bad.reply = { status: 200 };
  await ctx.s.waitHosts(c, 'the endpoint back after baseEjectionTime', (hs) => ejected(hs) === 0, 5_000);
  const back = performance.now() - ejectedAt;
  assert.ok(back >= 900 && back < 2_500, `back after ${back.toFixed(0)} ms (baseEjectionTime 1s, interval 100ms)`);
  // Envoy's workers learn of the change a moment after /clusters shows it: poll, bounded.
  await waitFor(
    'traffic at the returned endpoint',
    async () => {
      await send({ port: ctx.s.port(), host: 'eject.example.com' });
      return bad.traffic().length >= 5;
    },
    { timeoutMs: 2_000, intervalMs: 0 },
  );
});

t('maxEjectionPercent 50: with every endpoint failing, only 2 of 4 are ejected', async (ctx) => {
  const c = cluster('cap');
  for (const b of ctx.cap) b.reply = { status: 503 };
  await sendSequential(24, () => ({ port: ctx.s.port(), host: 'cap.example.com' }));
  const hosts = await ctx.s.waitHosts(c, 'two endpoints ejected', (hs) => ejected(hs) === 2, 2_000);
  assert.is(ejected(hosts), 2);
  await sendSequential(8, () => ({ port: ctx.s.port(), host: 'cap.example.com' }));
  assert.is(ejected(await ctx.s.hosts(c)), 2, 'more than maxEjectionPercent ejected');
  assert.is(await ctx.s.clusterStat(c, 'outlier_detection.ejections_active'), 2);
  assert.ok((await ctx.s.clusterStat(c, 'outlier_detection.ejections_overflow')) >= 1, 'no ejection was refused');
});

for (const [route, threshold, panics] of [
  ['panic-on', 60, true],
  ['panic-off', 0, false],
] as const) {
  t(
    `panicThreshold ${threshold}: with 1 of 2 endpoints ejected (50% healthy) Envoy ${panics ? 'panics and uses both' : 'keeps to the healthy one'}`,
    async (ctx) => {
      const backends = route === 'panic-on' ? ctx.panicOn : ctx.panicOff;
      const [good, bad] = backends as [ScriptedBackend, ScriptedBackend];
      const c = cluster(route);
      bad.reply = { status: 503 };
      await sendSequential(2, () => ({ port: ctx.s.port(), host: `${route}.example.com` }));
      await ctx.s.waitHosts(c, 'the failing endpoint ejected', (hs) => ejected(hs) === 1, 2_000);
      const before = bad.traffic().length;
      const rs = await sendSequential(20, () => ({ port: ctx.s.port(), host: `${route}.example.com` }));
      const toBad = bad.traffic().length - before;
      if (panics) {
        assert.ok(toBad >= 5, `in panic the ejected endpoint got only ${toBad} of 20`);
        assert.ok((await ctx.s.clusterStat(c, 'lb_healthy_panic')) >= 1);
      } else {
        assert.is(toBad, 0);
        assert.ok(rs.every((r) => r.status === 200 && r.headers['x-backend'] === good.name));
        assert.is(await ctx.s.clusterStat(c, 'lb_healthy_panic'), 0);
      }
    },
  );
}

t.run();
