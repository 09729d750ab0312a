// What a ClientTrafficPolicy's translation depends on besides its spec: the Gateway listener it
// lands on (HTTP or not, TLS or not), the listeners that share its port in the same Envoy, and the
// routes it serves (HTTP/1.0's default host).
import type { AttachmentGraph, ListenerNode, RouteNode } from '../../../2-resolve/types';
import type { Application } from '../../units';

/** The Gateway (or ListenerSet) listener of an application. */
export function listenerOf(app: Application): ListenerNode {
  return app.gateway.listeners.find((l) => l.irName === app.listener)!;
}

/** An HTTP or HTTPS listener (Envoy Gateway's HTTP IR listener: an HCM). */
export const isHttp = (l: ListenerNode): boolean => l.protocol === 'HTTP' || l.protocol === 'HTTPS';

/** A listener that terminates TLS with certificates of its own (HTTPS, or TLS in Terminate mode). */
export const terminatesTls = (l: ListenerNode): boolean => l.programmed && l.tls?.mode === 'Terminate' && l.tls.certificates.length > 0;

/**
 * Envoy Gateway's listenersWithSameHTTPPort: for a plain HTTP listener, the other programmed
 * HTTP and HTTPS listeners of the same Envoy on its port (IR names, in listener order).
 */
export function samePortListeners(graph: AttachmentGraph, l: ListenerNode, mergeGateways: boolean): string[] {
  if (l.protocol !== 'HTTP') return [];
  const gateways = mergeGateways ? graph.gateways : graph.gateways.filter((g) => g.key === l.gateway);
  return gateways.flatMap((g) => g.listeners.filter((o) => o !== l && o.programmed && isHttp(o) && o.port === l.port).map((o) => o.irName));
}

/** The Envoy Gateway IR routes of a listener, as hostnames: one per rule, match and hostname. */
function irRouteHostnames(routes: readonly RouteNode[], l: ListenerNode): string[] {
  const out: string[] = [];
  for (const route of routes) {
    if (route.kind !== 'HTTPRoute' && route.kind !== 'GRPCRoute') continue;
    const hostnames = route.parents.flatMap((p) => p.attachments.filter((a) => a.listener === l.irName).flatMap((a) => a.hostnames));
    if (!hostnames.length) continue;
    const spec = route.loaded.value.spec as { rules?: { matches?: unknown[] }[] };
    const matches = (spec.rules ?? []).reduce((n, r) => n + Math.max(1, r.matches?.length ?? 0), 0);
    for (let i = 0; i < matches; i++) out.push(...[...new Set(hostnames)]);
  }
  return out;
}

/**
 * HTTP/1.0's default host (Envoy Gateway's http10.useDefaultHost): the listener's hostname when it
 * is not a wildcard, else the hostname of the one route entry with a non-wildcard hostname; more
 * than one such entry, or none, is an error in Envoy Gateway's words.
 */
export function http10DefaultHost(graph: AttachmentGraph, l: ListenerNode): { host: string } | { error: string } {
  if (l.hostname && !l.hostname.includes('*')) return { host: l.hostname };
  const named = irRouteHostnames(graph.routes, l).filter((h) => h !== '' && !h.includes('*'));
  if (named.length === 0) return { error: 'cannot set http10 default host on listener with only wildcard hostnames' };
  if (named.length > 1) return { error: 'cannot set http10 default host on listener with only wildcard hostnames and more than one possible default route' };
  return { host: named[0]! };
}
