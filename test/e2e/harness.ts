/**
 * End-to-end helpers: loopback HTTP backends, a real Envoy started from a bootstrap, plain HTTP
 * requests, and a cleanup registry so that every server and process is stopped even when a test
 * fails. Everything binds 127.0.0.1 on ports picked at run time, and every wait is bounded.
 *
 *   const t = suite('smoke');
 *   useCleanup(t);                                   // stops what the suite started, pass or fail
 *   const a = await startBackend({ name: 'app-a' });
 *   const envoy = await startEnvoy(bootstrapYaml);    // admin port read from the bootstrap
 *   const r = await request({ port: 8080, host: 'a.example.com', path: '/' });
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureEnvoy } from '../support/envoy';

// ---------------------------------------------------------------------------------------------
// Cleanup registry

type Cleanup = () => Promise<void> | void;
const cleanups: Cleanup[] = [];
const liveChildren = new Set<ChildProcess>();

/** Registers `fn` to run at the next `cleanup()` (last registered runs first). */
export function onCleanup(fn: Cleanup): void {
  cleanups.push(fn);
}

/** Stops everything started so far; never throws (errors are printed). */
export async function cleanup(): Promise<void> {
  while (cleanups.length > 0) {
    const fn = cleanups.pop()!;
    try {
      await fn();
    } catch (err) {
      console.error('e2e cleanup:', err);
    }
  }
}

/** Runs `cleanup()` after the suite (uvu runs `after` hooks even when a test or hook failed). */
export function useCleanup(suite: { after: (fn: () => Promise<void>) => void }): void {
  suite.after(cleanup);
}

/**
 * `suite.before(fn)`, but the error is printed when `fn` throws: uvu drops errors from `before`
 * hooks (its tests then just do not pass; test/run.ts counts them as failed).
 */
export function setup<C>(suite: { before: (fn: (ctx: C) => Promise<void>) => void }, fn: (ctx: C) => Promise<void>): void {
  suite.before(async (ctx) => {
    try {
      await fn(ctx);
    } catch (err) {
      console.error(`\n  setup failed: ${(err as Error).stack ?? err}\n`);
      throw err;
    }
  });
}

// Last resort if the process ends with Envoys still running (a crash, an uncaught error, Ctrl-C).
process.on('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of liveChildren) child.kill('SIGKILL');
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------------------------
// Ports, waiting

/** A port that was free on 127.0.0.1 a moment ago (bound to port 0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every `intervalMs` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 10_000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    }
    await sleep(intervalMs);
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP client

export interface RequestOptions {
  port: number;
  /** Host header; default `127.0.0.1:<port>`. */
  host?: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whole-request limit; default 5 s. */
  timeoutMs?: number;
}

export interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON (throws if it is not JSON). */
  json<T = any>(): T;
}

/** One HTTP/1.1 request to 127.0.0.1:port, on a fresh connection (no keep-alive between tests). */
export function request(opts: RequestOptions): Promise<Response> {
  const { port, path = '/', method = 'GET', timeoutMs = 5_000 } = opts;
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.host) headers.host = opts.host;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} 127.0.0.1:${port}${path} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

// ---------------------------------------------------------------------------------------------
// Backends

/** What a backend saw of one request. */
export interface SeenRequest {
  method: string;
  path: string;
  host: string;
  headers: http.IncomingHttpHeaders;
}

/** The default reply body: the backend's name and what it saw. */
export interface EchoBody extends SeenRequest {
  backend: string;
}

export interface Backend {
  name: string;
  port: number;
  /** Every request served, in order. */
  requests: SeenRequest[];
  /** `requests.length`. */
  readonly count: number;
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, backend: Backend) => void;

/** Default handler: 200 with a JSON `EchoBody`. */
const echo: Handler = (_req, res, backend) => {
  const seen = backend.requests[backend.requests.length - 1]!;
  const body = JSON.stringify({ backend: backend.name, ...seen } satisfies EchoBody);
  res.writeHead(200, { 'content-type': 'application/json', 'x-backend': backend.name });
  res.end(body);
};

/** A small HTTP/1.1 server on 127.0.0.1 (a free port unless `port` is given) that counts requests. */
export async function startBackend(opts: { name: string; handler?: Handler; port?: number }): Promise<Backend> {
  const handler = opts.handler ?? echo;
  const sockets = new Set<net.Socket>();
  const backend: Backend = {
    name: opts.name,
    port: 0,
    requests: [],
    get count() {
      return this.requests.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    // Read the body before answering, so a client's upload never stalls.
    req.resume();
    req.on('end', () => {
      backend.requests.push({ method: req.method ?? '', path: req.url ?? '', host: req.headers.host ?? '', headers: req.headers });
      handler(req, res, backend);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  backend.port = (server.address() as net.AddressInfo).port;
  onCleanup(() => backend.close());
  return backend;
}

// ---------------------------------------------------------------------------------------------
// Envoy

export interface EnvoyProcess {
  adminPort: number;
  pid: number;
  /** Envoy's stdout and stderr so far (access logs and warnings). */
  logs(): string;
  /** GET on the admin interface; returns the body. */
  admin(path: string): Promise<string>;
  /** Counters and gauges from `/stats?format=json`, by name. */
  stats(): Promise<Record<string, number>>;
  /** `/clusters?format=json`, parsed. */
  clusters(): Promise<any>;
  /** SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
  stop(): Promise<void>;
}

export interface StartEnvoyOptions {
  /** The admin port the bootstrap uses; default: read from `admin.address.socket_address.port_value`. */
  adminPort?: number;
  /** How long to wait for the admin's server state to be LIVE; default 10 s. */
  readyTimeoutMs?: number;
  /** Worker threads; default 1 (the machine has 2 cores and tests run Envoys side by side). */
  concurrency?: number;
  logLevel?: string;
  /** Envoy's flags as envoyc printed them (an EnvoyProxy's): used instead of `concurrency` and `logLevel`. */
  flags?: string[];
  /** Envoy's working directory (relative paths in the bootstrap, e.g. an xDS directory, resolve from it); default the test's. */
  cwd?: string;
}

function adminPortOf(bootstrapText: string): number {
  const doc = parse(bootstrapText) as any;
  const port = doc?.admin?.address?.socket_address?.port_value;
  if (typeof port !== 'number') throw new Error('startEnvoy: the bootstrap has no admin.address.socket_address.port_value; pass adminPort');
  return port;
}

/**
 * Starts Envoy on `bootstrapText` (YAML or JSON) and resolves once its admin says LIVE. Each
 * instance has a dynamic base id, so several can run at once without clashing on shared memory.
 * Registered for cleanup.
 */
export async function startEnvoy(bootstrapText: string, opts: StartEnvoyOptions = {}): Promise<EnvoyProcess> {
  const envoyPath = ensureEnvoy();
  const adminPort = opts.adminPort ?? adminPortOf(bootstrapText);
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-e2e-'));
  const config = join(dir, bootstrapText.trimStart().startsWith('{') ? 'envoy.json' : 'envoy.yaml');
  writeFileSync(config, bootstrapText);
  // A file, not a pipe, for stdout: access logs open /dev/stdout, which fails on Node's socketpairs.
  const logFile = join(dir, 'envoy.log');
  const logFd = openSync(logFile, 'w');
  const args = [
    '-c',
    config,
    '--use-dynamic-base-id',
    ...(opts.flags ?? ['--log-level', opts.logLevel ?? 'warn', '--concurrency', String(opts.concurrency ?? 1)]),
  ];
  const child = spawn(envoyPath, args, { stdio: ['ignore', logFd, logFd], ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  closeSync(logFd);
  liveChildren.add(child);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const gone = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      liveChildren.delete(child);
      resolve();
    });
    child.on('error', (err) => {
      exited = { code: null, signal: null };
      liveChildren.delete(child);
      console.error(`startEnvoy: ${err.message}`);
      resolve();
    });
  });
  const logs = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const admin = async (path: string) => {
    const r = await request({ port: adminPort, path, timeoutMs: 3_000 });
    if (r.status !== 200) throw new Error(`admin ${path}: HTTP ${r.status}: ${r.body.slice(0, 200)}`);
    return r.body;
  };
  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  onCleanup(stop);

  const envoy: EnvoyProcess = {
    adminPort,
    pid: child.pid ?? -1,
    logs,
    admin,
    stop,
    async stats() {
      const body = JSON.parse(await admin('/stats?format=json')) as { stats: { name?: string; value?: number }[] };
      const out: Record<string, number> = {};
      for (const s of body.stats) if (s.name !== undefined && typeof s.value === 'number') out[s.name] = s.value;
      return out;
    },
    async clusters() {
      return JSON.parse(await admin('/clusters?format=json'));
    },
  };

  // Envoy dying early (a port in use, a bad config) ends the wait at once, with its log.
  let failure: string | undefined;
  try {
    const state = await waitFor(
      `Envoy /ready on 127.0.0.1:${adminPort}`,
      async () => {
        if (exited) return 'exited';
        // /server_info rather than /ready: another Envoy on the same admin port would answer /ready
        // too; only ours names our config file.
        const info = JSON.parse(await admin('/server_info')) as { state?: string; command_line_options?: { config_path?: string } };
        if (info.command_line_options?.config_path !== config) throw new Error(`port ${adminPort} is another Envoy's admin`);
        return info.state === 'LIVE' && 'live';
      },
      { timeoutMs: opts.readyTimeoutMs ?? 10_000 },
    );
    if (state === 'exited') failure = `Envoy exited (code ${exited!.code}, signal ${exited!.signal})`;
  } catch (err) {
    failure = (err as Error).message;
  }
  if (failure) {
    const tail = logs().trim().split('\n').slice(-20).join('\n');
    await stop();
    throw new Error(`startEnvoy: ${failure}\n--- envoy log (last lines) ---\n${tail}`);
  }
  return envoy;
}
