/**
 * Live mode with TLS on a real Envoy 1.40: the certificate is served by SDS from its own file, so
 * replacing the Secret gives new handshakes the new certificate without touching the listener,
 * and a connection opened before keeps working. Loopback only, ports at run time, bounded waits.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeCertificate, tlsSecret } from './backends/tls';
import { freePort, onCleanup, setup, startBackend, startEnvoy, useCleanup, waitFor, type EnvoyProcess } from './harness';
import { editFile, startWatch, type WatchProcess } from './watch';

interface Ctx {
  dir: string;
  port: number;
  watch: WatchProcess;
  envoy: EnvoyProcess;
}

const t = suite<Ctx>('e2e: live reload of a certificate (SDS from a file)');
useCleanup(t);

const HOST = 'tls.example.com';

const inputs = (port: number, backendPort: number) => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: eg, namespace: default }
spec:
  gatewayClassName: eg
  listeners:
    - name: https
      protocol: HTTPS
      port: ${port}
      hostname: ${HOST}
      tls: { certificateRefs: [{ name: site }] }
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: default }
spec:
  parentRefs: [{ name: eg }]
  rules: [{ backendRefs: [{ name: one, port: 8080 }] }]
---
apiVersion: v1
kind: Service
metadata: { name: one, namespace: default }
spec: { ports: [{ name: http, port: 8080, protocol: TCP }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: one-loopback, namespace: default, labels: { kubernetes.io/service-name: one } }
addressType: IPv4
ports: [{ name: http, port: ${backendPort}, protocol: TCP }]
endpoints: [{ addresses: [127.0.0.1], conditions: { ready: true } }]
`;

/** One HTTPS request; the certificate's CN Envoy presented and the client port it went out on. */
function get(port: number, agent: https.Agent | false): Promise<{ status: number; cn: string; localPort: number }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path: '/', servername: HOST, headers: { host: HOST }, rejectUnauthorized: false, agent }, (res) => {
      const socket = res.socket as TLSSocket;
      const cn = String(socket.getPeerCertificate().subject?.CN ?? '');
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, cn, localPort: socket.localPort! }));
    });
    req.setTimeout(3_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
  });
}

setup(t, async (ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'envoyc-live-tls-'));
  onCleanup(() => rmSync(ctx.dir, { recursive: true, force: true }));
  mkdirSync(join(ctx.dir, 'in'));
  const backend = await startBackend({ name: 'one' });
  ctx.port = await freePort();
  const adminPort = await freePort();
  writeFileSync(join(ctx.dir, 'in', 'gateway.yaml'), inputs(ctx.port, backend.port));
  writeFileSync(join(ctx.dir, 'in', 'secret.yaml'), tlsSecret('site', makeCertificate('first', [HOST])));
  ctx.watch = startWatch(['in', '--xds-dir', join(ctx.dir, 'xds'), '--listener-address', '127.0.0.1', '--admin-address', `127.0.0.1:${adminPort}`], ctx.dir);
  await ctx.watch.waitFor(/#1 applied/);
  ctx.envoy = await startEnvoy(readFileSync(join(ctx.dir, 'xds', 'envoy.yaml'), 'utf8'), { adminPort });
});

t('a new certificate: new handshakes get it, the listener is not touched, the open connection goes on', async (ctx) => {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  onCleanup(() => agent.destroy());
  const first = await waitFor('Envoy to serve the first certificate', () => get(ctx.port, agent));
  assert.equal({ status: first.status, cn: first.cn }, { status: 200, cn: 'first' });
  const before = await ctx.envoy.stats();
  editFile(join(ctx.dir, 'in', 'secret.yaml'), tlsSecret('site', makeCertificate('second', [HOST])), 'rename');
  const fresh = await waitFor(
    'a new handshake to present the new certificate',
    async () => {
      const r = await get(ctx.port, false);
      return r.cn === 'second' && r;
    },
    { timeoutMs: 5_000 },
  );
  assert.is(fresh.status, 200);
  const after = await ctx.envoy.stats();
  assert.is(after['listener_manager.listener_modified'], before['listener_manager.listener_modified'], 'the listener was not modified');
  assert.is(after['listener_manager.total_filter_chains_draining'] ?? 0, 0, 'no filter chain drains');
  const again = await get(ctx.port, agent);
  assert.equal({ status: again.status, localPort: again.localPort }, { status: 200, localPort: first.localPort }, 'the connection opened before still serves');
  assert.is(ctx.watch.output().match(/not applied/), null);
});

t.run();
