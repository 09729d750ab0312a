// A Gateway's `spec.tls.backend` (Gateway API v1.6): the client certificate Envoy presents to every
// backend that speaks TLS, read as Envoy Gateway v1.9's ProcessGatewayTLS reads it (checks, words
// and the Gateway's ResolvedRefs reasons). A failure leaves no client certificate, not an error.
import type { Loaded } from '../1-load/types';
import type { Gateway } from '../api/gateway';
import { GATEWAY_GROUP } from '../api/meta';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { spanAt } from '../source';
import type { DataSources } from './ca-bundle';
import { referencePermitted } from './lookup';
import type { Condition, GatewayNode, UpstreamClientTls } from './types';
import { readClientCertificate } from './upstream-tls';

/** The client side a Gateway gives its backends, and its ResolvedRefs condition when the ref cannot be used. */
export interface GatewayBackendTls {
  client?: UpstreamClientTls;
  condition?: Condition;
}

/** Envoy Gateway's checks, in its order: the reason and message of the first that fails. */
function problem(gw: Loaded<Gateway>, src: DataSources): { reason: string; message: string } | { ns: string; name: string } {
  const ref = gw.value.spec.tls!.backend!.clientCertificateRef!;
  const kind = ref.kind ?? 'Secret';
  if (kind !== 'Secret')
    return {
      reason: 'InvalidClientCertificateRef',
      message: `Invalid backend client certificate reference for gateway: invalid client certificate reference kind: ${kind}`,
    };
  if ((ref.group ?? '') !== '')
    return {
      reason: 'InvalidClientCertificateRef',
      message: `Invalid backend client certificate reference for gateway: invalid client certificate reference group: ${ref.group}`,
    };
  const { namespace } = gw.value.metadata;
  const ns = ref.namespace || namespace;
  if (
    ns !== namespace &&
    !referencePermitted(src.lookup, { group: GATEWAY_GROUP, kind: 'Gateway', namespace }, { group: '', kind: 'Secret', namespace: ns, name: ref.name })
  )
    return { reason: 'RefNotPermitted', message: 'invalid cross-namespace reference to backend client certificate' };
  const secret = src.lookup.secrets.get(`${ns}/${ref.name}`);
  if (!secret) return { reason: 'InvalidClientCertificateRef', message: 'failed to get backend client certs for gateway' };
  const data = secret.value.data ?? {};
  if (data['tls.crt'] === undefined || data['tls.key'] === undefined)
    return {
      reason: 'InvalidClientCertificateRef',
      message: `invalid backend client cert secret for gateway: secret ${ns}/${ref.name} must contain 'tls.crt' and 'tls.key' fields`,
    };
  return { ns, name: ref.name };
}

/** The Gateway's backend client certificate, or why it has none (reported at the ref). */
export function resolveGatewayBackendTls(gw: Loaded<Gateway>, src: DataSources, diags: Diagnostics): GatewayBackendTls {
  if (!gw.value.spec.tls?.backend?.clientCertificateRef) return {};
  const at = spanAt(gw.src, ['spec', 'tls', 'backend', 'clientCertificateRef']);
  const id = `${gw.value.metadata.namespace}/${gw.value.metadata.name}`;
  const fail = (f: { reason: string; message: string }): GatewayBackendTls => {
    diags.add(d.gatewayBackendTlsInvalid(at, id, f.message));
    return { condition: { type: 'ResolvedRefs', status: 'False', reason: f.reason, message: f.message } };
  };
  const found = problem(gw, src);
  if ('reason' in found) return fail(found);
  // Envoy Gateway hands the Secret to Envoy unread; envoyc checks it as Envoy will load it.
  const cert = readClientCertificate(found.ns, found.name, src);
  if ('error' in cert) return fail({ reason: 'InvalidClientCertificateRef', message: cert.error });
  return { client: { certificate: cert } };
}

/**
 * The client settings every TLS backend of a Gateway gets (Envoy Gateway's GetBackendTLSConfig): its
 * `spec.tls.backend` when it has one, even one that failed (which gives none); else its EnvoyProxy's
 * `backendTLS`, whose failure invalidates each backendRef that speaks TLS.
 */
export function gatewayClientTls(gateway: GatewayNode | undefined): UpstreamClientTls | { error: string } | undefined {
  return gateway?.backendTls ? gateway.backendTls.client : gateway?.envoyProxy?.backendTls;
}
