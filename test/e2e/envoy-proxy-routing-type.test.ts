/**
 * EnvoyProxy `routingType: Service` on a real Envoy: a route's cluster sends to the Service's
 * clusterIP and port, not to the EndpointSlice's endpoints (the default). Both listen on loopback:
 * the clusterIP port is one backend's, the endpoint another's.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { setup, startBackend, useCleanup, type Backend } from './harness';
import { httpRoute, startScenario, type Scenario, withEnvoyProxy } from './scenario';

const t = suite<{ s: Scenario; viaClusterIp: Backend; viaEndpoint: Backend }>('e2e: EnvoyProxy routingType');
useCleanup(t);

const service = (clusterIpPort: number, endpointPort: number) => `
apiVersion: v1
kind: Service
metadata: {name: app, namespace: default}
spec:
  clusterIP: 127.0.0.1
  ports: [{name: http, port: ${clusterIpPort}}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: app-1
  namespace: default
  labels: {kubernetes.io/service-name: app}
addressType: IPv4
ports: [{name: http, port: ${endpointPort}}]
endpoints: [{addresses: [127.0.0.1]}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: service-routing, namespace: default}
spec:
  routingType: Service
`;

setup(t, async (ctx) => {
  ctx.viaClusterIp = await startBackend({ name: 'cluster-ip' });
  ctx.viaEndpoint = await startBackend({ name: 'endpoint' });
  const gateway = withEnvoyProxy('service-routing');
  ctx.s = await startScenario({
    name: 'envoy-proxy-routing-type',
    yaml: [
      gateway,
      service(ctx.viaClusterIp.port, ctx.viaEndpoint.port),
      httpRoute('web', null, `- backendRefs: [{name: app, port: ${ctx.viaClusterIp.port}}]`),
    ],
  });
});

t("requests go to the Service's clusterIP and port, not to its endpoints", async (ctx) => {
  for (let i = 0; i < 3; i++) assert.is((await send({ port: ctx.s.port() })).headers['x-backend'], 'cluster-ip');
  assert.is(ctx.viaEndpoint.count, 0);
});

t.run();
