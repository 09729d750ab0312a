import type { IrOidc } from '../../ir';
import { duration, typed } from '../common';
import { buildServiceRetryPolicy } from '../service-retry';
import type { Any, Message } from '../envoy';
import { buildStringMatcher } from '../string-matcher';

/** `envoy.extensions.filters.http.oauth2.v3.OAuth2`: empty; each route's `OAuth2PerRoute` configures it. */
export function buildOAuth2Filter(): Any {
  return typed('envoy.extensions.filters.http.oauth2.v3.OAuth2');
}

/** An SDS secret by name alone: Envoy takes it from the bootstrap's static secrets (Envoy Gateway's points at its ADS server). */
const sds = (name: string) => ({ name });

const exactPath = (path: string) => ({ path: { exact: path } });

/** The cookies `cookie_configs` names, each given the same SameSite (Envoy Gateway's `buildCookieConfigs`). */
const COOKIE_CONFIGS = ['bearer_token', 'oauth_hmac', 'oauth_expires', 'id_token', 'refresh_token', 'oauth_nonce', 'code_verifier'];

function cookieConfigs(sameSite: NonNullable<IrOidc['sameSite']>): Message {
  return Object.fromEntries(COOKIE_CONFIGS.map((c) => [`${c}_cookie_config`, { same_site: sameSite.toUpperCase() }]));
}

/** Per route: `OAuth2PerRoute` with the whole `OAuth2Config`, as Envoy Gateway writes it. */
export function buildOAuth2PerRoute(o: IrOidc): Any {
  const config: Message = {
    stat_prefix: o.name,
    token_endpoint: { uri: o.tokenEndpoint.uri, cluster: o.tokenEndpoint.cluster, timeout: duration(o.tokenEndpoint.timeoutMs) },
    ...(o.tokenRetry ? { retry_policy: buildServiceRetryPolicy(o.tokenRetry) } : {}),
    authorization_endpoint: o.authorizationEndpoint,
    ...(o.endSessionEndpoint ? { end_session_endpoint: o.endSessionEndpoint } : {}),
    redirect_uri: o.redirectUri,
    ...(o.sameSite ? { cookie_configs: cookieConfigs(o.sameSite) } : {}),
    redirect_path_matcher: exactPath(o.redirectPath),
    signout_path: exactPath(o.logoutPath),
    use_refresh_token: o.useRefreshToken,
    ...(o.forwardAccessToken ? { forward_bearer_token: true } : {}),
    credentials: {
      client_id: o.clientId,
      token_secret: sds(`oauth2/client_secret/${o.name}`),
      hmac_secret: sds(`oauth2/hmac_secret/${o.name}`),
      cookie_names: {
        bearer_token: o.cookieNames.bearerToken,
        oauth_hmac: o.cookieNames.oauthHmac,
        oauth_expires: o.cookieNames.oauthExpires,
        id_token: o.cookieNames.idToken,
        refresh_token: o.cookieNames.refreshToken,
        oauth_nonce: o.cookieNames.oauthNonce,
      },
      ...(o.cookieDomain ? { cookie_domain: o.cookieDomain } : {}),
    },
    auth_type: 'BASIC_AUTH',
    auth_scopes: o.scopes,
    ...(o.resources ? { resources: o.resources } : {}),
    ...(!o.forwardAccessToken && o.forwardIdTokenHeader?.toLowerCase() !== 'authorization' ? { preserve_authorization_header: true } : {}),
    ...(o.disableTokenEncryption ? { disable_token_encryption: true } : {}),
    ...(o.defaultExpiresInMs !== undefined ? { default_expires_in: duration(o.defaultExpiresInMs) } : {}),
    ...(o.defaultRefreshTokenExpiresInMs !== undefined ? { default_refresh_token_expires_in: duration(o.defaultRefreshTokenExpiresInMs) } : {}),
    ...(o.passThrough
      ? { pass_through_matcher: o.passThrough.map((h) => ({ name: h.name, ...(h.prefix !== undefined ? { string_match: { prefix: h.prefix } } : {}) })) }
      : {}),
    ...(o.denyRedirect ? { deny_redirect_matcher: o.denyRedirect.map((h) => ({ name: h.name, string_match: buildStringMatcher(h.match) })) } : {}),
    ...(o.csrfTokenExpiresInMs !== undefined ? { csrf_token_expires_in: duration(o.csrfTokenExpiresInMs) } : {}),
    ...(o.forwardIdTokenHeader ? { forward_id_token: { header: o.forwardIdTokenHeader } } : {}),
  };
  return typed('envoy.extensions.filters.http.oauth2.v3.OAuth2PerRoute', { config });
}
