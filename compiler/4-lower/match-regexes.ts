/**
 * The regexes of a route rule's matches, checked where they are written. Envoy Gateway refuses a
 * rule with an invalid regex (the rule is dropped and the route reports UnsupportedValue); envoyc
 * reports `invalid_regex` there and drops the rule the same way, so nothing Envoy refuses is written.
 */
import type { RouteNode } from '../2-resolve/types';
import type { GRPCRoute, HTTPRoute, HTTPRouteMatch } from '../api/routes';
import { checkRegexAt } from '../regex/check';
import { spanAt, type NodePath } from '../source';
import type { LowerContext } from './context';
import { grpcMatch } from './matches';

/** True when every regex of the rule is one Envoy accepts; each one it refuses is reported. */
export function ruleRegexesValid(ctx: LowerContext, route: RouteNode, ruleIndex: number): boolean {
  const v = route.loaded.value as HTTPRoute | GRPCRoute;
  let ok = true;
  // The route's label is made only for a regex: most rules have none.
  const check = (path: NodePath, pattern: string, field: string) => {
    ok = checkRegexAt(ctx.diags, spanAt(route.loaded.src, path), pattern, `${v.kind} ${v.metadata.namespace}/${v.metadata.name}: ${field}`) && ok;
  };
  const at = (mi: number): NodePath => ['spec', 'rules', ruleIndex, 'matches', mi];
  const headersAndQuery = (m: Pick<HTTPRouteMatch, 'headers' | 'queryParams'>, mi: number) => {
    m.headers?.forEach((h, i) => h.type === 'RegularExpression' && check([...at(mi), 'headers', i, 'value'], h.value, `header ${h.name}`));
    m.queryParams?.forEach((q, i) => q.type === 'RegularExpression' && check([...at(mi), 'queryParams', i, 'value'], q.value, `query parameter ${q.name}`));
  };
  if (v.kind === 'HTTPRoute') {
    (v.spec.rules[ruleIndex]?.matches ?? []).forEach((m, mi) => {
      if (m.path?.type === 'RegularExpression') check([...at(mi), 'path', 'value'], m.path.value, 'path');
      headersAndQuery(m, mi);
    });
    return ok;
  }
  (v.spec.rules?.[ruleIndex]?.matches ?? []).forEach((m, mi) => {
    headersAndQuery({ headers: m.headers ?? [] }, mi);
    const method = m.method;
    if (method?.type !== 'RegularExpression') return;
    const before = ok;
    if (method.service !== undefined) check([...at(mi), 'method', 'service'], method.service, 'method service');
    if (method.method !== undefined) check([...at(mi), 'method', 'method'], method.method, 'method method');
    // The parts become one `:path` regex, which Envoy judges (and sizes) as a whole.
    const path = grpcMatch(m).match.regex;
    if (ok === before && path !== undefined) check([...at(mi), 'method'], path, 'method (as the path regex envoyc writes)');
  });
  return ok;
}
