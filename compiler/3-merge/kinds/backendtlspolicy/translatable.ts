// A BackendTLSPolicy's validation as Envoy Gateway's getBackendTLSBundle reads it: the hostname as
// SNI, the subject alt names, and the CA bundle from its refs or the system trust store. 3-merge
// reports the errors (status NoValidCACertificate); 4-lower takes the data.
import type { DataSources } from '../../../2-resolve/ca-bundle';
import { readUpstreamCa } from '../../../2-resolve/upstream-tls';
import type { UpstreamCa } from '../../../2-resolve/types';
import type { BackendTLSPolicySpec } from '../../../api/generated/backendtlspolicy';
import type { TranslationContext, TranslationError } from '../../kind';

/** A subject alt name the backend's certificate must carry (exact match). */
export interface PolicySan {
  type: 'DNS' | 'URI';
  value: string;
}

/** What a BackendTLSPolicy asks of the upstream connection. */
export interface PolicyTlsData {
  /** `validation.hostname`: the SNI sent, and the name checked when no subjectAltNames are given. */
  sni: string;
  ca: UpstreamCa;
  subjectAltNames: PolicySan[];
}

/** Envoy Gateway's ir.SystemTrustStoreSecretName: the one secret all system-trust policies share. */
export const SYSTEM_TRUST_STORE_SECRET = 'system_ca_certificates';

/** The policy's TLS settings, or why its CA bundle cannot be read (`ns`: the policy's namespace). */
export function readPolicyTls(spec: BackendTLSPolicySpec, name: string, ns: string, src: DataSources): { data: PolicyTlsData } | { error: TranslationError } {
  const v = spec.validation;
  const subjectAltNames = (v.subjectAltNames ?? []).flatMap((s): PolicySan[] => {
    if (s.type === 'Hostname' && s.hostname !== undefined) return [{ type: 'DNS', value: s.hostname }];
    if (s.type === 'URI' && s.uri !== undefined) return [{ type: 'URI', value: s.uri }];
    return [];
  });
  const base = { sni: v.hostname, subjectAltNames };
  if (v.wellKnownCACertificates === 'System') return { data: { ...base, ca: { type: 'system' } } };
  const ca = readUpstreamCa(v.caCertificateRefs ?? [], ns, src);
  if ('message' in ca) {
    const path = ['spec', 'validation', 'caCertificateRefs', ...(ca.index !== undefined ? [ca.index] : [])];
    return { error: { message: ca.message, path, refReason: ca.invalidKind ? 'InvalidKind' : 'InvalidCACertificateRef' } };
  }
  // Envoy Gateway's secret name: the policy's name, then its namespace.
  return { data: { ...base, ca: { type: 'pem', pem: ca.pem, name: `${name}/${ns}-ca` } } };
}

/** Why Envoy Gateway would not translate the policy: its CA bundle (NoValidCACertificate). */
export function translationErrors(spec: BackendTLSPolicySpec, ctx: TranslationContext): TranslationError[] {
  const key = ctx.policyOf('validation');
  const name = key.split('/')[2]!;
  const read = readPolicyTls(spec, name, ctx.namespaceOf('validation'), { lookup: ctx.lookup, configMaps: ctx.configMaps });
  return 'error' in read ? [read.error] : [];
}
