// HTTP filters a BackendTrafficPolicy adds to a listener's HCM, and their per-route configs.
// Reference: spec/btp-fields.md §4.9–§4.16 and §6 (Envoy Gateway's filter order).
import type { IrExtProc, IrEnvoyExtensions, IrLua, IrWasm } from './extensions';
import type { IrHeaderEdits } from './client';
import type {
  IrApiKeyAuth,
  IrAuthorization,
  IrBasicAuth,
  IrCors,
  IrCsrf,
  IrExtAuth,
  IrGeoIp,
  IrOidc,
  IrJwtRequirement,
  IrKeyedJwtProvider,
  IrRouteJwt,
} from './security';
import type { IrHeaderValue, IrStringMatch } from './route';

/** `envoy.type.v3.FractionalPercent` (denominator as Envoy's enum name). */
export interface IrFractionalPercent {
  numerator: number;
  denominator: 'HUNDRED' | 'TEN_THOUSAND' | 'MILLION';
}

// ---- rate limits (shared by local and global) ----------------------------------------------

/** A header matcher of a rate-limit action (`envoy.config.route.v3.HeaderMatcher`). */
export interface IrRateLimitHeaderMatch {
  name: string;
  /** `string_match` (Exact/RegularExpression) or, for PathPrefix on `:path`, `prefix`. */
  match: IrStringMatch | { type: 'Prefix'; value: string };
}

/** One `envoy.config.route.v3.RateLimit.Action`. */
export type IrRateLimitAction =
  | { type: 'genericKey'; key: string; value: string }
  | { type: 'headerValueMatch'; key: string; value: string; expectMatch: boolean; headers: IrRateLimitHeaderMatch[] }
  | { type: 'requestHeaders'; headerName: string; key: string }
  | { type: 'queryParameterValueMatch'; key: string; value: string; expectMatch: boolean; name: string; match: IrStringMatch }
  | { type: 'queryParameters'; name: string; key: string }
  /**
   * `remote_address_match`: the client address in (or, inverted, outside) a CIDR. `distinct`: the
   * per-client entry (value `%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%`), whose descriptor has no value.
   */
  | { type: 'remoteAddressMatch'; key: string; value: string; prefix: string; prefixLen: number; invert: boolean; distinct: boolean };

/** `envoy.config.route.v3.RateLimit`. */
export interface IrRateLimit {
  actions: IrRateLimitAction[];
  /** `x_ratelimit_option`: from the rule's `xRateLimitHeaders` (unset = inherit). */
  xRateLimitOption?: 'OFF' | 'DRAFT_VERSION_03';
  /** `limit.dynamic_metadata.metadata_key` (global `limit.fromMetadata`). */
  limitFromMetadata?: { namespace: string; key: string };
  /** `hits_addend`: a number, or a `%DYNAMIC_METADATA(ns:key)%` format. */
  hitsAddend?: { number: number } | { format: string };
  /** `apply_on_stream_done` (global `cost.response`). */
  applyOnStreamDone?: boolean;
}

/** `envoy.type.v3.TokenBucket`; `fillIntervalMs` from the limit unit. */
export interface IrTokenBucket {
  maxTokens: number;
  tokensPerFill: number;
  fillIntervalMs: number;
}

/** `envoy.extensions.common.ratelimit.v3.LocalRateLimitDescriptor`. */
export interface IrLocalRateLimitDescriptor {
  /** `entries[]`: `value` absent for Distinct entries. */
  entries: { key: string; value?: string }[];
  tokenBucket: IrTokenBucket;
  shadowMode: boolean;
}

/** Per-route `envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit` (§4.9 Local). */
export interface IrLocalRateLimit {
  /** From the rule without selectors; else 4294967295 per second (unlimited). */
  tokenBucket: IrTokenBucket;
  /** `enable_x_ratelimit_headers`. */
  xRateLimitHeaders: 'OFF' | 'DRAFT_VERSION_03';
  descriptors: IrLocalRateLimitDescriptor[];
  rateLimits: IrRateLimit[];
}

/** Per-route `envoy.extensions.filters.http.ratelimit.v3.RateLimitPerRoute` for one ratelimit filter. */
export interface IrRateLimitPerRoute {
  /** `envoy.filters.http.ratelimit` or `envoy.filters.http.ratelimit/<ns>/<policy>` (shared rules). */
  filterName: string;
  domain: string;
  rateLimits: IrRateLimit[];
  /** What the rate limit service must know for these limits (not part of the bootstrap). */
  descriptors: IrRlsDescriptor[];
}

// ---- the rate limit service's descriptor config (envoyproxy/ratelimit YAML) ----------------

/** One descriptor of the rate limit service config, nested in action order. */
export interface IrRlsDescriptor {
  key: string;
  value?: string;
  rateLimit?: { requestsPerUnit: number; unit: 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'YEAR' };
  shadowMode?: boolean;
  descriptors?: IrRlsDescriptor[];
}

/** The descriptors of one rate-limit domain (a listener, or a policy's shared rules). */
export interface IrRlsDomain {
  domain: string;
  descriptors: IrRlsDescriptor[];
}

// ---- the other filters -----------------------------------------------------------------------

/** Per-route `envoy.extensions.filters.http.fault.v3.HTTPFault` (§4.11). */
export interface IrFault {
  delay?: { fixedDelayMs: number; percentage: IrFractionalPercent };
  abort?: { httpStatus?: number; grpcStatus?: number; percentage: IrFractionalPercent };
}

/** Per-route `BandwidthLimit` of `envoy.filters.http.bandwidth_limit/<direction>` (§4.10). */
export interface IrBandwidthLimit {
  direction: 'request' | 'response';
  /** `limit_kbps` (KiB/s, ≥1). */
  limitKbps: number;
  /** Response only: `enable_response_trailers` with an optional `response_trailer_prefix`. */
  trailers?: { prefix?: string };
}

/** One compressor a route enables (§4.13); the HCM filter's settings come from the first route. */
export interface IrCompressor {
  library: 'gzip' | 'brotli' | 'zstd';
  chooseFirst: boolean;
  /** `min_content_length` bytes; undefined = Envoy's 30. */
  minContentLength?: number;
}

/** A `responseOverride[]` item's match as predicates ANDed together (§4.16). */
export interface IrResponseOverrideMatch {
  /** ORed; each a status code or an inclusive range. */
  statusCodes: ({ value: number } | { start: number; end: number })[];
  headers: { name: string; match: IrStringMatch | { type: 'Prefix'; value: string } }[];
  /** `true` = only local replies, `false` = only upstream responses; undefined = both. */
  localReply?: boolean;
}

/** What a matching response becomes. */
export type IrResponseOverrideAction =
  | { type: 'local'; statusCode?: number; body?: string; headers: IrHeaderValue[] }
  | { type: 'redirect'; scheme?: string; hostname?: string; path?: string; port?: number; statusCode: number };

export interface IrResponseOverrideRule {
  /** `backendtrafficpolicy/<ns>/<name>/responseoverride/rule/<i>`. */
  name: string;
  match: IrResponseOverrideMatch;
  action: IrResponseOverrideAction;
}

/** The filter settings one route enables: its `typed_per_filter_config`. */
/**
 * HTTPRoute `sessionPersistence` (the stateful_session filter): a cookie with the route's path and,
 * for a Permanent cookie with an `absoluteTimeout`, a TTL; or a header.
 */
export type IrSessionPersistence = { type: 'cookie'; name: string; path: string; ttlMs?: number } | { type: 'header'; name: string };

export interface IrRouteFilters {
  /**
   * A dynamic resolver route's guard (`envoy.filters.http.rbac.dfp_loopback_deny`): requests whose
   * `header` (`:authority`, or the header the host is rewritten from) names a loopback host are denied.
   */
  dfpLoopbackDeny?: { header: string };
  /**
   * `envoy.filters.http.custom_response/backendtrafficpolicy/<ns>/<name>`, enabled by an empty
   * `FilterConfig`; `rules` configure the HCM filter (from the first route that uses it).
   */
  customResponse?: { filterName: string; rules: IrResponseOverrideRule[] };
  fault?: IrFault;
  /** `BufferPerRoute.buffer.max_request_bytes`. */
  buffer?: { maxRequestBytes: number };
  localRateLimit?: IrLocalRateLimit;
  rateLimits?: IrRateLimitPerRoute[];
  bandwidthLimits?: IrBandwidthLimit[];
  compressors?: IrCompressor[];
  /** EnvoyExtensionPolicy: Lua, ext_proc and Wasm filters this route enables. */
  extensions?: IrEnvoyExtensions;
  /** The HTTPRoute CORS filter's settings, else the SecurityPolicy's `cors` (Envoy Gateway's precedence). */
  cors?: IrCors;
  /** SecurityPolicy `csrf`: the route's `CsrfPolicy`. */
  csrf?: IrCsrf;
  /** SecurityPolicy `basicAuth`: `BasicAuthPerRoute` for its filter. */
  basicAuth?: IrBasicAuth;
  /** SecurityPolicy `apiKeyAuth`: `ApiKeyAuthPerRoute`. */
  apiKeyAuth?: IrApiKeyAuth;
  /** SecurityPolicy `extAuth`: `ExtAuthzPerRoute` for its filter. */
  extAuth?: IrExtAuth;
  /** SecurityPolicy `oidc`: `OAuth2PerRoute`. */
  oidc?: IrOidc;
  /** SecurityPolicy `authorization`: `RBACPerRoute`. */
  authorization?: IrAuthorization;
  /** SecurityPolicy `jwt`: the requirement this route selects (`PerRouteConfig.requirement_name`). */
  jwt?: IrRouteJwt;
  /** HTTPRoute `sessionPersistence`: this route's stateful session. */
  sessionPersistence?: IrSessionPersistence;
  /** An HTTPRouteFilter's `credentialInjection`: its `envoy.filters.http.credential_injector/<name>` filter, switched on here. */
  credentialInjector?: IrCredentialInjector;
}

/** `envoy.extensions.filters.http.credential_injector.v3.CredentialInjector` with a generic credential. */
export interface IrCredentialInjector {
  /** `envoy.filters.http.credential_injector/httproutefilter/<ns>/<name>`. */
  filterName: string;
  /** The static generic secret holding the credential (`credential_injector/credential/httproutefilter/<ns>/<name>`). */
  secretName: string;
  /** `header`; unset: Envoy's default, Authorization. */
  header?: string;
  /** `overwrite`: replace a header the request already has (Envoy's default: keep it). */
  overwrite?: boolean;
}

/** What a ClientTrafficPolicy's `headers` change in the global rate limit filter's own headers. */
export interface IrRateLimitHeaders {
  /** Keep `x-envoy-ratelimited` (enableEnvoyHeaders). */
  envoyRatelimited: boolean;
  /** Send no `x-ratelimit-*` headers (disableRateLimitHeaders). */
  disableXRateLimit: boolean;
}

/**
 * One HTTP filter of an HCM, before the router. Envoy Gateway adds a policy's filter only to
 * listeners with a route that uses it; `disabled` ones are switched on per route.
 */
export type IrHttpFilter = { name: string; disabled: boolean } & (
  | { type: 'customResponse'; rules: IrResponseOverrideRule[] }
  | { type: 'fault' }
  | { type: 'buffer'; maxRequestBytes: number }
  | { type: 'localRateLimit' }
  | { type: 'rateLimit'; domain: string; cluster: string; headers?: IrRateLimitHeaders }
  /** `envoy.filters.http.health_check`: answers the path itself (ClientTrafficPolicy `healthCheck`). */
  | { type: 'healthCheck'; path: string }
  /** `envoy.filters.http.header_mutation`: the listener's late response headers (ClientTrafficPolicy). */
  | { type: 'headerMutation'; response: IrHeaderEdits }
  | { type: 'bandwidthLimit'; direction: 'request' | 'response' }
  | { type: 'grpcWeb' }
  | { type: 'grpcStats' }
  | ({ type: 'compressor' } & IrCompressor)
  /** EnvoyExtensionPolicy filters; `index` is the extension's index in its policy (Envoy Gateway orders by it). */
  | { type: 'lua'; index: number; lua: IrLua }
  | { type: 'extProc'; index: number; extProc: IrExtProc }
  | { type: 'wasm'; index: number; wasm: IrWasm }
  /** `envoy.filters.http.stateful_session`, configured as the first route that uses it (each route overrides it). */
  | { type: 'sessionPersistence'; session: IrSessionPersistence }
  | ({ type: 'credentialInjector' } & Omit<IrCredentialInjector, 'filterName'>)
  /** `envoy.filters.http.cors`: enabled with an empty config; each route's CorsPolicy decides. */
  | { type: 'cors' }
  /** `envoy.filters.http.csrf`: enforcing nothing on the listener; each route's CsrfPolicy decides. */
  | { type: 'csrf' }
  /** `envoy.filters.http.basic_auth/<policy>`: one per policy, disabled; routes enable theirs. */
  | { type: 'basicAuth'; basicAuth: IrBasicAuth }
  /** `envoy.filters.http.api_key_auth`: the first route's config, disabled; each route carries its own. */
  | { type: 'apiKeyAuth'; apiKeyAuth: IrApiKeyAuth }
  /** `envoy.filters.http.ext_authz/<policy>`: one per policy, disabled; routes enable theirs. */
  | { type: 'extAuthz'; extAuth: IrExtAuth }
  /** `envoy.filters.http.oauth2`: empty; each route's `OAuth2PerRoute` configures it. */
  | { type: 'oauth2' }
  /** `envoy.filters.http.rbac`: empty (allows all); each route's `RBACPerRoute` decides. */
  | { type: 'rbac' }
  /** `envoy.filters.http.rbac.dfp_loopback_deny`: empty (allows all); dynamic resolver routes carry the loopback guard. */
  | { type: 'dfpLoopbackRbac' }
  /** `envoy.filters.http.geoip`: the location fields the HCM's authorization rules match on. */
  | { type: 'geoip'; geoIp: IrGeoIp }
  /** `envoy.filters.http.jwt_authn`: every provider and requirement of the HCM's routes, keys sorted; enabled, without rules (routes select a requirement). */
  | { type: 'jwtAuthn'; providers: IrKeyedJwtProvider[]; requirements: IrJwtRequirement[] }
);
