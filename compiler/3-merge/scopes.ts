// Envoy Gateway's scopes, most specific first: route rule, route, ListenerSet listener, ListenerSet,
// Gateway listener, Gateway. A kind
// lists the ones it may target (kind.ts); 3-merge runs one pass per scope in that order, and a
// less specific pass never overwrites what a more specific one applied. Within a pass policies
// go in provider order (oldest creationTimestamp, then namespace, then name); the first to claim
// a scope wins it and later ones are Conflicted there.
import {
  isGatewayListener,
  type GatewayNode,
  type ListenerNode,
  type ListenerSetNode,
  type ParentNode,
  type RouteNode,
  type RuleNode,
} from '../2-resolve/types';
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
  /**
   * Where the policy is recorded as a child for its parents' Overridden messages, and under which
   * parents; `contains`: ListenerSets recorded under their Gateways on the way (traversal only).
   */
  child?: { scope: PolicyScope; under: PolicyScope[]; evenIfFailed: boolean; contains?: [PolicyScope, PolicyScope][] };
  /** The section named does not exist: Envoy Gateway's TargetNotFound message, and the names that do. */
  missingSection?: { message: string; known: string[] };
  /** The conflict message in Envoy Gateway's shared wording (`another <Kind> has already attached to it` is appended). */
  conflict: string;
  applications: Application[];
  /** Route scopes: mergeType merges the policy over each listener's parent policy. */
  route?: RouteNode;
  /** ListenerSet scopes: the Gateway scope that holds the set (its listener claims count there too). */
  container?: PolicyScope;
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

/** `ListenerSet/<ns>/<name>` → its namespace and name. */
function listenerSetName(key: string): { namespace: string; name: string } {
  const [, namespace, name] = key.split('/') as [string, string, string];
  return { namespace, name };
}

function listenerSetAncestor(key: string, sectionName?: string): AncestorRef {
  return { kind: 'ListenerSet', ...listenerSetName(key), ...(sectionName !== undefined ? { sectionName } : {}) };
}

/** A listener's ancestor: its ListenerSet's when a set adds it (Envoy Gateway reports against the set), else its Gateway's. */
export function listenerAncestor(g: GatewayNode, l: ListenerNode): AncestorRef {
  return l.listenerSet ? listenerSetAncestor(l.listenerSet, l.name) : gatewayAncestor(g, l.name);
}

/** The scope a route's parentRef records it under: a Gateway (listener) or a ListenerSet (listener). */
function parentScope(route: RouteNode, p: ParentNode): { scope: PolicyScope; ancestor: AncestorRef; contains?: [PolicyScope, PolicyScope] } {
  const section = p.ref.sectionName !== undefined ? { section: p.ref.sectionName } : {};
  const [namespace, name] = p.gateway.slice('Gateway/'.length).split('/') as [string, string];
  if (p.ref.kind === 'ListenerSet') {
    const key = `ListenerSet/${p.ref.namespace ?? route.loaded.value.metadata.namespace}/${p.ref.name}`;
    const ls = listenerSetName(key);
    return {
      scope: { kind: section.section !== undefined ? 'ListenerSetListener' : 'ListenerSet', ...ls, ...section },
      ancestor: listenerSetAncestor(key, p.ref.sectionName),
      contains: [
        { kind: 'Gateway', namespace, name },
        { kind: 'ListenerSet', ...ls },
      ],
    };
  }
  return {
    scope: { kind: section.section !== undefined ? 'GatewayListener' : 'Gateway', namespace, name, ...section },
    ancestor: { namespace, name, ...(p.ref.sectionName !== undefined ? { sectionName: p.ref.sectionName } : {}) },
  };
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
  const parents = route.parents.map((p) => parentScope(route, p));
  const ancestors = parents.map((p) => p.ancestor);
  const under = parents.map((p) => p.scope);
  const whole: PolicyScope = { kind: 'Route', namespace, name, routeKind: route.kind };
  const rules: RuleNode[] = route.rules.filter((r) => !ruleLevel || r.name === t.sectionName);
  const resolved: Resolved = {
    scope: ruleLevel ? { ...whole, kind: 'RouteRule', section: t.sectionName! } : whole,
    ancestors,
    child: { scope: whole, under, evenIfFailed: true, contains: parents.flatMap((p) => (p.contains ? [p.contains] : [])) },
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

/** The managed Gateway a ListenerSet adds listeners to (accepted or not), and the set. */
function findListenerSet(state: MergeState, key: string): { gw: GatewayNode; ls: ListenerSetNode } | undefined {
  for (const gw of state.gateways.values()) {
    const ls = gw.listenerSets.find((s) => s.key === key);
    if (ls) return { gw, ls };
  }
  return undefined;
}

function listenerSetCandidates(state: MergeState): Selectable[] {
  return [...state.gateways.values()].flatMap((g) =>
    g.listenerSets.map((s) => ({ kind: 'ListenerSet', ...s.loaded.value.metadata, labels: s.loaded.value.metadata.labels })),
  );
}

/**
 * ListenerSet or one of its listeners: the ancestor is the ListenerSet (with the listener as
 * sectionName); the set is recorded under its Gateway, a listener under its set.
 */
function resolveListenerSet(state: MergeState, units: Units, t: PolicyTarget, listenerLevel: boolean): Resolved | NotFound {
  const key = `ListenerSet/${t.namespace}/${t.name}`;
  const found = findListenerSet(state, key);
  if (!found) return { known: listenerSetCandidates(state).map((c) => `${c.namespace}/${c.name}`) };
  const { gw, ls } = found;
  const whole: PolicyScope = { kind: 'ListenerSet', namespace: t.namespace, name: t.name };
  const container: PolicyScope = { kind: 'Gateway', ...gatewayAncestor(gw) };
  const scope: PolicyScope = listenerLevel ? { ...whole, kind: 'ListenerSetListener', section: t.sectionName! } : whole;
  const own = gw.listeners.filter((l) => l.listenerSet === key);
  const listeners = listenerLevel ? own.filter((l) => l.name === t.sectionName) : own;
  const resolved: Resolved = {
    scope,
    ancestors: [listenerSetAncestor(key, t.sectionName)],
    child: { scope, under: [listenerLevel ? whole : container], evenIfFailed: false, ...(listenerLevel ? { contains: [[container, whole]] } : {}) },
    container,
    conflict: listenerLevel ? `Unable to target Listener ${t.name}/${t.sectionName}` : `Unable to target ListenerSet ${t.name}`,
    applications: units.ofListeners(listeners),
  };
  const written = ls.loaded.value.spec.listeners.map((l) => l.name);
  if (listenerLevel && !written.includes(t.sectionName!))
    resolved.missingSection = { message: `No section name ${t.sectionName} found for ListenerSet ${t.namespace}/${t.name}`, known: written };
  return resolved;
}

export const ROUTE_RULE: ScopeDef = {
  kind: 'RouteRule',
  takes: (t) => t.kind !== 'Gateway' && t.kind !== 'ListenerSet' && t.sectionName !== undefined,
  selectors: false,
  candidates: routeCandidates,
  resolve: (state, units, t) => resolveRoute(state, units, t, true),
};

export const ROUTE: ScopeDef = {
  kind: 'Route',
  takes: (t) => t.kind !== 'Gateway' && t.kind !== 'ListenerSet' && t.sectionName === undefined,
  selectors: true,
  candidates: routeCandidates,
  resolve: (state, units, t) => resolveRoute(state, units, t, false),
};

export const LISTENER_SET_LISTENER: ScopeDef = {
  kind: 'ListenerSetListener',
  takes: (t) => t.kind === 'ListenerSet' && t.sectionName !== undefined,
  selectors: false,
  candidates: listenerSetCandidates,
  resolve: (state, units, t) => resolveListenerSet(state, units, t, true),
};

export const LISTENER_SET: ScopeDef = {
  kind: 'ListenerSet',
  takes: (t) => t.kind === 'ListenerSet' && t.sectionName === undefined,
  selectors: true,
  candidates: listenerSetCandidates,
  resolve: (state, units, t) => resolveListenerSet(state, units, t, false),
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
export const ALL_SCOPES: readonly ScopeDef[] = [ROUTE_RULE, ROUTE, LISTENER_SET_LISTENER, LISTENER_SET, GATEWAY_LISTENER, GATEWAY];
