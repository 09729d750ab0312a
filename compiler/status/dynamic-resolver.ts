// A TLS route to a DynamicResolver Backend forwards by SNI, which needs the bytes untouched: on a
// listener that terminates TLS Envoy Gateway skips the route and reports ResolvedRefs=False there.
import type { AttachmentGraph, ParentNode, RouteNode } from '../2-resolve/types';

const MESSAGE = 'Dynamic resolver backend is only supported with TLS passthrough listeners';

/** The route as one parent sees it: refused where that parent's listener terminates TLS. */
export function withTerminatedDynamicResolver(graph: AttachmentGraph): (route: RouteNode, parent: ParentNode) => RouteNode {
  const terminating = new Set(graph.gateways.flatMap((g) => g.listeners.filter((l) => l.tls?.mode === 'Terminate').map((l) => l.irName)));
  return (route, parent) => {
    if (route.kind !== 'TLSRoute' || !route.rules[0]?.backends.some((b) => b.dynamicResolver)) return route;
    if (!parent.attachments.some((a) => terminating.has(a.listener))) return route;
    const [rule, ...rest] = route.rules;
    const refused = { message: MESSAGE, path: ['spec', 'rules'], filter: -1, reason: 'UnsupportedValue', condition: 'ResolvedRefs' as const };
    return { ...route, rules: [{ ...rule!, filterErrors: [...rule!.filterErrors, refused] }, ...rest] };
  };
}
