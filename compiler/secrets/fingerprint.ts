import { createHash } from 'node:crypto';

/** Hex digits of SHA-256 shown: enough to tell two keys apart in a diff, too few to be a handle on the key. */
const FINGERPRINT_HEX = 12;

/** What envoyc prints in place of secret material: `<redacted sha256:0123456789ab>`, the same for the same bytes everywhere. */
export function redaction(bytes: Uint8Array): string {
  return `<redacted sha256:${createHash('sha256').update(bytes).digest('hex').slice(0, FINGERPRINT_HEX)}>`;
}

/** The redaction of a base64 value (Kubernetes `data`, Envoy `inline_bytes`): the fingerprint is of the decoded bytes. */
export function redactBase64(base64: string): string {
  return redaction(Buffer.from(base64, 'base64'));
}

export function redactText(text: string): string {
  return redaction(Buffer.from(text, 'utf8'));
}

/** Base64 of "-----BEGIN ": how every base64-encoded PEM file starts. */
const PEM_BASE64 = 'LS0tLS1CRUdJTi';

/**
 * True for text that is (or holds) a PEM private key, plain or base64-encoded: the last line of
 * defence for key material in a place no field rule knows.
 */
export function looksLikePrivateKey(s: string): boolean {
  if (s.length < 40) return false;
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(s)) return true;
  const at = s.indexOf(PEM_BASE64);
  return (
    at >= 0 &&
    Buffer.from(s.slice(at, at + 64), 'base64')
      .toString('latin1')
      .includes('PRIVATE KEY')
  );
}

/** PEM private keys, plain or with escaped line breaks (as a JSON string or a log line shows them). */
const PEM_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;
/** Base64 that starts like a PEM file. */
const PEM_BASE64_RUN = /LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g;

/** Where `text` holds a private key, plain or base64, with its redaction. */
export function findKeyMaterial(text: string): { start: number; end: number; redaction: string }[] {
  if (!text.includes('PRIVATE KEY') && !text.includes(PEM_BASE64)) return [];
  const found: { start: number; end: number; redaction: string }[] = [];
  for (const m of text.matchAll(PEM_KEY)) found.push({ start: m.index, end: m.index + m[0].length, redaction: redactText(m[0]) });
  for (const m of text.matchAll(PEM_BASE64_RUN))
    if (looksLikePrivateKey(m[0]) && !found.some((f) => f.start <= m.index && m.index < f.end))
      found.push({ start: m.index, end: m.index + m[0].length, redaction: redactBase64(m[0]) });
  return found.sort((a, b) => a.start - b.start);
}

/** `text` with every private key it holds, plain or base64, replaced by its redaction. */
export function redactKeyMaterial(text: string): string {
  let out = '';
  let at = 0;
  for (const f of findKeyMaterial(text)) {
    out += text.slice(at, f.start) + f.redaction;
    at = f.end;
  }
  return at === 0 ? text : out + text.slice(at);
}
