/**
 * `--secrets-dir`: one 0600 file per certificate and key, a bootstrap that only names them, the
 * files of a Secret no Gateway uses any more removed (and nothing envoyc did not write), and
 * `--check` comparing them without showing them.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { makeCertificate, tlsSecret } from '../e2e/backends/tls';
import { envoyc, writeTree } from '../review/fixture';

const t = suite('secrets: --secrets-dir');
const cleanups: (() => void)[] = [];
t.after(() => cleanups.forEach((c) => c()));

const gateway = (secrets: string[]) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: eg
  namespace: default
spec:
  gatewayClassName: eg
  listeners:
${secrets
  .map(
    (s, i) => `    - name: https-${i}
      protocol: HTTPS
      port: ${8443 + i}
      tls:
        certificateRefs: [{name: ${s}}]
`,
  )
  .join('')}`;

t('files 0600, a bootstrap without keys, stale files removed, --check compares without printing', () => {
  const one = makeCertificate('one.example.com', ['one.example.com']);
  const two = makeCertificate('two.example.com', ['two.example.com']);
  const w = writeTree({ 'in/gw.yaml': gateway(['one', 'two']), 'in/one.yaml': tlsSecret('one', one), 'in/two.yaml': tlsSecret('two', two) });
  cleanups.push(w.cleanup);
  const dir = w.dir;
  const args = ['compile', 'in', '-o', 'envoy.yaml', '--secrets-dir', 'secrets', '--secrets-mount', '/run/envoy'];
  const first = envoyc(dir, ...args);
  assert.is(first.status, 0, first.stderr);
  const bootstrap = readFileSync(join(dir, 'envoy.yaml'), 'utf8');
  assert.not.ok(bootstrap.includes('inline_bytes'), 'nothing inline');
  assert.match(bootstrap, 'filename: /run/envoy/default/one/tls.key');
  assert.is(statSync(join(dir, 'envoy.yaml')).mode & 0o777, 0o644 & ~process.umask(), 'no key inside: an ordinary mode');
  for (const f of ['default/one/tls.crt', 'default/one/tls.key', 'default/two/tls.crt', 'default/two/tls.key'])
    assert.is(statSync(join(dir, 'secrets', f)).mode & 0o777, 0o600, f);
  assert.is(readFileSync(join(dir, 'secrets/default/two/tls.key'), 'utf8'), two.key);
  writeFileSync(join(dir, 'secrets/default/two/mine.txt'), 'not envoyc');
  // A manifest edited to point outside the directory is never followed.
  writeFileSync(join(dir, 'victim'), 'keep');
  const manifest = join(dir, 'secrets/.envoyc-secrets');
  writeFileSync(manifest, `${readFileSync(manifest, 'utf8')}../victim\n/etc/hostname\n`);

  // Secret two is no longer used; secret one rotates.
  const rotated = makeCertificate('one.example.com', ['one.example.com']);
  writeFileSync(join(dir, 'in/gw.yaml'), gateway(['one']));
  writeFileSync(join(dir, 'in/one.yaml'), tlsSecret('one', rotated));
  const check = envoyc(dir, ...args, '--check');
  assert.is(check.status, 3);
  assert.match(check.stderr, 'secrets/default/one/tls.key is stale: it differs from what the inputs compile to\n  secret material: not shown');
  assert.match(check.stderr, 'secrets/default/two/tls.key is stale: envoyc generated it');
  assert.not.ok(check.stderr.includes(rotated.key.split('\n')[1]!) || check.stderr.includes(one.key.split('\n')[1]!));
  assert.is(envoyc(dir, ...args).status, 0);
  assert.is(readFileSync(join(dir, 'secrets/default/one/tls.key'), 'utf8'), rotated.key);
  assert.not.ok(existsSync(join(dir, 'secrets/default/two/tls.key')));
  assert.not.ok(existsSync(join(dir, 'secrets/default/two/tls.crt')));
  assert.ok(existsSync(join(dir, 'secrets/default/two/mine.txt')), 'a file envoyc did not write stays');
  assert.is(readFileSync(join(dir, 'victim'), 'utf8'), 'keep');
  assert.is(envoyc(dir, ...args, '--check').status, 0);
});

t('--secrets-dir needs to know where Envoy finds it', () => {
  const w = writeTree({ 'in/gw.yaml': gateway([]) });
  cleanups.push(w.cleanup);
  const rel = envoyc(w.dir, 'compile', 'in', '--secrets-dir', 'secrets');
  assert.is(rel.status, 2);
  assert.match(rel.stderr, '--secrets-dir secrets is relative: say where Envoy finds it with --secrets-mount');
  assert.is(envoyc(w.dir, 'compile', 'in', '--secrets-mount', '/x').status, 2);
  assert.is(envoyc(w.dir, 'compile', 'in', '--secrets-dir', 's', '--secrets-mount', 'x').status, 2);
});

t.run();
