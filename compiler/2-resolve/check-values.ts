// Runs the Envoy value rules (envoy-values.ts) over every loaded object, reporting each value Envoy
// would refuse at the node where it is written.
import type { Loaded, Resources } from '../1-load/types';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { spanAt } from '../source';
import { formatStringProblem } from '../units/formatter';
import { ENVOY_VALUE_RULES, type ValueRule } from './envoy-values';

type Path = (string | number)[];

/** The values at `pattern` in `root` with their concrete paths (`[]` walks a list, `{}` a map's values). */
function* walk(root: unknown, segments: string[], path: Path = []): Generator<{ value: unknown; parent: Record<string, unknown>; path: Path }> {
  const [head, ...rest] = segments;
  if (head === undefined || root === null || typeof root !== 'object') return;
  const m = /^([^[{]+)(\[\]|\{\})?$/.exec(head)!;
  const key = m[1]!;
  const parent = root as Record<string, unknown>;
  const value = parent[key];
  if (value === undefined) return;
  const children: [string | number, unknown][] =
    m[2] === '[]' && Array.isArray(value) ? value.map((v, i) => [i, v]) : m[2] === '{}' && value && typeof value === 'object' ? Object.entries(value) : [];
  if (!m[2]) {
    if (rest.length === 0) yield { value, parent, path: [...path, key] };
    else yield* walk(value, rest, [...path, key]);
    return;
  }
  for (const [k, v] of children) {
    if (rest.length === 0) yield { value: v, parent: value as Record<string, unknown>, path: [...path, key, k] };
    else yield* walk(v, rest, [...path, key, k]);
  }
}

/** `spec.rules[0].filters[1].value`. */
function fieldPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function checkObject(obj: Loaded<{ kind: string; metadata: { namespace: string; name: string } }>, rules: ValueRule[], diags: Diagnostics): void {
  const label = `${obj.value.kind} ${obj.value.metadata.namespace}/${obj.value.metadata.name}`;
  for (const rule of rules) {
    for (const { value, parent, path } of walk(obj.value, rule.path.split('.'))) {
      const problem = rule.check(value, parent);
      if (problem) diags.add(d.valueUnsupportedByEnvoy(spanAt(obj.src, path), label, fieldPath(path), problem));
    }
  }
}

/**
 * A response override or direct response body from a ConfigMap is a format string too: checked at the ConfigMap key
 * Envoy Gateway reads (`response.body`, else the first key), in the namespace of the object naming it.
 */
function checkConfigMapBodies(r: Resources, diags: Diagnostics): void {
  const maps = new Map(r.configMaps.map((c) => [`${c.value.metadata.namespace}/${c.value.metadata.name}`, c]));
  const seen = new Set<string>();
  // The ConfigMaps response override and HTTPRouteFilter direct response bodies name, in their own namespace.
  const refs = [
    ...r.policies.flatMap((p) => (p.value.spec.responseOverride ?? []).map((o) => ({ ns: p.value.metadata.namespace, body: o.response?.body }))),
    ...r.httpRouteFilters.map((f) => ({ ns: f.value.metadata.namespace, body: f.value.spec.directResponse?.body })),
  ];
  for (const { ns, body } of refs) {
    const name = body?.type === 'ValueRef' ? body.valueRef?.name : undefined;
    const cm = name !== undefined ? maps.get(`${ns}/${name}`) : undefined;
    const data = cm?.value.data ?? {};
    const key = data['response.body'] !== undefined ? 'response.body' : Object.keys(data).sort()[0];
    if (!cm || key === undefined || seen.has(`${cm.key}/${key}`)) continue;
    seen.add(`${cm.key}/${key}`);
    const problem = formatStringProblem(data[key]!);
    const label = `ConfigMap ${cm.value.metadata.namespace}/${cm.value.metadata.name}`;
    if (problem) diags.add(d.valueUnsupportedByEnvoy(spanAt(cm.src, ['data', key]), label, `data.${key}`, problem));
  }
}

/** The loaded objects the rules look at, by list; a rule for any other kind would never run (a test checks). */
export const CHECKED_LISTS = ['httpRoutes', 'grpcRoutes', 'backends', 'policies', 'clientTrafficPolicies', 'httpRouteFilters', 'envoyProxies'] as const;

/** Every value Envoy would refuse, reported where it is written (an input error each). */
export function checkEnvoyValues(r: Resources, diags: Diagnostics): void {
  const byKind = new Map<string, ValueRule[]>();
  for (const rule of ENVOY_VALUE_RULES) for (const k of rule.kinds) byKind.set(k, [...(byKind.get(k) ?? []), rule]);
  const objects = CHECKED_LISTS.flatMap((l): Loaded<{ kind: string; metadata: { namespace: string; name: string } }>[] => r[l]);
  for (const obj of objects) {
    const rules = byKind.get(obj.value.kind);
    if (rules) checkObject(obj, rules, diags);
  }
  checkConfigMapBodies(r, diags);
}
