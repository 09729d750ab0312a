// EnvoyPatchPolicy status: Accepted from 3-merge, Programmed from applying the patches.
import type { ResourceKey } from '../1-load/types';
import type { AttachmentGraph, Condition } from '../2-resolve/types';
import type { ResolvedPatchPolicy } from '../3-merge/patch-policies';
import { CONTROLLER_NAME } from '../3-merge/status';

export interface PatchPolicyStatusEntry {
  metadata: { namespace: string; name: string };
  ignoredBy?: string;
  status: { ancestors: { ancestorRef: object; controllerName: string; conditions: Condition[] }[] | null };
}

/**
 * One entry per EnvoyPatchPolicy, in input order. Programmed is absent when the patches were never
 * applied (not accepted, or the inputs had errors); Envoy Gateway sets it only after a rejected
 * Accepted is ruled out.
 */
export function patchPolicyStatuses(
  graph: AttachmentGraph,
  resolved: ResolvedPatchPolicy[],
  programmed: ReadonlyMap<ResourceKey, Condition>,
): PatchPolicyStatusEntry[] {
  const byKey = new Map(resolved.map((r) => [r.key, r]));
  return graph.resources.envoyPatchPolicies.map((p) => {
    const r = byKey.get(p.key);
    const meta = { namespace: p.value.metadata.namespace, name: p.value.metadata.name };
    if (!r?.ancestor || !r.accepted) return { metadata: meta, ...(r?.ignoredBy ? { ignoredBy: r.ignoredBy } : {}), status: { ancestors: null } };
    const prog = r.accepted.status === 'True' ? programmed.get(p.key) : undefined;
    return {
      metadata: meta,
      status: { ancestors: [{ ancestorRef: r.ancestor, controllerName: CONTROLLER_NAME, conditions: [r.accepted, ...(prog ? [prog] : [])] }] },
    };
  });
}
