/**
 * A ClusterTrustBundle as a BackendTLSPolicy's CA on a real Envoy 1.40: the route's backend (a
 * loopback HTTPS server, its certificate from a CA made at run time) is reached over TLS when the
 * bundle holds that CA, and not when the bundle holds another.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeClientCa } from './backends/client-ca';
import { startTlsBackend, type TlsBackend } from './backends/tls';
import { send } from './client';
import { onCleanup, setup, useCleanup } from './harness';
import { GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

const t = suite<{ s: Scenario; server: TlsBackend }>('e2e: ClusterTrustBundle CA');
useCleanup(t);

const bundle = (name: string, pem: string) =>
  `apiVersion: certificates.k8s.io/v1beta1\nkind: ClusterTrustBundle\nmetadata: {name: ${name}}\nspec:\n  trustBundle: ${JSON.stringify(pem)}\n`;

const btls = (service: string, ca: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: ${service}, namespace: default}
spec:
  targetRefs: [{group: "", kind: Service, name: ${service}}]
  validation:
    caCertificateRefs: [{group: "", kind: ClusterTrustBundle, name: ${ca}}]
    hostname: www.example.com
`;

setup(t, async (ctx) => {
  const ca = makeClientCa('bundle-ca');
  const stranger = makeClientCa('stranger-ca');
  ctx.server = await startTlsBackend('tls', ca.issue('www.example.com', ['www.example.com']));
  onCleanup(() => ctx.server.close());
  ctx.s = await startScenario({
    name: 'cluster-trust-bundle',
    yaml: [
      GATEWAY,
      bundle('example-ca', ca.cert),
      bundle('stranger-ca', stranger.cert),
      btls('trusted', 'example-ca'),
      btls('untrusted', 'stranger-ca'),
      httpRoute(
        'web',
        null,
        `- matches: [{path: {type: PathPrefix, value: /untrusted}}]
  backendRefs: [{name: untrusted, port: 8443}]
- backendRefs: [{name: trusted, port: 8443}]`,
      ),
    ],
    services: { trusted: { port: 8443, endpoints: [ctx.server.port] }, untrusted: { port: 8443, endpoints: [ctx.server.port] } },
  });
});

t("the backend is reached over TLS when the bundle holds its certificate's CA", async (ctx) => {
  const r = await send({ port: ctx.s.port(), path: '/' });
  assert.is(r.status, 200);
  assert.is(ctx.server.requests.at(-1)?.servername, 'www.example.com');
});

t('a bundle holding another CA does not let Envoy connect', async (ctx) => {
  const before = ctx.server.requests.length;
  assert.is((await send({ port: ctx.s.port(), path: '/untrusted' })).status, 503);
  assert.is(ctx.server.requests.length, before);
});

t.run();
