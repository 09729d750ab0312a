// Upstream TLS of one backendRef, merged as Envoy Gateway v1.9's applyBackendTLSSetting merges it:
// server validation from the Backend's own `tls` and the BackendTLSPolicy in force (the policy's
// CA, SNI and SANs win), client settings from the Backend and from the Gateway's (`spec.tls.backend`,
// else its EnvoyProxy's `backendTLS`: `proxy`, as Envoy Gateway's GetBackendTLSConfig picks it; the
// Backend's win), then TLS 1.2–1.3 unless set. The one place upstream TLS is decided.
import type { PolicyTlsData } from '../3-merge/kinds/backendtlspolicy';
import { SYSTEM_TRUST_STORE_SECRET } from '../3-merge/kinds/backendtlspolicy';
import type { BackendTlsData, TlsSecret, UpstreamCa, UpstreamClientTls } from '../2-resolve/types';
import type { IrUpstreamSan, IrUpstreamTls, IrValidationSecret } from '../ir';
import type { CompileOptions } from '../options';
import { TLS_VERSION } from './client-tls';
import { lowerSecretData } from './secrets';

/** Where one backendRef's upstream TLS comes from. */
export interface UpstreamTlsSources {
  /** The Backend's own `spec.tls`. */
  backend?: BackendTlsData;
  /** The BackendTLSPolicy in force for the backendRef. */
  policy?: PolicyTlsData;
  /** Client settings for every backend of the Gateway: its `spec.tls.backend` or its EnvoyProxy's `backendTLS`; or the error reading them. */
  proxy?: UpstreamClientTls | { error: string };
}

/** A backendRef's upstream TLS and the secrets it names; or Envoy Gateway's error (the backendRef is invalid). */
export type LoweredUpstreamTls = UsableUpstreamTls | { error: string };

/** An upstream TLS that can be used, and the secrets it names. */
export interface UsableUpstreamTls {
  tls: IrUpstreamTls;
  caSecret?: IrValidationSecret;
  certificates: TlsSecret[];
}

/** Server validation, Envoy Gateway's TLSUpstreamConfig without the client part. */
interface ServerSide {
  insecureSkipVerify: boolean;
  autoHostSni: boolean;
  sni?: string;
  ca?: UpstreamCa;
  subjectAltNames: IrUpstreamSan[];
}

/** Envoy Gateway's default versions when nothing sets them (applyBackendTLSSetting). */
const DEFAULT_MIN_VERSION = '1.2';
const DEFAULT_MAX_VERSION = '1.3';

/** mergeServerValidationTLSConfigs: the policy's CA, SNI (which turns auto host SNI off) and SANs over the Backend's. */
function serverSide(backend: BackendTlsData | undefined, policy: PolicyTlsData | undefined): ServerSide | undefined {
  const fromBackend: ServerSide | undefined = backend && {
    insecureSkipVerify: backend.insecureSkipVerify,
    autoHostSni: backend.autoSniFromEndpointHostname,
    ...(backend.sni !== undefined ? { sni: backend.sni } : {}),
    ...(backend.ca ? { ca: backend.ca } : {}),
    subjectAltNames: [],
  };
  if (!policy) return fromBackend;
  const sans = policy.subjectAltNames.map((s) => ({ type: s.type, exact: s.value }));
  if (!fromBackend) return { insecureSkipVerify: false, autoHostSni: false, sni: policy.sni, ca: policy.ca, subjectAltNames: sans };
  return { ...fromBackend, autoHostSni: false, sni: policy.sni, ca: policy.ca, subjectAltNames: sans };
}

/** mergeClientTLSConfigs: each of the Backend's client settings over the Gateway's. */
function clientSide(backend: UpstreamClientTls | undefined, proxy: UpstreamClientTls | undefined): UpstreamClientTls {
  const b = backend ?? {};
  const p = proxy ?? {};
  const list = (x: string[] | undefined, y: string[] | undefined) => (x?.length ? x : y);
  const out: UpstreamClientTls = {
    certificate: b.certificate ?? p.certificate,
    minVersion: b.minVersion ?? p.minVersion,
    maxVersion: b.maxVersion ?? p.maxVersion,
    ciphers: list(b.ciphers, p.ciphers),
    ecdhCurves: list(b.ecdhCurves, p.ecdhCurves),
    signatureAlgorithms: list(b.signatureAlgorithms, p.signatureAlgorithms),
    alpnProtocols: b.alpnProtocols ?? p.alpnProtocols,
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as UpstreamClientTls;
}

/** The CA secret a validation names: the bundle under its Envoy Gateway name, or the system trust store at `--system-ca-bundle`. */
function caSecret(ca: UpstreamCa, opts: CompileOptions): IrValidationSecret {
  if (ca.type === 'system') return { name: SYSTEM_TRUST_STORE_SECRET, trustedCa: { systemPath: opts.systemCaBundle.path } };
  return { name: ca.name, trustedCa: lowerSecretData(ca.name, 'ca.crt', Buffer.from(ca.pem, 'latin1').toString('base64'), false, opts) };
}

/**
 * One backendRef's upstream TLS: undefined when neither the Backend nor a policy asks for TLS (a
 * Gateway's client certificate alone does not turn it on, as in Envoy Gateway).
 */
export function lowerUpstreamTls(src: UpstreamTlsSources, opts: CompileOptions): LoweredUpstreamTls | undefined {
  const server = serverSide(src.backend, src.policy);
  if (!server) return undefined;
  if (!server.insecureSkipVerify && !server.ca) return { error: 'CACertificate must be specified when InsecureSkipVerify is false' };
  // Envoy Gateway reads the Gateway's client settings only for a backendRef that speaks TLS.
  if (src.proxy && 'error' in src.proxy) return { error: src.proxy.error };
  const client = clientSide(src.backend?.client, src.proxy);
  const secret = !server.insecureSkipVerify && server.ca ? caSecret(server.ca, opts) : undefined;
  // The SNI is checked against the certificate unless SANs are named (then it only picks the certificate).
  const sans: IrUpstreamSan[] = server.subjectAltNames.length || server.sni === undefined ? server.subjectAltNames : [{ type: 'DNS', exact: server.sni }];
  const tls: IrUpstreamTls = {
    ...(server.sni !== undefined ? { sni: server.sni } : {}),
    autoHostSni: server.autoHostSni,
    autoSniSanValidation: false,
    ...(secret ? { validation: { caSecret: secret.name, subjectAltNames: sans } } : {}),
    params: {
      minVersion: TLS_VERSION[client.minVersion ?? DEFAULT_MIN_VERSION]!,
      maxVersion: TLS_VERSION[client.maxVersion ?? DEFAULT_MAX_VERSION]!,
      ...(client.ciphers ? { ciphers: client.ciphers } : {}),
      ...(client.ecdhCurves ? { ecdhCurves: client.ecdhCurves } : {}),
      ...(client.signatureAlgorithms ? { signatureAlgorithms: client.signatureAlgorithms } : {}),
    },
    ...(client.alpnProtocols ? { alpnProtocols: client.alpnProtocols } : {}),
    clientCertificates: client.certificate ? [client.certificate.name] : [],
  };
  return { tls, ...(secret ? { caSecret: secret } : {}), certificates: client.certificate ? [client.certificate] : [] };
}

/**
 * What Envoy Gateway decides per cluster from all its backendRefs' TLS (buildXdsCluster): SNI from
 * the request's host when every backendRef speaks TLS and none names an SNI, and the SAN check of
 * the SNI Envoy sends when nothing else names the SANs. `tcp`: no HTTP, so no SNI from a host.
 */
export function clusterTls(all: (IrUpstreamTls | undefined)[], tcp: boolean): { autoSni: boolean; allTls: boolean; tls: (IrUpstreamTls | undefined)[] } {
  const present = all.filter((t): t is IrUpstreamTls => t !== undefined);
  const allTls = !tcp && all.length > 0 && present.length === all.length;
  const autoSni = allTls && !present.some((t) => t.sni !== undefined) && !present.some((t) => t.autoHostSni);
  const tls = all.map((t) => {
    if (!t?.validation) return t;
    // Envoy's automatic check is for an SNI it picks itself, when no SAN is named.
    return { ...t, autoSniSanValidation: t.validation.subjectAltNames.length === 0 && (autoSni || t.autoHostSni) };
  });
  return { autoSni, allTls, tls };
}

/**
 * TLS to the host of a URL a policy names over https (a remote JWKS, an OIDC token endpoint), where
 * Envoy Gateway trusts the system's CAs: the same trust as a BackendTLSPolicy's
 * `wellKnownCACertificates: System` (`--system-ca-bundle`), the host as SNI and as the name checked.
 */
export function lowerSystemCaTls(host: string, opts: CompileOptions): UsableUpstreamTls {
  // A CA is given, so never Envoy Gateway's missing-CA error.
  return lowerUpstreamTls({ policy: { sni: host, ca: { type: 'system' }, subjectAltNames: [] } }, opts) as UsableUpstreamTls;
}
