import type { IrDownstreamTls, IrSecret } from '../ir';
import { typed } from './common';
import { buildDataSource } from './data-source';
import type { Message, Secret } from './envoy';

/** `transport_socket` with a DownstreamTlsContext whose certificates are static secrets by name. */
export function buildDownstreamTlsSocket(tls: IrDownstreamTls): Message {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: typed('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext', {
      common_tls_context: {
        tls_certificate_sds_secret_configs: tls.certificates.map((name) => ({ name })),
        ...(tls.alpnProtocols.length ? { alpn_protocols: tls.alpnProtocols } : {}),
      },
      // Envoy Gateway turns session resumption off.
      disable_stateful_session_resumption: true,
      disable_stateless_session_resumption: true,
    }),
  };
}

/** `envoy.extensions.transport_sockets.tls.v3.Secret`: a certificate and its key, inline or as files. */
export function buildSecret(s: IrSecret): Secret {
  return { name: s.name, tls_certificate: { certificate_chain: buildDataSource(s.certificateChain), private_key: buildDataSource(s.privateKey) } };
}
