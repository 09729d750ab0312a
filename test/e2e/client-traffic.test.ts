/**
 * ClientTrafficPolicy on plain HTTP listeners of a real Envoy 1.40: the client address a route
 * header sees with XFF numTrustedHops, connectionLimit holding connections to its value, path
 * escaping and slash merging as set, and the request received and idle timeouts firing. Each
 * behaviour is set on its own listener and compared with a listener without a policy.
 */
import net from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { setup, startBackend, useCleanup, waitFor, type EchoBody } from './harness';
import { startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
}
const t = suite<Ctx>('e2e: ClientTrafficPolicy on HTTP listeners');
useCleanup(t);

const LISTENERS = ['plain', 'xff', 'path', 'limit', 'timeouts'];

const ctp = (section: string, spec: string) => `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: { name: ${section}, namespace: default }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: eg, sectionName: ${section} }]
${spec}`;

setup(t, async (ctx) => {
  const app = await startBackend({ name: 'app' });
  ctx.s = await startScenario({
    name: 'client-traffic',
    yaml: [
      `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: eg, namespace: default }
spec:
  gatewayClassName: eg
  listeners:
${LISTENERS.map((name, i) => `    - { name: ${name}, protocol: HTTP, port: ${8080 + i} }`).join('\n')}
`,
      // The client address Envoy settled on, as a header the backend sees.
      `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: default }
spec:
  parentRefs: [{ name: eg }]
  rules:
    - filters:
        - type: RequestHeaderModifier
          requestHeaderModifier:
            set: [{ name: x-client-address, value: "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%" }]
      backendRefs: [{ name: app, port: 8080 }]
`,
      ctp('xff', '  clientIPDetection:\n    xForwardedFor:\n      numTrustedHops: 2'),
      ctp('path', '  path:\n    escapedSlashesAction: RejectRequest\n    disableMergeSlashes: true'),
      ctp('limit', '  connection:\n    connectionLimit:\n      value: 2'),
      ctp('timeouts', '  timeout:\n    http:\n      requestReceivedTimeout: 1s\n      idleTimeout: 1s'),
    ],
    services: { app: [app.port] },
  });
});

const XFF = { 'x-forwarded-for': '203.0.113.7, 198.51.100.9' };

t('xForwardedFor numTrustedHops 2: the route sees the second address from the right as the client', async ({ s }) => {
  const r = await send({ port: s.port('xff'), headers: XFF });
  assert.is(r.json<EchoBody>().headers['x-client-address'], '203.0.113.7');
  const plain = await send({ port: s.port('plain'), headers: XFF });
  assert.is(plain.json<EchoBody>().headers['x-client-address'], '127.0.0.1', 'without the policy: the peer address');
});

t('path: escaped slashes are refused and double slashes kept; without the policy redirected and merged', async ({ s }) => {
  assert.is((await send({ port: s.port('path'), path: '/a%2Fb' })).status, 400);
  assert.is((await send({ port: s.port('plain'), path: '/a%2Fb' })).status, 307);
  assert.is((await send({ port: s.port('path'), path: '//a//b' })).json<EchoBody>().path, '//a//b');
  assert.is((await send({ port: s.port('plain'), path: '//a//b' })).json<EchoBody>().path, '/a/b');
});

/** A raw connection that has been served one request (so Envoy has accepted it), kept open. */
async function served(port: number): Promise<net.Socket> {
  const sock = net.connect(port, '127.0.0.1');
  sock.setTimeout(5_000, () => sock.destroy());
  const data = new Promise<string>((resolve, reject) => {
    sock.once('data', (d) => resolve(d.toString('latin1')));
    sock.once('error', reject);
    sock.once('close', () => resolve(''));
  });
  sock.write('GET / HTTP/1.1\r\nhost: x\r\n\r\n');
  const reply = await data;
  sock.setTimeout(0);
  if (!reply.startsWith('HTTP/1.1 200')) throw new Error(`expected 200, got ${JSON.stringify(reply.slice(0, 40))}`);
  return sock;
}

/** Whether a new connection is served a request (false when Envoy closes it without an answer). */
async function answers(port: number): Promise<boolean> {
  try {
    (await served(port)).destroy();
    return true;
  } catch {
    return false;
  }
}

t('connectionLimit 2: a third connection is closed unanswered while two are open, and served once one closes', async ({ s }) => {
  const port = s.port('limit');
  const open = [await served(port), await served(port)];
  assert.is(await answers(port), false, 'the third connection');
  assert.ok((await s.stat('connection_limit.http-' + port + '.limited_connections')) >= 1);
  assert.ok(await answers(s.port('plain')), 'a listener without the policy is not limited');
  open[0]!.destroy();
  await waitFor('a connection slot to free up', () => answers(port), { timeoutMs: 10_000, intervalMs: 200 });
  open[1]!.destroy();
});

t('requestReceivedTimeout: a request whose body never completes is answered 408', async ({ s }) => {
  const reply = await new Promise<string>((resolve, reject) => {
    const sock = net.connect(s.port('timeouts'), '127.0.0.1');
    let got = '';
    sock.setTimeout(10_000, () => sock.destroy(new Error('no answer within 10 s')));
    sock.on('data', (d) => (got += d.toString('latin1')));
    sock.on('error', reject);
    sock.on('close', () => resolve(got));
    sock.write('POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\nonly part of it');
  });
  assert.match(reply, /^HTTP\/1\.1 408 /);
});

t('idleTimeout: an idle connection is closed by Envoy; stats count it', async ({ s }) => {
  const port = s.port('timeouts');
  const sock = await served(port);
  await waitFor('Envoy to close the idle connection', () => sock.destroyed || sock.readableEnded, { timeoutMs: 10_000, intervalMs: 100 });
  sock.destroy();
  assert.ok((await s.stat(`http.http-${port}.downstream_cx_idle_timeout`)) >= 1);
});

t.run();
