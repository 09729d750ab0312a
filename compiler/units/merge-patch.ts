// The two mergeType algorithms Envoy Gateway applies (`utils.Merge`): RFC 7386 JSON merge patch
// and Kubernetes strategic merge patch, for policy kinds' `merge` and a Gateway's EnvoyProxy over its class's.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

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
 * Lists merged entry by entry: by field name (the last key of their path), the merge key of their
 * entries (`patchMergeKey` in Envoy Gateway's Go types).
 */
export type MergeKeyLists = ReadonlyMap<string, string>;

/**
 * Kubernetes strategic merge of a list keyed by `mergeKey`: entries with the same key deep-merge;
 * route ("patch") entries keep their order and come first, then the parent's other entries
 * (the ordering Envoy Gateway's goldens show: `[Gzip]` + `[Brotli, Zstd]` → `[Brotli, Zstd, Gzip]`).
 */
function mergeByKey(original: Json[], patch: Json[], mergeKey: string, mergeKeyLists: MergeKeyLists): Json[] {
  const keyOf = (e: Json) => (isObject(e) ? String(e[mergeKey]) : JSON.stringify(e));
  const patchKeys = new Set(patch.map(keyOf));
  const originalByKey = new Map(original.map((e) => [keyOf(e), e]));
  const merged = patch.map((p) => (originalByKey.has(keyOf(p)) ? strategicMerge(originalByKey.get(keyOf(p)), p, mergeKeyLists) : p));
  return [...merged, ...original.filter((o) => !patchKeys.has(keyOf(o)))];
}

/**
 * Strategic merge patch: lists named in `mergeKeyLists` (the Go types' `patchStrategy: merge`)
 * merge entry by entry, other lists are replaced, objects merge, `null` deletes.
 */
export function strategicMerge(original: Json | undefined, patch: Json, mergeKeyLists: MergeKeyLists, field = ''): Json {
  const mergeKey = mergeKeyLists.get(field);
  if (Array.isArray(patch)) return mergeKey !== undefined && Array.isArray(original) ? mergeByKey(original, patch, mergeKey, mergeKeyLists) : patch;
  if (!isObject(patch)) return patch;
  const out: { [k: string]: Json } = isObject(original) ? { ...original } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = strategicMerge(out[k], v, mergeKeyLists, k);
  }
  return out;
}

/** `route` merged over `parent` with the given mergeType. */
export function mergePatch(parent: object, route: object, type: 'StrategicMerge' | 'JSONMerge', mergeKeyLists: MergeKeyLists): object {
  const original = parent as unknown as Json;
  const patch = route as unknown as Json;
  return (type === 'JSONMerge' ? jsonMergePatch(original, patch) : strategicMerge(original, patch, mergeKeyLists)) as unknown as object;
}
