/**
 * TLS material and a TLS backend for e2e tests: a self-signed certificate made at run time with
 * the openssl CLI (P-256, valid one day), the Kubernetes Secret that carries it, and an HTTPS
 * echo server on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type net from 'node:net';
import type { SecureVersion, TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { onCleanup } from '../harness';

export interface Certificate {
  /** PEM. */
  cert: string;
  /** PEM (unencrypted). */
  key: string;
}

/** A self-signed certificate for `cn` with `dnsNames` as subjectAltName. */
export function makeCertificate(cn: string, dnsNames: string[]): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'envoyc-e2e-cert-'));
  try {
    const key = join(dir, 'tls.key');
    const cert = join(dir, 'tls.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-keyout',
        key,
        '-out',
        cert,
        '-subj',
        `/CN=${cn}`,
        '-addext',
        `subjectAltName=${dnsNames.map((n) => `DNS:${n}`).join(',')}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 30_000 },
    );
    return { cert: readFileSync(cert, 'utf8'), key: readFileSync(key, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A `kubernetes.io/tls` Secret (YAML) holding `c`. */
export function tlsSecret(name: string, c: Certificate, namespace = 'default'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': Buffer.from(c.cert).toString('base64'), 'tls.key': Buffer.from(c.key).toString('base64') },
  });
}

export interface TlsBackend {
  name: string;
  port: number;
  /** Requests served, with the SNI the client sent and the CN of the certificate it presented (mutual TLS). */
  requests: { path: string; host: string; servername: string | false; clientCn?: string }[];
  close(): Promise<void>;
}

/**
 * An HTTPS server on 127.0.0.1 presenting `c`; answers 200 with JSON `{backend, path, host, servername}`.
 * With `clientCa`, it demands a client certificate from that CA (mutual TLS) and refuses the handshake without one;
 * with `maxVersion`, it speaks no TLS above it.
 */
export async function startTlsBackend(name: string, c: Certificate, clientCa?: string, maxVersion?: SecureVersion): Promise<TlsBackend> {
  const sockets = new Set<{ destroy(): void }>();
  const mutual = clientCa ? { ca: clientCa, requestCert: true, rejectUnauthorized: true } : {};
  const server = https.createServer({ cert: c.cert, key: c.key, ...mutual, ...(maxVersion ? { maxVersion } : {}) }, (req, res) => {
    const socket = req.socket as TLSSocket & { servername?: string | false };
    const clientCn = clientCa ? socket.getPeerCertificate().subject?.CN : undefined;
    const seen = {
      path: req.url ?? '',
      host: req.headers.host ?? '',
      servername: socket.servername ?? false,
      ...(clientCn ? { clientCn: String(clientCn) } : {}),
    };
    backend.requests.push(seen);
    res.writeHead(200, { 'content-type': 'application/json', 'x-backend': name });
    res.end(JSON.stringify({ backend: name, ...seen }));
  });
  const backend: TlsBackend = {
    name,
    port: 0,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  backend.port = (server.address() as net.AddressInfo).port;
  onCleanup(() => backend.close());
  return backend;
}
