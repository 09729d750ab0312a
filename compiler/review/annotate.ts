/**
 * `compile --annotate`: a post-pass over the emitted bootstrap that records, in each route's and
 * cluster's `metadata.filter_metadata.envoyc`, the inputs it came from, so a running Envoy's config
 * dump maps back to files and lines. Envoy ignores metadata it does not read.
 */
import { clustersOf, routesOf, type Json } from './bootstrap-view';
import { keyLabel, type SourceIndex } from './sources';

/** `filter_metadata.envoyc` of one route or cluster. */
export interface EnvoycMetadata {
  /** `file:line` of the route rule (and match) it comes from. */
  sources: string[];
  /** The BackendTrafficPolicies in force, as `BackendTrafficPolicy ns/name (file:line)`. */
  policies?: string[];
}

function annotationOf(idx: SourceIndex, name: string, vhost?: string): EnvoycMetadata | undefined {
  const rule = idx.ruleOf(name);
  if (!rule) return undefined;
  const sources = [rule.ruleAt, rule.matchAt].filter((s): s is string => s !== undefined);
  const keys = [...new Set(idx.applicationsOf(name, vhost).flatMap((a) => a.applied.policies))].sort();
  const policies = keys.map((k) => `${keyLabel(k)}${idx.fieldAt(k, []) ? ` (${idx.fieldAt(k, [])})` : ''}`);
  return policies.length ? { sources, policies } : { sources };
}

function setMetadata(obj: Json, value: EnvoycMetadata): void {
  obj.metadata = { ...obj.metadata, filter_metadata: { ...obj.metadata?.filter_metadata, envoyc: value } };
}

/** Returns a copy of the bootstrap with `filter_metadata.envoyc` on every route and cluster envoyc can trace. */
export function annotate(bootstrap: Json, idx: SourceIndex): Json {
  const copy = JSON.parse(JSON.stringify(bootstrap)) as Json;
  for (const r of routesOf(copy)) {
    const a = annotationOf(idx, r.route.name, r.vhost);
    if (a) setMetadata(r.route, a);
  }
  for (const c of clustersOf(copy)) {
    const a = annotationOf(idx, c.name);
    if (a) setMetadata(c, a);
  }
  return copy;
}
