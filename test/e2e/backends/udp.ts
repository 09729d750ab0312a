/** A UDP echo server on 127.0.0.1 and a bounded request/reply over UDP, registered for cleanup. */
import dgram from 'node:dgram';
import { onCleanup } from '../harness';

export interface UdpBackend {
  name: string;
  port: number;
  /** Datagrams received so far, as text. */
  received: string[];
  close(): Promise<void>;
}

/** Answers every datagram with `<name>:<datagram>`, so a reply says which backend it passed. */
export async function startUdpEcho(name: string): Promise<UdpBackend> {
  const socket = dgram.createSocket('udp4');
  const received: string[] = [];
  socket.on('message', (msg, from) => {
    received.push(msg.toString());
    socket.send(`${name}:${msg.toString()}`, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const backend: UdpBackend = {
    name,
    port: socket.address().port,
    received,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
  onCleanup(() => backend.close());
  return backend;
}

/**
 * Sends `data` to 127.0.0.1:port from one socket and resolves with the first reply. UDP may drop a
 * datagram (a listener not yet bound): it is sent again every `intervalMs`, `tries` times at most.
 */
export function udpExchange(port: number, data: string, tries = 20, intervalMs = 150): Promise<string> {
  const socket = dgram.createSocket('udp4');
  return new Promise<string>((resolve, reject) => {
    let sent = 0;
    const send = () => {
      if (sent++ === tries) {
        clearInterval(timer);
        socket.close();
        reject(new Error(`udp 127.0.0.1:${port}: no reply to ${JSON.stringify(data)} after ${tries} datagrams`));
        return;
      }
      socket.send(data, port, '127.0.0.1');
    };
    const timer = setInterval(send, intervalMs);
    socket.on('message', (msg) => {
      clearInterval(timer);
      socket.close();
      resolve(msg.toString());
    });
    socket.on('error', (err) => {
      clearInterval(timer);
      socket.close();
      reject(err);
    });
    send();
  });
}
