/**
 * A GatewayClass's EnvoyProxy with mergeGateways: one Envoy serves both Gateways of the class, each
 * on its own port, as `--merge-gateways` would.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { setup, startBackend, useCleanup, type Backend } from './harness';
import { GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

const t = suite<{ s: Scenario; a: Backend; b: Backend }>('e2e: EnvoyProxy mergeGateways');
useCleanup(t);

const CLASS = `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: eg
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
  parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: merged, namespace: default}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata:
  name: merged
  namespace: default
spec:
  mergeGateways: true
`;

setup(t, async (ctx) => {
  [ctx.a, ctx.b] = await Promise.all([startBackend({ name: 'a' }), startBackend({ name: 'b' })]);
  const second = GATEWAY.replace('name: eg', 'name: other').replace('name: http', 'name: web').replace('port: 8080', 'port: 9090');
  const otherRoute = httpRoute('b', null, '- backendRefs: [{name: b, port: 8080}]').replace('- name: eg', '- name: other');
  ctx.s = await startScenario({
    name: 'envoy-proxy-merge',
    yaml: [CLASS, GATEWAY, second, httpRoute('a', null, '- backendRefs: [{name: a, port: 8080}]'), otherRoute],
    services: { a: [ctx.a.port], b: [ctx.b.port] },
  });
});

t('one Envoy answers on both Gateways, each with its own routes', async (ctx) => {
  const a = await send({ port: ctx.s.port('http') });
  const b = await send({ port: ctx.s.port('web') });
  assert.equal([a.status, a.headers['x-backend'], b.status, b.headers['x-backend']], [200, 'a', 200, 'b']);
});

t.run();
