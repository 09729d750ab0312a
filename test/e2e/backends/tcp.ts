/**
 * Plain TCP backends on 127.0.0.1: an echo server that can also answer a health-check payload,
 * and a "blackhole" whose connections never complete (for connect timeouts), all registered for
 * cleanup.
 */
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { onCleanup, waitFor } from '../harness';

export interface TcpBackend {
  name: string;
  port: number;
  /** Connections accepted so far (health checks included). */
  readonly connections: number;
  /** Bytes received, all connections. */
  received(): string;
  /** For a chunk equal to `health.ping`, the answer (instead of an echo); `null`: echo it. */
  health: { ping: string; answer: string | null };
  close(): Promise<void>;
}

/** Echoes what it receives; a chunk equal to `health.ping` gets `health.answer` instead. */
export async function startTcpEcho(name: string, health: { ping: string; answer: string | null } = { ping: 'ping', answer: 'pong' }): Promise<TcpBackend> {
  const sockets = new Set<net.Socket>();
  const chunks: Buffer[] = [];
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.on('data', (data) => {
      chunks.push(data);
      if (data.toString() === backend.health.ping) {
        if (backend.health.answer !== null) socket.write(backend.health.answer);
        return;
      }
      socket.write(data);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const backend: TcpBackend = {
    name,
    port: (server.address() as net.AddressInfo).port,
    get connections() {
      return connections;
    },
    received: () => Buffer.concat(chunks).toString(),
    health,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  onCleanup(() => backend.close());
  return backend;
}

/** Sends `data` on a new connection to 127.0.0.1:port and resolves with what comes back once `until` holds (bounded). */
export function tcpExchange(port: number, data: string, until: (got: string) => boolean, timeoutMs = 3_000, localAddress?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const socket = net.connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) }, () => socket.write(data));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`tcp 127.0.0.1:${port}: got ${JSON.stringify(got)} after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (d) => {
      got += d.toString();
      if (until(got)) {
        clearTimeout(timer);
        socket.end();
        resolve(got);
      }
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (!until(got)) reject(new Error(`tcp 127.0.0.1:${port} closed after ${JSON.stringify(got)}`));
    });
  });
}

// The listener lives in a worker thread that blocks right after listen(): its event loop never
// runs again, so nothing ever calls accept(). Once the small accept queue is full, the kernel
// drops further SYNs and a connect to this port just hangs: a blackhole on loopback.
const BLACKHOLE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
const server = net.createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(new Int32Array(workerData.stop), 0, 0);
  server.close();
});
`;

export interface Blackhole {
  port: number;
  close(): Promise<void>;
}

/** A 127.0.0.1 port on which a TCP connect never completes (until `close()`). */
export async function startBlackhole(): Promise<Blackhole> {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(BLACKHOLE_WORKER, { eval: true, workerData: { stop } });
  const fillers: net.Socket[] = [];
  const close = async () => {
    Atomics.store(new Int32Array(stop), 0, 1);
    Atomics.notify(new Int32Array(stop), 0);
    for (const s of fillers) s.destroy();
    await worker.terminate();
  };
  onCleanup(close);
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  // Fill the accept queue: connect until a connect does not complete.
  await waitFor(
    `a full accept queue on 127.0.0.1:${port}`,
    () =>
      new Promise<boolean>((resolve) => {
        const s = net.connect({ port, host: '127.0.0.1' });
        s.on('error', () => {});
        fillers.push(s);
        const timer = setTimeout(() => resolve(true), 200);
        s.once('connect', () => {
          clearTimeout(timer);
          resolve(false);
        });
      }),
    { timeoutMs: 5_000, intervalMs: 0 },
  );
  return { port, close };
}
