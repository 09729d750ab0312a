import type { Loaded } from '../1-load/types';
import type { PolicyTargetReference, TargetSelector } from '../api/backendtrafficpolicy';
import { GATEWAY_GROUP } from '../api/meta';
import { matchesSelector } from '../2-resolve/labels';
import { referencePermitted, type Lookup } from '../2-resolve/lookup';
import type { NodePath } from '../source';
import type { PolicyObject } from './kind';

/** One target of a policy, in the order Envoy Gateway resolves them. */
export interface PolicyTarget {
  /** The group a plain ref names (label-selected targets are Gateway API objects). */
  group?: string;
  kind: string;
  namespace: string;
  name: string;
  sectionName?: string;
  /** Where it is written (for diagnostics). */
  path: NodePath;
  /** Selected by label rather than named. */
  selected: boolean;
}

/** A candidate for label selection: its kind, namespace, name and labels, in provider order. */
export interface Selectable {
  kind: string;
  namespace: string;
  name: string;
  labels: Record<string, string> | undefined;
}

/** The plain refs: `targetRef` wins over `targetRefs` entirely (Envoy Gateway); all-empty refs skipped. */
export function plainRefs(policy: Loaded<PolicyObject>): PolicyTarget[] {
  const spec = policy.value.spec;
  const ns = policy.value.metadata.namespace;
  const toTarget = (r: PolicyTargetReference, path: NodePath): PolicyTarget => ({
    group: r.group,
    kind: r.kind,
    namespace: ns,
    name: r.name,
    ...(r.sectionName !== undefined ? { sectionName: r.sectionName } : {}),
    path,
    selected: false,
  });
  if (spec.targetRef) return [toTarget(spec.targetRef, ['spec', 'targetRef'])];
  return (spec.targetRefs ?? []).flatMap((r, i) => (r.kind || r.name || r.group ? [toTarget(r, ['spec', 'targetRefs', i])] : []));
}

function namespaceSelected(sel: TargetSelector, policyNs: string, candidateNs: string, lookup: Lookup): boolean {
  const from = sel.namespaces?.from ?? 'Same';
  if (from === 'Same') return candidateNs === policyNs;
  if (from === 'All') return true;
  const ns = lookup.namespaces.get(candidateNs);
  return ns !== undefined && sel.namespaces?.selector !== undefined && matchesSelector(ns.value.metadata.labels, sel.namespaces.selector);
}

/**
 * Label-selected targets among `candidates` (already in provider order), deduplicated. A match in
 * another namespace counts only with a ReferenceGrant there that lets this policy kind (of `group`) in.
 */
export function selectorTargets(policy: Loaded<PolicyObject>, group: string, candidates: Selectable[], lookup: Lookup): PolicyTarget[] {
  const ns = policy.value.metadata.namespace;
  const seen = new Set<string>();
  const out: PolicyTarget[] = [];
  (policy.value.spec.targetSelectors ?? []).forEach((sel, i) => {
    if ((sel.group ?? GATEWAY_GROUP) !== GATEWAY_GROUP) return;
    for (const c of candidates) {
      if (c.kind !== sel.kind || !namespaceSelected(sel, ns, c.namespace, lookup)) continue;
      if (
        !matchesSelector(c.labels, {
          ...(sel.matchLabels ? { matchLabels: sel.matchLabels } : {}),
          ...(sel.matchExpressions ? { matchExpressions: sel.matchExpressions } : {}),
        })
      )
        continue;
      if (
        c.namespace !== ns &&
        !referencePermitted(
          lookup,
          { group, kind: policy.value.kind, namespace: ns },
          { group: GATEWAY_GROUP, kind: c.kind, namespace: c.namespace, name: c.name },
        )
      )
        continue;
      const id = `${c.kind}/${c.namespace}/${c.name}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ kind: c.kind, namespace: c.namespace, name: c.name, path: ['spec', 'targetSelectors', i], selected: true });
    }
  });
  return out;
}

/** Selector matches first, then plain refs that are not already among them (Envoy Gateway's order). */
export function targetsOf(policy: Loaded<PolicyObject>, group: string, candidates: Selectable[], lookup: Lookup): PolicyTarget[] {
  const selected = selectorTargets(policy, group, candidates, lookup);
  const ids = new Set(selected.map((t) => `${t.kind}/${t.namespace}/${t.name}`));
  return [...selected, ...plainRefs(policy).filter((t) => t.sectionName !== undefined || !ids.has(`${t.kind}/${t.namespace}/${t.name}`))];
}
