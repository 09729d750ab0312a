/**
 * EnvoyProxy `telemetry.metrics.clusterStatName` on a real Envoy: a route rule's cluster counts its
 * requests under the name the pattern gives (route kind, namespace, name, rule name and number,
 * backendRefs), not under the cluster's own name.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { setup, startBackend, useCleanup, type Backend } from './harness';
import { startScenario, type Scenario, withEnvoyProxy } from './scenario';

const t = suite<{ s: Scenario; app: Backend }>('e2e: EnvoyProxy clusterStatName');
useCleanup(t);

const PROXY = `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: stats, namespace: default}
spec:
  telemetry:
    metrics:
      clusterStatName: "%ROUTE_KIND%.%ROUTE_NAMESPACE%.%ROUTE_NAME%.%ROUTE_RULE_NAME%.%ROUTE_RULE_NUMBER%.%BACKEND_REFS%"
`;

const ROUTE = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: default}
spec:
  parentRefs: [{name: eg}]
  rules:
    - name: main
      backendRefs: [{name: app, port: 8080}]
`;

setup(t, async (ctx) => {
  ctx.app = await startBackend({ name: 'app' });
  const gateway = withEnvoyProxy('stats');
  ctx.s = await startScenario({ name: 'envoy-proxy-stats', yaml: [gateway, PROXY, ROUTE], services: { app: [ctx.app.port] } });
});

t("the rule's cluster counts requests under the clusterStatName the pattern gives", async (ctx) => {
  for (let i = 0; i < 3; i++) assert.is((await send({ port: ctx.s.port() })).status, 200);
  const stats = await ctx.s.envoy.admin('/stats?filter=upstream_rq_total$');
  assert.match(stats, /^cluster\.httproute\.default\.web\.main\.0\.default\/app\.upstream_rq_total: 3$/m);
  assert.not.match(stats, /^cluster\.httproute\/default\/web\/rule\/0\.upstream_rq_total/m);
});

t.run();
