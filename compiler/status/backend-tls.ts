// A backendRef whose BackendTLSPolicy fails to translate, or that speaks TLS on a Gateway whose
// EnvoyProxy `backendTLS` cannot be used, makes Envoy Gateway's route report ResolvedRefs=False with
// reason InvalidBackendTLS (processDestination), worded as that error.
import { gatewayClientTls } from '../2-resolve/gateway-backend-tls';
import { buildLookup } from '../2-resolve/lookup';
import type { AttachmentGraph, ParentNode, ResolvedBackend, RouteNode } from '../2-resolve/types';
import { BACKEND_TLS_POLICY, backendRefKey, readPolicyTls } from '../3-merge/kinds/backendtlspolicy';
import { appliedPolicy, type EffectivePolicies } from '../3-merge/types';

/**
 * The route as one parent sees it: backendRefs made invalid where their upstream TLS fails on that
 * parent's listeners (the BackendTLSPolicy, then the Gateway's client settings), as Envoy Gateway
 * reports each parent.
 */
export function withBackendTlsFailures(graph: AttachmentGraph, policies: EffectivePolicies): (route: RouteNode, parent: ParentNode) => RouteNode {
  const lookup = buildLookup(graph.resources);
  const sources = { lookup, configMaps: lookup.configMaps };
  const gateways = new Map(graph.gateways.map((g) => [g.key, g]));
  return (route, parent) => {
    const listeners = parent.attachments.map((a) => [a.listener, parent.gateway] as const);
    const failure = (ruleIndex: number, b: ResolvedBackend): string | undefined => {
      for (const [listener, gateway] of listeners) {
        const applied = appliedPolicy(policies, BACKEND_TLS_POLICY, backendRefKey(route.key, ruleIndex, listener, `backend/${b.index}`));
        if (applied?.invalid) {
          const [, ns, name] = applied.policies[0]!.split('/') as [string, string, string];
          const read = readPolicyTls(applied.spec, name, ns, sources);
          return 'error' in read ? read.error.message : undefined;
        }
        const client = gatewayClientTls(gateways.get(gateway));
        if ((applied || b.tls) && client && 'error' in client) return client.error;
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
