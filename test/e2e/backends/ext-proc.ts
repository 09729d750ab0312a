/**
 * An external processor (Envoy's ext_proc gRPC service, `envoy.service.ext_proc.v3`) on 127.0.0.1,
 * over node:http2 with hand-written protobuf: for each request-headers message on the stream it
 * answers with a header mutation that sets `x-ext-proc: <value>`; it answers any other message
 * with an empty one of the same kind. It records which message kinds it was sent and the
 * `:authority` Envoy called it with.
 */
import http2 from 'node:http2';
import type net from 'node:net';
import { onCleanup } from '../harness';
import { frame } from './grpc';

const PROCESS = '/envoy.service.ext_proc.v3.ExternalProcessor/Process';

function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

/** A length-delimited field. */
function field(num: number, body: Buffer): Buffer {
  return Buffer.concat([varint((num << 3) | 2), varint(body.length), body]);
}

/**
 * ProcessingResponse{request_headers (1): HeadersResponse{response (1): CommonResponse{
 * header_mutation (2): HeaderMutation{set_headers (1): HeaderValueOption{header (1): HeaderValue{key (1), raw_value (3)}}}}}}
 */
function setHeaderResponse(key: string, value: string): Buffer {
  const headerValue = Buffer.concat([field(1, Buffer.from(key)), field(3, Buffer.from(value))]);
  return field(1, field(1, field(2, field(1, field(1, headerValue)))));
}

/** The `ProcessingRequest` oneof field number of a message (2 request headers, 3 response headers, 4 request body, …). */
function requestKind(msg: Buffer): number | undefined {
  for (let at = 0; at < msg.length;) {
    let key = 0;
    let shift = 0;
    for (;;) {
      const b = msg[at++]!;
      key |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    const num = key >>> 3;
    if (num >= 2 && num <= 7) return num;
    if ((key & 7) !== 2) return undefined;
    let len = 0;
    shift = 0;
    for (;;) {
      const b = msg[at++]!;
      len |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) break;
    }
    at += len;
  }
  return undefined;
}

export interface ExtProcServer {
  port: number;
  /** Every ProcessingRequest kind received, in order (2 request headers, 3 response headers, …). */
  received: number[];
  authorities: string[];
  close(): Promise<void>;
}

/** Starts the processor; every request-headers message gets `x-ext-proc: value` set. */
export async function startExtProcServer(value: string): Promise<ExtProcServer> {
  const sessions = new Set<http2.ServerHttp2Session>();
  const server = http2.createServer();
  const proc: ExtProcServer = {
    port: 0,
    received: [],
    authorities: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
    s.on('error', () => {});
  });
  server.on('stream', (stream, headers) => {
    stream.on('error', () => {});
    if (headers[':path'] !== PROCESS) {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12' }, { endStream: true });
      return;
    }
    proc.authorities.push(String(headers[':authority'] ?? ''));
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    let pending = Buffer.alloc(0);
    stream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 5 && pending.length >= 5 + pending.readUInt32BE(1)) {
        const msg = pending.subarray(5, 5 + pending.readUInt32BE(1));
        pending = pending.subarray(5 + msg.length);
        const kind = requestKind(msg);
        if (kind === undefined) continue;
        proc.received.push(kind);
        // ProcessingResponse field numbers follow ProcessingRequest's, one lower (request_headers 2 → 1).
        stream.write(frame(kind === 2 ? setHeaderResponse('x-ext-proc', value) : field(kind - 1, Buffer.alloc(0))));
      }
    });
    stream.on('end', () => stream.end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  proc.port = (server.address() as net.AddressInfo).port;
  onCleanup(() => proc.close());
  return proc;
}
