import type { IrCors } from '../../ir';
import { typed } from '../common';
import type { Any } from '../envoy';

/** `envoy.extensions.filters.http.cors.v3.Cors`: empty; each route's CorsPolicy configures it. */
export function buildCorsFilter(): Any {
  return typed('envoy.extensions.filters.http.cors.v3.Cors');
}

/** Envoy reads a lone `*` as "any"; in a list (`*, GET`) it is a literal, so a `*` anywhere becomes just `*` (Envoy Gateway). */
const joined = (values: string[]) => (values.includes('*') ? '*' : values.join(', '));

/** Per route: `envoy.extensions.filters.http.cors.v3.CorsPolicy`; a preflight that does not match is answered, not forwarded. */
export function buildCorsPolicy(c: IrCors): Any {
  const methods = joined(c.allowMethods);
  const headers = joined(c.allowHeaders);
  return typed('envoy.extensions.filters.http.cors.v3.CorsPolicy', {
    ...(c.allowOrigins.length
      ? { allow_origin_string_match: c.allowOrigins.map((o) => ('exact' in o ? { exact: o.exact } : { safe_regex: { regex: o.regex } })) }
      : {}),
    ...(methods ? { allow_methods: methods } : {}),
    ...(headers ? { allow_headers: headers } : {}),
    ...(c.exposeHeaders.length ? { expose_headers: c.exposeHeaders.join(', ') } : {}),
    ...(c.maxAgeSeconds !== undefined ? { max_age: String(c.maxAgeSeconds) } : {}),
    allow_credentials: c.allowCredentials,
    forward_not_matching_preflights: false,
  });
}
