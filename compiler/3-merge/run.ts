import type { Loaded, ResourceKey } from '../1-load/types';
import { buildLookup, type Lookup } from '../2-resolve/lookup';
import { isGatewayListener, type AttachmentGraph } from '../2-resolve/types';
import * as d from '../diagnostics/codes';
import { didYouMean, withRelated, type Diagnostics } from '../diagnostics';
import { spanAt } from '../source';
import { applyAndReport, applyMerged } from './apply';
import { policyLabel, type PolicyObject, type TranslationContext, type AnyPolicyKind } from './kind';
import { reportOverrides } from './report';
import { scopeKey, type PolicyScope, type ScopeKind } from './scope-graph';
import { GATEWAY, LISTENER_SET, type Resolved, type ScopeDef } from './scopes';
import { MergeState } from './state';
import type { EffectivePolicies, PolicyAttachment } from './types';
import { plainRefs, targetsOf, type PolicyTarget } from './targets';
import { buildUnits, type Application, type Units } from './units';

/** What the passes over one kind's policies share. */
export interface KindRun {
  kind: AnyPolicyKind;
  state: MergeState;
  units: Units;
  lookup: Lookup;
  diags: Diagnostics;
  /** mergeType's parents: the first policy (provider order) per `<Gateway|ListenerSet>/<ns>/<name>/<listener or "">`, and its scope. */
  parents: Map<string, { policy: Loaded<PolicyObject>; scope: PolicyScope }>;
  /** With `owners` (a merged spec): a field's references resolve in the namespace of the policy that wrote it. */
  translation(policy: Loaded<PolicyObject>, applications: readonly Application[], scope: ScopeKind, owners?: Record<string, ResourceKey>): TranslationContext;
}

/** Why the winner of a same-scope clash won: provider order (creationTimestamp, then namespace, then name). */
function tieBreak(winner: Loaded<PolicyObject>, loser: Loaded<PolicyObject>): string {
  const w = winner.value.metadata.creationTimestamp;
  const l = loser.value.metadata.creationTimestamp;
  if (w !== l) return w === undefined ? 'it has no creationTimestamp, which counts as oldest' : `it is older (created ${w})`;
  return 'same creationTimestamp, so the first by namespace then name wins';
}

/** Claims a scope; on a clash the later policy is Conflicted at its ancestors and told who won. */
function claim(run: KindRun, policy: Loaded<PolicyObject>, t: PolicyTarget, r: Resolved): boolean {
  const slot = scopeKey(r.scope);
  const winner = run.state.claims.get(slot);
  if (!winner) {
    run.state.claims.set(slot, { policy, path: t.path });
    run.state.claimSection(r.scope, r.container);
    return true;
  }
  const message = run.kind.conflictMessage?.(r.scope.kind, t, winner.policy) ?? `${r.conflict}, another ${run.kind.kind} has already attached to it`;
  for (const a of r.ancestors) run.state.status(policy).failed(a, 'Conflicted', message);
  const diag = d.policyConflicted(
    spanAt(policy.src, t.path),
    policyLabel(policy),
    `${message} (${policyLabel(winner.policy)} won: ${tieBreak(winner.policy, policy)})`,
  );
  run.diags.add(withRelated(diag, spanAt(winner.policy.src, winner.path), `${policyLabel(winner.policy)} targets it here`));
  return false;
}

/** The scope a target names, before it resolves (route scopes by the route kind it names). */
function namedScope(scope: ScopeDef, t: PolicyTarget): PolicyScope {
  const routeKind = scope.kind === 'Route' || scope.kind === 'RouteRule' ? { routeKind: t.kind } : {};
  return { kind: scope.kind, namespace: t.namespace, name: t.name, ...(t.sectionName !== undefined ? { section: t.sectionName } : {}), ...routeKind };
}

/** One target of one policy in one pass, as Envoy Gateway's `process<Kind>For<Scope>` does it. */
function attach(run: KindRun, scope: ScopeDef, policy: Loaded<PolicyObject>, t: PolicyTarget): void {
  const r = scope.resolve(run.state, run.units, t);
  const attachment = (outcome: PolicyAttachment['outcome'], extra: Partial<PolicyAttachment> = {}) =>
    run.state.attachments.push({
      policy: policy.key,
      scope: 'scope' in r ? r.scope : namedScope(scope, t),
      outcome,
      applications: 'scope' in r ? r.applications.map((a) => a.key) : [],
      ...extra,
    });
  if (!('scope' in r)) {
    const hint = didYouMean(`${t.namespace}/${t.name}`, r.known);
    run.diags.add(d.policyTargetNotFound(spanAt(policy.src, t.path), policyLabel(policy), `${t.kind} ${t.namespace}/${t.name}`, hint));
    attachment('targetNotFound');
    return;
  }
  const record = () => {
    r.child?.under.forEach((parent) => run.state.overrides.add(parent, r.child!.scope));
    r.child?.contains?.forEach(([container, contained]) => run.state.overrides.contain(container, contained));
  };
  if (r.child?.evenIfFailed) record();
  if (r.missingSection) {
    const message = run.kind.missingSectionMessage?.(r.scope.kind, t) ?? r.missingSection.message;
    for (const a of r.ancestors) run.state.status(policy).failed(a, 'TargetNotFound', message);
    const hint = didYouMean(t.sectionName!, r.missingSection.known);
    run.diags.add(d.policySectionNotFound(spanAt(policy.src, [...t.path, 'sectionName']), policyLabel(policy), `${message}${hint}`));
    attachment('sectionNotFound');
    return;
  }
  if (!claim(run, policy, t, r)) {
    attachment('conflicted', { winner: run.state.claims.get(scopeKey(r.scope))!.policy.key });
    return;
  }
  if (r.child && !r.child.evenIfFailed) record();
  if (run.kind.overridden?.beforeApply) reportOverrides(run, policy, r);
  const translated =
    policy.value.spec.mergeType && r.route && run.kind.merge
      ? applyMerged(run, policy, r.route, r.applications, r.ancestors)
      : applyAndReport(run, policy, r.applications, r.ancestors, r.scope.kind);
  if (!run.kind.overridden?.beforeApply) reportOverrides(run, policy, r);
  attachment(translated ? 'claimed' : 'invalid');
}

/**
 * mergeType's parents (Envoy Gateway's parent-policy maps): per Gateway or ListenerSet and
 * listener, the first policy in provider order whose target there resolves. Keyed
 * `<kind>/<ns>/<name>/<listener or "">`.
 */
function parentPolicies(state: MergeState, kind: AnyPolicyKind, policies: Loaded<PolicyObject>[], lookup: Lookup): KindRun['parents'] {
  const parents: KindRun['parents'] = new Map();
  if (!kind.merge) return parents;
  const candidates = [...GATEWAY.candidates(state), ...LISTENER_SET.candidates(state)];
  const listenersOf = (t: PolicyTarget): string[] | undefined => {
    if (t.kind === 'Gateway')
      return state.gateways
        .get(`${t.namespace}/${t.name}`)
        ?.listeners.filter(isGatewayListener)
        .map((l) => l.name);
    const key = `ListenerSet/${t.namespace}/${t.name}`;
    if (t.kind !== 'ListenerSet') return undefined;
    for (const g of state.gateways.values()) {
      const ls = g.listenerSets.find((s) => s.key === key);
      if (ls) return ls.loaded.value.spec.listeners.map((l) => l.name);
    }
    return undefined;
  };
  for (const policy of policies) {
    for (const t of targetsOf(policy, kind.group, candidates, lookup)) {
      const listeners = listenersOf(t);
      if (!listeners || (t.sectionName !== undefined && !listeners.includes(t.sectionName))) continue;
      const key = `${t.kind}/${t.namespace}/${t.name}/${t.sectionName ?? ''}`;
      const scope: PolicyScope = {
        kind: t.sectionName !== undefined ? `${t.kind}Listener` : t.kind,
        namespace: t.namespace,
        name: t.name,
        ...(t.sectionName !== undefined ? { section: t.sectionName } : {}),
      };
      if (!parents.has(key)) parents.set(key, { policy, scope });
    }
  }
  return parents;
}

/** One kind's passes, most specific scope first: a pass never overwrites what an earlier one applied. */
export function runKind(
  graph: AttachmentGraph,
  kind: AnyPolicyKind,
  policies: Loaded<PolicyObject>[],
  diags: Diagnostics,
  earlier: Pick<EffectivePolicies, 'applied' | 'attachments'>,
  mergeGateways = false,
): MergeState {
  const state = new MergeState(graph, kind, earlier);
  const lookup = buildLookup(graph.resources);
  const configMaps = new Map(graph.resources.configMaps.map((c) => [`${c.value.metadata.namespace}/${c.value.metadata.name}`, c]));
  const run: KindRun = {
    kind,
    state,
    units: buildUnits(kind.unit, graph),
    lookup,
    diags,
    parents: parentPolicies(state, kind, policies, lookup),
    translation: (p, applications, scope, owners) => ({
      namespaceOf: (field) => owners?.[field]?.split('/')[1] ?? p.value.metadata.namespace,
      policyOf: (field) => owners?.[field] ?? p.key,
      configMaps,
      lookup,
      applications,
      serviceDns: graph.serviceDns,
      scope,
      graph,
      mergeGateways,
      earlier: earlier.applied,
    }),
  };
  for (const scope of kind.scopes) {
    const candidates = scope.selectors ? scope.candidates(state) : [];
    for (const policy of policies) {
      const targets = scope.selectors ? targetsOf(policy, kind.group, candidates, lookup) : plainRefs(policy);
      for (const t of targets) if (scope.takes(t)) attach(run, scope, policy, t);
    }
  }
  return state;
}
