// Seed-document spellings that are not the Envoy Gateway API (btp-fields.md §8), as an overlay on the
// generated BackendTrafficPolicy schema. Each is read as its canonical form with a non-canonical
// warning (an error under --strict) naming that form. `leastRequest.choiceCount` is an envoyc extension.
import { isScalar, isSeq, type Node, type Pair } from 'yaml';
import { GATEWAY_GROUP } from '../api/meta';
import type { SchemaNode } from './schema/node';
import type { KindOverlay, LegacyRule } from './schema/overlay';
import { cloneJson, type CheckCtx } from './schema/walk';

/** A value in YAML flow style for messages: `[a, b]`, `{type: SourceIP}`. */
export function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (v && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${flow(x)}`)
      .join(', ')}}`;
  return String(v);
}

/** The schema node at `rel` below `s`. */
function nodeAt(s: SchemaNode, rel: readonly string[]): SchemaNode {
  return rel.reduce((n, seg) => n.fields!.get(seg)!, s);
}

/** Fills the defaults of `s` into a value built outside the walker, recursively, as the API server would. */
function applyDefaults(s: SchemaNode, v: any): void {
  if (s.kind === 'object' && v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, d] of s.defaults ?? []) if (v[k] === undefined) v[k] = cloneJson(d);
    for (const k in v) {
      const fs = s.fields?.get(k);
      if (fs) applyDefaults(fs, v[k]);
    }
  } else if (s.kind === 'list' && Array.isArray(v)) for (const item of v) applyDefaults(s.items!, item);
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

/** An unknown key read as the API field at `target` (relative to the object holding the key), e.g. `retry.perRetryTimeout` → `retry.perRetry.timeout`. */
function movedTo(target: readonly string[], why = 'is not an API field'): LegacyRule {
  return (pair: Pair<Node, Node>, out: any, c: CheckCtx, _map, s) => {
    const key = String((pair.key as { value: unknown }).value);
    const schema = nodeAt(s, target);
    const value = c.readAs(pair.value!, schema, [key]);
    applyDefaults(schema, value);
    if (setAt(out, target, value, c, key)) c.note([key], `${why}; read as ${c.pathOf(target)}: ${flow(value)}`);
    return true;
  };
}

/** `retry.retryOn: [..]` (a plain list) → `retry.retryOn.triggers: [..]`. */
const retryOnList: LegacyRule = (pair, out, c, _map, s) => {
  if (!isSeq(pair.value)) return false;
  const value = c.readAs(pair.value, nodeAt(s, ['retryOn', 'triggers']), ['retryOn']);
  out.retryOn = { triggers: value };
  c.note(['retryOn'], `is a list, but retryOn is an object; read as ${c.pathOf(['retryOn', 'triggers'])}: ${flow(value)}`);
  return true;
};

/** `loadBalancer.type: Maglev` → `type: ConsistentHash` (+ `consistentHash: {type: SourceIP}` if absent). */
const maglevType: LegacyRule = (pair, out, c, map, s) => {
  if (!isScalar(pair.value) || pair.value.value !== 'Maglev') return false;
  out.type = 'ConsistentHash';
  const written = map.items.some((p) => isScalar(p.key) && p.key.value === 'consistentHash');
  let extra = '';
  if (!written) {
    out.consistentHash = { type: 'SourceIP' };
    applyDefaults(nodeAt(s, ['consistentHash']), out.consistentHash);
    extra = ` with ${c.pathOf(['consistentHash'])}: {type: SourceIP}`;
  }
  c.note(['type'], `is Maglev, which is not a load balancer type; read as type: ConsistentHash${extra} (Envoy Gateway's ConsistentHash is Maglev)`);
  return true;
};

/** Seed variant: `http:` without `type:` is read as `type: HTTP`. */
function inferHttpType(a: any, c: CheckCtx): void {
  if (a.type !== undefined || a.http === undefined) return;
  a.type = 'HTTP';
  c.note(['http'], `is set but type is missing (type is required); read as ${c.pathOf(['type'])}: HTTP`);
}

/** Seed documents leave a targetRef's `group` out; the API requires it. Read it as the only group allowed. */
function targetGroup(ref: { group?: string }, c: CheckCtx): void {
  if (ref.group !== undefined) return;
  ref.group = GATEWAY_GROUP;
  c.note([], `has no group, which is required; read as group: ${GATEWAY_GROUP}`);
}

/** envoyc's `loadBalancer.leastRequest` (LeastRequest's choice_count), declared once: its type is inferred from it. */
export const leastRequestSchema = {
  type: 'object',
  required: ['choiceCount'],
  properties: { choiceCount: { type: 'integer', minimum: 2, maximum: 4294967295 } },
} as const;

export const BTP_OVERLAY: KindOverlay = {
  'spec.targetRef': { fixup: targetGroup },
  'spec.targetRefs[*]': { fixup: targetGroup },
  'spec.retry': {
    legacy: {
      retryOn: retryOnList,
      retriableStatusCodes: movedTo(['retryOn', 'httpStatusCodes']),
      perRetryTimeout: movedTo(['perRetry', 'timeout']),
    },
  },
  'spec.circuitBreaker': { legacy: { maxRequests: movedTo(['maxParallelRequests']) } },
  'spec.healthCheck.active': { fixup: inferHttpType },
  'spec.healthCheck.passive': {
    legacy: { consecutive5xxErrors: movedTo(['consecutive5XxErrors'], 'is not the API spelling (capital X: consecutive5XxErrors)') },
  },
  'spec.loadBalancer': {
    legacy: { type: maglevType },
    extraFields: { leastRequest: leastRequestSchema },
    checks: [
      (lb, c) =>
        lb.leastRequest && lb.type !== 'LeastRequest' && c.fail(['leastRequest'], 'leastRequest (an envoyc extension) can only be used with type LeastRequest'),
    ],
  },
  'spec.loadBalancer.leastRequest': {
    notes: { choiceCount: "is not part of the Envoy Gateway API; honoured by envoyc as Envoy's LeastRequest choice_count (Envoy default 2)" },
  },
};
