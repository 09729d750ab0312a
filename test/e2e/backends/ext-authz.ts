/**
 * An external authorization service (Envoy's `envoy.service.auth.v3.Authorization/Check`) on
 * 127.0.0.1 over node:http2 with hand-written protobuf: it allows a request whose headers hold
 * `x-allow: yes` (the CheckRequest's header map entry, found in the message bytes) and denies any
 * other with PERMISSION_DENIED. It counts the checks it answered.
 */
import { frame, listenHttp2, unframe } from './grpc';

const CHECK = '/envoy.service.auth.v3.Authorization/Check';

/** The map entry `x-allow: yes` as protobuf writes it: key (1) and value (2), length-delimited. */
const ALLOW_ENTRY = Buffer.from([0x0a, 7, ...Buffer.from('x-allow'), 0x12, 3, ...Buffer.from('yes')]);
/** CheckResponse{status (1): google.rpc.Status{code (1)}}: OK (0) or PERMISSION_DENIED (7). */
const ALLOWED = Buffer.from([0x0a, 0x00]);
const DENIED = Buffer.from([0x0a, 0x02, 0x08, 0x07]);

export interface ExtAuthzServer {
  port: number;
  checks: number;
  close(): Promise<void>;
}

export async function startExtAuthzServer(): Promise<ExtAuthzServer> {
  const authz: ExtAuthzServer = { port: 0, checks: 0, close: async () => {} };
  const listening = await listenHttp2((stream, headers) => {
    if (headers[':path'] !== CHECK) {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12' }, { endStream: true });
      return;
    }
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const [request] = unframe(Buffer.concat(chunks));
      authz.checks++;
      stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
      stream.end(frame(request && request.includes(ALLOW_ENTRY) ? ALLOWED : DENIED));
    });
  });
  authz.port = listening.port;
  authz.close = listening.close;
  return authz;
}
