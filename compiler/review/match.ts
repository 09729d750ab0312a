/** `envoyc match`: which listener, virtual host, route, rule and cluster a request takes, or why none. */
import { portOf, routeClusters, type Json } from './bootstrap-view';
import { matchRequest, type MatchResult, type SimRequest } from './request-matching';
import { keyLabel, type SourceIndex } from './sources';

/** What `match` reports, also as `--json`. */
export interface MatchReport {
  matched: boolean;
  listener?: { name: string; port: number };
  filterChain?: string;
  virtualHost?: { name: string; domain: string; rule: string };
  route?: { name: string; position: number };
  rule?: { resource: string; rule: number; match?: number; at?: string };
  /** `cluster`, `weighted_clusters`, `redirect` or `direct_response`, with details. */
  action?: { type: string; clusters?: { name: string; weight?: number }[]; redirect?: Json; status?: number; body?: string };
  reasons: string[];
  unsupported: MatchResult['unsupported'];
}

function actionOf(route: Json): MatchReport['action'] {
  if (route.redirect) return { type: 'redirect', redirect: route.redirect };
  if (route.direct_response)
    return {
      type: 'direct_response',
      status: route.direct_response.status,
      ...(route.direct_response.body?.inline_string !== undefined ? { body: route.direct_response.body.inline_string } : {}),
    };
  const wc = route.route?.weighted_clusters?.clusters as Json[] | undefined;
  if (wc) return { type: 'weighted_clusters', clusters: wc.map((c) => ({ name: c.name, weight: c.weight })) };
  return { type: 'cluster', clusters: routeClusters(route).map((name) => ({ name })) };
}

export function matchReport(bootstrap: Json, req: SimRequest, idx?: SourceIndex): MatchReport {
  const m = matchRequest(bootstrap, req);
  const report: MatchReport = { matched: m.route !== undefined, reasons: m.route ? [] : m.reasons, unsupported: m.unsupported };
  if (m.listener) report.listener = { name: m.listener.name, port: portOf(m.listener) };
  if (m.chain) report.filterChain = m.chain.name;
  if (m.vhost) report.virtualHost = { name: m.vhost.vhost.name, domain: m.vhost.domain, rule: m.vhost.rule };
  if (m.route) {
    report.route = { name: m.route.name, position: m.routeIndex! + 1 };
    const r = idx?.ruleOf(m.route.name);
    if (r)
      report.rule = {
        resource: keyLabel(r.key),
        rule: r.rule,
        ...(r.match !== undefined ? { match: r.match } : {}),
        ...((r.matchAt ?? r.ruleAt) ? { at: r.matchAt ?? r.ruleAt } : {}),
      };
    report.action = actionOf(m.route);
  }
  return report;
}

export function renderMatch(r: MatchReport): string {
  const lines: string[] = [];
  if (r.listener) lines.push(`listener      ${r.listener.name} (port ${r.listener.port})`);
  if (r.filterChain) lines.push(`filter chain  ${r.filterChain}`);
  if (r.virtualHost) lines.push(`virtual host  ${r.virtualHost.name} (domain ${r.virtualHost.domain}: ${r.virtualHost.rule})`);
  if (r.route) lines.push(`route         ${r.route.name} (#${r.route.position} in order)`);
  if (r.rule)
    lines.push(
      `rule          ${r.rule.resource} rule ${r.rule.rule}${r.rule.match !== undefined ? ` match ${r.rule.match}` : ''}${r.rule.at ? `, ${r.rule.at}` : ''}`,
    );
  const a = r.action;
  if (a?.type === 'cluster') lines.push(`cluster       ${a.clusters!.map((c) => c.name).join(', ')}`);
  if (a?.type === 'weighted_clusters') lines.push(`clusters      ${a.clusters!.map((c) => `${c.name} (weight ${c.weight})`).join(', ')}`);
  if (a?.type === 'redirect') lines.push(`redirect      ${JSON.stringify(a.redirect)}`);
  if (a?.type === 'direct_response') lines.push(`direct        HTTP ${a.status}${a.body !== undefined ? ` ${JSON.stringify(a.body)}` : ''}`);
  if (!r.matched) lines.push('no match:', ...r.reasons.map((x) => `  ${x}`));
  for (const u of r.unsupported) lines.push(`note: route ${u.route}: Envoy refuses the regex ${JSON.stringify(u.regex)} (${u.why}); treated as not matching`);
  return lines.join('\n') + '\n';
}

/** `-H name:value` → a lower-cased header pair. */
export function parseHeader(text: string): [string, string] {
  const i = text.indexOf(':', text.startsWith(':') ? 1 : 0);
  if (i <= 0) throw new Error(`expected NAME:VALUE, got ${text}`);
  return [text.slice(0, i).trim().toLowerCase(), text.slice(i + 1).trim()];
}

/** `--query k=v` → a pair. */
export function parseQuery(text: string): [string, string] {
  const i = text.indexOf('=');
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 1)];
}
