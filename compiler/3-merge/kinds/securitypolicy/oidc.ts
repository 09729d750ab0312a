// A SecurityPolicy's `oidc` as Envoy Gateway builds it (`buildOIDC`, `buildOIDCProvider`), offline:
// the provider's endpoints come from the policy (envoyc cannot fetch the issuer's discovery
// document), and the HMAC secret Envoy Gateway generates at install is an input Secret, so the
// output is the same on every run.
import type { Lookup } from '../../../2-resolve/lookup';
import { resolveExtServiceRefs, type ServiceDns } from '../../../2-resolve/ext-service';
import type { SecurityPolicySpec, SecurityPolicySpecJwt, SecurityPolicySpecOidc } from '../../../api/generated/securitypolicy';
import { parseDuration } from '../../../units/duration';
import { secretRef, type SecretValue } from './credentials';
import type { ServiceRetrySpec } from '../../service-retry';
import { absoluteUrl, SP_KIND, type JwksCluster } from './jwt';

/** Envoy Gateway's namespace (its controller's), where it keeps the HMAC secret. */
export const CONTROLLER_NAMESPACE = 'envoy-gateway-system';
/** The Secret Envoy Gateway generates at install for the OAuth2 filter's HMAC (`envoy-oidc-hmac`), and its key. */
export const HMAC_SECRET = { name: 'envoy-oidc-hmac', key: 'hmac-secret' };
/** Envoy Gateway's defaults (`defaultRedirectURL`, `defaultRedirectPath`, `defaultLogoutPath`). */
const DEFAULT_REDIRECT_URL = '%REQ(x-forwarded-proto)%://%REQ(:authority)%/oauth2/callback';
const DEFAULT_REDIRECT_PATH = '/oauth2/callback';
const DEFAULT_LOGOUT_PATH = '/logout';
/** Envoy Gateway's timeout for calls to an external service (`defaultExtServiceRequestTimeout`). */
const TOKEN_TIMEOUT_MS = 10_000;

/** Envoy Gateway's `validateSecurityPolicy` for `passThroughAuthHeader`: it needs a JWT provider reading a header, not the ID token's. */
export function passThroughError(spec: SecurityPolicySpec): string | undefined {
  const o = spec.oidc;
  if (!o?.passThroughAuthHeader) return undefined;
  if (!spec.jwt) return 'the OIDC.PassThroughAuthHeader setting must be used in conjunction with JWT settings';
  if (!spec.jwt.providers.some((p) => !p.extractFrom || p.extractFrom.headers?.length))
    return 'the OIDC.PassThroughAuthHeader setting must be used in conjunction with a JWT provider that is configured to read from a header';
  const header = o.forwardIDToken?.header.toLowerCase();
  if (header === undefined) return undefined;
  for (const p of spec.jwt.providers) {
    if (!p.extractFrom && header === 'authorization')
      return `the OIDC.ForwardIDToken header "${o.forwardIDToken!.header}" cannot be the Authorization header when passThroughAuthHeader is enabled and a JWT provider reads from it`;
    if (p.extractFrom?.headers?.some((h) => h.name.toLowerCase() === header))
      return `the OIDC.ForwardIDToken header "${o.forwardIDToken!.header}" cannot be the same as a JWT provider extractFrom header when passThroughAuthHeader is enabled`;
  }
  return undefined;
}

/** `pass_through_matcher` (Envoy Gateway's `buildHeaderMatchers`): a request carrying a header a JWT provider reads skips OIDC. */
export function passThroughMatchers(jwt: SecurityPolicySpecJwt): { name: string; prefix?: string }[] {
  return jwt.providers.flatMap((p) =>
    p.extractFrom
      ? (p.extractFrom.headers ?? []).map((h) => ({ name: h.name, ...(h.valuePrefix !== undefined ? { prefix: h.valuePrefix } : {}) }))
      : [{ name: 'Authorization', prefix: 'Bearer ' }],
  );
}

/** The endpoints Envoy Gateway would discover from the issuer and envoyc needs written in the policy. */
export function missingEndpoints(o: SecurityPolicySpecOidc): string[] {
  return (['authorizationEndpoint', 'tokenEndpoint'] as const).filter((f) => !o.provider[f]).map((f) => `provider.${f}`);
}

export interface BuiltOidc {
  /** `securitypolicy/<ns>/<name>`: the filter's stat prefix and the SDS secrets' suffix. */
  name: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  endSessionEndpoint?: string;
  /**
   * The token endpoint's cluster: from the URL (`<host>_<port>`, TLS for https), or the provider's
   * backendRefs (`securitypolicy/<ns>/<name>/oidc/0`, with its backendSettings), as a remote JWKS's.
   */
  tokenCluster: JwksCluster;
  /** The call's timeout: backendSettings' request timeout, else Envoy Gateway's 10s. */
  tokenTimeoutMs: number;
  clientId: string;
  clientSecret: SecretValue;
  hmacSecret: SecretValue;
  redirectUri: string;
  redirectPath: string;
  logoutPath: string;
  /** `openid` first unless listed. */
  scopes: string[];
  resources?: string[];
  forwardAccessToken: boolean;
  refreshToken: boolean;
  /** The suffix of the cookie names: Envoy Gateway hashes the policy's UID (FNV-32a); offline, its `uid` if written, else `<ns>/<name>`. */
  cookieSuffix: string;
  cookieNames?: { accessToken?: string; idToken?: string };
  cookieDomain?: string;
  defaultTokenTtlMs?: number;
  defaultRefreshTokenTtlMs?: number;
  csrfTokenTtlMs?: number;
  disableTokenEncryption?: boolean;
  /** `denyRedirect.headers`: requests matching any answer 401 instead of being redirected to the provider. */
  denyRedirect?: { name: string; match: { type: 'Exact' | 'Prefix' | 'Suffix' | 'RegularExpression'; value: string } }[];
  /** `forwardIDToken.header`: the upstream request header carrying the ID token. */
  forwardIdTokenHeader?: string;
  /** `cookieConfig.sameSite`, set on every OAuth2 cookie. */
  sameSite?: 'Lax' | 'Strict' | 'None';
  /** The provider's backendSettings.retry: the token requests' retry policy. */
  tokenRetry?: ServiceRetrySpec;
}

/** Go's `fnv.New32a` as hex (Envoy Gateway's `Digest32`). */
function fnv32a(s: string): string {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h.toString(16);
}

/** `extractRedirectPath`: the path of an `http(s)://` (or `%REQ(x-forwarded-proto)%://`) redirect URL. */
function redirectPath(url: string): string | { error: string } {
  const at = url.indexOf('://');
  const scheme = at > 0 ? url.slice(0, at) : '';
  if (!['http', 'https', '%REQ(x-forwarded-proto)%'].includes(scheme)) return { error: `invalid redirect URL ${url}` };
  const rest = url.slice(at + 3);
  const slash = rest.indexOf('/');
  if (slash < 0) return { error: `invalid redirect URL ${url}` };
  return rest.slice(slash).split(/[?#]/)[0]!;
}

function secretValue(ref: Parameters<typeof secretRef>[0], key: string, ns: string, lookup: Lookup, what: string): SecretValue | { error: string } {
  const s = secretRef(ref, ns, lookup);
  if ('error' in s) return s;
  const value = s.data[key];
  if (!value) return { error: `${what} not found in secret ${s.ns}/${ref.name}` };
  return { secret: `${s.ns}/${ref.name}`, key, base64: value };
}

/** Builds one spec's `oidc`, as Envoy Gateway would with the endpoints written (report.ts refuses it without them). */
export function buildOidc(
  o: SecurityPolicySpecOidc,
  owner: { namespace: string; name: string; uid?: string },
  lookup: Lookup,
  dns: ServiceDns,
): BuiltOidc | { error: string } {
  const token = absoluteUrl(o.provider.tokenEndpoint!);
  if (!token) return { error: `error parsing token endpoint URL: ${o.provider.tokenEndpoint} is not an absolute URL` };
  if (/^[\d.]+$/.test(token.hostname) || token.hostname.startsWith('['))
    return { error: `token endpoint URL must be a domain name: ${o.provider.tokenEndpoint}` };
  let clientId = o.clientID;
  if (clientId === undefined && o.clientIDRef) {
    const id = secretValue(o.clientIDRef, 'client-id', owner.namespace, lookup, 'client ID');
    if ('error' in id) return id;
    clientId = Buffer.from(id.base64, 'base64').toString('utf8');
  }
  if (clientId === undefined) return { error: `client ID must be specified in OIDC policy ${owner.namespace}/${owner.name}` };
  const clientSecret = secretValue(o.clientSecret, 'client-secret', owner.namespace, lookup, 'client secret');
  if ('error' in clientSecret) return clientSecret;
  const hmac = lookup.secrets.get(`${CONTROLLER_NAMESPACE}/${HMAC_SECRET.name}`);
  if (!hmac) return { error: `HMAC secret ${CONTROLLER_NAMESPACE}/${HMAC_SECRET.name} not found` };
  const hmacValue = (hmac.value.data as Record<string, string> | undefined)?.[HMAC_SECRET.key];
  if (!hmacValue) return { error: `HMAC secret not found in secret ${CONTROLLER_NAMESPACE}/${HMAC_SECRET.name}` };
  const path = o.redirectURL !== undefined ? redirectPath(o.redirectURL) : DEFAULT_REDIRECT_PATH;
  if (typeof path !== 'string') return path;
  const tls = token.protocol === 'https:';
  const port = token.port ? Number(token.port) : tls ? 443 : 80;
  const p = o.provider;
  let tokenCluster: JwksCluster = { type: 'url', name: `${token.hostname.replaceAll('.', '_')}_${port}`, host: token.hostname, port, tls };
  if (p.backendRefs?.length) {
    const resolved = resolveExtServiceRefs(p.backendRefs, SP_KIND, owner.namespace, lookup, dns);
    if ('error' in resolved) return resolved;
    const name = `securitypolicy/${owner.namespace}/${owner.name}/oidc/0`.toLowerCase();
    tokenCluster = { type: 'backends', name, backends: resolved.backends, ...(p.backendSettings ? { settings: p.backendSettings } : {}) };
  }
  const requestTimeout = p.backendSettings?.timeout?.http?.requestTimeout;
  const scopes = o.scopes ?? [];
  const ttl = (d: string | undefined) => (d !== undefined ? parseDuration(d) : undefined);
  return {
    name: `securitypolicy/${owner.namespace}/${owner.name}`,
    authorizationEndpoint: o.provider.authorizationEndpoint!,
    tokenEndpoint: o.provider.tokenEndpoint!,
    ...(o.provider.endSessionEndpoint ? { endSessionEndpoint: o.provider.endSessionEndpoint } : {}),
    tokenCluster,
    ...(p.backendSettings?.retry ? { tokenRetry: p.backendSettings.retry } : {}),
    tokenTimeoutMs: requestTimeout !== undefined ? parseDuration(requestTimeout) : TOKEN_TIMEOUT_MS,
    clientId,
    clientSecret,
    hmacSecret: { secret: `${CONTROLLER_NAMESPACE}/${HMAC_SECRET.name}`, key: HMAC_SECRET.key, base64: hmacValue },
    redirectUri: o.redirectURL ?? DEFAULT_REDIRECT_URL,
    redirectPath: path,
    logoutPath: o.logoutPath ?? DEFAULT_LOGOUT_PATH,
    scopes: scopes.includes('openid') ? scopes : ['openid', ...scopes],
    ...(o.resources?.length ? { resources: o.resources } : {}),
    forwardAccessToken: o.forwardAccessToken ?? false,
    refreshToken: o.refreshToken,
    cookieSuffix: fnv32a(owner.uid ?? `${owner.namespace}/${owner.name}`),
    ...(o.cookieNames ? { cookieNames: o.cookieNames } : {}),
    ...(o.cookieDomain ? { cookieDomain: o.cookieDomain } : {}),
    ...(o.defaultTokenTTL !== undefined ? { defaultTokenTtlMs: ttl(o.defaultTokenTTL) } : {}),
    ...(o.defaultRefreshTokenTTL !== undefined ? { defaultRefreshTokenTtlMs: ttl(o.defaultRefreshTokenTTL) } : {}),
    ...(o.csrfTokenTTL !== undefined ? { csrfTokenTtlMs: ttl(o.csrfTokenTTL) } : {}),
    ...(o.disableTokenEncryption ? { disableTokenEncryption: true } : {}),
    ...(o.denyRedirect ? { denyRedirect: o.denyRedirect.headers.map((h) => ({ name: h.name, match: { type: h.type ?? 'Exact', value: h.value } })) } : {}),
    ...(o.forwardIDToken ? { forwardIdTokenHeader: o.forwardIDToken.header } : {}),
    ...(o.cookieConfig?.sameSite ? { sameSite: o.cookieConfig.sameSite } : {}),
  };
}
