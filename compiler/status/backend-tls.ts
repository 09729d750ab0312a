// A backendRef whose BackendTLSPolicy fails to translate makes Envoy Gateway's route report
// ResolvedRefs=False with reason InvalidBackendTLS (processDestination), worded as the policy's error.
import { buildLookup } from '../2-resolve/lookup';
import type { AttachmentGraph, ResolvedBackend, RouteNode } from '../2-resolve/types';
import { BACKEND_TLS_POLICY, backendRefKey, readPolicyTls } from '../3-merge/kinds/backendtlspolicy';
import { appliedPolicy, type EffectivePolicies } from '../3-merge/types';

/** The route with backendRefs made invalid where the BackendTLSPolicy in force failed to translate. */
export function withBackendTlsFailures(graph: AttachmentGraph, policies: EffectivePolicies): (route: RouteNode) => RouteNode {
  if (!graph.resources.backendTlsPolicies.length) return (route) => route;
  const lookup = buildLookup(graph.resources);
  const sources = { lookup, configMaps: lookup.configMaps };
  return (route) => {
    const listeners = [...new Set(route.parents.flatMap((p) => p.attachments.map((a) => a.listener)))];
    const failure = (ruleIndex: number, b: ResolvedBackend): string | undefined => {
      for (const listener of listeners) {
        const applied = appliedPolicy(policies, BACKEND_TLS_POLICY, backendRefKey(route.key, ruleIndex, listener, `backend/${b.index}`));
        if (!applied?.invalid) continue;
        const [, ns, name] = applied.policies[0]!.split('/') as [string, string, string];
        const read = readPolicyTls(applied.spec, name, ns, sources);
        return 'error' in read ? read.error.message : undefined;
      }
      return undefined;
    };
    const rules = route.rules.map((rule) => ({
      ...rule,
      backends: rule.backends.map((b): ResolvedBackend => {
        const message = b.state === 'invalid' ? undefined : failure(rule.index, b);
        return message === undefined ? b : { ...b, state: 'invalid', failure: { reason: 'InvalidBackendTLS', message } };
      }),
    }));
    return { ...route, rules };
  };
}
