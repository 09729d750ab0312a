import type { IrHttpFilter, IrRouteFilters } from '../../ir';
import { typed } from '../common';
import type { Any, Message } from '../envoy';
import { buildBandwidthLimitFilter, buildBandwidthLimitPerRoute } from './bandwidth-limit';
import { buildBufferFilter, buildBufferPerRoute } from './buffer';
import { buildCompressorFilter, buildCompressorPerRoute } from './compressor';
import { buildCustomResponseFilter, buildCustomResponsePerRoute } from './custom-response';
import { buildFaultFilter, buildFaultPerRoute } from './fault';
import { buildLocalRateLimitFilter, buildLocalRateLimitPerRoute } from './local-ratelimit';
import { buildRateLimitFilter, buildRateLimitPerRoute } from './ratelimit';
import { buildExtProcFilter } from './ext-proc';
import { buildFilterEnabled, buildLuaFilter, buildLuaPerRoute } from './lua';
import { buildWasmFilter } from './wasm';
import { buildSessionPersistenceFilter, buildSessionPersistencePerRoute } from './session-persistence';
import { buildCredentialInjectorFilter } from './credential-injector';
import { buildJwtAuthnFilter, buildJwtPerRoute } from './jwt-authn';
import { buildCorsFilter, buildCorsPolicy } from './cors';
import { buildCsrfFilter, buildCsrfPolicy } from './csrf';
import { buildLoopbackDenyPerRoute, buildRbacFilter, buildRbacPerRoute } from './rbac';
import { buildGeoipFilter } from './geoip';
import { buildExtAuthzFilter, buildExtAuthzPerRoute } from './ext-authz';
import { buildOAuth2Filter, buildOAuth2PerRoute } from './oauth2';
import { buildApiKeyAuthFilter, buildApiKeyAuthPerRoute, buildBasicAuthFilter, buildBasicAuthPerRoute } from './credentials';
import { buildHeaderMutationRules } from '../header-mutation';

/** `envoy.filters.http.health_check`: answers requests for `path` itself, without passing them on. */
function buildHealthCheckFilter(path: string): Any {
  return typed('envoy.extensions.filters.http.health_check.v3.HealthCheck', {
    pass_through_mode: false,
    headers: [{ name: ':path', string_match: { exact: path } }],
  });
}

function filterConfig(f: IrHttpFilter): Any {
  switch (f.type) {
    case 'customResponse':
      return buildCustomResponseFilter(f.rules);
    case 'fault':
      return buildFaultFilter();
    case 'buffer':
      return buildBufferFilter(f.maxRequestBytes);
    case 'localRateLimit':
      return buildLocalRateLimitFilter();
    case 'rateLimit':
      return buildRateLimitFilter(f);
    case 'bandwidthLimit':
      return buildBandwidthLimitFilter();
    case 'grpcWeb':
      return typed('envoy.extensions.filters.http.grpc_web.v3.GrpcWeb');
    case 'grpcStats':
      return typed('envoy.extensions.filters.http.grpc_stats.v3.FilterConfig', { emit_filter_state: true, stats_for_all_methods: true });
    case 'compressor':
      return buildCompressorFilter(f);
    case 'lua':
      return buildLuaFilter(f.lua);
    case 'extProc':
      return buildExtProcFilter(f.extProc);
    case 'wasm':
      return buildWasmFilter(f.wasm);
    case 'cors':
      return buildCorsFilter();
    case 'csrf':
      return buildCsrfFilter();
    case 'basicAuth':
      return buildBasicAuthFilter(f.basicAuth);
    case 'apiKeyAuth':
      return buildApiKeyAuthFilter(f.apiKeyAuth);
    case 'extAuthz':
      return buildExtAuthzFilter(f.extAuth);
    case 'oauth2':
      return buildOAuth2Filter();
    case 'rbac':
      return buildRbacFilter();
    case 'dfpLoopbackRbac':
      return buildRbacFilter();
    case 'geoip':
      return buildGeoipFilter(f.geoIp);
    case 'jwtAuthn':
      return buildJwtAuthnFilter(f.providers, f.requirements);
    case 'healthCheck':
      return buildHealthCheckFilter(f.path);
    case 'sessionPersistence':
      return buildSessionPersistenceFilter(f.session);
    case 'credentialInjector':
      return buildCredentialInjectorFilter(f);
    case 'headerMutation':
      return typed('envoy.extensions.filters.http.header_mutation.v3.HeaderMutation', {
        mutations: { response_mutations: buildHeaderMutationRules(f.response) },
      });
  }
}

/** `envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter`. */
export function buildHttpFilter(f: IrHttpFilter): Message {
  return { name: f.name, typed_config: filterConfig(f), ...(f.disabled ? { disabled: true } : {}) };
}

/** `Route.typed_per_filter_config`: each filter the route switches on, by filter name. */
export function buildTypedPerFilterConfig(f: IrRouteFilters): Record<string, Any> {
  const out: Record<string, Any> = {};
  if (f.customResponse) out[f.customResponse.filterName] = buildCustomResponsePerRoute();
  if (f.cors) out['envoy.filters.http.cors'] = buildCorsPolicy(f.cors);
  if (f.csrf) out['envoy.filters.http.csrf'] = buildCsrfPolicy(f.csrf);
  if (f.apiKeyAuth) out['envoy.filters.http.api_key_auth'] = buildApiKeyAuthPerRoute(f.apiKeyAuth);
  if (f.basicAuth) out[`envoy.filters.http.basic_auth/${f.basicAuth.name}`] = buildBasicAuthPerRoute(f.basicAuth);
  if (f.extAuth) out[`envoy.filters.http.ext_authz/${f.extAuth.name}`] = buildExtAuthzPerRoute(f.extAuth);
  if (f.oidc) out['envoy.filters.http.oauth2'] = buildOAuth2PerRoute(f.oidc);
  if (f.authorization) out['envoy.filters.http.rbac'] = buildRbacPerRoute(f.authorization);
  if (f.dfpLoopbackDeny) out['envoy.filters.http.rbac.dfp_loopback_deny'] = buildLoopbackDenyPerRoute(f.dfpLoopbackDeny.header);
  if (f.jwt) out['envoy.filters.http.jwt_authn'] = buildJwtPerRoute(f.jwt);
  if (f.fault) out['envoy.filters.http.fault'] = buildFaultPerRoute(f.fault);
  if (f.sessionPersistence) out['envoy.filters.http.stateful_session'] = buildSessionPersistencePerRoute(f.sessionPersistence);
  if (f.buffer) out['envoy.filters.http.buffer'] = buildBufferPerRoute(f.buffer.maxRequestBytes);
  if (f.localRateLimit) out['envoy.filters.http.local_ratelimit'] = buildLocalRateLimitPerRoute(f.localRateLimit);
  for (const r of f.rateLimits ?? []) out[r.filterName] = buildRateLimitPerRoute(r);
  for (const b of f.bandwidthLimits ?? []) out[`envoy.filters.http.bandwidth_limit/${b.direction}`] = buildBandwidthLimitPerRoute(b);
  for (const c of f.compressors ?? []) out[`envoy.filters.http.compressor.${c.library}`] = buildCompressorPerRoute();
  // Extension filters are enabled by an empty FilterConfig (a Lua filter context replaces it).
  for (const l of f.extensions?.luas ?? []) out[`envoy.filters.http.lua/${l.name}`] = buildLuaPerRoute(l);
  for (const e of f.extensions?.extProcs ?? []) out[`envoy.filters.http.ext_proc/${e.name}`] = buildFilterEnabled();
  for (const w of f.extensions?.wasms ?? []) out[`envoy.filters.http.wasm/${w.name}`] = buildFilterEnabled();
  if (f.credentialInjector) out[f.credentialInjector.filterName] = buildFilterEnabled();
  return out;
}
