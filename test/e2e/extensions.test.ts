/**
 * EnvoyPatchPolicy and EnvoyExtensionPolicy on a real Envoy: a patch to the route configuration
 * shows on responses, a patch to a cluster shows in /config_dump, a Lua filter adds headers, an
 * ext_proc server (loopback gRPC) mutates a request header, and a local Wasm module (assembled from
 * WAT, test/support/wasm.ts) adds a response header carrying its configuration.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startExtProcServer, type ExtProcServer } from './backends/ext-proc';
import { startBackend, setup, useCleanup, type Backend } from './harness';
import { send } from './client';
import { GATEWAY, httpRoute, routePolicy, startScenario, type Scenario } from './scenario';
import { writeHeaderWasm } from '../support/wasm';

interface Ctx {
  s: Scenario;
  app: Backend;
  proc: ExtProcServer;
}
const t = suite<Ctx>('e2e: EnvoyPatchPolicy and EnvoyExtensionPolicy');
useCleanup(t);

const WASM_CONFIG = { greeting: 'hello from wasm' };

const eep = (name: string, route: string, spec: string) => routePolicy('EnvoyExtensionPolicy', name, route, spec);

const PATCHES = `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyPatchPolicy
metadata:
  name: patches
  namespace: default
spec:
  type: JSONPatch
  targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: eg}
  jsonPatches:
    - type: type.googleapis.com/envoy.config.route.v3.RouteConfiguration
      name: default/eg/http
      operation:
        op: add
        path: /response_headers_to_add
        value:
          - header: {key: x-patched, value: route-config}
    - type: type.googleapis.com/envoy.config.cluster.v3.Cluster
      name: httproute/default/plain/rule/0
      operation: {op: replace, path: /connect_timeout, value: 7s}
`;

setup(t, async (ctx) => {
  const [app, proc, wasm] = await Promise.all([startBackend({ name: 'app' }), startExtProcServer('mutated'), writeHeaderWasm()]);
  Object.assign(ctx, { app, proc });
  const route = (name: string) => httpRoute(name, `${name}.example.com`, '- backendRefs: [{name: app, port: 8080}]');
  const yaml = [
    GATEWAY,
    ...['plain', 'lua', 'extproc', 'wasm'].map(route),
    PATCHES,
    eep(
      'lua',
      'lua',
      `
lua:
  - inline: |
      function envoy_on_request(handle)
        handle:headers():add("x-lua-request", "seen")
      end
      function envoy_on_response(handle)
        handle:headers():add("x-lua", "hello")
      end`,
    ),
    eep('extproc', 'extproc', 'extProc:\n  - backendRefs: [{name: processor, port: 9002}]\n    processingMode:\n      request: {}'),
    eep('wasm', 'wasm', `wasm:\n  - code:\n      type: HTTP\n      http: {url: ${wasm}}\n    config: ${JSON.stringify(WASM_CONFIG)}`),
  ];
  ctx.s = await startScenario({
    name: 'extensions',
    yaml,
    services: { app: [app.port], processor: { port: 9002, appProtocol: 'kubernetes.io/h2c', endpoints: [proc.port] } },
  });
});

const get = (ctx: Ctx, host: string) => send({ port: ctx.s.port(), host: `${host}.example.com` });
const seen = (ctx: Ctx, host: string) => ctx.app.requests.filter((r) => r.host === `${host}.example.com`);

t('EnvoyPatchPolicy: the header a patch adds to the route configuration is on every response', async (ctx) => {
  for (const host of ['plain', 'lua']) {
    const r = await get(ctx, host);
    assert.is(r.status, 200);
    assert.is(r.headers['x-patched'], 'route-config', `${host}: ${JSON.stringify(r.headers)}`);
  }
});

t('EnvoyPatchPolicy: the patched connect timeout is the one Envoy runs (/config_dump)', async (ctx) => {
  const dump = JSON.parse(await ctx.s.envoy.admin('/config_dump?resource=static_clusters'));
  const clusters = dump.configs.map((c: any) => c.cluster);
  const timeout = (name: string) => clusters.find((c: any) => c.name === name)?.connect_timeout;
  assert.is(timeout('httproute/default/plain/rule/0'), '7s');
  assert.is(timeout('httproute/default/lua/rule/0'), '10s', 'a cluster no patch names keeps its timeout');
});

t('Lua: the script adds a request header the backend sees and a response header the client sees, on its route only', async (ctx) => {
  const r = await get(ctx, 'lua');
  assert.is(r.headers['x-lua'], 'hello');
  assert.is(seen(ctx, 'lua').at(-1)?.headers['x-lua-request'], 'seen');
  const other = await get(ctx, 'plain');
  assert.is(other.headers['x-lua'], undefined);
  assert.is(seen(ctx, 'plain').at(-1)?.headers['x-lua-request'], undefined);
});

t('ext_proc: the loopback processor sets a request header the backend receives', async (ctx) => {
  const before = ctx.proc.received.length;
  const r = await get(ctx, 'extproc');
  assert.is(r.status, 200);
  assert.is(seen(ctx, 'extproc').at(-1)?.headers['x-ext-proc'], 'mutated');
  assert.equal(ctx.proc.received.slice(before), [2], 'only request headers are sent (the other modes are SKIP/NONE)');
  assert.is(ctx.proc.authorities.at(-1), 'processor.default:9002');
  await get(ctx, 'plain');
  assert.is(seen(ctx, 'plain').at(-1)?.headers['x-ext-proc'], undefined);
});

t('Wasm: the local module adds a response header carrying its configuration', async (ctx) => {
  const r = await get(ctx, 'wasm');
  assert.is(r.status, 200);
  assert.is(r.headers['x-wasm'], JSON.stringify(WASM_CONFIG));
  assert.is((await get(ctx, 'plain')).headers['x-wasm'], undefined);
});

t.run();
