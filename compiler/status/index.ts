import type { AttachmentGraph, Condition, GatewayNode, RouteNode } from '../2-resolve/types';
import type { AnyPolicyKind } from '../3-merge/kind';
import { POLICY_KINDS } from '../3-merge/registry';
import type { EffectivePolicies, PolicyAncestorStatus } from '../3-merge/types';
import { GATEWAY_GROUP } from '../api/meta';
import type { ParentReference } from '../api/routes';
import { patchPolicyStatuses, type PatchPolicyStatusEntry } from './patch-policies';
import { withBackendTlsFailures } from './backend-tls';
import { routeStatus } from './route';
import type { ResourceKey } from '../1-load/types';

interface Meta {
  namespace: string;
  name: string;
}

export interface GatewayStatus {
  metadata: Meta;
  status: {
    conditions: Condition[];
    listeners: { name: string; supportedKinds: { group: string; kind: string }[]; attachedRoutes: number; conditions: Condition[] }[];
  };
}

export interface RouteStatus {
  metadata: Meta;
  status: { parents: { parentRef: ParentReference; controllerName: string; conditions: Condition[] }[] };
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
  /** One list per policy kind the inputs hold, named by the kind's plural (`backendTrafficPolicies`). */
  [policies: string]: GatewayStatus[] | RouteStatus[] | PolicyStatusEntry[] | PatchPolicyStatusEntry[];
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
  const valid = g.listeners.filter((l) => l.programmed).map((l) => l.name);
  const invalid = g.listeners
    .filter((l) => !l.programmed)
    .map((l) => l.name)
    .sort();
  if (invalid.length === 0) return { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'The Gateway has been scheduled by Envoy Gateway' };
  if (valid.length > 0) return { type: 'Accepted', status: 'True', reason: 'ListenersNotValid', message: `Listeners not valid: ${invalid.join(', ')}` };
  return { type: 'Accepted', status: 'False', reason: 'ListenersNotValid', message: `No listeners are valid: ${invalid.join(', ')}` };
}

function gatewayStatus(g: GatewayNode): GatewayStatus {
  return {
    metadata: meta(g.loaded.value.metadata),
    status: {
      conditions: [gatewayAccepted(g), ...(g.conditions ?? [])],
      listeners: g.listeners.map((l) => ({
        name: l.name,
        supportedKinds: l.supportedKinds.map((kind) => ({ group: GATEWAY_GROUP, kind })),
        attachedRoutes: l.attachedRoutes,
        conditions: l.conditions,
      })),
    },
  };
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
  const routes = (kind: RouteNode['kind']) =>
    graph.routes
      .filter((r) => r.kind === kind)
      .map(withTls)
      .map(routeStatus);
  const report: StatusReport = {
    gateways: graph.gateways.map(gatewayStatus),
    httpRoutes: routes('HTTPRoute'),
    grpcRoutes: routes('GRPCRoute'),
    tlsRoutes: routes('TLSRoute'),
    tcpRoutes: routes('TCPRoute'),
  };
  for (const kind of kinds) {
    const list = kindStatuses(graph, policies, kind);
    if (list) report[kind.plural] = list;
  }
  if (graph.resources.envoyPatchPolicies.length) report.envoyPatchPolicies = patchPolicyStatuses(graph, policies.patchPolicies, programmed);
  return report;
}
