/**
 * EnvoyExtensionPolicy Wasm modules Envoy fetches itself, on a real Envoy 1.40: from an http:// URL
 * and from an https:// URL (a loopback server whose certificate a CA made at run time signs, that
 * CA given as the system trust store with --system-ca-bundle). Each module is checked against its
 * sha256 and runs: the response carries the header it adds, with its configuration.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { headerWasm } from '../support/wasm';
import { makeClientCa } from './backends/client-ca';
import { send } from './client';
import { onCleanup, setup, startBackend, useCleanup, type Backend } from './harness';
import { GATEWAY, httpRoute, routePolicy, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  app: Backend;
  /** Module requests each server saw, by path. */
  fetched: string[];
}
const t = suite<Ctx>('e2e: EnvoyExtensionPolicy Wasm over http and https');
useCleanup(t);

/** Serves `module` at /header.wasm; records each request's scheme and path. */
async function serveModule(server: http.Server | https.Server, module: Uint8Array, scheme: string, fetched: string[]): Promise<number> {
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    fetched.push(`${scheme}:${req.url}`);
    if (req.url !== '/header.wasm') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/wasm' }).end(Buffer.from(module));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return (server.address() as AddressInfo).port;
}

const wasmPolicy = (name: string, url: string, sha256: string, config: string) =>
  routePolicy(
    'EnvoyExtensionPolicy',
    name,
    name,
    `wasm:\n  - code:\n      type: HTTP\n      http: {url: '${url}', sha256: '${sha256}'}\n    config: '${config}'`,
  );

setup(t, async (ctx) => {
  ctx.fetched = [];
  const module = await headerWasm();
  const sha256 = createHash('sha256').update(module).digest('hex');
  const ca = makeClientCa('modules-ca');
  const cert = ca.issue('localhost', ['localhost']);
  const httpPort = await serveModule(http.createServer(), module, 'http', ctx.fetched);
  const httpsPort = await serveModule(https.createServer({ cert: cert.cert, key: cert.key }), module, 'https', ctx.fetched);
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-e2e-system-ca-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'ca.pem'), ca.cert);
  ctx.app = await startBackend({ name: 'app' });
  const route = (name: string) => httpRoute(name, `${name}.example.com`, '- backendRefs: [{name: app, port: 8080}]');
  ctx.s = await startScenario({
    name: 'extensions-wasm-remote',
    yaml: [
      GATEWAY,
      ...['plain', 'secure'].map(route),
      wasmPolicy('plain', `http://127.0.0.1:${httpPort}/header.wasm`, sha256, 'over http'),
      wasmPolicy('secure', `https://localhost:${httpsPort}/header.wasm`, sha256, 'over https'),
    ],
    services: { app: [ctx.app.port] },
    args: ['--system-ca-bundle', join(dir, 'ca.pem')],
  });
});

const get = (ctx: Ctx, host: string) => send({ port: ctx.s.port(), host: `${host}.example.com` });

t('a module from an http:// URL is fetched, checked and runs', async (ctx) => {
  const r = await get(ctx, 'plain');
  assert.is(r.status, 200);
  assert.is(r.headers['x-wasm'], JSON.stringify('over http'));
});

t('a module from an https:// URL is fetched over TLS trusting the system CAs, and runs', async (ctx) => {
  const r = await get(ctx, 'secure');
  assert.is(r.status, 200);
  assert.is(r.headers['x-wasm'], JSON.stringify('over https'));
  assert.ok(ctx.fetched.includes('https:/header.wasm'), `fetched: ${ctx.fetched.join(', ')}`);
});

t.run();
