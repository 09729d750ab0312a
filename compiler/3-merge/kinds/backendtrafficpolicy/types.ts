import type { ResourceKey } from '../../../1-load/types';
import type { BackendTrafficPolicySpec } from '../../../api/backendtrafficpolicy';
import type { AppliedPolicy } from '../../types';

/** The policy a rate-limit rule was written in, and its index there. */
export interface RuleOrigin {
  policy: ResourceKey;
  index: number;
}

/** What a BackendTrafficPolicy merge records beyond the spec. */
export interface BtpExtra {
  /**
   * Where each `rateLimit.global.rules[i]` of the spec came from, when a StrategicMerge put route
   * and parent rules together: Envoy Gateway names each rule after its own policy (`<ns>/<name>/rule/<index>`).
   */
  globalRuleOrigins: RuleOrigin[];
}

/** The BackendTrafficPolicy in force for a route rule on a listener. */
export type AppliedBtp = AppliedPolicy<BackendTrafficPolicySpec, BtpExtra>;
