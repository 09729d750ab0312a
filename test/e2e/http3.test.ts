/**
 * ClientTrafficPolicy `http3` on a real Envoy 1.40: the QUIC listener answers an HTTP/3 request on
 * the listener's UDP port, and responses over TCP advertise it (alt-svc). The client is aioquic,
 * installed on first use (test/support/quic-client.ts). Loopback, ports at run time.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeCertificate, tlsSecret } from './backends/tls';
import { send } from './client';
import { setup, startBackend, useCleanup } from './harness';
import { httpRoute, startScenario, type Scenario } from './scenario';
import { http3Get, installQuicClient } from '../support/quic-client';

const t = suite<{ s: Scenario; cert: string }>('e2e: ClientTrafficPolicy http3');
useCleanup(t);

setup(t, async (ctx) => {
  installQuicClient();
  const app = await startBackend({ name: 'app' });
  const site = makeCertificate('localhost', ['localhost']);
  ctx.cert = site.cert;
  ctx.s = await startScenario({
    name: 'http3',
    yaml: [
      `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: eg, namespace: default }
spec:
  gatewayClassName: eg
  listeners:
    - { name: https, protocol: HTTPS, port: 8443, tls: { certificateRefs: [{ name: site }] } }
`,
      tlsSecret('site', site),
      httpRoute('web', null, '- backendRefs: [{name: app, port: 8080}]'),
      `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: { name: h3, namespace: default }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: eg }]
  http3: {}
`,
    ],
    services: { app: [app.port] },
  });
});

t('responses over TCP advertise HTTP/3 on the same port', async ({ s, cert }) => {
  const r = await send({ port: s.port(), host: 'localhost', tls: { ca: cert } });
  assert.is(r.status, 200);
  assert.is(r.headers['alt-svc'], `h3=":${s.port()}"; ma=86400`);
});

t('the QUIC listener answers an HTTP/3 request', async ({ s }) => {
  assert.is(await http3Get(s.port(), 'localhost'), 200);
});

t.run();
