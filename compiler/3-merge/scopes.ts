// Envoy Gateway's scopes, most specific first: route rule, route, Gateway listener, Gateway. A kind
// lists the ones it may target (kind.ts); 3-merge runs one pass per scope in that order, and a
// less specific pass never overwrites what a more specific one applied. Within a pass policies
// go in provider order (oldest creationTimestamp, then namespace, then name); the first to claim
// a scope wins it and later ones are Conflicted there.
import { isGatewayListener, type GatewayNode, type RouteNode, type RuleNode } from '../2-resolve/types';
import type { AncestorRef } from './status';
import type { PolicyScope, ScopeKind } from './scope-graph';
import type { MergeState } from './state';
import type { PolicyTarget, Selectable } from './targets';
import type { Application, Units } from './units';

/** Route kinds a policy can target besides Gateway. */
export const ROUTE_KINDS: ReadonlySet<string> = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

/** A target that exists here. */
export interface Resolved {
  /** The scope it claims. */
  scope: PolicyScope;
  ancestors: AncestorRef[];
  /** Where the policy is recorded as a child for its parents' Overridden messages, and under which parents. */
  child?: { scope: PolicyScope; under: PolicyScope[]; evenIfFailed: boolean };
  /** The section named does not exist: Envoy Gateway's TargetNotFound message, and the names that do. */
  missingSection?: { message: string; known: string[] };
  /** The conflict message in Envoy Gateway's shared wording (`another <Kind> has already attached to it` is appended). */
  conflict: string;
  applications: Application[];
  /** Route scopes: mergeType merges the policy over each listener's parent policy. */
  route?: RouteNode;
}

/** A target that does not exist here (or is not attached to a Gateway envoyc manages): the names that do. */
export interface NotFound {
  known: string[];
}

export interface ScopeDef {
  kind: ScopeKind;
  /** Whether a target belongs to this pass. */
  takes(t: PolicyTarget): boolean;
  /** Label selectors pick whole routes and Gateways only; section scopes take plain refs. */
  selectors: boolean;
  /** What a selector may pick in this pass, in provider order. */
  candidates(state: MergeState): Selectable[];
  resolve(state: MergeState, units: Units, t: PolicyTarget): Resolved | NotFound;
}

export function gatewayAncestor(g: GatewayNode, sectionName?: string): AncestorRef {
  const { namespace, name } = g.loaded.value.metadata;
  return { namespace, name, ...(sectionName !== undefined ? { sectionName } : {}) };
}

function routeCandidates(state: MergeState): Selectable[] {
  return [...state.routes.values()].map((r) => ({ kind: r.kind, ...r.loaded.value.metadata, labels: r.loaded.value.metadata.labels }));
}

function gatewayCandidates(state: MergeState): Selectable[] {
  return [...state.gateways.values()].map((g) => ({ kind: 'Gateway', ...g.loaded.value.metadata, labels: g.loaded.value.metadata.labels }));
}

/** Route or route rule: ancestors are the route's parentRefs; the route is recorded under each parent's scope even if the policy then fails (Envoy Gateway). */
function resolveRoute(state: MergeState, units: Units, t: PolicyTarget, ruleLevel: boolean): Resolved | NotFound {
  const route = ROUTE_KINDS.has(t.kind) ? state.routes.get(`${t.kind}/${t.namespace}/${t.name}` as never) : undefined;
  if (!route)
    return {
      known: routeCandidates(state)
        .filter((c) => c.kind === t.kind)
        .map((c) => `${c.namespace}/${c.name}`),
    };
  const { namespace, name } = route.loaded.value.metadata;
  const ancestors = route.parents.map((p) => gatewayAncestor(state.gateways.get(p.gateway.slice('Gateway/'.length))!, p.ref.sectionName));
  const under = route.parents.map((p): PolicyScope => {
    const [gwNs, gw] = p.gateway.slice('Gateway/'.length).split('/') as [string, string];
    return p.ref.sectionName !== undefined
      ? { kind: 'GatewayListener', namespace: gwNs, name: gw, section: p.ref.sectionName }
      : { kind: 'Gateway', namespace: gwNs, name: gw };
  });
  const whole: PolicyScope = { kind: 'Route', namespace, name, routeKind: route.kind };
  const rules: RuleNode[] = route.rules.filter((r) => !ruleLevel || r.name === t.sectionName);
  const resolved: Resolved = {
    scope: ruleLevel ? { ...whole, kind: 'RouteRule', section: t.sectionName! } : whole,
    ancestors,
    child: { scope: whole, under, evenIfFailed: true },
    conflict: ruleLevel ? `Unable to target RouteRule ${t.name}/${t.sectionName}` : `Unable to target ${t.kind} ${t.name}`,
    // TLSRoute rules carry no rule name in Envoy Gateway's IR, so a rule policy is accepted but applies nowhere.
    applications: ruleLevel && route.kind === 'TLSRoute' ? [] : units.ofRoute(route, rules),
    route,
  };
  if (ruleLevel && rules.length === 0)
    resolved.missingSection = {
      message: `No section name ${t.sectionName} found for ${t.kind} ${namespace}/${name}`,
      known: route.rules.flatMap((r) => (r.name ? [r.name] : [])),
    };
  return resolved;
}

/** Gateway or Gateway listener: the ancestor is the Gateway (with the listener as sectionName). */
function resolveGateway(state: MergeState, units: Units, t: PolicyTarget, listenerLevel: boolean): Resolved | NotFound {
  const gw = state.gateways.get(`${t.namespace}/${t.name}`);
  if (!gw) return { known: [...state.gateways.keys()] };
  const id = `${t.namespace}/${t.name}`;
  const whole: PolicyScope = { kind: 'Gateway', namespace: t.namespace, name: t.name };
  // A sectionName names one of the Gateway's own listeners, never a ListenerSet's (Envoy Gateway's gatewayDirectListeners).
  const listener = listenerLevel ? gw.listeners.find((l) => isGatewayListener(l) && l.name === t.sectionName) : undefined;
  const scope: PolicyScope = listenerLevel ? { ...whole, kind: 'GatewayListener', section: t.sectionName! } : whole;
  const resolved: Resolved = {
    scope,
    ancestors: [gatewayAncestor(gw, t.sectionName)],
    ...(listenerLevel ? { child: { scope, under: [whole], evenIfFailed: false } } : {}),
    conflict: listenerLevel ? `Unable to target Listener ${id}/${t.sectionName}` : `Unable to target Gateway ${t.name}`,
    applications: units.ofListeners(listener ? [listener] : listenerLevel ? [] : gw.listeners),
  };
  if (listenerLevel && !listener)
    resolved.missingSection = {
      message: `No section name ${t.sectionName} found for Gateway ${id}`,
      known: gw.listeners.filter(isGatewayListener).map((l) => l.name),
    };
  return resolved;
}

export const ROUTE_RULE: ScopeDef = {
  kind: 'RouteRule',
  takes: (t) => t.kind !== 'Gateway' && t.sectionName !== undefined,
  selectors: false,
  candidates: routeCandidates,
  resolve: (state, units, t) => resolveRoute(state, units, t, true),
};

export const ROUTE: ScopeDef = {
  kind: 'Route',
  takes: (t) => t.kind !== 'Gateway' && t.sectionName === undefined,
  selectors: true,
  candidates: routeCandidates,
  resolve: (state, units, t) => resolveRoute(state, units, t, false),
};

export const GATEWAY_LISTENER: ScopeDef = {
  kind: 'GatewayListener',
  takes: (t) => t.kind === 'Gateway' && t.sectionName !== undefined,
  selectors: false,
  candidates: gatewayCandidates,
  resolve: (state, units, t) => resolveGateway(state, units, t, true),
};

export const GATEWAY: ScopeDef = {
  kind: 'Gateway',
  takes: (t) => t.kind === 'Gateway' && t.sectionName === undefined,
  selectors: true,
  candidates: gatewayCandidates,
  resolve: (state, units, t) => resolveGateway(state, units, t, false),
};

/** Every scope, most specific first. */
export const ALL_SCOPES: readonly ScopeDef[] = [ROUTE_RULE, ROUTE, GATEWAY_LISTENER, GATEWAY];
