import type { Loaded, ResourceKey } from '../1-load/types';
import { GATEWAY_GROUP } from '../api/meta';
import type { ParentReference } from '../api/routes';
import * as d from '../diagnostics/codes';
import { didYouMean, type Diagnostics } from '../diagnostics';
import { spanAt, type SourceRef } from '../source';
import { computeHosts } from './hostnames';
import { matchesSelector } from './labels';
import type { Lookup } from './lookup';
import type { Condition, GatewayNode, ListenerNode, ParentNode, RouteKind } from './types';

/** What attachment needs to know about a route, whatever its kind. */
export interface RouteHead {
  kind: RouteKind;
  namespace: string;
  name: string;
  parentRefs: ParentReference[];
  /** Route hostnames; TCPRoutes have none and skip hostname matching. */
  hostnames: string[] | undefined;
  src: SourceRef;
}

const ACCEPTED: Condition = { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Route is accepted' };

function namespaceAllowed(l: ListenerNode, routeNs: string, lookup: Lookup): boolean {
  const from = l.spec.allowedRoutes.namespaces;
  switch (from.from) {
    case 'All':
      return lookup.namespaces.has(routeNs);
    case 'Same':
      // The namespace of the object the listener is written in: a ListenerSet's own (Envoy Gateway's AllowsNamespace).
      return routeNs === l.namespace;
    case 'Selector': {
      const ns = lookup.namespaces.get(routeNs);
      return ns !== undefined && from.selector !== undefined && matchesSelector(ns.value.metadata.labels, from.selector);
    }
  }
}

/** Hostnames other listeners on the same port claim exactly: Envoy Gateway gives them to that listener. */
function siblingHosts(gw: GatewayNode, l: ListenerNode): string[] {
  return gw.listeners.filter((o) => o !== l && o.port === l.port && o.hostname !== undefined).map((o) => o.hostname!);
}

/** Resolves one parentRef of a route (Envoy Gateway's order: sectionName/port, kind and namespace, hostnames). */
function attachParent(
  route: RouteHead,
  index: number,
  ref: ParentReference,
  gw: GatewayNode,
  listenerSet: ResourceKey | undefined,
  lookup: Lookup,
  diags: Diagnostics,
): ParentNode {
  const node: ParentNode = { index, ref, gateway: gw.key, conditions: [], attachments: [] };
  const label = `${route.kind} ${route.namespace}/${route.name}`;
  const reject = (reason: string, message: string) => {
    node.conditions.push({ type: 'Accepted', status: 'False', reason, message });
    diags.add(d.routeNotAttached(spanAt(route.src, ['spec', 'parentRefs', index]), label, reason, message));
    return node;
  };
  // A Gateway parentRef selects its own listeners, a ListenerSet parentRef that ListenerSet's (Envoy Gateway's GetReferencedListeners).
  const selected = gw.listeners.filter(
    (l) => l.listenerSet === listenerSet && (ref.sectionName === undefined || l.name === ref.sectionName) && (ref.port === undefined || l.port === ref.port),
  );
  if (selected.length === 0) return reject('NoMatchingParent', 'No listeners match this parent ref');
  const allowed = selected.filter((l) => l.supportedKinds.includes(route.kind) && namespaceAllowed(l, route.namespace, lookup));
  if (allowed.length === 0) return reject('NotAllowedByListeners', 'No listeners included by this parent ref allowed this attachment.');
  for (const l of allowed) {
    const hostnames = route.hostnames === undefined ? [] : computeHosts(l.hostname, route.hostnames, siblingHosts(gw, l));
    if (route.hostnames !== undefined && hostnames.length === 0) continue;
    l.attachedRoutes++;
    node.attachments.push({ listener: l.irName, hostnames });
  }
  if (node.attachments.length === 0) {
    return reject('NoMatchingListenerHostname', `There were no hostname intersections between the ${route.kind} and this parent ref's Listener(s).`);
  }
  node.conditions.push(ACCEPTED);
  return node;
}

/**
 * The route's parentRefs that name a managed Gateway, each resolved to the listeners it attached to.
 * parentRefs to anything else are reported (Envoy Gateway ignores them silently; offline, a typo is likelier).
 */
export function attachRoute(
  route: RouteHead,
  gateways: Map<string, GatewayNode>,
  rejected: ReadonlySet<string>,
  lookup: Lookup,
  diags: Diagnostics,
): ParentNode[] {
  const label = `${route.kind} ${route.namespace}/${route.name}`;
  if (route.parentRefs.length === 0) {
    diags.add(d.routeWithoutParents(spanAt(route.src, ['spec']), label));
    return [];
  }
  const parents: ParentNode[] = [];
  route.parentRefs.forEach((ref, index) => {
    const kind = ref.kind ?? 'Gateway';
    const group = ref.group ?? GATEWAY_GROUP;
    const ns = ref.namespace ?? route.namespace;
    // Found only when reported: a position can cost a parse of the route's file (1-load's fast path).
    const at = () => spanAt(route.src, ['spec', 'parentRefs', index]);
    if (kind === 'ListenerSet' && group === GATEWAY_GROUP) {
      const key = `ListenerSet/${ns}/${ref.name}`;
      const owner = [...gateways.values()].find((g) => g.listeners.some((l) => l.listenerSet === key));
      // A ListenerSet its Gateway does not allow adds no listeners; Envoy Gateway skips such a parentRef.
      if (owner) parents.push(attachParent(route, index, ref, owner, key as ResourceKey, lookup, diags));
      else if (!rejected.has(key)) diags.add(d.listenerSetParentNotFound(at(), label, `${ns}/${ref.name}`));
      return;
    }
    if (kind !== 'Gateway' || group !== GATEWAY_GROUP) {
      diags.add(d.parentNotFound(at(), label, `${group}/${kind} ${ns}/${ref.name}`, ': envoyc attaches routes to Gateways and ListenerSets only'));
      return;
    }
    const gw = gateways.get(`${ns}/${ref.name}`);
    // A Gateway dropped for schema errors has its own error already; do not call it missing too.
    if (!gw && rejected.has(`Gateway/${ns}/${ref.name}`)) return;
    if (!gw) {
      diags.add(d.parentNotFound(at(), label, `Gateway ${ns}/${ref.name}`, didYouMean(`${ns}/${ref.name}`, gateways.keys())));
      return;
    }
    parents.push(attachParent(route, index, ref, gw, undefined, lookup, diags));
  });
  return parents;
}

/** The attachment view of any route kind. */
export function routeHead(
  route: Loaded<{ kind: RouteKind; metadata: { namespace: string; name: string }; spec: { parentRefs?: ParentReference[]; hostnames?: string[] } }>,
): RouteHead {
  const v = route.value;
  return {
    kind: v.kind,
    namespace: v.metadata.namespace,
    name: v.metadata.name,
    parentRefs: v.spec.parentRefs ?? [],
    hostnames: v.kind === 'TCPRoute' || v.kind === 'UDPRoute' ? undefined : (v.spec.hostnames ?? []),
    src: route.src,
  };
}
