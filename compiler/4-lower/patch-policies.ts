// The EnvoyPatchPolicies of one Envoy, with the spans their diagnostics point at.
import type { GatewayNode } from '../2-resolve/types';
import type { IrJsonPatch, IrPatchPolicy } from '../ir';
import { spanAt } from '../source';
import type { LowerContext } from './context';

/** The accepted EnvoyPatchPolicies whose target is this Envoy (a Gateway, or a GatewayClass of the merged ones), in patch order. */
export function lowerPatchPolicies(ctx: LowerContext, gateways: GatewayNode[]): IrPatchPolicy[] {
  const ids = new Set(gateways.map((g) => `Gateway/${g.loaded.value.metadata.namespace}/${g.loaded.value.metadata.name}`));
  if (ctx.opts.mergeGateways) for (const g of gateways) ids.add(`GatewayClass/${g.loaded.value.spec.gatewayClassName}`);
  const out: IrPatchPolicy[] = [];
  for (const r of ctx.policies.patchPolicies) {
    if (!r.target || !ids.has(`${r.target.kind}/${r.target.id}`)) continue;
    const loaded = ctx.graph.resources.envoyPatchPolicies.find((p) => p.key === r.key)!;
    const patches = (loaded.value.spec.jsonPatches ?? []).map((jp, i): IrJsonPatch => {
      const at = (...rest: string[]) => spanAt(loaded.src, ['spec', 'jsonPatches', i, ...rest]);
      return {
        type: jp.type,
        name: jp.name,
        operation: jp.operation,
        at: {
          patch: at(),
          name: at('name'),
          op: at('operation', 'op'),
          path: at('operation', 'path'),
          jsonPath: at('operation', 'jsonPath'),
          from: at('operation', 'from'),
          value: at('operation', 'value'),
        },
      };
    });
    out.push({ key: r.key, patches });
  }
  return out;
}
