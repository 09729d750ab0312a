/**
 * A Gateway's EnvoyProxy merged over its GatewayClass's (mergeType StrategicMerge) on a real Envoy:
 * the Gateway's own setting (ipFamily DualStack: it answers on ::1) and the class's access log both
 * apply.
 */
import http from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { onCleanup, setup, startBackend, useCleanup, waitFor, type Backend } from './harness';
import { GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

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

/** One GET to `[::1]:port`: its status. */
function getIpv6Loopback(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '::1', family: 6, port, path, agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

setup(t, async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-e2e-ep-merge-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  ctx.log = join(dir, 'access.log');
  ctx.app = await startBackend({ name: 'app' });
  const gateway = GATEWAY.replace(
    '  listeners:',
    '  infrastructure:\n    parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: own}\n  listeners:',
  );
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
