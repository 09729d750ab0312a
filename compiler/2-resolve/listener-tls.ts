// A Terminate listener's certificateRefs, resolved and checked as Envoy Gateway's
// validateTerminateModeAndGetTLSSecrets does: every ref is tried, the errors are joined into one
// ResolvedRefs condition, and a listener keeps the certificates that are valid.
import type { Loaded } from '../1-load/types';
import type { SecretObjectReference } from '../api/gateway';
import { GATEWAY_GROUP } from '../api/meta';
import type { Secret } from '../api/core';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { hasNode, spanAt, type Span } from '../source';
import { decodeSecretData, parseServingCertificate, type ServingCertificate } from './certificates';
import { referencePermitted, type Lookup } from './lookup';
import type { ListenerNode, TlsSecret } from './types';

/** Envoy Gateway's Secret type for SDS references (not enabled offline). */
const SDS_SECRET_TYPE = 'gateway.envoyproxy.io/sds';

interface RefError {
  message: string;
  reason: 'InvalidCertificateRef' | 'RefNotPermitted';
  at: Span;
}

interface Found {
  id: string;
  secret: Loaded<Secret>;
}

/**
 * Where a Secret's fault is shown: its `tls.crt` (`data`, or `stringData` the loader merged); for
 * `tls.key`, the Secret's name, so that no code frame prints private key material.
 */
function secretSpan(s: Loaded<Secret>, key: 'tls.crt' | 'tls.key'): Span {
  if (key === 'tls.key') return spanAt(s.src, ['metadata', 'name']);
  return spanAt(s.src, hasNode(s.src, ['stringData', key]) ? ['stringData', key] : ['data', key]);
}

/** One certificateRef: the Secret it names, or why it cannot be used (Envoy Gateway's words, without the index). */
function resolveRef(owner: ListenerNode, ref: SecretObjectReference, lookup: Lookup): Found | Omit<RefError, 'at'> {
  const gwNs = owner.namespace;
  // A ListenerSet's listener refers from the ListenerSet (Envoy Gateway's validateTerminateModeAndGetTLSSecrets).
  const from = { group: GATEWAY_GROUP, kind: owner.listenerSet ? 'ListenerSet' : 'Gateway', namespace: gwNs };
  const invalid = (message: string): Omit<RefError, 'at'> => ({ message, reason: 'InvalidCertificateRef' });
  if ((ref.group ?? '') !== '') return invalid("Listener's TLS certificate ref group must be unspecified/empty.");
  if ((ref.kind ?? 'Secret') !== 'Secret') return invalid("Listener's TLS certificate ref kind must be Secret.");
  const ns = ref.namespace || gwNs;
  const to = { group: '', kind: 'Secret', namespace: ns, name: ref.name };
  if (ns !== gwNs && !referencePermitted(lookup, from, to)) {
    return { message: `Certificate ref to secret ${ns}/${ref.name} not permitted by any ReferenceGrant.`, reason: 'RefNotPermitted' };
  }
  const id = `${ns}/${ref.name}`;
  const secret = lookup.secrets.get(id);
  if (!secret) return invalid(`Secret ${id} does not exist.`);
  const type = secret.value.type;
  if (type === SDS_SECRET_TYPE) return invalid(`SDS Secret ${id} cannot be used because SDS Secret references are not enabled in EnvoyGateway configuration.`);
  if (type !== 'kubernetes.io/tls') return invalid(`Secret ${id} must be of type kubernetes.io/tls.`);
  if (!secret.value.data?.['tls.crt'] || !secret.value.data?.['tls.key']) return invalid(`Secret ${id} must contain tls.crt and tls.key.`);
  return { id, secret };
}

/** The refs that name a usable kubernetes.io/tls Secret, and the errors of the others, each where it is written. */
function resolveRefs(node: ListenerNode, path: (string | number)[], refs: SecretObjectReference[], lookup: Lookup): { errors: RefError[]; found: Found[] } {
  const errors: RefError[] = [];
  const found: Found[] = [];
  refs.forEach((ref, idx) => {
    const at = spanAt(node.src, [...path, 'tls', 'certificateRefs', idx]);
    const r = resolveRef(node, ref, lookup);
    if ('message' in r) errors.push({ message: `certificate refs ${idx}: ${r.message}`, reason: r.reason, at });
    else found.push(r);
  });
  return { errors, found };
}

/** Parses each Secret in ref order; a key algorithm may serve each certificate domain once per listener. */
function parseAll(found: Found[]): { valid: (ServingCertificate & { id: string })[]; errors: RefError[] } {
  const valid: (ServingCertificate & { id: string })[] = [];
  const errors: RefError[] = [];
  const taken = new Set<string>();
  for (const f of found) {
    const data = f.secret.value.data!;
    const parsed = parseServingCertificate(f.id, decodeSecretData(data['tls.crt']!), decodeSecretData(data['tls.key']!));
    if ('error' in parsed) {
      errors.push({ message: parsed.error, reason: 'InvalidCertificateRef', at: secretSpan(f.secret, parsed.field) });
      continue;
    }
    const clash = [...new Set(parsed.domains)].find((dom) => taken.has(`${parsed.keyAlgorithm}/${dom}`));
    if (clash !== undefined) {
      errors.push({
        message: `${f.id} public key algorithm must be unique, certificate domain ${clash} has a conflicting algorithm [${parsed.keyAlgorithm}]`,
        reason: 'InvalidCertificateRef',
        at: secretSpan(f.secret, 'tls.crt'),
      });
      continue;
    }
    for (const dom of parsed.domains) taken.add(`${parsed.keyAlgorithm}/${dom}`);
    valid.push({ ...parsed, id: f.id });
  }
  return { valid, errors };
}

/**
 * Checks a Terminate listener's certificates, sets its ResolvedRefs condition as Envoy Gateway
 * does, records the certificates it serves, and reports each bad ref where it is written.
 * Returns false when no certificate is usable (the listener is not programmed).
 */
export function checkCertificateRefs(
  path: (string | number)[],
  node: ListenerNode,
  secrets: Map<string, TlsSecret>,
  lookup: Lookup,
  diags: Diagnostics,
): boolean {
  const refs = node.spec.tls?.certificateRefs;
  const { errors: refErrors, found } = resolveRefs(node, path, refs ?? [], lookup);
  const report = (list: RefError[], programmed: boolean) => {
    for (const e of list) diags.add(d.certificateRefInvalid(e.at, node.irName, e.message, programmed));
  };
  if (found.length === 0) {
    const reason = refErrors.every((e) => e.reason === 'RefNotPermitted') ? 'RefNotPermitted' : 'InvalidCertificateRef';
    setCondition(node, { type: 'ResolvedRefs', status: 'False', reason, message: `No valid secrets exist: ${refErrors.map((e) => e.message).join('\n')}` });
    report(refErrors, false);
    return false;
  }
  const { valid, errors: parseErrors } = parseAll(found);
  if (valid.length === 0) {
    const message = `No valid secrets exist: ${parseErrors.map((e) => e.message).join('\n')}.`;
    setCondition(node, { type: 'ResolvedRefs', status: 'False', reason: 'InvalidCertificateRef', message });
    report([...refErrors, ...parseErrors], false);
    return false;
  }
  const all = [...refErrors, ...parseErrors];
  if (all.length > 0) {
    const message = `Some secrets are invalid: ${all.map((e) => e.message).join('\n')}`;
    setCondition(node, { type: 'ResolvedRefs', status: 'False', reason: 'PartiallyInvalidCertificateRef', message });
    report(all, true);
  }
  for (const v of valid) {
    secrets.set(v.id, { name: v.id, certificateChain: v.certificateChain, privateKey: v.privateKey });
    node.tls!.certificates.push(v.id);
    node.certDnsNames.push(...v.dnsNames);
  }
  return true;
}

/** Envoy Gateway's MergeConditions: a condition replaces the one of its type in place, else it is appended. */
export function setCondition(node: ListenerNode, c: ListenerNode['conditions'][number]): void {
  const i = node.conditions.findIndex((x) => x.type === c.type);
  if (i >= 0) node.conditions[i] = c;
  else node.conditions.push(c);
}
