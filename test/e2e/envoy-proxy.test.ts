/**
 * EnvoyProxy on a real Envoy: the Gateway's own EnvoyProxy (infrastructure.parametersRef) writes an
 * access log file with one JSON line per request in the configured fields, and a request its CEL
 * match leaves out gets none.
 */
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startBackend, onCleanup, setup, useCleanup, waitFor, type Backend } from './harness';
import { send } from './client';
import { GATEWAY, httpRoute, startScenario, type Scenario } from './scenario';

interface Ctx {
  s: Scenario;
  app: Backend;
  logFile: string;
}
const t = suite<Ctx>('e2e: EnvoyProxy');
useCleanup(t);

/** The scenario's Gateway, with its own EnvoyProxy. */
const gateway = GATEWAY.replace(
  '  listeners:',
  '  infrastructure:\n    parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: logs}\n  listeners:',
);

const envoyProxy = (path: string) => `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: EnvoyProxy
metadata:
  name: logs
  namespace: default
spec:
  telemetry:
    accessLog:
      settings:
        - format:
            type: JSON
            json:
              method: "%REQ(:METHOD)%"
              path: "%REQ(:PATH)%"
              status: "%RESPONSE_CODE%"
          matches:
            - "!request.path.startsWith('/skip')"
          sinks:
            - type: File
              file: {path: ${JSON.stringify(path)}}
`;

setup(t, async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-e2e-access-log-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  ctx.logFile = join(dir, 'access.log');
  ctx.app = await startBackend({ name: 'app' });
  ctx.s = await startScenario({
    name: 'envoy-proxy',
    yaml: [gateway, envoyProxy(ctx.logFile), httpRoute('web', null, '- backendRefs: [{name: app, port: 8080}]')],
    services: { app: [ctx.app.port] },
  });
});

const lines = (file: string): string[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];

t('access log: one JSON line per request in the configured fields; a request the CEL match leaves out has none', async (ctx) => {
  for (const path of ['/first', '/skip/me', '/second']) assert.is((await send({ port: ctx.s.port(), path })).status, 200, path);
  // Envoy flushes log files on a timer, in request order: once /second is there, /skip/me would be too.
  await waitFor('the access log line of /second', () => lines(ctx.logFile).some((l) => l.includes('/second')));
  const entries = lines(ctx.logFile).map((l) => JSON.parse(l));
  assert.equal(entries, [
    { method: 'GET', path: '/first', status: 200 },
    { method: 'GET', path: '/second', status: 200 },
  ]);
});

t('access log: the default stdout log is replaced, not added to', (ctx) => {
  assert.equal(ctx.s.accessLog(), []);
});

t.run();
