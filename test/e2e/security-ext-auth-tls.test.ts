/**
 * A SecurityPolicy's ext auth service behind TLS on a real Envoy 1.40: a BackendTLSPolicy on the
 * Service the policy names gives the ext auth cluster its upstream TLS (the CA from a ConfigMap,
 * the hostname as SNI and the name checked), as Envoy Gateway applies it to external services.
 * The service (a loopback HTTPS server, its certificate made at run time) sees the SNI and allows;
 * a policy trusting another CA cannot reach it, so its route is refused.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeClientCa } from './backends/client-ca';
import { startTlsBackend, type TlsBackend } from './backends/tls';
import { send } from './client';
import { onCleanup, setup, startBackend, useCleanup, type Backend } from './harness';
import { GATEWAY, httpRoute, routePolicy, startScenario, type Scenario } from './scenario';

const t = suite<{ s: Scenario; auth: TlsBackend; app: Backend }>('e2e: ext auth over TLS (BackendTLSPolicy)');
useCleanup(t);

const configMap = (name: string, pem: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: default}\ndata:\n  ca.crt: ${JSON.stringify(pem)}\n`;

const btls = (name: string, service: string, ca: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: ${name}, namespace: default}
spec:
  targetRefs: [{group: "", kind: Service, name: ${service}}]
  validation:
    caCertificateRefs: [{group: "", kind: ConfigMap, name: ${ca}}]
    hostname: authz.internal
`;

const extAuth = (name: string, service: string) =>
  routePolicy('SecurityPolicy', name, name, `extAuth:\n  http:\n    backendRefs: [{name: ${service}, port: 9443}]`);

setup(t, async (ctx) => {
  const ca = makeClientCa('authz-ca');
  const stranger = makeClientCa('stranger-ca');
  ctx.auth = await startTlsBackend('authz', ca.issue('authz.internal', ['authz.internal']));
  onCleanup(() => ctx.auth.close());
  ctx.app = await startBackend({ name: 'app' });
  const route = (name: string) => httpRoute(name, `${name}.example.com`, '- backendRefs: [{name: app, port: 8080}]');
  ctx.s = await startScenario({
    name: 'security-ext-auth-tls',
    yaml: [
      GATEWAY,
      route('trusted'),
      route('untrusted'),
      configMap('authz-ca', ca.cert),
      configMap('stranger-ca', stranger.cert),
      btls('authz', 'authz', 'authz-ca'),
      btls('authz-other', 'authz-other', 'stranger-ca'),
      extAuth('trusted', 'authz'),
      extAuth('untrusted', 'authz-other'),
    ],
    services: {
      app: [ctx.app.port],
      authz: { port: 9443, endpoints: [ctx.auth.port] },
      'authz-other': { port: 9443, endpoints: [ctx.auth.port] },
    },
  });
});

t('the ext auth service is reached over TLS with the policy hostname as SNI, and allows', async (ctx) => {
  const before = ctx.auth.requests.length;
  const r = await send({ port: ctx.s.port(), host: 'trusted.example.com', path: '/orders' });
  assert.is(r.status, 200);
  assert.is(r.headers['x-backend'], 'app');
  const seen = ctx.auth.requests.slice(before);
  assert.is(seen.length, 1);
  assert.is(seen[0]!.servername, 'authz.internal');
});

t('a policy trusting another CA cannot reach the service: the route is refused, nothing reaches the app', async (ctx) => {
  const before = ctx.app.count;
  const r = await send({ port: ctx.s.port(), host: 'untrusted.example.com', path: '/orders' });
  assert.is(r.status, 403);
  assert.is(ctx.app.count, before);
});

t.run();
