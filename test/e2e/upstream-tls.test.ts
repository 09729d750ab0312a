/**
 * Upstream TLS on a real Envoy 1.40: BackendTLSPolicy and a Backend's own `tls` against loopback
 * HTTPS backends whose certificates (and CAs) are made at run time. The right CA and SAN connect;
 * a wrong SAN or an untrusted CA does not; a Backend's client certificate, a Gateway's
 * `spec.tls.backend` one and an EnvoyProxy's `backendTLS` one reach a backend that demands one
 * (without one it refuses); the EnvoyProxy's minimum version keeps Envoy from a TLS 1.2-only backend.
 * Ports at run time.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeClientCa } from './backends/client-ca';
import { startTlsBackend, tlsSecret, type TlsBackend } from './backends/tls';
import { request, setup, useCleanup } from './harness';
import { GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  /** A Gateway whose spec.tls.backend names a client certificate. */
  gw: Scenario;
  /** A Gateway whose EnvoyProxy's backendTLS names a client certificate and TLS 1.3 at least. */
  proxy: Scenario;
  /** A backend that speaks TLS 1.2 at most. */
  old: TlsBackend;
  server: TlsBackend;
  mutual: TlsBackend;
}
const t = suite<Ctx>('e2e: upstream TLS');
useCleanup(t);

/** A BackendTLSPolicy on Service `svc`'s port `http`, trusting ConfigMap `ca`, for `hostname` (plus `extra` under validation). */
const btls = (name: string, svc: string, ca: string, hostname: string, extra = '') => `
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: { name: ${name}, namespace: default }
spec:
  targetRefs: [{ group: "", kind: Service, name: ${svc}, sectionName: http }]
  validation:
    caCertificateRefs: [{ group: "", kind: ConfigMap, name: ${ca} }]
    hostname: ${hostname}
${extra}`;

const configMap = (name: string, pem: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}, namespace: default }\ndata:\n  ca.crt: ${JSON.stringify(pem)}\n`;

/** A Backend on 127.0.0.1:`port` speaking TLS to it, trusting Secret `upstream-ca`, with `clientCert` as its client certificate. */
const backend = (name: string, port: number, clientCert?: string) => `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: { name: ${name}, namespace: default }
spec:
  endpoints: [{ ip: { address: 127.0.0.1, port: ${port} } }]
  tls:
    caCertificateRefs: [{ group: "", kind: Secret, name: upstream-ca }]
    sni: mutual.internal
${clientCert ? `    clientCertificateRef: { name: ${clientCert} }\n` : ''}`;

setup(t, async (ctx) => {
  const ca = makeClientCa('upstream-ca');
  const stranger = makeClientCa('stranger-ca');
  const clientCa = makeClientCa('client-ca');
  ctx.server = await startTlsBackend('server', ca.issue('server', ['backend.internal']));
  ctx.mutual = await startTlsBackend('mutual', ca.issue('mutual', ['mutual.internal']), clientCa.cert);
  ctx.old = await startTlsBackend('old', ca.issue('old', ['old.internal']), undefined, 'TLSv1.2');
  const rule = (path: string, ref: string) => `- matches: [{ path: { type: PathPrefix, value: /${path} } }]\n  backendRefs: [${ref}]`;
  const svc = (name: string) => `{ name: ${name}, port: 8080 }`;
  const be = (name: string) => `{ group: gateway.envoyproxy.io, kind: Backend, name: ${name}, port: ${ctx.mutual.port} }`;
  ctx.s = await startScenario({
    name: 'upstream-tls',
    yaml: [
      GATEWAY,
      httpRoute(
        'web',
        null,
        [
          rule('right', svc('right')),
          rule('sans', svc('sans')),
          rule('wrong-san', svc('wrong-san')),
          rule('untrusted', svc('untrusted')),
          rule('mtls', be('with-cert')),
          rule('no-cert', be('without-cert')),
        ].join('\n'),
      ),
      configMap('upstream-ca', ca.cert),
      configMap('stranger-ca', stranger.cert),
      `apiVersion: v1\nkind: Secret\nmetadata: { name: upstream-ca, namespace: default }\ndata:\n  ca.crt: ${Buffer.from(ca.cert).toString('base64')}\n`,
      btls('right', 'right', 'upstream-ca', 'backend.internal'),
      btls('sans', 'sans', 'upstream-ca', 'sni-only.internal', '    subjectAltNames: [{ type: Hostname, hostname: backend.internal }]'),
      btls('wrong-san', 'wrong-san', 'upstream-ca', 'elsewhere.internal'),
      btls('untrusted', 'untrusted', 'stranger-ca', 'backend.internal'),
      tlsSecret('envoy-client', clientCa.issue('envoy')),
      backend('with-cert', ctx.mutual.port, 'envoy-client'),
      backend('without-cert', ctx.mutual.port),
    ],
    services: { right: [ctx.server.port], sans: [ctx.server.port], 'wrong-san': [ctx.server.port], untrusted: [ctx.server.port] },
  });
  ctx.gw = await startScenario({
    name: 'upstream-tls-gateway-client',
    yaml: [
      `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: eg, namespace: default }
spec:
  gatewayClassName: eg
  tls:
    backend:
      clientCertificateRef: { name: gateway-client }
  listeners: [{ name: http, protocol: HTTP, port: 8080 }]
`,
      httpRoute('web', null, rule('gateway-cert', svc('mutual'))),
      configMap('upstream-ca', ca.cert),
      btls('mutual', 'mutual', 'upstream-ca', 'mutual.internal'),
      tlsSecret('gateway-client', clientCa.issue('gateway')),
    ],
    services: { mutual: [ctx.mutual.port] },
  });
  ctx.proxy = await startScenario({
    name: 'upstream-tls-envoy-proxy',
    yaml: [
      `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: eg, namespace: default }
spec:
  gatewayClassName: eg
  infrastructure:
    parametersRef: { group: gateway.envoyproxy.io, kind: EnvoyProxy, name: upstream-client }
  listeners: [{ name: http, protocol: HTTP, port: 8080 }]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: { name: upstream-client, namespace: default }
spec:
  backendTLS:
    clientCertificateRef: { name: proxy-client }
    minVersion: '1.3'
`,
      httpRoute('web', null, [rule('proxy-cert', svc('mutual')), rule('tls12', svc('old'))].join('\n')),
      configMap('upstream-ca', ca.cert),
      btls('mutual', 'mutual', 'upstream-ca', 'mutual.internal'),
      btls('old', 'old', 'upstream-ca', 'old.internal'),
      tlsSecret('proxy-client', clientCa.issue('proxy')),
    ],
    services: { mutual: [ctx.mutual.port], old: [ctx.old.port] },
  });
});

const get = (s: Scenario, path: string) => request({ port: s.port(), path: `/${path}` });

t('BackendTLSPolicy: the right CA and SAN connect, sending the hostname as SNI', async ({ s, server }) => {
  const res = await get(s, 'right');
  assert.is(res.status, 200);
  assert.is(JSON.parse(res.body).servername, 'backend.internal');
  assert.ok(server.requests.some((r) => r.path === '/right'));
});

t('BackendTLSPolicy subjectAltNames: the SAN named is checked, the hostname only sent as SNI', async ({ s }) => {
  const res = await get(s, 'sans');
  assert.is(res.status, 200);
  assert.is(JSON.parse(res.body).servername, 'sni-only.internal');
});

t('BackendTLSPolicy: a certificate without the hostname as SAN is refused (503)', async ({ s, server }) => {
  assert.is((await get(s, 'wrong-san')).status, 503);
  assert.not.ok(server.requests.some((r) => r.path === '/wrong-san'));
});

t('BackendTLSPolicy: a certificate from a CA the policy does not trust is refused (503)', async ({ s, server }) => {
  assert.is((await get(s, 'untrusted')).status, 503);
  assert.not.ok(server.requests.some((r) => r.path === '/untrusted'));
  assert.ok((await s.clusterStat('httproute/default/web/rule/3', 'ssl.fail_verify_error')) > 0);
});

t('Backend tls.clientCertificateRef: Envoy presents the client certificate, and the backend that demands one serves it', async ({ s, mutual }) => {
  const res = await get(s, 'mtls');
  assert.is(res.status, 200);
  const seen = mutual.requests.find((r) => r.path === '/mtls');
  assert.is(seen?.clientCn, 'envoy');
  assert.is(seen?.servername, 'mutual.internal');
});

t('Backend tls without a client certificate: the backend that demands one refuses (503)', async ({ s, mutual }) => {
  assert.is((await get(s, 'no-cert')).status, 503);
  assert.not.ok(mutual.requests.some((r) => r.path === '/no-cert'));
});

t("Gateway spec.tls.backend: Envoy presents the Gateway's client certificate to a BackendTLSPolicy's backend", async ({ gw, mutual }) => {
  const res = await get(gw, 'gateway-cert');
  assert.is(res.status, 200);
  assert.is(mutual.requests.find((r) => r.path === '/gateway-cert')?.clientCn, 'gateway');
});

t("EnvoyProxy backendTLS: Envoy presents the EnvoyProxy's client certificate to a BackendTLSPolicy's backend", async ({ proxy, mutual }) => {
  const res = await get(proxy, 'proxy-cert');
  assert.is(res.status, 200);
  assert.is(mutual.requests.find((r) => r.path === '/proxy-cert')?.clientCn, 'proxy');
});

t('EnvoyProxy backendTLS minVersion 1.3: a backend that speaks TLS 1.2 at most is refused (503)', async ({ proxy, old }) => {
  assert.is((await get(proxy, 'tls12')).status, 503);
  assert.not.ok(old.requests.some((r) => r.path === '/tls12'));
  assert.ok((await proxy.clusterStat('httproute/default/web/rule/1', 'ssl.connection_error')) > 0);
});

t.run();
