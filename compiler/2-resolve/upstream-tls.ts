// Upstream TLS data as Envoy Gateway v1.9 reads it (internal/gatewayapi/backendtlspolicy.go): CA
// bundles from caCertificateRefs (getCaCertsFromCARefs), client certificates (processClientTLSSettings)
// and a Backend's `spec.tls`. BackendTLSPolicy (3-merge) and Backends (here) share these readers;
// 4-lower merges what they give in one builder (4-lower/upstream-tls.ts).
import type { Backend } from '../api/backend';
import { decodeSecretData, parseServingCertificate } from './certificates';
import { pick, validCaCertificates, type DataSources } from './ca-bundle';
import type { BackendTlsData, TlsSecret, UpstreamClientTls } from './types';

/** A CA reference as BackendTLSPolicy and Backend write it (local: the owner's namespace). */
export interface LocalCaRef {
  group?: string;
  kind: string;
  name: string;
}

/** Why a CA bundle could not be read: Envoy Gateway's words, and whether the refs' kinds were the problem. */
export interface CaProblem {
  message: string;
  /** No ref was of a supported kind (BackendTLSPolicy's ResolvedRefs reason `InvalidKind`). */
  invalidKind: boolean;
  /** The ref it is about, when one is. */
  index?: number;
}

/** Secrets of this type point at an SDS server; they need Envoy Gateway's SDS setting, which has no offline equivalent. */
const SDS_SECRET_TYPE = 'gateway.envoyproxy.io/sds';

/** The keys Envoy Gateway looks for, in order, before taking a map's sole entry. */
const CA_KEYS = ['ca.crt', 'tls.crt'];

/** One ref's PEM text, or Envoy Gateway's error; undefined for a kind it skips. */
function readOne(ref: LocalCaRef, ns: string, src: DataSources): string | { error: string } | undefined {
  if (ref.kind === 'ConfigMap') {
    const cm = src.configMaps.get(`${ns}/${ref.name}`);
    if (!cm) return { error: `configmap ${ref.name} not found in namespace ${ns}` };
    const found = pick(cm.value.data ?? {}, CA_KEYS);
    return found ? found[1] : { error: `no ca found in configmap ${ref.name}` };
  }
  if (ref.kind === 'Secret') {
    const secret = src.lookup.secrets.get(`${ns}/${ref.name}`);
    if (!secret) return { error: `secret ${ref.name} not found in namespace ${ns}` };
    if (secret.value.type === SDS_SECRET_TYPE) return { error: 'SDS Secret reference is not enabled in EnvoyGateway configuration' };
    const found = pick(secret.value.data ?? {}, CA_KEYS);
    return found ? decodeSecretData(found[1]).toString('latin1') : { error: `no ca found in secret ${ref.name}` };
  }
  if (ref.kind === 'ClusterTrustBundle') {
    const bundle = src.lookup.clusterTrustBundles.get(ref.name);
    return bundle ? bundle.value.spec.trustBundle : { error: `cluster trust bundle ${ref.name} not found` };
  }
  return undefined;
}

/**
 * Envoy Gateway's getCaCertsFromCARefs for an owner that may not refer across namespaces: each
 * ref's data joined by newlines, refs of other kinds skipped. Then what Envoy does with the
 * bundle: every PEM block must parse as a certificate (Envoy Gateway passes it unread and Envoy
 * would refuse the cluster's secret; envoyc says so here).
 */
export function readUpstreamCa(refs: readonly LocalCaRef[], ns: string, src: DataSources): { pem: string } | CaProblem {
  let ca = '';
  let supported = false;
  for (const [index, ref] of refs.entries()) {
    const text = readOne(ref, ns, src);
    if (text === undefined) continue;
    supported = true;
    if (typeof text !== 'string') return { message: text.error, invalidKind: false, index };
    if (text === '') continue;
    ca = ca === '' ? text : `${ca}\n${text}`;
  }
  if (ca === '') {
    if (!supported)
      return { message: 'Unsupported reference kind, supported kinds are ConfigMap, Secret, and ClusterTrustBundle in caCertificateRefs', invalidKind: true };
    return { message: 'no valid CA certificate found in referenced resources', invalidKind: false };
  }
  const valid = validCaCertificates(ca);
  if ('error' in valid) return { message: `the CA bundle does not parse: ${valid.error}`, invalidKind: false };
  if (valid.dropped > 0)
    return { message: `the CA bundle does not parse: ${valid.dropped} PEM block(s) are not certificates (x509: malformed certificate)`, invalidKind: false };
  return { pem: valid.pem };
}

/** A client certificate Secret, checked as a serving certificate is (Envoy loads it the same way). */
export function readClientCertificate(ns: string, name: string, src: Pick<DataSources, 'lookup'>): TlsSecret | { error: string } {
  const secret = src.lookup.secrets.get(`${ns}/${name}`);
  if (!secret) return { error: `secret ${ns}/${name} not found` };
  if (secret.value.type === SDS_SECRET_TYPE) return { error: 'SDS Secret reference is not enabled in EnvoyGateway configuration' };
  const data = secret.value.data ?? {};
  const parsed = parseServingCertificate(`${ns}/${name}`, decodeSecretData(data['tls.crt'] ?? ''), decodeSecretData(data['tls.key'] ?? ''));
  if ('error' in parsed) return { error: parsed.error };
  return { name: `${ns}/${name}`, certificateChain: parsed.certificateChain, privateKey: parsed.privateKey };
}

/** Envoy Gateway's `BackendTLSConfig` inline in a Backend's `tls`: present when any of its fields is set. */
function hasClientConfig(t: NonNullable<Backend['spec']['tls']>): boolean {
  return [t.clientCertificateRef, t.ciphers, t.ecdhCurves, t.signatureAlgorithms, t.minVersion, t.maxVersion, t.alpnProtocols, t.fingerprints].some(
    (v) => v !== undefined,
  );
}

/** Client TLS settings as Backend's `tls` and EnvoyProxy's `backendTLS` write them (Envoy Gateway's BackendTLSConfig). */
type ClientTlsSettings = Pick<
  NonNullable<Backend['spec']['tls']>,
  'clientCertificateRef' | 'ciphers' | 'ecdhCurves' | 'signatureAlgorithms' | 'minVersion' | 'maxVersion' | 'alpnProtocols'
>;

/**
 * Client settings as Envoy Gateway's processClientTLSSettings reads them for their `owner` (a
 * Backend or an EnvoyProxy): the certificate must live in the owner's namespace; or its error.
 */
export function readClientTls(
  t: ClientTlsSettings,
  owner: { kind: string; namespace: string; name: string },
  src: Pick<DataSources, 'lookup'>,
): UpstreamClientTls | { error: string } {
  const { kind, namespace, name } = owner;
  const out: UpstreamClientTls = {
    ...(t.ciphers?.length ? { ciphers: [...t.ciphers] } : {}),
    ...(t.ecdhCurves?.length ? { ecdhCurves: [...t.ecdhCurves] } : {}),
    ...(t.signatureAlgorithms?.length ? { signatureAlgorithms: [...t.signatureAlgorithms] } : {}),
    ...(t.minVersion !== undefined ? { minVersion: t.minVersion } : {}),
    ...(t.maxVersion !== undefined ? { maxVersion: t.maxVersion } : {}),
    ...(t.alpnProtocols !== undefined ? { alpnProtocols: [...t.alpnProtocols] } : {}),
  };
  const ref = t.clientCertificateRef;
  if (!ref) return out;
  const ns = ref.namespace || namespace;
  if (ns !== namespace)
    return {
      error: `ClientCertificateRef Secret is not located in the same namespace as ${kind}. Secret namespace: ${ns} does not match ${kind} namespace: ${namespace}`,
    };
  if (!src.lookup.secrets.has(`${ns}/${ref.name}`))
    return { error: `failed to locate TLS secret for client auth: ${namespace}/${ref.name} specified in ${kind} ${namespace}/${name}` };
  const cert = readClientCertificate(ns, ref.name, src);
  return 'error' in cert ? cert : { ...out, certificate: cert };
}

/**
 * A Backend's `spec.tls` as Envoy Gateway v1.9 translates it (processServerValidationTLSSettings,
 * processClientTLSSettings), or the route error it gives (`InvalidBackendTLS`). The CA secret is
 * named `<backend>/<ns>-ca`, Envoy Gateway's name (name before namespace).
 */
export function readBackendTls(b: Backend, src: DataSources): BackendTlsData | { error: string } {
  const t = b.spec.tls!;
  const { namespace, name } = b.metadata;
  const out: BackendTlsData = {
    insecureSkipVerify: t.insecureSkipVerify,
    autoSniFromEndpointHostname: t.autoSNIFromEndpointHostname ?? false,
    ...(t.sni !== undefined ? { sni: t.sni } : {}),
  };
  if (!t.insecureSkipVerify) {
    if (t.wellKnownCACertificates === 'System') out.ca = { type: 'system' };
    else if (t.caCertificateRefs?.length) {
      const ca = readUpstreamCa(t.caCertificateRefs, namespace, src);
      if ('message' in ca) return { error: ca.message };
      out.ca = { type: 'pem', pem: ca.pem, name: `${name}/${namespace}-ca` };
    }
  }
  if (!hasClientConfig(t)) return out;
  const client = readClientTls(t, { kind: 'Backend', namespace, name }, src);
  return 'error' in client ? client : { ...out, client };
}
