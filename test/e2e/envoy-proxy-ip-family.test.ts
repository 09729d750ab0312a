/**
 * EnvoyProxy ipFamily on a real Envoy: a DualStack Gateway's listener binds `::` with ipv4_compat,
 * so it answers on the IPv6 loopback (::1) and on the IPv4 one (127.0.0.1) alike.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { getIpv6Loopback, send } from './client';
import { setup, startBackend, useCleanup, type Backend } from './harness';
import { httpRoute, startScenario, type Scenario, withEnvoyProxy } from './scenario';

const t = suite<{ s: Scenario; app: Backend }>('e2e: EnvoyProxy ipFamily');
useCleanup(t);

const PROXY = `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: dual, namespace: default}
spec:
  ipFamily: DualStack
`;

setup(t, async (ctx) => {
  ctx.app = await startBackend({ name: 'app' });
  const gateway = withEnvoyProxy('dual');
  ctx.s = await startScenario({
    name: 'envoy-proxy-ip-family',
    yaml: [gateway, PROXY, httpRoute('web', null, '- backendRefs: [{name: app, port: 8080}]')],
    services: { app: [ctx.app.port] },
  });
});

t('a DualStack listener answers on ::1 and on 127.0.0.1', async (ctx) => {
  assert.is(await getIpv6Loopback(ctx.s.port()), 200);
  const r = await send({ port: ctx.s.port() });
  assert.is(r.status, 200);
  assert.is(ctx.app.count, 2);
});

t.run();
