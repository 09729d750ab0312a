import type { Loaded } from '../1-load/types';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { spanAt } from '../source';
import { policyLabel, type PolicyObject, type AnyPolicyKind } from './kind';
import type { KindRun } from './run';
import { formatScopes } from './scope-graph';
import type { Resolved } from './scopes';

/**
 * Overridden and Merged on a policy that won its scope (Envoy Gateway's shared wording): a whole
 * route yields to its rules' policies; a Gateway or listener yields to the listeners and routes
 * below it that have policies of their own, except the routes that merged into it.
 */
export function reportOverrides(run: KindRun, policy: Loaded<PolicyObject>, r: Resolved): void {
  const status = run.state.status(policy);
  const { kind, state } = run;
  if (r.scope.kind === 'Route') {
    const rules = state.claimedSections(r.scope).sort();
    const message = `This policy is being overridden by other ${kind.routeOverriddenNoun} for these route rules: [${rules.join(' ')}]`;
    if (rules.length) for (const a of r.ancestors) status.overridden(a, message);
    return;
  }
  if (r.scope.kind !== 'Gateway' && r.scope.kind !== 'GatewayListener') return;
  const merged = state.merged.direct(r.scope);
  const overridden = [...state.overrides.withDescendants(r.scope)].filter(([key]) => !merged.has(key)).map(([, s]) => s);
  for (const a of r.ancestors) {
    if (merged.size) status.merged(a, `This policy is being merged by other ${kind.plural} for ${formatScopes(merged.values())}`);
    if (overridden.length) status.overridden(a, `This policy is being overridden by other ${kind.plural} for ${formatScopes(overridden)}`);
  }
}

/** A `deprecated_field` warning at each deprecated field a policy uses (its status carries the same words). */
export function reportDeprecations(kind: AnyPolicyKind, p: Loaded<PolicyObject>, diags: Diagnostics): void {
  for (const [field, replacement] of Object.entries(kind.deprecatedFields(p.value.spec) as Record<string, string>))
    diags.add(d.deprecatedField(spanAt(p.src, field.split('.'), { key: true }), policyLabel(p), `${field} is deprecated, use ${replacement} instead`));
}
