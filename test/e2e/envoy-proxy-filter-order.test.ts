/**
 * EnvoyProxy filterOrder on a real Envoy: the Lua filter moved before the fault filter sees the
 * fault's 503 on its way out (in Envoy Gateway's own order the fault filter answers first and Lua
 * never runs).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { setup, startBackend, useCleanup, type Backend } from './harness';
import { GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

const t = suite<{ s: Scenario; app: Backend }>('e2e: EnvoyProxy filterOrder');
useCleanup(t);

const POLICIES = `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: ordered, namespace: default}
spec:
  filterOrder:
    - {name: envoy.filters.http.lua, before: envoy.filters.http.fault}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: abort, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]
  faultInjection:
    abort: {httpStatus: 503, percentage: 100}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyExtensionPolicy
metadata: {name: lua, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]
  lua:
    - type: Inline
      inline: |
        function envoy_on_response(handle)
          handle:headers():add("x-lua-saw", handle:headers():get(":status"))
        end
`;

setup(t, async (ctx) => {
  ctx.app = await startBackend({ name: 'app' });
  const gateway = GATEWAY.replace(
    '  listeners:',
    '  infrastructure:\n    parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: ordered}\n  listeners:',
  );
  ctx.s = await startScenario({
    name: 'envoy-proxy-filter-order',
    yaml: [gateway, POLICIES, httpRoute('web', null, '- backendRefs: [{name: app, port: 8080}]')],
    services: { app: [ctx.app.port] },
  });
});

t('the Lua filter, moved before the fault filter, adds its header to the fault’s 503', async (ctx) => {
  const r = await send({ port: ctx.s.port() });
  assert.equal([r.status, r.headers['x-lua-saw']], [503, '503']);
  assert.is(ctx.app.count, 0, 'the fault answered: nothing reached the backend');
});

t.run();
