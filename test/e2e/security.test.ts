/**
 * SecurityPolicy on a real Envoy 1.40, keys made at test time: JWT from a local key set (a token
 * signed by it passes; a wrong signature, an expired token, a wrong audience or no token gets 401),
 * claimToHeaders reaching the backend, a remote key set served by a loopback JWKS server; CORS
 * preflights from a SecurityPolicy and from the HTTPRoute CORS filter (allowed origins answered
 * with the headers, others without); basic auth (htpasswd through --secrets-dir); API keys from a
 * header and a query parameter; authorization by client CIDR and header; ext auth over HTTP and
 * gRPC (loopback services); OIDC redirecting to the authorization endpoint; and a route no policy
 * targets left open.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startExtAuthzServer, type ExtAuthzServer } from './backends/ext-authz';
import { onCleanup, startBackend, setup, useCleanup, type Backend } from './harness';
import { send } from './client';
import { GATEWAY, httpRoute, routePolicy, startScenario, type Scenario } from './scenario';
import { makeSigningKey, signJwt, type SigningKey } from '../support/jwt';

interface Ctx {
  s: Scenario;
  httpAuth: Backend;
  grpcAuth: ExtAuthzServer;
  app: Backend;
  jwksServer: Backend;
  local: SigningKey;
  remote: SigningKey;
  other: SigningKey;
}
const t = suite<Ctx>('e2e: SecurityPolicy');
const API_KEY = 'e2e-api-key-3f9c';
useCleanup(t);

const securityPolicy = (name: string, route: string, spec: string) => routePolicy('SecurityPolicy', name, route, spec);

setup(t, async (ctx) => {
  const secretsDir = mkdtempSync(join(tmpdir(), 'envoyc-e2e-security-secrets-'));
  onCleanup(() => rmSync(secretsDir, { recursive: true, force: true }));
  ctx.local = makeSigningKey('local');
  ctx.remote = makeSigningKey('remote');
  ctx.other = makeSigningKey('other');
  const [httpAuth, grpcAuth] = await Promise.all([
    startBackend({
      name: 'http-auth',
      handler: (req, res) => {
        const allowed = req.headers['x-allow'] === 'yes' && req.url?.startsWith('/check');
        res.writeHead(allowed ? 200 : 403, allowed ? { 'x-auth-user': 'checked' } : {});
        res.end();
      },
    }),
    startExtAuthzServer(),
  ]);
  Object.assign(ctx, { httpAuth, grpcAuth });
  const [app, jwksServer] = await Promise.all([
    startBackend({ name: 'app' }),
    startBackend({
      name: 'jwks',
      handler: (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(ctx.remote.jwks);
      },
    }),
  ]);
  Object.assign(ctx, { app, jwksServer });
  const route = (name: string) => httpRoute(name, `${name}.example.com`, '- backendRefs: [{name: app, port: 8080}]');
  ctx.s = await startScenario({
    name: 'security',
    yaml: [
      GATEWAY,
      ...['local', 'remote', 'open', 'cors', 'basic', 'apikey', 'authz', 'extauth-http', 'extauth-grpc', 'extauth-ctx', 'oidc', 'claims'].map(route),
      securityPolicy(
        'claims',
        'claims',
        `
jwt:
  providers:
    - name: claims
      localJWKS:
        type: Inline
        inline: '${ctx.local.jwks}'
authorization:
  defaultAction: Deny
  rules:
    - action: Allow
      principal:
        jwt:
          provider: claims
          scopes: [read]
          claims: [{name: org.role, values: [admin]}]`,
      ),
      `
apiVersion: v1
kind: Secret
metadata: {name: envoy-oidc-hmac, namespace: envoy-gateway-system}
stringData: {hmac-secret: e2e-hmac-key}
---
apiVersion: v1
kind: Secret
metadata: {name: oidc-client, namespace: default}
stringData: {client-secret: e2e-client-secret}
`,
      securityPolicy(
        'oidc',
        'oidc',
        `
oidc:
  provider:
    issuer: http://idp.test
    authorizationEndpoint: http://idp.test/authorize
    tokenEndpoint: http://localhost:${jwksServer.port}/token
  clientID: e2e-client
  clientSecret: {name: oidc-client}
  scopes: [email]`,
      ),
      securityPolicy(
        'extauth-http',
        'extauth-http',
        'extAuth:\n  http:\n    backendRefs: [{name: http-auth, port: 9000}]\n    path: /check\n    headersToBackend: [x-auth-user]\n  headersToExtAuth: [x-allow]',
      ),
      securityPolicy('extauth-grpc', 'extauth-grpc', 'extAuth:\n  grpc:\n    backendRefs: [{name: grpc-auth, port: 9001}]'),
      `
apiVersion: v1
kind: Secret
metadata: {name: authz-context, namespace: default}
stringData: {allow: 'yes'}
`,
      securityPolicy(
        'extauth-ctx',
        'extauth-ctx',
        `
extAuth:
  grpc:
    backendRefs: [{name: grpc-auth, port: 9001}]
  contextExtensions:
    - {name: x-allow, type: ValueRef, valueRef: {group: '', kind: Secret, name: authz-context, key: allow}}`,
      ),
      securityPolicy(
        'authz',
        'authz',
        `
authorization:
  defaultAction: Deny
  rules:
    - action: Deny
      principal:
        headers: [{name: x-block, values: ['yes']}]
    - action: Allow
      principal:
        clientCIDRs: [127.0.0.7/32]`,
      ),
      `
apiVersion: v1
kind: Secret
metadata: {name: users, namespace: default}
stringData:
  .htpasswd: "alice:{SHA}${createHash('sha1').update('wonderland').digest('base64')}"
---
apiVersion: v1
kind: Secret
metadata: {name: api-keys, namespace: default}
stringData: {client-one: ${API_KEY}}
`,
      securityPolicy('basic', 'basic', 'basicAuth:\n  users: {name: users}\n  forwardUsernameHeader: x-username'),
      securityPolicy(
        'apikey',
        'apikey',
        `
apiKeyAuth:
  credentialRefs: [{name: api-keys}]
  extractFrom:
    - headers: [x-api-key]
    - params: [api_key]
  forwardClientIDHeader: x-client
  sanitize: true`,
      ),
      httpRoute(
        'cors-filter',
        'cors-filter.example.com',
        `
- filters:
    - type: CORS
      cors: {allowOrigins: ['https://*.filter.test'], allowMethods: [PUT], maxAge: 60}
  backendRefs: [{name: app, port: 8080}]`,
      ),
      securityPolicy(
        'cors',
        'cors',
        `
cors:
  allowOrigins: ['https://app.test']
  allowMethods: [GET, POST]
  allowHeaders: [x-custom]
  exposeHeaders: [x-exposed]
  maxAge: 10m
  allowCredentials: true`,
      ),
      securityPolicy(
        'local',
        'local',
        `
jwt:
  providers:
    - name: local
      issuer: https://issuer.test
      audiences: [api]
      claimToHeaders:
        - {claim: sub, header: x-user}
      localJWKS:
        type: Inline
        inline: '${ctx.local.jwks}'`,
      ),
      securityPolicy(
        'remote',
        'remote',
        `
jwt:
  providers:
    - name: remote
      remoteJWKS:
        uri: http://127.0.0.1:${jwksServer.port}/jwks.json`,
      ),
    ],
    services: {
      app: [app.port],
      'http-auth': { port: 9000, endpoints: [httpAuth.port] },
      'grpc-auth': { port: 9001, endpoints: [grpcAuth.port] },
    },
    // The htpasswd file goes to its own 0600 file, which Envoy reads (API keys stay inline: Envoy has no file for them).
    args: ['--secrets-dir', secretsDir],
  });
});

const get = (ctx: Ctx, host: string, token?: string) =>
  send({ port: ctx.s.port(), host: `${host}.example.com`, headers: token ? { authorization: `Bearer ${token}` } : {} });
const claims = { iss: 'https://issuer.test', aud: 'api', sub: 'alice' };

t('local JWKS: a token signed by the key passes, and claimToHeaders puts the claim in a header the backend sees', async (ctx) => {
  const r = await get(ctx, 'local', signJwt(ctx.local, claims));
  assert.is(r.status, 200, r.body);
  assert.is(ctx.app.requests.at(-1)?.headers['x-user'], 'alice');
});

// Envoy answers a token whose audience is not allowed with 403 (JwtAudienceNotAllowed), the others with 401.
t('local JWKS: no token, a wrong signature, an expired token or a wrong issuer get 401; a wrong audience 403', async (ctx) => {
  const before = ctx.app.count;
  const past = Math.floor(Date.now() / 1000) - 7200;
  const cases: [string, string | undefined, number][] = [
    ['no token', undefined, 401],
    ['signed by another key', signJwt({ ...ctx.other, kid: 'local' }, claims), 401],
    ['expired', signJwt(ctx.local, { ...claims, iat: past, exp: past + 60 }), 401],
    ['wrong issuer', signJwt(ctx.local, { ...claims, iss: 'https://elsewhere.test' }), 401],
    ['wrong audience', signJwt(ctx.local, { ...claims, aud: 'other' }), 403],
  ];
  for (const [what, token, status] of cases) assert.is((await get(ctx, 'local', token)).status, status, what);
  assert.is(ctx.app.count, before, 'no rejected request reached the backend');
});

t('remote JWKS: the key set served by a loopback server verifies tokens; another key is refused', async (ctx) => {
  assert.is((await get(ctx, 'remote', signJwt(ctx.remote, { sub: 'bob' }))).status, 200);
  assert.ok(ctx.jwksServer.count >= 1, 'Envoy fetched the key set');
  assert.is((await get(ctx, 'remote', signJwt(ctx.local, { sub: 'bob' }))).status, 401);
});

const preflight = (ctx: Ctx, host: string, origin: string, method: string) =>
  send({
    port: ctx.s.port(),
    host: `${host}.example.com`,
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method },
  });

t('CORS from a SecurityPolicy: a preflight from an allowed origin is answered with its headers; another origin gets no allow-origin', async (ctx) => {
  const before = ctx.app.count;
  const ok = await preflight(ctx, 'cors', 'https://app.test', 'POST');
  assert.is(ok.status, 200);
  assert.is(ok.headers['access-control-allow-origin'], 'https://app.test');
  assert.is(ok.headers['access-control-allow-methods'], 'GET, POST');
  assert.is(ok.headers['access-control-allow-headers'], 'x-custom');
  assert.is(ok.headers['access-control-max-age'], '600');
  assert.is(ok.headers['access-control-allow-credentials'], 'true');
  const denied = await preflight(ctx, 'cors', 'https://evil.test', 'POST');
  // Envoy 1.40 still lists the methods and headers, but without Access-Control-Allow-Origin a browser refuses the request.
  assert.is(denied.headers['access-control-allow-origin'], undefined, JSON.stringify(denied.headers));
  assert.is(ctx.app.count, before, 'preflights are answered by Envoy (forward_not_matching_preflights: false)');
  const simple = await send({ port: ctx.s.port(), host: 'cors.example.com', headers: { origin: 'https://app.test' } });
  assert.is(simple.headers['access-control-allow-origin'], 'https://app.test');
  assert.is(simple.headers['access-control-expose-headers'], 'x-exposed');
});

t('CORS from the HTTPRoute filter: a wildcard origin matches its subdomains only', async (ctx) => {
  const ok = await preflight(ctx, 'cors-filter', 'https://a.filter.test', 'PUT');
  assert.is(ok.headers['access-control-allow-origin'], 'https://a.filter.test');
  assert.is(ok.headers['access-control-allow-methods'], 'PUT');
  assert.is(ok.headers['access-control-max-age'], '60');
  const denied = await preflight(ctx, 'cors-filter', 'https://filter.test.evil', 'PUT');
  assert.is(denied.headers['access-control-allow-origin'], undefined);
});

t('basic auth: 401 without credentials or with a wrong password, 200 with the right one (the username forwarded)', async (ctx) => {
  const basic = (user: string, pw: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}` });
  const to = (headers: Record<string, string>) => send({ port: ctx.s.port(), host: 'basic.example.com', headers });
  assert.is((await to({})).status, 401);
  assert.is((await to(basic('alice', 'wrong'))).status, 401);
  const ok = await to(basic('alice', 'wonderland'));
  assert.is(ok.status, 200);
  assert.is(ctx.app.requests.at(-1)?.headers['x-username'], 'alice');
  const filters = JSON.stringify(ctx.s.bootstrap.static_resources.listeners);
  assert.match(filters, /"users":\{"filename":"[^"]*default\/users\/\.htpasswd"\}/, 'the users come from their --secrets-dir file');
});

t('API key: from a header and from a query parameter; a wrong or missing key is refused; the key is hidden from the backend', async (ctx) => {
  const to = (path: string, headers: Record<string, string> = {}) => send({ port: ctx.s.port(), host: 'apikey.example.com', path, headers });
  assert.is((await to('/')).status, 401);
  assert.is((await to('/', { 'x-api-key': 'not-the-key' })).status, 401);
  assert.is((await to('/', { 'x-api-key': API_KEY })).status, 200);
  const seen = ctx.app.requests.at(-1)!;
  assert.is(seen.headers['x-client'], 'client-one');
  assert.is(seen.headers['x-api-key'], undefined, 'sanitize removes the key');
  assert.is((await to(`/?api_key=${API_KEY}`)).status, 200);
  assert.is((await to('/?api_key=nope')).status, 401);
});

t('authorization: one client CIDR allowed, another denied (403); a denying header rule comes first', async (ctx) => {
  const from = (localAddress: string, headers: Record<string, string> = {}) => send({ port: ctx.s.port(), host: 'authz.example.com', localAddress, headers });
  assert.is((await from('127.0.0.7')).status, 200);
  assert.is((await from('127.0.0.8')).status, 403);
  assert.is((await from('127.0.0.7', { 'x-block': 'yes' })).status, 403);
});

t('ext auth over HTTP: the service allows (its header reaches the backend) and denies; the path prefix is used', async (ctx) => {
  const to = (headers: Record<string, string>) => send({ port: ctx.s.port(), host: 'extauth-http.example.com', path: '/resource', headers });
  const before = ctx.httpAuth.count;
  assert.is((await to({ 'x-allow': 'no' })).status, 403);
  const ok = await to({ 'x-allow': 'yes' });
  assert.is(ok.status, 200);
  assert.is(ctx.app.requests.at(-1)?.headers['x-auth-user'], 'checked');
  assert.is(ctx.httpAuth.requests.at(-1)?.path, '/check/resource');
  assert.is(ctx.httpAuth.count, before + 2);
});

t('ext auth over gRPC: the loopback Authorization service allows and denies', async (ctx) => {
  const to = (headers: Record<string, string>) => send({ port: ctx.s.port(), host: 'extauth-grpc.example.com', headers });
  const before = ctx.grpcAuth.checks;
  assert.is((await to({})).status, 403);
  assert.is((await to({ 'x-allow': 'yes' })).status, 200);
  assert.is(ctx.grpcAuth.checks, before + 2);
});

t("ext auth over gRPC: the policy's context extensions (a Secret's value) reach the service", async (ctx) => {
  const before = ctx.grpcAuth.checks;
  // The service allows a CheckRequest holding the map entry x-allow: yes; only the context extension has it here.
  assert.is((await send({ port: ctx.s.port(), host: 'extauth-ctx.example.com' })).status, 200);
  assert.is(ctx.grpcAuth.checks, before + 1);
});

t('OIDC: an unauthenticated request is redirected to the authorization endpoint with the client, redirect URI, scopes and state', async (ctx) => {
  const before = ctx.app.count;
  const r = await send({ port: ctx.s.port(), host: 'oidc.example.com', path: '/private?x=1' });
  assert.is(r.status, 302);
  const location = new URL(String(r.headers.location));
  assert.is(`${location.origin}${location.pathname}`, 'http://idp.test/authorize');
  const q = location.searchParams;
  assert.is(q.get('client_id'), 'e2e-client');
  assert.is(q.get('response_type'), 'code');
  assert.is(q.get('redirect_uri'), 'http://oidc.example.com/oauth2/callback');
  assert.is(q.get('scope'), 'openid email');
  assert.ok(q.get('state'), 'a state parameter');
  assert.is(ctx.app.count, before, 'the backend was not reached');
});

t('authorization on JWT claims and scopes: a token with the scope and the nested claim passes; without either, 403', async (ctx) => {
  const token = (claims: Record<string, unknown>) => signJwt(ctx.local, { sub: 'carol', ...claims });
  assert.is((await get(ctx, 'claims', token({ scope: 'read write', org: { role: 'admin' } }))).status, 200);
  assert.is((await get(ctx, 'claims', token({ scope: 'write', org: { role: 'admin' } }))).status, 403);
  assert.is((await get(ctx, 'claims', token({ scope: 'read', org: { role: 'user' } }))).status, 403);
});

t('a route no SecurityPolicy targets is not checked', async (ctx) => {
  assert.is((await get(ctx, 'open')).status, 200);
});

t.run();
