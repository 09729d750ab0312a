import type { Loaded, Resources } from '../1-load/types';
import type { BackendRef, GRPCRoute, HTTPRoute, HTTPRouteFilter, TCPRoute, TLSRoute } from '../api/routes';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { DEFAULT_SERVICE_DNS, type CompileOptions } from '../options';
import { spanAt } from '../source';
import { attachRoute, routeHead } from './attach';
import { resolveBackendRef, type BackendContext } from './backends';
import { resolveGateways } from './gateways';
import { buildLookup } from './lookup';
import { isL4Route, type AttachmentGraph, type GatewayNode, type ResolvedBackend, type RouteKind, type RouteNode, type RuleNode } from './types';

export type { AttachmentGraph } from './types';

/** Route filter types envoyc translates (the Gateway API core and extended HTTP filters). */
const SUPPORTED_FILTERS = new Set(['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite', 'RequestMirror']);

type AnyRoute = Loaded<HTTPRoute> | Loaded<GRPCRoute> | Loaded<TCPRoute> | Loaded<TLSRoute>;

interface RuleInput {
  index: number;
  name?: string;
  backendRefs: BackendRef[];
  filters: HTTPRouteFilter[];
  path: (string | number)[];
}

/** Rules as Envoy Gateway sees them: TCP and TLS routes pool every rule's backendRefs into `rule/-1`. */
function ruleInputs(route: AnyRoute): RuleInput[] {
  const v = route.value;
  if (v.kind === 'TCPRoute' || v.kind === 'TLSRoute') {
    const refs = v.spec.rules.flatMap((r) => r.backendRefs);
    const name = v.spec.rules[0]?.name;
    return [{ index: -1, ...(name !== undefined ? { name } : {}), backendRefs: refs, filters: [], path: ['spec', 'rules', 0] }];
  }
  const rules = (v.spec.rules ?? []) as { name?: string; backendRefs?: BackendRef[]; filters?: HTTPRouteFilter[] }[];
  return rules.map((r, index) => ({
    index,
    ...(r.name !== undefined ? { name: r.name } : {}),
    backendRefs: r.backendRefs ?? [],
    filters: r.filters ?? [],
    path: ['spec', 'rules', index],
  }));
}

/** Reports one unusable backendRef where it is written, with the status its traffic will get. */
function reportBackend(route: AnyRoute, rule: RuleInput, b: ResolvedBackend, all: ResolvedBackend[], diags: Diagnostics, label: string): void {
  if (b.state === 'valid' || !b.failure) return;
  const at = spanAt(route.src, isL4Route(route.value.kind) ? ['spec', 'rules'] : [...rule.path, 'backendRefs', b.index]);
  const validWeight = all.filter((x) => x.state === 'valid').reduce((s, x) => s + x.weight, 0);
  const total = all.reduce((s, x) => s + x.weight, 0);
  // Only HTTP routes split traffic by weight between valid and invalid backendRefs.
  const share = validWeight > 0 && !isL4Route(route.value.kind) ? { weight: b.weight, total } : undefined;
  diags.add(d.backendRefInvalid(at, label, b.failure.reason, b.failure.message, b.state === 'noEndpoints' ? 503 : 500, share, b.failure.hint));
}

/** The route's rules with their backendRefs resolved; `report` says whether to warn about bad ones (the route reaches Envoy). */
function resolveRules(route: AnyRoute, ctx: BackendContext, diags: Diagnostics, report: boolean): RuleNode[] {
  const v = route.value;
  const label = `${v.kind} ${v.metadata.namespace}/${v.metadata.name}`;
  const kindLower = v.kind.toLowerCase();
  return ruleInputs(route).map((rule): RuleNode => {
    const backends = rule.backendRefs.map((ref, j) => resolveBackendRef(ref, j, ctx));
    if (report) for (const b of backends) reportBackend(route, rule, b, backends, diags, label);
    const mirrors = new Map<number, ResolvedBackend>();
    rule.filters.forEach((f, i) => {
      if (report && !SUPPORTED_FILTERS.has(f.type)) diags.add(d.filterNotSupported(spanAt(route.src, [...rule.path, 'filters', i, 'type']), label, f.type));
      if (f.type !== 'RequestMirror' || !f.requestMirror) return;
      const mirror = resolveBackendRef({ ...f.requestMirror.backendRef, weight: 1 }, i, ctx);
      if (report && mirror.state !== 'valid' && mirror.failure) {
        diags.add(
          d.backendRefInvalid(
            spanAt(route.src, [...rule.path, 'filters', i, 'requestMirror', 'backendRef']),
            label,
            mirror.failure.reason,
            mirror.failure.message,
            500,
          ),
        );
      }
      mirrors.set(i, mirror);
    });
    return {
      index: rule.index,
      ...(rule.name !== undefined ? { name: rule.name } : {}),
      destination: `${kindLower}/${v.metadata.namespace}/${v.metadata.name}/rule/${rule.index}`,
      backends,
      mirrors,
    };
  });
}

/**
 * Phase 2: what attaches to what. Checks Gateway listeners, attaches routes to them through
 * their parentRefs (with hostname intersection), and resolves every backendRef to endpoints.
 */
export function resolve(resources: Resources, opts: CompileOptions, diags: Diagnostics): AttachmentGraph {
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
  return { gateways, routes, secrets, resources };
}
