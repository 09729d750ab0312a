// SecurityPolicy (gateway.envoyproxy.io/v1alpha1): authentication on the routes it targets. What is
// its own lives here; attachment, precedence, mergeType, conflicts and status are 3-merge's generic
// part, as Envoy Gateway's shared helpers are.
import type { Loaded } from '../../../1-load/types';
import type { SecurityPolicySpec } from '../../../api/generated/securitypolicy';
import { ENVOY_GATEWAY_GROUP } from '../../../api/meta';
import type { PolicyKind, PolicyObject, TranslationContext, TranslationError } from '../../kind';
import { mergePatch, type MergeKeyLists } from '../../../units/merge-patch';
import { ALL_SCOPES } from '../../scopes';
import { SP_ENVOY_FIELDS } from './fields';
import { buildAuthorization, invalidPathRegexes, tcpAuthorizationProblem } from './authorization';
import { serviceRetryProblem, type ServiceRetrySpec } from '../../service-retry';
import type { NodePath } from '../../../source';
import { buildExtAuth } from './extauth';
import { buildOidc, missingEndpoints, passThroughError } from './oidc';
import { buildApiKeyAuth, buildBasicAuth } from './credentials';
import { buildJwt } from './jwt';
import { reportSp } from './report';
import { geoIpProblem, usesGeoLocations } from './geoip';
import { CLIENT_TRAFFIC_POLICY } from '../clienttrafficpolicy';
import type { ClientTrafficPolicySpec } from '../../../api/clienttrafficpolicy';

export { buildJwt, type BuiltJwt, type JwksCluster, type JwtContext } from './jwt';
export { buildAuthorization } from './authorization';
export { buildExtAuth } from './extauth';
export { buildOidc, passThroughMatchers, type BuiltOidc } from './oidc';
export { buildApiKeyAuth, buildBasicAuth, type BuiltApiKeyAuth, type BuiltBasicAuth, type SecretValue } from './credentials';

/** Lists Envoy Gateway's Go types mark with patch strategy `merge`, and their merge keys. */
const MERGE_KEY_LISTS: MergeKeyLists = new Map([['contextExtensions', 'name']]);

/** The features Envoy Gateway applies to TCP routes: authorization only (`validateSecurityPolicyForTCP`). */
const HTTP_ONLY: readonly (keyof SecurityPolicySpec)[] = ['cors', 'csrf', 'jwt', 'oidc', 'apiKeyAuth', 'basicAuth', 'extAuth'];

/** The external services' backendSettings.retry (ext auth, remote key sets), with where each is written. */
function retrySettings(spec: SecurityPolicySpec): [ServiceRetrySpec, NodePath][] {
  const out: [ServiceRetrySpec, NodePath][] = [];
  for (const kind of ['http', 'grpc'] as const) {
    const retry = spec.extAuth?.[kind]?.backendSettings?.retry;
    if (retry) out.push([retry, ['spec', 'extAuth', kind, 'backendSettings', 'retry', 'perRetry', 'backOff']]);
  }
  const oidcRetry = spec.oidc?.provider.backendSettings?.retry;
  if (oidcRetry) out.push([oidcRetry, ['spec', 'oidc', 'provider', 'backendSettings', 'retry', 'perRetry', 'backOff']]);
  (spec.jwt?.providers ?? []).forEach((p, i) => {
    const retry = p.remoteJWKS?.backendSettings?.retry;
    if (retry) out.push([retry, ['spec', 'jwt', 'providers', i, 'remoteJWKS', 'backendSettings', 'retry', 'perRetry', 'backOff']]);
  });
  return out;
}

/** Why Envoy Gateway would not translate the spec, in its order and words. */
function translationErrors(spec: SecurityPolicySpec, ctx: TranslationContext): TranslationError[] {
  const routeScope = ctx.scope === 'Route' || ctx.scope === 'RouteRule';
  if (routeScope && ctx.applications.some((a) => a.route?.kind === 'TCPRoute')) {
    if (HTTP_ONLY.some((f) => spec[f] !== undefined))
      return [{ message: 'invalid SecurityPolicy for TCP route: only authorization is supported for TCP (routes/listeners)', path: ['spec'] }];
    const tcpProblem = spec.authorization ? tcpAuthorizationProblem(spec.authorization) : undefined;
    if (tcpProblem)
      return [{ message: `invalid SecurityPolicy for TCP route: ${tcpProblem.message}`, path: ['spec', 'authorization', 'rules', tcpProblem.index] }];
  }
  const badRegexes = spec.authorization ? invalidPathRegexes(spec.authorization) : [];
  if (badRegexes.length)
    return badRegexes.map((b) => ({
      message: `Authorization: regex ${JSON.stringify(b.pattern)} is invalid: ${b.reason}`,
      path: ['spec', 'authorization', 'rules', b.index, 'operation', 'path', 'value'],
      regex: b.pattern,
    }));
  const badRetries = retrySettings(spec).flatMap(([retry, path]) => {
    const problem = serviceRetryProblem(retry);
    return problem ? [{ message: `Retry: ${problem}`, path }] : [];
  });
  if (badRetries.length) return badRetries;
  const invalid = passThroughError(spec);
  if (invalid) return [{ message: `invalid SecurityPolicy: ${invalid}`, path: ['spec', 'oidc', 'passThroughAuthHeader'] }];
  const owner = (field: string) => {
    const [, namespace, name] = ctx.policyOf(field).split('/') as [string, string, string];
    return { namespace, name };
  };
  const jwt = spec.jwt ? buildJwt(spec.jwt, ctx).error : undefined;
  const basic = spec.basicAuth ? buildBasicAuth(spec.basicAuth, owner('basicAuth'), ctx.lookup) : undefined;
  const apiKey = spec.apiKeyAuth ? buildApiKeyAuth(spec.apiKeyAuth, ctx.namespaceOf('apiKeyAuth'), ctx.lookup) : undefined;
  const authorization = spec.authorization ? buildAuthorization(spec.authorization, owner('authorization')) : undefined;
  const extAuth = spec.extAuth ? buildExtAuth(spec.extAuth, owner('extAuth'), ctx.lookup, ctx.serviceDns) : undefined;
  const oidcOwner = owner('oidc');
  const oidcUid = spec.oidc ? ctx.graph.resources.securityPolicies.find((p) => p.key === ctx.policyOf('oidc'))?.value.metadata.uid : undefined;
  // Without endpoints report.ts has already refused the policy (envoyc cannot discover them offline).
  const oidc =
    spec.oidc && !missingEndpoints(spec.oidc).length
      ? buildOidc(spec.oidc, { ...oidcOwner, ...(oidcUid ? { uid: oidcUid } : {}) }, ctx.lookup, ctx.serviceDns)
      : undefined;
  const byFeature: Record<string, TranslationError | undefined> = {
    oidc: oidc && 'error' in oidc ? { message: `OIDC: ${oidc.error}`, path: ['spec', 'oidc'] } : undefined,
    // A failOpen extAuth that fails still fails the routes here (Envoy Gateway lets them through unauthenticated).
    extAuth: extAuth && 'error' in extAuth ? { message: `ExtAuth: ${extAuth.error}`, path: ['spec', 'extAuth'] } : undefined,
    // Envoy Gateway prefixes a route policy's authorization error, not a Gateway's.
    authorization:
      authorization && 'error' in authorization
        ? { message: routeScope ? `Authorization: ${authorization.error}` : authorization.error, path: ['spec', 'authorization'] }
        : undefined,
    jwt: jwt !== undefined ? { message: `JWT: ${jwt}`, path: ['spec', 'jwt'] } : undefined,
    basicAuth: basic && 'error' in basic ? { message: `BasicAuth: ${basic.error}`, path: ['spec', 'basicAuth'] } : undefined,
    apiKeyAuth: apiKey && 'error' in apiKey ? { message: `APIKeyAuth: ${apiKey.error}`, path: ['spec', 'apiKeyAuth'] } : undefined,
  };
  // Envoy Gateway builds a route's features in one order and a Gateway's in another; its status lists the errors so.
  const order = routeScope
    ? ['basicAuth', 'apiKeyAuth', 'authorization', 'extAuth', 'oidc', 'jwt']
    : ['jwt', 'oidc', 'basicAuth', 'apiKeyAuth', 'authorization', 'extAuth'];
  return [...order.flatMap((f) => (byFeature[f] ? [byFeature[f]!] : [])), ...geoIpErrors(spec, ctx)];
}

/**
 * Listeners that cannot check the authorization's locations (Envoy Gateway validates them per
 * listener, after the rest): their routes answer 500; the policy holds elsewhere.
 */
function geoIpErrors(spec: SecurityPolicySpec, ctx: TranslationContext): TranslationError[] {
  const a = spec.authorization;
  if (!a || !usesGeoLocations(a)) return [];
  const byProblem = new Map<string, TranslationError & { applications: string[] }>();
  for (const app of ctx.applications) {
    const client = ctx.earlier[CLIENT_TRAFFIC_POLICY.kind]?.[app.listener];
    const detection = client && !client.invalid ? (client.spec as ClientTrafficPolicySpec).clientIPDetection : undefined;
    const problem = geoIpProblem(a, detection, app.gateway.envoyProxy?.proxy.value.spec.geoIP);
    if (!problem) continue;
    const seen = byProblem.get(problem.message);
    if (seen) seen.applications.push(app.key);
    else
      byProblem.set(problem.message, {
        message: `Authorization: ${problem.message}`,
        path: ['spec', 'authorization', ...problem.path],
        applications: [app.key],
      });
  }
  return [...byProblem.values()];
}

export const SECURITY_POLICY: PolicyKind<SecurityPolicySpec> = {
  kind: 'SecurityPolicy',
  group: ENVOY_GATEWAY_GROUP,
  plural: 'securityPolicies',
  routeOverriddenNoun: 'securityPolicies',
  objects: (resources) => resources.securityPolicies as Loaded<PolicyObject<SecurityPolicySpec>>[],
  // Gateway, ListenerSet (not read by envoyc yet), HTTPRoute, GRPCRoute, TCPRoute, and their sections (CRD CEL rules).
  scopes: ALL_SCOPES,
  unit: 'ruleOnListener',
  invalidEffect: 'the routes it targets answer 500, TCP routes refuse every connection (never unauthenticated)',
  deprecatedFields: (spec) => ({
    ...(spec.targetRef !== undefined ? { 'spec.targetRef': 'spec.targetRefs' } : {}),
    ...(spec.extAuth?.grpc?.backendRef !== undefined ? { 'spec.extAuth.grpc.backendRef': 'spec.extAuth.grpc.backendRefs' } : {}),
    ...(spec.extAuth?.http?.backendRef !== undefined ? { 'spec.extAuth.http.backendRef': 'spec.extAuth.http.backendRefs' } : {}),
  }),
  translationErrors,
  // Envoy Gateway's utils.Merge: a route's jwt providers list replaces the parent's.
  merge: (parent, route, type) => ({ spec: mergePatch(parent.spec, route.spec, type, MERGE_KEY_LISTS) as SecurityPolicySpec }),
  report: reportSp,
  envoyFields: SP_ENVOY_FIELDS,
};
