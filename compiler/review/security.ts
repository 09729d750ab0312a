/**
 * What protects a route in a bootstrap: the security filters its `typed_per_filter_config`
 * switches on (SecurityPolicy's and the HTTPRoute CORS filter's). `explain` prints it; `diff` makes a
 * route that lost any of them stand out.
 */
import type { Json } from './bootstrap-view';

/** Per-route filter (name, or name before `/<instance>`) → what it checks. CORS is listed but does not protect; CSRF refuses cross-site writes, so losing it counts. */
const SECURITY_FILTERS: readonly (readonly [filter: string, feature: string, authenticates: boolean])[] = [
  ['envoy.filters.http.ext_authz', 'ext auth', true],
  ['envoy.filters.http.api_key_auth', 'API key', true],
  ['envoy.filters.http.basic_auth', 'basic auth', true],
  ['envoy.filters.http.oauth2', 'OIDC', true],
  ['envoy.filters.http.jwt_authn', 'JWT', true],
  ['envoy.filters.http.rbac', 'authorization', true],
  ['envoy.filters.http.cors', 'CORS', false],
  ['envoy.filters.http.csrf', 'CSRF', true],
];

function featureOf(key: string): (typeof SECURITY_FILTERS)[number] | undefined {
  return SECURITY_FILTERS.find(([f]) => key === f || key.startsWith(`${f}/`));
}

/** The security features a route has, in Envoy Gateway's filter order; with the filter key each comes from. */
export function securityFeatures(route: Json): { feature: string; filter: string; authenticates: boolean }[] {
  const keys = Object.keys(route.typed_per_filter_config ?? {});
  return SECURITY_FILTERS.flatMap(([, feature, authenticates]) => {
    const filter = keys.find((k) => featureOf(k)?.[1] === feature);
    return filter ? [{ feature, filter, authenticates }] : [];
  });
}

/** The authentication and authorization a route had and no longer has, unless it now answers itself (a direct response). */
export function lostProtection(before: Json, after: Json): string[] {
  if (after.direct_response) return [];
  const now = new Set(securityFeatures(after).map((f) => f.feature));
  return securityFeatures(before)
    .filter((f) => f.authenticates && !now.has(f.feature))
    .map((f) => f.feature);
}
