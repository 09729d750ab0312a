import { isSecretData } from '../ir/secret';
import { isSensitiveField, NOT_SECRET_KEYS } from './fields';
import { looksLikePrivateKey, redactBase64, redactText } from './fingerprint';

type Json = unknown;

/** Every string leaf of a sensitive value, redacted; `inline_bytes` by its decoded bytes. */
function redactValue(v: Json, key: string | undefined): Json {
  if (typeof v === 'string') return key === 'inline_bytes' ? redactBase64(v) : redactText(v);
  if (Array.isArray(v)) return v.map((x) => redactValue(x, key));
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, Json> = {};
  for (const [k, x] of Object.entries(v)) out[k] = NOT_SECRET_KEYS.has(k) ? x : redactValue(x, k);
  return out;
}

/** `v` with its secrets redacted; unchanged parts are shared, not copied (bootstraps run to tens of megabytes). */
function walk(v: Json, parent: string | undefined): Json {
  if (typeof v === 'string') return looksLikePrivateKey(v) ? redactText(v) : v;
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    let out: Json[] | undefined;
    v.forEach((x, i) => {
      const y = walk(x, parent);
      if (y !== x) (out ??= [...v])[i] = y;
    });
    return out ?? v;
  }
  if (isSecretData(v)) return v.sensitive || looksLikePrivateKey(v.base64) ? { ...v, base64: redactBase64(v.base64) } : v;
  const o = v as Record<string, Json>;
  let out: Record<string, Json> | undefined;
  for (const [k, x] of Object.entries(o)) {
    const y = isSensitiveField(k, parent, o['@type']) ? redactValue(x, k) : walk(x, k);
    if (y !== x) (out ??= { ...o })[k] = y;
  }
  return out ?? o;
}

/**
 * `value` (IR, an Envoy bootstrap, or any JSON) with every secret replaced by its
 * redaction: sensitive `IrSecretData`, Envoy's sensitive fields, and anything that looks like a
 * private key. What envoyc prints (`diff`, `explain`, `match`, `--emit ir`, `--check`) goes through here.
 */
export function redact<T>(value: T): T {
  return walk(value, undefined) as T;
}
