/**
 * A minimal gRPC server and client over node:http2 (h2c), with hand-rolled framing: every message
 * here is a protobuf with at most one field 1 (a string, or a varint for the health status).
 *
 * Server: `/<service>/<Method>` for each registered unary method answers `{1: reply}`; the
 * standard health service `/grpc.health.v1.Health/Check` answers `{status: SERVING (1) or
 * NOT_SERVING (2)}` from `backend.serving`, and records the service name asked for.
 */
import http2 from 'node:http2';
import type net from 'node:net';
import { onCleanup } from '../harness';

// ---------------------------------------------------------------------------------------------
// Protobuf (field 1 only) and gRPC framing

function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

function readVarint(buf: Buffer, at: number): [number, number] {
  let n = 0;
  let mul = 1;
  for (;;) {
    const b = buf[at++]!;
    n += (b & 0x7f) * mul;
    mul *= 128;
    if ((b & 0x80) === 0) return [n, at];
  }
}

/** `{1: text}` as a protobuf message (empty text: the empty message). */
export function encodeString(text: string): Buffer {
  if (text === '') return Buffer.alloc(0);
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([0x0a]), varint(bytes.length), bytes]);
}

/** `{1: n}` (varint) as a protobuf message. */
export function encodeVarint(n: number): Buffer {
  return n === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from([0x08]), varint(n)]);
}

/** Field 1 of a protobuf message: a string (wire type 2) or a number (wire type 0); skips other fields. */
export function decodeField1(msg: Buffer): string | number | undefined {
  let at = 0;
  while (at < msg.length) {
    const [key, next] = readVarint(msg, at);
    at = next;
    const field = key >> 3;
    const wire = key & 7;
    if (wire === 0) {
      const [v, after] = readVarint(msg, at);
      at = after;
      if (field === 1) return v;
    } else if (wire === 2) {
      const [len, after] = readVarint(msg, at);
      const value = msg.subarray(after, after + len);
      at = after + len;
      if (field === 1) return value.toString('utf8');
    } else {
      return undefined;
    }
  }
  return undefined;
}

/** A gRPC length-prefixed message (uncompressed). */
export function frame(msg: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(msg.length, 1);
  return Buffer.concat([head, msg]);
}

/** The messages in a gRPC body. */
export function unframe(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at + 5 <= body.length;) {
    const len = body.readUInt32BE(at + 1);
    out.push(body.subarray(at + 5, at + 5 + len));
    at += 5 + len;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Server

export interface GrpcCallSeen {
  path: string;
  authority: string;
  headers: http2.IncomingHttpHeaders;
  request: string | number | undefined;
}

export interface GrpcBackend {
  name: string;
  port: number;
  /** The health service's answer: true = SERVING. */
  serving: boolean;
  /** Calls other than health checks. */
  calls: GrpcCallSeen[];
  /** Health checks served: when, the service asked for, and the answer. */
  healthChecks: { at: number; service: string; serving: boolean; authority: string }[];
  close(): Promise<void>;
}

/** An HTTP/2 server on 127.0.0.1 (a free port) answering each stream with `onStream`; closed at the suite's cleanup. */
export async function listenHttp2(
  onStream: (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => void,
): Promise<{ port: number; close(): Promise<void> }> {
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createServer();
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
    s.on('error', () => {});
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    onStream(stream, headers);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sessions) s.destroy();
      server.close(() => resolve());
    });
  onCleanup(close);
  return { port: (server.address() as net.AddressInfo).port, close };
}

/** A gRPC server on 127.0.0.1; `methods` maps `/pkg.Service/Method` to a reply builder. */
export async function startGrpcBackend(name: string, methods: Record<string, (request: string) => string> = {}): Promise<GrpcBackend> {
  const backend: GrpcBackend = { name, port: 0, serving: true, calls: [], healthChecks: [], close: async () => {} };
  const listening = await listenHttp2((stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const path = String(headers[':path']);
      const authority = String(headers[':authority'] ?? '');
      const msg = unframe(Buffer.concat(chunks))[0] ?? Buffer.alloc(0);
      const request = decodeField1(msg);
      const answer = (status: number, message: Buffer | null, statusMessage?: string) => {
        stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'x-backend': name }, { waitForTrailers: true });
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(status), ...(statusMessage ? { 'grpc-message': statusMessage } : {}) }));
        if (message) stream.write(frame(message));
        stream.end();
      };
      if (path === '/grpc.health.v1.Health/Check') {
        backend.healthChecks.push({ at: performance.now(), service: typeof request === 'string' ? request : '', serving: backend.serving, authority });
        return answer(0, encodeVarint(backend.serving ? 1 : 2));
      }
      backend.calls.push({ path, authority, headers, request });
      const method = methods[path];
      if (!method) return answer(12, null, `unknown method ${path}`);
      answer(0, encodeString(method(typeof request === 'string' ? request : '')));
    });
  });
  backend.port = listening.port;
  backend.close = listening.close;
  return backend;
}

// ---------------------------------------------------------------------------------------------
// Client

export interface GrpcResult {
  /** HTTP status of the response (200 for any gRPC answer). */
  httpStatus: number;
  /** `grpc-status` from the trailers (or from the headers for a trailers-only answer); -1 if none. */
  grpcStatus: number;
  grpcMessage: string;
  headers: http2.IncomingHttpHeaders;
  /** Field 1 of the first response message. */
  reply: string | number | undefined;
}

/** One unary call with `{1: request}` to 127.0.0.1:port, over h2c, with `authority` as :authority. */
export function grpcCall(port: number, authority: string, path: string, request: string, timeoutMs = 5_000): Promise<GrpcResult> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    const timer = setTimeout(() => {
      session.destroy();
      reject(new Error(`gRPC ${path} on 127.0.0.1:${port} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      session.destroy();
      reject(err);
    };
    session.on('error', fail);
    const req = session.request({ ':method': 'POST', ':path': path, ':authority': authority, 'content-type': 'application/grpc', te: 'trailers' });
    let headers: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    req.on('response', (h) => (headers = h));
    req.on('trailers', (t) => (trailers = t));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', fail);
    req.on('end', () => {
      clearTimeout(timer);
      session.close();
      const status = trailers['grpc-status'] ?? headers['grpc-status'];
      const message = unframe(Buffer.concat(chunks))[0];
      resolve({
        httpStatus: Number(headers[':status'] ?? 0),
        grpcStatus: status === undefined ? -1 : Number(status),
        grpcMessage: String(trailers['grpc-message'] ?? headers['grpc-message'] ?? ''),
        headers,
        reply: message ? decodeField1(message) : undefined,
      });
    });
    req.end(frame(encodeString(request)));
  });
}
