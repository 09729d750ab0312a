/**
 * `--secrets-dir`, the documented way of examples/docker-compose, on a real Envoy: the example's
 * Gateway with the Secret its make-demo-secret.sh writes, compiled with the key in a 0600 file
 * that the bootstrap only names. The container mount is a symbolic link here (`--secrets-mount`
 * points at it), and Envoy serves HTTPS on loopback with that certificate.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { send } from './client';
import { onCleanup, setup, startBackend, useCleanup, type Backend } from './harness';
import { startScenario, type Scenario } from './scenario';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'docker-compose');

interface Ctx {
  s: Scenario;
  cert: string;
  key: string;
  secrets: string;
  web: Backend;
  api: Backend;
}
const t = suite<Ctx>('e2e: --secrets-dir');
useCleanup(t);

setup(t, async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-secrets-dir-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(EXAMPLE, join(dir, 'example'), { recursive: true });
  execFileSync(join(dir, 'example', 'make-demo-secret.sh'), { stdio: 'ignore' });
  const secretYaml = readFileSync(join(dir, 'example', 'tls', 'edge-tls.yaml'), 'utf8');
  const secret = parse(secretYaml) as { stringData: Record<string, string> };
  ctx.cert = secret.stringData['tls.crt']!;
  ctx.key = secret.stringData['tls.key']!;
  ctx.secrets = join(dir, 'host-secrets');
  // What a bind mount does in compose: another path to the same directory.
  symlinkSync(ctx.secrets, join(dir, 'mnt'));
  [ctx.web, ctx.api] = await Promise.all([startBackend({ name: 'web' }), startBackend({ name: 'api' })]);
  const gateway = join(dir, 'example', 'gateway');
  ctx.s = await startScenario({
    name: 'secrets-dir',
    yaml: [...['gateway.yaml', 'envoyproxy.yaml', 'routes.yaml'].map((f) => readFileSync(join(gateway, f), 'utf8')), secretYaml],
    services: { web: [ctx.web.port], api: [ctx.api.port] },
    args: ['--secrets-dir', ctx.secrets, '--secrets-mount', join(dir, 'mnt')],
  });
});

t('the bootstrap names the files and holds no key material', (ctx) => {
  const text = JSON.stringify(ctx.s.bootstrap);
  assert.not.ok(text.includes('PRIVATE KEY'));
  assert.not.ok(text.includes(Buffer.from(ctx.key).toString('base64').slice(0, 40)));
  const tls = ctx.s.bootstrap.static_resources.secrets[0].tls_certificate;
  assert.match(tls.private_key.filename, /\/mnt\/default\/edge-tls\/tls\.key$/);
  assert.match(tls.certificate_chain.filename, /\/mnt\/default\/edge-tls\/tls\.crt$/);
});

t('each certificate and key is its own 0600 file', (ctx) => {
  for (const f of ['tls.crt', 'tls.key']) {
    const path = join(ctx.secrets, 'default', 'edge-tls', f);
    assert.is(statSync(path).mode & 0o777, 0o600, f);
  }
  assert.is(readFileSync(join(ctx.secrets, 'default', 'edge-tls', 'tls.key'), 'utf8'), ctx.key);
});

t('Envoy serves HTTPS with the certificate from the file, and routes as the example says', async (ctx) => {
  const r = await send({ port: ctx.s.port('https'), host: 'localhost', path: '/', tls: { ca: ctx.cert } });
  assert.is(r.status, 200);
  assert.is(r.json().backend, 'web');
  assert.is(r.peerCertificate?.fingerprint256, new X509Certificate(ctx.cert).fingerprint256);
  const api = await send({ port: ctx.s.port('https'), host: 'localhost', path: '/api/hello', tls: { ca: ctx.cert } });
  assert.is(api.status, 200);
  assert.is(api.json().backend, 'api');
  assert.is(api.json().path, '/hello');
});

t.run();
