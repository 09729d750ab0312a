/**
 * Every policy of every kind 3-merge translates (the registry), drawn at each scope it names with
 * what it became there, read from 3-merge's output: the per-target record (claimed, conflicted,
 * invalid, not found) and the policy in force at each application the scope reaches (applied,
 * merged into another, or overridden by a more specific one).
 */
import stableStringify from 'fast-json-stable-stringify';
import type { Loaded } from '../../1-load/types';
import type { RouteNode } from '../../2-resolve/types';
import { TARGETING_FIELDS, type AnyPolicyKind, type PolicyObject } from '../../3-merge/kind';
import type { PolicyScope } from '../../3-merge/scope-graph';
import type { EffectivePolicies, PolicyAttachment } from '../../3-merge/types';
import { listed, pushTo, type GraphEdge, type GraphNode, type PolicyState } from './model';
import { gatewayId, listenerId, type GraphBuilder } from './structure';

/** What one claimed target amounts to at the applications its scope reaches. */
interface Reach {
  total: number;
  inForce: number;
  merged: number;
  /** Policies in force where this one is not. */
  overriders: Set<string>;
}

function reachOf(a: PolicyAttachment, applied: EffectivePolicies['applied'][string]): Reach {
  const r: Reach = { total: a.applications.length, inForce: 0, merged: 0, overriders: new Set() };
  for (const key of a.applications) {
    const at = applied[key];
    const owners = new Set(Object.values(at?.owners ?? {}));
    const holds = at?.policies.includes(a.policy) ?? false;
    if (holds && [...owners].some((o) => o !== a.policy)) r.merged++;
    else if (holds) r.inForce++;
    else if (owners.has(a.policy)) r.merged++;
    else for (const p of at?.policies ?? []) r.overriders.add(p);
  }
  return r;
}

/** The state at one target, and the words on its edge. */
function stateAt(a: PolicyAttachment, reach: Reach | undefined, unit: string): { state: PolicyState; label: string } {
  const section = a.scope.section ?? '';
  if (a.outcome === 'conflicted') return { state: 'conflicted', label: `conflicted: ${a.winner!.split('/').slice(1).join('/')} holds it` };
  if (a.outcome === 'invalid') return { state: 'notAccepted', label: 'not accepted: invalid' };
  if (a.outcome === 'sectionNotFound') return { state: 'notAccepted', label: `not accepted: no section ${section}` };
  if (a.outcome === 'targetNotFound') return { state: 'notAccepted', label: 'not accepted: target not found' };
  const r = reach!;
  if (r.total === 0) return { state: 'applied', label: `applied (no ${unit})` };
  const parts = (
    [
      ['applied', r.inForce],
      ['merged', r.merged],
      ['overridden', r.total - r.inForce - r.merged],
    ] as const
  ).filter(([, k]) => k > 0);
  const state: PolicyState = r.merged > 0 ? 'merged' : r.inForce > 0 ? 'applied' : 'overridden';
  if (parts.length === 1) return { state, label: parts[0]![0] };
  return { state, label: `${parts.map(([word, k]) => `${word} on ${k}`).join(', ')} of ${r.total} ${unit}` };
}

/** What scopes are looked up in: routes by key, backend nodes by object (`Service/ns/name` without the port). */
interface Places {
  routes: Map<string, RouteNode>;
  backends: Map<string, string[]>;
}

function placesOf(g: GraphBuilder, routes: RouteNode[]): Places {
  const backends = new Map<string, string[]>();
  for (const n of g.nodes.values()) if (n.kind === 'backend') pushTo(backends, n.id.replace(/:[^/:]*$/, ''), n.id);
  return { routes: new Map(routes.map((r) => [r.key as string, r])), backends };
}

/** Where a scope is in the picture: its node, or a node of its own when nothing there bears its name. */
function scopeNodes(g: GraphBuilder, s: PolicyScope, places: Places, missing: boolean): string[] {
  const { kind, namespace: ns, name } = s;
  const listener = listenerId(`${ns}/${name}/${s.section}`);
  if (kind === 'Gateway' && g.nodes.has(gatewayId(ns, name))) return [gatewayId(ns, name)];
  // A listener that does not exist is drawn at its Gateway, with the missing section on the edge.
  if (kind === 'GatewayListener' && g.nodes.has(listener)) return [listener];
  if (kind === 'GatewayListener' && g.nodes.has(gatewayId(ns, name))) return [gatewayId(ns, name)];
  const route = kind === 'Route' || kind === 'RouteRule' ? places.routes.get(`${s.routeKind}/${ns}/${name}`) : undefined;
  if (route) {
    const rule = kind === 'RouteRule' ? route.rules.find((r) => r.name === s.section) : undefined;
    return [rule && !missing ? `${route.key}/rule/${rule.index}` : route.key];
  }
  // A kind's own scope (a Service, a Backend): every backend node of that object.
  const found = places.backends.get(`${kind}/${ns}/${name}`);
  if (found) return found;
  const id = `Target/${kind === 'Route' || kind === 'RouteRule' ? s.routeKind : kind}/${ns}/${name}${s.section !== undefined ? `/${s.section}` : ''}`;
  const words = `${kind === 'Route' || kind === 'RouteRule' ? s.routeKind : kind} ${ns}/${name}${s.section !== undefined ? ` section ${s.section}` : ''}`;
  g.node({ id, kind: 'target', lines: [words, ...(missing ? ['not found'] : [])], ...(missing ? { mark: 'missing' as const } : {}), digest: '' });
  return [id];
}

const ORDER: readonly PolicyState[] = ['applied', 'merged', 'overridden', 'conflicted', 'notAccepted'];

function policyNode(p: Loaded<PolicyObject>, states: PolicyState[], ignored: string | undefined): GraphNode {
  const { metadata, spec } = p.value;
  const fields = Object.keys(spec).filter((f) => !TARGETING_FIELDS.has(f));
  const best = ignored ? 'notAccepted' : (ORDER.find((s) => states.includes(s)) ?? 'notAccepted');
  const lines = [
    `${p.value.kind} ${metadata.namespace}/${metadata.name}`,
    ...(fields.length ? [`sets ${listed(fields.sort(), 4)}`] : []),
    ...(ignored ? [`ignored: ${ignored}`] : states.length ? [] : ['no target']),
  ];
  return { id: p.key, kind: 'policy', lines, mark: best, digest: stableStringify(spec) };
}

/** Policies after the structure, kinds in registry order, each kind's policies in provider order. */
export function addPolicies(
  g: GraphBuilder,
  kinds: readonly AnyPolicyKind[],
  effective: EffectivePolicies,
  routes: RouteNode[],
  resources: Parameters<AnyPolicyKind['objects']>[0],
): void {
  const places = placesOf(g, routes);
  const byPolicy = new Map<string, PolicyAttachment[]>();
  for (const a of effective.attachments) pushTo(byPolicy, a.policy, a);
  const ignored = new Map(effective.statuses.filter((s) => s.ignoredBy).map((s) => [s.key as string, s.ignoredBy!]));
  const overrides: GraphEdge[] = [];
  for (const kind of kinds) {
    const unit = kind.unit === 'listener' ? 'listeners' : kind.unit === 'backendRef' ? 'backendRefs' : 'route rules';
    const applied = effective.applied[kind.kind] ?? {};
    for (const p of kind.objects(resources) as Loaded<PolicyObject>[]) {
      const edges: GraphEdge[] = [];
      for (const a of byPolicy.get(p.key) ?? []) {
        const reach = a.outcome === 'claimed' ? reachOf(a, applied) : undefined;
        const { state, label } = stateAt(a, reach, unit);
        const missing = a.outcome === 'targetNotFound' || a.outcome === 'sectionNotFound';
        for (const to of scopeNodes(g, a.scope, places, missing)) edges.push({ from: p.key, to, kind: 'policy', label, mark: state });
        for (const o of [...(reach?.overriders ?? [])].sort()) if (o !== p.key) overrides.push({ from: o, to: p.key, kind: 'overrides', label: 'overrides' });
      }
      g.node(
        policyNode(
          p,
          edges.map((e) => e.mark as PolicyState),
          ignored.get(p.key),
        ),
      );
      for (const e of edges) g.edge(e);
    }
  }
  for (const e of overrides) g.edge(e);
}
