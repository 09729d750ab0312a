// EnvoyPatchPolicy: which Envoy each policy patches, and its Accepted status, as Envoy Gateway's
// `ProcessEnvoyPatchPolicies` decides. It is not a kind of the policy seam (kind.ts): it targets a
// whole Envoy (a Gateway, or with merged Gateways their GatewayClass), has no precedence between
// scopes, and its patches apply after translation, to the finished config (compiler/patch/).
import type { Loaded, ResourceKey, Resources } from '../1-load/types';
import type { AttachmentGraph, Condition } from '../2-resolve/types';
import type { EnvoyPatchPolicy } from '../api/generated/envoypatchpolicy';
import { GATEWAY_GROUP } from '../api/meta';
import * as d from '../diagnostics/codes';
import { didYouMean, type Diagnostics } from '../diagnostics';
import type { CompileOptions } from '../options';
import { spanAt } from '../source';
import { ignoredBy, reportIgnored } from './ignore';
import { policyLabel } from './kind';

export const PATCH_POLICY_KIND = 'EnvoyPatchPolicy';

/** An EnvoyPatchPolicy's ancestor: its Gateway, or with merged Gateways its GatewayClass (no namespace). */
export interface PatchAncestorRef {
  group: string;
  kind: 'Gateway' | 'GatewayClass';
  namespace?: string;
  name: string;
}

export interface ResolvedPatchPolicy {
  key: ResourceKey;
  /** The Envoy it patches: `Gateway <ns>/<name>`'s, or with --merge-gateways the merged one of GatewayClass `<name>`. */
  target?: { kind: 'Gateway' | 'GatewayClass'; id: string };
  /** Absent when Envoy Gateway writes no status (a Gateway it does not manage), or the policy was ignored. */
  ancestor?: PatchAncestorRef;
  accepted?: Condition;
  ignoredBy?: string;
}

/** Envoy Gateway's provider order: priority (lower first), then creationTimestamp, then namespace, then name. */
export function patchPolicyOrder(resources: Resources): Loaded<EnvoyPatchPolicy>[] {
  return resources.envoyPatchPolicies
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.value.spec.priority ?? 0) - (b.p.value.spec.priority ?? 0) || a.i - b.i)
    .map((x) => x.p);
}

const ACCEPTED: Condition = { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Policy has been accepted.' };

function resolveOne(p: Loaded<EnvoyPatchPolicy>, graph: AttachmentGraph, opts: CompileOptions, diags: Diagnostics): ResolvedPatchPolicy {
  const { group, kind, name } = p.value.spec.targetRef;
  const ns = p.value.metadata.namespace;
  const at = spanAt(p.src, ['spec', 'targetRef']);
  const wantKind = opts.mergeGateways ? 'GatewayClass' : 'Gateway';
  const known = opts.mergeGateways
    ? [...new Set(graph.gateways.map((g) => g.loaded.value.spec.gatewayClassName))]
    : graph.gateways.filter((g) => g.loaded.value.metadata.namespace === ns).map((g) => g.loaded.value.metadata.name);
  const ancestor: PatchAncestorRef = opts.mergeGateways
    ? { group: GATEWAY_GROUP, kind: 'GatewayClass', name }
    : { group: GATEWAY_GROUP, kind: 'Gateway', namespace: ns, name };
  if (!known.includes(name)) {
    diags.add(d.policyTargetNotFound(at, policyLabel(p), `${wantKind} ${opts.mergeGateways ? name : `${ns}/${name}`}`, didYouMean(name, known)));
    // Envoy Gateway writes no status for a Gateway it does not manage; a merged GatewayClass not found is Invalid.
    if (!opts.mergeGateways) return { key: p.key };
    const message = `TargetRef.Group:${group} TargetRef.Kind:${kind} TargetRef.Namespace:${ns} TargetRef.Name:${name} not found or not accepted (MergeGateways=true).`;
    return { key: p.key, ancestor, accepted: { type: 'Accepted', status: 'False', reason: 'Invalid', message } };
  }
  if (group !== GATEWAY_GROUP || kind !== wantKind) {
    const message = `TargetRef.Group:${group} TargetRef.Kind:${kind}, only TargetRef.Group:${GATEWAY_GROUP} and TargetRef.Kind:${wantKind} is supported.`;
    diags.add(d.policyInvalid(at, policyLabel(p), 'none of its patches is applied', message));
    return { key: p.key, ancestor, accepted: { type: 'Accepted', status: 'False', reason: 'Invalid', message } };
  }
  return { key: p.key, target: { kind: wantKind, id: opts.mergeGateways ? name : `${ns}/${name}` }, ancestor, accepted: ACCEPTED };
}

/** Every EnvoyPatchPolicy in Envoy Gateway's order, resolved (ignored ones say by which flag). */
export function resolvePatchPolicies(graph: AttachmentGraph, opts: CompileOptions, diags: Diagnostics): ResolvedPatchPolicy[] {
  return patchPolicyOrder(graph.resources).map((p) => {
    const by = ignoredBy({ kind: PATCH_POLICY_KIND }, p, opts);
    if (!by) return resolveOne(p, graph, opts, diags);
    reportIgnored(p, by, diags);
    return { key: p.key, ignoredBy: by };
  });
}
