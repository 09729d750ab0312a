// The EnvoyExtensionPolicy in force on a route rule: the extensions its routes enable, and the
// clusters they need (each ext_proc server's, and one per host Envoy fetches Wasm modules from).
import type { AppliedPolicy } from '../../3-merge/types';
import { applicationKey, appliedPolicy } from '../../3-merge/types';
import { buildExtensions, ENVOY_EXTENSION_POLICY, luaValidationOf, ownersOf, type BuiltExtensions } from '../../3-merge/kinds/envoyextensionpolicy';
import type { ResourceKey } from '../../1-load/types';
import type { EnvoyExtensionPolicySpec } from '../../api/generated/envoyextensionpolicy';
import type { IrEnvoyExtensions } from '../../ir';
import { addCluster, gatewayOfListener, type LowerContext } from '../context';
import { referenceIndexes } from '../reference-indexes';
import { extServiceCluster, policyUrlCluster } from '../ext-clusters';
import { serviceRetry } from '../service-retry';
import { spanAt } from '../../source';

/** What an EnvoyExtensionPolicy does to one route rule on one listener. */
export type RouteExtensions = { fail: true } | { fail: false; extensions?: IrEnvoyExtensions };

function builtFor(ctx: LowerContext, applied: AppliedPolicy<EnvoyExtensionPolicySpec>, listener: string): BuiltExtensions {
  const graph = ctx.graph;
  const { lookup, configMaps } = referenceIndexes(graph);
  const policyOf = (field: string): ResourceKey => applied.owners[field] ?? applied.policies[0]!;
  const tctx = { policyOf, namespaceOf: (f: string) => policyOf(f).split('/')[1]!, configMaps, lookup, applications: [], serviceDns: graph.serviceDns };
  // The listener's Gateway decides the Lua validation level (its EnvoyProxy's luaValidation).
  const gateway = graph.gateways.find((g) => listener.startsWith(`${g.loaded.value.metadata.namespace}/${g.loaded.value.metadata.name}/`));
  return buildExtensions(applied.spec, ownersOf(tctx), luaValidationOf(gateway), tctx);
}

/** The extensions a route rule on a listener enables, or that its routes answer 500. */
export function lowerRouteExtensions(ctx: LowerContext, route: ResourceKey, ruleIndex: number, listener: string): RouteExtensions {
  const applied = appliedPolicy(ctx.policies, ENVOY_EXTENSION_POLICY, applicationKey(route, ruleIndex, listener));
  if (!applied?.policies.length) return { fail: false };
  const built = builtFor(ctx, applied, listener);
  if (built.failRoute) return { fail: true };
  for (const e of built.extProcs)
    addCluster(
      ctx,
      extServiceCluster(
        ctx,
        gatewayOfListener(ctx, listener),
        { name: e.ir.name, backends: e.backends, settings: e.settings, protocol: 'http2' },
        applied.owners.extProc ?? applied.policies[0]!,
      ),
    );
  const wasmOwner = applied.owners.wasm ?? applied.policies[0]!;
  for (const f of built.fetches)
    addCluster(
      ctx,
      policyUrlCluster(ctx, { name: f.cluster, host: f.host, port: f.port, tls: f.tls }, 'WasmModuleHost', wasmOwner, () => {
        const loaded = ctx.graph.resources.envoyExtensionPolicies.find((p) => p.key === wasmOwner);
        return {
          at: loaded && spanAt(loaded.src, ['spec', 'wasm']),
          who: `EnvoyExtensionPolicy ${wasmOwner.split('/').slice(1).join('/')}`,
          why: `a Wasm module over https from ${f.host}:${f.port}`,
        };
      }),
    );
  const extProcs = built.extProcs.map((e) => ({ ...e.ir, ...(e.settings?.retry ? { retry: serviceRetry(e.settings.retry) } : {}) }));
  if (!built.luas.length && !extProcs.length && !built.wasms.length) return { fail: false };
  return { fail: false, extensions: { luas: built.luas, extProcs, wasms: built.wasms } };
}
