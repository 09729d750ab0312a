/**
 * Key material never leaves envoyc except into the output that needs it: every command's stdout
 * and stderr are searched for the key (base64 as in the Secret, and its PEM lines), files holding
 * a key are 0600, and a key change still shows in a diff as a change of fingerprint.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { redactBase64 } from '../../compiler/secrets';
import { makeCertificate, tlsSecret, type Certificate } from '../e2e/backends/tls';
import { CLI, writeTree } from '../review/fixture';

const t = suite('secrets: redaction');
const cleanups: (() => void)[] = [];
t.after(() => cleanups.forEach((c) => c()));

const GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: eg
  namespace: default
spec:
  gatewayClassName: eg
  listeners:
    - name: https
      protocol: HTTPS
      port: 8443
      hostname: tls.example.com
      tls:
        certificateRefs: [{name: site-tls}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: web
  namespace: default
spec:
  parentRefs: [{name: eg}]
  rules:
    - backendRefs: [{name: web, port: 8080}]
`;

const ROUTES_TEST = `- {host: tls.example.com, path: /, port: 8443, expect: httproute/default/web/rule/0}\n`;

/** Fragments of the key as it may appear: base64 of the PEM (Kubernetes data), PEM body lines, and slices of both. */
function keyFragments(c: Certificate): string[] {
  const b64 = Buffer.from(c.key).toString('base64');
  const body = c.key.split('\n').filter((l) => l && !l.startsWith('-----'));
  const slices = (s: string) => Array.from({ length: Math.floor(s.length / 24) }, (_, i) => s.slice(i * 24, i * 24 + 24));
  return [...new Set([b64, ...body, ...slices(b64), ...slices(body.join(''))])];
}

interface Run {
  args: string[];
  status: number;
  out: string;
}

function envoyc(cwd: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { args, status: r.status ?? -1, out: `${r.stdout}\n${r.stderr}` };
}

function assertNoKey(runs: Run[], c: Certificate): void {
  const fragments = keyFragments(c);
  for (const r of runs) {
    const leaked = fragments.find((f) => r.out.includes(f));
    assert.is(leaked, undefined, `envoyc ${r.args.join(' ')} printed key material`);
  }
}

let ctx: { dir: string; a: Certificate; b: Certificate };

t.before(() => {
  const a = makeCertificate('tls.example.com', ['tls.example.com']);
  const b = makeCertificate('tls.example.com', ['tls.example.com']);
  const w = writeTree({
    'a/config.yaml': GATEWAY,
    'a/secret.yaml': tlsSecret('site-tls', a),
    'b/config.yaml': GATEWAY,
    'b/secret.yaml': tlsSecret('site-tls', b),
    'routes-test.yaml': ROUTES_TEST,
  });
  cleanups.push(w.cleanup);
  ctx = { dir: w.dir, a, b };
});

t('a bootstrap holding a key is written 0600; an existing file gets 0600, or keeps a stricter mode', () => {
  const { dir } = ctx;
  assert.is(envoyc(dir, 'compile', 'a', '-o', 'new.yaml').status, 0);
  assert.is(statSync(join(dir, 'new.yaml')).mode & 0o777, 0o600);
  writeFileSync(join(dir, 'open.yaml'), '');
  chmodSync(join(dir, 'open.yaml'), 0o644);
  assert.is(envoyc(dir, 'compile', 'a', '-o', 'open.yaml').status, 0);
  assert.is(statSync(join(dir, 'open.yaml')).mode & 0o777, 0o600);
  writeFileSync(join(dir, 'strict.yaml'), '');
  chmodSync(join(dir, 'strict.yaml'), 0o400);
  assert.is(envoyc(dir, 'compile', 'a', '-o', 'strict.yaml').status, 0);
  assert.is(statSync(join(dir, 'strict.yaml')).mode & 0o777, 0o400);
  assert.ok(readFileSync(join(dir, 'new.yaml'), 'utf8').includes(Buffer.from(ctx.a.key).toString('base64')), 'the key is in the file');
});

t('no command prints the key: compile, --emit ir, --check, diff (text, markdown), explain, match, routes-test, validate', () => {
  const { dir, a, b } = ctx;
  assert.is(envoyc(dir, 'compile', 'a', '-o', 'a.yaml').status, 0);
  assert.is(envoyc(dir, 'compile', 'b', '-o', 'b.yaml').status, 0);
  const runs = [
    envoyc(dir, 'compile', 'a', '-o', 'out.yaml'),
    envoyc(dir, 'compile', 'a', '--emit', 'ir', '-o', '-'),
    envoyc(dir, 'compile', 'b', '-o', 'a.yaml', '--check'),
    envoyc(dir, 'diff', 'a', 'b'),
    envoyc(dir, 'diff', 'a', 'b', '--format', 'markdown'),
    envoyc(dir, 'diff', 'a.yaml', join(dir, 'b.yaml')),
    envoyc(dir, 'explain', 'a'),
    envoyc(dir, 'explain', 'a.yaml', '--json'),
    envoyc(dir, 'match', 'a', '--host', 'tls.example.com', '--path', '/', '--port', '8443'),
    envoyc(dir, 'match', join(dir, 'a.yaml'), '--host', 'tls.example.com', '--path', '/', '--json'),
    envoyc(dir, 'routes-test', 'routes-test.yaml', 'a'),
    envoyc(dir, 'validate', 'a.yaml'),
  ];
  for (const r of runs) assert.ok([0, 1, 3].includes(r.status), `${r.args.join(' ')}: ${r.out}`);
  assertNoKey(runs, a);
  assertNoKey(runs, b);
  const diff = runs[3]!.out;
  assert.match(diff, `${redactBase64(Buffer.from(a.key).toString('base64'))}" → "${redactBase64(Buffer.from(b.key).toString('base64'))}`);
  assert.match(runs[2]!.out, 'private_key.inline_bytes "<redacted sha256:');
});

/** A Backend presenting `client` to its upstream (upstream mTLS), trusting a CA from a ConfigMap. */
const UPSTREAM_MTLS = (ca: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: eg, namespace: default }
spec:
  gatewayClassName: eg
  listeners: [{ name: http, protocol: HTTP, port: 8080 }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: { name: web, namespace: default }
spec:
  parentRefs: [{name: eg}]
  rules:
    - backendRefs: [{ group: gateway.envoyproxy.io, kind: Backend, name: upstream, port: 8443 }]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: Backend
metadata: { name: upstream, namespace: default }
spec:
  endpoints: [{ ip: { address: 10.0.0.1, port: 8443 } }]
  tls:
    caCertificateRefs: [{ group: "", kind: ConfigMap, name: upstream-ca }]
    sni: upstream.internal
    clientCertificateRef: { name: client }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: upstream-ca, namespace: default }
data:
  ca.crt: ${JSON.stringify(ca)}
`;

t('upstream mTLS: the client key is in the 0600 bootstrap or its 0600 file, and no command prints it', () => {
  const { dir, a, b } = ctx;
  writeFileSync(join(dir, 'up-a.yaml'), `${UPSTREAM_MTLS(a.cert)}---\n${tlsSecret('client', a)}`);
  writeFileSync(join(dir, 'up-b.yaml'), `${UPSTREAM_MTLS(a.cert)}---\n${tlsSecret('client', b)}`);
  assert.is(envoyc(dir, 'compile', 'up-a.yaml', '-o', 'up.yaml').status, 0);
  assert.is(statSync(join(dir, 'up.yaml')).mode & 0o777, 0o600);
  const files = envoyc(dir, 'compile', 'up-a.yaml', '-o', 'up-files.yaml', '--secrets-dir', 'up-secrets', '--secrets-mount', '/run/envoy');
  assert.is(files.status, 0, files.out);
  assert.is(statSync(join(dir, 'up-secrets/default/client/tls.key')).mode & 0o777, 0o600);
  assert.match(readFileSync(join(dir, 'up-files.yaml'), 'utf8'), 'filename: /run/envoy/upstream/default-ca/ca.crt');
  const runs = [
    files,
    envoyc(dir, 'compile', 'up-a.yaml', '--emit', 'ir', '-o', '-'),
    envoyc(dir, 'diff', 'up-a.yaml', 'up-b.yaml'),
    envoyc(dir, 'explain', 'up-a.yaml'),
    envoyc(dir, 'compile', 'up-b.yaml', '-o', 'up.yaml', '--check'),
  ];
  for (const r of runs) assert.ok([0, 1, 3].includes(r.status), `${r.args.join(' ')}: ${r.out}`);
  assertNoKey(runs, a);
  assertNoKey(runs, b);
});

t('a malformed key in the inputs: the message, the code frame and JSON diagnostics show its redaction', () => {
  const { dir, a } = ctx;
  const b64 = Buffer.from(a.key).toString('base64');
  writeFileSync(join(dir, 'bad-secret.yaml'), tlsSecret('site-tls', a).replace(b64, `${b64}!!`));
  writeFileSync(join(dir, 'bad-pem.yaml'), tlsSecret('site-tls', a).replace(/tls\.key: .*/, `tls.key: {pem: ${JSON.stringify(a.key)}}`));
  const runs = [
    envoyc(dir, 'compile', 'a/config.yaml', 'bad-secret.yaml'),
    envoyc(dir, 'compile', 'a/config.yaml', 'bad-secret.yaml', '--diagnostics-format', 'json'),
    envoyc(dir, 'compile', 'a/config.yaml', 'bad-pem.yaml'),
    envoyc(dir, 'explain', 'a/config.yaml', 'bad-secret.yaml'),
  ];
  for (const r of runs) assert.is(r.status, 1, r.out);
  assertNoKey(runs, a);
  assert.match(runs[0]!.out, /tls\.key: <redacted sha256:[0-9a-f]{12}>/);
});

t('a bootstrap with an error at its inline key: validate shows the redaction, never the key (Envoy run too)', () => {
  const { dir, a } = ctx;
  const b64 = Buffer.from(a.key).toString('base64');
  const text = readFileSync(join(dir, 'a.yaml'), 'utf8').replace(
    /private_key:\n\s+inline_bytes: (\S+)/,
    (_m, v: string) => `private_key: {inline_bytes: ${v}, inline_string: ${JSON.stringify(a.key)}}`,
  );
  assert.ok(text.includes(b64));
  writeFileSync(join(dir, 'conflict.yaml'), text);
  const runs = [envoyc(dir, 'validate', 'conflict.yaml'), envoyc(dir, 'validate', 'conflict.yaml', '--no-envoy')];
  for (const r of runs) {
    assert.is(r.status, 1, r.out);
    assert.match(r.out, 'envoy_oneof_conflict');
  }
  assertNoKey(runs, a);
});

/** A Gateway with one route protected by basic auth and one by an API key, both from Secrets. */
function credentialInputs(htpasswd: string, apiKey: string, oidcSecret: string): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: default}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: default}
spec:
  parentRefs: [{name: eg}]
  hostnames: [web.example.com]
  rules: [{backendRefs: [{name: web, port: 8080}]}]
---
apiVersion: v1
kind: Secret
metadata: {name: users, namespace: default}
data: {.htpasswd: ${Buffer.from(htpasswd).toString('base64')}}
---
apiVersion: v1
kind: Secret
metadata: {name: keys, namespace: default}
stringData: {client: ${apiKey}}
---
apiVersion: v1
kind: Secret
metadata: {name: envoy-oidc-hmac, namespace: envoy-gateway-system}
stringData: {hmac-secret: hmac-${oidcSecret}}
---
apiVersion: v1
kind: Secret
metadata: {name: oidc, namespace: default}
stringData: {client-secret: client-${oidcSecret}}
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: auth, namespace: default}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]
  basicAuth: {users: {name: users}}
  apiKeyAuth:
    credentialRefs: [{name: keys}]
    extractFrom: [{headers: [x-api-key]}]
  oidc:
    provider: {issuer: https://idp.example.com, authorizationEndpoint: https://idp.example.com/a, tokenEndpoint: https://idp.example.com/t}
    clientID: web
    clientSecret: {name: oidc}
`;
}

t('SecurityPolicy credentials (an htpasswd file, API keys, an OIDC client secret and HMAC key) are never printed; the bootstrap holding them is 0600', () => {
  const sha = (pw: string) => createHash('sha1').update(pw).digest('base64');
  const [htA, htB] = [`alice:{SHA}${sha('first')}\n`, `alice:{SHA}${sha('second')}\n`];
  const [keyA, keyB] = ['api-key-one-8c1f0e9d', 'api-key-two-5b7a2c4e'];
  const [oidcA, oidcB] = ['oidc-3e8d1a7c', 'oidc-9f2b6c0d'];
  const w = writeTree({ 'c/config.yaml': credentialInputs(htA, keyA, oidcA), 'd/config.yaml': credentialInputs(htB, keyB, oidcB) });
  cleanups.push(w.cleanup);
  const dir = w.dir;
  assert.is(envoyc(dir, 'compile', 'c', '-o', 'c.yaml').status, 0);
  assert.is(envoyc(dir, 'compile', 'd', '-o', 'd.yaml').status, 0);
  assert.is(statSync(join(dir, 'c.yaml')).mode & 0o777, 0o600);
  assert.ok(readFileSync(join(dir, 'c.yaml'), 'utf8').includes(keyA), 'the key is in the bootstrap');
  const runs = [
    envoyc(dir, 'compile', 'c', '--emit', 'ir', '-o', '-'),
    envoyc(dir, 'compile', 'd', '-o', 'c.yaml', '--check'),
    envoyc(dir, 'diff', 'c', 'd'),
    envoyc(dir, 'diff', 'c', 'd', '--format', 'markdown'),
    envoyc(dir, 'diff', 'c.yaml', join(dir, 'd.yaml')),
    envoyc(dir, 'explain', 'c'),
    envoyc(dir, 'explain', 'c.yaml', '--json'),
    envoyc(dir, 'validate', 'c.yaml'),
  ];
  for (const r of runs) assert.ok([0, 1, 3].includes(r.status), `${r.args.join(' ')}: ${r.out}`);
  const oidcValues = [oidcA, oidcB].flatMap((v) => [`client-${v}`, `hmac-${v}`]);
  const secrets = [
    keyA,
    keyB,
    sha('first'),
    sha('second'),
    ...[htA, htB].map((h) => Buffer.from(h).toString('base64')),
    ...oidcValues,
    ...oidcValues.map((v) => Buffer.from(v).toString('base64')),
  ];
  for (const r of runs) {
    const leaked = secrets.find((f) => r.out.includes(f));
    assert.is(leaked, undefined, `envoyc ${r.args.join(' ')} printed a credential`);
  }
  assert.match(runs[2]!.out, '<redacted sha256:', 'a credential change shows as a change of fingerprint');
});

t.run();
