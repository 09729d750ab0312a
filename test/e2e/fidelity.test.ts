/**
 * Issue 9's translation fixes on a real Envoy: 421 for a Host another HTTPS listener on the port
 * serves (404 when none does), a redirect keeping the listener's port, `%` in header values (a
 * literal, unless a command operator), and a GRPCRoute method match without a service.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { grpcCall, startGrpcBackend, type GrpcBackend } from './backends/grpc';
import { startScriptedBackend, type ScriptedBackend } from './backends/http';
import { makeCertificate, tlsSecret, type Certificate } from './backends/tls';
import { send } from './client';
import { setup, useCleanup } from './harness';
import { startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  cert: Certificate;
  app: ScriptedBackend;
  grpc: GrpcBackend;
}
const t = suite<Ctx>('e2e: fidelity');
useCleanup(t);

/** Four HTTPS listeners on one port (one without hostname) and an HTTP listener. */
const GATEWAY = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: default}
spec:
  gatewayClassName: eg
  listeners:
    - {name: http, protocol: HTTP, port: 8080}
    - {name: any, protocol: HTTPS, port: 8443, tls: {certificateRefs: [{name: gw-tls}]}}
    - {name: api, protocol: HTTPS, port: 8443, hostname: api.example.com, tls: {certificateRefs: [{name: gw-tls}]}}
    - {name: apps, protocol: HTTPS, port: 8443, hostname: "*.apps.example.com", tls: {certificateRefs: [{name: gw-tls}]}}
    - {name: billing, protocol: HTTPS, port: 8443, hostname: billing.apps.example.com, tls: {certificateRefs: [{name: gw-tls}]}}
`;

/** An HTTPRoute `name` on listener `section`, answered by the app backend (which echoes `x-backend: app`). */
function route(name: string, section: string, extra = ''): string {
  return `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ${name}, namespace: default}
spec:
  parentRefs: [{name: eg, sectionName: ${section}}]
${extra}  rules:
    - backendRefs: [{name: app, port: 8080}]
`;
}

const HTTP_ROUTES = `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: plain, namespace: default}
spec:
  parentRefs: [{name: eg, sectionName: http}]
  hostnames: [plain.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /moved}}]
      filters:
        - type: RequestRedirect
          requestRedirect: {hostname: new.example.com}
    - filters:
        - type: RequestHeaderModifier
          requestHeaderModifier:
            set:
              - {name: x-discount, value: "100%"}
              - {name: x-client, value: "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%"}
      backendRefs: [{name: app, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: health, namespace: default}
spec:
  parentRefs: [{name: eg, sectionName: http}]
  hostnames: [grpc.example.com]
  rules:
    - matches: [{method: {method: Check}}]
      backendRefs: [{name: greeter, port: 9000}]
`;

setup(t, async (ctx) => {
  ctx.cert = makeCertificate('example.com', ['*.example.com', '*.apps.example.com', 'unknown.example.org']);
  const [app, grpc] = await Promise.all([
    startScriptedBackend('app'),
    startGrpcBackend('greeter', { '/grpc.health.v1.Health/Check': () => 'ok', '/pkg.Any/Check': () => 'any', '/pkg.Any/Other': () => 'other' }),
  ]);
  Object.assign(ctx, { app, grpc });
  ctx.s = await startScenario({
    name: 'fidelity',
    yaml: [
      GATEWAY,
      tlsSecret('gw-tls', ctx.cert),
      route('www', 'any', '  hostnames: [www.example.com]\n'),
      route('api', 'api'),
      route('apps', 'apps'),
      route('billing', 'billing'),
      HTTP_ROUTES,
    ],
    services: { app: [app.port], greeter: { port: 9000, appProtocol: 'kubernetes.io/h2c', endpoints: [grpc.port] } },
  });
});

/** Status of one HTTPS request with this SNI and Host. */
async function https(ctx: Ctx, sni: string, host: string): Promise<number> {
  const r = await send({ port: ctx.s.port('any'), host, tls: { ca: ctx.cert.cert, servername: sni } });
  return r.status;
}

t('HTTPS listeners on one port: 421 when another listener serves the Host, 404 when none does, 200 on its own', async (ctx) => {
  const cases: [string, string, number][] = [
    ['www.example.com', 'www.example.com', 200],
    ['www.example.com', 'api.example.com', 421],
    ['www.example.com', 'unknown.example.org', 404],
    ['api.example.com', 'api.example.com', 200],
    ['api.example.com', 'www.example.com', 421],
    ['api.example.com', 'unknown.example.org', 421],
    ['x.apps.example.com', 'y.apps.example.com', 200],
    ['x.apps.example.com', 'billing.apps.example.com', 421],
    ['billing.apps.example.com', 'billing.apps.example.com', 200],
    ['billing.apps.example.com', 'x.apps.example.com', 421],
    ['unknown.example.org', 'www.example.com', 200],
    ['unknown.example.org', 'unknown.example.org', 404],
  ];
  for (const [sni, host, want] of cases) assert.is(await https(ctx, sni, host), want, `SNI ${sni}, Host ${host}`);
});

t('a redirect with no scheme and no port keeps the listener port', async (ctx) => {
  const r = await send({ port: ctx.s.port('http'), host: 'plain.example.com', path: '/moved/page' });
  assert.is(r.status, 302);
  assert.is(r.headers.location, `http://new.example.com:${ctx.s.port('http')}/moved/page`);
});

t('a lone % in a header value reaches the backend as written; a command operator is filled in', async (ctx) => {
  const r = await send({ port: ctx.s.port('http'), host: 'plain.example.com', path: '/' });
  assert.is(r.status, 200, r.body);
  const seen = r.json().headers;
  assert.is(seen['x-discount'], '100%');
  assert.is(seen['x-client'], '127.0.0.1');
});

t('a GRPCRoute method without service matches that method of any service, and nothing else', async (ctx) => {
  const health = await grpcCall(ctx.s.port('http'), 'grpc.example.com', '/grpc.health.v1.Health/Check', '');
  assert.is(health.grpcStatus, 0, health.grpcMessage);
  const any = await grpcCall(ctx.s.port('http'), 'grpc.example.com', '/pkg.Any/Check', '');
  assert.is(any.reply, 'any');
  const other = await grpcCall(ctx.s.port('http'), 'grpc.example.com', '/pkg.Any/Other', '');
  // No route: Envoy answers a gRPC request with UNIMPLEMENTED.
  assert.is(other.grpcStatus, 12, `grpc-status ${other.grpcStatus}`);
  // The health service's calls are counted apart; the other method never reached the backend.
  assert.equal(
    ctx.grpc.calls.map((c) => c.path),
    ['/pkg.Any/Check'],
  );
});

t.run();
