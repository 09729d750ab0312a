import type { AttachmentGraph } from '../2-resolve/types';
import { BACKEND_TRAFFIC_POLICY, type AppliedBtp } from '../3-merge/kinds/backendtrafficpolicy';
import { applicationKey, appliedPolicy, type EffectivePolicies } from '../3-merge/types';
import type { ResourceKey } from '../1-load/types';
import type { Diagnostics } from '../diagnostics';
import type { IrCluster } from '../ir';
import type { CompileOptions } from '../options';

/** What lowering one Envoy config carries along. */
export interface LowerContext {
  graph: AttachmentGraph;
  policies: EffectivePolicies;
  opts: CompileOptions;
  diags: Diagnostics;
  /** Clusters by name: the first IR route that needs a cluster builds it (Envoy Gateway's rule). */
  clusters: Map<string, IrCluster>;
}

/** The BackendTrafficPolicy in force for a route rule on a listener, if any. */
export function findApplied(ctx: LowerContext, route: ResourceKey, ruleIndex: number, listener: string): AppliedBtp | undefined {
  return appliedPolicy(ctx.policies, BACKEND_TRAFFIC_POLICY, applicationKey(route, ruleIndex, listener));
}

/** Adds a cluster unless one of that name exists already (first builder wins, as in Envoy Gateway). */
export function addCluster(ctx: LowerContext, c: IrCluster): void {
  if (!ctx.clusters.has(c.name)) ctx.clusters.set(c.name, c);
}
