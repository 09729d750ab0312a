import type { IrJwtProvider, IrJwtRequirement, IrKeyedJwtProvider, IrRouteJwt } from '../../ir';
import { duration, typed } from '../common';
import { buildServiceRetryPolicy } from '../service-retry';
import type { Any, Message } from '../envoy';

/** `JwtProvider.remote_jwks` / `local_jwks`. */
function buildJwksSource(j: IrJwtProvider['jwks']): Message {
  if (j.type === 'local') return { local_jwks: { inline_string: j.inline } };
  return {
    remote_jwks: {
      http_uri: { uri: j.uri, cluster: j.cluster, timeout: duration(j.timeoutMs) },
      ...(j.cacheDurationMs !== undefined ? { cache_duration: duration(j.cacheDurationMs) } : {}),
      async_fetch: j.failedRefetchDurationMs !== undefined ? { failed_refetch_duration: duration(j.failedRefetchDurationMs) } : {},
      ...(j.retry ? { retry_policy: buildServiceRetryPolicy(j.retry) } : {}),
    },
  };
}

/** `envoy.extensions.filters.http.jwt_authn.v3.JwtProvider`: the token forwarded, its payload in metadata under the provider's name, scopes split for authorization. */
export function buildJwtProvider(p: IrJwtProvider): Message {
  const from = p.extractFrom;
  return {
    ...(p.issuer !== undefined ? { issuer: p.issuer } : {}),
    ...(p.audiences ? { audiences: p.audiences } : {}),
    ...buildJwksSource(p.jwks),
    forward: true,
    ...(from?.headers.length ? { from_headers: from.headers.map((h) => ({ name: h.name, ...(h.valuePrefix ? { value_prefix: h.valuePrefix } : {}) })) } : {}),
    ...(from?.params ? { from_params: from.params } : {}),
    ...(from?.cookies ? { from_cookies: from.cookies } : {}),
    payload_in_metadata: p.name,
    ...(p.claimToHeaders.length ? { claim_to_headers: p.claimToHeaders.map((c) => ({ header_name: c.header, claim_name: c.claim })) } : {}),
    ...(p.recomputeRoute ? { clear_route_cache: true } : {}),
    normalize_payload_in_metadata: { space_delimited_claims: ['scope', 'scp'] },
  };
}

/** `JwtRequirement`: the one provider, or any of them (and a missing or failed token, when allowed). */
export function buildJwtRequirement(r: IrJwtRequirement): Message {
  const reqs: Message[] = r.providers.map((provider_name) => ({ provider_name }));
  if (r.allow === 'missingOrFailed') reqs.push({ allow_missing_or_failed: {} });
  if (r.allow === 'missing') reqs.push({ allow_missing: {} });
  return reqs.length === 1 ? reqs[0]! : { requires_any: { requirements: reqs } };
}

/** `envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication`: providers and named requirements, no rules (routes pick a requirement). */
export function buildJwtAuthnFilter(providers: IrKeyedJwtProvider[], requirements: IrJwtRequirement[]): Any {
  return typed('envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication', {
    providers: Object.fromEntries(providers.map((p) => [p.key, buildJwtProvider(p.provider)])),
    requirement_map: Object.fromEntries(requirements.map((r) => [r.name, buildJwtRequirement(r)])),
  });
}

/** Per route: `PerRouteConfig.requirement_name`. */
export function buildJwtPerRoute(jwt: IrRouteJwt): Any {
  return typed('envoy.extensions.filters.http.jwt_authn.v3.PerRouteConfig', { requirement_name: jwt.requirement.name });
}
