import type { Loaded, ResourceKey } from '../1-load/types';
import { isL4Route, type AttachmentGraph, type GatewayNode, type RouteNode } from '../2-resolve/types';
import type { NodePath } from '../source';
import { TARGETING_FIELDS, type PolicyObject, type AnyPolicyKind } from './kind';
import { ScopeGraph, resourceScope, scopeKey, type PolicyScope } from './scope-graph';
import { PolicyStatusBuilder } from './status';
import type { AppliedPolicy, EffectivePolicies, PolicyAttachment } from './types';
import type { Application } from './units';

/** Every spec field that does something, owned by one policy. */
export function ownersOf(spec: object, key: ResourceKey): Record<string, ResourceKey> {
  const out: Record<string, ResourceKey> = {};
  for (const f of Object.keys(spec)) if (!TARGETING_FIELDS.has(f)) out[f] = key;
  return out;
}

/** One application of a (possibly merged) spec. */
export interface Applying {
  policy: ResourceKey;
  spec: object;
  owners: Record<string, ResourceKey>;
  invalid: boolean;
  /** Left as if the policy were absent (a listener-context error), though the policy holds it when its kind says so. */
  untouched?: boolean;
  /** A route or route-rule scope (TCP/TLS routes take some fields only from these). */
  routeScope: boolean;
  extra?: object;
}

/** What the passes of one kind share: indexes over the graph and what has been applied so far. */
export class MergeState {
  readonly applied: Record<string, AppliedPolicy<object>> = {};
  private readonly errored = new Set<string>();
  /** Applications an untouched policy of a `holdsWhenInvalid` kind keeps from less specific ones. */
  private readonly held = new Set<string>();
  /** Scope → the policy that claimed it first, and where it names the target. */
  readonly claims = new Map<string, { policy: Loaded<PolicyObject>; path: NodePath }>();
  /** Sections (rule or listener names) claimed under each resource scope. */
  private readonly sections = new Map<string, Set<string>>();
  /** Child scopes whose policies displace the parent scope's (Envoy Gateway's `overrides`). */
  readonly overrides = new ScopeGraph();
  /** Route scopes merged into a parent scope's policy (Envoy Gateway's `merged`). */
  readonly merged = new ScopeGraph();
  readonly statuses = new Map<ResourceKey, PolicyStatusBuilder>();
  /** Each target of each policy and what came of it, in pass order. */
  readonly attachments: PolicyAttachment[] = [];
  readonly gateways = new Map<string, GatewayNode>();
  /** "Relevant" routes (Envoy Gateway): those with a parentRef to a Gateway envoyc manages. */
  readonly routes = new Map<ResourceKey, RouteNode>();

  constructor(
    readonly graph: AttachmentGraph,
    readonly kind: AnyPolicyKind,
    /** What the kinds before this one put in force, and where their policies attached. */
    readonly earlier: Pick<EffectivePolicies, 'applied' | 'attachments'> = { applied: {}, attachments: [] },
  ) {
    for (const g of graph.gateways) this.gateways.set(`${g.loaded.value.metadata.namespace}/${g.loaded.value.metadata.name}`, g);
    for (const route of graph.routes) if (route.parents.length) this.routes.set(route.key, route);
  }

  status(policy: Loaded<PolicyObject>): PolicyStatusBuilder {
    let s = this.statuses.get(policy.key);
    if (!s) this.statuses.set(policy.key, (s = new PolicyStatusBuilder()));
    return s;
  }

  /** Records a claimed section scope under its resource (a rule under its route, a listener under its Gateway or ListenerSet) and its container (a ListenerSet's Gateway). */
  claimSection(scope: PolicyScope, container?: PolicyScope): void {
    if (scope.section === undefined) return;
    for (const owner of container ? [resourceScope(scope), container] : [resourceScope(scope)]) {
      const key = scopeKey(owner);
      this.sections.set(key, new Set([...(this.sections.get(key) ?? []), scope.section]));
    }
  }

  /** Sections of a resource scope that policies of their own claimed. */
  claimedSections(scope: PolicyScope): string[] {
    return [...(this.sections.get(scopeKey(scope)) ?? [])];
  }

  /**
   * Applies a spec to one application. Whole units (HTTP and gRPC route rules, listeners): only
   * where no more specific policy applied; an invalid policy leaves the unit invalid instead
   * (HTTP routes answer 500) and open to a less specific one. TCP/TLS route rules, when the kind
   * fills them field by field: each field only where still unset.
   */
  apply(app: Application, a: Applying): void {
    const l4 = this.kind.l4;
    if (!l4 || !app.route || !isL4Route(app.route.kind)) {
      if (this.kind.holdsWhenInvalid) return this.hold(app, a);
      if (a.invalid) this.errored.add(app.key);
      else if (!this.applied[app.key]) this.applied[app.key] = { spec: a.spec, policies: [a.policy], owners: a.owners, invalid: false, ...a.extra };
      return;
    }
    const cur = (this.applied[app.key] ??= { spec: {}, policies: [], owners: {}, invalid: false });
    const fields = a.routeScope ? [...l4.fields, ...l4.routeScopeOnly] : l4.fields;
    const into = cur.spec as Record<string, unknown>;
    const from = a.spec as Record<string, unknown>;
    let touched = false;
    for (const f of fields) {
      if (from[f] === undefined || into[f] !== undefined) continue;
      into[f] = from[f];
      cur.owners[f] = a.owners[f] ?? a.policy;
      touched = true;
    }
    if (touched && !cur.policies.includes(a.policy)) cur.policies.push(a.policy);
  }

  /** A policy of a `holdsWhenInvalid` kind already holds the application: less specific ones do not reach it. */
  isHeld(key: string): boolean {
    return this.kind.holdsWhenInvalid === true && (this.applied[key] !== undefined || this.held.has(key));
  }

  /** A `holdsWhenInvalid` kind: the first policy to reach an application holds it, valid, invalid or untouched. */
  private hold(app: Application, a: Applying): void {
    if (this.isHeld(app.key)) return;
    if (a.untouched) this.held.add(app.key);
    else this.applied[app.key] = { spec: a.spec, policies: [a.policy], owners: a.owners, invalid: a.invalid, ...a.extra };
  }

  /** Marks every application a failed policy would have reached as invalid. */
  finish(): Record<string, AppliedPolicy<object>> {
    for (const key of this.errored) {
      const cur = this.applied[key];
      this.applied[key] = cur ? { ...cur, invalid: true } : { spec: {}, policies: [], owners: {}, invalid: true };
    }
    return this.applied;
  }
}
