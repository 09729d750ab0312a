// CORS from either source, as Envoy Gateway builds `ir.CORS` from an HTTPRoute CORS filter
// (`processCORSFilter`) and from a SecurityPolicy (`buildCORS`): one shape, one Envoy builder.
import type { HTTPRouteFilter } from '../api/routes';
import type { SecurityPolicySpecCors } from '../api/generated/securitypolicy';
import type { IrCors } from '../ir';
import { parseDuration } from '../units/duration';
import { quoteMeta } from '../regex';

/** An origin as Envoy matches it: exact, or with each `*` any run of characters (`wildcard2regex`). */
export function originMatch(origin: string): IrCors['allowOrigins'][number] {
  return origin.includes('*') ? { regex: quoteMeta(origin).replaceAll('\\*', '.*') } : { exact: origin };
}

/** The settings of an HTTPRoute `CORS` filter (maxAge in seconds, the CRD's default 5). */
export function routeFilterCors(f: NonNullable<HTTPRouteFilter['cors']>): IrCors {
  return {
    allowOrigins: (f.allowOrigins ?? []).map(originMatch),
    allowMethods: f.allowMethods ?? [],
    allowHeaders: f.allowHeaders ?? [],
    exposeHeaders: f.exposeHeaders ?? [],
    maxAgeSeconds: f.maxAge,
    allowCredentials: f.allowCredentials ?? false,
    source: 'HTTPRoute',
  };
}

/** The settings of a SecurityPolicy's `cors` (maxAge a duration, left out when unset). */
export function securityPolicyCors(c: SecurityPolicySpecCors): IrCors {
  return {
    allowOrigins: (c.allowOrigins ?? []).map(originMatch),
    allowMethods: c.allowMethods ?? [],
    allowHeaders: c.allowHeaders ?? [],
    exposeHeaders: c.exposeHeaders ?? [],
    ...(c.maxAge !== undefined ? { maxAgeSeconds: Math.floor(parseDuration(c.maxAge) / 1000) } : {}),
    allowCredentials: c.allowCredentials ?? false,
    source: 'SecurityPolicy',
  };
}
