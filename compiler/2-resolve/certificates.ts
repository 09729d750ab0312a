// The serving certificate and key of a kubernetes.io/tls Secret, checked the way Envoy Gateway
// checks them (internal/gatewayapi/tls.go) plus what Envoy itself refuses to load, so a Secret
// Envoy would reject never reaches the bootstrap.
import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/** The bytes of a Secret `data` value as the API server decodes it (Go's padded base64; line breaks ignored). */
export function decodeSecretData(value: string): Buffer {
  return Buffer.from(value.replace(/[\r\n]/g, ''), 'base64');
}

interface PemBlock {
  type: string;
  der: Buffer;
}

const PEM_BLOCK = /-----BEGIN ([^\r\n-]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;

/** The PEM blocks of `data` in order, as Go's pem.Decode finds them (a block whose body is not base64 is skipped). */
function pemBlocks(data: Buffer): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of data.toString('latin1').matchAll(PEM_BLOCK)) {
    // Optional RFC 1421 headers end at the first blank line.
    const body = /^[^\r\n]*:/.test(m[2]!) ? m[2]!.replace(/^[\s\S]*?\r?\n\r?\n/, '') : m[2]!;
    const compact = body.replace(/\s+/g, '');
    if (compact.length % 4 !== 0 || !BASE64_BODY.test(compact)) continue;
    out.push({ type: m[1]!, der: Buffer.from(compact, 'base64') });
  }
  return out;
}

/** Go's pem.EncodeToMemory: 64-character lines. */
function pemEncode(b: PemBlock): string {
  const lines = b.der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${b.type}-----\n${lines.join('\n')}${lines.length ? '\n' : ''}-----END ${b.type}-----\n`;
}

/** Why a Secret cannot be served, and which of its keys is at fault. */
export interface CertificateError {
  error: string;
  field: 'tls.crt' | 'tls.key';
}

/** A certificate and key Envoy can serve, re-encoded as Envoy Gateway normalizes them. */
export interface ServingCertificate {
  /** Base64 of the PEM certificate chain. */
  certificateChain: string;
  /** Base64 of the PEM private key. */
  privateKey: string;
  /** The leaf's DNS SANs (Envoy Gateway's overlapping-certificate check). */
  dnsNames: string[];
  /** DNS SANs, else the common name: the domains a key algorithm may serve once per listener. */
  domains: string[];
  /** Go's name of the leaf's public key algorithm (`RSA`, `ECDSA`, `Ed25519`). */
  keyAlgorithm: string;
}

const KEY_TYPES: Record<string, { type: 'pkcs8' | 'pkcs1' | 'sec1'; label: string }> = {
  'PRIVATE KEY': { type: 'pkcs8', label: 'PKCS8' },
  'RSA PRIVATE KEY': { type: 'pkcs1', label: 'PKCS1' },
  'EC PRIVATE KEY': { type: 'sec1', label: 'EC' },
};

const GO_ALGORITHM: Record<string, string> = { rsa: 'RSA', 'rsa-pss': 'RSA', ec: 'ECDSA', ed25519: 'Ed25519', dsa: 'DSA' };

/** Curves Envoy (BoringSSL) serves; it refuses other ECDSA certificates and RSA keys under 2048 bits. */
const ENVOY_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1']);

function envoyServes(key: KeyObject): boolean {
  const d = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') return (d.modulusLength ?? 0) >= 2048;
  if (key.asymmetricKeyType === 'ec') return ENVOY_CURVES.has(d.namedCurve ?? '');
  return key.asymmetricKeyType === 'ed25519';
}

/** Go's firstSupportedPrivateKeyBlock: the first key block, else the first block of any type. */
function keyBlock(data: Buffer): PemBlock | undefined {
  const blocks = pemBlocks(data);
  return blocks.find((b) => KEY_TYPES[b.type]) ?? blocks[0];
}

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/**
 * Checks one Secret's `tls.crt` and `tls.key` in Envoy Gateway's order and with its messages
 * (`id` is `<ns>/<name>`); returns what to serve, or the reason it cannot be served.
 * Validity dates are not checked: the output would then depend on the day it is compiled.
 */
export function parseServingCertificate(id: string, crt: Buffer, key: Buffer): ServingCertificate | CertificateError {
  const invalid = `${id} must contain valid tls.crt and tls.key`;
  const chainBlocks = pemBlocks(crt);
  if (crt.length === 0) return { error: `${invalid}, unable to validate certificate in tls.crt: no certificate data provided`, field: 'tls.crt' };
  let certs: X509Certificate[];
  try {
    certs = chainBlocks.map((b) => new X509Certificate(b.der));
  } catch {
    return { error: `${invalid}, unable to validate certificate in tls.crt: x509: malformed certificate`, field: 'tls.crt' };
  }
  if (certs.length === 0)
    return { error: `${invalid}, unable to validate certificate in tls.crt: unable to decode pem data for certificate`, field: 'tls.crt' };
  const leaf = certs[0]!;
  const block = keyBlock(key);
  if (!block) return { error: `${invalid}, unable to decode pem data in tls.key`, field: 'tls.key' };
  const format = KEY_TYPES[block.type];
  if (!format) return { error: `${invalid}, ${block.type} key format found in tls.key, supported formats are PKCS1, PKCS8 or EC`, field: 'tls.key' };
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: block.der, format: 'der', type: format.type });
  } catch {
    return { error: `${invalid}, unable to parse ${format.label} formatted private key in tls.key`, field: 'tls.key' };
  }
  if (privateKey.asymmetricKeyType !== leaf.publicKey.asymmetricKeyType) {
    return { error: `${id} must contain a matching tls.crt and tls.key: tls: private key type does not match public key type`, field: 'tls.key' };
  }
  if (!spki(createPublicKey(privateKey)).equals(spki(leaf.publicKey))) {
    return { error: `${id} must contain a matching tls.crt and tls.key: tls: private key does not match public key`, field: 'tls.key' };
  }
  if (!envoyServes(leaf.publicKey)) {
    return {
      error: `${invalid}, Envoy cannot serve this certificate: it takes RSA keys of 2048 bits or more, ECDSA keys on P-256, P-384 or P-521, and Ed25519 keys`,
      field: 'tls.crt',
    };
  }
  const dnsNames = sanDnsNames(leaf);
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(leaf.subject)?.[1];
  return {
    certificateChain: Buffer.from(chainBlocks.map(pemEncode).join('')).toString('base64'),
    privateKey: Buffer.from(pemEncode(block)).toString('base64'),
    dnsNames,
    domains: dnsNames.length ? dnsNames : cn ? [cn] : [],
    keyAlgorithm: GO_ALGORITHM[leaf.publicKey.asymmetricKeyType ?? ''] ?? String(leaf.publicKey.asymmetricKeyType),
  };
}

/** `DNS:` entries of the subjectAltName extension (Node writes them comma-separated, quoting odd ones). */
function sanDnsNames(cert: X509Certificate): string[] {
  const out: string[] = [];
  for (const m of (cert.subjectAltName ?? '').matchAll(/(?:^|, )DNS:(?:"((?:[^"\\]|\\.)*)"|([^,]*))/g))
    out.push(m[1] !== undefined ? JSON.parse(`"${m[1]}"`) : m[2]!);
  return out;
}
