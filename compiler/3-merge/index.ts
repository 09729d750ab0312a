import type { AttachmentGraph } from '../2-resolve/types';
import type { Diagnostics } from '../diagnostics';
import type { CompileOptions } from '../options';
import { ignoredBy, reportIgnored, reportUnknownNamespaces } from './ignore';
import type { AnyPolicyKind } from './kind';
import { resolvePatchPolicies } from './patch-policies';
import { POLICY_KINDS } from './registry';
import { reportDeprecations } from './report';
import { runKind } from './run';
import type { EffectivePolicies } from './types';

export type { EffectivePolicies, AppliedPolicy, PolicyAttachment } from './types';
export { appliedPolicy } from './types';

/**
 * Phase 3: which policy of each kind applies where, exactly as Envoy Gateway v1.9 decides —
 * targets resolved, passes from the most specific scope to the least, conflicts at one scope
 * decided by provider order, mergeType merges, and each policy's status. Each kind has its own
 * passes, as Envoy Gateway's `Process<Kind>` functions do; a kind sees what earlier kinds put in
 * force only where Envoy Gateway's IR carries it (TranslationContext.earlier).
 */
export function merge(graph: AttachmentGraph, opts: CompileOptions, diags: Diagnostics, kinds: readonly AnyPolicyKind[] = POLICY_KINDS): EffectivePolicies {
  const out: EffectivePolicies = { applied: {}, statuses: [], attachments: [], patchPolicies: [] };
  reportUnknownNamespaces(graph.resources, opts, diags);
  for (const kind of kinds) {
    const all = kind.objects(graph.resources);
    // --no-policies and --no-policies-in: compiled as if absent, so they win no scope either.
    const ignored = new Map<string, string>();
    for (const p of all) {
      const by = ignoredBy(kind, p, opts);
      if (by) ignored.set(p.key, by);
    }
    const policies = all.filter((p) => !ignored.has(p.key));
    for (const p of all.filter((p) => ignored.has(p.key))) reportIgnored(p, ignored.get(p.key)!, diags);
    for (const p of policies) {
      reportDeprecations(kind, p, diags);
      kind.report?.(p, opts, diags);
    }
    const state = runKind(graph, kind, policies, diags, out, opts.mergeGateways);
    const applied = state.finish();
    // Only kinds with something in force: a lookup in an empty record still hashes its key, and
    // lowering looks up every backendRef of every rule (a kind nobody uses costs nothing).
    if (Object.keys(applied).length) out.applied[kind.kind] = applied;
    for (const a of state.attachments) out.attachments.push(a);
    for (const p of all) {
      const by = ignored.get(p.key);
      out.statuses.push({ key: p.key, ancestors: by ? null : (state.statuses.get(p.key)?.build() ?? null), ...(by ? { ignoredBy: by } : {}) });
    }
  }
  // EnvoyPatchPolicy targets a whole Envoy and has no scopes: resolved apart, as Envoy Gateway does.
  out.patchPolicies = resolvePatchPolicies(graph, opts, diags);
  return out;
}
