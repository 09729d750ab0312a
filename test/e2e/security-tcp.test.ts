/**
 * SecurityPolicy authorization on a TCPRoute on a real Envoy: the RBAC network filter closes a
 * connection from a denied client CIDR (127.0.0.2) before any of its bytes go upstream, and passes
 * one from another address.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTcpEcho, tcpExchange, type TcpBackend } from './backends/tcp';
import { setup, useCleanup } from './harness';
import { GATEWAY, startScenario, type Scenario } from './scenario';

const t = suite<{ s: Scenario; echo: TcpBackend }>('e2e: SecurityPolicy authorization on TCP');
useCleanup(t);

const YAML = `${GATEWAY.trimEnd()}
    - name: tcp
      protocol: TCP
      port: 9000
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: echo, namespace: default}
spec:
  parentRefs: [{name: eg, sectionName: tcp}]
  rules:
    - backendRefs: [{name: echo, port: 8080}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: echo-clients, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: TCPRoute, name: echo}]
  authorization:
    defaultAction: Allow
    rules:
      - name: blocked-host
        action: Deny
        principal: {clientCIDRs: [127.0.0.2/32]}
`;

setup(t, async (ctx) => {
  ctx.echo = await startTcpEcho('echo');
  ctx.s = await startScenario({ name: 'security-tcp', yaml: [YAML], services: { echo: [ctx.echo.port] } });
});

t('a connection from an allowed address reaches the echo server', async (ctx) => {
  assert.is(await tcpExchange(ctx.s.port('tcp'), 'hello', (got) => got === 'hello', 3_000, '127.0.0.1'), 'hello');
});

t('a connection from the denied CIDR is closed before its bytes reach the server', async (ctx) => {
  const before = ctx.echo.received();
  const outcome = await tcpExchange(ctx.s.port('tcp'), 'hello', (got) => got === 'hello', 3_000, '127.0.0.2').then(
    () => 'answered',
    (err: Error) => err.message,
  );
  assert.is.not(outcome, 'answered');
  // tcp_proxy may already have connected upstream; the RBAC filter stops the first byte.
  assert.is(ctx.echo.received(), before);
});

t.run();
