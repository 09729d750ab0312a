import type { IrAuthorization, IrAuthorizationRule } from '../../ir';
import { typed } from '../common';
import type { Any, Message } from '../envoy';

/** `envoy.extensions.filters.http.rbac.v3.RBAC`: empty (no policy: every request passes); routes carry their own. */
export function buildRbacFilter(): Any {
  return typed('envoy.extensions.filters.http.rbac.v3.RBAC');
}

const action = (a: 'Allow' | 'Deny') =>
  typed('envoy.config.rbac.v3.Action', a === 'Allow' ? { name: 'ALLOW', action: 'ALLOW' } : { name: 'DENY', action: 'DENY' });

/** One input and matcher (`xds.type.matcher.v3.Matcher.MatcherList.Predicate.SinglePredicate`). */
function single(inputName: string, input: Any, match: Message): Message {
  return { single_predicate: { input: { name: inputName, typed_config: input }, ...match } };
}

/** Several predicates: ORed or ANDed (one is itself). */
function combine(kind: 'or_matcher' | 'and_matcher', ps: Message[]): Message | undefined {
  if (ps.length <= 1) return ps[0];
  return { [kind]: { predicate: ps } };
}

function headerEquals(name: string, values: string[], ignoreCase: boolean): Message[] {
  const input = typed('envoy.type.matcher.v3.HttpRequestHeaderMatchInput', { header_name: name });
  return values.map((v) => single('http_header', input, { value_match: { exact: v, ...(ignoreCase ? { ignore_case: true } : {}) } }));
}

function metadataMatch(inputName: string, matcherName: string, path: string[], value: Message): Message {
  const input = typed('envoy.extensions.matching.common_inputs.network.v3.DynamicMetadataInput', {
    filter: 'envoy.filters.http.jwt_authn',
    path: path.map((key) => ({ key })),
  });
  return single(inputName, input, {
    custom_match: { name: matcherName, typed_config: typed('envoy.extensions.matching.input_matchers.metadata.v3.Metadata', { value }) },
  });
}

const oneOf = (v: string) => ({ list_match: { one_of: { string_match: { exact: v } } } });

/** JWT scopes (each in `scope` or `scp`, both normalized to lists by jwt_authn) and claims (a dotted name is a path). */
function jwtPredicates(jwt: NonNullable<IrAuthorizationRule['jwt']>): Message[] {
  const scopes = jwt.scopes.map((s) =>
    combine(
      'or_matcher',
      ['scope', 'scp'].map((k) => metadataMatch('scope', 'scope_matcher', [jwt.provider, k], oneOf(s))),
    )!,
  );
  const claims = jwt.claims.flatMap((c) => {
    const path = [jwt.provider, ...c.name.split('.')];
    const ps = c.values.map((v) => metadataMatch('claim', 'claim_matcher', path, c.list ? oneOf(v) : { string_match: { exact: v } }));
    const p = combine('or_matcher', ps);
    return p ? [p] : [];
  });
  return [...scopes, ...claims];
}

function cidrPredicate(cidrs: NonNullable<IrAuthorizationRule['clientCidrs']>): Message {
  const matcher = typed('envoy.extensions.matching.input_matchers.ip.v3.Ip', {
    cidr_ranges: cidrs.map((c) => ({ address_prefix: c.address, prefix_len: c.prefixLen })),
    stat_prefix: 'client_ip',
  });
  return single('client_ip', typed('envoy.extensions.matching.common_inputs.network.v3.SourceIPInput'), {
    custom_match: { name: 'ip_matcher', typed_config: matcher },
  });
}

/** `:path` against a prefix or a regex, negated when inverted. */
function pathPredicate(p: NonNullable<IrAuthorizationRule['path']>): Message {
  const input = typed('envoy.type.matcher.v3.HttpRequestHeaderMatchInput', { header_name: ':path' });
  // xds.type.matcher.v3.RegexMatcher requires its engine named.
  const match = 'prefix' in p.match ? { prefix: p.match.prefix } : { safe_regex: { google_re2: {}, regex: p.match.regex } };
  const predicate = single('http_header', input, { value_match: match });
  return p.invert ? { not_matcher: predicate } : predicate;
}

/** A CEL expression on the request's attributes (Envoy Gateway's buildCELPredicate). */
function celPredicate(parsed: object): Message {
  return single('cel', typed('xds.type.matcher.v3.HttpAttributesCelMatchInput'), {
    custom_match: { name: 'cel_matcher', typed_config: typed('xds.type.matcher.v3.CelMatcher', { expr_match: { cel_expr_parsed: parsed } }) },
  });
}

/** The geoip filter's headers: any one location, each with all its fields. */
function geoPredicate(locations: NonNullable<IrAuthorizationRule['geoLocations']>): Message {
  const each = locations.map((fields) =>
    combine(
      'and_matcher',
      fields.flatMap((f) => headerEquals(f.header, [f.value], f.ignoreCase)),
    )!,
  );
  return combine('or_matcher', each)!;
}

/** One rule as a field matcher: methods, path, client CIDRs, geolocation, CEL, JWT, headers ANDed, in Envoy Gateway's order. */
function buildRuleMatcher(r: IrAuthorizationRule): Message {
  const parts = [
    ...(r.methods ? [combine('or_matcher', headerEquals(':method', r.methods, true))!] : []),
    ...(r.path ? [pathPredicate(r.path)] : []),
    ...(r.clientCidrs ? [cidrPredicate(r.clientCidrs)] : []),
    ...(r.geoLocations ? [geoPredicate(r.geoLocations)] : []),
    ...(r.cel ? [celPredicate(r.cel)] : []),
    ...(r.jwt ? jwtPredicates(r.jwt) : []),
    ...(r.headers ?? []).map((h) => combine('or_matcher', headerEquals(h.name, h.values, false))!),
  ];
  return { ...(parts.length ? { predicate: combine('and_matcher', parts) } : {}), on_match: { action: { name: r.name, typed_config: action(r.action) } } };
}

/** A first-match matcher list, one matcher per rule, and the default action on no match. */
function buildRbacMatcher(a: IrAuthorization): Message {
  return {
    ...(a.rules.length ? { matcher_list: { matchers: a.rules.map(buildRuleMatcher) } } : {}),
    on_no_match: { action: { name: 'default', typed_config: action(a.defaultAction) } },
  };
}

/** Per route: `RBACPerRoute`. */
export function buildRbacPerRoute(a: IrAuthorization): Any {
  return typed('envoy.extensions.filters.http.rbac.v3.RBACPerRoute', { rbac: { matcher: buildRbacMatcher(a) } });
}

/** A TCP or TLS route's `envoy.filters.network.rbac` (Envoy Gateway's buildTCPRBACFilter): the same matcher on each connection. */
export function buildNetworkRbac(a: IrAuthorization, statPrefix: string): Message {
  return {
    name: 'envoy.filters.network.rbac',
    typed_config: typed('envoy.extensions.filters.network.rbac.v3.RBAC', { stat_prefix: statPrefix, matcher: buildRbacMatcher(a) }),
  };
}

/** The host names and addresses Envoy Gateway's dynamic forward proxy guard treats as loopback (with any port). */
const LOOPBACK_HOSTS = [
  '^127\\.0\\.0\\.1(?::\\d+)?$',
  '^localhost(?::\\d+)?$',
  '^localhost\\.localdomain(?::\\d+)?$',
  '^ip6-localhost(?::\\d+)?$',
  '^ip6-loopback(?::\\d+)?$',
  '^\\[::1\\](?::\\d+)?$',
  '^::1(?::\\d+)?$',
];

/** A dynamic resolver route's `RBACPerRoute`: a request whose `header` names a loopback host is denied (Envoy Gateway's buildDFPLoopbackRBACPerRoute). */
export function buildLoopbackDenyPerRoute(header: string): Any {
  const input = typed('envoy.type.matcher.v3.HttpRequestHeaderMatchInput', { header_name: header });
  const loopback = LOOPBACK_HOSTS.map((regex) => single('http_header', input, { value_match: { safe_regex: { google_re2: {}, regex } } }));
  return typed('envoy.extensions.filters.http.rbac.v3.RBACPerRoute', {
    rbac: {
      matcher: {
        matcher_list: {
          matchers: [{ predicate: combine('or_matcher', loopback), on_match: { action: { name: 'deny-loopback-host', typed_config: action('Deny') } } }],
        },
        on_no_match: { action: { name: 'default', typed_config: action('Allow') } },
      },
    },
  });
}
