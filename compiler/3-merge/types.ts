import type { ResourceKey } from '../1-load/types';
import type { BackendTrafficPolicySpec } from '../api/backendtrafficpolicy';
import type { Condition } from '../2-resolve/types';

/** The policy in force for one route rule on one Gateway listener. */
export interface AppliedPolicy {
  /** The effective spec: the winning policy's, merged over its parent with mergeType, or (TCP/TLS) filled field by field. */
  spec: BackendTrafficPolicySpec;
  /** `metadata.policies` on the route: the winning (or merged route) policy; every contributor for TCP/TLS routes. */
  policies: ResourceKey[];
  /** Top-level spec field → the policy that set it (for `explain` and "overridden by"). */
  owners: Record<string, ResourceKey>;
  /** The policy failed to translate: HTTP routes answer 500 (Envoy Gateway). The message is on the policy's status. */
  invalid: boolean;
  /**
   * Where each `rateLimit.global.rules[i]` of `spec` came from, when a StrategicMerge put route and
   * parent rules together: Envoy Gateway names each rule after its own policy (`<ns>/<name>/rule/<index>`).
   */
  globalRuleOrigins?: RuleOrigin[];
}

/** The policy a rate-limit rule was written in, and its index there. */
export interface RuleOrigin {
  policy: ResourceKey;
  index: number;
}

/** Where a policy applies: `<route key>|<rule index>|<listener IR name>`. */
export type ApplicationKey = `${ResourceKey}|${number}|${string}`;

export function applicationKey(route: ResourceKey, ruleIndex: number, listener: string): ApplicationKey {
  return `${route}|${ruleIndex}|${listener}`;
}

/** A policy's `status.ancestors[]` entry. */
export interface PolicyAncestorStatus {
  ancestorRef: { group: string; kind: string; namespace: string; name: string; sectionName?: string };
  controllerName: string;
  conditions: Condition[];
}

export interface PolicyStatus {
  key: ResourceKey;
  /** `null` when no target resolved (Envoy Gateway leaves `ancestors` unset). */
  ancestors: PolicyAncestorStatus[] | null;
}

/** Phase 3 output: the effective policy per route rule and listener, and each policy's status. */
export interface EffectivePolicies {
  applied: Record<ApplicationKey, AppliedPolicy>;
  statuses: PolicyStatus[];
}
