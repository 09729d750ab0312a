// CA bundles and CRLs for downstream client certificate validation, read from Secrets and
// ConfigMaps the way Envoy Gateway reads them (ClientTrafficPolicy's validateAndGetDataAtKeyInRef,
// filterValidCACertificates, validateCrl; the Gateway's getCaCertsFromCARefs), plus the parsing
// Envoy does, so a bundle Envoy would refuse never reaches the bootstrap. Validity dates are not
// checked (the output would then depend on the day it is compiled), as for serving certificates.
import { X509Certificate, createHash } from 'node:crypto';
import type { Loaded } from '../1-load/types';
import type { ConfigMap } from '../api/core';
import { decodeSecretData } from './certificates';
import { referencePermitted, type Lookup } from './lookup';

/** A Secret, ConfigMap or ClusterTrustBundle reference as policies and Gateways write it. */
export interface DataRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
}

/** Who refers (ReferenceGrants are checked for this group, kind and namespace). */
export interface Referrer {
  group: string;
  kind: string;
  namespace: string;
}

/** What the lookups need: Secrets and ReferenceGrants (`lookup`), ConfigMaps by `<ns>/<name>`. */
export interface DataSources {
  lookup: Lookup;
  configMaps: ReadonlyMap<string, Loaded<ConfigMap>>;
}

/** Where data was found: the object (`<Kind>/<ns>/<name>`) and its key, for spans and file names. */
export interface FoundData {
  text: string;
  object: { kind: 'Secret' | 'ConfigMap' | 'ClusterTrustBundle'; namespace: string; name: string; key: string };
}

/** Go's getFirstMatchOrFirstFromData: the first of `keys` present, else the only entry of a one-entry map. */
export function pick(data: Record<string, string>, keys: string[]): [string, string] | undefined {
  for (const k of keys) if (data[k] !== undefined) return [k, data[k]!];
  const entries = Object.entries(data);
  return entries.length === 1 ? entries[0] : undefined;
}

/**
 * One ref's data at `key` (ClientTrafficPolicy's rules and words): group empty, kind Secret or
 * ConfigMap, a ReferenceGrant across namespaces, the object present, the key (or a sole entry).
 */
export function readRefData(ref: DataRef, from: Referrer, key: string, src: DataSources): FoundData | { error: string } {
  const kind = ref.kind ?? 'Secret';
  if (kind === 'ClusterTrustBundle') {
    // Cluster-scoped: no namespace, no ReferenceGrant (Envoy Gateway reads its trustBundle as is).
    const bundle = src.lookup.clusterTrustBundles.get(ref.name);
    if (!bundle) return { error: `ref ClusterTrustBundle [${ref.name}] not found` };
    return { text: bundle.value.spec.trustBundle, object: { kind, namespace: '', name: ref.name, key: 'trustBundle' } };
  }
  if (kind !== 'Secret' && kind !== 'ConfigMap') return { error: `unsupported ref kind:${kind}` };
  if ((ref.group ?? '') !== '') return { error: 'secret ref group must be unspecified/empty' };
  const ns = ref.namespace || from.namespace;
  if (ns !== from.namespace && !referencePermitted(src.lookup, from, { group: '', kind, namespace: ns, name: ref.name })) {
    return { error: `ref to ${kind} ${ns}/${ref.name} not permitted by any ReferenceGrant` };
  }
  const object = { kind, namespace: ns, name: ref.name } as const;
  if (kind === 'Secret') {
    const secret = src.lookup.secrets.get(`${ns}/${ref.name}`);
    if (!secret) return { error: `secret ${ns}/${ref.name} does not exist` };
    const found = pick(secret.value.data ?? {}, [key]);
    const text = found ? decodeSecretData(found[1]).toString('latin1') : '';
    if (!found || text === '') return { error: `ref secret [${ref.name}] has none of the expected keys [${key}] and more than one entry` };
    return { text, object: { ...object, key: found[0] } };
  }
  const cm = src.configMaps.get(`${ns}/${ref.name}`);
  if (!cm) return { error: `configmap ${ns}/${ref.name} does not exist` };
  const found = pick(cm.value.data ?? {}, [key]);
  if (!found || found[1] === '') return { error: `ref configmap [${ref.name}] has none of the expected keys [${key}] and more than one entry` };
  return { text: found[1], object: { ...object, key: found[0] } };
}

const PEM_BLOCK = /-----BEGIN ([^\r\n-]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** The PEM blocks of a text, as Go's pem.Decode finds them. */
function pemBlocks(text: string): { type: string; der: Buffer }[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ type: m[1]!, der: Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64') }));
}

/** Go's pem.EncodeToMemory. */
function pemEncode(type: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

/**
 * The certificates of a CA bundle, re-encoded (Envoy Gateway's filterValidCACertificates): blocks
 * that do not parse are dropped; none left is an error.
 */
export function validCaCertificates(text: string): { pem: string; dropped: number } | { error: string } {
  if (text === '') return { error: 'no certificate data provided' };
  const blocks = pemBlocks(text);
  let pem = '';
  let dropped = 0;
  for (const b of blocks) {
    try {
      new X509Certificate(b.der);
      pem += pemEncode(b.type, b.der);
    } catch {
      dropped++;
    }
  }
  if (pem !== '') return { pem, dropped };
  return { error: dropped > 0 ? 'x509: malformed certificate' : 'unable to decode pem data for certificate' };
}

/** Appends the certificates of `add` not already in `into` (Envoy Gateway dedups a bundle by certificate digest). */
export function appendDeduplicated(into: string, add: string, seen: Set<string>): string {
  let out = into;
  for (const b of pemBlocks(add)) {
    if (b.type !== 'CERTIFICATE') continue;
    const digest = createHash('sha256').update(b.der).digest('hex');
    if (seen.has(digest)) continue;
    seen.add(digest);
    out += pemEncode(b.type, b.der);
  }
  return out;
}

/** DER: the tag and the content's bounds of the element at `at`, or undefined when it does not fit. */
function element(der: Buffer, at: number): { tag: number; start: number; end: number } | undefined {
  if (at + 2 > der.length) return undefined;
  const tag = der[at]!;
  let len = der[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > der.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  return start + len <= der.length ? { tag, start, end: start + len } : undefined;
}

/** The tags of the elements from `at` to `end`, in order (undefined when one does not fit). */
function tags(der: Buffer, at: number, end: number, max: number): number[] | undefined {
  const out: number[] = [];
  for (let p = at; p < end && out.length < max;) {
    const e = element(der, p);
    if (!e || e.end > end) return undefined;
    out.push(e.tag);
    p = e.end;
  }
  return out;
}

/**
 * Envoy Gateway's validateCrl without the dates: the first PEM block must be an X.509 CRL
 * (CertificateList: SEQUENCE { tbsCertList, signatureAlgorithm, signature BIT STRING }, where
 * tbsCertList starts [version INTEGER] signature SEQUENCE, issuer SEQUENCE, thisUpdate Time).
 */
export function crlProblem(text: string): string | undefined {
  const block = pemBlocks(text)[0];
  if (!block) return 'unable to decode pem data for CRL';
  const der = block.der;
  const outer = element(der, 0);
  const parts = outer && outer.tag === 0x30 && outer.end === der.length ? tags(der, outer.start, outer.end, 4) : undefined;
  const tbs = parts?.join() === '48,48,3' ? element(der, outer!.start) : undefined;
  const head = tbs && tags(der, tbs.start, tbs.end, 4);
  const fields = head?.[0] === 0x02 ? head.slice(1) : head?.slice(0, 3);
  const time = fields?.[2];
  return fields?.[0] === 0x30 && fields[1] === 0x30 && (time === 0x17 || time === 0x18) ? undefined : 'failed to parse CRL: x509: malformed crl';
}
