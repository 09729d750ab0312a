import type { Loaded, ResourceKey } from '../1-load/types';
import type { RouteNode } from '../2-resolve/types';
import * as d from '../diagnostics/codes';
import { checkRegexAt } from '../regex/check';
import { spanAt } from '../source';
import { policyLabel, type Keyed, type Merged, type PolicyObject, type TranslationError } from './kind';
import type { KindRun } from './run';
import type { ScopeKind } from './scope-graph';
import { listenerAncestor } from './scopes';
import { ownersOf } from './state';
import type { AncestorRef } from './status';
import type { Application } from './units';

/** Envoy Gateway's status message: errors joined by newlines, first letter upper-cased, ending with a period. */
export function invalidMessage(errors: TranslationError[]): string {
  const text = errors.map((e) => e.message).join('\n');
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return capital.endsWith('.') ? capital : `${capital}.`;
}

/** Envoy Gateway's deprecation warnings for a spec, sorted by field path. */
export function deprecations(run: KindRun, spec: object): string[] {
  const fields: Record<string, string> = run.kind.deprecatedFields(spec);
  return Object.keys(fields)
    .sort()
    .map((f) => `${f} is deprecated, use ${fields[f]} instead`);
}

/** Applies a (possibly merged) spec to applications; returns why it fails to translate, each reported at its field. */
function applySpec(
  run: KindRun,
  policy: Loaded<PolicyObject>,
  spec: object,
  apps: Application[],
  scope: ScopeKind,
  merged?: Merged<object, object> & { owners: Record<string, ResourceKey> },
): TranslationError[] {
  const errors = run.kind.translationErrors(spec, run.translation(policy, apps, scope, merged?.owners));
  const routeScope = scope === 'Route' || scope === 'RouteRule';
  // A listener-level kind may find one problem on several listeners: reported once.
  const reported = new Set<string>();
  for (const e of errors) {
    const id = `${e.path.join('.')}|${e.message}`;
    if (reported.has(id)) continue;
    reported.add(id);
    if (e.regex !== undefined) checkRegexAt(run.diags, spanAt(policy.src, e.path), e.regex, policyLabel(policy));
    else
      run.diags.add(
        d.policyInvalid(spanAt(policy.src, e.path), policyLabel(policy), e.untouched ? 'it is not applied there' : run.kind.invalidEffect, e.message),
      );
  }
  const owners = merged?.owners ?? ownersOf(spec, policy.key);
  for (const app of apps) {
    const mine = errors.filter((e) => !e.applications || e.applications.includes(app.key));
    const untouched = mine.length > 0 && mine.every((e) => e.untouched);
    const extra = merged?.extra ? { extra: merged.extra } : {};
    run.state.apply(app, { policy: policy.key, spec, owners, invalid: mine.length > 0 && !untouched, untouched, routeScope, ...extra });
  }
  return errors;
}

/** Applies a spec to applications and writes Accepted or Invalid, plus deprecation warnings, at the ancestors. False when it failed to translate. */
export function applyAndReport(run: KindRun, policy: Loaded<PolicyObject>, reached: Application[], ancestors: AncestorRef[], scope: ScopeKind): boolean {
  // What a more specific policy of a holding kind already holds is not this policy's to translate.
  const apps = reached.filter((a) => !run.state.isHeld(a.key));
  const errors = applySpec(run, policy, policy.value.spec, apps, scope);
  const status = run.state.status(policy);
  const warnings = run.kind.warnings?.(policy.value.spec, run.translation(policy, apps, scope)) ?? [];
  const refs = run.kind.resolvedRefs;
  for (const a of ancestors) {
    if (errors.length) {
      status.failed(a, refs?.accepted ?? 'Invalid', invalidMessage(errors));
      if (refs) status.resolvedRefs(a, false, errors[0]!.refReason ?? refs.refs, invalidMessage(errors));
    } else {
      if (refs) status.resolvedRefs(a, true, 'ResolvedRefs', 'Resolved all the Object references.');
      status.accepted(a);
    }
    for (const w of warnings) status.warning(a, w.reason, w.message);
    status.warning(a, 'DeprecatedField', deprecations(run, policy.value.spec).join('; '));
  }
  return errors.length === 0;
}

function keyed(p: Loaded<PolicyObject>): Keyed<object> {
  return { key: p.key, namespace: p.value.metadata.namespace, spec: p.value.spec };
}

/**
 * mergeType: per listener, merge over the listener's policy, else the Gateway's (for a
 * ListenerSet's listener: its own policy, else the set's, else the Gateway's, never a sibling
 * Gateway listener's), and record Merged both ways. A listener where the result fails to translate gets Invalid instead (and is not
 * counted as merged); one without a parent policy takes the route policy alone. False when it
 * failed to translate on any listener.
 */
export function applyMerged(run: KindRun, policy: Loaded<PolicyObject>, route: RouteNode, apps: Application[], ancestors: AncestorRef[]): boolean {
  const status = run.state.status(policy);
  let translated = true;
  const byListener = new Map<string, Application[]>();
  for (const a of apps) byListener.set(a.listener, [...(byListener.get(a.listener) ?? []), a]);
  const { namespace, name } = route.loaded.value.metadata;
  for (const group of byListener.values()) {
    const { gateway, listenerName } = group[0]!;
    const node = gateway.listeners.find((l) => l.irName === group[0]!.listener)!;
    const gw = `Gateway/${gateway.loaded.value.metadata.namespace}/${gateway.loaded.value.metadata.name}`;
    const above = node.listenerSet ? [`${node.listenerSet}/${listenerName}`, `${node.listenerSet}/`] : [`${gw}/${listenerName}`];
    const found = [...above, `${gw}/`].map((k) => run.parents.get(k)).find((p) => p !== undefined);
    const listener = listenerAncestor(gateway, node);
    if (!found) {
      const errors = applySpec(run, policy, policy.value.spec, group, 'Route');
      if (errors.length) status.failed(listener, 'Invalid', invalidMessage(errors));
      translated &&= errors.length === 0;
      continue;
    }
    const { policy: parent, scope } = found;
    const merged = run.kind.merge!(keyed(parent), keyed(policy), policy.value.spec.mergeType as 'StrategicMerge' | 'JSONMerge');
    const owners = { ...ownersOf(parent.value.spec, parent.key), ...ownersOf(policy.value.spec, policy.key) };
    // Object.assign, not a leading spread: Node 20's V8 builds `{ ...merged, owners }` slowly (microseconds each).
    const errors = applySpec(run, policy, merged.spec, group, 'Route', Object.assign({}, merged, { owners }));
    if (errors.length) {
      status.failed(listener, 'Invalid', invalidMessage(errors));
      translated = false;
      continue;
    }
    run.state.merged.add(scope, { kind: 'Route', namespace, name, routeKind: route.kind });
    status.merged(listener, `Merged with policy ${parent.value.metadata.namespace}/${parent.value.metadata.name}`);
  }
  for (const a of ancestors) {
    status.accepted(a);
    status.warning(a, 'DeprecatedField', deprecations(run, policy.value.spec).join('; '));
  }
  return translated;
}
