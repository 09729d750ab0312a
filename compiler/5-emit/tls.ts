import type { IrClientValidation, IrDownstreamTls, IrGenericSecret, IrSecret, IrTlsParams, IrValidationSecret } from '../ir';
import { typed } from './common';
import { buildDataSource } from './data-source';
import type { Message, Secret } from './envoy';
import { buildStringMatcher } from './string-matcher';

/** `tls_params`, or undefined when none is set. */
export function buildTlsParams(p: IrTlsParams | undefined): Message | undefined {
  if (!p) return undefined;
  return {
    ...(p.minVersion ? { tls_minimum_protocol_version: p.minVersion } : {}),
    ...(p.maxVersion ? { tls_maximum_protocol_version: p.maxVersion } : {}),
    ...(p.ciphers ? { cipher_suites: p.ciphers } : {}),
    ...(p.ecdhCurves ? { ecdh_curves: p.ecdhCurves } : {}),
    ...(p.signatureAlgorithms ? { signature_algorithms: p.signatureAlgorithms } : {}),
  };
}

/**
 * The validation context of `common_tls_context` (Envoy Gateway's setTLSValidationContext): the CA
 * secret by name, combined with a default context when there are checks beyond the CA.
 */
function buildValidationContext(v: IrClientValidation): Message {
  const context: Message = {
    ...(v.acceptUntrusted ? { trust_chain_verification: 'ACCEPT_UNTRUSTED' } : {}),
    ...(v.allowExpired ? { allow_expired_certificate: true } : {}),
    ...(v.spkiHashes.length ? { verify_certificate_spki: v.spkiHashes } : {}),
    ...(v.certificateHashes.length ? { verify_certificate_hash: v.certificateHashes } : {}),
    ...(v.subjectAltNames.length
      ? {
          match_typed_subject_alt_names: v.subjectAltNames.map((s) => ({
            san_type: s.type,
            matcher: buildStringMatcher(s.match),
            ...(s.oid ? { oid: s.oid } : {}),
          })),
        }
      : {}),
  };
  if (!v.caSecret) return { validation_context: context };
  const sds = { name: v.caSecret };
  return Object.keys(context).length
    ? { combined_validation_context: { default_validation_context: context, validation_context_sds_secret_config: sds } }
    : { validation_context_sds_secret_config: sds };
}

/** `DownstreamTlsContext`; QUIC listeners offer `h3` and nothing else by ALPN. */
function buildDownstreamTlsContext(tls: IrDownstreamTls, quic: boolean): Message {
  const params = buildTlsParams(tls.params);
  const alpn = quic ? ['h3'] : tls.alpnProtocols;
  const v = tls.clientValidation;
  return {
    common_tls_context: {
      ...(params ? { tls_params: params } : {}),
      tls_certificate_sds_secret_configs: tls.certificates.map((name) => ({ name })),
      ...(alpn.length ? { alpn_protocols: alpn } : {}),
      ...(v ? buildValidationContext(v) : {}),
    },
    ...(v ? { require_client_certificate: v.requireClientCertificate } : {}),
    // Envoy Gateway turns session resumption off unless a policy asks for it.
    ...(tls.sessionResumption?.stateful ? {} : { disable_stateful_session_resumption: true }),
    ...(tls.sessionResumption?.stateless ? {} : { disable_stateless_session_resumption: true }),
  };
}

/** `transport_socket` with a DownstreamTlsContext whose certificates are static secrets by name. */
export function buildDownstreamTlsSocket(tls: IrDownstreamTls): Message {
  return {
    name: 'envoy.transport_sockets.tls',
    typed_config: typed('envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext', buildDownstreamTlsContext(tls, false)),
  };
}

/** The QUIC `transport_socket` of an HTTP/3 chain. */
export function buildQuicTransportSocket(tls: IrDownstreamTls): Message {
  return {
    name: 'envoy.transport_sockets.quic',
    typed_config: typed('envoy.extensions.transport_sockets.quic.v3.QuicDownstreamTransport', {
      downstream_tls_context: buildDownstreamTlsContext(tls, true),
    }),
  };
}

/** `envoy.extensions.transport_sockets.tls.v3.Secret`: a certificate and its key, inline or as files. */
export function buildSecret(s: IrSecret): Secret {
  return { name: s.name, tls_certificate: { certificate_chain: buildDataSource(s.certificateChain), private_key: buildDataSource(s.privateKey) } };
}

/** A validation context secret: the trusted CA bundle and its CRL. */
export function buildValidationSecret(s: IrValidationSecret): Secret {
  return {
    name: s.name,
    validation_context: {
      trusted_ca: 'systemPath' in s.trustedCa ? { filename: s.trustedCa.systemPath } : buildDataSource(s.trustedCa),
      ...(s.crl ? { crl: buildDataSource(s.crl), ...(s.onlyVerifyLeafCertCrl ? { only_verify_leaf_cert_crl: true } : {}) } : {}),
    },
  };
}

/** A generic secret (an injected credential), inline or as a file. */
export function buildGenericSecret(s: IrGenericSecret): Secret {
  return { name: s.name, generic_secret: { secret: buildDataSource(s.secret) } };
}
