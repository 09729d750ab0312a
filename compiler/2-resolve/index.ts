import type { Resources } from '../1-load/types';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { DEFAULT_SERVICE_DNS, type CompileOptions } from '../options';
import { spanAt } from '../source';
import { attachRoute, routeHead } from './attach';
import { checkEnvoyValues } from './check-values';
import type { BackendContext } from './backends';
import { resolveGateways } from './gateways';
import { buildLookup } from './lookup';
import { resolveRules, type AnyRoute } from './rules';
import type { AttachmentGraph, GatewayNode, RouteKind, RouteNode } from './types';

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
  const byName = new Map<string, GatewayNode>(gateways.map((g) => [`${g.loaded.value.metadata.namespace}/${g.loaded.value.metadata.name}`, g]));
  // Envoy Gateway's processing order: HTTPRoutes, GRPCRoutes, TLSRoutes, TCPRoutes.
  const rejected = new Set<string>(resources.rejected);
  const all: AnyRoute[] = [...resources.httpRoutes, ...resources.grpcRoutes, ...resources.tlsRoutes, ...resources.tcpRoutes];
  const routes = all.map((route): RouteNode => {
    const head = routeHead(route);
    const parents = attachRoute(head, byName, rejected, lookup, diags);
    if (route.value.kind === 'TCPRoute' && route.value.spec.rules.length !== 1) {
      diags.add(d.tcpRouteRuleCount(spanAt(route.src, ['spec', 'rules']), `TCPRoute ${head.namespace}/${head.name}`));
      for (const p of parents) p.attachments = [];
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
    const rules =
      parents.length > 0
        ? resolveRules(
            route,
            ctx,
            diags,
            parents.some((p) => p.attachments.length > 0),
          )
        : [];
    return { key: route.key, kind: head.kind, loaded: route, parents, rules };
  });
  const serviceDns = { template: opts.serviceDns ?? DEFAULT_SERVICE_DNS, forMissingServices: opts.serviceDns !== undefined || resources.services.length === 0 };
  return { gateways, routes, secrets, resources, serviceDns };
}
