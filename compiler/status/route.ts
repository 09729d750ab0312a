// A route's parent status as Envoy Gateway writes it (internal/gatewayapi/route.go
// process*RouteParentRefs): attachment, rule errors (Accepted / PartiallyInvalid), ResolvedRefs.
import { INVALID_RULE, isL4Route, type Condition, type ParentNode, type RouteNode } from '../2-resolve/types';
import { CONTROLLER_NAME } from '../3-merge/status';
import type { RouteStatus } from '.';

/** Envoy Gateway's Error2ConditionMsg: first letter upper-cased, ending with a period. */
function sentence(text: string): string {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return s.endsWith('.') ? s : `${s}.`;
}

/** Envoy Gateway's MultiStatusError: one message as it is, several each as a sentence, one per line. */
function joined(messages: string[]): string {
  return messages.length === 1 ? messages[0]! : messages.map(sentence).join('\n');
}

/**
 * ResolvedRefs (and BackendsAvailable) for a route, with Envoy Gateway's wording: HTTP and gRPC
 * errors wrapped as `Failed to process route rule <r> backendRef <b>: <inner>.`, TCP/TLS bare.
 */
function refConditions(route: RouteNode): Condition[] {
  const l4 = isL4Route(route.kind);
  // Per rule, as Envoy Gateway collects them: an extensionRef that names nothing, then the backendRefs.
  const failures = route.rules.flatMap((rule) => [
    ...rule.filterErrors
      .filter((e) => e.condition === 'ResolvedRefs')
      .map((e) => ({ state: 'invalid', reason: e.reason ?? 'UnsupportedValue', message: e.message })),
    ...rule.backends
      .filter((b) => b.failure)
      .map((b) => ({
        state: b.state,
        reason: b.failure!.reason,
        message: l4 ? b.failure!.message : `Failed to process route rule ${rule.index} backendRef ${b.index}: ${b.failure!.message}`,
      })),
  ]);
  const join = (list: typeof failures) => (list.length === 1 && l4 ? list[0]!.message : list.map((f) => sentence(f.message)).join('\n'));
  const reasons = (list: typeof failures) => [...new Set(list.map((f) => f.reason))].sort().join(',');
  const invalid = failures.filter((f) => f.state === 'invalid');
  const empty = failures.filter((f) => f.state === 'noEndpoints');
  const out: Condition[] = [
    invalid.length
      ? { type: 'ResolvedRefs', status: 'False', reason: reasons(invalid), message: join(invalid) }
      : { type: 'ResolvedRefs', status: 'True', reason: 'ResolvedRefs', message: 'Resolved all the Object references for the Route' },
  ];
  if (empty.length) out.push({ type: 'BackendsAvailable', status: 'False', reason: reasons(empty), message: join(empty) });
  return out;
}

/**
 * The rules Envoy Gateway did not accept (filter errors) and its message: errors joined per
 * filter, then per rule, then across rules, as its error collectors do.
 */
function ruleErrors(route: RouteNode): { rules: number[]; message: string; reason: string } | undefined {
  const perRule: string[] = [];
  const rules: number[] = [];
  const reasons = new Set<string>();
  for (const rule of route.rules) {
    const errors = rule.filterErrors.filter((e) => e.condition === undefined);
    if (errors.length === 0) continue;
    const byFilter = new Map<number, string[]>();
    for (const e of errors) byFilter.set(e.filter, [...(byFilter.get(e.filter) ?? []), e.message]);
    perRule.push(joined([...byFilter.values()].map((m) => m.join('\n'))));
    rules.push(rule.index);
    // Envoy Gateway joins a rule's reasons, then the rules' joined reasons, each sorted and once.
    reasons.add([...new Set(errors.map((e) => e.reason ?? 'UnsupportedValue'))].sort().join(','));
  }
  return rules.length ? { rules, message: sentence(joined(perRule)), reason: [...reasons].sort().join(',') } : undefined;
}

/** A condition replaces the one of its type in place, else it is appended (Envoy Gateway's MergeConditions). */
function set(list: Condition[], c: Condition): void {
  const i = list.findIndex((x) => x.type === c.type);
  if (i >= 0) list[i] = c;
  else list.push(c);
}

const ACCEPTED: Condition = { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Route is accepted' };

function parentConditions(p: ParentNode, route: RouteNode, refs: Condition[], errors: ReturnType<typeof ruleErrors>): Condition[] {
  // Envoy Gateway stops at a TCP or UDP route's rule count: no backendRef is resolved for that parent.
  if (p.conditions.includes(INVALID_RULE)) return [...p.conditions];
  const out = [...p.conditions];
  const hostnameMiss = out.find((c) => c.reason === 'NoMatchingListenerHostname');
  if (errors) {
    const total = (route.loaded.value.spec as { rules?: unknown[] }).rules?.length ?? 0;
    if (errors.rules.length === total) set(out, { type: 'Accepted', status: 'False', reason: errors.reason, message: errors.message });
    else {
      set(out, {
        type: 'PartiallyInvalid',
        status: 'True',
        reason: errors.reason,
        message: `Dropped Rule(s) [${errors.rules.join(' ')}]: ${errors.message}`,
      });
      set(out, ACCEPTED);
    }
  }
  for (const c of refs) set(out, c);
  // Envoy Gateway checks hostnames after the rules, so that verdict stands.
  if (hostnameMiss) set(out, hostnameMiss);
  return out;
}

export function routeStatus(route: RouteNode, forParent: (p: ParentNode) => RouteNode = () => route): RouteStatus {
  return {
    metadata: { namespace: route.loaded.value.metadata.namespace, name: route.loaded.value.metadata.name },
    status: {
      // Every parent Envoy Gateway processed carries ResolvedRefs, accepted or not; each judged on its own listeners (upstream TLS differs per Gateway).
      parents: route.parents.map((p) => {
        const view = forParent(p);
        return { parentRef: p.ref, controllerName: CONTROLLER_NAME, conditions: parentConditions(p, view, refConditions(view), ruleErrors(view)) };
      }),
    },
  };
}
