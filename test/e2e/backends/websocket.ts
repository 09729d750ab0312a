/**
 * WebSocket (RFC 6455) in a few lines, no dependency: a backend that completes the opening
 * handshake and echoes every frame, and a client that upgrades, sends one masked text frame and
 * reads the echo. Enough to prove a proxy carries an upgraded connection both ways.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { onCleanup } from '../harness';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Sec-WebSocket-Accept for a Sec-WebSocket-Key. */
export function acceptKey(key: string): string {
  return createHash('sha1')
    .update(key + GUID)
    .digest('base64');
}

/** One frame (FIN set), masked when `mask` is given (clients must mask, servers must not). */
export function encodeFrame(opcode: number, payload: Buffer, mask?: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]);
  if (len > 0xffff) throw new Error('frame too large for this test helper');
  if (!mask) return Buffer.concat([head, payload]);
  head[1]! |= 0x80;
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([head, mask, body]);
}

/** The first complete frame in `buf`, unmasked, and the bytes it used; undefined if incomplete. */
export function decodeFrame(buf: Buffer): { opcode: number; payload: Buffer; used: number } | undefined {
  if (buf.length < 2) return undefined;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let at = 2;
  if (len === 126) {
    if (buf.length < 4) return undefined;
    len = buf.readUInt16BE(2);
    at = 4;
  } else if (len === 127) {
    if (buf.length < 10) return undefined;
    len = Number(buf.readBigUInt64BE(2));
    at = 10;
  }
  const mask = masked ? buf.subarray(at, at + 4) : undefined;
  if (masked) at += 4;
  if (buf.length < at + len) return undefined;
  const payload = Buffer.from(buf.subarray(at, at + len));
  if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return { opcode, payload, used: at + len };
}

export interface WebSocketBackend {
  port: number;
  /** Upgrade requests accepted (path and headers as seen). */
  upgrades: { path: string; headers: http.IncomingHttpHeaders }[];
  /** Text of every frame echoed. */
  messages: string[];
  /** Plain (non-upgrade) requests served. */
  plain: number;
  close(): Promise<void>;
}

/** An HTTP/1.1 server that accepts `Upgrade: websocket` and echoes frames (close frames too). */
export async function startWebSocketBackend(): Promise<WebSocketBackend> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    backend.plain++;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('not a websocket request\n');
  });
  const backend: WebSocketBackend = {
    port: 0,
    upgrades: [],
    messages: [],
    plain: 0,
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
  server.on('upgrade', (req, socket: net.Socket, head: Buffer) => {
    socket.on('error', () => {});
    const key = req.headers['sec-websocket-key'];
    if (String(req.headers.upgrade).toLowerCase() !== 'websocket' || typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    backend.upgrades.push({ path: req.url ?? '', headers: req.headers });
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptKey(key)}\r\n\r\n`);
    let buf = head;
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (let f = decodeFrame(buf); f; f = decodeFrame(buf)) {
        buf = buf.subarray(f.used);
        if (f.opcode === 0x1) backend.messages.push(f.payload.toString());
        socket.write(encodeFrame(f.opcode, f.payload));
        if (f.opcode === 0x8) socket.end();
      }
    };
    socket.on('data', onData);
    if (head.length) onData(Buffer.alloc(0));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  backend.port = (server.address() as net.AddressInfo).port;
  onCleanup(() => backend.close());
  return backend;
}

export interface WebSocketResult {
  /** Status of the handshake response. */
  status: number;
  /** Handshake response headers, lower-cased. */
  headers: Record<string, string>;
  /** Whether Sec-WebSocket-Accept matched the key. */
  acceptOk: boolean;
  /** The text that came back for the frame sent, on a 101. */
  echo?: string;
  /** The response body, when the handshake was refused. */
  body?: string;
}

/** Upgrades a connection to 127.0.0.1:port (Host `host`, path `path`), sends `text` in one frame, reads the echo, closes. */
export function websocketEcho(port: number, host: string, path: string, text: string, timeoutMs = 5_000): Promise<WebSocketResult> {
  return new Promise((resolve, reject) => {
    const key = randomBytes(16).toString('base64');
    const socket = net.connect({ port, host: '127.0.0.1' });
    let buf = Buffer.alloc(0);
    let result: WebSocketResult | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`websocket 127.0.0.1:${port}${path}: no answer in ${timeoutMs} ms (got ${JSON.stringify(buf.toString())})`));
    }, timeoutMs);
    const done = (r: WebSocketResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('connect', () =>
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (!result) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [statusLine, ...lines] = buf.subarray(0, end).toString().split('\r\n');
        const headers: Record<string, string> = {};
        for (const l of lines) {
          const i = l.indexOf(':');
          headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
        }
        const status = Number(statusLine!.split(' ')[1]);
        result = { status, headers, acceptOk: headers['sec-websocket-accept'] === acceptKey(key) };
        buf = buf.subarray(end + 4);
        if (status !== 101) {
          const len = Number(headers['content-length'] ?? 0);
          const finish = () => done({ ...result!, body: buf.toString() });
          if (buf.length >= len) return finish();
          socket.on('end', finish);
          return;
        }
        socket.write(encodeFrame(0x1, Buffer.from(text), randomBytes(4)));
      }
      if (result.status === 101) {
        const f = decodeFrame(buf);
        if (f) {
          socket.write(encodeFrame(0x8, Buffer.alloc(0), randomBytes(4)));
          done({ ...result, echo: f.payload.toString() });
        }
      } else {
        const len = Number(result.headers['content-length'] ?? 0);
        if (buf.length >= len) done({ ...result, body: buf.toString() });
      }
    });
  });
}
