/**
 * EnvoyProxy filterOrder on a real Envoy: the Lua filter moved before the fault filter answers the
 * request itself (418) before the fault filter can abort it (503), which in Envoy Gateway's own
 * order comes first.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { setup, startBackend, useCleanup, type Backend } from './harness';
import { httpRoute, startScenario, type Scenario, withEnvoyProxy } from './scenario';

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
        function envoy_on_request(handle)
          handle:respond({[":status"] = "418"}, "lua first")
        end
`;

setup(t, async (ctx) => {
  ctx.app = await startBackend({ name: 'app' });
  const gateway = withEnvoyProxy('ordered');
  ctx.s = await startScenario({
    name: 'envoy-proxy-filter-order',
    yaml: [gateway, POLICIES, httpRoute('web', null, '- backendRefs: [{name: app, port: 8080}]')],
    services: { app: [ctx.app.port] },
  });
});

t('the Lua filter, moved before the fault filter, answers before the fault can abort', async (ctx) => {
  const r = await send({ port: ctx.s.port() });
  assert.equal([r.status, r.body], [418, 'lua first']);
  assert.is(ctx.app.count, 0);
});

t.run();
