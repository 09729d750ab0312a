import type { IrUpstreamTls } from '../ir';
import { typed } from './common';
import type { Message } from './envoy';
import { buildTlsParams } from './tls';

const UPSTREAM_TLS_CONTEXT = 'envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext';

/**
 * The validation context of an upstream (Envoy Gateway's buildValidationContext): the CA secret by
 * name, with a default context holding the SAN checks (empty when there are none).
 */
function buildUpstreamValidation(v: NonNullable<IrUpstreamTls['validation']>): Message {
  const sans = v.subjectAltNames.map((s) => ({ san_type: s.type, matcher: { exact: s.exact } }));
  return {
    combined_validation_context: {
      default_validation_context: sans.length ? { match_typed_subject_alt_names: sans } : {},
      validation_context_sds_secret_config: { name: v.caSecret },
    },
  };
}

/** `envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext` (Envoy Gateway's buildXdsUpstreamTLSSocketWthCert). */
export function buildUpstreamTlsContext(t: IrUpstreamTls): Message {
  const params = buildTlsParams(t.params);
  return {
    common_tls_context: {
      ...(params && Object.keys(params).length ? { tls_params: params } : {}),
      ...(t.alpnProtocols ? { alpn_protocols: t.alpnProtocols } : {}),
      ...(t.clientCertificates.length ? { tls_certificate_sds_secret_configs: t.clientCertificates.map((name) => ({ name })) } : {}),
      ...(t.validation ? buildUpstreamValidation(t.validation) : {}),
    },
    ...(t.sni !== undefined ? { sni: t.sni } : {}),
    ...(t.autoHostSni ? { auto_host_sni: true } : {}),
    ...(t.autoSniSanValidation ? { auto_sni_san_validation: true } : {}),
  };
}

/** `transport_socket` speaking TLS to the upstream. */
export function buildUpstreamTlsSocket(t: IrUpstreamTls): Message {
  return { name: 'envoy.transport_sockets.tls', typed_config: typed(UPSTREAM_TLS_CONTEXT, buildUpstreamTlsContext(t)) };
}

/**
 * The cluster-wide socket Envoy Gateway writes beside `transport_socket_matches` when ALPN picks
 * the HTTP version (`auto_config` needs a TLS transport socket; the matches are what endpoints use).
 */
export const PLACEHOLDER_TLS_SOCKET: Message = {
  name: 'dummy.transport_socket',
  typed_config: typed(UPSTREAM_TLS_CONTEXT, { common_tls_context: {} }),
};
