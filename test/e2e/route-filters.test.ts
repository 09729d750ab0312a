/**
 * Envoy Gateway's HTTPRouteFilter on a real Envoy, referenced by `ExtensionRef` route filters: a
 * direct response (inline and ConfigMap body, status, content type, a header), a regex path
 * rewrite and a host rewrite from a header reaching a loopback backend, cookie matches added to a
 * rule's, and a credential (on a rule, and on a backendRef as an upstream filter), made at
 * test time and kept in a 0600 file with `--secrets-dir`, injected into the requests the backend sees;
 * and a backendRef's own URLRewrite hostname, on its weighted cluster entry.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { send } from './client';
import { onCleanup, setup, startBackend, useCleanup, type Backend } from './harness';
import { GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  app: Backend;
  secrets: string;
  token: string;
}
const t = suite<Ctx>('e2e: HTTPRouteFilter');
useCleanup(t);

const ref = (name: string) => `- type: ExtensionRef\n  extensionRef: {group: gateway.envoyproxy.io, kind: HTTPRouteFilter, name: ${name}}`;
const filter = (name: string, spec: string) => `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: HTTPRouteFilter
metadata:
  name: ${name}
  namespace: default
spec:
${spec.replace(/^/gm, '  ')}`;
const rule = (match: string, filters: string[], backend = true) =>
  `- matches: [{path: ${match}}]\n  filters:\n${filters.map((f) => f.replace(/^/gm, '    ')).join('\n')}${backend ? '\n  backendRefs: [{name: app, port: 8080}]' : ''}`;

/** Bytes that are not UTF-8, for a body from a ConfigMap's binaryData. */
const BLOB = Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x80, 0x41, 0x7f]);

setup(t, async (ctx) => {
  ctx.app = await startBackend({ name: 'app' });
  ctx.token = `Bearer ${randomBytes(18).toString('base64url')}`;
  ctx.secrets = mkdtempSync(join(tmpdir(), 'envoyc-route-filters-'));
  onCleanup(() => rmSync(ctx.secrets, { recursive: true, force: true }));
  const rules = [
    rule('{type: PathPrefix, value: /maintenance}', [ref('maintenance')], false),
    rule('{type: Exact, value: /page}', [ref('page')], false),
    rule('{type: Exact, value: /blob}', [ref('blob')], false),
    rule("{type: RegularExpression, value: '/v\\d+/.*'}", [ref('versioned')]),
    rule('{type: PathPrefix, value: /token}', [ref('token')]),
    rule('{type: PathPrefix, value: /beta}', [ref('beta-cookie')]),
    rule('{type: PathPrefix, value: /beta}', [ref('stable')], false),
    `- matches: [{path: {type: PathPrefix, value: /upstream}}]\n  backendRefs:\n    - name: app\n      port: 8080\n      filters:\n${ref('token').replace(/^/gm, '        ')}`,
    `- matches: [{path: {type: PathPrefix, value: /renamed}}]\n  backendRefs:\n    - name: app\n      port: 8080\n      filters: [{type: URLRewrite, urlRewrite: {hostname: app.internal}}]`,
  ].join('\n');
  const yaml = [
    GATEWAY,
    httpRoute('filtered', 'filters.example.com', rules),
    filter(
      'maintenance',
      `directResponse:\n  statusCode: 503\n  contentType: application/json\n  body: {type: Inline, inline: '{"down":"%REQ(:PATH)%"}'}\n  header:\n    set: [{name: retry-after, value: "120"}]`,
    ),
    filter('page', 'directResponse:\n  contentType: text/html\n  body:\n    type: ValueRef\n    valueRef: {group: "", kind: ConfigMap, name: pages}'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: pages, namespace: default}\ndata:\n  response.body: "<h1>100% up</h1>"',
    filter('blob', 'directResponse:\n  body:\n    type: ValueRef\n    valueRef: {group: "", kind: ConfigMap, name: blob}'),
    `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: blob, namespace: default}\nbinaryData:\n  blob.bin: ${BLOB.toString('base64')}`,
    filter(
      'versioned',
      `urlRewrite:\n  path:\n    type: ReplaceRegexMatch\n    replaceRegexMatch: {pattern: '^/v(\\d+)/(.*)$', substitution: '/api/\\2?version=\\1'}\n  hostname: {type: Header, header: x-upstream-host}`,
    ),
    filter('beta-cookie', 'matches:\n  - cookies: [{name: channel, value: beta}]\n  - cookies: [{name: tester, type: RegularExpression, value: "t-[0-9]+"}]'),
    filter('stable', 'directResponse:\n  statusCode: 418\n  body: {type: Inline, inline: stable}'),
    filter('token', 'credentialInjection:\n  header: x-api-token\n  overwrite: true\n  credential:\n    valueRef: {name: upstream-token}'),
    `apiVersion: v1\nkind: Secret\nmetadata: {name: upstream-token, namespace: default}\nstringData:\n  credential: "${ctx.token}"`,
  ];
  ctx.s = await startScenario({ name: 'route-filters', yaml, services: { app: [ctx.app.port] }, args: ['--secrets-dir', ctx.secrets] });
});

const get = (ctx: Ctx, path: string, headers: Record<string, string> = {}) => send({ port: ctx.s.port(), host: 'filters.example.com', path, headers });

t('directResponse: status, inline body with the request path filled in, content type and header; nothing reaches the backend', async (ctx) => {
  const r = await get(ctx, '/maintenance/now');
  assert.is(r.status, 503);
  assert.is(r.body, '{"down":"/maintenance/now"}');
  assert.is(r.headers['content-type'], 'application/json');
  assert.is(r.headers['retry-after'], '120');
  assert.is(ctx.app.count, 0);
});

t('directResponse from a ConfigMap: status 200 by default, the body as written (a lone % kept), its content type', async (ctx) => {
  const r = await get(ctx, '/page');
  assert.is(r.status, 200);
  assert.is(r.body, '<h1>100% up</h1>');
  assert.is(r.headers['content-type'], 'text/html');
});

t('directResponse from binaryData: the bytes as stored', async (ctx) => {
  const r = await get(ctx, '/blob');
  assert.is(r.status, 200);
  assert.equal([...r.raw], [...BLOB]);
});

t('urlRewrite: the regex path rewrite and the host from a header reach the backend, with X-Forwarded-Host', async (ctx) => {
  const before = ctx.app.count;
  const r = await get(ctx, '/v2/users/7', { 'x-upstream-host': 'users.internal' });
  assert.is(r.status, 200);
  assert.is(ctx.app.count, before + 1);
  const seen = ctx.app.requests.at(-1)!;
  assert.is(seen.path, '/api/users/7?version=2');
  assert.is(seen.host, 'users.internal');
  assert.is(seen.headers['x-forwarded-host'], 'filters.example.com');
});

t('credentialInjection: the backend sees the credential from the Secret, overwriting what the client sent', async (ctx) => {
  const r = await get(ctx, '/token', { 'x-api-token': 'forged' });
  assert.is(r.status, 200);
  const seen = ctx.app.requests.at(-1)!;
  assert.is(seen.path, '/token');
  assert.is(seen.headers['x-api-token'], ctx.token);
  const other = await get(ctx, '/v1/x');
  assert.is(other.status, 200);
  assert.is(ctx.app.requests.at(-1)!.headers['x-api-token'], undefined, 'a route without the filter injects nothing');
});

t('matches: a cookie alternative (exact, or a regex) sends the request to the backend; without one the next rule answers', async (ctx) => {
  const before = ctx.app.count;
  for (const cookie of ['channel=beta', 'a=1; tester=t-42', 'tester=t-7; channel=stable']) {
    const r = await get(ctx, '/beta/page', { cookie });
    assert.is(r.status, 200, cookie);
  }
  assert.is(ctx.app.count, before + 3);
  for (const cookie of ['channel=stable', 'tester=x-42', 'xchannel=beta']) {
    const r = await get(ctx, '/beta/page', { cookie });
    assert.is(r.status, 418, cookie);
    assert.is(r.body, 'stable');
  }
  assert.is((await get(ctx, '/beta/page')).status, 418);
  assert.is(ctx.app.count, before + 3);
});

t('credentialInjection on a backendRef: an upstream filter of its own cluster injects the credential', async (ctx) => {
  const r = await get(ctx, '/upstream/x', { 'x-api-token': 'forged' });
  assert.is(r.status, 200);
  const seen = ctx.app.requests.at(-1)!;
  assert.is(seen.path, '/upstream/x');
  assert.is(seen.headers['x-api-token'], ctx.token);
});

t('URLRewrite on a backendRef: the backend sees the rewritten Host; other rules keep the client Host', async (ctx) => {
  const r = await get(ctx, '/renamed/x');
  assert.is(r.status, 200);
  const seen = ctx.app.requests.at(-1)!;
  assert.is(seen.path, '/renamed/x');
  assert.is(seen.host, 'app.internal');
  assert.is((await get(ctx, '/token')).status, 200);
  assert.is(ctx.app.requests.at(-1)!.host, 'filters.example.com');
});

t('the credential lives in a 0600 file under --secrets-dir, not in the bootstrap', (ctx) => {
  const file = join(ctx.secrets, 'default', 'upstream-token', 'credential');
  assert.is(statSync(file).mode & 0o777, 0o600);
  assert.equal(readdirSync(join(ctx.secrets, 'default', 'upstream-token')), ['credential']);
  assert.not.ok(JSON.stringify(ctx.s.bootstrap).includes(Buffer.from(ctx.token).toString('base64')));
  assert.not.ok(JSON.stringify(ctx.s.bootstrap).includes(ctx.token));
});

t.run();
