/**
 * A TLSRoute to a DynamicResolver Backend on a real Envoy 1.40 (Envoy Gateway's SNI dynamic forward
 * proxy): a TLS connection through a passthrough listener reaches, untouched, the host its SNI
 * names on port 443 (`app.localhost`, which Envoy resolves to loopback; the server's certificate,
 * made at run time, is checked by the client end to end); an SNI naming `localhost` is refused
 * before any upstream is tried. Binding port 443 needs root, which CI has.
 */
import * as tls from 'node:tls';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeClientCa } from './backends/client-ca';
import { onCleanup, setup, useCleanup } from './harness';
import { startScenario, type Scenario } from './scenario';

const t = suite<{ s: Scenario; ca: string; served: string[] }>('e2e: TLSRoute DynamicResolver (SNI dynamic forward proxy)');
useCleanup(t);

setup(t, async (ctx) => {
  const ca = makeClientCa('sni-ca');
  // Valid for localhost too: only the guard keeps a localhost SNI from this server.
  const cert = ca.issue('app.localhost', ['app.localhost', 'localhost']);
  ctx.ca = ca.cert;
  ctx.served = [];
  const server = tls.createServer({ cert: cert.cert, key: cert.key }, (socket) => {
    ctx.served.push(String((socket as tls.TLSSocket & { servername?: string }).servername));
    socket.end('hello from app.localhost');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(443, '127.0.0.1', resolve);
  });
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  ctx.s = await startScenario({
    name: 'tlsroute-dynamic-resolver',
    yaml: `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: default}
spec:
  gatewayClassName: eg
  listeners:
    - {name: tls, protocol: TLS, port: 8443, tls: {mode: Passthrough}}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: {name: by-sni, namespace: default}
spec:
  type: DynamicResolver
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: {name: egress, namespace: default}
spec:
  parentRefs: [{name: eg}]
  rules:
    - backendRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: by-sni}]
`,
  });
});

/** What a TLS client with SNI `servername` reads through the listener, or the error that ended it. */
function exchange(ctx: { s: Scenario; ca: string }, servername: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port: ctx.s.port(), servername, ca: ctx.ca });
    let data = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error('timeout')));
    socket.on('data', (d) => (data += d));
    socket.on('end', () => resolve(data));
    socket.on('error', (e) => resolve(`error: ${e.message}`));
  });
}

t('a connection reaches the host its SNI names, on port 443, its TLS untouched', async (ctx) => {
  assert.is(await exchange(ctx, 'app.localhost'), 'hello from app.localhost');
  assert.equal(ctx.served.at(-1), 'app.localhost');
});

t('an SNI naming localhost is refused before any upstream is tried', async (ctx) => {
  const before = ctx.served.length;
  const refused = await exchange(ctx, 'localhost');
  assert.ok(refused === '' || refused.startsWith('error: '), refused);
  assert.is(ctx.served.length, before);
});

t.run();
