// Route rules: backendRefs resolved to endpoints, mirrors, and the rule's filters as Envoy Gateway
// processes them; problems are reported where they are written.
import type { Loaded } from '../1-load/types';
import type { BackendRef, GRPCRoute, HTTPRoute, HTTPRouteFilter, TCPRoute, TLSRoute, UDPRoute } from '../api/routes';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { spanAt } from '../source';
import { resolveBackendRef, type BackendContext } from './backends';
import { processHeaderModifiers, type FilterError } from './header-modifiers';
import { refusedFilters } from './untranslated';
import { ruleExtensionFilters, withBackendExtension, withExtension } from './route-filter-refs';
import { isL4Route, type ResolvedBackend, type RuleNode } from './types';

export type AnyRoute = Loaded<HTTPRoute> | Loaded<GRPCRoute> | Loaded<TCPRoute> | Loaded<TLSRoute> | Loaded<UDPRoute>;

interface RuleInput {
  index: number;
  name?: string;
  backendRefs: BackendRef[];
  filters: HTTPRouteFilter[];
  path: (string | number)[];
}

/** Rules as Envoy Gateway sees them: TCP, TLS and UDP routes pool every rule's backendRefs into `rule/-1`. */
function ruleInputs(route: AnyRoute): RuleInput[] {
  const v = route.value;
  if (v.kind === 'TCPRoute' || v.kind === 'TLSRoute' || v.kind === 'UDPRoute') {
    const refs = v.spec.rules.flatMap((r) => r.backendRefs);
    const name = v.spec.rules[0]?.name;
    return [{ index: -1, ...(name !== undefined ? { name } : {}), backendRefs: refs, filters: [], path: ['spec', 'rules', 0] }];
  }
  const rules = (v.spec.rules ?? []) as { name?: string; backendRefs?: BackendRef[]; filters?: HTTPRouteFilter[] }[];
  return rules.map((r, index) => ({
    index,
    ...(r.name !== undefined ? { name: r.name } : {}),
    backendRefs: r.backendRefs ?? [],
    filters: r.filters ?? [],
    path: ['spec', 'rules', index],
  }));
}

/** A rule's header modifiers, normalized, and Envoy Gateway's errors about them. */
function ruleHeaders(rule: RuleInput): Pick<RuleNode, 'requestHeaders' | 'responseHeaders' | 'filterErrors'> & { problems: FilterError[] } {
  const at = [...rule.path, 'filters'];
  const request = processHeaderModifiers(rule.filters, 'RequestHeaderModifier', at);
  const response = processHeaderModifiers(rule.filters, 'ResponseHeaderModifier', at);
  return {
    ...(request.edits ? { requestHeaders: request.edits } : {}),
    ...(response.edits ? { responseHeaders: response.edits } : {}),
    filterErrors: [...request.errors, ...response.errors, ...refusedFilters(rule.filters, at)],
    problems: [...request.problems, ...response.problems],
  };
}

/**
 * A backendRef's own header modifiers and URLRewrite hostname, applied once it resolved (Envoy Gateway processes them
 * last): errors make the backendRef invalid with reason InvalidBackendFilters.
 */
function withBackendFilters(b: ResolvedBackend, path: (string | number)[]): ResolvedBackend {
  if (b.state === 'invalid' || b.filters.length === 0) return b;
  const request = processHeaderModifiers(b.filters, 'RequestHeaderModifier', path);
  const response = processHeaderModifiers(b.filters, 'ResponseHeaderModifier', path);
  const errors = [...request.errors, ...response.errors];
  if (errors.length > 0) {
    const message = errors.map((e) => e.message).join('\n');
    const hint = [...request.problems, ...response.problems].map((e) => e.message).join(' ');
    return { ...b, state: 'invalid', failure: { reason: 'InvalidBackendFilters', message, ...(hint && hint !== message ? { hint } : {}) }, endpoints: [] };
  }
  const hostRewrite = b.filters.find((f) => f.type === 'URLRewrite')?.urlRewrite?.hostname;
  return {
    ...b,
    ...(request.edits ? { requestHeaders: request.edits } : {}),
    ...(response.edits ? { responseHeaders: response.edits } : {}),
    ...(hostRewrite !== undefined ? { hostRewrite } : {}),
  };
}

/** Reports one unusable backendRef where it is written, with the status its traffic will get. */
function reportBackend(route: AnyRoute, rule: RuleInput, b: ResolvedBackend, all: ResolvedBackend[], diags: Diagnostics, label: string): void {
  if (b.state === 'valid' || !b.failure) return;
  const at = spanAt(route.src, isL4Route(route.value.kind) ? ['spec', 'rules'] : [...rule.path, 'backendRefs', b.index]);
  const validWeight = all.filter((x) => x.state === 'valid').reduce((s, x) => s + x.weight, 0);
  const total = all.reduce((s, x) => s + x.weight, 0);
  // Only HTTP routes split traffic by weight between valid and invalid backendRefs.
  const share = validWeight > 0 && !isL4Route(route.value.kind) ? { weight: b.weight, total } : undefined;
  const status = isL4Route(route.value.kind) ? 'closed' : b.state === 'noEndpoints' ? 503 : 500;
  diags.add(d.backendRefInvalid(at, label, b.failure.reason, b.failure.message, status, share, b.failure.hint));
}

/**
 * Why Envoy Gateway refuses a rule with a dynamic resolver backend (a ResolvedRefs error; the rule
 * answers 500): beside other backendRefs, or under a host rewrite from the path, whose host the
 * loopback guard would not see.
 */
function dynamicResolverError(
  rule: RuleInput,
  backends: ResolvedBackend[],
  ext: RuleNode['extension'],
): (RuleNode['filterErrors'][number] & { reason: string }) | undefined {
  const at = backends.findIndex((b) => b.dynamicResolver);
  if (at < 0) return undefined;
  const path = [...rule.path, 'backendRefs', at];
  // A TLS route's rules are one pooled rule (-1): Envoy Gateway words its error without a rule.
  const fail = (message: string, reason: string) => ({
    message: rule.index < 0 ? message : `failed to process route rule ${rule.index}: ${message}`,
    path: rule.index < 0 ? ['spec', 'rules'] : path,
    filter: -1,
    reason,
    condition: 'ResolvedRefs' as const,
  });
  if (ext?.urlRewrite?.host?.type === 'pathRegex')
    return fail('host rewrite from path (PathRegex) is not supported with a dynamic resolver backend', 'UnsupportedValue');
  if (rule.backendRefs.length > 1) return fail('dynamic resolver is not supported for multiple backendRefs', 'InvalidBackendRef');
  return undefined;
}

/** The route's rules with their backendRefs resolved; `report` says whether to warn about bad ones (the route reaches Envoy). */
export function resolveRules(route: AnyRoute, ctx: BackendContext, diags: Diagnostics, report: boolean): RuleNode[] {
  const v = route.value;
  const label = `${v.kind} ${v.metadata.namespace}/${v.metadata.name}`;
  const kindLower = v.kind.toLowerCase();
  return ruleInputs(route).map((rule): RuleNode => {
    const backends = rule.backendRefs.map((ref, j) => {
      const at = [...rule.path, 'backendRefs', j, 'filters'];
      return withBackendExtension(withBackendFilters(resolveBackendRef(ref, j, ctx), at), route, at, ctx.lookup, diags, report);
    });
    if (report) for (const b of backends) reportBackend(route, rule, b, backends, diags, label);
    const mirrors = new Map<number, ResolvedBackend>();
    // Envoy Gateway processes a rule's filters up to the first direct response.
    const ext = ruleExtensionFilters(route, rule, ctx.lookup, diags, report);
    ext.filters.forEach((f, i) => {
      if (f.type !== 'RequestMirror' || !f.requestMirror) return;
      const mirror = resolveBackendRef({ ...f.requestMirror.backendRef, weight: 1 }, i, ctx);
      if (report && mirror.state !== 'valid' && mirror.failure) {
        diags.add(
          d.backendRefInvalid(
            spanAt(route.src, [...rule.path, 'filters', i, 'requestMirror', 'backendRef']),
            label,
            mirror.failure.reason,
            mirror.failure.message,
            500,
          ),
        );
      }
      mirrors.set(i, mirror);
    });
    // Object.assign, not a leading spread: Node 20's V8 builds `{ ...rule, filters }` slowly (microseconds each).
    const { problems, ...headers } = ruleHeaders(Object.assign({}, rule, { filters: ext.filters }));
    if (report)
      for (const e of problems.length ? problems : headers.filterErrors)
        diags.add(d.routeFilterInvalid(spanAt(route.src, e.path), label, rule.index, e.message));
    const extended = withExtension(headers, ext);
    const dynamic = dynamicResolverError(rule, backends, extended.extension);
    if (report && dynamic)
      diags.add(d.backendRefInvalid(spanAt(route.src, dynamic.path), label, dynamic.reason, dynamic.message, isL4Route(v.kind) ? 'closed' : 500));
    return {
      index: rule.index,
      ...(rule.name !== undefined ? { name: rule.name } : {}),
      destination: `${kindLower}/${v.metadata.namespace}/${v.metadata.name}/rule/${rule.index}`,
      backends,
      mirrors,
      ...headers,
      ...extended,
      ...(dynamic ? { filterErrors: [...extended.filterErrors, dynamic] } : {}),
    };
  });
}
