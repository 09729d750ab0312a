// What Envoy Gateway v1.9 itself refuses or ignores on a route, handled as there.
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { spanAt, type NodePath } from '../source';
import type { FilterError } from './header-modifiers';
import type { AnyRoute } from './rules';

/** Filter types Envoy Gateway v1.9 refuses itself (`unsupported filter type`): the rule is not accepted and answers 500. */
const REFUSED_FILTERS = new Set(['ExternalAuth']);

/** Envoy Gateway's errors about the filter types it refuses, as a rule's filter errors. */
export function refusedFilters(filters: readonly { type: string }[], at: NodePath): FilterError[] {
  return filters.flatMap((f, i) =>
    REFUSED_FILTERS.has(f.type) ? [{ message: `invalid filter ${f.type}: unsupported filter type ${f.type}`, path: [...at, i, 'type'], filter: i }] : [],
  );
}

/** Reports every field of a route that Envoy Gateway ignores. */
export function reportIgnoredFields(route: AnyRoute, diags: Diagnostics): void {
  const v = route.value;
  const label = `${v.kind} ${v.metadata.namespace}/${v.metadata.name}`;
  const at = (path: NodePath) => spanAt(route.src, path);
  if (v.spec.useDefaultGateways !== undefined)
    diags.add(d.fieldIgnored(at(['spec', 'useDefaultGateways']), label, 'useDefaultGateways', 'it attaches routes by their parentRefs only'));
  if (v.kind !== 'GRPCRoute') return;
  ((v.spec.rules ?? []) as { sessionPersistence?: unknown }[]).forEach((rule, r) => {
    if (rule.sessionPersistence !== undefined)
      diags.add(
        d.fieldIgnored(at(['spec', 'rules', r, 'sessionPersistence']), label, 'sessionPersistence', 'it reads sessionPersistence on HTTPRoute rules only'),
      );
  });
}
