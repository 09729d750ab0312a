import type { IrApiKeyAuth, IrBasicAuth } from '../../ir';
import { typed } from '../common';
import { buildDataSource } from '../data-source';
import type { Any, Message } from '../envoy';

/** `envoy.extensions.filters.http.basic_auth.v3.BasicAuth`: the htpasswd users (disabled on the listener). */
export function buildBasicAuthFilter(b: IrBasicAuth): Any {
  return typed('envoy.extensions.filters.http.basic_auth.v3.BasicAuth', {
    users: buildDataSource(b.users),
    ...(b.forwardUsernameHeader ? { forward_username_header: b.forwardUsernameHeader } : {}),
  });
}

/** Per route: `BasicAuthPerRoute`, the users again (Envoy Gateway writes them on both). */
export function buildBasicAuthPerRoute(b: IrBasicAuth): Any {
  return typed('envoy.extensions.filters.http.basic_auth.v3.BasicAuthPerRoute', { users: buildDataSource(b.users) });
}

/** The fields `ApiKeyAuth` and `ApiKeyAuthPerRoute` share: credentials (keys inline: Envoy has no file for them), key sources, forwarding. */
function apiKeyAuthFields(a: IrApiKeyAuth): Message {
  return {
    credentials: a.credentials.map((c) => ({ key: Buffer.from(c.key.base64, 'base64').toString('utf8'), client: c.client })),
    key_sources: a.keySources,
    ...(a.forwarding
      ? { forwarding: { ...(a.forwarding.header ? { header: a.forwarding.header } : {}), ...(a.forwarding.hideCredentials ? { hide_credentials: true } : {}) } }
      : {}),
  };
}

/** `envoy.extensions.filters.http.api_key_auth.v3.ApiKeyAuth` (disabled on the listener). */
export function buildApiKeyAuthFilter(a: IrApiKeyAuth): Any {
  return typed('envoy.extensions.filters.http.api_key_auth.v3.ApiKeyAuth', apiKeyAuthFields(a));
}

/** Per route: `ApiKeyAuthPerRoute` with the route's own credentials and sources. */
export function buildApiKeyAuthPerRoute(a: IrApiKeyAuth): Any {
  return typed('envoy.extensions.filters.http.api_key_auth.v3.ApiKeyAuthPerRoute', apiKeyAuthFields(a));
}
