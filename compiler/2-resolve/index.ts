import type { Resources } from '../1-load/types';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { DEFAULT_SERVICE_DNS, type CompileOptions } from '../options';
import { spanAt } from '../source';
import { attachRoute, routeHead } from './attach';
import { checkEnvoyValues } from './check-values';
import type { BackendContext } from './backends';
import { refuseMergedBackends, resolveEnvoyProxies } from './envoy-proxy';
import { resolveGateways } from './gateways';
import { buildLookup } from './lookup';
import { resolveRules, type AnyRoute } from './rules';
import { reportIgnoredFields } from './untranslated';
import { INVALID_RULE, type AttachmentGraph, type GatewayNode, type ParentNode, type RouteKind, type RouteNode } from './types';

export type { AttachmentGraph } from './types';

/**
 * Phase 2: what attaches to what. Checks Gateway listeners, attaches routes to them through
 * their parentRefs (with hostname intersection), and resolves every backendRef to endpoints.
 */
export function resolve(resources: Resources, opts: CompileOptions, diags: Diagnostics): AttachmentGraph {
  // Values Envoy would refuse stop the compilation where they are written, whatever uses them.
  checkEnvoyValues(resources, diags);
  // Envoy Gateway reads no fingerprints on the upstream side (only a ClientTrafficPolicy's).
  for (const b of resources.backends)
    if (b.value.spec.tls?.fingerprints?.length)
      diags.add(
        d.backendFieldNotTranslated(
          spanAt(b.src, ['spec', 'tls', 'fingerprints']),
          `${b.value.metadata.namespace}/${b.value.metadata.name}`,
          'tls.fingerprints',
          'Envoy Gateway v1.9 computes fingerprints of downstream clients only',
        ),
      );
  const lookup = buildLookup(resources);
  // Listeners first: a route can only attach to a listener whose checks have run.
  const { gateways, secrets } = resolveGateways(resources, lookup, diags);
  // Before routes: an invalid parametersRef keeps the Gateway from being accepted.
  const serviceDns = { template: opts.serviceDns ?? DEFAULT_SERVICE_DNS, forMissingServices: opts.serviceDns !== undefined || resources.services.length === 0 };
  const proxies = resolveEnvoyProxies(resources, gateways, { lookup, dns: serviceDns }, diags);
  if (opts.mergeGateways || proxies.mergeGateways) refuseMergedBackends(gateways, diags);
  const byName = new Map<string, GatewayNode>(gateways.map((g) => [`${g.loaded.value.metadata.namespace}/${g.loaded.value.metadata.name}`, g]));
  // Envoy Gateway's processing order: HTTPRoutes, GRPCRoutes, TLSRoutes, TCPRoutes, UDPRoutes.
  const rejected = new Set<string>(resources.rejected);
  const all: AnyRoute[] = [...resources.httpRoutes, ...resources.grpcRoutes, ...resources.tlsRoutes, ...resources.tcpRoutes, ...resources.udpRoutes];
  const routes = all.map((route): RouteNode => {
    const head = routeHead(route);
    const parents = attachRoute(head, byName, rejected, lookup, diags);
    if ((route.value.kind === 'TCPRoute' || route.value.kind === 'UDPRoute') && route.value.spec.rules.length !== 1) {
      diags.add(d.tcpRouteRuleCount(spanAt(route.src, ['spec', 'rules']), `${head.kind} ${head.namespace}/${head.name}`));
      for (const p of parents) refuseInvalidRule(p, byName);
    }
    const ctx: BackendContext = {
      lookup,
      routeKind: head.kind as RouteKind,
      routeNamespace: head.namespace,
      serviceDns: opts.serviceDns ?? DEFAULT_SERVICE_DNS,
      dnsForMissingServices: opts.serviceDns !== undefined || resources.services.length === 0,
    };
    // Envoy Gateway resolves every rule of a route with a parent it manages, attached or not: the
    // parent's ResolvedRefs condition says how they resolved, and rule sections stay targetable.
    const attached = parents.some((p) => p.attachments.length > 0);
    const rules = parents.length > 0 ? resolveRules(route, ctx, diags, attached) : [];
    if (attached) reportIgnoredFields(route, diags);
    return { key: route.key, kind: head.kind, loaded: route, parents, rules };
  });
  return { gateways, routes, secrets, resources, serviceDns, gatewayClasses: proxies.classes, ...(proxies.mergeGateways ? { mergeGateways: true } : {}) };
}

/**
 * A TCPRoute or UDPRoute without exactly one rule: every parent says `InvalidRule` and nothing else,
 * and its listeners do not count the route (Envoy Gateway checks the rules before attaching).
 */
function refuseInvalidRule(p: ParentNode, gateways: Map<string, GatewayNode>): void {
  const listeners = [...gateways.values()].flatMap((g) => g.listeners);
  for (const a of p.attachments) listeners.find((l) => l.irName === a.listener)!.attachedRoutes--;
  p.attachments = [];
  p.conditions = [INVALID_RULE];
}
