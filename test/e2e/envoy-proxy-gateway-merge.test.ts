/**
 * A Gateway's EnvoyProxy merged over its GatewayClass's (mergeType StrategicMerge) on a real Envoy:
 * the Gateway's own setting (ipFamily DualStack: it answers on ::1) and the class's access log both
 * apply.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import { getIpv6Loopback } from './client';
import * as assert from 'uvu/assert';
import { onCleanup, setup, startBackend, useCleanup, waitFor, type Backend } from './harness';
import { httpRoute, startScenario, type Scenario, withEnvoyProxy } from './scenario';

const t = suite<{ s: Scenario; app: Backend; log: string }>('e2e: EnvoyProxy merged over the class');
useCleanup(t);

const classProxy = (log: string) => `
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: eg}
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
  parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: class-wide, namespace: default}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: class-wide, namespace: default}
spec:
  telemetry:
    accessLog:
      settings:
        - format: {type: JSON, json: {path: "%REQ(:PATH)%"}}
          sinks: [{type: File, file: {path: ${JSON.stringify(log)}}}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: own, namespace: default}
spec:
  mergeType: StrategicMerge
  ipFamily: DualStack
`;

setup(t, async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-e2e-ep-merge-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  ctx.log = join(dir, 'access.log');
  ctx.app = await startBackend({ name: 'app' });
  const gateway = withEnvoyProxy('own');
  ctx.s = await startScenario({
    name: 'envoy-proxy-gateway-merge',
    yaml: [classProxy(ctx.log), gateway, httpRoute('web', null, '- backendRefs: [{name: app, port: 8080}]')],
    services: { app: [ctx.app.port] },
  });
});

t("the Gateway's ipFamily and the class's access log both apply", async (ctx) => {
  assert.is(await getIpv6Loopback(ctx.s.port(), '/over-ipv6'), 200);
  await waitFor('the access log line', () => existsSync(ctx.log) && readFileSync(ctx.log, 'utf8').includes('/over-ipv6'));
  assert.equal(JSON.parse(readFileSync(ctx.log, 'utf8').trim().split('\n')[0]!), { path: '/over-ipv6' });
});

t.run();
