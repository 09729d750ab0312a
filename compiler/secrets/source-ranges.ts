import { isMap, isScalar, isSeq, parseAllDocuments, type Node, type Scalar } from 'yaml';
import type { SourceFile } from '../source/source-file';
import { isSensitiveField, NOT_SECRET_KEYS } from './fields';
import { findKeyMaterial, looksLikePrivateKey, redactBase64, redactText } from './fingerprint';

/** A stretch of an input that holds secret material, and what to print in its place. */
export interface SensitiveRange {
  start: number;
  end: number;
  redaction: string;
  /** The value as messages may quote it (plain, and JSON-escaped). */
  values: string[];
}

/**
 * Only a file that holds a Kubernetes Secret or one of Envoy's sensitive fields is parsed a second
 * time to find them (key material elsewhere is found by its shape, without a parse).
 */
const HINT =
  /\bkind["']?\s*:\s*["']?Secret\b|\b(?:private_key|password|pkcs12|session_ticket_keys|generic_secret|secret_access_key|session_token|backend_token|auth_password|auth_username|downstream_auth_\w+|secret_data|credentials_data_source|web_identity_token_data_source|context_extensions|BasicAuth|ApiKeyAuth)\b/;
/** Shorter values are not searched for in messages (they would match ordinary words). */
const MIN_QUOTED = 4;

const cache = new WeakMap<SourceFile, SensitiveRange[]>();

class Finder {
  readonly ranges: SensitiveRange[] = [];

  constructor(private readonly text: string) {}

  add(node: Node, encoding: 'base64' | 'text'): void {
    const r = node.range;
    if (!r) return;
    const raw = this.text.slice(r[0], r[1]);
    const value = isScalar(node) ? String((node as Scalar).value) : raw;
    const redaction = encoding === 'base64' ? redactBase64(value) : redactText(value);
    const values = [...new Set([value, JSON.stringify(value).slice(1, -1), raw])].filter((v) => v.length >= MIN_QUOTED);
    this.ranges.push({ start: r[0], end: r[1], redaction, values });
  }

  /** Every scalar of a sensitive value, except the keys that only say where it is (`filename`). */
  subtree(node: Node | null | undefined, key: string | undefined): void {
    if (!node) return;
    if (isScalar(node)) this.add(node, key === 'inline_bytes' ? 'base64' : 'text');
    else if (isSeq(node)) for (const item of node.items) this.subtree(item as Node, key);
    else if (isMap(node))
      for (const p of node.items) {
        const k = isScalar(p.key) ? String(p.key.value) : undefined;
        if (k === undefined || !NOT_SECRET_KEYS.has(k)) this.subtree(p.value as Node, k);
      }
  }

  walk(node: Node | null | undefined, parent: string | undefined): void {
    if (!node) return;
    if (isSeq(node)) for (const item of node.items) this.walk(item as Node, parent);
    else if (isScalar(node)) {
      if (typeof node.value === 'string' && looksLikePrivateKey(node.value)) this.add(node, 'text');
    } else if (isMap(node)) {
      const scalarAt = (k: string) => {
        const p = node.items.find((i) => isScalar(i.key) && i.key.value === k);
        return p && isScalar(p.value) ? p.value.value : undefined;
      };
      const secret = scalarAt('kind') === 'Secret';
      for (const p of node.items) {
        const k = isScalar(p.key) ? String(p.key.value) : undefined;
        const v = p.value as Node | null;
        if (secret && (k === 'data' || k === 'stringData') && isMap(v)) for (const e of v.items) this.secretValue(e.value as Node | null, k);
        else if (k !== undefined && isSensitiveField(k, parent, scalarAt('@type'))) this.subtree(v, k);
        else this.walk(v, k);
      }
    }
  }

  /** One value of a Kubernetes Secret: all of it is secret, whatever its key or form. */
  private secretValue(node: Node | null, field: 'data' | 'stringData'): void {
    if (node) this.add(node, field === 'data' && isScalar(node) ? 'base64' : 'text');
  }
}

/**
 * Where `file` holds secret material: the values of Kubernetes Secrets, Envoy's sensitive fields,
 * and anything that looks like a private key. Found once per file, on first use (only files with
 * diagnostics are asked), with a tolerant parse: a file with syntax errors is still searched.
 */
export function sensitiveRanges(file: SourceFile): SensitiveRange[] {
  let ranges = cache.get(file);
  if (ranges) return ranges;
  const finder = new Finder(file.text);
  if (HINT.test(file.text))
    try {
      for (const doc of parseAllDocuments(file.text)) finder.walk(doc.contents as Node | null, undefined);
    } catch {
      // The yaml package throws on no input it accepts; a file it cannot read at all has no nodes to search.
    }
  // Key material the parse could not place (a file with broken syntax) is found by its shape.
  for (const k of findKeyMaterial(file.text)) if (!finder.ranges.some((r) => r.start < k.end && k.start < r.end)) finder.ranges.push({ ...k, values: [] });
  ranges = finder.ranges.sort((a, b) => a.start - b.start);
  cache.set(file, ranges);
  return ranges;
}

/** `text` with every sensitive value of `ranges` it quotes replaced by its redaction. */
export function redactQuoted(text: string, ranges: readonly SensitiveRange[]): string {
  let out = text;
  for (const r of ranges) for (const v of r.values) if (out.includes(v)) out = out.split(v).join(r.redaction);
  return out;
}
