// BackendTLSPolicy's own scopes: it targets Services (a port by name) and Backends (a port by
// number), which lie outside the Gateway/route hierarchy. A target reaches every backendRef that
// names it, on every listener its route is attached to; its ancestors are those routes' parentRefs
// (Envoy Gateway sets the policy's status while translating each route's backendRefs).
import type { BackendTlsTarget, ResolvedBackend, RouteNode } from '../../../2-resolve/types';
import type { AncestorRef } from '../../status';
import { gatewayAncestor, type NotFound, type Resolved, type ScopeDef } from '../../scopes';
import type { MergeState } from '../../state';
import type { PolicyTarget } from '../../targets';
import { applicationKey, type Application } from '../../units';

/** The kinds a BackendTLSPolicy may target, by group. */
const TARGET_KINDS: ReadonlyMap<string, string> = new Map([
  ['Service', ''],
  ['ServiceImport', 'multicluster.x-k8s.io'],
  ['Backend', 'gateway.envoyproxy.io'],
]);

/** `<route>|<rule>|<listener>|backend/<j>` or `…|mirror/<filter>`: one backendRef of a route rule on a listener. */
export function backendRefKey(route: RouteNode['key'], ruleIndex: number, listener: string, slot: string): string {
  return `${applicationKey(route, ruleIndex, listener)}|${slot}`;
}

/** A backendRef that resolved, where it is. */
interface BackendUse {
  route: RouteNode;
  ruleIndex: number;
  slot: string;
  target: BackendTlsTarget;
}

function uses(state: MergeState): BackendUse[] {
  const out: BackendUse[] = [];
  const add = (route: RouteNode, ruleIndex: number, slot: string, b: ResolvedBackend) => {
    // Envoy Gateway reaches the policy only for backendRefs it validated and that carry weight.
    if (b.tlsTarget && b.state !== 'invalid' && b.weight > 0) out.push({ route, ruleIndex, slot, target: b.tlsTarget });
  };
  for (const route of state.routes.values())
    for (const rule of route.rules) {
      for (const b of rule.backends) add(route, rule.index, `backend/${b.index}`, b);
      for (const [i, m] of rule.mirrors) add(route, rule.index, `mirror/${i}`, m);
    }
  return out;
}

/** The use's applications: one per listener its route is attached to. */
function applications(state: MergeState, u: BackendUse): Application[] {
  const listeners = new Set(u.route.parents.flatMap((p) => p.attachments.map((a) => a.listener)));
  return [...listeners].flatMap((listener) => {
    for (const gateway of state.gateways.values()) {
      const l = gateway.listeners.find((x) => x.irName === listener);
      if (l)
        return [
          {
            key: backendRefKey(u.route.key, u.ruleIndex, listener, u.slot),
            listener,
            listenerName: l.name,
            gateway,
            route: u.route,
            ruleIndex: u.ruleIndex,
          },
        ];
    }
    return [];
  });
}

/** The route's parentRefs as written (Envoy Gateway's ancestors for this kind), once each. */
function ancestorsOf(state: MergeState, found: BackendUse[]): AncestorRef[] {
  const out = new Map<string, AncestorRef>();
  for (const u of found)
    for (const p of u.route.parents) {
      const a = gatewayAncestor(state.gateways.get(p.gateway.slice('Gateway/'.length))!, p.ref.sectionName);
      out.set(`${a.namespace}/${a.name}/${a.sectionName ?? ''}`, a);
    }
  return [...out.values()];
}

function resolveTarget(state: MergeState, t: PolicyTarget, section: boolean): Resolved | NotFound {
  const all = uses(state);
  const named = (u: BackendUse) =>
    u.target.group === (t.group ?? '') && u.target.kind === t.kind && u.target.namespace === t.namespace && u.target.name === t.name;
  const found = all.filter((u) => named(u) && (!section || u.target.sectionName === t.sectionName));
  if (found.length === 0) {
    const known = all.filter((u) => u.target.kind === t.kind).map((u) => `${u.target.namespace}/${u.target.name}`);
    return { known: [...new Set(known)] };
  }
  return {
    // The object's own kind names the scope (a port is its section), as `envoyc graph` draws it.
    scope: { kind: t.kind, namespace: t.namespace, name: t.name, ...(section ? { section: t.sectionName! } : {}) },
    ancestors: ancestorsOf(state, found),
    conflict: `Unable to target ${t.kind} ${t.name}`,
    applications: found.flatMap((u) => applications(state, u)),
  };
}

/** A Service, ServiceImport or Backend, each in its own group: what a backendRef can name. */
export const namesBackend = (t: { group?: string; kind: string }): boolean => TARGET_KINDS.get(t.kind) === (t.group ?? '');

const takes = namesBackend;

/** A port of a Service (by name) or of a Backend (by number): Envoy Gateway prefers these to a policy on the whole object. */
export const BACKEND_SECTION: ScopeDef = {
  kind: 'BackendSection',
  takes: (t) => takes(t) && t.sectionName !== undefined,
  selectors: false,
  candidates: () => [],
  resolve: (state, _units, t) => resolveTarget(state, t, true),
};

/** A whole Service or Backend: every port that no policy names on its own. */
export const BACKEND_OBJECT: ScopeDef = {
  kind: 'BackendObject',
  takes: (t) => takes(t) && t.sectionName === undefined,
  selectors: false,
  candidates: () => [],
  resolve: (state, _units, t) => resolveTarget(state, t, false),
};
