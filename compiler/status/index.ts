import type { AttachmentGraph, Condition, GatewayNode, RouteNode } from '../2-resolve/types';
import type { EffectivePolicies, PolicyAncestorStatus } from '../3-merge/types';
import { GATEWAY_GROUP } from '../api/meta';
import type { ParentReference } from '../api/routes';
import { routeStatus } from './route';

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

/** Envoy Gateway's status for every Gateway, route and BackendTrafficPolicy, as `--status` writes it. */
export interface StatusReport {
  gateways: GatewayStatus[];
  httpRoutes: RouteStatus[];
  grpcRoutes: RouteStatus[];
  tlsRoutes: RouteStatus[];
  tcpRoutes: RouteStatus[];
  backendTrafficPolicies: { metadata: Meta; status: { ancestors: PolicyAncestorStatus[] | null } }[];
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
      conditions: [gatewayAccepted(g)],
      listeners: g.listeners.map((l) => ({
        name: l.name,
        supportedKinds: l.supportedKinds.map((kind) => ({ group: GATEWAY_GROUP, kind })),
        attachedRoutes: l.attachedRoutes,
        conditions: l.conditions,
      })),
    },
  };
}

/** The status report: what Envoy Gateway would write on each object, from phases 2 and 3. */
export function buildStatus(graph: AttachmentGraph, policies: EffectivePolicies): StatusReport {
  const routes = (kind: RouteNode['kind']) => graph.routes.filter((r) => r.kind === kind).map(routeStatus);
  const byKey = new Map(graph.resources.policies.map((p) => [p.key, p.value.metadata]));
  return {
    gateways: graph.gateways.map(gatewayStatus),
    httpRoutes: routes('HTTPRoute'),
    grpcRoutes: routes('GRPCRoute'),
    tlsRoutes: routes('TLSRoute'),
    tcpRoutes: routes('TCPRoute'),
    backendTrafficPolicies: policies.statuses.map((s) => ({ metadata: meta(byKey.get(s.key)!), status: { ancestors: s.ancestors } })),
  };
}
