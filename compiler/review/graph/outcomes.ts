/**
 * What each route rule answers, read from the IR: the rules that Envoy answers itself (500 for an
 * invalid backend or policy, 503 when no endpoint is ready), in part by weight, or by a redirect.
 * A rule that forwards says nothing here.
 */
import { INVALID_BACKEND_CLUSTER } from '../../4-lower/defaults';
import type { Ir, IrRouteAction } from '../../ir';
import { parseGeneratedName } from '../sources';

/** One rule's answers other than forwarding, by the listeners (`ns/gw/listener`) where it gives them. */
export interface RuleOutcome {
  /** `answers 500`, `answers 503 for weight 1 of 3`, `redirects (301)`. */
  answers: Map<string, Set<string>>;
  /** Every listener the rule has an Envoy route on. */
  listeners: Set<string>;
  /** The HTTP status when Envoy answers every request of the rule itself. */
  status?: 500 | 503;
}

function answerOf(action: IrRouteAction): { text: string; status?: 500 | 503 } | undefined {
  if (action.type === 'direct') return { text: `answers ${action.status}`, status: action.status === 503 ? 503 : 500 };
  if (action.type === 'redirect') return { text: `redirects (${action.statusCode})` };
  const weights = action.weightedClusters ?? [];
  const invalid = weights.find((w) => w.name === INVALID_BACKEND_CLUSTER);
  if (!invalid) return undefined;
  const total = weights.reduce((s, w) => s + w.weight, 0);
  // Without cluster_not_found_response_code Envoy answers 503 (Envoy Gateway leaves it unset when the share has no ready endpoints).
  return { text: `answers ${action.clusterNotFoundStatus ?? 503} for weight ${invalid.weight} of ${total}` };
}

/** Outcomes by rule: `<route key>/rule/<index>` → what Envoy answers there. */
export function ruleOutcomes(ir: Ir): Map<string, RuleOutcome> {
  const out = new Map<string, RuleOutcome>();
  for (const config of ir.configs)
    for (const listener of config.listeners)
      for (const chain of [...(listener.defaultChain ? [listener.defaultChain] : []), ...listener.chains])
        for (const vhost of chain.http?.virtualHosts ?? []) {
          const on = vhost.name.split('/').slice(0, 3).join('/');
          for (const route of vhost.routes) {
            const parts = parseGeneratedName(route.name);
            if (!parts) continue;
            const id = `${parts.key}/rule/${parts.rule}`;
            let o = out.get(id);
            if (!o) out.set(id, (o = { answers: new Map(), listeners: new Set() }));
            o.listeners.add(on);
            const answer = answerOf(route.action);
            if (!answer) continue;
            const at = o.answers.get(answer.text);
            if (at) at.add(on);
            else o.answers.set(answer.text, new Set([on]));
          }
        }
  for (const o of out.values()) {
    const whole = [...o.answers.entries()].filter(([text, on]) => /^answers 50[03]$/.test(text) && on.size === o.listeners.size);
    if (whole.length === 1) o.status = whole[0]![0].endsWith('503') ? 503 : 500;
  }
  return out;
}

/** The label lines of a rule's outcome: each answer, with the listeners when not all of the rule's. */
export function outcomeLines(o: RuleOutcome | undefined): string[] {
  if (!o) return [];
  return [...o.answers.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([text, on]) => (on.size === o.listeners.size ? text : `${text} on ${[...on].sort().join(', ')}`));
}
