import type { AttachmentGraph } from '../2-resolve/types';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import type { CompileOptions } from '../options';
import type { AnyPolicyKind } from './kind';
import { POLICY_KINDS } from './registry';
import { reportDeprecations } from './report';
import { runKind } from './run';
import type { EffectivePolicies } from './types';

export type { EffectivePolicies, AppliedPolicy } from './types';
export { appliedPolicy } from './types';

/**
 * Phase 3: which policy of each kind applies where, exactly as Envoy Gateway v1.9 decides —
 * targets resolved, passes from the most specific scope to the least, conflicts at one scope
 * decided by provider order, mergeType merges, and each policy's status. Kinds do not interact
 * here: each has its own passes, as Envoy Gateway's `Process<Kind>` functions do.
 */
export function merge(graph: AttachmentGraph, opts: CompileOptions, diags: Diagnostics, kinds: readonly AnyPolicyKind[] = POLICY_KINDS): EffectivePolicies {
  const out: EffectivePolicies = { applied: {}, statuses: [] };
  for (const kind of kinds) {
    const policies = kind.objects(graph.resources);
    if (opts.noPolicies) {
      if (policies.length) diags.add(d.policiesIgnored(policies.length));
      out.statuses.push(...policies.map((p) => ({ key: p.key, ancestors: null })));
      continue;
    }
    for (const p of policies) {
      reportDeprecations(kind, p, diags);
      kind.report?.(p, opts, diags);
    }
    const state = runKind(graph, kind, policies, diags);
    out.applied[kind.kind] = state.finish();
    out.statuses.push(...policies.map((p) => ({ key: p.key, ancestors: state.statuses.get(p.key)?.build() ?? null })));
  }
  return out;
}
