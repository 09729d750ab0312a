/**
 * The docker-compose example's live mode, without Docker: the commands compose.live.yaml gives its
 * `envoyc` and `envoy` services run as they are, in a copy of the example (with the Secret its
 * make-demo-secret.sh writes), with the real Envoy binary and the same working directories (the
 * example folder for envoyc, the folder xds/ is mounted under for Envoy). Run-time changes, as for
 * the other examples: the Gateway's ports are free ones, web and api are loopback backends (Service
 * + EndpointSlice instead of compose DNS), Envoy's admin port is a free one, every listener binds
 * 127.0.0.1, and the secrets mount is a symbolic link to secrets/ (`--secrets-mount` points at it).
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { send } from './client';
import { freePort, onCleanup, request, setup, startBackend, startEnvoy, useCleanup, waitFor } from './harness';
import { editFile, startWatch, type WatchProcess } from './watch';

const EXAMPLE = join(__dirname, '..', '..', '..', 'examples', 'docker-compose');

interface Ctx {
  dir: string;
  port: number;
  httpsPort: number;
  /** The certificate make-demo-secret.sh made (PEM). */
  cert: string;
  watch: WatchProcess;
}

const t = suite<Ctx>('e2e: docker-compose example, live mode');
useCleanup(t);

interface Service {
  command: string[];
  user?: string;
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
  assert.match(envoyc.user ?? '', /^\$\{ENVOY_UID\b/, 'envoyc writes the 0600 key files as the uid Envoy runs as');
  const [node, cli, ...watchArgs] = envoyc.command;
  assert.equal([node, cli, watchArgs[0]], ['node', '/envoyc/dist/cli.js', 'watch']);
  const [envoyBin, flag, bootstrap] = envoy.command;
  assert.equal([envoyBin, flag], ['envoy', '-c']);

  ctx.dir = mkdtempSync(join(tmpdir(), 'envoyc-compose-live-'));
  onCleanup(() => rmSync(ctx.dir, { recursive: true, force: true }));
  for (const entry of ['gateway', 'xds', 'make-demo-secret.sh']) cpSync(join(EXAMPLE, entry), join(ctx.dir, entry), { recursive: true });
  execFileSync(join(ctx.dir, 'make-demo-secret.sh'), { stdio: 'ignore' });
  ctx.cert = (parse(readFileSync(join(ctx.dir, 'tls', 'edge-tls.yaml'), 'utf8')) as { stringData: Record<string, string> }).stringData['tls.crt']!;
  [ctx.port, ctx.httpsPort] = [await freePort(), await freePort()];
  const gateway = join(ctx.dir, 'gateway', 'gateway.yaml');
  writeFileSync(gateway, readFileSync(gateway, 'utf8').replace('port: 8080', `port: ${ctx.port}`).replace('port: 8443', `port: ${ctx.httpsPort}`));
  const web = await startBackend({ name: 'web' });
  const api = await startBackend({ name: 'api' });
  writeFileSync(join(ctx.dir, 'gateway', 'zz-loopback.yaml'), [loopbackService('web', web.port), loopbackService('api', api.port)].join('---\n'));

  // compose mounts the secrets directory envoyc writes where --secrets-mount says Envoy finds it; here a link does.
  const args = watchArgs.slice(1);
  const mount = args.indexOf('--secrets-mount') + 1;
  const secretsDir = args[args.indexOf('--secrets-dir') + 1]!;
  assert.ok(
    mount > 0 && envoy.volumes?.includes(`./${secretsDir.replace(/\/$/, '')}:${args[mount]}:ro`),
    'Envoy sees the secrets directory at --secrets-mount',
  );
  symlinkSync(join(ctx.dir, secretsDir), join(ctx.dir, 'mnt'));
  args[mount] = join(ctx.dir, 'mnt');
  const adminPort = await freePort();
  ctx.watch = startWatch([...args, '--listener-address', '127.0.0.1', '--admin-address', `127.0.0.1:${adminPort}`], ctx.dir);
  await ctx.watch.waitFor(/#1 applied/);
  await startEnvoy(readFileSync(join(ctx.dir, bootstrap!), 'utf8'), { adminPort, cwd: ctx.dir });
});

t('watch writes the key files of --secrets-dir (0600), and the running Envoy serves HTTPS with them', async (ctx) => {
  for (const f of ['tls.crt', 'tls.key']) assert.is(statSync(join(ctx.dir, 'secrets', 'default', 'edge-tls', f)).mode & 0o777, 0o600, f);
  assert.not.match(readFileSync(join(ctx.dir, 'xds', 'sds-default_edge-tls.yaml'), 'utf8'), 'PRIVATE KEY', 'the xDS directory only names the key');
  assert.not.match(ctx.watch.output(), 'PRIVATE KEY');
  const r = await send({ port: ctx.httpsPort, host: 'localhost', path: '/', tls: { ca: ctx.cert } });
  assert.equal([r.status, r.headers['x-backend']], [200, 'web']);
  assert.is(r.peerCertificate?.fingerprint256, new X509Certificate(ctx.cert).fingerprint256);
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
  const mark = ctx.watch.output().length;
  editFile(routes, text.slice(0, at) + text.slice(at).replace('- name: api', '- name: web'), 'rename');
  await ctx.watch.waitFor(/#\d+ applied/, mark);
  await waitFor('/api to reach web', async () => (await request({ port: ctx.port, path: '/api/hello', timeoutMs: 1_000 })).headers['x-backend'] === 'web', {
    timeoutMs: 10_000,
  });
  assert.is((await request({ port: ctx.port, path: '/api/hello' })).json().path, '/hello', 'the prefix is still stripped');
});

t('a new Secret in tls/ is written to the key files, and the running Envoy serves it on the next handshakes', async (ctx) => {
  const mark = ctx.watch.output().length;
  execFileSync(join(ctx.dir, 'make-demo-secret.sh'), { stdio: 'ignore' });
  const cert = (parse(readFileSync(join(ctx.dir, 'tls', 'edge-tls.yaml'), 'utf8')) as { stringData: Record<string, string> }).stringData['tls.crt']!;
  assert.is.not(cert, ctx.cert, 'make-demo-secret.sh made a new certificate');
  await ctx.watch.waitFor(/#\d+ applied/, mark);
  const fingerprint = new X509Certificate(cert).fingerprint256;
  await waitFor(
    'Envoy to serve the new certificate',
    async () => {
      const r = await send({ port: ctx.httpsPort, host: 'localhost', path: '/', tls: { ca: cert }, timeoutMs: 1_000 }).catch(() => undefined);
      return r?.peerCertificate?.fingerprint256 === fingerprint;
    },
    { timeoutMs: 10_000 },
  );
  assert.not.match(ctx.watch.output(), 'PRIVATE KEY');
  assert.is(await ctx.watch.stop('SIGTERM'), 0);
});

t.run();
