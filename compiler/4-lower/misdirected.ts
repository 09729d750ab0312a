// HTTPS listeners on one port: a request whose Host another listener serves gets 421 (Misdirected
// Request), as the Gateway API asks (Listener.hostname; conformance test
// HTTPRouteHTTPSListenerDetectMisdirectedRequests). Envoy Gateway v1.9 does not implement this
// (it skips that conformance feature): its Envoy answers 404 there. README says so.
import type { ListenerNode } from '../2-resolve/types';
import type { IrRoute, IrVirtualHost } from '../ir';
import type { Placed } from './listeners';

/** The status the Gateway API asks for. */
const MISDIRECTED_REQUEST = 421;

/** How specifically a listener hostname covers `host` (which may be a `*.` wildcard), or -1 when it does not. */
function specificity(listenerHost: string | undefined, host: string): number {
  if (listenerHost === undefined) return 0;
  if (listenerHost === host) return Number.MAX_SAFE_INTEGER;
  if (!listenerHost.startsWith('*.')) return -1;
  const suffix = listenerHost.slice(1);
  const rest = host.startsWith('*.') ? host.slice(1) : host;
  return rest.length > suffix.length && rest.endsWith(suffix) ? suffix.length : -1;
}

/**
 * The listener whose SNI `host` selects among `listeners` (Envoy's server_names rules: exact,
 * then the longest wildcard, then the listener without hostname), if any.
 */
function selectedBy(host: string, listeners: Placed[]): Placed | undefined {
  let best: Placed | undefined;
  let score = -1;
  for (const p of listeners) {
    const s = specificity(p.listener.hostname, host);
    if (s > score) [best, score] = [p, s];
  }
  return best;
}

function misdirectedHost(own: ListenerNode, domain: string, other: Placed): IrVirtualHost {
  const name = `${own.irName}/misdirected/${domain.replaceAll('.', '_')}`;
  const { namespace, name: gwName } = other.gateway.loaded.value.metadata;
  const ref = { kind: 'Gateway', namespace, name: gwName, sectionName: other.listener.name };
  const route: IrRoute = {
    name,
    match: { prefix: '/', headers: [], queryParams: [] },
    action: { type: 'direct', status: MISDIRECTED_REQUEST },
    resources: [ref],
    origin: [{ key: other.gateway.key }],
  };
  return { name, domains: [domain], routes: [route], resources: [ref] };
}

/**
 * The virtual hosts of HTTPS listener `own`, with 421 for every Host that SNI would have sent to
 * another HTTPS listener on the port: that listener's hostname (`*` for one without hostname),
 * and any of `own`'s route hostnames that another listener matches more specifically.
 */
export function withMisdirected(own: Placed, virtualHosts: IrVirtualHost[], https: Placed[]): IrVirtualHost[] {
  const others = https.filter((p) => p !== own);
  if (others.length === 0) return virtualHosts;
  const out: IrVirtualHost[] = [];
  const domains = new Set<string>();
  for (const vh of virtualHosts) {
    const domain = vh.domains[0]!;
    const owner = selectedBy(domain, https);
    out.push(owner && owner !== own ? misdirectedHost(own.listener, domain, owner) : vh);
    domains.add(domain);
  }
  for (const other of others) {
    const domain = other.listener.hostname ?? '*';
    if (domains.has(domain) || selectedBy(domain, https) !== other) continue;
    domains.add(domain);
    out.push(misdirectedHost(own.listener, domain, other));
  }
  return out;
}
