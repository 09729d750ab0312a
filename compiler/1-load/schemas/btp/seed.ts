// Seed-document spellings that are not the Envoy Gateway API (btp-fields.md §8). Each is read as
// its canonical form with a non-canonical warning (an error under --strict) naming that form.
import { isScalar, isSeq, type Node, type Pair } from 'yaml';
import { applyDefaults, type LegacyRule, type Schema } from '../../schema/dsl';
import type { CheckCtx } from '../../schema/walk';

/** A value in YAML flow style for messages: `[a, b]`, `{type: SourceIP}`. */
export function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${flow(x)}`)
      .join(', ')}}`;
  return String(v);
}

/** Sets `value` at `rel` under `out`; false (and an error) when the canonical field is also written. */
function setAt(out: any, rel: readonly string[], value: unknown, c: CheckCtx, key: string): boolean {
  let o = out;
  for (const seg of rel.slice(0, -1)) o = o[seg] ??= {};
  const last = rel[rel.length - 1]!;
  if (o[last] !== undefined) {
    c.invalid([key], `${key} is not an API field and ${c.pathOf(rel)} is also set; remove ${key}`);
    return false;
  }
  o[last] = value;
  return true;
}

/**
 * An unknown key read as the API field at `target` (relative to the object holding the key),
 * e.g. `retry.perRetryTimeout` → `retry.perRetry.timeout`. `schema` is the target's schema.
 */
export function movedTo(target: readonly string[], schema: Schema, why = 'is not an API field'): LegacyRule {
  return (pair: Pair<Node, Node>, out: any, c: CheckCtx) => {
    const key = String((pair.key as { value: unknown }).value);
    const value = c.readAs(pair.value!, schema, [key]);
    applyDefaults(schema, value);
    if (setAt(out, target, value, c, key)) c.note([key], `${why}; read as ${c.pathOf(target)}: ${flow(value)}`);
    return true;
  };
}

/** `retry.retryOn: [..]` (a plain list) → `retry.retryOn.triggers: [..]`. */
export function retryOnList(triggers: Schema): LegacyRule {
  return (pair: Pair<Node, Node>, out: any, c: CheckCtx) => {
    if (!isSeq(pair.value)) return false;
    const value = c.readAs(pair.value, triggers, ['retryOn']);
    out.retryOn = { triggers: value };
    c.note(['retryOn'], `is a list, but retryOn is an object; read as ${c.pathOf(['retryOn', 'triggers'])}: ${flow(value)}`);
    return true;
  };
}

/** `loadBalancer.type: Maglev` → `type: ConsistentHash` (+ `consistentHash: {type: SourceIP}` if absent). */
export function maglevType(consistentHash: Schema): LegacyRule {
  return (pair: Pair<Node, Node>, out: any, c: CheckCtx, map) => {
    if (!isScalar(pair.value) || pair.value.value !== 'Maglev') return false;
    out.type = 'ConsistentHash';
    const written = map.items.some((p) => isScalar(p.key) && p.key.value === 'consistentHash');
    let extra = '';
    if (!written) {
      out.consistentHash = { type: 'SourceIP' };
      applyDefaults(consistentHash, out.consistentHash);
      extra = ` with ${c.pathOf(['consistentHash'])}: {type: SourceIP}`;
    }
    c.note(['type'], `is Maglev, which is not a load balancer type; read as type: ConsistentHash${extra} (Envoy Gateway's ConsistentHash is Maglev)`);
    return true;
  };
}
