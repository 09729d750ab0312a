// What Envoy Gateway v1.9 translates on a route or Gateway and envoyc does not yet: an error where
// it is written (the Envoy written would lack it), unless `--suppress CODE[=RESOURCE]` accepts it.
// What Envoy Gateway itself refuses or ignores is handled as there.
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { findSuppression, type SuppressRule } from '../diagnostics/suppress';
import { spanAt, type NodePath } from '../source';
import type { FilterError } from './header-modifiers';
import type { AnyRoute } from './rules';

/** Filter types Envoy Gateway v1.9 refuses itself (`unsupported filter type`): the rule is not accepted and answers 500. */
const REFUSED_FILTERS = new Set(['ExternalAuth']);
/**
 * backendRef filters Envoy Gateway translates and envoyc does not yet (header modifiers and
 * HTTPRouteFilters are translated): URLRewrite, whose hostname Envoy Gateway writes on the backendRef's weighted cluster.
 */
const UNTRANSLATED_BACKEND_FILTERS = new Set(['URLRewrite']);

/** Envoy Gateway's errors about the filter types it refuses, as a rule's filter errors. */
export function refusedFilters(filters: readonly { type: string }[], at: NodePath): FilterError[] {
  return filters.flatMap((f, i) =>
    REFUSED_FILTERS.has(f.type) ? [{ message: `invalid filter ${f.type}: unsupported filter type ${f.type}`, path: [...at, i, 'type'], filter: i }] : [],
  );
}

interface RuleShape {
  backendRefs?: { filters?: { type: string }[] }[];
  sessionPersistence?: unknown;
}

/** Reports every untranslated filter and field of a route that reaches Envoy. */
export function reportUntranslated(route: AnyRoute, suppress: readonly SuppressRule[], diags: Diagnostics): void {
  const v = route.value;
  const label = `${v.kind} ${v.metadata.namespace}/${v.metadata.name}`;
  const at = (path: NodePath) => spanAt(route.src, path);
  if (v.spec.useDefaultGateways !== undefined)
    diags.add(d.fieldIgnored(at(['spec', 'useDefaultGateways']), label, 'useDefaultGateways', 'it attaches routes by their parentRefs only'));
  if (v.kind !== 'HTTPRoute' && v.kind !== 'GRPCRoute') return;
  const accepted = (code: string) => !!findSuppression(suppress, code, route.key, route.src.file);
  ((v.spec.rules ?? []) as RuleShape[]).forEach((rule, r) => {
    const path = ['spec', 'rules', r];
    rule.backendRefs?.forEach((b, j) =>
      b.filters?.forEach((f, i) => {
        if (!UNTRANSLATED_BACKEND_FILTERS.has(f.type)) return;
        const where = at([...path, 'backendRefs', j, 'filters', i, 'type']);
        diags.add(d.backendFilterNotSupported(where, label, f.type, accepted('filter_not_supported')));
      }),
    );
    if (v.kind === 'GRPCRoute' && rule.sessionPersistence !== undefined)
      diags.add(d.fieldIgnored(at([...path, 'sessionPersistence']), label, 'sessionPersistence', 'it reads sessionPersistence on HTTPRoute rules only'));
  });
}
