import type { LoadBalancer } from '../../api/backendtrafficpolicy';
import type { IrHashPolicy } from '../../ir';
import { parseDuration } from '../../units/duration';

/**
 * BTP `loadBalancer.consistentHash` → `RouteAction.hash_policy[]` (§4.1). Only ConsistentHash
 * hashes; the deprecated single `header` is read as a one-item `headers` list. Cookie attributes
 * are sorted by name (Envoy Gateway iterates a Go map, so its order is not stable).
 */
export function lowerHashPolicies(lb: LoadBalancer | undefined): IrHashPolicy[] {
  const ch = lb?.type === 'ConsistentHash' ? lb.consistentHash : undefined;
  if (!ch) return [];
  switch (ch.type) {
    case 'SourceIP':
      return [{ type: 'sourceIp' }];
    case 'Header':
      return ch.header ? [{ type: 'header', name: ch.header.name }] : [];
    case 'Headers':
      return (ch.headers ?? []).map((h) => ({ type: 'header', name: h.name }));
    case 'QueryParams':
      return (ch.queryParams ?? []).map((q) => ({ type: 'queryParameter', name: q.name }));
    case 'Cookie': {
      if (!ch.cookie) return [];
      const attributes = Object.entries(ch.cookie.attributes ?? {})
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => ({ name, value }));
      return [{ type: 'cookie', name: ch.cookie.name, ...(ch.cookie.ttl !== undefined ? { ttlMs: parseDuration(ch.cookie.ttl) } : {}), attributes }];
    }
  }
}
