// BackendTLSPolicy's own scopes: it targets Services (a port by name) and Backends (a port by
// number), which lie outside the Gateway/route hierarchy. A target reaches every backendRef that
// names it, on every listener its route is attached to; its ancestors are those routes' parentRefs
// (Envoy Gateway sets the policy's status while translating each route's backendRefs). An external
// service's backendRef (an EnvoyProxy's telemetry sink, a SecurityPolicy's or EnvoyExtensionPolicy's
// server) finds its policy in 2-resolve and adds its owner as an ancestor, as Envoy Gateway does.
import { resolveExtServiceRef, type ExtServiceRef } from '../../../2-resolve/ext-service';
import { buildLookup } from '../../../2-resolve/lookup';
import type { BackendTlsTarget, ResolvedBackend, RouteNode } from '../../../2-resolve/types';
import type { SecurityPolicySpec } from '../../../api/generated/securitypolicy';
import type { EnvoyExtensionPolicySpec } from '../../../api/generated/envoyextensionpolicy';
import type { AncestorRef, ExternalOwnerKind } from '../../status';
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

/** A backendRef an external service names, and the policy or EnvoyProxy naming it (the ancestor). */
interface ExternalUse {
  owner: AncestorRef;
  target: BackendTlsTarget;
}

type Refs = { backendRef?: ExtServiceRef; backendRefs?: ExtServiceRef[] } | undefined;
const refsOf = (r: Refs): ExtServiceRef[] => r?.backendRefs ?? (r?.backendRef ? [r.backendRef] : []);

/** The backendRefs of a SecurityPolicy's and an EnvoyExtensionPolicy's external services. */
const POLICY_REFS: { kind: ExternalOwnerKind; list: 'securityPolicies' | 'envoyExtensionPolicies'; refs: (spec: any) => ExtServiceRef[] }[] = [
  {
    kind: 'SecurityPolicy',
    list: 'securityPolicies',
    refs: (s: SecurityPolicySpec) => [
      ...refsOf(s.extAuth?.http),
      ...refsOf(s.extAuth?.grpc),
      ...(s.jwt?.providers ?? []).flatMap((p) => refsOf(p.remoteJWKS)),
      ...refsOf(s.oidc?.provider),
    ],
  },
  { kind: 'EnvoyExtensionPolicy', list: 'envoyExtensionPolicies', refs: (s: EnvoyExtensionPolicySpec) => (s.extProc ?? []).flatMap(refsOf) },
];

const externalCache = new WeakMap<MergeState, ExternalUse[]>();

/**
 * External services' backendRefs that resolve, in Envoy Gateway's order: the Gateways'
 * EnvoyProxy telemetry sinks (read with the listeners), then the SecurityPolicies' and
 * EnvoyExtensionPolicies' servers in force (translated after the routes).
 */
function externalUses(state: MergeState): ExternalUse[] {
  const cached = externalCache.get(state);
  if (cached) return cached;
  const out: ExternalUse[] = [];
  const add = (owner: AncestorRef, b: ResolvedBackend) => {
    if (b.tlsTarget && !out.some((u) => sameOwner(u.owner, owner) && sameTarget(u.target, b.tlsTarget!))) out.push({ owner, target: b.tlsTarget });
  };
  for (const g of state.gateways.values()) {
    const ep = g.envoyProxy;
    if (!ep) continue;
    const owner: AncestorRef = { kind: 'EnvoyProxy', namespace: ep.proxy.value.metadata.namespace, name: ep.proxy.value.metadata.name };
    const log = Array.isArray(ep.accessLog) ? ep.accessLog : [];
    const servers = [
      ...log.flatMap((s) => s.sinks.flatMap((k) => (k.type === 'File' ? [] : [k.servers]))),
      ...(ep.tracing ? [ep.tracing.servers] : []),
      ...(ep.metrics?.sinks.map((k) => k.servers) ?? []),
    ];
    for (const s of servers) for (const b of s.backends) add(owner, b);
  }
  const lookup = buildLookup(state.graph.resources);
  // A policy that attached somewhere, valid or not (its external services' TLS is part of why it may fail).
  const attached = new Set(state.earlier.attachments.filter((a) => a.outcome === 'claimed' || a.outcome === 'invalid').map((a) => a.policy));
  for (const def of POLICY_REFS)
    for (const p of state.graph.resources[def.list]) {
      if (!attached.has(p.key)) continue;
      const { namespace, name } = p.value.metadata;
      def.refs(p.value.spec).forEach((ref, i) => {
        const r = resolveExtServiceRef(ref, i, def.kind, namespace, lookup, state.graph.serviceDns);
        if (r.backend) add({ kind: def.kind, namespace, name }, r.backend);
      });
    }
  externalCache.set(state, out);
  return out;
}

const sameOwner = (a: AncestorRef, b: AncestorRef) => a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
const sameTarget = (a: BackendTlsTarget, b: BackendTlsTarget) =>
  a.group === b.group && a.kind === b.kind && a.namespace === b.namespace && a.name === b.name && a.sectionName === b.sectionName;

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
  const external = externalUses(state);
  const named = (u: { target: BackendTlsTarget }) =>
    u.target.group === (t.group ?? '') &&
    u.target.kind === t.kind &&
    u.target.namespace === t.namespace &&
    u.target.name === t.name &&
    (!section || u.target.sectionName === t.sectionName);
  const found = all.filter(named);
  const foundExternal = external.filter(named);
  if (found.length === 0 && foundExternal.length === 0) {
    const known = [...all, ...external].filter((u) => u.target.kind === t.kind).map((u) => `${u.target.namespace}/${u.target.name}`);
    return { known: [...new Set(known)] };
  }
  const owners = (kinds: string[]) => foundExternal.filter((u) => kinds.includes(u.owner.kind!)).map((u) => u.owner);
  return {
    // The object's own kind names the scope (a port is its section), as `envoyc graph` draws it.
    scope: { kind: t.kind, namespace: t.namespace, name: t.name, ...(section ? { section: t.sectionName! } : {}) },
    ancestors: dedupAncestors([...owners(['EnvoyProxy']), ...ancestorsOf(state, found), ...owners(['SecurityPolicy', 'EnvoyExtensionPolicy'])]),
    conflict: `Unable to target ${t.kind} ${t.name}`,
    applications: found.flatMap((u) => applications(state, u)),
  };
}

function dedupAncestors(all: AncestorRef[]): AncestorRef[] {
  return all.filter((a, i) => all.findIndex((b) => sameOwner(a, b) && a.sectionName === b.sectionName) === i);
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
