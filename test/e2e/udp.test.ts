/**
 * UDPRoute on a real Envoy: a datagram sent to the Gateway's UDP listener reaches the Service's
 * UDP endpoint through udp_proxy and the echo comes back; a UDP listener without a route answers
 * nothing (EmptyCluster); a TCP listener on the same port as the UDP one is a separate socket.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTcpEcho, tcpExchange, type TcpBackend } from './backends/tcp';
import { startUdpEcho, udpExchange, type UdpBackend } from './backends/udp';
import { setup, useCleanup } from './harness';
import { startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  udp: UdpBackend;
  other: UdpBackend;
  tcp: TcpBackend;
}
const t = suite<Ctx>('e2e: udp');
useCleanup(t);

const yaml = (udpPort: number, otherPort: number) => `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: default}
spec:
  gatewayClassName: eg
  listeners:
    - {name: dns, protocol: UDP, port: 5353}
    - {name: dns-tcp, protocol: TCP, port: 5353}
    - {name: idle, protocol: UDP, port: 5400}
---
apiVersion: gateway.networking.k8s.io/v1
kind: UDPRoute
metadata: {name: dns, namespace: default}
spec:
  parentRefs: [{name: eg, sectionName: dns}]
  rules:
    - backendRefs: [{name: resolver, port: 53}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: dns-tcp, namespace: default}
spec:
  parentRefs: [{name: eg, sectionName: dns-tcp}]
  rules:
    - backendRefs: [{name: resolver-tcp, port: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: resolver, namespace: default}
spec:
  ports:
    - {name: dns, port: 53, protocol: UDP}
    - {name: other, port: 54, protocol: UDP}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: resolver-1, namespace: default, labels: {kubernetes.io/service-name: resolver}}
addressType: IPv4
ports:
  - {name: dns, port: ${udpPort}, protocol: UDP}
  - {name: other, port: ${otherPort}, protocol: UDP}
endpoints:
  - addresses: [127.0.0.1]
`;

setup(t, async (ctx) => {
  ctx.udp = await startUdpEcho('resolver');
  ctx.other = await startUdpEcho('other-port');
  ctx.tcp = await startTcpEcho('resolver-tcp');
  ctx.s = await startScenario({ name: 'udp', yaml: yaml(ctx.udp.port, ctx.other.port), services: { 'resolver-tcp': [ctx.tcp.port] } });
});

t('a datagram to the UDP listener reaches the UDPRoute backend port and its echo comes back', async ({ s, udp, other }) => {
  const reply = await udpExchange(s.port('dns'), 'hello over udp');
  assert.is(reply, 'resolver:hello over udp');
  assert.ok(udp.received.includes('hello over udp'));
  assert.equal(other.received, [], 'the Service port the route names, not another one');
  assert.ok((await s.stat('udp.service.downstream_sess_total')) >= 1, 'udp_proxy counted the session under stat prefix "service"');
});

t('the TCP listener on the same port is a separate socket, served by its TCPRoute', async ({ s }) => {
  assert.is(s.port('dns-tcp'), s.port('dns'));
  assert.is(await tcpExchange(s.port('dns-tcp'), 'over tcp', (got) => got === 'over tcp'), 'over tcp');
});

t('a UDP listener with no route sends nothing anywhere (EmptyCluster)', async ({ s, udp, other }) => {
  const before = udp.received.length + other.received.length;
  const outcome = await udpExchange(s.port('idle'), 'nobody home', 4, 100).then(
    (reply) => `reply ${reply}`,
    () => 'no reply',
  );
  assert.is(outcome, 'no reply');
  assert.is(udp.received.length + other.received.length, before);
});

t.run();
