import type { ResourceKey } from '../1-load/types';
import type { ListenerNode, RouteNode, RuleNode } from '../2-resolve/types';
import type { AppliedBtp } from '../3-merge/kinds/backendtrafficpolicy';
import type { BackendTrafficPolicySpec } from '../api/backendtrafficpolicy';
import type { GRPCRoute, HTTPRoute, HTTPRouteRule } from '../api/routes';
import type { IrForwardAction, IrHeaderMutation, IrRouteFilters, IrRouteMatch, IrRouteTracing, IrTcpProxy, IrUpgrade } from '../ir';
import { findApplied, type LowerContext } from './context';
import { policyTargetsRoute } from './http-filters';
import { parseDuration } from '../units/duration';
import { ROUTE_IDLE_TIMEOUT_FLOOR_MS } from './defaults';
import { lowerHashPolicies } from './route-settings/hash-policy';
import { lowerPolicyRetry, lowerRuleRetry } from './route-settings/retry';
import { lowerRouteFilters, type RouteFiltersInput } from './route-settings/route-filters';
import { lowerRouteTracing, routeStatName } from './route-settings/telemetry';

/** The parts of a route rule that carry settings (GRPCRoute rules have filters only). */
export type RuleSettingsSource = Pick<HTTPRouteRule, 'filters' | 'timeouts' | 'retry'>;

/** What the action settings depend on besides the rule and the policy. */
export interface RouteSettingsInput {
  kind: 'HTTPRoute' | 'GRPCRoute';
  /** The action forwards to `weighted_clusters` (a hash policy then needs `use_hash_policy`). */
  weighted: boolean;
}

/** Route-action settings of a forwarding route entry. */
export type RouteSettings = Pick<
  IrForwardAction,
  'timeoutMs' | 'idleTimeoutMs' | 'retry' | 'maxStreamDurationMs' | 'hashPolicies' | 'useHashPolicy' | 'upgrades'
>;

function ms(d: string | undefined): number | undefined {
  return d !== undefined ? parseDuration(d) : undefined;
}

/**
 * `upgrade_configs` (§4.14): websocket unless the route is gRPC; a BTP `httpUpgrade` list replaces
 * it; `requestBuffer` without one removes it (a buffered request cannot be upgraded).
 */
function lowerUpgrades(kind: RouteSettingsInput['kind'], spec: BackendTrafficPolicySpec | undefined): IrUpgrade[] {
  if (kind === 'GRPCRoute') return [];
  if (spec?.httpUpgrade?.length)
    return spec.httpUpgrade.map((u) => ({ type: u.type, ...(u.type === 'CONNECT' && u.connect?.terminate ? { connectConfig: true } : {}) }));
  return spec?.requestBuffer ? [] : [{ type: 'websocket' }];
}

/**
 * Route-action settings from the HTTPRoute rule and the policy in force (attachment.md §4):
 * - timeout: rule `backendRequest` (only without rule `retry`) > rule `request` > BTP requestTimeout;
 * - idle_timeout: BTP streamIdleTimeout, else max(1h, timeout) (0 stays 0) when a timeout is set;
 * - retry_policy: the rule's `retry` wholesale, else the BTP's.
 * A policy that failed to translate never gets here: its routes answer 500.
 */
export function lowerRouteSettings(rule: RuleSettingsSource | undefined, applied: AppliedBtp | undefined, input: RouteSettingsInput): RouteSettings {
  const spec = applied && !applied.invalid ? applied.spec : undefined;
  const http = spec?.timeout?.http;
  const request = ms(rule?.timeouts?.request);
  const backend = ms(rule?.timeouts?.backendRequest);
  const timeoutMs = backend !== undefined && !rule?.retry ? backend : (request ?? ms(http?.requestTimeout));
  const out: RouteSettings = { upgrades: lowerUpgrades(input.kind, spec) };
  if (timeoutMs !== undefined) out.timeoutMs = timeoutMs;
  const streamIdle = ms(http?.streamIdleTimeout);
  if (streamIdle !== undefined) out.idleTimeoutMs = streamIdle;
  else if (timeoutMs !== undefined) out.idleTimeoutMs = timeoutMs === 0 ? 0 : Math.max(ROUTE_IDLE_TIMEOUT_FLOOR_MS, timeoutMs);
  if (rule?.retry) out.retry = lowerRuleRetry(rule.retry, backend);
  else if (spec?.retry) out.retry = lowerPolicyRetry(spec.retry);
  const maxStream = ms(http?.maxStreamDuration);
  if (maxStream !== undefined) out.maxStreamDurationMs = maxStream;
  const hash = lowerHashPolicies(spec?.loadBalancer);
  if (hash.length) {
    out.hashPolicies = hash;
    if (input.weighted) out.useHashPolicy = true;
  }
  return out;
}

/** What route-level policy settings depend on: the route entry, its listener and the policies' objects. */
export interface RoutePolicyInput extends RouteFiltersInput {
  kind: 'HTTPRoute' | 'GRPCRoute';
  namespace: string;
  name: string;
  ruleName?: string;
  /** Whether a policy targets an xRoute (Envoy Gateway strips load-metric headers only then). */
  targetsRoute: (policy: ResourceKey) => boolean;
}

/** Route-entry settings a policy adds beside the action. */
export interface RoutePolicy {
  statPrefix?: string;
  tracing?: IrRouteTracing;
  filters?: IrRouteFilters;
  /** Match with `connect_matcher` instead of the path (an httpUpgrade of type CONNECT). */
  connect: boolean;
  removeRequestHeaders: string[];
  removeResponseHeaders: string[];
}

/** The headers Envoy's client-side weighted round robin reads from backends (ORCA load reports). */
const LOAD_METRIC_HEADERS = ['endpoint-load-metrics', 'endpoint-load-metrics-bin'];

/** The route-entry settings of the policy in force: telemetry, HTTP filters, upgrades' match, header removals. */
export function lowerRoutePolicy(applied: AppliedBtp | undefined, input: RoutePolicyInput): RoutePolicy {
  const out: RoutePolicy = { connect: false, removeRequestHeaders: [], removeResponseHeaders: [] };
  if (!applied || applied.invalid) return out;
  const spec = applied.spec;
  const owner = (field: keyof BackendTrafficPolicySpec): ResourceKey => applied.owners[field] ?? applied.policies[0]!;
  const statName = spec.telemetry?.metrics?.routeStatName;
  if (statName !== undefined) out.statPrefix = routeStatName(statName, input);
  if (spec.telemetry?.tracing) out.tracing = lowerRouteTracing(spec.telemetry.tracing);
  const filters = lowerRouteFilters(spec, owner, { ...input, ...(applied.globalRuleOrigins ? { globalRuleOrigins: applied.globalRuleOrigins } : {}) });
  if (Object.keys(filters).length) out.filters = filters;
  if (input.kind === 'HTTPRoute' && spec.httpUpgrade?.some((u) => u.type.toLowerCase() === 'connect')) out.connect = true;
  if (filters.compressors?.length) out.removeRequestHeaders.push('accept-encoding');
  const bu = spec.loadBalancer?.type === 'BackendUtilization' ? spec.loadBalancer.backendUtilization : undefined;
  if (bu && !bu.keepResponseHeaders && input.targetsRoute(owner('loadBalancer'))) out.removeResponseHeaders.push(...LOAD_METRIC_HEADERS);
  return out;
}

/** A header mutation with more headers removed (undefined when there is nothing to do). */
export function withRemoved(m: IrHeaderMutation | undefined, names: string[]): IrHeaderMutation | undefined {
  if (!names.length) return m;
  return { add: m?.add ?? [], remove: [...(m?.remove ?? []), ...names] };
}

/** `metadata.filter_metadata["envoy-gateway"].policies` of a route: the policies in force. */
export function policyRefs(applied: AppliedBtp | undefined): { kind: string; namespace: string; name: string }[] | undefined {
  if (!applied?.policies.length) return undefined;
  return applied.policies.map((key) => {
    const [kind, namespace, name] = key.split('/');
    return { kind: kind!, namespace: namespace!, name: name! };
  });
}

/** A CONNECT route matches with `connect_matcher` in place of its path (§4.14). */
export function connectMatch(m: IrRouteMatch): IrRouteMatch {
  return { connect: true, headers: m.headers, queryParams: m.queryParams };
}

/** The route-level policy input of one route entry. */
export function routePolicyInput(ctx: LowerContext, v: HTTPRoute | GRPCRoute, rule: RuleNode, routeName: string, listener: ListenerNode): RoutePolicyInput {
  return {
    kind: v.kind,
    namespace: v.metadata.namespace,
    name: v.metadata.name,
    ...(rule.name !== undefined ? { ruleName: rule.name } : {}),
    routeName,
    listener: listener.irName,
    configMap: (ns, name) => ctx.graph.resources.configMaps.find((c) => c.value.metadata.namespace === ns && c.value.metadata.name === name)?.value,
    rateLimitService: ctx.opts.rateLimitService !== undefined,
    targetsRoute: (key) => policyTargetsRoute(ctx, key),
  };
}

/**
 * What a policy sets on a TCP or TLS route's tcp_proxy (§3.2): the stat prefix, and source-IP
 * hashing (the only consistent hash tcp_proxy has). TCP routes keep the parts that translated,
 * so a stat name with an unknown variable is just left out.
 */
export function lowerTcpPolicy(ctx: LowerContext, route: RouteNode, listener: ListenerNode): Partial<Pick<IrTcpProxy, 'statPrefix' | 'hashPolicies'>> {
  const rule = route.rules[0];
  const spec = rule ? findApplied(ctx, route.key, rule.index, listener.irName)?.spec : undefined;
  if (!spec) return {};
  const out: Partial<Pick<IrTcpProxy, 'statPrefix' | 'hashPolicies'>> = {};
  const { namespace, name } = route.loaded.value.metadata;
  const template = spec.telemetry?.metrics?.routeStatName;
  const stat =
    template !== undefined
      ? routeStatName(template, { kind: route.kind, namespace, name, ...(rule!.name !== undefined ? { ruleName: rule!.name } : {}) })
      : undefined;
  if (stat !== undefined && !/%[^%]*%/.test(stat)) out.statPrefix = stat;
  if (lowerHashPolicies(spec.loadBalancer).some((h) => h.type === 'sourceIp')) out.hashPolicies = [{ type: 'sourceIp' }];
  return out;
}
