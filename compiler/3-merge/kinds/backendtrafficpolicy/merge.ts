import type { BackendTrafficPolicySpec } from '../../../api/backendtrafficpolicy';
import type { Keyed, Merged } from '../../kind';
import { mergePatch, type MergeKeyLists } from '../../../units/merge-patch';
import type { BtpExtra } from './types';

/** Lists Envoy Gateway's Go types mark with patch strategy `merge` and merge key `type`. */
const MERGE_KEY_LISTS: MergeKeyLists = new Map([
  ['compression', 'type'],
  ['compressor', 'type'],
  ['httpUpgrade', 'type'],
]);

/**
 * The route policy's spec (patch) merged over its parent's (original), per its mergeType.
 * Rate-limit rule lists have no merge key, so a plain merge would replace them; Envoy Gateway
 * merges them at IR level instead: StrategicMerge keeps the route's rules then the parent's
 * (each named after its own policy), JSONMerge keeps only the route's.
 */
export function mergeBtp(
  parent: Keyed<BackendTrafficPolicySpec>,
  route: Keyed<BackendTrafficPolicySpec>,
  type: 'StrategicMerge' | 'JSONMerge',
): Merged<BackendTrafficPolicySpec, BtpExtra> {
  const spec = mergePatch(parent.spec, route.spec, type, MERGE_KEY_LISTS) as BackendTrafficPolicySpec;
  if (type !== 'StrategicMerge') return { spec };
  const out: Merged<BackendTrafficPolicySpec, BtpExtra> = { spec };
  for (const scope of ['local', 'global'] as const) {
    const fromRoute = route.spec.rateLimit?.[scope]?.rules;
    const fromParent = parent.spec.rateLimit?.[scope]?.rules;
    if (!fromRoute?.length || !fromParent?.length) continue;
    spec.rateLimit![scope] = { ...spec.rateLimit![scope], rules: [...fromRoute, ...fromParent] };
    if (scope === 'global') {
      out.extra = {
        globalRuleOrigins: [...fromRoute.map((_, index) => ({ policy: route.key, index })), ...fromParent.map((_, index) => ({ policy: parent.key, index }))],
      };
    }
  }
  return out;
}
