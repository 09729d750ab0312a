/**
 * "Compile these inputs and run them": a scenario is Gateway API + Envoy Gateway YAML as a user
 * writes it, compiled by the envoyc CLI and served by a real Envoy, with three run-time changes:
 *
 *  - every Gateway (and ListenerSet) listener port is replaced by a free port (listeners that shared a port still
 *    share one; `scenario.port(nameOrPort)` gives it; `spec.tls.frontend.perPort` follows), and the
 *    admin listener gets a free port;
 *  - each Service named in `services` gets a Service object (unless the YAML has one) and one
 *    EndpointSlice per endpoint pointing at a loopback port (Service + EndpointSlice -> static
 *    endpoints, so nothing needs DNS);
 *  - the compiled listeners bind 127.0.0.1 instead of 0.0.0.0 (loopback only).
 *
 *   const s = await startScenario({ name: 'lb', yaml: `...`, services: { app: [a.port, b.port] } });
 *   await send({ port: s.port(), host: 'lb.example.com' });
 *   await s.clusterStat('httproute/default/web/rule/0', 'upstream_rq_total');
 *
 * `mutate` edits the compiled bootstrap before Envoy sees it: for checking by hand that a test
 * fails when a translation is broken, never in committed tests.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { freePort, onCleanup, startEnvoy, waitFor, type EnvoyProcess, type StartEnvoyOptions } from './harness';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

export interface EndpointSpec {
  port: number;
  /** Default 127.0.0.1. */
  address?: string;
  /** EndpointSlice `conditions.ready`; default true. */
  ready?: boolean;
  zone?: string;
}

export interface ServiceSpec {
  /** The Service port the routes' backendRefs name; default 8080. */
  port?: number;
  appProtocol?: string;
  endpoints: (EndpointSpec | number)[];
}

export interface ScenarioOptions {
  name: string;
  /** Gateway API + Envoy Gateway documents (one string, `---`-separated, or several). */
  yaml: string | string[];
  /** Services the routes use, `name` or `namespace/name`: their endpoints on loopback. */
  services?: Record<string, ServiceSpec | (EndpointSpec | number)[]>;
  /** Extra `envoyc compile` arguments. */
  args?: string[];
  envoy?: StartEnvoyOptions;
  /** Start Envoy with the flags `envoyc compile` printed for the Gateway's EnvoyProxy (instead of the harness's). */
  printedFlags?: boolean;
  /** Changes the compiled bootstrap (parsed) before Envoy starts; by-hand checks only. */
  mutate?: (bootstrap: any) => void;
}

export interface HostStatus {
  address: string;
  port: number;
  /** Health flags as /clusters?format=json reports them (e.g. failed_active_health_check, failed_outlier_check); empty when healthy. */
  flags: string[];
  healthy: boolean;
  stats: Record<string, number>;
}

export interface AccessLogEntry {
  response_code: number;
  response_flags: string;
  upstream_cluster: string | null;
  route_name: string | null;
  [key: string]: unknown;
}

export interface Scenario {
  name: string;
  envoy: EnvoyProcess;
  /** The bootstrap as Envoy runs it. */
  bootstrap: any;
  /** envoyc's stderr (warnings). */
  diagnostics: string;
  /** The run-time port of a listener, by listener name or by the port written in the YAML; no argument: the first listener. */
  port(listener?: string | number): number;
  /** One stat (counter or gauge) by full name; 0 when absent. */
  stat(name: string): Promise<number>;
  /** `cluster.<cluster>.<stat>`. */
  clusterStat(cluster: string, stat: string): Promise<number>;
  /** The hosts of a cluster from /clusters. */
  hosts(cluster: string): Promise<HostStatus[]>;
  /** Polls until `ok(hosts)` holds (bounded). */
  waitHosts(cluster: string, what: string, ok: (hosts: HostStatus[]) => boolean, timeoutMs?: number): Promise<HostStatus[]>;
  /**
   * The listeners' JSON access log lines written so far. Envoy writes the first line at once but
   * then flushes its log file only every 10 s (bootstrap file_flush_interval_msec), so this is for
   * diagnosing a failure, not for assertions: use stats for those.
   */
  accessLog(): AccessLogEntry[];
  stop(): Promise<void>;
}

/** Runs `envoyc compile`; rejects with its stderr when it fails. */
function compileCli(inputs: string, out: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, 'compile', inputs, '-o', out, ...args], { timeout: 60_000 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`envoyc compile failed (${err.message.split('\n')[0]}):\n${stderr}`));
      else resolve(stderr);
    });
  });
}

function serviceDocs(key: string, spec: ServiceSpec, hasService: boolean): object[] {
  const [namespace, name] = key.includes('/') ? (key.split('/') as [string, string]) : ['default', key];
  const port = spec.port ?? 8080;
  const docs: object[] = [];
  if (!hasService) {
    docs.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace },
      spec: { ports: [{ name: 'http', port, protocol: 'TCP', ...(spec.appProtocol ? { appProtocol: spec.appProtocol } : {}) }] },
    });
  }
  spec.endpoints.forEach((e, i) => {
    const ep: EndpointSpec = typeof e === 'number' ? { port: e } : e;
    docs.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `${name}-loopback-${i}`, namespace, labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: ep.port, protocol: 'TCP' }],
      endpoints: [{ addresses: [ep.address ?? '127.0.0.1'], conditions: { ready: ep.ready ?? true }, ...(ep.zone ? { zone: ep.zone } : {}) }],
    });
  });
  return docs;
}

function flagsOf(hs: any): string[] {
  const h = hs.health_status ?? {};
  return Object.entries(h)
    .filter(([k, v]) => k !== 'eds_health_status' && v === true)
    .map(([k]) => k);
}

/** Compiles `opts.yaml` with envoyc and starts Envoy on it; stopped at the suite's cleanup. */
/** A free port none of the scenario's listeners got: the OS may hand a just-closed port out again. */
async function unusedPort(taken: Map<number, number>): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (![...taken.values()].includes(port)) return port;
  }
}

export async function startScenario(opts: ScenarioOptions): Promise<Scenario> {
  const dir = mkdtempSync(join(tmpdir(), `envoyc-e2e-${opts.name.replace(/[^a-z0-9]+/gi, '-')}-`));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const inputs = join(dir, 'in');
  mkdirSync(inputs);

  const texts = Array.isArray(opts.yaml) ? opts.yaml : [opts.yaml];
  const docs = texts.flatMap((t) => parseAllDocuments(t));
  for (const d of docs) if (d.errors.length) throw new Error(`scenario ${opts.name}: bad YAML: ${d.errors[0]!.message}`);

  for (let attempt = 1; ; attempt++) {
    // Listener ports: the same written port gets the same run-time port.
    const portMap = new Map<number, number>();
    const byName = new Map<string, number>();
    let first: number | undefined;
    const services = new Set<string>();
    for (const doc of docs) {
      const obj = doc.toJS() as any;
      if (obj?.kind === 'Service') services.add(`${obj.metadata?.namespace ?? 'default'}/${obj.metadata?.name}`);
      // A ListenerSet's listeners are the Gateway's too: their ports are rewritten alike.
      if (obj?.kind !== 'Gateway' && obj?.kind !== 'ListenerSet') continue;
      for (const [i, l] of (obj.spec?.listeners ?? []).entries()) {
        if (!portMap.has(l.port)) portMap.set(l.port, await unusedPort(portMap));
        const p = portMap.get(l.port)!;
        first ??= p;
        byName.set(l.name, p);
        doc.setIn(['spec', 'listeners', i, 'port'], p);
      }
      // The Gateway's per-port frontend TLS validation follows its listeners' ports.
      for (const [i, pp] of (obj.spec?.tls?.frontend?.perPort ?? []).entries()) {
        if (portMap.has(pp.port)) doc.setIn(['spec', 'tls', 'frontend', 'perPort', i, 'port'], portMap.get(pp.port));
      }
    }
    const extra: object[] = [];
    for (const [key, s] of Object.entries(opts.services ?? {})) {
      const spec: ServiceSpec = Array.isArray(s) ? { endpoints: s } : s;
      const id = key.includes('/') ? key : `default/${key}`;
      extra.push(...serviceDocs(key, spec, services.has(id)));
    }
    writeFileSync(join(inputs, 'scenario.yaml'), docs.map((d) => d.toString()).join('---\n'));
    writeFileSync(join(inputs, 'zz-loopback-services.yaml'), extra.map((o) => stringify(o)).join('---\n'));

    const adminPort = await unusedPort(portMap);
    const out = join(dir, 'envoy.yaml');
    const diagnostics = await compileCli(inputs, out, ['--admin-address', `127.0.0.1:${adminPort}`, ...(opts.args ?? [])]);
    const bootstrap = parse(readFileSync(out, 'utf8'));
    for (const l of bootstrap.static_resources?.listeners ?? []) {
      if (l.address?.socket_address?.address === '0.0.0.0') l.address.socket_address.address = '127.0.0.1';
    }
    opts.mutate?.(bootstrap);

    let envoy: EnvoyProcess;
    try {
      const printed = opts.printedFlags ? /run Envoy with these flags too: (.*)$/m.exec(diagnostics)?.[1]?.split(' ') : undefined;
      if (opts.printedFlags && !printed) throw new Error(`scenario ${opts.name}: envoyc printed no Envoy flags:\n${diagnostics}`);
      envoy = await startEnvoy(JSON.stringify(bootstrap, null, 1), { adminPort, ...opts.envoy, ...(printed ? { flags: printed } : {}) });
    } catch (err) {
      // A port picked free a moment ago can be taken by then (another scenario starting): pick again, once.
      if (attempt < 3 && /address already in use|EADDRINUSE/i.test((err as Error).message)) continue;
      throw err;
    }

    const stat = async (name: string) => (await envoy.stats())[name] ?? 0;
    const hosts = async (cluster: string): Promise<HostStatus[]> => {
      const all = (await envoy.clusters()).cluster_statuses as any[];
      const c = all.find((x) => x.name === cluster);
      if (!c) throw new Error(`cluster ${cluster} not in /clusters (have: ${all.map((x) => x.name).join(', ')})`);
      return (c.host_statuses ?? []).map((h: any) => {
        const flags = flagsOf(h);
        const stats: Record<string, number> = {};
        for (const s of h.stats ?? []) stats[s.name] = Number(s.value ?? 0);
        return { address: h.address.socket_address.address, port: h.address.socket_address.port_value, flags, healthy: flags.length === 0, stats };
      });
    };
    const accessLog = () =>
      envoy
        .logs()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as AccessLogEntry];
          } catch {
            return [];
          }
        });
    return {
      name: opts.name,
      envoy,
      bootstrap,
      diagnostics,
      port(listener) {
        if (listener === undefined) return first!;
        const p = typeof listener === 'number' ? portMap.get(listener) : byName.get(listener);
        if (p === undefined) throw new Error(`scenario ${opts.name}: no listener ${listener}`);
        return p;
      },
      stat,
      clusterStat: (cluster, s) => stat(`cluster.${cluster}.${s}`),
      hosts,
      waitHosts: (cluster, what, ok, timeoutMs = 10_000) =>
        waitFor(
          what,
          async () => {
            const hs = await hosts(cluster);
            return ok(hs) && hs;
          },
          { timeoutMs, intervalMs: 20 },
        ),
      accessLog,
      stop: () => envoy.stop(),
    };
  }
}

/** A Gateway `eg` in `default` with one HTTP listener `http` (port 8080, rewritten at run time). */
export const GATEWAY = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: eg
  namespace: default
spec:
  gatewayClassName: eg
  listeners:
    - name: http
      protocol: HTTP
      port: 8080
`;

/** `text` (YAML written from column 0) indented by `n` spaces. */
/** `gateway` (GATEWAY by default) with its own EnvoyProxy, `name` in its namespace (`spec.infrastructure.parametersRef`). */
export function withEnvoyProxy(name: string, gateway = GATEWAY): string {
  return gateway.replace('  listeners:', `  infrastructure:\n    parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: ${name}}\n  listeners:`);
}

export function indent(text: string, n: number): string {
  const pad = ' '.repeat(n);
  return text
    .replace(/^\n+|\s+$/g, '')
    .split('\n')
    .map((l) => (l.trim() ? pad + l : l))
    .join('\n');
}

/** An Envoy Gateway policy of `kind`, `name` in `default`, targeting HTTPRoute `route`, with `spec` (YAML from column 0) beside its targetRefs. */
export function routePolicy(kind: string, name: string, route: string, spec: string): string {
  return `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: ${kind}
metadata:
  name: ${name}
  namespace: default
spec:
  targetRefs:
    - {group: gateway.networking.k8s.io, kind: HTTPRoute, name: ${route}}
${indent(spec, 2)}
`;
}

/**
 * An HTTPRoute `name` in `default` on Gateway `eg`, for `hostname` (null: any), with `rules`
 * written as YAML from column 0 (a list), e.g. `- backendRefs: [{name: app, port: 8080}]`.
 */
export function httpRoute(name: string, hostname: string | null, rules: string): string {
  return `
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
  namespace: default
spec:
  parentRefs:
    - name: eg
${hostname === null ? '' : `  hostnames: ["${hostname}"]\n`}  rules:
${indent(rules, 4)}
`;
}

/** A BackendTrafficPolicy `name` in `default` targeting `Kind/name` (e.g. `HTTPRoute/web`, `Gateway/eg`), with `spec` fields written from column 0. */
export function btp(name: string, target: string, spec: string): string {
  const [kind, targetName] = target.split('/');
  return `
apiVersion: gateway.envoyproxy.io/v1alpha1
kind: BackendTrafficPolicy
metadata:
  name: ${name}
  namespace: default
spec:
  targetRefs:
    - group: gateway.networking.k8s.io
      kind: ${kind}
      name: ${targetName}
${indent(spec, 2)}
`;
}
