// The SecurityPolicy in force on a route rule: its CORS policy, the JWT requirement its routes select, the clusters
// its remote key sets are fetched through, or that the routes answer 500 (a policy that failed to
// translate never leaves a route unauthenticated).
import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import type { ResourceKey } from '../../1-load/types';
import {
  buildApiKeyAuth,
  buildAuthorization,
  buildBasicAuth,
  buildExtAuth,
  buildOidc,
  passThroughMatchers,
  buildJwt,
  SECURITY_POLICY,
  type BuiltApiKeyAuth,
  type BuiltBasicAuth,
  type BuiltOidc,
  type JwksCluster,
} from '../../3-merge/kinds/securitypolicy';
import { applicationKey, appliedPolicy } from '../../3-merge/types';
import type {
  IrAuthorization,
  IrApiKeyAuth,
  IrBasicAuth,
  IrCluster,
  IrFilterChain,
  IrGenericSecret,
  IrOidc,
  IrJwt,
  IrKeyedJwtProvider,
  IrRouteFilters,
  IrRouteJwt,
} from '../../ir';
import type { CompileOptions } from '../../options';
import type { GatewayNode, RouteNode } from '../../2-resolve/types';
import { spanAt } from '../../source';
import { lowerSecretData } from '../secrets';
import { addCluster, gatewayOfListener, type LowerContext } from '../context';
import { referenceIndexes } from '../reference-indexes';
import { extServiceCluster, policyUrlCluster } from '../ext-clusters';
import { securityPolicyCors } from '../cors';
import { securityPolicyCsrf } from '../csrf';
import { serviceRetry } from '../service-retry';

/** What a SecurityPolicy does to one route rule on one listener. */
export type RouteSecurity = { fail: true } | { fail: false; security: IrRouteSecurity };

/** Envoy Gateway's generated JWT names are bounded (`maxJWTNameLength`): the readable prefix is cut, the hash kept. */
const MAX_JWT_NAME = 256;

/** `<prefix>_<first 16 hex digits of the SHA-256 of the config>`: identical configs share one name (Envoy Gateway hashes the proto; envoyc its JSON). */
function hashedName(prefix: string, config: unknown): string {
  const suffix = `_${createHash('sha256').update(stableStringify(config)).digest('hex').slice(0, 16)}`;
  return prefix.slice(0, MAX_JWT_NAME - suffix.length) + suffix;
}

/** A route's JWT requirement with its providers keyed, as Envoy Gateway names them in the listener's filter. */
export function keyJwt(jwt: IrJwt): IrRouteJwt {
  const providers: IrKeyedJwtProvider[] = jwt.providers.map((provider) => ({ key: hashedName(provider.name, provider), provider }));
  const keys = providers.map((p) => p.key);
  const names = [
    ...jwt.providers.map((p) => p.name),
    ...(jwt.allow === 'missingOrFailed' ? ['missing-or-failed'] : jwt.allow === 'missing' ? ['missing'] : []),
  ];
  const requirement = { providers: keys, ...(jwt.allow ? { allow: jwt.allow } : {}) };
  return { requirement: { name: hashedName(names.join('-or-'), requirement), ...requirement }, providers };
}

/** A cluster to a URL a SecurityPolicy's `field` names (https: TLS to the system's CAs). */
function spUrlCluster(
  ctx: LowerContext,
  u: { name: string; host: string; port: number; tls: boolean },
  kind: string,
  policy: ResourceKey,
  field: string,
): IrCluster {
  return policyUrlCluster(ctx, u, kind, policy, () => {
    const loaded = ctx.graph.resources.securityPolicies.find((p) => p.key === policy);
    return {
      at: loaded && spanAt(loaded.src, ['spec', field]),
      who: `SecurityPolicy ${policy.split('/').slice(1).join('/')}`,
      why: `${field} over https to ${u.host}:${u.port}`,
    };
  });
}

function jwksCluster(ctx: LowerContext, gateway: GatewayNode | undefined, c: JwksCluster, policy: ResourceKey): IrCluster {
  return c.type === 'url'
    ? spUrlCluster(ctx, c, 'JwksHost', policy, 'jwt')
    : extServiceCluster(ctx, gateway, { name: c.name, backends: c.backends, settings: c.settings, protocol: 'http1' }, policy);
}

/** What a SecurityPolicy puts on a route besides failing it. */
export type IrRouteSecurity = Pick<IrRouteFilters, 'cors' | 'csrf' | 'basicAuth' | 'apiKeyAuth' | 'extAuth' | 'oidc' | 'authorization' | 'jwt'>;

/** The htpasswd file as secret data (inline, or its `--secrets-dir` file). */
function basicAuthIr(b: BuiltBasicAuth, opts: CompileOptions): IrBasicAuth {
  return {
    name: b.name,
    users: lowerSecretData(b.users.secret, b.users.key, b.users.base64, true, opts),
    ...(b.forwardUsernameHeader ? { forwardUsernameHeader: b.forwardUsernameHeader } : {}),
  };
}

/** API keys as secret data, always inline: Envoy reads them from its config only, so the bootstrap is then written 0600. */
function apiKeyAuthIr(a: BuiltApiKeyAuth): IrApiKeyAuth {
  return {
    credentials: a.credentials.map((c) => ({
      client: c.client,
      key: { from: { secret: c.key.secret, key: c.key.key }, base64: c.key.base64, sensitive: true },
    })),
    keySources: a.keySources,
    ...(a.forwardClientIdHeader || a.sanitize
      ? { forwarding: { ...(a.forwardClientIdHeader ? { header: a.forwardClientIdHeader } : {}), hideCredentials: a.sanitize } }
      : {}),
  };
}

/** The OAuth2 settings, the client secret and HMAC key as secret data (inline, or `--secrets-dir` files). */
function oidcIr(o: BuiltOidc, opts: CompileOptions): IrOidc {
  const secret = (v: BuiltOidc['clientSecret']) => lowerSecretData(v.secret, v.key, v.base64, true, opts);
  const cookie = (kind: string) => `${kind}-${o.cookieSuffix}`;
  return {
    name: o.name,
    authorizationEndpoint: o.authorizationEndpoint,
    tokenEndpoint: { uri: o.tokenEndpoint, cluster: o.tokenCluster.name, timeoutMs: o.tokenTimeoutMs },
    ...(o.tokenRetry ? { tokenRetry: serviceRetry(o.tokenRetry) } : {}),
    ...(o.endSessionEndpoint ? { endSessionEndpoint: o.endSessionEndpoint } : {}),
    redirectUri: o.redirectUri,
    redirectPath: o.redirectPath,
    logoutPath: o.logoutPath,
    clientId: o.clientId,
    clientSecret: secret(o.clientSecret),
    hmacSecret: secret(o.hmacSecret),
    cookieNames: {
      bearerToken: o.cookieNames?.accessToken ?? cookie('AccessToken'),
      oauthHmac: cookie('OauthHMAC'),
      oauthExpires: cookie('OauthExpires'),
      idToken: o.cookieNames?.idToken ?? cookie('IdToken'),
      refreshToken: cookie('RefreshToken'),
      oauthNonce: cookie('OauthNonce'),
    },
    ...(o.cookieDomain ? { cookieDomain: o.cookieDomain } : {}),
    scopes: o.scopes,
    ...(o.resources ? { resources: o.resources } : {}),
    forwardAccessToken: o.forwardAccessToken,
    useRefreshToken: o.refreshToken,
    ...(o.defaultTokenTtlMs !== undefined ? { defaultExpiresInMs: o.defaultTokenTtlMs } : {}),
    ...(o.defaultRefreshTokenTtlMs !== undefined ? { defaultRefreshTokenExpiresInMs: o.defaultRefreshTokenTtlMs } : {}),
    ...(o.csrfTokenTtlMs !== undefined ? { csrfTokenExpiresInMs: o.csrfTokenTtlMs } : {}),
    ...(o.disableTokenEncryption ? { disableTokenEncryption: true } : {}),
    ...(o.denyRedirect ? { denyRedirect: o.denyRedirect } : {}),
    ...(o.forwardIdTokenHeader ? { forwardIdTokenHeader: o.forwardIdTokenHeader } : {}),
    ...(o.sameSite ? { sameSite: o.sameSite } : {}),
  };
}

/** The generic SDS secrets the HCMs' OIDC routes refer to (`oauth2/client_secret/<name>`, `oauth2/hmac_secret/<name>`), by name. */
export function collectGenericSecrets(chains: IrFilterChain[]): IrGenericSecret[] {
  const byName = new Map<string, IrGenericSecret>();
  for (const c of chains)
    for (const vh of c.http?.virtualHosts ?? [])
      for (const r of vh.routes) {
        const o = r.filters?.oidc;
        if (!o) continue;
        byName.set(`oauth2/client_secret/${o.name}`, { name: `oauth2/client_secret/${o.name}`, secret: o.clientSecret });
        byName.set(`oauth2/hmac_secret/${o.name}`, { name: `oauth2/hmac_secret/${o.name}`, secret: o.hmacSecret });
      }
  return [...byName.keys()].sort().map((k) => byName.get(k)!);
}

/** The security a route rule on a listener has, or that its routes answer 500. */
export function lowerRouteSecurity(ctx: LowerContext, route: ResourceKey, ruleIndex: number, listener: string): RouteSecurity {
  const applied = appliedPolicy(ctx.policies, SECURITY_POLICY, applicationKey(route, ruleIndex, listener));
  if (!applied) return { fail: false, security: {} };
  if (applied.invalid) return { fail: true };
  const spec = applied.spec;
  const { lookup, configMaps } = referenceIndexes(ctx.graph);
  const policyOf = (field: string): ResourceKey => applied.owners[field] ?? applied.policies[0]!;
  const namespaceOf = (field: string) => policyOf(field).split('/')[1]!;
  const gateway = gatewayOfListener(ctx, listener);
  const security: IrRouteSecurity = {};
  if (spec.cors) security.cors = securityPolicyCors(spec.cors);
  if (spec.csrf) security.csrf = securityPolicyCsrf(spec.csrf);
  // 3-merge reported any error and marked the application invalid; these are the same builds.
  if (spec.basicAuth) {
    const [, namespace, name] = policyOf('basicAuth').split('/') as [string, string, string];
    const b = buildBasicAuth(spec.basicAuth, { namespace, name }, lookup);
    if ('error' in b) return { fail: true };
    security.basicAuth = basicAuthIr(b, ctx.opts);
  }
  if (spec.apiKeyAuth) {
    const a = buildApiKeyAuth(spec.apiKeyAuth, namespaceOf('apiKeyAuth'), lookup);
    if ('error' in a) return { fail: true };
    security.apiKeyAuth = apiKeyAuthIr(a);
  }
  if (spec.extAuth) {
    const owner = policyOf('extAuth');
    const [, namespace, name] = owner.split('/') as [string, string, string];
    const e = buildExtAuth(spec.extAuth, { namespace, name }, lookup, ctx.graph.serviceDns);
    if ('error' in e) return { fail: true };
    const protocol = e.ir.service.type === 'grpc' ? 'http2' : 'http1';
    addCluster(ctx, extServiceCluster(ctx, gateway, { name: e.ir.service.cluster, backends: e.backends, settings: e.settings, protocol }, owner));
    security.extAuth = { ...e.ir, ...(e.settings?.retry ? { retry: serviceRetry(e.settings.retry) } : {}) };
  }
  if (spec.oidc) {
    const owner = policyOf('oidc');
    const [, namespace, name] = owner.split('/') as [string, string, string];
    const uid = ctx.graph.resources.securityPolicies.find((p) => p.key === owner)?.value.metadata.uid;
    const o = buildOidc(spec.oidc, { namespace, name, ...(uid !== undefined ? { uid } : {}) }, lookup, ctx.graph.serviceDns);
    if ('error' in o) return { fail: true };
    const c = o.tokenCluster;
    addCluster(
      ctx,
      c.type === 'url'
        ? spUrlCluster(ctx, c, 'OidcTokenEndpoint', owner, 'oidc')
        : extServiceCluster(ctx, gateway, { name: c.name, backends: c.backends, settings: c.settings, protocol: 'http1' }, owner),
    );
    security.oidc = oidcIr(o, ctx.opts);
    if (spec.oidc.passThroughAuthHeader && spec.jwt) security.oidc.passThrough = passThroughMatchers(spec.jwt);
  }
  if (spec.authorization) {
    const [, namespace, name] = policyOf('authorization').split('/') as [string, string, string];
    const a = buildAuthorization(spec.authorization, { namespace, name });
    if ('error' in a) return { fail: true };
    security.authorization = a;
  }
  if (spec.jwt) {
    const built = buildJwt(spec.jwt, { policyOf, namespaceOf, configMaps, lookup, serviceDns: ctx.graph.serviceDns });
    if (!built.jwt) return { fail: true };
    for (const c of built.clusters) addCluster(ctx, jwksCluster(ctx, gateway, c, policyOf('jwt')));
    // A remote key set's backendSettings.retry: its fetch's retry policy (part of the provider's hashed name, as in Envoy Gateway).
    const providers = built.jwt.providers.map((p, i) => {
      const retry = spec.jwt!.providers[i]?.remoteJWKS?.backendSettings?.retry;
      return retry && p.jwks.type === 'remote' ? { ...p, jwks: { ...p.jwks, retry: serviceRetry(retry) } } : p;
    });
    security.jwt = keyJwt({ ...built.jwt, providers });
  }
  return { fail: false, security };
}

/**
 * A TCP or TLS route's SecurityPolicy `authorization` on one listener (Envoy Gateway's
 * buildTCPRBACFilter): each rule on its client CIDRs only, the default action otherwise.
 * Undefined without one. A policy that fails to translate refuses every connection (Envoy Gateway
 * leaves the route open; envoyc never does, as for HTTP routes' 500).
 */
export function lowerL4Authorization(ctx: LowerContext, route: RouteNode, listener: string): IrAuthorization | undefined {
  const applied = appliedPolicy(ctx.policies, SECURITY_POLICY, applicationKey(route.key, -1, listener));
  if (applied?.invalid) return { rules: [], defaultAction: 'Deny' };
  if (!applied?.spec.authorization) return undefined;
  const [, namespace, name] = (applied.owners.authorization ?? applied.policies[0]!).split('/') as [string, string, string];
  const built = buildAuthorization(applied.spec.authorization, { namespace, name });
  if ('error' in built) return undefined;
  return {
    defaultAction: built.defaultAction,
    rules: built.rules.map((r) => ({ name: r.name, action: r.action, ...(r.clientCidrs ? { clientCidrs: r.clientCidrs } : {}) })),
  };
}
