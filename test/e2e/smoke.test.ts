/**
 * Smoke test: the quickstart example, compiled by the CLI and served by a real Envoy, routes each
 * request to the right backend. The inputs are copied to a temp dir with two run-time changes:
 * the Gateway listener listens on a free port, and each Service gets an EndpointSlice pointing
 * at a loopback backend (Service + EndpointSlice -> static endpoints), so nothing needs DNS.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments, stringify } from 'yaml';
import { freePort, onCleanup, request, setup, startBackend, startEnvoy, useCleanup, type Backend, type EchoBody, type EnvoyProcess } from './harness';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'quickstart');
const CLI = join(ROOT, 'dist', 'cli.js');

interface Ctx {
  port: number;
  envoy: EnvoyProcess;
  backends: Map<string, Backend>;
}
const t = suite<Ctx>('e2e: quickstart');
useCleanup(t);

/** The example's inputs: its config/ folder if it has one, else its YAML files except envoy.yaml. */
function copyInputs(to: string): void {
  const config = join(EXAMPLE, 'config');
  if (existsSync(config)) return cpSync(config, to, { recursive: true });
  for (const f of readdirSync(EXAMPLE).filter((n) => /\.ya?ml$/.test(n) && n !== 'envoy.yaml')) cpSync(join(EXAMPLE, f), join(to, f));
}

/** Rewrites every Gateway listener port in the YAML files under `dir`; returns the Services found. */
function retarget(dir: string, listenerPort: number): { name: string; namespace: string; portName?: string }[] {
  const services: { name: string; namespace: string; portName?: string }[] = [];
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    if (!/\.ya?ml$/.test(f)) continue;
    const path = join(dir, f);
    const docs = parseAllDocuments(readFileSync(path, 'utf8'));
    for (const doc of docs) {
      const obj = doc.toJS() as any;
      if (obj?.kind === 'Gateway') for (const [i] of (obj.spec?.listeners ?? []).entries()) doc.setIn(['spec', 'listeners', i, 'port'], listenerPort);
      if (obj?.kind === 'Service')
        services.push({ name: obj.metadata.name, namespace: obj.metadata.namespace ?? 'default', portName: obj.spec?.ports?.[0]?.name });
    }
    writeFileSync(path, docs.map((d) => d.toString()).join('---\n'));
  }
  return services;
}

function endpointSlice(svc: { name: string; namespace: string; portName?: string }, port: number): string {
  return stringify({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${svc.name}-loopback`, namespace: svc.namespace, labels: { 'kubernetes.io/service-name': svc.name } },
    addressType: 'IPv4',
    ports: [{ ...(svc.portName ? { name: svc.portName } : {}), port, protocol: 'TCP' }],
    endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
  });
}

setup(t, async (ctx) => {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-smoke-'));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const inputs = join(dir, 'in');
  copyInputs(inputs);
  ctx.port = await freePort();
  const services = retarget(inputs, ctx.port);
  ctx.backends = new Map();
  const slices: string[] = [];
  for (const svc of services) {
    const b = await startBackend({ name: svc.name });
    ctx.backends.set(svc.name, b);
    slices.push(endpointSlice(svc, b.port));
  }
  writeFileSync(join(inputs, 'zz-loopback-endpointslices.yaml'), slices.join('---\n'));

  const adminPort = await freePort();
  const out = join(dir, 'envoy.yaml');
  execFileSync(process.execPath, [CLI, 'compile', inputs, '-o', out, '--admin-address', `127.0.0.1:${adminPort}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  });
  ctx.envoy = await startEnvoy(readFileSync(out, 'utf8'), { adminPort });
});

/** examples/quickstart/config/routes.yaml: a.example.com -> app-a; b.example.com -> app-b, with its own rule for /api. */
const ROUTED = [
  { host: 'a.example.com', path: '/', backend: 'app-a', cluster: 'httproute/default/app-a/rule/0' },
  { host: 'a.example.com', path: '/anything/below', backend: 'app-a', cluster: 'httproute/default/app-a/rule/0' },
  { host: 'b.example.com', path: '/', backend: 'app-b', cluster: 'httproute/default/app-b/rule/0' },
  { host: 'b.example.com:8080', path: '/api/users', backend: 'app-b', cluster: 'httproute/default/app-b/rule/1' },
];

for (const row of ROUTED) {
  t(`${row.host}${row.path} reaches ${row.backend} through ${row.cluster}`, async (ctx) => {
    const backend = ctx.backends.get(row.backend)!;
    const before = backend.count;
    const r = await request({ port: ctx.port, host: row.host, path: row.path, headers: { 'x-smoke': row.path } });
    assert.is(r.status, 200, r.body);
    const body = r.json<EchoBody>();
    assert.is(body.backend, row.backend);
    assert.is(body.path, row.path);
    assert.is(body.host, row.host);
    assert.is(body.headers['x-smoke'], row.path);
    assert.is(backend.count, before + 1, 'the backend counted exactly one more request');
    const stats = await ctx.envoy.stats();
    assert.ok((stats[`cluster.${row.cluster}.upstream_rq_total`] ?? 0) >= 1, `no upstream request counted on cluster ${row.cluster}`);
  });
}

t('an unmatched host gets 404 and reaches no backend', async (ctx) => {
  const counts = [...ctx.backends.values()].map((b) => b.count);
  const r = await request({ port: ctx.port, host: 'nobody.example.com', path: '/' });
  assert.is(r.status, 404);
  assert.equal(
    [...ctx.backends.values()].map((b) => b.count),
    counts,
  );
});

t('every cluster is known to Envoy, with the loopback backend as its endpoint', async (ctx) => {
  const clusters = (await ctx.envoy.clusters()).cluster_statuses as {
    name: string;
    host_statuses?: { address: { socket_address: { address: string; port_value: number } } }[];
  }[];
  const ports = new Set([...ctx.backends.values()].map((b) => b.port));
  for (const row of ROUTED) {
    const c = clusters.find((x) => x.name === row.cluster);
    assert.ok(c, `cluster ${row.cluster} missing from /clusters`);
    const addr = c.host_statuses?.[0]?.address.socket_address;
    assert.is(addr?.address, '127.0.0.1');
    assert.ok(addr && ports.has(addr.port_value), `cluster ${row.cluster} points at ${addr?.port_value}, not a backend`);
  }
});

t.run();
