import type { IrFractionalPercent } from './http-filters';
import type { IrSecretData } from './secret';

// What a SecurityPolicy adds to a route (Envoy Gateway's `ir.SecurityFeatures`): the JWT
// requirement its routes select in the listener's one jwt_authn filter.

/** Where a provider reads its JWKS. */
export type IrJwks =
  /** `local_jwks.inline_string`: the key set itself (public keys). */
  | { type: 'local'; inline: string }
  /**
   * `remote_jwks`: fetched by Envoy from `uri` through `cluster` (`<host>_<port>` for a URI, or the
   * policy's own `securitypolicy/<ns>/<name>/jwt/<i>` for backendRefs), asynchronously.
   */
  | { type: 'remote'; uri: string; cluster: string; timeoutMs: number; cacheDurationMs?: number; failedRefetchDurationMs?: number; retry?: IrServiceRetry };

/** One `envoy.extensions.filters.http.jwt_authn.v3.JwtProvider`. */
export interface IrJwtProvider {
  /** The policy's provider name: `payload_in_metadata`, and the prefix of the provider's key. */
  name: string;
  issuer?: string;
  audiences?: string[];
  /** `claim_to_headers`, in the policy's order. */
  claimToHeaders: { header: string; claim: string }[];
  jwks: IrJwks;
  /** `clear_route_cache` (recomputeRoute). */
  recomputeRoute?: boolean;
  /** `from_headers` / `from_cookies` / `from_params`; absent: Envoy's default, `Authorization: Bearer`. */
  extractFrom?: { headers: { name: string; valuePrefix: string }[]; cookies?: string[]; params?: string[] };
}

/** A route's JWT requirement: any of its providers, and what a missing or failed token does. */
export interface IrJwt {
  providers: IrJwtProvider[];
  /** `allow_missing` (optional) or `allow_missing_or_failed` (failOpen) beside the providers. */
  allow?: 'missing' | 'missingOrFailed';
}

/** A provider with its key in the filter: `<name>_<hash of its config>`, so identical providers are shared. */
export interface IrKeyedJwtProvider {
  key: string;
  provider: IrJwtProvider;
}

/** One `requirement_map` entry: the route's requirement, named `<providers joined by -or->_<hash>`. */
export interface IrJwtRequirement {
  name: string;
  /** Provider keys, in the route's order. */
  providers: string[];
  allow?: 'missing' | 'missingOrFailed';
}

/** What a route enables of the listener's jwt_authn filter: its requirement, and the providers it names. */
export interface IrRouteJwt {
  requirement: IrJwtRequirement;
  providers: IrKeyedJwtProvider[];
}

/** A route's `envoy.extensions.filters.http.cors.v3.CorsPolicy`, from an HTTPRoute CORS filter or a SecurityPolicy's `cors`. */
/**
 * SecurityPolicy `csrf`: `envoy.filters.http.csrf` on the listener enforcing nothing, each route's
 * CsrfPolicy enforcing its share (Envoy Gateway's shape).
 */
export interface IrCsrf {
  /** `filter_enabled`: the share of requests enforced (all, less the shadow fraction). */
  enforced: IrFractionalPercent;
  /** `shadow_enabled` at 100%: the requests not enforced are checked and counted, and let through. */
  shadow: boolean;
  /** `additional_origins`: host and port (the scheme dropped), exact or a regex for `*` wildcards. */
  additionalOrigins: ({ exact: string } | { regex: string })[];
}

export interface IrCors {
  /** `allow_origin_string_match`: exact, or a regex for an origin with `*` wildcards. */
  allowOrigins: ({ exact: string } | { regex: string })[];
  /** Joined with `, ` (a `*` among them: just `*`, the one wildcard Envoy reads). */
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  /** `max_age` in whole seconds; absent: not sent. */
  maxAgeSeconds?: number;
  allowCredentials: boolean;
  /** Where it came from, for review. */
  source: 'HTTPRoute' | 'SecurityPolicy';
}

/** SecurityPolicy `basicAuth`: `envoy.filters.http.basic_auth/<name>`, disabled on the listener, enabled (with the users again) per route. */
export interface IrBasicAuth {
  /** `securitypolicy/<ns>/<policy>`. */
  name: string;
  /** The htpasswd file (`{SHA}` hashes): secret data, inline or a `--secrets-dir` file. */
  users: IrSecretData;
  forwardUsernameHeader?: string;
}

/** SecurityPolicy `apiKeyAuth`: `envoy.filters.http.api_key_auth`, disabled on the listener, the route's own config per route. */
export interface IrApiKeyAuth {
  /** Each client's key: secret data, always inline (Envoy reads API keys from its config only). */
  credentials: { client: string; key: IrSecretData }[];
  /** `key_sources`: headers, then query parameters, then cookies, per extractFrom entry. */
  keySources: ({ header: string } | { query: string } | { cookie: string })[];
  /** `forwarding.header` / `forwarding.hide_credentials` (sanitize). */
  forwarding?: { header?: string; hideCredentials: boolean };
}

/** One authorization rule: its predicates ANDed (each list ORed within), the first matching rule's action applies. */
export interface IrAuthorizationRule {
  /** The rule's name, else `securitypolicy/<ns>/<policy>/authorization/rule/<i>`. */
  name: string;
  action: 'Allow' | 'Deny';
  /** `:method`, case-insensitive. */
  methods?: string[];
  /** `:path`: a prefix or an RE2 regex (Envoy Gateway's path-separated prefix and exact forms), negated with `invert`. */
  path?: { match: { prefix: string } | { regex: string }; invert: boolean };
  /** The downstream source IP in any of these networks. */
  clientCidrs?: { address: string; prefixLen: number }[];
  /** The JWT payload jwt_authn keeps under the provider's name: every scope (in `scope` or `scp`), every claim one of its values. */
  jwt?: { provider: string; scopes: string[]; claims: { name: string; values: string[]; list: boolean }[] };
  /** Each header one of its values (exact). */
  headers?: { name: string; values: string[] }[];
  /** A CEL expression on the request's attributes: its parsed form (`cel.expr.ParsedExpr` JSON). */
  cel?: object;
  /** The client IP's geolocation: any one location, each with every field it names (the geoip filter's headers). */
  geoLocations?: IrGeoMatch[][];
}

/** A field the geoip filter looks up, by its `geo_field_keys` name. */
export type IrGeoField = 'country' | 'region' | 'city' | 'asn' | 'isp' | 'anon' | 'anon_vpn' | 'anon_hosting' | 'anon_tor' | 'anon_proxy';

/** One geolocation field equal to a value, read from the request header the geoip filter writes it to. */
export interface IrGeoMatch {
  field: IrGeoField;
  header: string;
  value: string;
  ignoreCase: boolean;
}

/** `envoy.filters.http.geoip` with the MaxMind provider: the fields it looks up and where the client IP comes from. */
export interface IrGeoIp {
  fields: { field: IrGeoField; header: string }[];
  /** MaxMind database paths on Envoy's host, by `MaxMindConfig` field name. */
  databases: Partial<Record<'city_db_path' | 'country_db_path' | 'asn_db_path' | 'isp_db_path' | 'anon_db_path', string>>;
  /** Absent: the downstream connection's source address. */
  clientIp?: { xffNumTrustedHops: number } | { customHeader: string };
}

/** SecurityPolicy `authorization`: an `RBACPerRoute` matcher on the listener's `envoy.filters.http.rbac`. */
export interface IrAuthorization {
  rules: IrAuthorizationRule[];
  defaultAction: 'Allow' | 'Deny';
}

/** An external service's retry policy (`config.core.v3.RetryPolicy`) from its backendSettings.retry. */
export interface IrServiceRetry {
  retryOn: string;
  numRetries?: number;
  /** `retry_back_off`; without `maxMs`, Envoy's default (10 × base). */
  backOff?: { baseMs: number; maxMs?: number };
}

/** SecurityPolicy `extAuth`: `envoy.filters.http.ext_authz/<name>`, disabled on the listener, enabled per route. */
export interface IrExtAuth {
  /** `securitypolicy/<ns>/<policy>`. */
  name: string;
  /** `http_service` (server_uri to the cluster, path prefix, headers allowed upstream) or `grpc_service` (envoy_grpc). */
  service:
    | { type: 'http'; cluster: string; uri: string; pathPrefix?: string; pathOverride?: string; headersToBackend?: string[] }
    | { type: 'grpc'; cluster: string; authority: string };
  /** The call's timeout (ms): `timeout`, else Envoy Gateway's 10s. */
  timeoutMs: number;
  /** `failure_mode_allow`. */
  failOpen: boolean;
  /** `clear_route_cache`. */
  recomputeRoute?: boolean;
  /** `route_metadata_context_namespaces: [envoy-gateway]`. */
  includeRouteMetadata?: boolean;
  /** `allowed_headers`, exact and case-insensitive. */
  headersToExtAuth?: string[];
  /** `with_request_body.max_request_bytes`. */
  maxRequestBytes?: number;
  /** `status_on_error.code`. */
  statusOnError?: number;
  /** `http_service.retry_policy` / `grpc_service.retry_policy`, from backendSettings.retry. */
  retry?: IrServiceRetry;
  /** Each route's `check_settings.context_extensions`: a value as written, or a Secret's (inline, sensitive). */
  contextExtensions?: ({ name: string; value: string } | { name: string; secret: IrSecretData })[];
}

/** SecurityPolicy `oidc`: an `OAuth2PerRoute` config on the listener's (empty) `envoy.filters.http.oauth2`. */
export interface IrOidc {
  /** `securitypolicy/<ns>/<policy>`: the stat prefix, and the suffix of the SDS secrets `oauth2/client_secret/<name>` and `oauth2/hmac_secret/<name>`. */
  name: string;
  authorizationEndpoint: string;
  /** `token_endpoint`: the URI, its cluster `<host>_<port>`, the timeout. */
  tokenEndpoint: { uri: string; cluster: string; timeoutMs: number };
  /** `retry_policy` of the token requests (the provider's backendSettings.retry). */
  tokenRetry?: IrServiceRetry;
  endSessionEndpoint?: string;
  redirectUri: string;
  /** `redirect_path_matcher` (exact) and `signout_path` (exact). */
  redirectPath: string;
  logoutPath: string;
  clientId: string;
  /** The client secret and the HMAC key: secret data in generic SDS secrets. */
  clientSecret: IrSecretData;
  hmacSecret: IrSecretData;
  /** `credentials.cookie_names`: `<Kind>-<suffix>` unless overridden. */
  cookieNames: { bearerToken: string; oauthHmac: string; oauthExpires: string; idToken: string; refreshToken: string; oauthNonce: string };
  cookieDomain?: string;
  scopes: string[];
  resources?: string[];
  /** `forward_bearer_token`; `preserve_authorization_header` is its opposite. */
  forwardAccessToken: boolean;
  useRefreshToken: boolean;
  defaultExpiresInMs?: number;
  defaultRefreshTokenExpiresInMs?: number;
  csrfTokenExpiresInMs?: number;
  disableTokenEncryption?: boolean;
  /** `deny_redirect_matcher`: header matches that get 401 instead of the redirect to the provider. */
  denyRedirect?: { name: string; match: { type: 'Exact' | 'Prefix' | 'Suffix' | 'RegularExpression'; value: string } }[];
  /** `forward_id_token.header`; forwarding it on `Authorization` turns `preserve_authorization_header` off. */
  forwardIdTokenHeader?: string;
  /** `pass_through_matcher`: requests with a header a JWT provider reads (with its value prefix) skip OIDC. */
  passThrough?: { name: string; prefix?: string }[];
  /** `cookie_configs`: this SameSite on every cookie the filter sets. */
  sameSite?: 'Lax' | 'Strict' | 'None';
}
