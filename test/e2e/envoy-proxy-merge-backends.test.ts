/**
 * EnvoyProxy `mergeBackends` on a real Envoy 1.40: two routes to one Service share one cluster
 * (its stats count both routes' requests), a rule splitting between two Services sends its
 * weighted share to each shared cluster, and a backendRef with filters keeps a cluster of its rule's.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { setup, startBackend, useCleanup, type Backend } from './harness';
import { httpRoute, startScenario, withEnvoyProxy, type Scenario } from './scenario';

const t = suite<{ s: Scenario; web: Backend; api: Backend }>('e2e: EnvoyProxy mergeBackends');
useCleanup(t);

const WEB = 'service/default/web/8080/http';
const API = 'service/default/api/8080/http';

setup(t, async (ctx) => {
  ctx.web = await startBackend({ name: 'web' });
  ctx.api = await startBackend({ name: 'api' });
  ctx.s = await startScenario({
    name: 'envoy-proxy-merge-backends',
    yaml: [
      withEnvoyProxy('dedup'),
      `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: dedup, namespace: default}
spec:
  mergeBackends: {}
`,
      httpRoute('shop', 'shop.example.com', '- backendRefs: [{name: web, port: 8080}]'),
      httpRoute(
        'blog',
        'blog.example.com',
        `- matches: [{path: {type: PathPrefix, value: /split}}]
  backendRefs: [{name: web, port: 8080, weight: 1}, {name: api, port: 8080, weight: 1}]
- matches: [{path: {type: PathPrefix, value: /tagged}}]
  backendRefs:
    - name: web
      port: 8080
      filters: [{type: RequestHeaderModifier, requestHeaderModifier: {set: [{name: x-tagged, value: 'yes'}]}}]
- backendRefs: [{name: web, port: 8080}]`,
      ),
    ],
    services: { web: [ctx.web.port], api: [ctx.api.port] },
  });
});

const clusterNames = (ctx: { s: Scenario }) => (ctx.s.bootstrap.static_resources.clusters as { name: string }[]).map((c) => c.name);

t('two routes to one Service share its cluster: its stats count both', async (ctx) => {
  assert.ok(clusterNames(ctx).includes(WEB));
  assert.not.ok(clusterNames(ctx).some((n) => n.startsWith('httproute/default/shop/')));
  const before = await ctx.s.clusterStat(WEB, 'upstream_rq_total');
  assert.is((await send({ port: ctx.s.port(), host: 'shop.example.com' })).headers['x-backend'], 'web');
  assert.is((await send({ port: ctx.s.port(), host: 'blog.example.com', path: '/' })).headers['x-backend'], 'web');
  assert.is((await ctx.s.clusterStat(WEB, 'upstream_rq_total')) - before, 2);
});

t('a rule split between two Services sends requests to both shared clusters', async (ctx) => {
  const seen = new Set<string>();
  for (let i = 0; i < 40 && seen.size < 2; i++)
    seen.add(String((await send({ port: ctx.s.port(), host: 'blog.example.com', path: '/split' })).headers['x-backend']));
  assert.equal([...seen].sort(), ['api', 'web']);
  assert.ok((await ctx.s.clusterStat(API, 'upstream_rq_total')) > 0);
});

t("a backendRef with filters keeps its rule's cluster, and its filter applies", async (ctx) => {
  const before = ctx.web.count;
  const r = await send({ port: ctx.s.port(), host: 'blog.example.com', path: '/tagged' });
  assert.is(r.headers['x-backend'], 'web');
  assert.is(ctx.web.requests[before]?.headers['x-tagged'], 'yes');
  assert.ok(clusterNames(ctx).some((n) => n.startsWith('httproute/default/blog/rule/1')));
});

t.run();
