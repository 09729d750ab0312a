/**
 * A programmable HTTP/1.1 backend on top of harness.ts's `startBackend`. A request scripts its own
 * treatment with `x-script-*` headers, so one backend serves many independent cases (retries carry
 * the same headers, so the backend can count attempts per case):
 *
 *   x-case: <id>            groups the attempts of one case (`attempts(id)`)
 *   x-fail-first: <n>       the first n attempts of the case fail ...
 *   x-fail-with: <what>     ... with a status code (default 503), `reset` (socket destroyed, no
 *                           response) or `hang` (no answer until the client or Envoy gives up)
 *   x-delay-ms: <ms>        wait before answering (every attempt)
 *   x-delay-first-ms: <ms>  wait before answering the first attempt only
 *   x-status: <code>        answer with this status (after the failures above)
 *   x-hold: <key>           answer (an attempt that does not fail) only once `release(key)`
 *                           is called (bounded: 10 s)
 *
 * Without script headers the backend answers with `reply` (default 200 + the harness's echo JSON),
 * which a test may change (an endpoint that starts failing). `health` answers its `path` and is
 * counted apart (`healthChecks`), so health checks never disturb traffic counts.
 */
import type http from 'node:http';
import type net from 'node:net';
import { startBackend, type Backend, type SeenRequest } from '../harness';

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface ConnectionRecord {
  remotePort: number;
  openedAt: number;
  closedAt?: number;
}

export interface ScriptedBackend extends Backend {
  /** The answer to a request without script headers. */
  reply: Reply;
  /** The health endpoint's answer (after `delayMs`); `null` path disables it. */
  health: { path: string | null; status: number; body: string; delayMs?: number };
  /** Health-check requests served (not in `requests`' counts by `traffic()`), with their answer. */
  healthChecks: { at: number; status: number; req: SeenRequest }[];
  /** Requests other than health checks. */
  traffic(): SeenRequest[];
  /** Requests of one `x-case`. */
  attempts(caseId: string): SeenRequest[];
  /** Arrival times (ms, performance.now()) of the attempts of one `x-case`. */
  attemptTimes(caseId: string): number[];
  /** Every TCP connection this backend accepted, with open and close times. */
  connections: ConnectionRecord[];
  /** Requests waiting on `x-hold: key`. */
  held(key: string): number;
  release(key: string): void;
  /** Requests being answered right now, and the most at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
}

const HOLD_LIMIT_MS = 10_000;

/** Starts a scripted backend named `name` (reported as `backend` in the echo body and `x-backend`). */
export async function startScriptedBackend(name: string, opts: { port?: number } = {}): Promise<ScriptedBackend> {
  const times = new Map<string, number[]>();
  const holds = new Map<string, (() => void)[]>();
  const sockets = new WeakSet<net.Socket>();
  let inFlight = 0;
  let maxInFlight = 0;

  const track = (socket: net.Socket) => {
    if (sockets.has(socket)) return;
    sockets.add(socket);
    const rec: ConnectionRecord = { remotePort: socket.remotePort ?? 0, openedAt: performance.now() };
    sb.connections.push(rec);
    socket.once('close', () => (rec.closedAt = performance.now()));
  };

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse, backend: Backend) => {
    track(req.socket);
    const seen = backend.requests[backend.requests.length - 1]!;
    const url = new URL(req.url ?? '/', 'http://x');
    if (sb.health.path !== null && url.pathname === sb.health.path) {
      const { status, body, delayMs = 0 } = sb.health;
      sb.healthChecks.push({ at: performance.now(), status, req: seen });
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(body);
      return;
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => inFlight--);
    const h = (n: string) => {
      const v = req.headers[n];
      return Array.isArray(v) ? v[0] : v;
    };
    const caseId = h('x-case');
    let attempt = 1;
    if (caseId !== undefined) {
      const list = times.get(caseId) ?? [];
      list.push(performance.now());
      times.set(caseId, list);
      attempt = list.length;
    }
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const delay = Number(h('x-delay-ms') ?? 0) + (attempt === 1 ? Number(h('x-delay-first-ms') ?? 0) : 0);
    if (delay > 0) await wait(delay);
    if (res.destroyed) return;
    const failFirst = Number(h('x-fail-first') ?? 0);
    if (attempt <= failFirst) {
      const how = h('x-fail-with') ?? '503';
      if (how === 'reset') return void req.socket.destroy();
      if (how === 'hang') return;
      res.writeHead(Number(how), { 'content-type': 'text/plain', 'x-backend': sb.name, 'x-attempt': String(attempt) });
      return void res.end(`${sb.name} fails attempt ${attempt}\n`);
    }
    const holdKey = h('x-hold');
    if (holdKey !== undefined) {
      await new Promise<void>((resolve) => {
        const list = holds.get(holdKey) ?? [];
        list.push(resolve);
        holds.set(holdKey, list);
        setTimeout(resolve, HOLD_LIMIT_MS).unref();
      });
      if (res.destroyed) return;
    }
    const status = h('x-status');
    if (status !== undefined || caseId !== undefined) {
      res.writeHead(Number(status ?? 200), { 'content-type': 'application/json', 'x-backend': sb.name, 'x-attempt': String(attempt) });
      return void res.end(JSON.stringify({ backend: sb.name, ...seen, attempt }));
    }
    const { status: code, body, headers } = sb.reply;
    res.writeHead(code, { 'content-type': 'application/json', 'x-backend': sb.name, ...headers });
    res.end(body ?? JSON.stringify({ backend: sb.name, ...seen }));
  };

  const base = await startBackend({ name, port: opts.port, handler: (req, res, b) => void handler(req, res, b).catch((err) => res.destroy(err)) });
  const sb = base as ScriptedBackend;
  Object.assign(sb, {
    reply: { status: 200 },
    health: { path: '/healthz', status: 200, body: 'ok' },
    healthChecks: [],
    connections: [],
    traffic: () => sb.requests.filter((r) => sb.health.path === null || new URL(r.path, 'http://x').pathname !== sb.health.path),
    attempts: (id: string) => sb.requests.filter((r) => r.headers['x-case'] === id),
    attemptTimes: (id: string) => [...(times.get(id) ?? [])],
    held: (key: string) => holds.get(key)?.length ?? 0,
    release: (key: string) => {
      for (const r of holds.get(key) ?? []) r();
      holds.delete(key);
    },
  });
  Object.defineProperty(sb, 'inFlight', { get: () => inFlight });
  Object.defineProperty(sb, 'maxInFlight', { get: () => maxInFlight });
  return sb;
}

/** `n` scripted backends named `${prefix}-0` … */
export function startScriptedBackends(prefix: string, n: number): Promise<ScriptedBackend[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => startScriptedBackend(`${prefix}-${i}`)));
}
