import {
  isGatewayListener,
  type AttachmentGraph,
  type Condition,
  type GatewayNode,
  type ListenerNode,
  type ListenerSetNode,
  type RouteNode,
} from '../2-resolve/types';
import type { AnyPolicyKind } from '../3-merge/kind';
import { POLICY_KINDS } from '../3-merge/registry';
import type { EffectivePolicies, PolicyAncestorStatus } from '../3-merge/types';
import { GATEWAY_GROUP } from '../api/meta';
import type { ParentReference } from '../api/routes';
import { patchPolicyStatuses, type PatchPolicyStatusEntry } from './patch-policies';
import { withBackendTlsFailures } from './backend-tls';
import { withTerminatedDynamicResolver } from './dynamic-resolver';
import { routeStatus } from './route';
import type { ResourceKey } from '../1-load/types';

interface Meta {
  namespace: string;
  name: string;
}

export interface ListenerStatus {
  name: string;
  supportedKinds: { group: string; kind: string }[];
  attachedRoutes: number;
  conditions: Condition[];
}

/** A Gateway's status, or a ListenerSet's (which has no `attachedListenerSets`). */
export interface GatewayStatus {
  metadata: Meta;
  status: {
    conditions: Condition[];
    listeners: ListenerStatus[];
    attachedListenerSets?: number;
  };
}

export interface RouteStatus {
  metadata: Meta;
  status: { parents: { parentRef: ParentReference; controllerName: string; conditions: Condition[] }[] };
}

/** A GatewayClass that names an EnvoyProxy: Accepted, or InvalidParameters. */
export interface GatewayClassStatus {
  metadata: { name: string };
  status: { conditions: Condition[] };
}

/** An EnvoyProxy's `status.ancestors` (the GatewayClasses and Gateways that name it). */
export interface EnvoyProxyStatusEntry {
  metadata: Meta;
  status: { ancestors: { ancestorRef: { group: string; kind: string; namespace?: string; name: string }; conditions: Condition[] }[] };
}

export interface PolicyStatusEntry {
  metadata: Meta;
  /** envoyc's own note (not Envoy Gateway's): the flag that made it compile the policy as if absent. */
  ignoredBy?: string;
  status: { ancestors: PolicyAncestorStatus[] | null };
}

/** Envoy Gateway's status for every Gateway, route and policy, as `--status` writes it. */
export interface StatusReport {
  gateways: GatewayStatus[];
  httpRoutes: RouteStatus[];
  grpcRoutes: RouteStatus[];
  tlsRoutes: RouteStatus[];
  tcpRoutes: RouteStatus[];
  /**
   * One list per policy kind the inputs hold, named by the kind's plural (`backendTrafficPolicies`);
   * `udpRoutes`, `listenerSets`, `gatewayClasses` and `envoyProxies` when the inputs hold some.
   */
  [policies: string]: GatewayStatus[] | RouteStatus[] | PolicyStatusEntry[] | PatchPolicyStatusEntry[] | GatewayClassStatus[] | EnvoyProxyStatusEntry[];
}

/** The statuses of one policy kind's objects (empty when the inputs hold none). */
export function policyStatuses(report: StatusReport, kind: AnyPolicyKind): PolicyStatusEntry[] {
  return (report[kind.plural] as PolicyStatusEntry[] | undefined) ?? [];
}

function meta(m: Meta): Meta {
  return { namespace: m.namespace, name: m.name };
}

/** The Gateway's Accepted condition, derived from its listeners (Envoy Gateway's provider does this). */
function gatewayAccepted(g: GatewayNode): Condition {
  if (g.notAccepted) return { type: 'Accepted', status: 'False', ...g.notAccepted };
  const own = g.listeners.filter(isGatewayListener);
  const valid = own.filter((l) => l.programmed).map((l) => l.name);
  const invalid = own
    .filter((l) => !l.programmed)
    .map((l) => l.name)
    .sort();
  if (invalid.length === 0) return { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'The Gateway has been scheduled by Envoy Gateway' };
  if (valid.length > 0) return { type: 'Accepted', status: 'True', reason: 'ListenersNotValid', message: `Listeners not valid: ${invalid.join(', ')}` };
  return { type: 'Accepted', status: 'False', reason: 'ListenersNotValid', message: `No listeners are valid: ${invalid.join(', ')}` };
}

function gatewayStatus(g: GatewayNode): GatewayStatus {
  const accepted = g.listenerSets.filter((ls) => ls.accepted);
  return {
    metadata: meta(g.loaded.value.metadata),
    status: {
      conditions: [gatewayAccepted(g), ...(g.conditions ?? [])],
      listeners: g.listeners.filter(isGatewayListener).map((l) => listenerStatus(l)),
      // Envoy Gateway counts the accepted ListenerSets, and writes nothing when there are none.
      ...(accepted.length ? { attachedListenerSets: accepted.length } : {}),
    },
  };
}

function listenerStatus(l: ListenerNode, reason: (r: string) => string = (r) => r): ListenerStatus {
  return {
    name: l.name,
    supportedKinds: l.supportedKinds.map((kind) => ({ group: GATEWAY_GROUP, kind })),
    attachedRoutes: l.attachedRoutes,
    conditions: l.conditions.map((c) => ({ ...c, reason: reason(c.reason) })),
  };
}

/** A ListenerSet's status: its conditions and its listeners', where Envoy Gateway words `Invalid` as `ListenersNotValid`. */
function listenerSetStatus(g: GatewayNode, ls: ListenerSetNode): GatewayStatus {
  const own = g.listeners.filter((l) => l.listenerSet === ls.key);
  return {
    metadata: meta(ls.loaded.value.metadata),
    status: { conditions: ls.conditions, listeners: own.map((l) => listenerStatus(l, (r) => (r === 'Invalid' ? 'ListenersNotValid' : r))) },
  };
}

/**
 * EnvoyProxy status as Envoy Gateway writes it: an ancestor per GatewayClass that names it, and per
 * Gateway that names it itself (one inherited from the class is not repeated), Accepted or not.
 */
function envoyProxyStatuses(graph: AttachmentGraph): EnvoyProxyStatusEntry[] {
  const ancestors = new Map<string, EnvoyProxyStatusEntry['status']['ancestors']>();
  const add = (key: string, ancestorRef: EnvoyProxyStatusEntry['status']['ancestors'][number]['ancestorRef'], accepted: Condition) =>
    ancestors.set(key, [...(ancestors.get(key) ?? []), { ancestorRef, conditions: [accepted] }]);
  // Envoy Gateway refuses an EnvoyProxy only by checks the CRD schema makes here too (the object is then dropped).
  const accepted: Condition = { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'EnvoyProxy has been accepted.' };
  for (const c of graph.gatewayClasses)
    if (c.proxy) add(c.proxy.key, { group: GATEWAY_GROUP, kind: 'GatewayClass', name: c.loaded.value.metadata.name }, accepted);
  for (const g of graph.gateways)
    if (g.envoyProxy?.fromGateway)
      add(
        g.envoyProxy.proxy.key,
        { group: GATEWAY_GROUP, kind: 'Gateway', namespace: g.loaded.value.metadata.namespace, name: g.loaded.value.metadata.name },
        accepted,
      );
  return graph.resources.envoyProxies.map((p) => ({ metadata: meta(p.value.metadata), status: { ancestors: ancestors.get(p.key) ?? [] } }));
}

/** The statuses of one kind's policies, when the inputs hold that kind (objects dropped for schema errors count). */
function kindStatuses(graph: AttachmentGraph, policies: EffectivePolicies, kind: AnyPolicyKind): PolicyStatusEntry[] | undefined {
  const objects = kind.objects(graph.resources);
  if (!objects.length && !graph.resources.rejected.some((k) => k.startsWith(`${kind.kind}/`))) return undefined;
  const byKey = new Map(policies.statuses.map((s) => [s.key, s]));
  return objects.map((p) => {
    const s = byKey.get(p.key);
    return { metadata: meta(p.value.metadata), ...(s?.ignoredBy ? { ignoredBy: s.ignoredBy } : {}), status: { ancestors: s?.ancestors ?? null } };
  });
}

/**
 * The status report: what Envoy Gateway would write on each object, from phases 2 and 3, and the
 * EnvoyPatchPolicies' Programmed conditions from applying their patches.
 */
export function buildStatus(
  graph: AttachmentGraph,
  policies: EffectivePolicies,
  programmed: ReadonlyMap<ResourceKey, Condition> = new Map(),
  kinds: readonly AnyPolicyKind[] = POLICY_KINDS,
): StatusReport {
  const withTls = withBackendTlsFailures(graph, policies);
  const withDynamic = withTerminatedDynamicResolver(graph);
  const routes = (kind: RouteNode['kind']) => graph.routes.filter((r) => r.kind === kind).map((r) => routeStatus(r, (p) => withDynamic(withTls(r, p), p)));
  const report: StatusReport = {
    gateways: graph.gateways.map(gatewayStatus),
    httpRoutes: routes('HTTPRoute'),
    grpcRoutes: routes('GRPCRoute'),
    tlsRoutes: routes('TLSRoute'),
    tcpRoutes: routes('TCPRoute'),
  };
  const udp = routes('UDPRoute');
  if (udp.length) report.udpRoutes = udp;
  const sets = graph.gateways.flatMap((g) => g.listenerSets.map((ls) => listenerSetStatus(g, ls)));
  if (sets.length) report.listenerSets = sets;
  for (const kind of kinds) {
    const list = kindStatuses(graph, policies, kind);
    if (list) report[kind.plural] = list;
  }
  if (graph.gatewayClasses.length)
    report.gatewayClasses = graph.gatewayClasses.map((c) => ({ metadata: { name: c.loaded.value.metadata.name }, status: { conditions: [c.accepted] } }));
  if (graph.resources.envoyProxies.length) report.envoyProxies = envoyProxyStatuses(graph);
  if (graph.resources.envoyPatchPolicies.length) report.envoyPatchPolicies = patchPolicyStatuses(graph, policies.patchPolicies, programmed);
  return report;
}
