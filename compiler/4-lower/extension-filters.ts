// What a rule's HTTPRouteFilters (extensionRef) make of its route entries, as Envoy Gateway's xDS
// translator writes them (internal/xds/translator route.go buildXdsURLRewriteAction,
// buildXdsDirectResponseAction; credentialInjector.go).
import type { CookieMatch, CredentialInjection, RuleExtension } from '../2-resolve/types';
import type { HTTPRouteFilter } from '../api/routes';
import type { IrClusterSettings, IrCredentialInjector, IrForwardAction, IrRouteAction } from '../ir';
import { escapeLonePercents } from '../units/formatter';
import type { LowerContext } from './context';
import { pathRewrite } from './filters';
import type { SortableMatch } from './matches';
import { lowerSecretData } from './secrets';

/** The data key of the Secret a credential comes from. */
const CREDENTIAL_KEY = 'credential';

/** An HTTPRouteFilter's direct response; a text body is a format string, a lone `%` written `%%` as in header values. */
export function extensionDirectResponse(ext: RuleExtension | undefined): IrRouteAction | undefined {
  const dr = ext?.directResponse;
  if (!dr) return undefined;
  const body = dr.body && ('text' in dr.body ? { text: escapeLonePercents(dr.body.text) } : dr.body);
  return { type: 'direct', status: dr.status, ...(body ? { body } : {}) };
}

type Rewrite = Pick<IrForwardAction, 'prefixRewrite' | 'regexRewrite' | 'hostRewrite' | 'appendXForwardedHost'>;

/**
 * The path and host rewrites of a forwarding route: the rule's URLRewrite filter, or what an
 * HTTPRouteFilter's urlRewrite sets where the URLRewrite sets nothing (2-resolve refused both at
 * once). Envoy Gateway appends X-Forwarded-Host with any host rewrite unless the HTTPRouteFilter
 * says `appendXForwardedHost: false`.
 */
export function routeRewrite(
  core: NonNullable<HTTPRouteFilter['urlRewrite']> | undefined,
  ext: RuleExtension | undefined,
  matchedPrefix: string | undefined,
): Rewrite {
  const path = core?.path ? pathRewrite(core.path, matchedPrefix, 'regex') : {};
  const mine = ext?.urlRewrite;
  const regex = path.regexRewrite ?? mine?.path;
  const host: IrForwardAction['hostRewrite'] = core?.hostname !== undefined ? { type: 'literal', hostname: core.hostname } : mine?.host;
  return {
    ...(path.prefixRewrite !== undefined ? { prefixRewrite: path.prefixRewrite } : {}),
    ...(regex ? { regexRewrite: { pattern: regex.pattern, substitution: regex.substitution } } : {}),
    ...(host ? { hostRewrite: host, ...(mine?.appendXForwardedHost !== false ? { appendXForwardedHost: true } : {}) } : {}),
  };
}

/**
 * The rule's matches × an HTTPRouteFilter's cookie alternatives, in that order (Envoy Gateway's
 * buildRouteMatchCombinations): each combination is one route entry, numbered in turn, so a gRPC
 * rule without matches gets numbered entries too.
 */
export function withCookieMatches(
  rule: { matches: SortableMatch[]; noMatches: boolean },
  alternatives: CookieMatch[][] | undefined,
): { matches: SortableMatch[]; noMatches: boolean } {
  if (!alternatives?.length) return rule;
  const cookies = alternatives.map((list) => list.map((c) => ({ name: c.name, match: { type: c.type, value: c.value } })));
  return { matches: rule.matches.flatMap((m) => cookies.map((c) => ({ ...m, match: { ...m.match, cookies: c } }))), noMatches: false };
}

/** An HTTPRouteFilter's credential injector: the filter and its secret are named after the HTTPRouteFilter (Envoy Gateway). */
function injectorOf(c: CredentialInjection): IrCredentialInjector {
  return {
    filterName: `envoy.filters.http.credential_injector/${c.name}`,
    secretName: `credential_injector/credential/${c.name}`,
    ...(c.header !== undefined ? { header: c.header } : {}),
    ...(c.overwrite !== undefined ? { overwrite: c.overwrite } : {}),
  };
}

/** An HTTPRouteFilter's credential injector, its credential kept as a generic secret of the config. */
export function credentialInjector(ctx: LowerContext, c: CredentialInjection | undefined): IrCredentialInjector | undefined {
  if (!c) return undefined;
  const injector = injectorOf(c);
  if (!ctx.genericSecrets.has(injector.secretName))
    ctx.genericSecrets.set(injector.secretName, { name: injector.secretName, secret: lowerSecretData(c.secret, CREDENTIAL_KEY, c.base64, true, ctx.opts) });
  return injector;
}

/**
 * A backendRef's cluster with its HTTPRouteFilter credential injector as an upstream filter (Envoy
 * Gateway gives such a backendRef a cluster of its own); the upstream protocol stays as it was, or
 * HTTP/1.1, which any HttpProtocolOptions needs.
 */
export function withUpstreamCredential(settings: IrClusterSettings, c: CredentialInjection | undefined): IrClusterSettings {
  if (!c) return settings;
  return { ...settings, http: { ...(settings.http ?? { protocol: { type: 'http1' } }), credentialInjector: injectorOf(c) } };
}
