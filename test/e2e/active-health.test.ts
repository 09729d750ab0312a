/**
 * Active health checks (HTTP, TCP, gRPC) and slow start on a real Envoy.
 *
 * Envoy health-checks a cluster that has never carried traffic only every `no_traffic_interval`
 * (Envoy's default 60 s; Envoy Gateway does not set it): the first check runs at startup, the
 * next one 60 s later, and only then does the configured `interval` apply. So the setup sends one
 * request through every health-checked cluster and then waits (a bounded poll, not a sleep) for
 * each cluster's second check; everything after that runs at the configured 200 ms interval.
 * This is the one slow step of the e2e suite: one Envoy, all health-checked clusters at once.
 *
 * Thresholds as Envoy applies them: unhealthyThreshold counts network failures and timeouts; a
 * check that gets an answer and fails it (an unexpected HTTP status or body, gRPC NOT_SERVING)
 * marks the endpoint unhealthy at once (health_check.proto: "this threshold is ignored").
 * healthyThreshold counts passing checks.
 *
 * Health check event logs: the Gateway's EnvoyProxy `telemetry.healthCheckLog` reaches every
 * health-checked cluster whose policy sets no log of its own (the gRPC one does).
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startGrpcBackend, grpcCall, type GrpcBackend } from './backends/grpc';
import { startScriptedBackends, type ScriptedBackend } from './backends/http';
import { startTcpEcho, tcpExchange, type TcpBackend } from './backends/tcp';
import { send, sendSequential, tally } from './client';
import { onCleanup, setup, useCleanup, waitFor } from './harness';
import { btp, httpRoute, startScenario, type HostStatus, type Scenario, withEnvoyProxy } from './scenario';

interface Ctx {
  s: Scenario;
  /** The EnvoyProxy's health check event log, and the gRPC policy's own. */
  proxyLog: string;
  grpcLog: string;
  web: ScriptedBackend[];
  ramp: ScriptedBackend[];
  tcp: TcpBackend[];
  grpc: GrpcBackend[];
}
const t = suite<Ctx>('e2e: active health');
useCleanup(t);

const HTTP_CLUSTER = 'httproute/default/web/rule/0';
const RAMP_CLUSTER = 'httproute/default/ramp/rule/0';
const TCP_CLUSTER = 'tcproute/default/echo/rule/-1'; // Envoy Gateway names TCPRoute clusters rule/-1
const GRPC_CLUSTER = 'grpcroute/default/greeter/rule/0';
const SAY = '/echo.Echo/Say';

const GATEWAY_WITH_TCP = `${withEnvoyProxy('hc-log').trimEnd()}
    - name: tcp
      protocol: TCP
      port: 9000
`;

const healthCheckLogProxy = (path: string) => `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: hc-log, namespace: default}
spec:
  telemetry:
    healthCheckLog:
      matches: [Failure, Success]
      sinks: [{type: File, file: {path: ${JSON.stringify(path)}}}]
`;

setup(t, async (ctx) => {
  const [web, ramp, tcp, grpc] = await Promise.all([
    startScriptedBackends('web', 2),
    startScriptedBackends('ramp', 2),
    Promise.all([startTcpEcho('echo-0'), startTcpEcho('echo-1')]),
    Promise.all(['greeter-0', 'greeter-1'].map((n) => startGrpcBackend(n, { [SAY]: (who) => `hello ${who} from ${n}` }))),
  ]);
  Object.assign(ctx, { web, ramp, tcp, grpc });
  const logs = mkdtempSync(join(tmpdir(), 'envoyc-e2e-hc-log-'));
  onCleanup(() => rmSync(logs, { recursive: true, force: true }));
  ctx.proxyLog = join(logs, 'proxy.log');
  ctx.grpcLog = join(logs, 'grpc.log');
  for (const b of web) b.health.body = 'all ok';
  ctx.s = await startScenario({
    name: 'active-health',
    yaml: [
      GATEWAY_WITH_TCP,
      healthCheckLogProxy(ctx.proxyLog),
      httpRoute('web', 'web.example.com', '- backendRefs: [{name: web, port: 8080}]'),
      btp(
        'web',
        'HTTPRoute/web',
        `
loadBalancer: {type: RoundRobin}
healthCheck:
  active:
    type: HTTP
    interval: 200ms
    timeout: 150ms
    unhealthyThreshold: 3
    healthyThreshold: 2
    http:
      path: /healthz
      expectedStatuses: [200, 202]
      expectedResponse: {type: Text, text: ok}`,
      ),
      httpRoute('ramp', 'ramp.example.com', '- backendRefs: [{name: ramp, port: 8080}]'),
      btp(
        'ramp',
        'HTTPRoute/ramp',
        `
loadBalancer:
  type: RoundRobin
  slowStart: {window: 3s}
healthCheck:
  active:
    type: HTTP
    interval: 100ms
    timeout: 80ms
    unhealthyThreshold: 1
    healthyThreshold: 1
    http: {path: /healthz}`,
      ),
      `
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: echo, namespace: default}
spec:
  parentRefs: [{name: eg, sectionName: tcp}]
  rules:
    - backendRefs: [{name: echo, port: 8080}]
`,
      btp(
        'echo',
        'TCPRoute/echo',
        `
healthCheck:
  active:
    type: TCP
    interval: 200ms
    timeout: 150ms
    unhealthyThreshold: 2
    healthyThreshold: 1
    tcp:
      send: {type: Text, text: ping}
      receive: {type: Text, text: pong}`,
      ),
      `
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: greeter, namespace: default}
spec:
  parentRefs: [{name: eg, sectionName: http}]
  hostnames: [grpc.example.com]
  rules:
    - backendRefs: [{name: greeter, port: 8080}]
`,
      btp(
        'greeter',
        'GRPCRoute/greeter',
        `
healthCheck:
  active:
    type: GRPC
    interval: 200ms
    timeout: 150ms
    unhealthyThreshold: 2
    healthyThreshold: 1
    grpc: {service: echo.Echo}
    healthCheckLog:
      sinks: [{type: File, file: {path: ${JSON.stringify(ctx.grpcLog)}}}]`,
      ),
    ],
    services: {
      web: web.map((b) => b.port),
      ramp: ramp.map((b) => b.port),
      echo: tcp.map((b) => b.port),
      greeter: grpc.map((b) => b.port),
    },
  });
  // Traffic through every health-checked cluster, so Envoy leaves no_traffic_interval behind...
  assert.is((await send({ port: ctx.s.port(), host: 'web.example.com' })).status, 200);
  assert.is((await send({ port: ctx.s.port(), host: 'ramp.example.com' })).status, 200);
  assert.is(await tcpExchange(ctx.s.port('tcp'), 'warm-up', (got) => got === 'warm-up'), 'warm-up');
  assert.is((await grpcCall(ctx.s.port(), 'grpc.example.com', SAY, 'warm-up')).grpcStatus, 0);
  // ... after the check already scheduled 60 s after startup: wait for it everywhere.
  const checks = () => [...web, ...ramp].map((b) => b.healthChecks.length);
  await waitFor('the second health check of every HTTP endpoint (no_traffic_interval: 60 s)', () => checks().every((n) => n >= 2), {
    timeoutMs: 80_000,
    intervalMs: 100,
  }).catch((err) => {
    throw new Error(`${(err as Error).message}; checks per endpoint (web, ramp): ${checks()}`);
  });
  await waitFor('the TCP checks to run at their interval', async () => (await ctx.s.clusterStat(TCP_CLUSTER, 'health_check.attempt')) >= 4, {
    timeoutMs: 5_000,
  });
});

const flagged = (hs: HostStatus[], port: number) => hs.find((h) => h.port === port)!.flags.includes('failed_active_health_check');

/** Counts the checks answered after `from` and polls until the host's state is `unhealthy`; returns how many checks it took and how long. */
async function transition(ctx: Ctx, cluster: string, port: number, unhealthy: boolean, served: () => { at: number }[], what: string) {
  const from = performance.now();
  await ctx.s.waitHosts(cluster, what, (hs) => flagged(hs, port) === unhealthy, 5_000);
  return { checks: served().filter((c) => c.at >= from).length, ms: performance.now() - from };
}

t('HTTP: checks GET the configured path on every endpoint', (ctx) => {
  for (const b of ctx.web) {
    assert.ok(b.healthChecks.length >= 2);
    for (const c of b.healthChecks) {
      assert.is(c.req.path, '/healthz');
      assert.is(c.req.method, 'GET');
    }
  }
});

t(
  'HTTP: a check answered 503 marks the endpoint unhealthy at once (Envoy ignores unhealthyThreshold for a bad status); 2 passing checks bring it back',
  async (ctx) => {
    const [good, bad] = ctx.web as [ScriptedBackend, ScriptedBackend];
    bad.health.status = 503;
    const down = await transition(ctx, HTTP_CLUSTER, bad.port, true, () => bad.healthChecks, 'the endpoint failing its checks marked unhealthy');
    assert.is(down.checks, 1, `unhealthy after ${down.checks} failed checks`);
    const before = bad.traffic().length;
    const rs = await sendSequential(6, () => ({ port: ctx.s.port(), host: 'web.example.com' }));
    assert.ok(
      rs.every((r) => r.headers['x-backend'] === good.name),
      'traffic reached the unhealthy endpoint',
    );
    assert.is(bad.traffic().length, before);

    bad.health.status = 200;
    const up = await transition(ctx, HTTP_CLUSTER, bad.port, false, () => bad.healthChecks, 'the endpoint healthy again');
    assert.is(up.checks, 2, `healthy after ${up.checks} passing checks (healthyThreshold 2)`);
    assert.ok(up.ms < 2 * 200 + 400, `took ${up.ms.toFixed(0)} ms at a 200 ms interval`);
    // Envoy's workers learn of the change a moment after /clusters shows it: poll, bounded.
    await waitFor(
      'traffic at the endpoint again',
      async () => {
        await send({ port: ctx.s.port(), host: 'web.example.com' });
        return bad.traffic().length >= before + 2;
      },
      { timeoutMs: 2_000, intervalMs: 0 },
    );
  },
);

t('HTTP: checks timing out (timeout 150ms) mark the endpoint unhealthy after unhealthyThreshold (3)', async (ctx) => {
  const b = ctx.web[1]!;
  b.health.delayMs = 400;
  const down = await transition(ctx, HTTP_CLUSTER, b.port, true, () => b.healthChecks, 'the endpoint timing out marked unhealthy');
  assert.is(down.checks, 3, `unhealthy after ${down.checks} timed-out checks`);
  assert.ok(down.ms >= 2 * 200 && down.ms < 3 * (200 + 150) + 400, `took ${down.ms.toFixed(0)} ms`);
  b.health.delayMs = 0;
  await transition(ctx, HTTP_CLUSTER, b.port, false, () => b.healthChecks, 'the endpoint healthy again');
});

t('HTTP: expectedStatuses [200, 202] accepts a 202; a 201 fails the check', async (ctx) => {
  const b = ctx.web[1]!;
  b.health.status = 202;
  const from = b.healthChecks.length;
  await waitFor('3 checks answered 202', () => b.healthChecks.length >= from + 3, { timeoutMs: 3_000 });
  assert.is(flagged(await ctx.s.hosts(HTTP_CLUSTER), b.port), false, '202 failed the check');
  b.health.status = 201;
  const down = await transition(ctx, HTTP_CLUSTER, b.port, true, () => b.healthChecks, 'a 201 marking the endpoint unhealthy');
  assert.is(down.checks, 1);
  b.health.status = 200;
  await transition(ctx, HTTP_CLUSTER, b.port, false, () => b.healthChecks, 'the endpoint healthy again');
});

t('HTTP: expectedResponse "ok" must be in the body: 200 "all ok" passes, 200 "degraded" fails', async (ctx) => {
  const b = ctx.web[1]!;
  assert.is(flagged(await ctx.s.hosts(HTTP_CLUSTER), b.port), false, 'healthy with body "all ok"');
  b.health.body = 'degraded';
  const down = await transition(ctx, HTTP_CLUSTER, b.port, true, () => b.healthChecks, 'a body without "ok" marking the endpoint unhealthy');
  assert.is(down.checks, 1);
  b.health.body = 'all ok';
  const up = await transition(ctx, HTTP_CLUSTER, b.port, false, () => b.healthChecks, 'the endpoint healthy again');
  assert.is(up.checks, 2);
});

t('TCP: send "ping" / receive "pong": an endpoint that stops answering pong is unhealthy after 2 checks, healthy after 1', async (ctx) => {
  const [, bad] = ctx.tcp as [TcpBackend, TcpBackend];
  const failures = () => ctx.s.clusterStat(TCP_CLUSTER, 'health_check.failure');
  assert.match(bad.received(), /ping/);
  const f0 = await failures();
  bad.health.answer = 'nope';
  await ctx.s.waitHosts(TCP_CLUSTER, 'the TCP endpoint answering "nope" marked unhealthy', (hs) => flagged(hs, bad.port), 5_000);
  assert.is((await failures()) - f0, 2, 'unhealthy after this many failed checks (unhealthyThreshold 2)');
  for (let i = 0; i < 4; i++) assert.is(await tcpExchange(ctx.s.port('tcp'), `hello-${i}`, (got) => got === `hello-${i}`), `hello-${i}`);
  bad.health.answer = 'pong';
  const f1 = await failures();
  await ctx.s.waitHosts(TCP_CLUSTER, 'the TCP endpoint healthy again', (hs) => !flagged(hs, bad.port), 5_000);
  assert.ok((await failures()) - f1 <= 1, 'healthy again after one passing check');
});

t('gRPC: the health service for "echo.Echo" answering NOT_SERVING marks the endpoint unhealthy at once, SERVING healthy after 1 check', async (ctx) => {
  const [good, bad] = ctx.grpc as [GrpcBackend, GrpcBackend];
  await waitFor('gRPC health checks at the backends', () => ctx.grpc.every((b) => b.healthChecks.length >= 2), { timeoutMs: 3_000 }).catch(async (err) => {
    const failures = await ctx.s.clusterStat(GRPC_CLUSTER, 'health_check.network_failure');
    throw new Error(
      `${(err as Error).message}: none reached the gRPC server (${failures} network failures). ` +
        `With no authority configured, Envoy's gRPC check sends the cluster name "${GRPC_CLUSTER}" as :authority ` +
        '(Envoy Gateway sets neither grpc_health_check.authority nor an endpoint health_check_config.hostname), ' +
        'and HTTP/2 servers that validate :authority (nghttp2: Node, grpc-js) reset the stream.',
    );
  });
  assert.ok(
    bad.healthChecks.every((c) => c.service === 'echo.Echo'),
    `checked service ${bad.healthChecks[0]?.service}`,
  );
  bad.serving = false;
  const down = await transition(ctx, GRPC_CLUSTER, bad.port, true, () => bad.healthChecks, 'the NOT_SERVING endpoint marked unhealthy');
  assert.is(down.checks, 1);
  const before = bad.calls.length;
  for (let i = 0; i < 4; i++) {
    const r = await grpcCall(ctx.s.port(), 'grpc.example.com', SAY, `n${i}`);
    assert.is(r.grpcStatus, 0);
    assert.is(r.reply, `hello n${i} from ${good.name}`);
  }
  assert.is(bad.calls.length, before);
  bad.serving = true;
  const up = await transition(ctx, GRPC_CLUSTER, bad.port, false, () => bad.healthChecks, 'the SERVING endpoint healthy again');
  assert.is(up.checks, 1);
});

t('slowStart window 3s: an endpoint back from unhealthy gets a small share at first, an even share ~3 s later', async (ctx) => {
  const [, late] = ctx.ramp as [ScriptedBackend, ScriptedBackend];
  late.health.status = 503;
  await ctx.s.waitHosts(RAMP_CLUSTER, 'the endpoint unhealthy', (hs) => flagged(hs, late.port), 3_000);
  late.health.status = 200;
  await ctx.s.waitHosts(RAMP_CLUSTER, 'the endpoint healthy again', (hs) => !flagged(hs, late.port), 3_000);
  const back = performance.now();
  const share = async () => {
    const rs = await sendSequential(20, () => ({ port: ctx.s.port(), host: 'ramp.example.com' }));
    return (tally(rs.map((r) => r.headers['x-backend'])).get(late.name) ?? 0) / rs.length;
  };
  const early = await share();
  assert.ok(early <= 0.25, `just back, the endpoint got ${(early * 100).toFixed(0)}% (want well under 50%)`);
  const even = await waitFor('an even share', async () => ((await share()) >= 0.4 ? performance.now() - back : false), { timeoutMs: 6_000, intervalMs: 200 });
  assert.ok(even >= 1_200, `even after only ${even.toFixed(0)} ms (window 3 s)`);
});

/** The clusters named by the health check events in a log file (one JSON object per line). */
const eventClusters = (file: string): Set<string> =>
  new Set(
    (existsSync(file) ? readFileSync(file, 'utf8') : '')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l).cluster_name as string),
  );

t(
  "health check event logs: the EnvoyProxy's log has every check of the clusters without a log of their own; the gRPC policy's log has its own",
  async (ctx) => {
    const proxied = await waitFor('successful checks of the HTTP and TCP clusters in the EnvoyProxy log', () => {
      const seen = eventClusters(ctx.proxyLog);
      return seen.has(HTTP_CLUSTER) && seen.has(TCP_CLUSTER) && seen;
    });
    assert.not.ok(proxied.has(GRPC_CLUSTER), 'the gRPC cluster logs to its own file');
    await waitFor('the gRPC cluster in its own log', () => eventClusters(ctx.grpcLog).has(GRPC_CLUSTER));
  },
);

t.run();
