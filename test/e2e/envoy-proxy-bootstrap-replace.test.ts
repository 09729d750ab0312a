/**
 * EnvoyProxy bootstrap Replace on a real Envoy: a bootstrap written for Envoy Gateway (a static
 * runtime layer, its xDS plumbing; no admin, so envoyc's stays) replaces envoyc's around the Gateway's own
 * listeners and clusters: the route answers, the runtime layer is there, nothing is fetched over xDS.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { setup, startBackend, useCleanup, type Backend } from './harness';
import { httpRoute, startScenario, type Scenario, withEnvoyProxy } from './scenario';

const t = suite<{ s: Scenario; app: Backend }>('e2e: EnvoyProxy bootstrap Replace');
useCleanup(t);

const PROXY = `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: replaced, namespace: default}
spec:
  bootstrap:
    type: Replace
    value: |
      layered_runtime:
        layers:
          - name: global_config
            static_layer: {envoyc.e2e.marker: replaced}
          - name: runtime-0
            rtds_layer: {name: runtime-0, rtds_config: {resource_api_version: V3, ads: {}}}
      dynamic_resources:
        ads_config:
          api_type: DELTA_GRPC
          transport_api_version: V3
          grpc_services: [{envoy_grpc: {cluster_name: xds_cluster}}]
        cds_config: {ads: {}, resource_api_version: V3}
        lds_config: {ads: {}, resource_api_version: V3}
      static_resources:
        clusters:
          - name: xds_cluster
            type: STATIC
            connect_timeout: 1s
            load_assignment:
              cluster_name: xds_cluster
              endpoints: [{lb_endpoints: [{endpoint: {address: {socket_address: {address: 127.0.0.1, port_value: 18000}}}}]}]
`;

setup(t, async (ctx) => {
  ctx.app = await startBackend({ name: 'app' });
  const gateway = withEnvoyProxy('replaced');
  ctx.s = await startScenario({
    name: 'envoy-proxy-bootstrap-replace',
    yaml: [gateway, PROXY, httpRoute('web', null, '- backendRefs: [{name: app, port: 8080}]')],
    services: { app: [ctx.app.port] },
  });
});

t("the Gateway's route answers through the replaced bootstrap, with its runtime layer and envoyc's admin address (it sets none)", async (ctx) => {
  assert.is((await send({ port: ctx.s.port() })).status, 200);
  const runtime = JSON.parse(await ctx.s.envoy.admin('/runtime?format=json'));
  assert.is(runtime.entries['envoyc.e2e.marker']?.final_value, 'replaced');
});

t("Envoy Gateway's xDS plumbing is left out: no dynamic resources, no xds_cluster", async (ctx) => {
  const dump = JSON.parse(await ctx.s.envoy.admin('/config_dump?mask=bootstrap'));
  const bootstrap = dump.configs.find((c: any) => c['@type'].endsWith('BootstrapConfigDump')).bootstrap;
  assert.is(bootstrap.dynamic_resources, undefined);
  assert.not.ok(bootstrap.static_resources.clusters.some((c: any) => c.name === 'xds_cluster'));
});

t.run();
