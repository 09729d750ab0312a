import type { Loaded, ResourceKey } from '../1-load/types';
import type { BackendTrafficPolicy, BackendTrafficPolicySpec } from '../api/backendtrafficpolicy';
import { isL4Route, type AttachmentGraph, type GatewayNode, type RouteNode } from '../2-resolve/types';
import { L4_FIELDS, L4_ROUTE_ONLY_FIELDS, TARGETING_FIELDS } from './precedence';
import type { NodePath } from '../source';
import { PolicyStatusBuilder } from './status';
import { applicationKey, type ApplicationKey, type AppliedPolicy, type RuleOrigin } from './types';

/** One place a policy can apply: a route rule on a listener of a Gateway. */
export interface Application {
  key: ApplicationKey;
  route: RouteNode;
  ruleIndex: number;
  ruleName?: string;
  listener: string;
  /** The listener's name within its Gateway. */
  listenerName: string;
  gateway: GatewayNode;
}

/** Scopes a route or listener policy was recorded under, for the parents' Overridden message. */
export interface ScopeChildren {
  routes: Set<string>;
  listeners: Set<string>;
}

/** Every spec field that does something, owned by one policy. */
export function ownersOf(spec: BackendTrafficPolicySpec, key: ResourceKey): Record<string, ResourceKey> {
  const out: Record<string, ResourceKey> = {};
  for (const f of Object.keys(spec)) if (!TARGETING_FIELDS.has(f)) out[f] = key;
  return out;
}

/** Everything the passes share: indexes over the graph and what has been applied so far. */
export class MergeState {
  readonly applied: Record<ApplicationKey, AppliedPolicy> = {};
  readonly errored = new Set<ApplicationKey>();
  /** Scope slot → the policy that claimed it first (and where it names the target). */
  readonly claims = new Map<string, { policy: Loaded<BackendTrafficPolicy>; path: NodePath }>();
  readonly children = new Map<string, ScopeChildren>();
  /** Parent policy → routes that merged into it directly. */
  readonly mergedInto = new Map<ResourceKey, Set<string>>();
  /** Route → names of its rules that have a policy of their own. */
  readonly ruleOverrides = new Map<ResourceKey, Set<string>>();
  readonly statuses = new Map<ResourceKey, PolicyStatusBuilder>();
  readonly byRoute = new Map<ResourceKey, Application[]>();
  readonly byListener = new Map<string, Application[]>();
  readonly gateways = new Map<string, GatewayNode>();
  readonly routes = new Map<ResourceKey, RouteNode>();

  constructor(graph: AttachmentGraph) {
    for (const g of graph.gateways) this.gateways.set(`${g.loaded.value.metadata.namespace}/${g.loaded.value.metadata.name}`, g);
    const listenerGateway = new Map(graph.gateways.flatMap((g) => g.listeners.map((l) => [l.irName, { g, l }] as const)));
    for (const route of graph.routes) {
      // "Relevant" routes (Envoy Gateway): those with a parentRef to a Gateway envoyc manages.
      if (route.parents.length === 0) continue;
      this.routes.set(route.key, route);
      const apps: Application[] = [];
      for (const listener of new Set(route.parents.flatMap((p) => p.attachments.map((a) => a.listener)))) {
        const { g, l } = listenerGateway.get(listener)!;
        for (const rule of route.rules) {
          const app: Application = {
            key: applicationKey(route.key, rule.index, listener),
            route,
            ruleIndex: rule.index,
            ...(rule.name !== undefined ? { ruleName: rule.name } : {}),
            listener,
            listenerName: l.name,
            gateway: g,
          };
          apps.push(app);
          this.byListener.set(listener, [...(this.byListener.get(listener) ?? []), app]);
        }
      }
      this.byRoute.set(route.key, apps);
    }
  }

  status(policy: Loaded<BackendTrafficPolicy>): PolicyStatusBuilder {
    let s = this.statuses.get(policy.key);
    if (!s) this.statuses.set(policy.key, (s = new PolicyStatusBuilder()));
    return s;
  }

  scope(id: string): ScopeChildren {
    let c = this.children.get(id);
    if (!c) this.children.set(id, (c = { routes: new Set(), listeners: new Set() }));
    return c;
  }

  /**
   * Applies a policy's (possibly merged) spec to one application. HTTP/gRPC: the whole spec,
   * only where no more specific policy set one; an invalid policy leaves a 500 instead.
   * TCP/TLS: each field only where still unset.
   */
  apply(
    app: Application,
    policy: ResourceKey,
    spec: BackendTrafficPolicySpec,
    owners: Record<string, ResourceKey>,
    invalid: boolean,
    routeScope: boolean,
    globalRuleOrigins?: RuleOrigin[],
  ): void {
    if (!isL4Route(app.route.kind)) {
      if (invalid) this.errored.add(app.key);
      else if (!this.applied[app.key])
        this.applied[app.key] = { spec, policies: [policy], owners, invalid: false, ...(globalRuleOrigins ? { globalRuleOrigins } : {}) };
      return;
    }
    const cur = (this.applied[app.key] ??= { spec: {}, policies: [], owners: {}, invalid: false });
    const fields: readonly string[] = routeScope ? [...L4_FIELDS, ...L4_ROUTE_ONLY_FIELDS] : L4_FIELDS;
    const into = cur.spec as Record<string, unknown>;
    const from = spec as Record<string, unknown>;
    let touched = false;
    for (const f of fields) {
      if (from[f] === undefined || into[f] !== undefined) continue;
      into[f] = from[f];
      cur.owners[f] = owners[f] ?? policy;
      touched = true;
    }
    if (touched && !cur.policies.includes(policy)) cur.policies.push(policy);
  }

  /** Marks every application a failed policy would have reached as answering 500. */
  finish(): Record<ApplicationKey, AppliedPolicy> {
    for (const key of this.errored) {
      const cur = this.applied[key];
      this.applied[key] = cur ? { ...cur, invalid: true } : { spec: {}, policies: [], owners: {}, invalid: true };
    }
    return this.applied;
  }
}
