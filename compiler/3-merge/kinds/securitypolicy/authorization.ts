// A SecurityPolicy's `authorization` as Envoy Gateway builds it (`buildAuthorization`): rules in
// order, each an action on a principal (client CIDRs, JWT claims and scopes, headers, the client IP's
// geolocation) and an operation (methods, path), the first match deciding; the default action (Deny
// unless set) otherwise.
import type { SecurityPolicySpecAuthorization } from '../../../api/generated/securitypolicy';
import type { IrAuthorization, IrAuthorizationRule } from '../../../ir';
import { parseCidr } from '../../../units/cidr';
import { checkRegex, quoteMeta } from '../../../regex';
import { geoMatches } from './geoip';

type PathMatch = NonNullable<NonNullable<NonNullable<SecurityPolicySpecAuthorization['rules']>[number]['operation']>['path']>;

/**
 * `operation.path` as Envoy Gateway matches `:path` (`buildPathPredicate`): a prefix `/` as is,
 * another prefix path-separated, Exact with any query, fragment or parameters after it, a regex as
 * written; `invert` negates it.
 */
function pathMatch(p: PathMatch): NonNullable<IrAuthorizationRule['path']> {
  const type = p.type ?? 'PathPrefix';
  const match =
    type === 'RegularExpression'
      ? { regex: p.value }
      : type === 'Exact'
        ? { regex: `^${quoteMeta(p.value)}(\\?.*|#.*|;.*|$)` }
        : p.value === '/'
          ? { prefix: '/' }
          : { regex: `^${quoteMeta(p.value.replace(/\/$/, ''))}(/.*|\\?.*|#.*|;.*|$)` };
  return { match, invert: p.invert ?? false };
}

/** A rule's `operation.path` regex Envoy's RE2 refuses: where, and why. */
export function invalidPathRegexes(a: SecurityPolicySpecAuthorization): { index: number; pattern: string; reason: string }[] {
  return (a.rules ?? []).flatMap((r, index) => {
    const p = r.operation?.path;
    if (p?.type !== 'RegularExpression') return [];
    const v = checkRegex(p.value);
    return v.ok ? [] : [{ index, pattern: p.value, reason: v.reason }];
  });
}

/** What a TCP route cannot check (Envoy Gateway's validateSecurityPolicyForTCP): the first rule with it, in its words. */
export function tcpAuthorizationProblem(a: SecurityPolicySpecAuthorization): { index: number; message: string } | undefined {
  for (const [index, r] of (a.rules ?? []).entries()) {
    const fail = (what: string) => ({ index, message: `rule ${index}: ${what}` });
    if (r.cel !== undefined) return fail('CEL not supported for TCP');
    const p = r.principal;
    if (!p) continue;
    if (p.jwt) return fail('JWT not supported for TCP');
    if (p.headers?.length) return fail('headers not supported for TCP');
    if (p.clientIPGeoLocations?.length) return fail('clientIPGeoLocations not supported for TCP');
    const bad = (p.clientCIDRs ?? []).find((c) => !parseCidr(c));
    if (bad !== undefined) return fail(`invalid ClientCIDR "${bad}"`);
  }
  return undefined;
}

/**
 * A rule's `cel` as Envoy's CEL matcher takes it (Envoy Gateway's parseCELToProto): the parsed
 * expression, as `cel.expr.ParsedExpr` JSON. The CEL packages load only when a rule has one.
 */
function parsedCel(expression: string): object | { error: string } {
  const { parse } = require('@bufbuild/cel') as typeof import('@bufbuild/cel');
  const { toJson } = require('@bufbuild/protobuf') as typeof import('@bufbuild/protobuf');
  const { ParsedExprSchema } = require('@bufbuild/cel-spec/cel/expr/syntax_pb.js') as typeof import('@bufbuild/cel-spec/cel/expr/syntax_pb.js');
  try {
    return toJson(ParsedExprSchema, parse(expression), { useProtoFieldName: true }) as object;
  } catch (err) {
    return { error: `failed to parse CEL expression ${JSON.stringify(expression)}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** `buildAuthorization`: the rules, named `<name>` or `securitypolicy/<ns>/<policy>/authorization/rule/<i>`. */
export function buildAuthorization(a: SecurityPolicySpecAuthorization, owner: { namespace: string; name: string }): IrAuthorization | { error: string } {
  const rules: IrAuthorizationRule[] = [];
  for (const [i, r] of (a.rules ?? []).entries()) {
    const cidrs = [];
    for (const c of r.principal?.clientCIDRs ?? []) {
      const parsed = parseCidr(c);
      if (!parsed) return { error: `unable to translate authorization rule: invalid CIDR address: ${c}` };
      cidrs.push({ address: parsed.address, prefixLen: parsed.prefixLen });
    }
    const p = r.principal;
    const cel = r.cel !== undefined ? parsedCel(r.cel) : undefined;
    const geo = geoMatches(p?.clientIPGeoLocations ?? []);
    if (cel && 'error' in cel) return { error: `unable to translate authorization rule: ${cel.error}` };
    rules.push({
      name: r.name || `securitypolicy/${owner.namespace}/${owner.name}/authorization/rule/${i}`,
      action: r.action,
      ...(r.operation?.methods?.length ? { methods: r.operation.methods } : {}),
      ...(r.operation?.path ? { path: pathMatch(r.operation.path) } : {}),
      ...(cidrs.length ? { clientCidrs: cidrs } : {}),
      ...(p?.jwt
        ? {
            jwt: {
              provider: p.jwt.provider,
              scopes: p.jwt.scopes ?? [],
              claims: (p.jwt.claims ?? []).map((c) => ({ name: c.name, values: c.values, list: c.valueType === 'StringArray' })),
            },
          }
        : {}),
      ...(p?.headers?.length ? { headers: p.headers.map((h) => ({ name: h.name, values: h.values })) } : {}),
      ...(cel ? { cel } : {}),
      ...(geo.length ? { geoLocations: geo } : {}),
    });
  }
  return { rules, defaultAction: a.defaultAction ?? 'Deny' };
}
