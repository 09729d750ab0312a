/**
 * `envoyc explain`: for each route and cluster, the effective Envoy settings and where each came
 * from (a policy and file:line, the HTTPRoute rule, or a default: Envoy Gateway's or Envoy's), and
 * the policies (of every kind applied to route rules) that applied, were overridden, conflicted or merged, and why.
 */
import * as defaults from '../4-lower/defaults';
import { buildLookup, type Lookup } from '../2-resolve/lookup';
import type { AnyPolicyKind, PolicyObject } from '../3-merge/kind';
import { POLICY_KINDS } from '../3-merge/registry';
import { selectorTargets, type Selectable } from '../3-merge/targets';
import type { Loaded } from '../1-load/types';
import { policyStatuses } from '../status';
import { clustersOf, routeClusters, routesOf, type Json } from './bootstrap-view';
import { creditOf, policyFieldsFor, type FieldCredit } from './policy-fields';
import { formatValue } from './render-diff';
import { securityFeatures } from './security';
import { keyLabel, parseGeneratedName, type SourceIndex } from './sources';

/** The precedence rule, as `explain` prints it when several policies meet (3-merge/scopes.ts). */
export const PRECEDENCE_RULE =
  'most specific wins: route rule (sectionName) > route > Gateway listener > Gateway; the winner replaces the rest unless it sets mergeType, then it is merged over its Gateway parent; ' +
  'two policies at one scope: the older creationTimestamp wins (absent counts as oldest), then namespace, then name';

export interface Setting {
  /** Envoy field, e.g. `retry_policy` or `connect_timeout`. */
  field: string;
  value: unknown;
  /** `policy` (a policy set it), `route` (the HTTPRoute rule), `default` (envoyc filled it in), `unset` (Envoy's own default applies). */
  from: 'policy' | 'route' | 'default' | 'unset';
  /** Human-readable: the policy and file:line, the rule and file:line, or whose default. */
  source: string;
}

export interface PolicyVerdict {
  policy: string;
  at?: string;
  /** `applied`, `merged`, `overridden`, `conflicted`, `not accepted`. */
  state: string;
  why: string[];
}

export interface Explanation {
  kind: 'route' | 'cluster';
  name: string;
  listener?: string;
  vhost?: string;
  rule?: string;
  settings: Setting[];
  policies: PolicyVerdict[];
}

/** Defaults 4-lower writes (4-lower/defaults.ts) and Envoy's own for fields left unset: who chose each. */
const FILLED: Record<string, string> = {
  connect_timeout: `Envoy Gateway default ${defaults.CONNECT_TIMEOUT_MS / 1000}s (CONNECT_TIMEOUT_MS; Envoy's own is 5s)`,
  per_connection_buffer_limit_bytes: `Envoy Gateway default ${defaults.CLUSTER_BUFFER_LIMIT_BYTES} (CLUSTER_BUFFER_LIMIT_BYTES; Envoy's own is 1 MiB)`,
  circuit_breakers: `Envoy Gateway default max_retries ${defaults.MAX_RETRIES_THRESHOLD} (MAX_RETRIES_THRESHOLD; Envoy's own is 3); other thresholds Envoy's 1024`,
  cluster_type: `Envoy Gateway default DNS settings (DNS_REFRESH_RATE_MS ${defaults.DNS_REFRESH_RATE_MS / 1000}s, DNS_RESPECT_TTL, DNS_LOOKUP_FAMILY ${defaults.DNS_LOOKUP_FAMILY})`,
  load_balancing_policy: "Envoy Gateway default: least request (Envoy's own is round robin)",
  ignore_health_on_host_removal: 'Envoy Gateway default',
  load_assignment: "the rule's backendRefs",
  upgrade_configs: 'Envoy Gateway default: websocket upgrades allowed',
  retry_policy: `HTTPRoute retry over Envoy Gateway's base policy (RETRY_ON_DEFAULT ${defaults.RETRY_ON_DEFAULT}, NUM_RETRIES_DEFAULT ${defaults.NUM_RETRIES_DEFAULT})`,
};

/** Envoy fields left unset and what Envoy then does, so "the defaults that filled the rest" is complete. */
const ENVOY_UNSET: { kind: 'route' | 'cluster'; field: string; present: (o: Json) => boolean; text: string }[] = [
  { kind: 'route', field: 'timeout', present: (r) => r.route?.timeout !== undefined, text: "Envoy's default route timeout, 15s" },
  { kind: 'route', field: 'retry_policy', present: (r) => r.route?.retry_policy !== undefined, text: 'no retries (Envoy)' },
  { kind: 'cluster', field: 'outlier_detection', present: (c) => c.outlier_detection !== undefined, text: 'no passive health checking (Envoy)' },
  { kind: 'cluster', field: 'health_checks', present: (c) => c.health_checks !== undefined, text: 'no active health checks (Envoy)' },
];

function policyWhere(idx: SourceIndex, key: string, field: string): string {
  return [keyLabel(key), idx.fieldAt(key, ['spec', ...field.split('.')])].filter(Boolean).join(', ');
}

/** The policy fields behind a setting; a route's per-filter configs are credited filter by filter. */
function creditsFor(kind: 'route' | 'cluster', field: string, value: unknown, inAction: boolean): FieldCredit[] {
  if (kind === 'route' && field === 'typed_per_filter_config' && value && typeof value === 'object')
    return Object.keys(value).flatMap((filter) => policyFieldsFor('route', `${field}.${filter}`));
  return policyFieldsFor(kind, inAction ? `route.${field}` : field);
}

function settingsOf(idx: SourceIndex | undefined, kind: 'route' | 'cluster', name: string, vhost: string | undefined, obj: Json): Setting[] {
  const fields: [string, unknown][] =
    kind === 'route'
      ? [
          ...Object.entries(obj.route ?? {}).filter(([k]) => k !== 'cluster'),
          ...Object.entries(obj).filter(([k]) => !['name', 'match', 'metadata', 'route'].includes(k)),
        ]
      : Object.entries(obj).filter(([k]) => !['name', 'metadata'].includes(k));
  const apps = idx?.applicationsOf(name, vhost) ?? [];
  const rule = idx?.ruleOf(name);
  const out: Setting[] = fields.map(([field, value]) => {
    const credit = creditOf(apps, creditsFor(kind, field, value, kind === 'route' && obj.route && field in obj.route));
    if (credit && idx) return { field, value, from: 'policy', source: policyWhere(idx, credit.owner, credit.field) };
    if (FILLED[field] && !(field === 'retry_policy' || field === 'load_assignment')) return { field, value, from: 'default', source: FILLED[field]! };
    const at = rule?.matchAt ?? rule?.ruleAt;
    return {
      field,
      value,
      from: 'route',
      source: rule ? `${keyLabel(rule.key)} rule ${rule.rule}${at ? `, ${at}` : ''}${FILLED[field] ? ` (${FILLED[field]})` : ''}` : 'the bootstrap as written',
    };
  });
  for (const u of ENVOY_UNSET) if (u.kind === kind && !u.present(obj)) out.push({ field: u.field, value: undefined, from: 'unset', source: u.text });
  if (kind === 'route') out.push(securitySetting(idx, apps, obj));
  return out;
}

/** What protects the route and where each part came from: `security JWT, authorization ← SecurityPolicy …`, or that nothing does. */
function securitySetting(idx: SourceIndex | undefined, apps: ReturnType<SourceIndex['applicationsOf']>, obj: Json): Setting {
  const features = securityFeatures(obj);
  if (!features.some((f) => f.authenticates))
    return {
      field: 'security',
      value: features.length ? features.map((f) => f.feature).join(', ') : 'none',
      from: features.length ? 'route' : 'unset',
      source: 'no authentication: any client reaches this route',
    };
  const sources = features.map((f) => {
    const credit = creditOf(apps, policyFieldsFor('route', `typed_per_filter_config.${f.filter}`));
    return { feature: f.feature, where: credit && idx ? policyWhere(idx, credit.owner, credit.field) : 'the bootstrap as written' };
  });
  const one = new Set(sources.map((x) => x.where)).size === 1;
  const source = one ? sources[0]!.where : sources.map((x) => `${x.feature} from ${x.where}`).join('; ');
  return { field: 'security', value: features.map((f) => f.feature).join(', '), from: 'policy', source };
}

/**
 * The Gateway listeners (`ns/gw/listener`) a route reaches: the virtual host's, else every
 * listener its parentRefs name (all of a Gateway's when a parentRef names no section).
 */
function routeListeners(idx: SourceIndex, routeKey: string, vhost: string | undefined): Set<string> {
  if (vhost) return new Set([vhost.split('/').slice(0, 3).join('/')]);
  const r = idx.result.resources;
  const route = [...r.httpRoutes, ...r.grpcRoutes, ...r.tcpRoutes, ...r.tlsRoutes, ...r.udpRoutes].find((x) => x.key === routeKey);
  const out = new Set<string>();
  for (const ref of route?.value.spec.parentRefs ?? []) {
    const gw = r.gateways.find((g) => g.value.metadata.name === ref.name && g.value.metadata.namespace === (ref.namespace ?? route!.value.metadata.namespace));
    for (const l of gw?.value.spec.listeners ?? [])
      if (ref.sectionName === undefined || ref.sectionName === l.name) out.add(`${gw!.value.metadata.namespace}/${gw!.value.metadata.name}/${l.name}`);
  }
  return out;
}

/** The `name` of a route's rule, if it has one (a rule-level policy targets it by that name). */
function ruleName(idx: SourceIndex, routeKey: string, rule: number): string | undefined {
  const r = idx.result.resources;
  const route = [...r.httpRoutes, ...r.grpcRoutes, ...r.tcpRoutes, ...r.tlsRoutes, ...r.udpRoutes].find((x) => x.key === routeKey);
  return rule < 0 ? route?.value.spec.rules?.[0]?.name : route?.value.spec.rules?.[rule]?.name;
}

/** What a policy is checked against: the route rule, its listeners and Gateways, and what a selector could pick. */
interface RuleContext {
  kind: string;
  ns: string;
  route: string;
  rule: string | undefined;
  listeners: Set<string>;
  gateways: Set<string>;
  selectable: Selectable[];
  lookup: Lookup;
}

/** Whether a policy names the route rule, the route, one of its listeners or its Gateway (by ref, or by label as 3-merge selects). */
function targetsRule(c: RuleContext, policyKind: AnyPolicyKind, p: Loaded<PolicyObject>): boolean {
  const refs = p.value.spec.targetRef ? [p.value.spec.targetRef] : (p.value.spec.targetRefs ?? []);
  const pns = p.value.metadata.namespace;
  const byRef = refs.some((r) =>
    r.kind === 'Gateway'
      ? c.gateways.has(`${pns}/${r.name}`) && (r.sectionName === undefined || c.listeners.has(`${pns}/${r.name}/${r.sectionName}`))
      : r.kind === c.kind && r.name === c.route && pns === c.ns && (r.sectionName === undefined || r.sectionName === c.rule),
  );
  return byRef || (!!p.value.spec.targetSelectors?.length && selectorTargets(p, policyKind.group, c.selectable, c.lookup).length > 0);
}

/** A policy's verdict from its status and diagnostics. */
function verdictOf(idx: SourceIndex, policyKind: AnyPolicyKind, p: Loaded<PolicyObject>, inForce: boolean): PolicyVerdict {
  const status = policyStatuses(idx.result.status, policyKind).find(
    (s) => s.metadata.namespace === p.value.metadata.namespace && s.metadata.name === p.value.metadata.name,
  );
  const conds = (status?.status.ancestors ?? []).flatMap((a) => a.conditions);
  const why = [
    ...new Set(conds.filter((c) => !(c.type === 'Accepted' && c.status === 'True')).map((c) => `${c.type === 'Accepted' ? c.reason : c.type}: ${c.message}`)),
  ];
  const diags = idx.result.diagnostics.filter((d) => d.code === 'policy_conflicted' && idx.resourceAt(d.span) === p.key).map((d) => d.message);
  const state = inForce
    ? conds.some((c) => c.type === 'Merged' && /Merged with/.test(c.message))
      ? 'applied (merged over its parent)'
      : 'applied'
    : conds.some((c) => c.reason === 'Conflicted')
      ? 'conflicted'
      : conds.some((c) => c.type === 'Overridden')
        ? 'overridden'
        : conds.some((c) => c.type === 'Accepted' && c.status === 'False')
          ? 'not accepted'
          : 'overridden';
  const at = idx.fieldAt(p.key, []);
  return { policy: keyLabel(p.key), ...(at ? { at } : {}), state, why: [...why, ...diags] };
}

/** Policies (of every kind applied to route rules) that concern a route rule: in force on it, or targeting its rule, route, listener or Gateway. */
function verdicts(idx: SourceIndex, name: string, vhost: string | undefined): PolicyVerdict[] {
  const parts = parseGeneratedName(name);
  if (!parts) return [];
  const inForce = new Set(idx.applicationsOf(name, vhost).flatMap((a) => a.applied.policies));
  const [kind, ns, route] = parts.key.split('/') as [string, string, string];
  const listeners = routeListeners(idx, parts.key, vhost);
  const gateways = new Set([...listeners].map((l) => l.split('/').slice(0, 2).join('/')));
  const resources = idx.result.resources;
  // What a selector could pick for this route: the route itself and its Gateways.
  const selectable: Selectable[] = [
    ...[...resources.httpRoutes, ...resources.grpcRoutes, ...resources.tcpRoutes, ...resources.tlsRoutes, ...resources.udpRoutes]
      .filter((r) => r.key === parts.key)
      .map((r) => ({ kind: r.value.kind, ...r.value.metadata, labels: r.value.metadata.labels })),
    ...resources.gateways
      .filter((g) => gateways.has(`${g.value.metadata.namespace}/${g.value.metadata.name}`))
      .map((g) => ({ kind: 'Gateway', ...g.value.metadata, labels: g.value.metadata.labels })),
  ];
  const c: RuleContext = { kind, ns, route, rule: ruleName(idx, parts.key, parts.rule), listeners, gateways, selectable, lookup: buildLookup(resources) };
  return POLICY_KINDS.filter((k) => k.unit === 'ruleOnListener').flatMap((policyKind) =>
    (policyKind.objects(resources) as Loaded<PolicyObject>[])
      .filter((p) => inForce.has(p.key) || targetsRule(c, policyKind, p))
      .map((p) => verdictOf(idx, policyKind, p, inForce.has(p.key))),
  );
}

export interface ExplainFilter {
  route?: string;
  cluster?: string;
  /** `NS/NAME` (or `KIND/NS/NAME`) of a policy: the routes and clusters it is in force on. */
  policy?: string;
}

/** Explanations for the routes and clusters of one bootstrap that pass the filter. */
export function explain(bootstrap: Json, idx: SourceIndex | undefined, filter: ExplainFilter): Explanation[] {
  const out: Explanation[] = [];
  const wanted = filter.policy;
  const isWanted = (key: string) => key === wanted || key.slice(key.indexOf('/') + 1) === wanted;
  const concerns = (name: string, vhost?: string) =>
    wanted === undefined || (idx?.applicationsOf(name, vhost).some((a) => a.applied.policies.some(isWanted)) ?? false);
  const ruleText = (name: string) => {
    const r = idx?.ruleOf(name);
    return (
      r && `${keyLabel(r.key)} rule ${r.rule}${r.match !== undefined ? ` match ${r.match}` : ''}${(r.matchAt ?? r.ruleAt) ? `, ${r.matchAt ?? r.ruleAt}` : ''}`
    );
  };
  for (const r of routesOf(bootstrap)) {
    if (filter.cluster !== undefined || (filter.route !== undefined && r.route.name !== filter.route) || !concerns(r.route.name, r.vhost)) continue;
    const rule = ruleText(r.route.name);
    out.push({
      kind: 'route',
      name: r.route.name,
      listener: r.listener,
      vhost: r.vhost,
      ...(rule ? { rule } : {}),
      settings: settingsOf(idx, 'route', r.route.name, r.vhost, r.route),
      policies: idx ? verdicts(idx, r.route.name, r.vhost) : [],
    });
  }
  for (const c of clustersOf(bootstrap)) {
    if (filter.route !== undefined) {
      const served = routesOf(bootstrap).some((r) => r.route.name === filter.route && routeClusters(r.route).includes(c.name));
      if (!served) continue;
    } else if ((filter.cluster !== undefined && c.name !== filter.cluster) || !concerns(c.name)) continue;
    const rule = ruleText(c.name);
    out.push({
      kind: 'cluster',
      name: c.name,
      ...(rule ? { rule } : {}),
      settings: settingsOf(idx, 'cluster', c.name, undefined, c),
      policies: idx ? verdicts(idx, c.name, undefined) : [],
    });
  }
  return out;
}

/** Text: one block per route and cluster. */
export function renderExplanations(list: Explanation[]): string {
  const lines: string[] = [];
  for (const e of list) {
    lines.push(`${e.kind} ${e.name}`);
    if (e.listener) lines.push(`  listener ${e.listener}, virtual host ${e.vhost}`);
    if (e.rule) lines.push(`  from ${e.rule}`);
    const width = Math.max(...e.settings.map((s) => s.field.length), 8);
    for (const s of e.settings) lines.push(`  ${s.field.padEnd(width)}  ${s.from === 'unset' ? '(unset)' : formatValue(s.value)}  ← ${s.source}`);
    if (e.policies.length) {
      lines.push('  policies:');
      for (const p of e.policies) {
        lines.push(`    ${p.policy}${p.at ? ` (${p.at})` : ''}: ${p.state}`);
        for (const w of p.why) lines.push(`      ${w}`);
      }
      if (e.policies.length > 1) lines.push(`    rule: ${PRECEDENCE_RULE}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
