// The DownstreamTlsContext of a TLS listener with its client side: a ClientTrafficPolicy's `tls`
// over the Gateway's `spec.tls.frontend` validation. Precedence (Envoy Gateway v1.9): the Gateway
// sets the listener's validation first (a per-port entry over the default); a policy's
// `tls.clientValidation` then replaces its mode and checks, and its CA bundle replaces the
// Gateway's when it names one (with mode Request or RequireAny and no CA, the Gateway's CA stays).
import type { ListenerNode } from '../2-resolve/types';
import { readClientTls, type ClientTlsData } from '../3-merge/kinds/clienttrafficpolicy';
import type { ClientTrafficPolicySpec, ClientValidation } from '../api/clienttrafficpolicy';
import type { IrClientValidation, IrDownstreamTls, IrSanMatch, IrTlsParams, IrValidationSecret } from '../ir';
import type { CompileOptions } from '../options';
import { stringMatch } from './client-settings';
import type { DataSources } from '../2-resolve/ca-bundle';
import { lowerSecretData } from './secrets';
/** Envoy Gateway's TLS version names → `TlsParameters.TlsProtocol`. */

export const TLS_VERSION: Record<string, NonNullable<IrTlsParams['minVersion']>> = {
  Auto: 'TLS_AUTO',
  '1.0': 'TLSv1_0',
  '1.1': 'TLSv1_1',
  '1.2': 'TLSv1_2',
  '1.3': 'TLSv1_3',
};

const base64 = (pem: string) => Buffer.from(pem, 'latin1').toString('base64');

/** Envoy Gateway's convertClientValidationModeType. */
function modeSettings(mode: ClientTlsData['mode']): Pick<IrClientValidation, 'requireClientCertificate' | 'acceptUntrusted'> {
  return { requireClientCertificate: mode === 'RequireAny' || mode === 'RequireAndVerify', acceptUntrusted: mode === 'Request' || mode === 'RequireAny' };
}

function sanMatches(v: ClientValidation): IrSanMatch[] {
  const s = v.subjectAltNames;
  if (!s) return [];
  return [
    ...(s.dnsNames ?? []).map((m) => ({ type: 'DNS' as const, match: stringMatch(m) })),
    ...(s.emailAddresses ?? []).map((m) => ({ type: 'EMAIL' as const, match: stringMatch(m) })),
    ...(s.ipAddresses ?? []).map((m) => ({ type: 'IP_ADDRESS' as const, match: stringMatch(m) })),
    ...(s.uris ?? []).map((m) => ({ type: 'URI' as const, match: stringMatch(m) })),
    ...(s.otherNames ?? []).map((m) => ({ type: 'OTHER_NAME' as const, oid: m.oid, match: stringMatch(m) })),
  ];
}

/** The Gateway's frontend validation of an HTTPS listener, and the secret holding its CA. */
function frontendValidation(l: ListenerNode, opts: CompileOptions): { validation?: IrClientValidation; secret?: IrValidationSecret } {
  const f = l.tls?.frontend;
  if (!f) return {};
  const owner = f.name.slice(0, -'/ca.crt'.length);
  const secret: IrValidationSecret = { name: f.name, trustedCa: lowerSecretData(owner, 'ca.crt', base64(f.pem), false, opts) };
  const validation: IrClientValidation = {
    ...modeSettings(f.mode),
    caSecret: f.name,
    allowExpired: false,
    spkiHashes: [],
    certificateHashes: [],
    subjectAltNames: [],
  };
  return { validation, secret };
}

/** A policy's client validation over what the Gateway set, and the CA secret it brings. */
function policyValidation(
  v: ClientValidation,
  data: ClientTlsData,
  policy: { namespace: string; name: string },
  gateway: IrClientValidation | undefined,
  opts: CompileOptions,
): { validation: IrClientValidation; secret?: IrValidationSecret } {
  const owner = `clienttrafficpolicy/${policy.namespace}/${policy.name}`;
  const name = `${policy.namespace}/${policy.name}/ca.crt`;
  const secret: IrValidationSecret | undefined = data.ca
    ? {
        name,
        trustedCa: lowerSecretData(owner, 'ca.crt', base64(data.ca.pem), false, opts),
        ...(data.crl
          ? { crl: lowerSecretData(owner, 'ca.crl', base64(data.crl.pem), false, opts), onlyVerifyLeafCertCrl: v.crl?.onlyVerifyLeafCertificate ?? false }
          : {}),
      }
    : undefined;
  const caSecret = secret?.name ?? gateway?.caSecret;
  const validation: IrClientValidation = {
    ...modeSettings(data.mode),
    ...(caSecret ? { caSecret } : {}),
    allowExpired: v.allowExpiredCertificate ?? false,
    spkiHashes: [...(v.spkiHashes ?? [])],
    certificateHashes: [...(v.certificateHashes ?? [])],
    subjectAltNames: sanMatches(v),
  };
  return { validation, ...(secret ? { secret } : {}) };
}

/** What a listener's TLS becomes; `policy` is the applied ClientTrafficPolicy when it translated. */
export function lowerDownstreamTls(
  tls: IrDownstreamTls,
  l: ListenerNode,
  policy: { spec: ClientTrafficPolicySpec; namespace: string; name: string } | undefined,
  src: DataSources,
  opts: CompileOptions,
): { tls: IrDownstreamTls; secrets: IrValidationSecret[] } {
  const gw = frontendValidation(l, opts);
  const secrets = gw.secret ? [gw.secret] : [];
  const out: IrDownstreamTls = { ...tls, ...(gw.validation ? { clientValidation: gw.validation } : {}) };
  if (!policy) return { tls: out, secrets };
  const t = policy.spec.tls;
  // Any policy on a TLS listener pins the versions to TLS 1.2–1.3 unless it says otherwise.
  out.params = { minVersion: TLS_VERSION[t?.minVersion ?? '1.2']!, maxVersion: TLS_VERSION[t?.maxVersion ?? '1.3']! };
  if (!t) return { tls: out, secrets };
  if (t.ciphers?.length) out.params.ciphers = [...t.ciphers];
  if (t.ecdhCurves?.length) out.params.ecdhCurves = [...t.ecdhCurves];
  if (t.signatureAlgorithms?.length) out.params.signatureAlgorithms = [...t.signatureAlgorithms];
  if (t.alpnProtocols) out.alpnProtocols = [...t.alpnProtocols];
  const r = t.session?.resumption;
  if (r) out.sessionResumption = { stateful: r.stateful !== undefined, stateless: r.stateless !== undefined };
  const { data } = readClientTls(t, policy.namespace, src);
  if (t.clientValidation && data) {
    const pv = policyValidation(t.clientValidation, data, policy, gw.validation, opts);
    out.clientValidation = pv.validation;
    if (pv.secret) secrets.push(pv.secret);
    // A CRL with the Gateway's CA: Envoy Gateway puts it in that secret.
    else if (data.crl && gw.secret && pv.validation.caSecret === gw.secret.name) {
      gw.secret.crl = lowerSecretData(`clienttrafficpolicy/${policy.namespace}/${policy.name}`, 'ca.crl', base64(data.crl.pem), false, opts);
      gw.secret.onlyVerifyLeafCertCrl = t.clientValidation.crl?.onlyVerifyLeafCertificate ?? false;
    }
  }
  if (out.clientValidation && !secrets.some((s) => s.name === out.clientValidation!.caSecret)) delete out.clientValidation.caSecret;
  return { tls: out, secrets: secrets.filter((s) => s.name === out.clientValidation?.caSecret) };
}
