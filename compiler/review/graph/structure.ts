/**
 * The tree of the picture from 2-resolve's attachment graph: Gateways, their listeners, the routes
 * attached (or refused) there, each rule with what the IR says it answers, and the backends each
 * rule sends to, with weights and failures.
 */
import stableStringify from 'fast-json-stable-stringify';
import {
  isGatewayListener,
  type EndpointAddress,
  type GatewayNode,
  type ListenerNode,
  type ResolvedBackend,
  type RouteNode,
  type RuleNode,
} from '../../2-resolve/types';
import type { BackendRef, GRPCRouteMatch, HTTPRouteMatch } from '../../api/routes';
import { clip, listed, type GraphEdge, type GraphNode } from './model';
import { outcomeLines, type RuleOutcome } from './outcomes';

/** Nodes and edges as they are added, each node once. */
export class GraphBuilder {
  readonly nodes = new Map<string, GraphNode>();
  readonly edges: GraphEdge[] = [];
  private readonly edgeKeys = new Set<string>();

  node(n: GraphNode): void {
    if (!this.nodes.has(n.id)) this.nodes.set(n.id, n);
  }

  edge(e: GraphEdge): void {
    const key = `${e.from}\0${e.to}\0${e.kind}\0${e.label ?? ''}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push(e);
  }
}

export const gatewayId = (ns: string, name: string) => `Gateway/${ns}/${name}`;
export const listenerId = (irName: string) => `Listener/${irName}`;
export const ruleId = (route: RouteNode, rule: RuleNode) => `${route.key}/rule/${rule.index}`;

function gatewayNode(g: GatewayNode): GraphNode {
  const { metadata, spec } = g.loaded.value;
  return {
    id: gatewayId(metadata.namespace, metadata.name),
    kind: 'gateway',
    lines: [`Gateway ${metadata.namespace}/${metadata.name}`, `class ${spec.gatewayClassName}`],
    digest: stableStringify(spec),
  };
}

function listenerNode(l: ListenerNode): GraphNode {
  const reason = l.conditions.find((c) => c.status === 'False' && (c.type === 'Programmed' || c.type === 'Accepted'))?.reason;
  const lines = [
    `listener ${l.name}`,
    `${l.protocol} :${l.port}${l.tls ? ` (TLS ${l.tls.mode})` : ''}`,
    ...(l.hostname !== undefined ? [l.hostname] : []),
    ...(l.programmed ? [] : [`not programmed${reason ? `: ${reason}` : ''}`]),
  ];
  const spec = l.spec;
  return {
    id: listenerId(l.irName),
    kind: 'listener',
    lines,
    ...(l.programmed ? {} : { mark: 'notProgrammed' as const }),
    digest: stableStringify({ spec, programmed: l.programmed }),
  };
}

function routeNode(r: RouteNode): GraphNode {
  const { metadata, spec } = r.loaded.value;
  const hostnames = 'hostnames' in spec ? (spec.hostnames ?? []) : [];
  const attached = r.parents.some((p) => p.attachments.length > 0);
  const lines = [`${r.kind} ${metadata.namespace}/${metadata.name}`, ...(hostnames.length ? [listed(hostnames)] : []), ...(attached ? [] : ['not attached'])];
  return {
    id: r.key,
    kind: 'route',
    lines,
    ...(attached ? {} : { mark: 'notAttached' as const }),
    digest: stableStringify({ hostnames, parentRefs: spec.parentRefs }),
  };
}

function httpMatch(m: HTTPRouteMatch): string {
  const path = m.path ? `${m.path.type} ${m.path.value}` : 'PathPrefix /';
  const extra = [
    ...(m.method ? [m.method] : []),
    ...(m.headers?.length ? [`${m.headers.length} header(s)`] : []),
    ...(m.queryParams?.length ? [`${m.queryParams.length} query`] : []),
  ];
  return [path, ...extra].join(' · ');
}

function grpcMatch(m: GRPCRouteMatch): string {
  const method = m.method ? `${m.method.service ?? '*'}/${m.method.method ?? '*'}` : 'any method';
  return m.headers?.length ? `${method} · ${m.headers.length} header(s)` : method;
}

/** The rule's spec, as the route holds it (TCP and TLS rules are pooled: `rule/-1`). */
function ruleSpec(route: RouteNode, rule: RuleNode): { matches?: (HTTPRouteMatch | GRPCRouteMatch)[] } | undefined {
  const rules = (route.loaded.value.spec as { rules?: object[] }).rules ?? [];
  return (rule.index < 0 ? undefined : rules[rule.index]) as { matches?: (HTTPRouteMatch | GRPCRouteMatch)[] } | undefined;
}

function matchLine(route: RouteNode, rule: RuleNode): string[] {
  if (rule.index < 0) return ['all rules (pooled)'];
  const matches = ruleSpec(route, rule)?.matches ?? [];
  if (!matches.length) return [route.kind === 'GRPCRoute' ? 'any method' : 'PathPrefix /'];
  const first = route.kind === 'GRPCRoute' ? grpcMatch(matches[0] as GRPCRouteMatch) : httpMatch(matches[0] as HTTPRouteMatch);
  return [clip(first), ...(matches.length > 1 ? [`+${matches.length - 1} more match(es)`] : [])];
}

function ruleNode(route: RouteNode, rule: RuleNode, outcome: RuleOutcome | undefined): GraphNode {
  const head = rule.index < 0 ? 'rules' : `rule ${rule.index}${rule.name !== undefined ? ` · ${rule.name}` : ''}`;
  const answers = outcomeLines(outcome);
  const mark = outcome?.status === 503 ? ('answers503' as const) : outcome?.status === 500 ? ('answers500' as const) : undefined;
  const spec = rule.index < 0 ? (route.loaded.value.spec as { rules?: object[] }).rules : ruleSpec(route, rule);
  const filters = ((spec as { filters?: { type: string }[] } | undefined)?.filters ?? []).map((f) => f.type);
  const lines = [head, ...matchLine(route, rule), ...(filters.length ? [clip(listed(filters))] : []), ...answers];
  return { id: ruleId(route, rule), kind: 'rule', lines, ...(mark ? { mark } : {}), digest: stableStringify({ spec, answers }) };
}

function endpointText(e: EndpointAddress): string {
  return e.type === 'unix' ? `unix ${e.path}` : `${e.address}:${e.port}`;
}

/** `ns/name` of a backendRef as the rule wrote it, for refs that did not resolve to a resource. */
function refIdentity(ref: BackendRef | undefined, routeNs: string): { kind: string; id: string } {
  const kind = ref?.kind ?? 'Service';
  const port = ref?.port !== undefined ? `:${ref.port}` : '';
  return { kind, id: `${kind}/${ref?.namespace ?? routeNs}/${ref?.name ?? '?'}${kind === 'Service' ? port : ''}` };
}

/** One node per Service port or Backend, whatever rules share it; an unresolved ref is named as written. */
function backendId(b: ResolvedBackend, ref: BackendRef | undefined, routeNs: string): string {
  const r = b.resource;
  return r
    ? `${r.kind}/${r.namespace}/${r.name}${r.kind === 'Service' && r.sectionName !== undefined ? `:${r.sectionName}` : ''}`
    : refIdentity(ref, routeNs).id;
}

function backendNode(id: string, b: ResolvedBackend): GraphNode {
  const [kind, ns, rest] = [id.split('/')[0]!, id.split('/')[1]!, id.split('/').slice(2).join('/')];
  const eps = b.endpoints;
  const where =
    b.state === 'noEndpoints'
      ? ['no ready endpoint']
      : b.state === 'invalid'
        ? ['not resolved']
        : eps.length === 1 && eps[0]!.type === 'fqdn'
          ? [`DNS ${endpointText(eps[0]!)}`]
          : eps.length
            ? [`${eps.length} endpoint(s): ${listed(eps.map(endpointText), 2)}`]
            : ['no endpoints'];
  return {
    id,
    kind: 'backend',
    lines: [`${kind} ${ns}/${rest}`, ...where.map(clip)],
    digest: stableStringify({ state: b.state, endpoints: eps, protocol: b.protocol }),
  };
}

function backendEdge(from: string, to: string, b: ResolvedBackend, weighted: boolean, mirror: boolean): GraphEdge {
  const status = b.state === 'noEndpoints' ? 503 : 500;
  const failure = b.state !== 'valid' ? `${status}: ${b.failure?.reason ?? 'not resolved'}` : undefined;
  const weight = mirror ? 'mirror' : weighted || b.weight !== 1 ? `weight ${b.weight}` : undefined;
  const label = [weight, failure].filter(Boolean).join(', ');
  return { from, to, kind: mirror ? 'mirror' : 'backend', ...(label ? { label } : {}), ...(failure ? { mark: 'failed' as const } : {}) };
}

function addRule(g: GraphBuilder, route: RouteNode, rule: RuleNode, outcome: RuleOutcome | undefined): void {
  const id = ruleId(route, rule);
  g.node(ruleNode(route, rule, outcome));
  g.edge({ from: route.key, to: id, kind: 'rule' });
  const ns = route.loaded.value.metadata.namespace;
  const spec = ruleSpec(route, rule) as { backendRefs?: BackendRef[]; filters?: { requestMirror?: { backendRef: BackendRef } }[] } | undefined;
  const l4Refs =
    rule.index < 0 ? ((route.loaded.value.spec as { rules?: { backendRefs?: BackendRef[] }[] }).rules ?? []).flatMap((r) => r.backendRefs ?? []) : undefined;
  // Many rules share a backend: its node is built once.
  const backend = (b: ResolvedBackend, ref: BackendRef | undefined) => {
    const to = backendId(b, ref, ns);
    if (!g.nodes.has(to)) g.node(backendNode(to, b));
    return to;
  };
  for (const b of rule.backends) g.edge(backendEdge(id, backend(b, (l4Refs ?? spec?.backendRefs)?.[b.index]), b, rule.backends.length > 1, false));
  for (const [i, b] of [...rule.mirrors.entries()].sort(([a], [c]) => a - c))
    g.edge(backendEdge(id, backend(b, spec?.filters?.[i]?.requestMirror?.backendRef), b, false, true));
}

/** The parentRef's refusal, from the side of what it named: the listener when it names one that exists, else the Gateway. */
function rejectedEdges(g: GraphBuilder, route: RouteNode, gateways: Map<string, GatewayNode>): void {
  for (const p of route.parents) {
    if (p.attachments.length) continue;
    const gw = gateways.get(p.gateway)!;
    const listener = gw.listeners.find((l) => isGatewayListener(l) && (p.ref.kind ?? 'Gateway') === 'Gateway' && l.name === p.ref.sectionName);
    const reason = p.conditions.find((c) => c.type === 'Accepted' && c.status === 'False')?.reason ?? p.conditions.find((c) => c.status === 'False')?.reason;
    const { namespace, name } = gw.loaded.value.metadata;
    g.edge({
      from: listener ? listenerId(listener.irName) : gatewayId(namespace, name),
      to: route.key,
      kind: 'rejected',
      label: `not accepted${reason ? `: ${reason}` : ''}`,
      mark: 'failed',
    });
  }
}

/** Gateways and listeners, then routes with their rules and backends, in the attachment graph's order. */
export function addStructure(g: GraphBuilder, gateways: GatewayNode[], routes: RouteNode[], outcomes: Map<string, RuleOutcome>): void {
  for (const gw of gateways) {
    const node = gatewayNode(gw);
    g.node(node);
    for (const l of gw.listeners) {
      g.node(listenerNode(l));
      g.edge({ from: node.id, to: listenerId(l.irName), kind: 'listener' });
    }
  }
  const byKey = new Map(gateways.map((gw) => [gw.key as string, gw]));
  for (const route of routes) {
    g.node(routeNode(route));
    for (const p of route.parents) for (const a of p.attachments) g.edge({ from: listenerId(a.listener), to: route.key, kind: 'attach' });
    rejectedEdges(g, route, byKey);
    for (const rule of route.rules) addRule(g, route, rule, outcomes.get(ruleId(route, rule)));
  }
}
