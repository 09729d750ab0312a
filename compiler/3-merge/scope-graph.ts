/**
 * Envoy Gateway's policy scope kinds: the places a policy can attach. A kind whose targets lie
 * outside the Gateway/route hierarchy (BackendTLSPolicy: Services) names its own, using one name
 * for the whole object and its sections.
 */
export type ScopeKind = 'Gateway' | 'GatewayListener' | 'ListenerSet' | 'ListenerSetListener' | 'Route' | 'RouteRule' | (string & {});

/** The Gateway API's section scopes and the resource each belongs to. */
const RESOURCE_OF: Readonly<Record<string, ScopeKind>> = { GatewayListener: 'Gateway', ListenerSetListener: 'ListenerSet', RouteRule: 'Route' };

/** One attachment point (Envoy Gateway's `policyScope`). Route scopes carry their route kind: HTTPRoute and GRPCRoute `a` differ. */
export interface PolicyScope {
  kind: ScopeKind;
  namespace: string;
  name: string;
  /** Listener or rule name. */
  section?: string;
  routeKind?: string;
}

export function scopeKey(s: PolicyScope): string {
  return `${s.kind}|${s.routeKind ?? ''}|${s.namespace}/${s.name}|${s.section ?? ''}`;
}

/** The whole-resource scope of a section scope (GatewayListener → Gateway, RouteRule → Route). */
export function resourceScope(s: PolicyScope): PolicyScope {
  if (s.section === undefined) return s;
  const { section: _, ...whole } = s;
  return { ...whole, kind: RESOURCE_OF[s.kind] ?? s.kind };
}

/**
 * Which scopes a policy at a parent scope yields to (Envoy Gateway's `policyScopeGraph`): edges
 * parent → child, plus an index of what each resource contains (its section scopes, and a
 * Gateway's ListenerSets), so a Gateway policy also sees what was recorded under its listeners
 * and under its ListenerSets' listeners.
 */
export class ScopeGraph {
  private readonly children = new Map<string, Map<string, PolicyScope>>();
  private readonly contained = new Map<string, Map<string, PolicyScope>>();

  add(parent: PolicyScope, child: PolicyScope): void {
    const key = scopeKey(parent);
    let set = this.children.get(key);
    if (!set) this.children.set(key, (set = new Map()));
    set.set(scopeKey(child), child);
    if (parent.section !== undefined) this.contain(resourceScope(parent), parent);
  }

  /** Records that `container` holds `contained` (a ListenerSet under its Gateway): for traversal only, no override. */
  contain(container: PolicyScope, contained: PolicyScope): void {
    const whole = scopeKey(container);
    let index = this.contained.get(whole);
    if (!index) this.contained.set(whole, (index = new Map()));
    index.set(scopeKey(contained), contained);
  }

  direct(parent: PolicyScope): Map<string, PolicyScope> {
    return new Map(this.children.get(scopeKey(parent)) ?? []);
  }

  /**
   * Direct children, plus: for a resource scope, the children of what it contains (and for a
   * ListenerSet it contains, of that set's listeners); for a section scope, the routes recorded on
   * its resource (a route on the whole Gateway reaches every listener).
   */
  withDescendants(parent: PolicyScope): Map<string, PolicyScope> {
    const out = this.direct(parent);
    if (parent.section === undefined) {
      for (const inner of this.contained.get(scopeKey(parent))?.values() ?? []) {
        for (const [k, c] of this.direct(inner)) out.set(k, c);
        if (inner.kind !== 'ListenerSet') continue;
        for (const section of this.contained.get(scopeKey(inner))?.values() ?? []) for (const [k, c] of this.direct(section)) out.set(k, c);
      }
    } else if (parent.kind !== 'RouteRule') {
      for (const [k, c] of this.direct(resourceScope(parent))) if (c.kind === 'Route') out.set(k, c);
    }
    return out;
  }
}

/** Envoy Gateway's groups and their order in a scope list. */
const GROUPS: readonly [ScopeKind, string][] = [
  ['GatewayListener', 'these gateway listeners'],
  ['ListenerSet', 'these listenersets'],
  ['ListenerSetListener', 'these listenerset listeners'],
  ['Route', 'these routes'],
  ['RouteRule', 'these route rules'],
];

/** `these gateway listeners: [a b] and these routes: [c]` (Envoy Gateway's `formatPolicyScopes`); empty when none. */
export function formatScopes(scopes: Iterable<PolicyScope>): string {
  const byKind = new Map<ScopeKind, string[]>();
  for (const s of scopes) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), `${s.namespace}/${s.name}${s.section ? `/${s.section}` : ''}`]);
  return GROUPS.filter(([k]) => byKind.has(k))
    .map(([k, label]) => `${label}: [${byKind.get(k)!.sort().join(' ')}]`)
    .join(' and ');
}
