// Runs the Envoy value rules (envoy-values.ts) over every loaded object, reporting each value Envoy
// would refuse at the node where it is written.
import type { Loaded, Resources } from '../1-load/types';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { spanAt } from '../source';
import { formatStringProblem } from '../units/formatter';
import { ENVOY_VALUE_RULES, type ValueRule } from './envoy-values';

type Path = (string | number)[];

/** One step of a rule's path: a key, then (`[]`) each item of the list or (`{}`) each value of the map there. */
interface Step {
  key: string;
  each?: '[]' | '{}';
}

/** A rule with its path split once (the walk runs for every object). */
interface CompiledRule {
  steps: Step[];
  check: ValueRule['check'];
}

function compileRule(rule: ValueRule): CompiledRule {
  const steps = rule.path.split('.').map((segment): Step => {
    const m = /^([^[{]+)(\[\]|\{\})?$/.exec(segment)!;
    return m[2] ? { key: m[1]!, each: m[2] as Step['each'] } : { key: m[1]! };
  });
  return { steps, check: rule.check };
}

/**
 * Checks the values at `rule`'s path below `node` (from step `i`), in document order; `path` is the
 * concrete path so far, extended and restored in place, and copied only for a value with a problem.
 */
function checkAt(node: unknown, rule: CompiledRule, i: number, path: Path, report: (path: Path, problem: string) => void): void {
  if (node === null || typeof node !== 'object') return;
  const step = rule.steps[i]!;
  const parent = node as Record<string, unknown>;
  const value = parent[step.key];
  if (value === undefined) return;
  path.push(step.key);
  if (!step.each) checkValue(value, parent, rule, i, path, report);
  else if (step.each === '[]' && Array.isArray(value))
    for (let k = 0; k < value.length; k++) {
      path.push(k);
      checkValue(value[k], value as unknown as Record<string, unknown>, rule, i, path, report);
      path.pop();
    }
  else if (step.each === '{}' && value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      path.push(k);
      checkValue(v, value as Record<string, unknown>, rule, i, path, report);
      path.pop();
    }
  path.pop();
}

/** `v`, reached at step `i` of `rule` (in `owner`): checked if the path ends here, else walked on. */
function checkValue(
  v: unknown,
  owner: Record<string, unknown>,
  rule: CompiledRule,
  i: number,
  path: Path,
  report: (path: Path, problem: string) => void,
): void {
  if (i < rule.steps.length - 1) return checkAt(v, rule, i + 1, path, report);
  const problem = rule.check(v, owner);
  if (problem) report([...path], problem);
}

/** `spec.rules[0].filters[1].value`. */
function fieldPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function checkObject(obj: Loaded<{ kind: string; metadata: { namespace: string; name: string } }>, rules: CompiledRule[], diags: Diagnostics): void {
  const report = (path: Path, problem: string) => {
    const label = `${obj.value.kind} ${obj.value.metadata.namespace}/${obj.value.metadata.name}`;
    diags.add(d.valueUnsupportedByEnvoy(spanAt(obj.src, path), label, fieldPath(path), problem));
  };
  // One path for every rule: the walk pops what it pushes, and a problem is reported with a copy.
  const path: Path = [];
  for (const rule of rules) checkAt(obj.value, rule, 0, path, report);
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
  const byKind = new Map<string, CompiledRule[]>();
  for (const rule of ENVOY_VALUE_RULES) {
    const compiled = compileRule(rule);
    for (const k of rule.kinds) byKind.set(k, [...(byKind.get(k) ?? []), compiled]);
  }
  const objects = CHECKED_LISTS.flatMap((l): Loaded<{ kind: string; metadata: { namespace: string; name: string } }>[] => r[l]);
  for (const obj of objects) {
    const rules = byKind.get(obj.value.kind);
    if (rules) checkObject(obj, rules, diags);
  }
  checkConfigMapBodies(r, diags);
}
