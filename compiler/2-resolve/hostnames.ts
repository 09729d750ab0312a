/** True when `host` is matched by the wildcard `*.suffix` (any non-empty prefix, several labels allowed). */
function wildcardCovers(wildcard: string, host: string): boolean {
  const suffix = wildcard.slice(1); // ".example.com"
  return host.length > suffix.length && host.endsWith(suffix);
}

/** The hostname both a listener hostname and a route hostname accept, if any (Gateway API rules). */
function intersect(listener: string, route: string): string | undefined {
  if (listener === route) return route;
  const lw = listener.startsWith('*.');
  const rw = route.startsWith('*.');
  if (lw && !rw) return wildcardCovers(listener, route) ? route : undefined;
  if (!lw && rw) return wildcardCovers(route, listener) ? listener : undefined;
  if (lw && rw) {
    if (wildcardCovers(listener, route.slice(2)) || route === listener) return route;
    if (wildcardCovers(route, listener.slice(2))) return listener;
  }
  return undefined;
}

/**
 * Envoy Gateway's `computeHosts`: the hostnames a route serves on a listener, sorted, minus any
 * hostname that another listener on the same port claims exactly (that listener owns it). A route
 * without hostnames takes the listener's hostname (or `*`) as it is: Envoy Gateway returns early there.
 */
export function computeHosts(listenerHost: string | undefined, routeHosts: readonly string[], siblingHosts: readonly string[]): string[] {
  if (routeHosts.length === 0) return [listenerHost ?? '*'];
  let hosts: string[];
  if (listenerHost === undefined) hosts = [...routeHosts];
  else {
    hosts = [];
    for (const r of routeHosts) {
      const h = intersect(listenerHost, r);
      if (h !== undefined) hosts.push(h);
    }
  }
  const owned = new Set(siblingHosts);
  return [...new Set(hosts)].filter((h) => !owned.has(h)).sort();
}
