// A ClientTrafficPolicy's `tls` as Envoy Gateway's buildListenerTLSParameters reads it: cipher
// names, the client validation mode, the CA bundle (deduplicated) and CRLs from their refs. 3-merge
// reports the errors; 4-lower takes the data.
import { appendDeduplicated, crlProblem, readRefData, validCaCertificates, type DataSources, type FoundData } from '../../../2-resolve/ca-bundle';
import type { ClientTlsSettings } from '../../../api/clienttrafficpolicy';
import { ENVOY_GATEWAY_GROUP } from '../../../api/meta';
import type { NodePath } from '../../../source';

/** Envoy's cipher names Envoy Gateway accepts (OpenSSL names and their IANA spellings). */
const CIPHERS: ReadonlySet<string> = new Set(
  [
    ['ECDHE-ECDSA-AES128-GCM-SHA256', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'],
    ['ECDHE-RSA-AES128-GCM-SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
    ['ECDHE-ECDSA-AES256-GCM-SHA384', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384'],
    ['ECDHE-RSA-AES256-GCM-SHA384', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'],
    ['ECDHE-ECDSA-CHACHA20-POLY1305', 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'],
    ['ECDHE-RSA-CHACHA20-POLY1305', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'],
    ['ECDHE-ECDSA-AES128-SHA', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA'],
    ['ECDHE-RSA-AES128-SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'],
    ['AES128-GCM-SHA256', 'TLS_RSA_WITH_AES_128_GCM_SHA256'],
    ['AES128-SHA', 'TLS_RSA_WITH_AES_128_CBC_SHA'],
    ['ECDHE-ECDSA-AES256-SHA', 'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA'],
    ['ECDHE-RSA-AES256-SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA'],
    ['AES256-GCM-SHA384', 'TLS_RSA_WITH_AES_256_GCM_SHA384'],
    ['AES256-SHA', 'TLS_RSA_WITH_AES_256_CBC_SHA'],
  ].flat(),
);

export type ClientValidationMode = 'Request' | 'RequireAny' | 'VerifyIfGiven' | 'RequireAndVerify';

/** The client certificate checks of a listener, as read from its policy. */
export interface ClientTlsData {
  mode: ClientValidationMode;
  /** The CA bundle (PEM), deduplicated; absent when no ref gave one. */
  ca?: { pem: string; from: FoundData['object'][] };
  crl?: { pem: string; from: FoundData['object'][] };
}

/** A problem in Envoy Gateway's words (without its `TLS: ` prefix), at its field. */
export interface TlsProblem {
  message: string;
  path: NodePath;
}

/** The mode in force: `mode`, else the deprecated `optional: true` as VerifyIfGiven, else RequireAndVerify. */
export function validationMode(tls: ClientTlsSettings): ClientValidationMode {
  const v = tls.clientValidation;
  return v?.mode ?? (v?.optional ? 'VerifyIfGiven' : 'RequireAndVerify');
}

/**
 * The TLS settings of a policy for a TLS listener: the data, or the first problem (Envoy Gateway
 * stops there). `ns` is the policy's namespace, where refs without a namespace point.
 */
export function readClientTls(tls: ClientTlsSettings, ns: string, src: DataSources): { data?: ClientTlsData; problem?: TlsProblem } {
  const at: NodePath = ['spec', 'tls'];
  const cipher = (tls.ciphers ?? []).findIndex((c) => !CIPHERS.has(c));
  if (cipher >= 0) return { problem: { message: `unsupported cipher suite: ${tls.ciphers![cipher]}`, path: [...at, 'ciphers', cipher] } };
  const v = tls.clientValidation;
  if (!v) return {};
  const from = { group: ENVOY_GATEWAY_GROUP, kind: 'ClientTrafficPolicy', namespace: ns };
  const mode = validationMode(tls);
  const data: ClientTlsData = { mode };
  const seen = new Set<string>();
  for (const [i, ref] of (v.caCertificateRefs ?? []).entries()) {
    const path: NodePath = [...at, 'clientValidation', 'caCertificateRefs', i];
    const found = readRefData(ref, from, 'ca.crt', src);
    if ('error' in found) return { problem: { message: `failed to get certificate from ref: ${found.error}`, path } };
    const certs = validCaCertificates(found.text);
    if ('error' in certs) return { problem: { message: `no valid certificates exist in ${ref.name}: ${certs.error}`, path } };
    data.ca = { pem: appendDeduplicated(data.ca?.pem ?? '', certs.pem, seen), from: [...(data.ca?.from ?? []), found.object] };
  }
  if ((mode === 'VerifyIfGiven' || mode === 'RequireAndVerify') && !data.ca) {
    const message =
      v.mode === undefined && v.optional
        ? `tls.clientValidation.optional=true requires caCertificateRefs (maps to mode "${mode}")`
        : `tls.clientValidation.mode "${mode}" requires caCertificateRefs`;
    return { problem: { message, path: [...at, 'clientValidation'] } };
  }
  for (const [i, ref] of (v.crl?.refs ?? []).entries()) {
    const path: NodePath = [...at, 'clientValidation', 'crl', 'refs', i];
    const found = readRefData(ref, from, 'ca.crl', src);
    if ('error' in found) return { problem: { message: `failed to get crl from ref: ${found.error}`, path } };
    const problem = crlProblem(found.text);
    if (problem) return { problem: { message: `invalid crl in ${ref.name}: ${problem}`, path } };
    data.crl = { pem: (data.crl?.pem ?? '') + found.text, from: [...(data.crl?.from ?? []), found.object] };
  }
  return { data };
}
