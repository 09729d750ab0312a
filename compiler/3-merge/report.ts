import type { Loaded } from '../1-load/types';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { spanAt } from '../source';
import { policyLabel, type AnyPolicyKind, type PolicyObject, type ScopeView } from './kind';
import type { KindRun } from './run';
import { formatScopes } from './scope-graph';
import type { Resolved } from './scopes';

/** Scopes whose policies yield to listeners and routes below them. */
const LISTENER_LEVEL_SCOPES: ReadonlySet<string> = new Set(['Gateway', 'GatewayListener', 'ListenerSet', 'ListenerSetListener']);

/** What a policy that won its scope yields to: rules of its route, listeners and routes of its Gateway, and what merged into it. */
function viewOf(run: KindRun, r: Resolved): ScopeView {
  const { state } = run;
  const mergedInto = state.merged.direct(r.scope);
  return {
    scope: r.scope,
    claimedSections: state.claimedSections(r.scope).sort(),
    overriddenBy: [...state.overrides.withDescendants(r.scope)].filter(([key]) => !mergedInto.has(key)).map(([, s]) => s),
    mergedInto: [...mergedInto.values()],
  };
}

/**
 * Overridden and Merged on a policy that won its scope. Envoy Gateway's shared wording: a whole
 * route yields to its rules' policies; a Gateway or listener yields to the listeners and routes
 * below it that have policies of their own, except the routes that merged into it. A kind with
 * words of its own (`PolicyKind.overridden`) writes those instead.
 */
export function reportOverrides(run: KindRun, policy: Loaded<PolicyObject>, r: Resolved): void {
  const status = run.state.status(policy);
  const { kind } = run;
  const view = viewOf(run, r);
  if (kind.overridden) {
    const message = kind.overridden.message(view);
    if (message) for (const a of r.ancestors) status.overridden(a, message);
    return;
  }
  if (r.scope.kind === 'Route') {
    const message = `This policy is being overridden by other ${kind.routeOverriddenNoun} for these route rules: [${view.claimedSections.join(' ')}]`;
    if (view.claimedSections.length) for (const a of r.ancestors) status.overridden(a, message);
    return;
  }
  if (!LISTENER_LEVEL_SCOPES.has(r.scope.kind)) return;
  for (const a of r.ancestors) {
    if (view.mergedInto.length) status.merged(a, `This policy is being merged by other ${kind.plural} for ${formatScopes(view.mergedInto)}`);
    if (view.overriddenBy.length) status.overridden(a, `This policy is being overridden by other ${kind.plural} for ${formatScopes(view.overriddenBy)}`);
  }
}

/** A `deprecated_field` warning at each deprecated field a policy uses (its status carries the same words). */
export function reportDeprecations(kind: AnyPolicyKind, p: Loaded<PolicyObject>, diags: Diagnostics): void {
  for (const [field, replacement] of Object.entries(kind.deprecatedFields(p.value.spec) as Record<string, string>))
    diags.add(d.deprecatedField(spanAt(p.src, field.split('.'), { key: true }), policyLabel(p), `${field} is deprecated, use ${replacement} instead`));
}
