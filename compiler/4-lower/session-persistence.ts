// HTTPRoute `sessionPersistence` as Envoy Gateway translates it (internal/gatewayapi/route.go
// processHTTPRouteRule, internal/xds/translator/session_persistence.go).
import type { HTTPRouteRule } from '../api/routes';
import type { IrSessionPersistence } from '../ir';
import { parseDuration } from '../units/duration';
import type { SortableMatch } from './matches';

/**
 * The cookie's path: the match's path as written, a regex's longest prefix of path segments without
 * `*` (GEP-1619), `/` without a path match.
 */
function cookiePath(m: SortableMatch): string {
  if (m.prefix !== undefined) return m.prefix;
  if (m.match.path !== undefined) return m.match.path;
  if (m.match.regex === undefined) return '/';
  const parts = m.match.regex.split('/');
  const cut = parts.findIndex((p) => p.includes('*'));
  return (cut < 0 ? parts : parts.slice(0, cut)).join('/');
}

/**
 * One route entry's session persistence. Without `sessionName` Envoy Gateway names it after the rule
 * (`httproute-<ns>-<name>-rule-<i>`); a cookie gets a TTL only when it is Permanent with an `absoluteTimeout`.
 */
export function lowerSessionPersistence(rule: HTTPRouteRule | undefined, destination: string, m: SortableMatch): IrSessionPersistence | undefined {
  const sp = rule?.sessionPersistence;
  if (!sp) return undefined;
  const name = sp.sessionName ?? destination.replaceAll('/', '-');
  if (sp.type === 'Header') return { type: 'header', name };
  const permanent = sp.cookieConfig?.lifetimeType === 'Permanent' && sp.absoluteTimeout !== undefined;
  return { type: 'cookie', name, path: cookiePath(m), ...(permanent ? { ttlMs: parseDuration(sp.absoluteTimeout!) } : {}) };
}
