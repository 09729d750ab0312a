// A BackendTLSPolicy's validation as Envoy Gateway's getBackendTLSBundle reads it: the hostname as
// SNI, the subject alt names, and the CA bundle from its refs or the system trust store; and which
// policy a backendRef an external service names finds (getBackendTLSPolicy). 3-merge decides
// route backendRefs' policies itself (with conflicts and status); 4-lower lowers the data.
import type { Loaded } from '../1-load/types';
import type { BackendTLSPolicy } from '../api/generated/backendtlspolicy';
import type { DataSources } from './ca-bundle';
import type { Lookup } from './lookup';
import type { BackendTlsTarget, UpstreamCa } from './types';
import { readUpstreamCa } from './upstream-tls';

/** Why a policy's CA bundle cannot be read, where, and its ResolvedRefs reason. */
export interface PolicyTlsProblem {
  message: string;
  path: (string | number)[];
  refReason: 'InvalidKind' | 'InvalidCACertificateRef';
}

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
export function readPolicyTls(
  spec: BackendTLSPolicy['spec'],
  name: string,
  ns: string,
  src: DataSources,
): { data: PolicyTlsData } | { error: PolicyTlsProblem } {
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

/** Whether a policy's targetRef names the target: with its port (`section`), or the whole object. */
function names(p: Loaded<BackendTLSPolicy>, t: BackendTlsTarget, section: boolean): boolean {
  if (p.value.metadata.namespace !== t.namespace) return false;
  return p.value.spec.targetRefs.some(
    (r) =>
      r.group === t.group &&
      r.kind === t.kind &&
      r.name === t.name &&
      (section ? r.sectionName !== undefined && r.sectionName === t.sectionName : r.sectionName === undefined),
  );
}

/**
 * The BackendTLSPolicy a backendRef finds (Envoy Gateway's getBackendTLSPolicy): the first, in
 * provider order, naming its port, else the first naming the whole Service or Backend.
 */
export function backendTlsPolicyFor(lookup: Pick<Lookup, 'backendTlsPolicies'>, t: BackendTlsTarget): Loaded<BackendTLSPolicy> | undefined {
  return (
    (t.sectionName !== undefined ? lookup.backendTlsPolicies.find((p) => names(p, t, true)) : undefined) ??
    lookup.backendTlsPolicies.find((p) => names(p, t, false))
  );
}
