import type { EnvoyFieldTables } from '../../kind';

/** Which SecurityPolicy field produces an Envoy field, for `diff` and `explain` (see the BackendTrafficPolicy table). */
export const SP_ENVOY_FIELDS: EnvoyFieldTables = {
  route: [],
  filters: [
    ['envoy.filters.http.jwt_authn', ['jwt']],
    ['envoy.filters.http.cors', ['cors']],
    ['envoy.filters.http.csrf', ['csrf']],
    ['envoy.filters.http.basic_auth', ['basicAuth']],
    ['envoy.filters.http.api_key_auth', ['apiKeyAuth']],
    ['envoy.filters.http.rbac', ['authorization']],
    ['envoy.filters.http.geoip', ['authorization']],
    ['envoy.filters.http.ext_authz', ['extAuth']],
    ['envoy.filters.http.oauth2', ['oidc']],
  ],
  cluster: [],
  elsewhere: {
    targetRef: 'where the policy attaches',
    targetRefs: 'where the policy attaches',
    targetSelectors: 'where the policy attaches',
    mergeType: 'how the policy merges with its parent',
    'jwt.providers.remoteJWKS.backendRefs': "the JWKS server's cluster (securitypolicy/<ns>/<name>/jwt/<i>)",
    'jwt.providers.remoteJWKS.backendRef': "the JWKS server's cluster",
    'jwt.providers.remoteJWKS.backendSettings': "the JWKS server's cluster settings and the fetch timeout",
    'oidc.provider.backendRefs': "the token endpoint's cluster (securitypolicy/<ns>/<name>/oidc/0)",
    'oidc.provider.backendRef': "the token endpoint's cluster",
    'oidc.provider.backendSettings': "the token endpoint's cluster settings, the token requests' timeout and retry policy",
    'extAuth.http.backendRefs': "the authorization service's cluster (securitypolicy/<ns>/<name>/extauth/0)",
    'extAuth.http.backendRef': "the authorization service's cluster",
    'extAuth.http.backendSettings': "the authorization service's cluster settings",
    'extAuth.grpc.backendRefs': "the authorization service's cluster (securitypolicy/<ns>/<name>/extauth/0)",
    'extAuth.grpc.backendRef': "the authorization service's cluster",
    'extAuth.grpc.backendSettings': "the authorization service's cluster settings",
  },
};
