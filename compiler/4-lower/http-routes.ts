import type { ListenerNode, RouteNode, RuleNode } from '../2-resolve/types';
import type { GRPCRoute, HTTPRoute, HTTPRouteFilter } from '../api/routes';
import type { AppliedBtp } from '../3-merge/kinds/backendtrafficpolicy';
import type { IrFractionalPercent, IrMirror, IrRoute, IrRouteAction, IrRouteFilters, IrSessionPersistence, IrVirtualHost } from '../ir';
import { routeFilterCors } from './cors';
import { lowerSessionPersistence } from './session-persistence';
import { spanLater } from '../source';
import { mirrorCluster, ruleTarget } from './clusters';
import { sharedClustersOf } from './merge-backends';
import { clusterStatName } from './metrics';
import { upstreamTlsOf } from './backend-tls';
import { addCluster, findApplied, proxyRoutingOf, proxySpecOf, type LowerContext } from './context';
import { connectMatch, lowerRoutePolicy, lowerRouteSettings, policyRefs, routePolicyInput, withRemoved, type RuleSettingsSource } from './route-settings';
import { headerMutation, redirectAction } from './filters';
import { credentialInjector, extensionDirectResponse, routeRewrite, withCookieMatches } from './extension-filters';
import { fractionToPercent } from './percent';
import { grpcMatch, httpMatch, type SortableMatch } from './matches';
import { ruleRegexesValid } from './match-regexes';
import { compareRoutePrecedence } from './route-order';
import { lowerRouteExtensions } from './extensions';
import { lowerRouteSecurity, type IrRouteSecurity } from './security';

const TRANSLATED_FILTERS = new Set([
  'RequestHeaderModifier',
  'ResponseHeaderModifier',
  'RequestRedirect',
  'URLRewrite',
  'RequestMirror',
  'ExtensionRef',
  'CORS',
]);

/** The share of requests a RequestMirror copies (`percent`, or a `fraction`), as Envoy's FractionalPercent. */
function mirrorFraction(f: NonNullable<HTTPRouteFilter['requestMirror']>): IrFractionalPercent | undefined {
  if (f.percent !== undefined) return fractionToPercent({ numerator: f.percent, denominator: 100 });
  return f.fraction ? fractionToPercent(f.fraction) : undefined;
}

/** The action of one route entry of a rule; the rewrite depends on the match's prefix. */
function routeAction(
  ctx: LowerContext,
  route: RouteNode,
  rule: RuleNode,
  spec: RuleSettingsSource | undefined,
  m: SortableMatch,
  applied: AppliedBtp | undefined,
  listener: ListenerNode,
): IrRouteAction {
  // Envoy Gateway processes the filters up to the first direct response.
  const filters = (spec?.filters ?? []).slice(0, rule.extension?.processed);
  // A rule with a filter envoyc cannot translate or Envoy Gateway refuses, or under a policy that
  // failed to translate, answers 500 (Envoy Gateway).
  if (filters.some((f) => !TRANSLATED_FILTERS.has(f.type)) || rule.filterErrors.length > 0 || applied?.invalid) return { type: 'direct', status: 500 };
  // An HTTPRouteFilter's direct response comes before a redirect (Envoy Gateway).
  const direct = extensionDirectResponse(rule.extension);
  if (direct) return direct;
  const redirect = filters.find((f) => f.type === 'RequestRedirect')?.requestRedirect;
  if (redirect) return redirectAction(redirect, m.prefix, listener.port);
  const tlsOf = upstreamTlsOf(ctx, route, rule.index, listener);
  const shared = sharedClustersOf(ctx, route, rule, listener);
  const target = ruleTarget(route, rule, applied, tlsOf, proxyRoutingOf(ctx, listener), shared);
  if (target.type === 'direct') return { type: 'direct', status: target.status };
  const statPattern = proxySpecOf(ctx, listener)?.telemetry?.metrics?.clusterStatName;
  // A shared cluster is no one rule's: it takes no rule's stat name (Envoy Gateway).
  const sharedNames = new Set([...shared.values()].map((c) => c.name));
  for (const c of target.clusters)
    addCluster(ctx, statPattern !== undefined && !sharedNames.has(c.name) ? { ...c, altStatName: clusterStatName(statPattern, route, rule) } : c);
  // A backendRef's injected credential is a secret of the config, like a route's.
  for (const b of rule.backends) if (b.state === 'valid') credentialInjector(ctx, b.credential);
  const mirrors: IrMirror[] = [];
  filters.forEach((f, i) => {
    if (f.type !== 'RequestMirror' || !f.requestMirror) return;
    const mc = mirrorCluster(route, rule, i, applied, tlsOf, proxyRoutingOf(ctx, listener));
    if (!mc) return;
    addCluster(ctx, mc);
    const fraction = mirrorFraction(f.requestMirror);
    mirrors.push({ cluster: mc.name, ...(fraction ? { fraction } : {}) });
  });
  return {
    type: 'forward',
    ...(target.type === 'cluster' ? { cluster: target.cluster } : { weightedClusters: target.weighted }),
    ...(target.type === 'weighted' && target.notFoundStatus ? { clusterNotFoundStatus: target.notFoundStatus } : {}),
    ...lowerRouteSettings(spec, applied, { kind: route.kind as 'HTTPRoute' | 'GRPCRoute', weighted: target.type === 'weighted' }),
    ...routeRewrite(filters.find((f) => f.type === 'URLRewrite')?.urlRewrite, rule.extension, m.prefix),
    mirrors,
  };
}

/** The rule's one backendRef when it is a dynamic resolver. */
const dynamicResolverOf = (rule: RuleNode) =>
  rule.backends.length === 1 && rule.backends[0]!.dynamicResolver && rule.backends[0]!.state === 'valid' ? rule.backends[0] : undefined;

/** A dynamic resolver route keeps the request's host: a host rewrite to the backend's does not apply (Envoy Gateway). */
function dynamicResolverAction(rule: RuleNode, action: IrRouteAction): IrRouteAction {
  if (action.type !== 'forward' || !dynamicResolverOf(rule) || action.hostRewrite?.type !== 'backend') return action;
  const { hostRewrite: _, ...rest } = action;
  return rest;
}

/**
 * Envoy Gateway's guard on a dynamic resolver route: a request whose host (`:authority`, or the
 * header the host is rewritten from) names a loopback host is denied; none under a literal host rewrite.
 */
function loopbackGuard(rule: RuleNode, action: IrRouteAction): { header: string } | undefined {
  if (action.type !== 'forward' || !dynamicResolverOf(rule)) return undefined;
  const host = action.hostRewrite;
  if (host?.type === 'literal') return undefined;
  return { header: host?.type === 'header' ? host.header : ':authority' };
}

/** The route filters with its SecurityPolicy's settings, the HTTPRoute CORS filter's CORS policy over the policy's (Envoy Gateway). */
function withSecurity(
  filters: IrRouteFilters | undefined,
  security: IrRouteSecurity,
  corsFilter: NonNullable<HTTPRouteFilter['cors']> | undefined,
): IrRouteFilters | undefined {
  const all: IrRouteSecurity = corsFilter ? { ...security, cors: routeFilterCors(corsFilter) } : security;
  // Object.assign here and below, not a leading spread: Node 20's V8 builds `{ ...a, b }` slowly (microseconds each).
  return Object.keys(all).length ? Object.assign({}, filters, all) : filters;
}

/** A route's filters with its session persistence, which Envoy Gateway sets whatever the action. */
function withSession(filters: IrRouteFilters | undefined, session: IrSessionPersistence | undefined): IrRouteFilters | undefined {
  return session ? Object.assign({}, filters, { sessionPersistence: session }) : filters;
}

interface Entry {
  route: IrRoute;
  sortKey: SortableMatch;
  hostname: string;
}

/** A rule's matches; a GRPCRoute rule without matches matches everything (match index -1). */
function ruleMatches(route: HTTPRoute | GRPCRoute, ruleIndex: number): { matches: SortableMatch[]; noMatches: boolean } {
  if (route.kind === 'HTTPRoute') return { matches: (route.spec.rules[ruleIndex]?.matches ?? []).map(httpMatch), noMatches: false };
  const matches = route.spec.rules?.[ruleIndex]?.matches ?? [];
  return matches.length > 0 ? { matches: matches.map(grpcMatch), noMatches: false } : { matches: [grpcMatch(undefined)], noMatches: true };
}

/** Every route entry one HTTP route contributes to one listener hostname: rule × match. */
function routeEntries(ctx: LowerContext, route: RouteNode, listener: ListenerNode, hostname: string): Entry[] {
  const v = route.loaded.value as HTTPRoute | GRPCRoute;
  const kindLower = v.kind.toLowerCase();
  const host = hostname.replaceAll('.', '_');
  const out: Entry[] = [];
  for (const rule of route.rules) {
    // A rule with a regex Envoy refuses is dropped, as Envoy Gateway drops it (reported as invalid_regex).
    if (!ruleRegexesValid(ctx, route, rule.index)) continue;
    const spec = v.spec.rules?.[rule.index];
    const applied = findApplied(ctx, route.key, rule.index, listener.irName);
    const requestHeaders = headerMutation(rule.requestHeaders);
    const responseHeaders = headerMutation(rule.responseHeaders);
    const { matches, noMatches } = withCookieMatches(ruleMatches(v, rule.index), rule.extension?.cookieMatches);
    const policies = policyRefs(applied);
    // An EnvoyExtensionPolicy that fails (a Lua error, a failed extension that is not failOpen) makes the rule answer 500 (Envoy Gateway).
    const ext = lowerRouteExtensions(ctx, route.key, rule.index, listener.irName);
    // A SecurityPolicy that fails to translate makes the rule answer 500, never serve it unauthenticated (Envoy Gateway).
    const security = lowerRouteSecurity(ctx, route.key, rule.index, listener.irName);
    const fail = ext.fail || security.fail;
    const corsFilter = (spec?.filters as HTTPRouteFilter[] | undefined)?.find((f) => f.type === 'CORS')?.cors;
    matches.forEach((m, mi) => {
      const name = `${kindLower}/${v.metadata.namespace}/${v.metadata.name}/rule/${rule.index}/match/${noMatches ? -1 : mi}/${host}`;
      const action: IrRouteAction = fail
        ? { type: 'direct', status: 500 }
        : dynamicResolverAction(rule, routeAction(ctx, route, rule, spec, m, applied, listener));
      // Policy settings beside the action (filters, telemetry, header removals) go on forwarding routes only.
      const p = lowerRoutePolicy(action.type === 'forward' ? applied : undefined, routePolicyInput(ctx, v, rule, name, listener));
      const reqHeaders = withRemoved(requestHeaders, p.removeRequestHeaders);
      const respHeaders = withRemoved(responseHeaders, p.removeResponseHeaders);
      const credential = credentialInjector(ctx, rule.extension?.credential);
      const session = v.kind === 'HTTPRoute' ? lowerSessionPersistence(v.spec.rules[rule.index], rule.destination, m) : undefined;
      const withExtensions = withSession(!fail && ext.extensions ? Object.assign({}, p.filters, { extensions: ext.extensions }) : p.filters, session);
      // An HTTPRouteFilter's credential injector is switched on whatever the route answers (Envoy Gateway).
      const withCredential = credential ? Object.assign({}, withExtensions, { credentialInjector: credential }) : withExtensions;
      // Security applies whatever the route does (a redirect or a direct response too), as in Envoy Gateway.
      const secured = fail ? withCredential : withSecurity(withCredential, security.security, corsFilter);
      const guard = loopbackGuard(rule, action);
      const filters = guard ? Object.assign({}, secured, { dfpLoopbackDeny: guard }) : secured;
      out.push({
        hostname,
        sortKey: m,
        route: {
          name,
          match: p.connect ? connectMatch(m.match) : m.match,
          action,
          ...(reqHeaders ? { requestHeaders: reqHeaders } : {}),
          ...(respHeaders ? { responseHeaders: respHeaders } : {}),
          ...(p.statPrefix !== undefined ? { statPrefix: p.statPrefix } : {}),
          ...(p.tracing ? { tracing: p.tracing } : {}),
          ...(filters ? { filters } : {}),
          resources: [{ kind: v.kind, namespace: v.metadata.namespace, name: v.metadata.name, ...(rule.name !== undefined ? { sectionName: rule.name } : {}) }],
          ...(policies ? { policies } : {}),
          origin: [{ key: route.key, span: spanLater(route.loaded.src, ['spec', 'rules', rule.index]) }],
        },
      });
    });
  }
  return out;
}

/**
 * The virtual hosts of one HTTP/HTTPS Gateway listener: every attached HTTPRoute then GRPCRoute
 * entry, sorted by Gateway API precedence (unless the EnvoyProxy preserves route order), grouped by hostname in order of first appearance.
 */
export function lowerHttpListener(ctx: LowerContext, listener: ListenerNode): { virtualHosts: IrVirtualHost[]; grpc: boolean } {
  const entries: Entry[] = [];
  let grpc = false;
  for (const route of ctx.graph.routes) {
    if (route.kind !== 'HTTPRoute' && route.kind !== 'GRPCRoute') continue;
    const hostnames = new Set(route.parents.flatMap((p) => p.attachments.filter((a) => a.listener === listener.irName).flatMap((a) => a.hostnames)));
    if (hostnames.size === 0) continue;
    grpc ||= route.kind === 'GRPCRoute';
    for (const h of [...hostnames].sort()) entries.push(...routeEntries(ctx, route, listener, h));
  }
  // The Gateway's EnvoyProxy may keep the routes in the order they were written (preserveRouteOrder).
  if (!proxySpecOf(ctx, listener)?.preserveRouteOrder) entries.sort((a, b) => compareRoutePrecedence(a.sortKey, b.sortKey));
  const vhosts = new Map<string, IrVirtualHost>();
  const [gwNs, gwName] = listener.irName.split('/');
  for (const e of entries) {
    let vh = vhosts.get(e.hostname);
    if (!vh) {
      vh = {
        name: `${listener.irName}/${e.hostname.replaceAll('.', '_')}`,
        domains: [e.hostname],
        routes: [],
        resources: [{ kind: 'Gateway', namespace: gwNs!, name: gwName!, sectionName: listener.name }],
      };
      vhosts.set(e.hostname, vh);
    }
    vh.routes.push(e.route);
  }
  return { virtualHosts: [...vhosts.values()], grpc };
}
