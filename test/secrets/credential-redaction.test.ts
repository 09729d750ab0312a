/**
 * A credential an HTTPRouteFilter injects is secret material like a key: the bootstrap holding it
 * is written 0600, no command prints it (as in the Secret, or base64 as in the bootstrap), and a
 * changed credential shows in a diff as a change of fingerprint.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { redactBase64 } from '../../compiler/secrets';
import { CLI, writeTree } from '../review/fixture';

const t = suite('secrets: injected credentials');
const cleanups: (() => void)[] = [];
t.after(() => cleanups.forEach((c) => c()));

const config = (credential: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: eg, namespace: default}
spec:
  gatewayClassName: eg
  listeners: [{name: http, protocol: HTTP, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: api, namespace: default}
spec:
  parentRefs: [{name: eg}]
  rules:
    - filters:
        - type: ExtensionRef
          extensionRef: {group: gateway.envoyproxy.io, kind: HTTPRouteFilter, name: token}
      backendRefs: [{name: api, port: 8080}]
---
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: HTTPRouteFilter
metadata: {name: token, namespace: default}
spec:
  credentialInjection:
    credential:
      valueRef: {name: api-token}
---
apiVersion: v1
kind: Secret
metadata: {name: api-token, namespace: default}
stringData:
  credential: "${credential}"
`;

function envoyc(cwd: string, ...args: string[]): { args: string[]; status: number; out: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { args, status: r.status ?? -1, out: `${r.stdout}\n${r.stderr}` };
}

t('the bootstrap holding a credential is 0600; no command prints the credential; a diff shows its fingerprints', () => {
  const a = `Bearer ${randomBytes(24).toString('hex')}`;
  const b = `Bearer ${randomBytes(24).toString('hex')}`;
  const w = writeTree({ 'a/config.yaml': config(a), 'b/config.yaml': config(b) });
  cleanups.push(w.cleanup);
  const dir = w.dir;
  assert.is(envoyc(dir, 'compile', 'a', '-o', 'a.yaml').status, 0);
  assert.is(envoyc(dir, 'compile', 'b', '-o', 'b.yaml').status, 0);
  assert.is(statSync(join(dir, 'a.yaml')).mode & 0o777, 0o600);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  assert.ok(readFileSync(join(dir, 'a.yaml'), 'utf8').includes(b64(a)), 'the credential is in the bootstrap');
  const runs = [
    envoyc(dir, 'compile', 'a', '-o', 'out.yaml'),
    envoyc(dir, 'compile', 'a', '--emit', 'ir', '-o', '-'),
    envoyc(dir, 'compile', 'b', '-o', 'a.yaml', '--check'),
    envoyc(dir, 'diff', 'a', 'b'),
    envoyc(dir, 'diff', 'a', 'b', '--format', 'markdown'),
    envoyc(dir, 'diff', 'a.yaml', 'b.yaml'),
    envoyc(dir, 'explain', 'a'),
    envoyc(dir, 'explain', 'a.yaml', '--json'),
    envoyc(dir, 'match', 'a', '--host', 'x', '--path', '/'),
    envoyc(dir, 'validate', 'a.yaml'),
  ];
  for (const r of runs) {
    assert.ok([0, 1, 3].includes(r.status), `${r.args.join(' ')}: ${r.out}`);
    for (const secret of [a, b, b64(a), b64(b), a.slice(7, 31), b.slice(7, 31)])
      assert.not.ok(r.out.includes(secret), `envoyc ${r.args.join(' ')} printed the credential`);
  }
  assert.match(runs[3]!.out, `${redactBase64(b64(a))}" → "${redactBase64(b64(b))}`);
});

t.run();
