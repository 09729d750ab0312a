import type { BackendTrafficPolicySpec } from '../api/backendtrafficpolicy';

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

/** The route policy's spec (patch) merged over its parent's (original), per its mergeType. */
export function mergeSpecs(parent: BackendTrafficPolicySpec, route: BackendTrafficPolicySpec, type: 'StrategicMerge' | 'JSONMerge'): BackendTrafficPolicySpec {
  const original = parent as unknown as Json;
  const patch = route as unknown as Json;
  const merged = type === 'JSONMerge' ? jsonMergePatch(original, patch) : strategicMerge(original, patch, '');
  return merged as unknown as BackendTrafficPolicySpec;
}
