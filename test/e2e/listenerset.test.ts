/**
 * ListenerSet on a real Envoy: a ListenerSet's HTTP listener on the Gateway's port serves its own
 * hostname beside the Gateway's, one on a port of its own serves a route that names the ListenerSet
 * as parent, and a route on the Gateway does not reach the ListenerSet's listeners. A policy aimed
 * at one listener of the set applies there only.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startScriptedBackends, type ScriptedBackend } from './backends/http';
import { send } from './client';
import { setup, useCleanup } from './harness';
import { httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  be: ScriptedBackend[];
}
const t = suite<Ctx>('e2e: listenerset');
useCleanup(t);

const YAML = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: default}
spec:
  gatewayClassName: eg
  allowedListeners: {namespaces: {from: Same}}
  listeners:
    - {name: gw-http, protocol: HTTP, port: 8080, hostname: www.example.com}
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: team, namespace: default}
spec:
  parentRef: {name: eg}
  listeners:
    - {name: team-http, protocol: HTTP, port: 8080, hostname: team.example.com}
    - {name: team-admin, protocol: HTTP, port: 9090}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: team, namespace: default}
spec:
  parentRefs: [{kind: ListenerSet, name: team}]
  rules:
    - backendRefs: [{name: team, port: 8080}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata: {name: admin-closed, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: ListenerSet, name: team, sectionName: team-admin}]
  faultInjection:
    abort: {httpStatus: 418, percentage: 100}
`;

setup(t, async (ctx) => {
  ctx.be = await startScriptedBackends('be', 2);
  ctx.s = await startScenario({
    name: 'listenerset',
    yaml: [YAML, httpRoute('www', null, '- backendRefs: [{name: www, port: 8080}]')],
    services: { www: [ctx.be[0]!.port], team: [ctx.be[1]!.port] },
  });
});

const backend = async (port: number, host: string) => {
  const r = await send({ port, host, path: '/' });
  return r.status === 200 ? (r.headers['x-backend'] as string) : r.status;
};

t('the Gateway and the ListenerSet share a port, each serving its own hostname', async ({ s }) => {
  assert.is(s.port('team-http'), s.port('gw-http'));
  assert.is(await backend(s.port('gw-http'), 'www.example.com'), 'be-0');
  assert.is(await backend(s.port('gw-http'), 'team.example.com'), 'be-1');
});

t("the ListenerSet's own port serves the route whose parent is the ListenerSet, under the policy aimed at that listener", async ({ s }) => {
  assert.is.not(s.port('team-admin'), s.port('gw-http'));
  // The route matches there (a Gateway route would not: no 404), and the listener's policy aborts it.
  assert.is(await backend(s.port('team-admin'), 'anything.example.com'), 418);
  assert.is(await backend(s.port('team-admin'), 'www.example.com'), 418);
});

t("the policy aimed at one listener of the set leaves the set's other listener and the Gateway's alone", async ({ s }) => {
  assert.is(await backend(s.port('gw-http'), 'team.example.com'), 'be-1');
  assert.is(await backend(s.port('gw-http'), 'www.example.com'), 'be-0');
});

t.run();
