import type { ResourceKey } from '../1-load/types';
import type { BackendTrafficPolicySpec } from '../api/backendtrafficpolicy';
import type { RuleOrigin } from './types';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Lists Envoy Gateway's Go types mark with patch strategy `merge` and merge key `type`. */
const MERGE_KEY_LISTS = new Set(['compression', 'compressor', 'httpUpgrade']);

function isObject(v: unknown): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386 JSON merge patch: objects merge recursively, `null` deletes, everything else replaces. */
export function jsonMergePatch(original: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: { [k: string]: Json } = isObject(original) ? { ...original } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = jsonMergePatch(out[k], v);
  }
  return out;
}

/**
 * Kubernetes strategic merge of a list keyed by `type`: entries with the same key deep-merge;
 * route ("patch") entries keep their order and come first, then the parent's other entries
 * (the ordering Envoy Gateway's goldens show: `[Gzip]` + `[Brotli, Zstd]` → `[Brotli, Zstd, Gzip]`).
 */
function mergeByType(original: Json[], patch: Json[]): Json[] {
  const keyOf = (e: Json) => (isObject(e) ? String(e.type) : JSON.stringify(e));
  const patchKeys = new Set(patch.map(keyOf));
  const originalByKey = new Map(original.map((e) => [keyOf(e), e]));
  const merged = patch.map((p) => (originalByKey.has(keyOf(p)) ? strategicMerge(originalByKey.get(keyOf(p)), p, '') : p));
  return [...merged, ...original.filter((o) => !patchKeys.has(keyOf(o)))];
}

/** Strategic merge patch with the BackendTrafficPolicy schema: merge-key lists by `type`, other lists replaced. */
export function strategicMerge(original: Json | undefined, patch: Json, field: string): Json {
  if (Array.isArray(patch)) return MERGE_KEY_LISTS.has(field) && Array.isArray(original) ? mergeByType(original, patch) : patch;
  if (!isObject(patch)) return patch;
  const out: { [k: string]: Json } = isObject(original) ? { ...original } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = strategicMerge(out[k], v, k);
  }
  return out;
}

/** A merged spec and, for global rate limits merged rule by rule, where each rule came from. */
export interface MergedSpec {
  spec: BackendTrafficPolicySpec;
  globalRuleOrigins?: RuleOrigin[];
}

/**
 * The route policy's spec (patch) merged over its parent's (original), per its mergeType.
 * Rate-limit rule lists have no merge key, so a plain merge would replace them; Envoy Gateway
 * merges them at IR level instead: StrategicMerge keeps the route's rules then the parent's
 * (each named after its own policy), JSONMerge keeps only the route's.
 */
export function mergeSpecs(parent: Keyed, route: Keyed, type: 'StrategicMerge' | 'JSONMerge'): MergedSpec {
  const original = parent.spec as unknown as Json;
  const patch = route.spec as unknown as Json;
  const spec = (type === 'JSONMerge' ? jsonMergePatch(original, patch) : strategicMerge(original, patch, '')) as unknown as BackendTrafficPolicySpec;
  if (type !== 'StrategicMerge') return { spec };
  const out: MergedSpec = { spec };
  for (const scope of ['local', 'global'] as const) {
    const fromRoute = route.spec.rateLimit?.[scope]?.rules;
    const fromParent = parent.spec.rateLimit?.[scope]?.rules;
    if (!fromRoute?.length || !fromParent?.length) continue;
    spec.rateLimit![scope] = { ...spec.rateLimit![scope], rules: [...fromRoute, ...fromParent] };
    if (scope === 'global') {
      out.globalRuleOrigins = [
        ...fromRoute.map((_, index) => ({ policy: route.key, index })),
        ...fromParent.map((_, index) => ({ policy: parent.key, index })),
      ];
    }
  }
  return out;
}

/** A policy's spec with its key, for merging. */
export interface Keyed {
  key: ResourceKey;
  spec: BackendTrafficPolicySpec;
}
