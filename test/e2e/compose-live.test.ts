/**
 * The docker-compose example's live mode, without Docker: the commands compose.live.yaml gives its
 * `envoyc` and `envoy` services run as they are, in a copy of the example, with the real Envoy
 * binary and the same working directories (the example folder for envoyc, the folder xds/ is
 * mounted under for Envoy). Run-time changes, as for the other examples: the Gateway's port is a
 * free one, web and api are loopback backends (Service + EndpointSlice instead of compose DNS),
 * Envoy's admin port is a free one and every listener binds 127.0.0.1.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { freePort, onCleanup, request, setup, startBackend, startEnvoy, useCleanup, waitFor } from './harness';
import { editFile, startWatch, type WatchProcess } from './watch';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'docker-compose');

interface Ctx {
  dir: string;
  port: number;
  watch: WatchProcess;
}

const t = suite<Ctx>('e2e: docker-compose example, live mode');
useCleanup(t);

interface Service {
  command: string[];
  working_dir: string;
  volumes?: string[];
}

const loopbackService = (name: string, port: number) => `
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: default }
spec: { ports: [{ port: 8080, protocol: TCP }] }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: ${name}-loopback, namespace: default, labels: { kubernetes.io/service-name: ${name} } }
addressType: IPv4
ports: [{ port: ${port}, protocol: TCP }]
endpoints: [{ addresses: [127.0.0.1], conditions: { ready: true } }]
`;

setup(t, async (ctx) => {
  const compose = parse(readFileSync(join(EXAMPLE, 'compose.live.yaml'), 'utf8')) as { services: Record<string, Service> };
  const envoyc = compose.services.envoyc!;
  const envoy = compose.services.envoy!;
  // envoyc runs in the example folder (mounted at its working_dir); Envoy in the folder its xds/ mount sits in.
  assert.ok(envoyc.volumes?.includes(`.:${envoyc.working_dir}`), 'envoyc works in the example folder');
  assert.ok(
    envoy.volumes?.some((v) => v.startsWith(`./xds:${envoy.working_dir}/xds`)),
    'Envoy finds xds/ under its working directory',
  );
  const [node, cli, ...watchArgs] = envoyc.command;
  assert.equal([node, cli, watchArgs[0]], ['node', '/envoyc/dist/cli.js', 'watch']);
  const [envoyBin, flag, bootstrap] = envoy.command;
  assert.equal([envoyBin, flag], ['envoy', '-c']);

  ctx.dir = mkdtempSync(join(tmpdir(), 'envoyc-compose-live-'));
  onCleanup(() => rmSync(ctx.dir, { recursive: true, force: true }));
  cpSync(join(EXAMPLE, 'gateway'), join(ctx.dir, 'gateway'), { recursive: true });
  cpSync(join(EXAMPLE, 'xds'), join(ctx.dir, 'xds'), { recursive: true });
  ctx.port = await freePort();
  const gateway = join(ctx.dir, 'gateway', 'gateway.yaml');
  writeFileSync(gateway, readFileSync(gateway, 'utf8').replace('port: 8080', `port: ${ctx.port}`));
  const web = await startBackend({ name: 'web' });
  const api = await startBackend({ name: 'api' });
  writeFileSync(join(ctx.dir, 'gateway', 'zz-loopback.yaml'), [loopbackService('web', web.port), loopbackService('api', api.port)].join('---\n'));

  const adminPort = await freePort();
  ctx.watch = startWatch([...watchArgs.slice(1), '--listener-address', '127.0.0.1', '--admin-address', `127.0.0.1:${adminPort}`], ctx.dir);
  await ctx.watch.waitFor(/#1 applied/);
  await startEnvoy(readFileSync(join(ctx.dir, bootstrap!), 'utf8'), { adminPort, cwd: ctx.dir });
});

t('the running Envoy routes as gateway/ says, and follows an edit of a route', async (ctx) => {
  const web = await request({ port: ctx.port, path: '/' });
  assert.equal([web.status, web.headers['x-backend']], [200, 'web']);
  const api = await request({ port: ctx.port, path: '/api/hello' });
  assert.equal([api.status, api.headers['x-backend'], api.json().path], [200, 'api', '/hello']);

  // The edit the example's README suggests: /api goes to web.
  const routes = join(ctx.dir, 'gateway', 'routes.yaml');
  const text = readFileSync(routes, 'utf8');
  const at = text.indexOf('name: api\n  namespace');
  editFile(routes, text.slice(0, at) + text.slice(at).replace('- name: api', '- name: web'), 'rename');
  await waitFor('/api to reach web', async () => (await request({ port: ctx.port, path: '/api/hello', timeoutMs: 1_000 })).headers['x-backend'] === 'web', {
    timeoutMs: 5_000,
  });
  assert.is((await request({ port: ctx.port, path: '/api/hello' })).json().path, '/hello', 'the prefix is still stripped');
  assert.is(await ctx.watch.stop('SIGTERM'), 0);
});

t.run();
