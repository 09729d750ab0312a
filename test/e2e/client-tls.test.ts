/**
 * ClientTrafficPolicy TLS on a real Envoy 1.40: client certificate validation (a client with a
 * certificate from the CA gets through, one without or from another CA does not), the same from a
 * Gateway's spec.tls.frontend, and a TLS 1.3-only listener refusing a TLS 1.2 client. Loopback,
 * ports at run time, certificates made at run time.
 */
import https from 'node:https';
import type { SecureVersion } from 'node:tls';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeClientCa, type ClientCa } from './backends/client-ca';
import { makeCertificate, tlsSecret, type Certificate } from './backends/tls';
import { setup, startBackend, useCleanup } from './harness';
import { httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  ca: ClientCa;
  client: Certificate;
  stranger: Certificate;
}
const t = suite<Ctx>('e2e: ClientTrafficPolicy TLS');
useCleanup(t);

const listener = (name: string, port: number) => `    - { name: ${name}, protocol: HTTPS, port: ${port}, tls: { certificateRefs: [{ name: site }] } }`;

const ctp = (name: string, section: string, spec: string) => `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ClientTrafficPolicy
metadata: { name: ${name}, namespace: default }
spec:
  targetRefs: [{ group: gateway.networking.k8s.io, kind: Gateway, name: eg, sectionName: ${section} }]
${spec}`;

setup(t, async (ctx) => {
  ctx.ca = makeClientCa('client-ca');
  ctx.client = ctx.ca.issue('client');
  ctx.stranger = makeClientCa('other-ca').issue('stranger');
  const app = await startBackend({ name: 'app' });
  ctx.s = await startScenario({
    name: 'client-tls',
    yaml: [
      `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: eg, namespace: default }
spec:
  gatewayClassName: eg
  tls:
    frontend:
      default:
        validation:
          caCertificateRefs: [{ group: "", kind: ConfigMap, name: client-ca }]
      perPort:
        - { port: 8441, tls: {} }
        - { port: 8442, tls: {} }
  listeners:
${listener('mtls', 8441)}
${listener('tls13', 8442)}
${listener('frontend', 8443)}
`,
      tlsSecret('site', makeCertificate('localhost', ['localhost'])),
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: client-ca, namespace: default }\ndata:\n  ca.crt: ${JSON.stringify(ctx.ca.cert)}\n`,
      httpRoute('web', null, '- backendRefs: [{name: app, port: 8080}]'),
      ctp('mtls', 'mtls', '  tls:\n    clientValidation:\n      caCertificateRefs: [{ kind: ConfigMap, name: client-ca }]'),
      ctp('tls13', 'tls13', '  tls:\n    minVersion: "1.3"'),
    ],
    services: { app: [app.port] },
  });
});

interface Hello {
  cert?: Certificate;
  maxVersion?: SecureVersion;
}

/** One HTTPS GET; the status, or the error that ended it (a refused handshake). */
function get(port: number, hello: Hello = {}): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const req = https.get(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        servername: 'localhost',
        rejectUnauthorized: false,
        agent: false,
        ...(hello.cert ? { cert: hello.cert.cert, key: hello.cert.key } : {}),
        ...(hello.maxVersion ? { maxVersion: hello.maxVersion } : {}),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', (e) => resolve({ error: e.message }));
      },
    );
    req.setTimeout(5_000, () => req.destroy(new Error('timed out')));
    req.on('error', (e) => resolve({ error: e.message }));
  });
}

t('policy clientValidation: a client certificate from the CA gets through', async ({ s, client }) => {
  assert.equal(await get(s.port('mtls'), { cert: client }), { status: 200 });
});

t('policy clientValidation: no client certificate, or one from another CA, is refused', async ({ s, stranger }) => {
  assert.ok('error' in (await get(s.port('mtls'))), 'no certificate');
  assert.ok('error' in (await get(s.port('mtls'), { cert: stranger })), 'another CA');
});

t('Gateway spec.tls.frontend: the default validation holds on a port without a policy', async ({ s, client, stranger }) => {
  assert.equal(await get(s.port('frontend'), { cert: client }), { status: 200 });
  assert.ok('error' in (await get(s.port('frontend'))), 'no certificate');
  assert.ok('error' in (await get(s.port('frontend'), { cert: stranger })), 'another CA');
});

t('minVersion 1.3: a TLS 1.2 client is refused, a TLS 1.3 client served; TLS 1.2 works where no policy says so', async ({ s, client }) => {
  assert.ok('error' in (await get(s.port('tls13'), { maxVersion: 'TLSv1.2' })), 'TLS 1.2 refused');
  assert.equal(await get(s.port('tls13'), { maxVersion: 'TLSv1.3' }), { status: 200 });
  assert.equal(await get(s.port('mtls'), { maxVersion: 'TLSv1.2', cert: client }), { status: 200 });
});

t.run();
