/**
 * EnvoyProxy `telemetry.metrics.enableGRPCStats: true` on a real Envoy: gRPC calls routed by an
 * HTTPRoute (no GRPCRoute, so without the setting Envoy Gateway adds no gRPC stats filter) are
 * counted per service and method in /stats.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { grpcCall, startGrpcBackend, type GrpcBackend } from './backends/grpc';
import { setup, useCleanup } from './harness';
import { httpRoute, startScenario, type Scenario, withEnvoyProxy } from './scenario';

const t = suite<{ s: Scenario; grpc: GrpcBackend }>('e2e: EnvoyProxy enableGRPCStats');
useCleanup(t);

const SAY = '/echo.Echo/Say';

const PROXY = `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata: {name: grpc-stats, namespace: default}
spec:
  telemetry:
    metrics:
      enableGRPCStats: true
`;

setup(t, async (ctx) => {
  ctx.grpc = await startGrpcBackend('greeter', { [SAY]: (who) => `hello ${who}` });
  const gateway = withEnvoyProxy('grpc-stats');
  ctx.s = await startScenario({
    name: 'envoy-proxy-grpc-stats',
    yaml: [gateway, PROXY, httpRoute('grpc', 'grpc.example.com', '- backendRefs: [{name: greeter, port: 8080}]')],
    services: { greeter: { port: 8080, appProtocol: 'kubernetes.io/h2c', endpoints: [ctx.grpc.port] } },
  });
});

t('gRPC calls through an HTTPRoute are counted per service and method', async (ctx) => {
  for (let i = 0; i < 2; i++) assert.is((await grpcCall(ctx.s.port(), 'grpc.example.com', SAY, `n${i}`)).grpcStatus, 0);
  const stats = await ctx.s.envoy.admin('/stats?filter=grpc');
  assert.match(stats, /\.grpc\.echo\.Echo\.Say\.success: 2$/m);
});

t.run();
