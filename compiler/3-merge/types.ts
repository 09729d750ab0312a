import type { ResourceKey } from '../1-load/types';
import type { Condition } from '../2-resolve/types';
import type { PolicyKind, PolicyTargeting } from './kind';
import type { ResolvedPatchPolicy } from './patch-policies';
import type { PolicyScope } from './scope-graph';

export { applicationKey, type ApplicationKey } from './units';

/** The policy of one kind in force at one application (a route rule on a listener, or a listener). */
export type AppliedPolicy<S = object, Extra extends object = object> = {
  /** The effective spec: the winning policy's, merged over its parent with mergeType, or (TCP/TLS) filled field by field. */
  spec: S;
  /** `metadata.policies` on the route: the winning (or merged route) policy; every contributor for TCP/TLS routes. */
  policies: ResourceKey[];
  /** Top-level spec field → the policy that set it (for `explain` and "overridden by"). */
  owners: Record<string, ResourceKey>;
  /** The policy failed to translate: HTTP routes answer 500 (Envoy Gateway). The message is on the policy's status. */
  invalid: boolean;
} & Partial<Extra>;

/** A policy's `status.ancestors[]` entry. */
export interface PolicyAncestorStatus {
  ancestorRef: { group: string; kind: string; namespace: string; name: string; sectionName?: string };
  controllerName: string;
  conditions: Condition[];
}

export interface PolicyStatus {
  key: ResourceKey;
  /** `null` when no target resolved (Envoy Gateway leaves `ancestors` unset), or the policy was ignored. */
  ancestors: PolicyAncestorStatus[] | null;
  /** The flag that made envoyc compile it as if absent (`--no-policies`, `--no-policies-in NS`). */
  ignoredBy?: string;
}

/**
 * One target of one policy, as its pass resolved it: the scope it names and what came of it. The
 * status says the same per Gateway ancestor; this says it per target (`envoyc graph` draws it).
 */
export interface PolicyAttachment {
  policy: ResourceKey;
  /** The scope named (route scopes carry their route kind; a kind's own scopes keep their own kind). */
  scope: PolicyScope;
  /**
   * `claimed`: the policy holds the scope (its spec translated); `invalid`: it holds it but failed
   * to translate; `conflicted`: another policy held it first (`winner`); `sectionNotFound`,
   * `targetNotFound`: nothing by that name is attached to a Gateway envoyc manages.
   */
  outcome: 'claimed' | 'invalid' | 'conflicted' | 'sectionNotFound' | 'targetNotFound';
  winner?: ResourceKey;
  /** The applications the scope reaches (keys of `applied[kind]`), claimed or not. */
  applications: string[];
}

/** Phase 3 output: per policy kind, the effective policy per application; and every policy's status. */
export interface EffectivePolicies {
  /** Kind → application key → the policy in force; a kind with nothing in force is absent. Read through `appliedPolicy`. */
  applied: Record<string, Record<string, AppliedPolicy>>;
  /** Every policy of every kind, kinds in registry order, each in provider order. */
  statuses: PolicyStatus[];
  /** Every target of every policy that was not ignored, in pass order (kinds in registry order, scopes most specific first, policies in provider order). */
  attachments: PolicyAttachment[];
  /** Every EnvoyPatchPolicy in the order its patches apply (priority, then provider order), with the Envoy it patches. */
  patchPolicies: ResolvedPatchPolicy[];
}

/** The policy of `kind` in force at an application (its key: `applicationKey(...)` for route rules, the listener's IR name for listeners). */
export function appliedPolicy<S extends PolicyTargeting, Extra extends object>(
  policies: EffectivePolicies,
  kind: PolicyKind<S, Extra>,
  key: string,
): AppliedPolicy<S, Extra> | undefined {
  return policies.applied[kind.kind]?.[key] as AppliedPolicy<S, Extra> | undefined;
}
