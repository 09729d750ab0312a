/**
 * EnvoyProxy on a real Envoy: the Gateway's own EnvoyProxy (infrastructure.parametersRef) writes an
 * access log file with one JSON line per request in the configured fields, and a request its CEL
 * match leaves out gets none; the admin's /stats/prometheus shows the stats its metrics settings
 * ask for (virtual host, per-endpoint and size stats) and none its stats matcher leaves out; its
 * bootstrap Merge is in the bootstrap Envoy runs (/config_dump); its Zipkin tracer sends spans,
 * with the custom tags, to a loopback collector; with preserveRouteOrder the first rule written wins
 * over a more precise later one.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startBackend, onCleanup, setup, useCleanup, waitFor, type Backend } from './harness';
import { send } from './client';
import { httpRoute, startScenario, type Scenario, withEnvoyProxy } from './scenario';

interface Ctx {
  s: Scenario;
  app: Backend;
  other: Backend;
  logFile: string;
  /** Bodies the loopback Zipkin collector received on /api/v2/spans. */
  spans: string[];
}

/** A Zipkin collector on loopback that keeps every body posted to it. */
async function startCollector(bodies: string[]): Promise<number> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/api/v2/spans') bodies.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}
const t = suite<Ctx>('e2e: EnvoyProxy');
useCleanup(t);

/** The scenario's Gateway, with its own EnvoyProxy. */
const gateway = withEnvoyProxy('telemetry');

const envoyProxy = (path: string) => `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata:
  name: telemetry
  namespace: default
spec:
  preserveRouteOrder: true
  telemetry:
    accessLog:
      settings:
        - format:
            type: JSON
            json:
              method: "%REQ(:METHOD)%"
              path: "%REQ(:PATH)%"
              status: "%RESPONSE_CODE%"
              user: "%CEL(request.headers['x-user'])%"
              sampled: "100%"
          matches:
            - "!request.path.startsWith('/skip')"
          sinks:
            - type: File
              file: {path: ${JSON.stringify(path)}}
    metrics:
      enableVirtualHostStats: true
      enablePerEndpointStats: true
      enableRequestResponseSizesStats: true
      matches:
        - {type: Prefix, value: cluster.httproute}
        - {type: Prefix, value: vhost.}
    tracing:
      provider:
        type: Zipkin
        backendRefs: [{name: zipkin, port: 9411}]
      customTags:
        team: {type: Literal, literal: {value: edge}}
    requestID:
      tracing: Sample
  bootstrap:
    type: Merge
    value: |
      layered_runtime:
        layers:
          - name: envoyc-e2e
            static_layer: {envoyc.e2e.marker: merged}
      overload_manager:
        refresh_interval: 1s
`;

setup(t, async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-e2e-access-log-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  ctx.logFile = join(dir, 'access.log');
  ctx.app = await startBackend({ name: 'app' });
  ctx.other = await startBackend({ name: 'other' });
  ctx.spans = [];
  const zipkin = await startCollector(ctx.spans);
  ctx.s = await startScenario({
    name: 'envoy-proxy',
    yaml: [
      gateway,
      envoyProxy(ctx.logFile),
      httpRoute(
        'web',
        'web.example.com',
        '- backendRefs: [{name: app, port: 8080}]\n- matches: [{path: {type: Exact, value: /exact}}]\n  backendRefs: [{name: other, port: 8080}]',
      ),
    ],
    services: { app: [ctx.app.port], other: [ctx.other.port], zipkin: { port: 9411, endpoints: [zipkin] } },
  });
});

const lines = (file: string): string[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];

t('access log: one JSON line per request in the configured fields (a CEL operator, a literal %); a request the CEL match leaves out has none', async (ctx) => {
  for (const path of ['/first', '/skip/me', '/second'])
    assert.is((await send({ port: ctx.s.port(), host: 'web.example.com', path, headers: { 'x-user': `user${path}` } })).status, 200, path);
  // Envoy flushes log files on a timer, in request order: once /second is there, /skip/me would be too.
  await waitFor('the access log line of /second', () => lines(ctx.logFile).some((l) => l.includes('/second')));
  const entries = lines(ctx.logFile).map((l) => JSON.parse(l));
  assert.equal(entries, [
    { method: 'GET', path: '/first', status: 200, user: 'user/first', sampled: '100%' },
    { method: 'GET', path: '/second', status: 200, user: 'user/second', sampled: '100%' },
  ]);
});

t('access log: the default stdout log is replaced, not added to', (ctx) => {
  assert.equal(ctx.s.accessLog(), []);
});

/** The samples of one metric family (`name{labels} value` lines) in the Prometheus text. */
const samples = (text: string, name: string): string[] => text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

t('metrics: /stats/prometheus has the virtual host, per-endpoint and size stats, and only what the matcher includes', async (ctx) => {
  assert.is((await send({ port: ctx.s.port(), host: 'web.example.com', path: '/stats' })).status, 200);
  const text = await ctx.s.envoy.admin('/stats/prometheus');
  const vcluster = samples(text, 'envoy_vhost_vcluster_upstream_rq_total');
  assert.ok(
    vcluster.some((l) => l.includes('envoy_virtual_cluster="web_example_com"')),
    vcluster.join('\n') || 'no vhost stats',
  );
  const endpoint = samples(text, 'envoy_cluster_endpoint_rq_total');
  assert.ok(
    endpoint.some((l) => l.includes(`127.0.0.1:${ctx.app.port}`) && l.includes('httproute/default/web/rule/0')),
    endpoint.join('\n') || 'no per-endpoint stats',
  );
  assert.ok(samples(text, 'envoy_cluster_upstream_rq_headers_size_bucket').length > 0, 'no request size histogram');
  // Left out by the inclusion list: the listener's and the server's own stats.
  assert.equal(samples(text, 'envoy_http_downstream_rq_total'), []);
  assert.equal(samples(text, 'envoy_server_live'), []);
});

t("bootstrap Merge: /config_dump shows the merged bootstrap, envoyc's own settings kept where the merge is silent", async (ctx) => {
  const dump = JSON.parse(await ctx.s.envoy.admin('/config_dump?mask=bootstrap'));
  const bootstrap = dump.configs.find((c: any) => c['@type'].endsWith('BootstrapConfigDump')).bootstrap;
  assert.equal(bootstrap.layered_runtime.layers, [{ name: 'envoyc-e2e', static_layer: { 'envoyc.e2e.marker': 'merged' } }]);
  assert.is(bootstrap.overload_manager.refresh_interval, '1s');
  assert.is(bootstrap.overload_manager.resource_monitors[0].name, 'envoy.resource_monitors.global_downstream_max_connections');
  assert.is(await ctx.s.envoy.admin('/runtime?format=json').then((t) => JSON.parse(t).entries['envoyc.e2e.marker']?.final_value), 'merged');
});

t('tracing: the Zipkin tracer propagates B3 headers upstream and posts spans with the custom tag to the collector', async (ctx) => {
  // Envoy's Zipkin tracer flushes once it holds 5 spans (or on a timer): 5 requests are enough.
  for (let i = 0; i < 5; i++) assert.is((await send({ port: ctx.s.port(), host: 'web.example.com', path: `/traced/${i}` })).status, 200);
  assert.ok(ctx.app.requests.at(-1)?.headers['x-b3-traceid'], 'the backend sees a trace ID');
  const spans = await waitFor('spans at the collector', () => {
    const all = ctx.spans.flatMap((b) => JSON.parse(b) as any[]);
    return all.some((sp) => String(sp.tags?.['http.url'] ?? '').includes('/traced/')) && all;
  });
  const traced = spans.filter((sp) => String(sp.tags?.['http.url'] ?? '').includes('/traced/'));
  assert.ok(
    traced.every((sp) => sp.tags.team === 'edge'),
    JSON.stringify(traced[0]),
  );
});

t('requestID tracing Sample: traced requests keep their x-request-id a plain UUID v4 (no trace reason packed into it)', async (ctx) => {
  for (let i = 0; i < 3; i++) assert.is((await send({ port: ctx.s.port(), host: 'web.example.com', path: `/request-id/${i}` })).status, 200);
  const ids = ctx.app.requests.filter((r) => r.path.startsWith('/request-id/')).map((r) => String(r.headers['x-request-id']));
  assert.is(ids.length, 3);
  // Envoy's default packs the trace decision into the UUID's version digit (b for a sampled trace); Sample leaves it 4.
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
});

t('preserveRouteOrder: the catch-all rule written first takes /exact, which Gateway API precedence would give the exact match', async (ctx) => {
  const r = await send({ port: ctx.s.port(), host: 'web.example.com', path: '/exact' });
  assert.equal([r.status, r.headers['x-backend']], [200, 'app']);
  assert.is(ctx.other.count, 0);
});

t.run();
