/**
 * Core routing on a real Envoy: host and path matching, header/query/method matches, redirect,
 * rewrite, mirror, header modifiers, TLS termination with a certificate made at test time,
 * GRPCRoute to a gRPC backend, TCPRoute to a TCP echo server and TLSRoute passthrough to a TLS
 * backend. One Gateway with four listeners (HTTP, HTTPS, TCP, TLS).
 */
import { connect as tlsConnect } from 'node:tls';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { grpcCall, startGrpcBackend, type GrpcBackend } from './backends/grpc';
import { startScriptedBackend, type ScriptedBackend } from './backends/http';
import { startTcpEcho, tcpExchange } from './backends/tcp';
import { makeCertificate, startTlsBackend, tlsSecret, type Certificate, type TlsBackend } from './backends/tls';
import { send, type SendOptions } from './client';
import { setup, useCleanup, waitFor } from './harness';
import { httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  be: Record<'a' | 'b' | 'c' | 'd' | 'shadow', ScriptedBackend>;
  grpc: GrpcBackend[];
  tlsBackend: TlsBackend;
  gatewayCert: Certificate;
  backendCert: Certificate;
}
const t = suite<Ctx>('e2e: routing');
useCleanup(t);

const GATEWAY = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: default}
spec:
  gatewayClassName: eg
  listeners:
    - name: http
      protocol: HTTP
      port: 8080
    - name: https
      protocol: HTTPS
      port: 8443
      hostname: "*.example.com"
      tls:
        mode: Terminate
        certificateRefs: [{name: gateway-tls}]
    - name: tcp
      protocol: TCP
      port: 9000
    - name: tls
      protocol: TLS
      port: 9443
      hostname: secure.example.com
      tls: {mode: Passthrough}
`;

setup(t, async (ctx) => {
  ctx.gatewayCert = makeCertificate('gateway.example.com', ['*.example.com']);
  ctx.backendCert = makeCertificate('backend.secure.example.com', ['secure.example.com']);
  const names = ['a', 'b', 'c', 'd', 'shadow'] as const;
  const [backends, grpc, echo, tlsBackend] = await Promise.all([
    Promise.all(names.map((n) => startScriptedBackend(n))),
    Promise.all(
      ['greeter', 'other'].map((n) => startGrpcBackend(n, { '/echo.Echo/Say': (who) => `hello ${who} from ${n}`, '/echo.Other/Ping': () => `pong from ${n}` })),
    ),
    startTcpEcho('echo'),
    startTlsBackend('secure', ctx.backendCert),
  ]);
  ctx.be = Object.fromEntries(names.map((n, i) => [n, backends[i]!])) as Ctx['be'];
  Object.assign(ctx, { grpc, tlsBackend });
  const onHttp = (name: string, host: string, rules: string) =>
    httpRoute(name, host, rules).replace('    - name: eg\n', '    - name: eg\n      sectionName: http\n');
  ctx.s = await startScenario({
    name: 'routing',
    yaml: [
      GATEWAY,
      tlsSecret('gateway-tls', ctx.gatewayCert),
      onHttp(
        'paths',
        'paths.example.com',
        `
- backendRefs: [{name: a, port: 8080}]
- matches: [{path: {type: PathPrefix, value: /api}}]
  backendRefs: [{name: b, port: 8080}]
- matches: [{path: {type: Exact, value: /exact}}]
  backendRefs: [{name: c, port: 8080}]`,
      ),
      onHttp(
        'matches',
        'matches.example.com',
        `
- backendRefs: [{name: a, port: 8080}]
- matches: [{headers: [{name: x-env, value: canary}]}]
  backendRefs: [{name: b, port: 8080}]
- matches: [{queryParams: [{name: version, value: "2"}]}]
  backendRefs: [{name: c, port: 8080}]
- matches: [{method: POST}]
  backendRefs: [{name: d, port: 8080}]`,
      ),
      onHttp(
        'redirect',
        'redirect.example.com',
        `
- filters:
    - type: RequestRedirect
      requestRedirect: {scheme: https, hostname: www.example.com, statusCode: 301}
- matches: [{path: {type: PathPrefix, value: /old}}]
  filters:
    - type: RequestRedirect
      requestRedirect:
        path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}
        statusCode: 302`,
      ),
      onHttp(
        'rewrite',
        'rewrite.example.com',
        `
- matches: [{path: {type: PathPrefix, value: /v1}}]
  filters:
    - type: URLRewrite
      urlRewrite:
        hostname: internal.example.com
        path: {type: ReplacePrefixMatch, replacePrefixMatch: /api/v2}
  backendRefs: [{name: a, port: 8080}]`,
      ),
      onHttp(
        'mirror',
        'mirror.example.com',
        `
- filters:
    - type: RequestMirror
      requestMirror:
        backendRef: {name: shadow, port: 8080}
  backendRefs: [{name: a, port: 8080}]`,
      ),
      onHttp(
        'headers',
        'headers.example.com',
        `
- filters:
    - type: RequestHeaderModifier
      requestHeaderModifier:
        add: [{name: x-added, value: by-gateway}]
        set: [{name: x-set, value: forced}]
        remove: [x-secret]
    - type: ResponseHeaderModifier
      responseHeaderModifier:
        add: [{name: x-response, value: added}]
        remove: [x-backend]
  backendRefs: [{name: a, port: 8080}]`,
      ),
      `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: shop, namespace: default}
spec:
  parentRefs: [{name: eg, sectionName: https}]
  hostnames: [shop.example.com]
  rules:
    - backendRefs: [{name: b, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: grpc, namespace: default}
spec:
  parentRefs: [{name: eg, sectionName: http}]
  hostnames: [grpc.example.com]
  rules:
    - matches: [{method: {service: echo.Echo, method: Say}}]
      backendRefs: [{name: greeter, port: 8080}]
    - matches: [{method: {service: echo.Other}}]
      backendRefs: [{name: other, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: echo, namespace: default}
spec:
  parentRefs: [{name: eg, sectionName: tcp}]
  rules:
    - backendRefs: [{name: echo, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TLSRoute
metadata: {name: secure, namespace: default}
spec:
  parentRefs: [{name: eg, sectionName: tls}]
  hostnames: [secure.example.com]
  rules:
    - backendRefs: [{name: secure, port: 8080}]
`,
    ],
    services: {
      ...Object.fromEntries(names.map((n) => [n, [ctx.be[n].port]])),
      greeter: [grpc[0]!.port],
      other: [grpc[1]!.port],
      echo: [echo.port],
      secure: [tlsBackend.port],
    },
  });
});

async function hit(ctx: Ctx, host: string, opts: Partial<SendOptions> = {}) {
  const r = await send({ port: ctx.s.port('http'), host, ...opts });
  return { r, backend: r.headers['x-backend'] as string | undefined, seen: r.status === 200 ? r.json() : undefined };
}

const PATHS: [string, string, string | 404][] = [
  ['paths.example.com', '/', 'a'],
  ['paths.example.com', '/anything', 'a'],
  ['paths.example.com', '/api', 'b'],
  ['paths.example.com', '/api/users', 'b'],
  ['paths.example.com', '/apiary', 'a'],
  ['paths.example.com', '/exact', 'c'],
  ['paths.example.com', '/exact/more', 'a'],
  ['PATHS.example.com:80', '/api', 'b'],
  ['unknown.example.com', '/', 404],
];

t('host and path matching: PathPrefix by path element, Exact, hostname case and port ignored', async (ctx) => {
  for (const [host, path, want] of PATHS) {
    const { r, backend } = await hit(ctx, host, { path });
    if (want === 404) assert.is(r.status, 404, `${host}${path}`);
    else assert.is(backend, want, `${host}${path} went to ${backend} (${r.status})`);
  }
});

t('header, query parameter and method matches pick their rule; otherwise the catch-all', async (ctx) => {
  assert.is((await hit(ctx, 'matches.example.com')).backend, 'a');
  assert.is((await hit(ctx, 'matches.example.com', { headers: { 'x-env': 'canary' } })).backend, 'b');
  assert.is((await hit(ctx, 'matches.example.com', { headers: { 'x-env': 'stable' } })).backend, 'a');
  assert.is((await hit(ctx, 'matches.example.com', { path: '/?version=2' })).backend, 'c');
  assert.is((await hit(ctx, 'matches.example.com', { path: '/?version=3' })).backend, 'a');
  assert.is((await hit(ctx, 'matches.example.com', { method: 'POST', body: 'x' })).backend, 'd');
  assert.is((await hit(ctx, 'matches.example.com', { method: 'PUT', body: 'x' })).backend, 'a');
});

t('RequestRedirect: scheme + hostname with 301; ReplacePrefixMatch path with 302 on the listener port; no backend involved', async (ctx) => {
  const counts = Object.values(ctx.be).map((b) => b.count);
  const a = (await hit(ctx, 'redirect.example.com', { path: '/page?q=1' })).r;
  assert.is(a.status, 301);
  // The listener is not on 443, so the https port is named (README: where envoyc differs).
  assert.is(a.headers.location, 'https://www.example.com:443/page?q=1');
  const b = (await hit(ctx, 'redirect.example.com', { path: '/old/thing' })).r;
  assert.is(b.status, 302);
  // No scheme and no port: the Gateway listener's port, though the request named none.
  assert.is(b.headers.location, `http://redirect.example.com:${ctx.s.port('http')}/new/thing`);
  assert.equal(
    Object.values(ctx.be).map((x) => x.count),
    counts,
  );
});

t('URLRewrite: the backend sees the rewritten host and path prefix', async (ctx) => {
  const { r, seen } = await hit(ctx, 'rewrite.example.com', { path: '/v1/items?id=7' });
  assert.is(r.status, 200);
  assert.is(seen.path, '/api/v2/items?id=7');
  assert.is(seen.host, 'internal.example.com');
  assert.is((await hit(ctx, 'rewrite.example.com', { path: '/v2/items' })).r.status, 404);
});

t('RequestMirror: the primary answers, the shadow gets a copy', async (ctx) => {
  const shadow = ctx.be.shadow;
  const before = shadow.count;
  const { r, backend } = await hit(ctx, 'mirror.example.com', { path: '/mirrored', headers: { 'x-mirror-test': '1' } });
  assert.is(r.status, 200);
  assert.is(backend, 'a');
  await waitFor('the mirrored request at the shadow', () => shadow.count === before + 1, { timeoutMs: 3_000 });
  const copy = shadow.requests[shadow.requests.length - 1]!;
  assert.is(copy.path, '/mirrored');
  assert.is(copy.headers['x-mirror-test'], '1');
  assert.match(copy.host, /^mirror\.example\.com(-shadow)?(:\d+)?$/);
});

t('header modifiers: add/set/remove on the request, add/remove on the response', async (ctx) => {
  const { r, seen } = await hit(ctx, 'headers.example.com', { headers: { 'x-set': 'client', 'x-secret': 'token', 'x-added': 'client' } });
  assert.is(r.status, 200);
  assert.is(seen.headers['x-set'], 'forced');
  assert.is(seen.headers['x-secret'], undefined);
  assert.match(seen.headers['x-added'], /^client, ?by-gateway$/, "add appends to the client's value");
  assert.is(r.headers['x-response'], 'added');
  assert.is(r.headers['x-backend'], undefined);
});

t('TLS termination: the HTTPS listener presents the certificate made at test time and routes by SNI/host', async (ctx) => {
  const r = await send({ port: ctx.s.port('https'), host: 'shop.example.com', tls: { ca: ctx.gatewayCert.cert } });
  assert.is(r.status, 200, r.body);
  assert.is(r.headers['x-backend'], 'b');
  assert.is(r.peerCertificate?.subject.CN, 'gateway.example.com');
  const unknown = await send({ port: ctx.s.port('https'), host: 'other.example.com', tls: { ca: ctx.gatewayCert.cert } });
  assert.is(unknown.status, 404);
});

t('GRPCRoute: method matches send each service to its backend; an unknown method is UNIMPLEMENTED', async (ctx) => {
  const say = await grpcCall(ctx.s.port('http'), 'grpc.example.com', '/echo.Echo/Say', 'envoy');
  assert.is(say.grpcStatus, 0, say.grpcMessage);
  assert.is(say.reply, 'hello envoy from greeter');
  const ping = await grpcCall(ctx.s.port('http'), 'grpc.example.com', '/echo.Other/Ping', '');
  assert.is(ping.grpcStatus, 0, ping.grpcMessage);
  assert.is(ping.reply, 'pong from other');
  const missing = await grpcCall(ctx.s.port('http'), 'grpc.example.com', '/echo.Echo/Shout', 'x');
  assert.is(missing.grpcStatus, 12, `grpc-status ${missing.grpcStatus} (${missing.grpcMessage})`);
  assert.is(ctx.grpc[0]!.calls.length, 1);
  assert.equal(ctx.grpc[0]!.calls[0]!.request, 'envoy');
});

t('TCPRoute: bytes go to the TCP echo server and back', async (ctx) => {
  const got = await tcpExchange(ctx.s.port('tcp'), 'hello over tcp', (g) => g.length >= 14);
  assert.is(got, 'hello over tcp');
});

t("TLSRoute passthrough: the client reaches the backend's own certificate by SNI", async (ctx) => {
  const result = await new Promise<{ cn: string; body: string }>((resolve, reject) => {
    const socket = tlsConnect({ port: ctx.s.port('tls'), host: '127.0.0.1', servername: 'secure.example.com', ca: ctx.backendCert.cert }, () => {
      const cn = String(socket.getPeerCertificate().subject.CN);
      socket.write('GET /passthrough HTTP/1.1\r\nHost: secure.example.com\r\nConnection: close\r\n\r\n');
      let body = '';
      socket.on('data', (d) => (body += d.toString()));
      socket.on('end', () => resolve({ cn, body }));
    });
    socket.setTimeout(5_000, () => socket.destroy(new Error('TLS passthrough timed out')));
    socket.on('error', reject);
  });
  assert.is(result.cn, 'backend.secure.example.com');
  assert.match(result.body, /^HTTP\/1\.1 200/);
  assert.is(ctx.tlsBackend.requests.at(-1)?.servername, 'secure.example.com');
});

t.run();
