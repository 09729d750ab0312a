import type { ResourceKey } from '../1-load/types';
import type { AttachmentGraph, GatewayNode, ListenerNode, RouteNode, RuleNode } from '../2-resolve/types';

/**
 * What one application of a policy is: a route rule on a Gateway listener (routes' policies), a
 * listener (listener-level policies), or a backendRef of a route rule on a listener (BackendTLSPolicy,
 * whose own scopes find them: the Gateway/route scopes do not reach backends).
 */
export type UnitName = 'ruleOnListener' | 'listener' | 'backendRef';

/** One place a policy can apply. */
export interface Application {
  /** The key of `EffectivePolicies.applied[kind]`. */
  key: string;
  /** `<gwNs>/<gw>/<listener>`: Envoy Gateway's IR listener name. */
  listener: string;
  /** The listener's name within its Gateway. */
  listenerName: string;
  gateway: GatewayNode;
  /** For route-rule units: the route and the rule's index. */
  route?: RouteNode;
  ruleIndex?: number;
}

/** `<route key>|<rule index>|<listener IR name>`: a route rule on one listener. */
export type ApplicationKey = `${ResourceKey}|${number}|${string}`;

export function applicationKey(route: ResourceKey, ruleIndex: number, listener: string): ApplicationKey {
  return `${route}|${ruleIndex}|${listener}`;
}

/** The applications a scope reaches, for one kind's unit. */
export interface Units {
  ofRoute(route: RouteNode, rules: RuleNode[]): Application[];
  ofListeners(listeners: ListenerNode[]): Application[];
}

/** Route rules on the listeners their routes attached to ("relevant" routes only: with a parent envoyc manages). */
function ruleUnits(graph: AttachmentGraph): Units {
  const byRoute = new Map<ResourceKey, Application[]>();
  const byListener = new Map<string, Application[]>();
  const owner = new Map(graph.gateways.flatMap((g) => g.listeners.map((l) => [l.irName, { g, l }] as const)));
  for (const route of graph.routes) {
    const apps: Application[] = [];
    for (const listener of new Set(route.parents.flatMap((p) => p.attachments.map((a) => a.listener)))) {
      const { g, l } = owner.get(listener)!;
      for (const rule of route.rules) {
        const app: Application = {
          key: applicationKey(route.key, rule.index, listener),
          listener,
          listenerName: l.name,
          gateway: g,
          route,
          ruleIndex: rule.index,
        };
        apps.push(app);
        const on = byListener.get(listener);
        if (on) on.push(app);
        else byListener.set(listener, [app]);
      }
    }
    byRoute.set(route.key, apps);
  }
  return {
    ofRoute: (route, rules) => (byRoute.get(route.key) ?? []).filter((a) => rules.some((r) => r.index === a.ruleIndex)),
    ofListeners: (listeners) => listeners.flatMap((l) => byListener.get(l.irName) ?? []),
  };
}

/** Gateway listeners themselves. */
function listenerUnits(graph: AttachmentGraph): Units {
  const gateway = new Map(graph.gateways.flatMap((g) => g.listeners.map((l) => [l.irName, g] as const)));
  return {
    ofRoute: () => {
      throw new Error('envoyc bug: a policy kind applied to listeners has a route scope (see registry checks)');
    },
    ofListeners: (listeners) => listeners.map((l) => ({ key: l.irName, listener: l.irName, listenerName: l.name, gateway: gateway.get(l.irName)! })),
  };
}

/** No Gateway/route scope reaches backendRefs: a kind applied to them resolves its own scopes. */
const BACKEND_REF_UNITS: Units = {
  ofRoute: () => {
    throw new Error('envoyc bug: a policy kind applied to backendRefs has a route scope (see registry checks)');
  },
  ofListeners: () => {
    throw new Error('envoyc bug: a policy kind applied to backendRefs has a Gateway scope (see registry checks)');
  },
};

/** Route-rule units per graph: every kind applied to route rules shares them (built once, not once per kind). */
const ruleUnitsOf = new WeakMap<AttachmentGraph, Units>();

export function buildUnits(unit: UnitName, graph: AttachmentGraph): Units {
  if (unit === 'backendRef') return BACKEND_REF_UNITS;
  if (unit === 'listener') return listenerUnits(graph);
  let units = ruleUnitsOf.get(graph);
  if (!units) ruleUnitsOf.set(graph, (units = ruleUnits(graph)));
  return units;
}
