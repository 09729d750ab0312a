/**
 * Clients for e2e scenarios, beside harness.ts's `request()`: one HTTP/1.1 or HTTPS request with
 * the raw body bytes, the time it took and a chosen source address (`localAddress`, any 127.0.0.0/8
 * address: Linux routes the whole block to loopback), and helpers to send many at once.
 */
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface SendOptions {
  port: number;
  /** Host header (HTTP) and, for TLS, the SNI unless `servername` is given. */
  host?: string;
  path?: string;
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Source address of the connection, e.g. `127.0.0.7`. */
  localAddress?: string;
  /** Whole-request limit; default 5 s. */
  timeoutMs?: number;
  /** HTTPS with this CA (PEM); SNI from `servername` or `host` without its port. */
  tls?: { ca: string; servername?: string };
}

export interface SendResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as received (not decompressed). */
  raw: Buffer;
  /** `raw` as UTF-8. */
  body: string;
  /** Milliseconds from sending the request to the end of the response. */
  elapsedMs: number;
  /** The server certificate, for HTTPS. */
  peerCertificate?: ReturnType<TLSSocket['getPeerCertificate']>;
  json<T = any>(): T;
}

/** One request on a fresh connection to 127.0.0.1:port. */
export function send(opts: SendOptions): Promise<SendResult> {
  const { port, path = '/', method = 'GET', timeoutMs = 5_000 } = opts;
  const headers: Record<string, string | string[]> = { ...opts.headers };
  if (opts.host) headers.host = opts.host;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const common = { host: '127.0.0.1', port, path, method, headers, agent: false as const, localAddress: opts.localAddress };
    let peerCertificate: SendResult['peerCertificate'];
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = raw.toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          raw,
          body,
          elapsedMs: performance.now() - started,
          peerCertificate,
          json: () => JSON.parse(body),
        });
      });
    };
    const req = opts.tls
      ? https.request({ ...common, ca: opts.tls.ca, servername: opts.tls.servername ?? opts.host?.replace(/:\d+$/, '') }, onResponse)
      : http.request(common, onResponse);
    if (opts.tls) req.on('socket', (s) => s.on('secureConnect', () => (peerCertificate = (s as TLSSocket).getPeerCertificate())));
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} 127.0.0.1:${port}${path} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** `n` requests one after the other; `make(i)` gives each one's options. */
export async function sendSequential(n: number, make: (i: number) => SendOptions): Promise<SendResult[]> {
  const out: SendResult[] = [];
  for (let i = 0; i < n; i++) out.push(await send(make(i)));
  return out;
}

/** How many times each value occurs. */
export function tally<T>(values: T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

/** One GET to `[::1]:port` (the IPv6 loopback): its status. */
export function getIpv6Loopback(port: number, path = '/'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '::1', family: 6, port, path, agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}
