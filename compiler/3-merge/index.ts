import type { Loaded } from '../1-load/types';
import type { BackendTrafficPolicy } from '../api/backendtrafficpolicy';
import { buildLookup } from '../2-resolve/lookup';
import type { AttachmentGraph } from '../2-resolve/types';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import type { CompileOptions } from '../options';
import { spanAt } from '../source';
import { DEPRECATED_FIELDS, gatewayPass, label, routePass, type PassContext } from './passes';
import { MergeState } from './state';
import { scopeList } from './status';
import { targetsOf, type Selectable } from './targets';
import type { EffectivePolicies } from './types';

export type { EffectivePolicies, AppliedPolicy } from './types';

/**
 * The parent a mergeType policy merges into, per `<gwNs>/<gw>/<listener or "">`: the first policy
 * in provider order that targets it, if the target resolves (Envoy Gateway's parent-policy map).
 */
function parentPolicies(
  state: MergeState,
  policies: Loaded<BackendTrafficPolicy>[],
  gateways: Selectable[],
  ctx: Pick<PassContext, 'lookup'>,
): Map<string, Loaded<BackendTrafficPolicy>> {
  const parents = new Map<string, Loaded<BackendTrafficPolicy>>();
  for (const p of policies) {
    for (const t of targetsOf(p, gateways, ctx.lookup)) {
      const gw = state.gateways.get(`${t.namespace}/${t.name}`);
      if (t.kind !== 'Gateway' || !gw) continue;
      if (t.sectionName !== undefined && !gw.listeners.some((l) => l.name === t.sectionName)) continue;
      const key = `${t.namespace}/${t.name}/${t.sectionName ?? ''}`;
      if (!parents.has(key)) parents.set(key, p);
    }
  }
  return parents;
}

/** Warnings for what a policy asks that envoyc (like Envoy Gateway) accepts but does not translate. */
function reportUntranslated(p: Loaded<BackendTrafficPolicy>, opts: CompileOptions, diags: Diagnostics): void {
  const s = p.value.spec;
  const at = (path: (string | number)[]) => spanAt(p.src, path);
  const key = (field: string) => spanAt(p.src, ['spec', field], { key: true });
  for (const [field, message] of Object.entries(DEPRECATED_FIELDS)) {
    if (s[field as keyof typeof DEPRECATED_FIELDS] !== undefined) diags.add(d.deprecatedField(key(field), label(p), message));
  }
  if (s.loadBalancer?.type === 'DynamicModule')
    diags.add(
      d.policyNotTranslated(
        at(['spec', 'loadBalancer', 'type']),
        label(p),
        'loadBalancer.type DynamicModule',
        'Envoy Gateway v1.9 has no translation for it; the cluster keeps least request',
      ),
    );
  // Written to the bootstrap, but nothing in it makes them work: say so rather than let them do nothing quietly.
  if (s.loadBalancer?.zoneAware?.preferLocal) {
    diags.add(
      d.policyFieldIneffective(
        at(['spec', 'loadBalancer', 'zoneAware', 'preferLocal']),
        label(p),
        'loadBalancer.zoneAware.preferLocal',
        'Envoy routes zone-aware only with a local cluster (cluster_manager.local_cluster_name and node.locality), which envoyc does not write; weightedZones weights do apply',
      ),
    );
  }
  if (s.telemetry?.tracing) {
    diags.add(
      d.policyFieldIneffective(
        at(['spec', 'telemetry', 'tracing']),
        label(p),
        'telemetry.tracing',
        "route tracing needs a tracing provider on the listener, an EnvoyProxy setting that is not among envoyc's inputs",
      ),
    );
  }
  if (s.connection?.socketBufferLimit !== undefined)
    diags.add(
      d.policyNotTranslated(
        at(['spec', 'connection', 'socketBufferLimit']),
        label(p),
        'connection.socketBufferLimit',
        'Envoy Gateway v1.9 does not implement it',
      ),
    );
  (s.rateLimit?.local?.rules ?? []).forEach((r, i) => {
    if (r.cost?.request)
      diags.add(
        d.policyNotTranslated(
          at(['spec', 'rateLimit', 'local', 'rules', i, 'cost']),
          label(p),
          'rateLimit.local.rules[].cost',
          'Envoy Gateway v1.9 does not translate costs of local rate limits',
        ),
      );
  });
  if (s.rateLimit?.global && s.rateLimit.type !== 'Local' && !opts.rateLimitService)
    diags.add(d.rateLimitServiceMissing(at(['spec', 'rateLimit', 'global']), label(p)));
}

/** Overridden and Merged on the policies that hold Gateway and listener scopes. */
function reportParents(state: MergeState): void {
  for (const [slot, { policy }] of state.claims) {
    const status = state.status(policy);
    const merged = state.mergedInto.get(policy.key) ?? new Set<string>();
    const [scope, id] = [slot.slice(0, slot.indexOf(':')), slot.slice(slot.indexOf(':') + 1)];
    if (scope !== 'gw' && scope !== 'gl') continue;
    const [ns, name, section] = id.split('/');
    const ancestor = { namespace: ns!, name: name!, ...(section !== undefined ? { sectionName: section } : {}) };
    let routes: string[];
    let listeners: string[] = [];
    const gw = state.gateways.get(`${ns}/${name}`)!;
    if (scope === 'gw') {
      const own = state.scope(`gw:${ns}/${name}`);
      listeners = [...own.listeners];
      routes = [...own.routes, ...gw.listeners.flatMap((l) => [...state.scope(`gl:${ns}/${name}/${l.name}`).routes])];
    } else {
      routes = [...state.scope(`gl:${id}`).routes, ...state.scope(`gw:${ns}/${name}`).routes];
    }
    if (merged.size) status.merged(ancestor, `This policy is being merged by other backendTrafficPolicies for ${scopeList([], merged)}`);
    routes = routes.filter((r) => !merged.has(r));
    if (routes.length || listeners.length)
      status.overridden(ancestor, `This policy is being overridden by other backendTrafficPolicies for ${scopeList(listeners, routes)}`);
  }
  for (const [slot, { policy }] of state.claims) {
    if (!slot.startsWith('route:')) continue;
    const rules = state.ruleOverrides.get(slot.slice('route:'.length) as never);
    if (!rules?.size) continue;
    const status = state.status(policy);
    for (const a of status.all())
      status.overridden(a, `This policy is being overridden by other backendTrafficPolicy for these route rules: [${[...rules].sort().join(' ')}]`);
  }
}

/**
 * Phase 3: which BackendTrafficPolicy applies where, exactly as Envoy Gateway v1.9 decides —
 * targets resolved, passes from the most specific scope to the least, conflicts at one scope
 * decided by provider order, mergeType merges, and each policy's status.
 */
export function merge(graph: AttachmentGraph, opts: CompileOptions, diags: Diagnostics): EffectivePolicies {
  const policies = graph.resources.policies;
  if (opts.noPolicies) {
    if (policies.length) diags.add(d.policiesIgnored(policies.length));
    return { applied: {}, statuses: policies.map((p) => ({ key: p.key, ancestors: null })) };
  }
  const state = new MergeState(graph);
  const lookup = buildLookup(graph.resources);
  const configMaps = new Map(graph.resources.configMaps.map((c) => [`${c.value.metadata.namespace}/${c.value.metadata.name}`, c]));
  const routeCandidates: Selectable[] = [...state.routes.values()].map((r) => ({
    kind: r.kind,
    ...r.loaded.value.metadata,
    labels: r.loaded.value.metadata.labels,
  }));
  const gatewayCandidates: Selectable[] = graph.gateways.map((g) => ({ kind: 'Gateway', ...g.loaded.value.metadata, labels: g.loaded.value.metadata.labels }));
  for (const p of policies) reportUntranslated(p, opts, diags);
  const ctx: PassContext = {
    state,
    lookup,
    diags,
    parents: parentPolicies(state, policies, gatewayCandidates, { lookup }),
    translation: (p) => ({ namespace: p.value.metadata.namespace, configMaps }),
  };
  // Most specific first: a pass never overwrites what an earlier one applied.
  routePass(ctx, policies, routeCandidates, true);
  routePass(ctx, policies, routeCandidates, false);
  gatewayPass(ctx, policies, gatewayCandidates, true);
  gatewayPass(ctx, policies, gatewayCandidates, false);
  // Parent-side messages need every pass done: they list who overrode or merged into them.
  reportParents(state);
  const applied = state.finish();
  return { applied, statuses: policies.map((p) => ({ key: p.key, ancestors: state.statuses.get(p.key)?.build() ?? null })) };
}
