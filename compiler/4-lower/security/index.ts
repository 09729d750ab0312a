// The SecurityPolicy in force on a route rule: its CORS policy, the JWT requirement its routes select, the clusters
// its remote key sets are fetched through, or that the routes answer 500 (a policy that failed to
// translate never leaves a route unauthenticated).
import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import type { ResourceKey } from '../../1-load/types';
import { buildJwt, SECURITY_POLICY, type JwksCluster } from '../../3-merge/kinds/securitypolicy';
import { applicationKey, appliedPolicy } from '../../3-merge/types';
import type { IrCluster, IrCors, IrJwt, IrKeyedJwtProvider, IrRouteJwt } from '../../ir';
import { addCluster, type LowerContext } from '../context';
import { referenceIndexes } from '../reference-indexes';
import { extServiceCluster, urlCluster } from '../ext-clusters';
import { securityPolicyCors } from '../cors';

/** What a SecurityPolicy does to one route rule on one listener. */
export type RouteSecurity = { fail: true } | { fail: false; jwt?: IrRouteJwt; cors?: IrCors };

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

function jwksCluster(c: JwksCluster, policy: ResourceKey): IrCluster {
  return c.type === 'url' ? urlCluster(c, 'JwksHost', policy) : extServiceCluster(c.name, c.backends, c.settings, policy, 'http1');
}

/** The security a route rule on a listener has, or that its routes answer 500. */
export function lowerRouteSecurity(ctx: LowerContext, route: ResourceKey, ruleIndex: number, listener: string): RouteSecurity {
  const applied = appliedPolicy(ctx.policies, SECURITY_POLICY, applicationKey(route, ruleIndex, listener));
  if (!applied) return { fail: false };
  if (applied.invalid) return { fail: true };
  const cors = applied.spec.cors ? { cors: securityPolicyCors(applied.spec.cors) } : {};
  if (!applied.spec.jwt) return { fail: false, ...cors };
  const { lookup, configMaps } = referenceIndexes(ctx.graph);
  const policyOf = (field: string): ResourceKey => applied.owners[field] ?? applied.policies[0]!;
  const built = buildJwt(applied.spec.jwt, { policyOf, namespaceOf: (f) => policyOf(f).split('/')[1]!, configMaps, lookup, serviceDns: ctx.graph.serviceDns });
  // 3-merge reported any error and marked the application invalid; this is the same build.
  if (!built.jwt) return { fail: true };
  for (const c of built.clusters) addCluster(ctx, jwksCluster(c, policyOf('jwt')));
  return { fail: false, jwt: keyJwt(built.jwt), ...cors };
}
