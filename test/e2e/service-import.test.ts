/**
 * ServiceImport backends on a real Envoy 1.40: an HTTPRoute's backendRef names a multi-cluster
 * ServiceImport; its EndpointSlices (labeled multicluster.kubernetes.io/service-name, one per
 * exporting cluster, here two loopback backends) are its endpoints, and requests reach both. A
 * ServiceImport without endpoints answers 503.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { setup, startBackend, useCleanup, type Backend } from './harness';
import { GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

const t = suite<{ s: Scenario; east: Backend; west: Backend }>('e2e: ServiceImport backends');
useCleanup(t);

const slice = (name: string, cluster: string, port: number) => `
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: ${name}
  namespace: default
  labels: {multicluster.kubernetes.io/service-name: api, multicluster.kubernetes.io/source-cluster: ${cluster}}
addressType: IPv4
ports: [{name: http, port: ${port}, protocol: TCP}]
endpoints: [{addresses: [127.0.0.1]}]
`;

setup(t, async (ctx) => {
  ctx.east = await startBackend({ name: 'east' });
  ctx.west = await startBackend({ name: 'west' });
  ctx.s = await startScenario({
    name: 'service-import',
    yaml: [
      GATEWAY,
      `
apiVersion: multicluster.x-k8s.io/v1beta1
kind: ServiceImport
metadata: {name: api, namespace: default}
spec:
  type: ClusterSetIP
  ports: [{name: http, port: 8080, protocol: TCP}]
---
apiVersion: multicluster.x-k8s.io/v1alpha1
kind: ServiceImport
metadata: {name: idle, namespace: default}
spec:
  type: Headless
  ports: [{port: 8080}]
`,
      slice('api-east', 'east', ctx.east.port),
      slice('api-west', 'west', ctx.west.port),
      httpRoute(
        'web',
        null,
        `- matches: [{path: {type: PathPrefix, value: /idle}}]
  backendRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: idle, port: 8080}]
- backendRefs: [{group: multicluster.x-k8s.io, kind: ServiceImport, name: api, port: 8080}]`,
      ),
    ],
  });
});

t("requests reach the ServiceImport's endpoints in both exporting clusters", async (ctx) => {
  const seen = new Set<string>();
  for (let i = 0; i < 40 && seen.size < 2; i++) seen.add(String((await send({ port: ctx.s.port(), path: '/' })).headers['x-backend']));
  assert.equal([...seen].sort(), ['east', 'west']);
});

t('a ServiceImport without endpoints answers 503', async (ctx) => {
  assert.is((await send({ port: ctx.s.port(), path: '/idle' })).status, 503);
});

t.run();
