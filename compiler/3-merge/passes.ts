import type { Loaded, ResourceKey } from '../1-load/types';
import type { BackendTrafficPolicy, BackendTrafficPolicySpec } from '../api/backendtrafficpolicy';
import type { Lookup } from '../2-resolve/lookup';
import type { GatewayNode, RouteNode } from '../2-resolve/types';
import * as d from '../diagnostics/codes';
import { didYouMean, withRelated, type Diagnostics } from '../diagnostics';
import { spanAt } from '../source';
import { mergeSpecs, type MergedSpec } from './merge-type';
import { ROUTE_KINDS } from './precedence';
import { ownersOf, type Application, type MergeState } from './state';
import type { AncestorRef } from './status';
import { plainRefs, targetsOf, type PolicyTarget, type Selectable } from './targets';
import { invalidMessage, translationErrors, type TranslationContext, type TranslationError } from './translatable';

/** What every pass needs. */
export interface PassContext {
  state: MergeState;
  lookup: Lookup;
  diags: Diagnostics;
  /** The first policy (provider order) that targets each `<gwNs>/<gw>/<section or "">`: mergeType's parents. */
  parents: Map<string, Loaded<BackendTrafficPolicy>>;
  translation: (policy: Loaded<BackendTrafficPolicy>) => TranslationContext;
}

/** How messages name a policy. */
export function label(p: Loaded<BackendTrafficPolicy>): string {
  return `BackendTrafficPolicy ${p.value.metadata.namespace}/${p.value.metadata.name}`;
}

/** Deprecated spec fields and Envoy Gateway's message for each (status Warning and diagnostics alike). */
export const DEPRECATED_FIELDS = {
  compression: 'spec.compression is deprecated, use spec.compressor instead',
  targetRef: 'spec.targetRef is deprecated, use spec.targetRefs instead',
} as const;

function gatewayAncestor(g: GatewayNode, sectionName?: string): AncestorRef {
  const { namespace, name } = g.loaded.value.metadata;
  return { namespace, name, ...(sectionName !== undefined ? { sectionName } : {}) };
}

/** The deprecation warnings Envoy Gateway puts on every ancestor a policy reaches (sorted by field). */
function deprecations(spec: BackendTrafficPolicySpec): string[] {
  return (Object.keys(DEPRECATED_FIELDS) as (keyof typeof DEPRECATED_FIELDS)[]).filter((f) => spec[f] !== undefined).map((f) => DEPRECATED_FIELDS[f]);
}

/** Why the winner of a same-scope clash won: provider order (creationTimestamp, then namespace, then name). */
function tieBreak(winner: Loaded<BackendTrafficPolicy>, loser: Loaded<BackendTrafficPolicy>): string {
  const w = winner.value.metadata.creationTimestamp;
  const l = loser.value.metadata.creationTimestamp;
  if (w !== l) return w === undefined ? 'it has no creationTimestamp, which counts as oldest' : `it is older (created ${w})`;
  return 'same creationTimestamp, so the first by namespace then name wins';
}

/** Claims a scope slot; on a clash the later policy is Conflicted at its ancestors and told who won. */
function claim(ctx: PassContext, slot: string, policy: Loaded<BackendTrafficPolicy>, target: PolicyTarget, ancestors: AncestorRef[], message: string): boolean {
  const winner = ctx.state.claims.get(slot);
  if (!winner) {
    ctx.state.claims.set(slot, { policy, path: target.path });
    return true;
  }
  for (const a of ancestors) ctx.state.status(policy).failed(a, 'Conflicted', message);
  const diag = d.policyConflicted(
    spanAt(policy.src, target.path),
    label(policy),
    `${message} (${label(winner.policy)} won: ${tieBreak(winner.policy, policy)})`,
  );
  ctx.diags.add(withRelated(diag, spanAt(winner.policy.src, winner.path), `${label(winner.policy)} targets it here`));
  return false;
}

/** Applies a (possibly merged) spec to applications; returns why it fails to translate, each reported at its field. */
function applySpec(
  ctx: PassContext,
  policy: Loaded<BackendTrafficPolicy>,
  spec: BackendTrafficPolicySpec,
  apps: Application[],
  routeScope: boolean,
  merged?: MergedSpec & { owners: Record<string, ResourceKey> },
): TranslationError[] {
  const errors = translationErrors(spec, ctx.translation(policy));
  for (const e of errors) ctx.diags.add(d.policyInvalid(spanAt(policy.src, e.path), label(policy), e.message));
  const owners = merged?.owners ?? ownersOf(spec, policy.key);
  for (const app of apps) ctx.state.apply(app, policy.key, spec, owners, errors.length > 0, routeScope, merged?.globalRuleOrigins);
  return errors;
}

/** Applies a spec to applications and writes Accepted or Invalid, plus deprecation warnings, at the ancestors. */
function applyAndReport(
  ctx: PassContext,
  policy: Loaded<BackendTrafficPolicy>,
  spec: BackendTrafficPolicySpec,
  apps: Application[],
  ancestors: AncestorRef[],
  routeScope: boolean,
): void {
  const errors = applySpec(ctx, policy, spec, apps, routeScope);
  const status = ctx.state.status(policy);
  for (const a of ancestors) {
    if (errors.length) status.failed(a, 'Invalid', invalidMessage(errors));
    else status.accepted(a);
    for (const w of deprecations(policy.value.spec)) status.warning(a, w);
  }
}

/** mergeType: per listener, merge over the listener's policy, else the Gateway's; record Merged both ways. */
function applyMerged(ctx: PassContext, policy: Loaded<BackendTrafficPolicy>, route: RouteNode, apps: Application[], ancestors: AncestorRef[]): void {
  const status = ctx.state.status(policy);
  const byListener = new Map<string, Application[]>();
  for (const a of apps) byListener.set(a.listener, [...(byListener.get(a.listener) ?? []), a]);
  for (const group of byListener.values()) {
    const { gateway, listenerName } = group[0]!;
    const gw = `${gateway.loaded.value.metadata.namespace}/${gateway.loaded.value.metadata.name}`;
    const parent = ctx.parents.get(`${gw}/${listenerName}`) ?? ctx.parents.get(`${gw}/`);
    if (!parent) {
      applyAndReport(ctx, policy, policy.value.spec, group, [], true);
      continue;
    }
    const merged = mergeSpecs(
      { key: parent.key, spec: parent.value.spec },
      { key: policy.key, spec: policy.value.spec },
      policy.value.spec.mergeType as 'StrategicMerge' | 'JSONMerge',
    ); // the CRD's CEL rejects Replace
    status.merged(gatewayAncestor(gateway, listenerName), `Merged with policy ${parent.value.metadata.namespace}/${parent.value.metadata.name}`);
    const owners = { ...ownersOf(parent.value.spec, parent.key), ...ownersOf(policy.value.spec, policy.key) };
    const errors = applySpec(ctx, policy, merged.spec, group, true, { ...merged, owners });
    if (errors.length) status.failed(gatewayAncestor(gateway, listenerName), 'Invalid', invalidMessage(errors));
    const into = ctx.state.mergedInto.get(parent.key) ?? new Set<string>();
    into.add(`${route.loaded.value.metadata.namespace}/${route.loaded.value.metadata.name}`);
    ctx.state.mergedInto.set(parent.key, into);
  }
  for (const a of ancestors) {
    status.accepted(a);
    for (const w of deprecations(policy.value.spec)) status.warning(a, w);
  }
}

function notFound(ctx: PassContext, policy: Loaded<BackendTrafficPolicy>, t: PolicyTarget, known: string[]): void {
  const id = `${t.kind} ${t.namespace}/${t.name}`;
  ctx.diags.add(d.policyTargetNotFound(spanAt(policy.src, t.path), label(policy), id, didYouMean(`${t.namespace}/${t.name}`, known)));
}

/** Route-rule pass (`ruleLevel`) or route pass. */
export function routePass(ctx: PassContext, policies: Loaded<BackendTrafficPolicy>[], candidates: Selectable[], ruleLevel: boolean): void {
  const { state } = ctx;
  for (const policy of policies) {
    const targets = (ruleLevel ? plainRefs(policy) : targetsOf(policy, candidates, ctx.lookup)).filter(
      (t) => t.kind !== 'Gateway' && (t.sectionName !== undefined) === ruleLevel,
    );
    for (const t of targets) {
      const route = ROUTE_KINDS.has(t.kind) ? state.routes.get(`${t.kind}/${t.namespace}/${t.name}` as never) : undefined;
      if (!route) {
        notFound(
          ctx,
          policy,
          t,
          candidates.filter((c) => c.kind === t.kind).map((c) => `${c.namespace}/${c.name}`),
        );
        continue;
      }
      const routeId = `${route.loaded.value.metadata.namespace}/${route.loaded.value.metadata.name}`;
      const ancestors = route.parents.map((p) => {
        const g = state.gateways.get(p.gateway.slice('Gateway/'.length))!;
        return gatewayAncestor(g, p.ref.sectionName);
      });
      // Envoy Gateway records the route under its parents' scopes even if this policy then fails.
      for (const p of route.parents)
        state.scope(p.ref.sectionName !== undefined ? `gl:${p.gateway.slice(8)}/${p.ref.sectionName}` : `gw:${p.gateway.slice(8)}`).routes.add(routeId);
      const rules = route.rules.filter((r) => !ruleLevel || r.name === t.sectionName);
      if (ruleLevel && rules.length === 0) {
        const message = `No section name ${t.sectionName} found for ${t.kind} ${routeId}`;
        for (const a of ancestors) state.status(policy).failed(a, 'TargetNotFound', message);
        ctx.diags.add(
          d.policySectionNotFound(
            spanAt(policy.src, [...t.path, 'sectionName']),
            label(policy),
            `${message}${didYouMean(
              t.sectionName!,
              route.rules.flatMap((r) => (r.name ? [r.name] : [])),
            )}`,
          ),
        );
        continue;
      }
      const slot = ruleLevel ? `rule:${route.key}/${t.sectionName}` : `route:${route.key}`;
      const conflict = ruleLevel
        ? `Unable to target RouteRule ${t.name}/${t.sectionName}, another BackendTrafficPolicy has already attached to it`
        : `Unable to target ${t.kind} ${t.name}, another BackendTrafficPolicy has already attached to it`;
      if (!claim(ctx, slot, policy, t, ancestors, conflict)) continue;
      if (ruleLevel) state.ruleOverrides.set(route.key, new Set([...(state.ruleOverrides.get(route.key) ?? []), t.sectionName!]));
      // TLSRoute rules carry no rule name in Envoy Gateway's IR, so a rule policy is accepted but applies nowhere.
      const apps = ruleLevel && route.kind === 'TLSRoute' ? [] : (state.byRoute.get(route.key) ?? []).filter((a) => rules.some((r) => r.index === a.ruleIndex));
      if (policy.value.spec.mergeType) applyMerged(ctx, policy, route, apps, ancestors);
      else applyAndReport(ctx, policy, policy.value.spec, apps, ancestors, true);
    }
  }
}

/** Gateway-listener pass (`listenerLevel`) or Gateway pass. */
export function gatewayPass(ctx: PassContext, policies: Loaded<BackendTrafficPolicy>[], candidates: Selectable[], listenerLevel: boolean): void {
  const { state } = ctx;
  for (const policy of policies) {
    const targets = (listenerLevel ? plainRefs(policy) : targetsOf(policy, candidates, ctx.lookup)).filter(
      (t) => t.kind === 'Gateway' && (t.sectionName !== undefined) === listenerLevel,
    );
    for (const t of targets) {
      const gw = state.gateways.get(`${t.namespace}/${t.name}`);
      if (!gw) {
        notFound(ctx, policy, t, [...state.gateways.keys()]);
        continue;
      }
      const id = `${t.namespace}/${t.name}`;
      const ancestor = gatewayAncestor(gw, t.sectionName);
      const listener = listenerLevel ? gw.listeners.find((l) => l.name === t.sectionName) : undefined;
      if (listenerLevel && !listener) {
        const message = `No section name ${t.sectionName} found for Gateway ${id}`;
        state.status(policy).failed(ancestor, 'TargetNotFound', message);
        ctx.diags.add(
          d.policySectionNotFound(
            spanAt(policy.src, [...t.path, 'sectionName']),
            label(policy),
            `${message}${didYouMean(
              t.sectionName!,
              gw.listeners.map((l) => l.name),
            )}`,
          ),
        );
        continue;
      }
      const slot = listenerLevel ? `gl:${id}/${t.sectionName}` : `gw:${id}`;
      const conflict = listenerLevel
        ? `Unable to target Listener ${id}/${t.sectionName}, another BackendTrafficPolicy has already attached to it`
        : `Unable to target Gateway ${t.name}, another BackendTrafficPolicy has already attached to it`;
      if (!claim(ctx, slot, policy, t, [ancestor], conflict)) continue;
      if (listenerLevel) state.scope(`gw:${id}`).listeners.add(`${id}/${t.sectionName}`);
      const apps = (listener ? [listener] : gw.listeners).flatMap((l) => state.byListener.get(l.irName) ?? []);
      applyAndReport(ctx, policy, policy.value.spec, apps, [ancestor], false);
    }
  }
}
