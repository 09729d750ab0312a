// The EnvoyExtensionPolicy in force on a route rule: the extensions its routes enable, and the
// clusters they need (each ext_proc server's, and one per host Envoy fetches Wasm modules from).
import type { AppliedPolicy } from '../../3-merge/types';
import { applicationKey, appliedPolicy } from '../../3-merge/types';
import {
  buildExtensions,
  ENVOY_EXTENSION_POLICY,
  isIp,
  luaValidationOf,
  ownersOf,
  type BuiltExtensions,
  type WasmFetch,
} from '../../3-merge/kinds/envoyextensionpolicy';
import type { BuiltExtProc } from '../../3-merge/kinds/envoyextensionpolicy/extensions';
import type { Loaded, ResourceKey } from '../../1-load/types';
import type { ConfigMap } from '../../api/core';
import { buildLookup, type Lookup } from '../../2-resolve/lookup';
import type { EnvoyExtensionPolicySpec } from '../../api/generated/envoyextensionpolicy';
import type { AttachmentGraph } from '../../2-resolve/types';
import type { IrCluster, IrEnvoyExtensions } from '../../ir';
import type { BackendTrafficPolicySpec } from '../../api/backendtrafficpolicy';
import { lowerClusterSettings } from '../cluster-settings';
import { addCluster, type LowerContext } from '../context';
import { lowerExtProcRetry } from './retry';

/** What an EnvoyExtensionPolicy does to one route rule on one listener. */
export type RouteExtensions = { fail: true } | { fail: false; extensions?: IrEnvoyExtensions };

/** What resolving references needs, built once per graph. */
interface Indexes {
  lookup: Lookup;
  configMaps: Map<string, Loaded<ConfigMap>>;
}
const indexes = new WeakMap<AttachmentGraph, Indexes>();

function indexesOf(graph: AttachmentGraph): Indexes {
  let i = indexes.get(graph);
  if (!i) {
    i = {
      lookup: buildLookup(graph.resources),
      configMaps: new Map(graph.resources.configMaps.map((c) => [`${c.value.metadata.namespace}/${c.value.metadata.name}`, c])),
    };
    indexes.set(graph, i);
  }
  return i;
}

function builtFor(ctx: LowerContext, applied: AppliedPolicy<EnvoyExtensionPolicySpec>, listener: string): BuiltExtensions {
  const graph = ctx.graph;
  const { lookup, configMaps } = indexesOf(graph);
  const policyOf = (field: string): ResourceKey => applied.owners[field] ?? applied.policies[0]!;
  const tctx = { policyOf, namespaceOf: (f: string) => policyOf(f).split('/')[1]!, configMaps, lookup, applications: [], serviceDns: graph.serviceDns };
  // The listener's Gateway decides the Lua validation level (its EnvoyProxy's luaValidation).
  const gateway = graph.gateways.find((g) => listener.startsWith(`${g.loaded.value.metadata.namespace}/${g.loaded.value.metadata.name}/`));
  return buildExtensions(applied.spec, ownersOf(tctx), luaValidationOf(gateway), tctx);
}

/** An ext_proc server's cluster: HTTP/2 (gRPC), each backendRef a weighted locality, its backendSettings applied. */
function extProcCluster(e: BuiltExtProc, policy: ResourceKey): IrCluster {
  const endpoints = e.backends.flatMap((b) => b.endpoints);
  const discovery = endpoints.some((p) => p.type === 'fqdn') ? 'dns' : 'static';
  const settings = e.settings ? { spec: e.settings as BackendTrafficPolicySpec, policies: [policy], owners: {}, invalid: false } : undefined;
  const [, namespace, name] = policy.split('/');
  return {
    name: e.ir.name,
    discovery,
    localities: e.backends.map((b) => ({
      region: `${e.ir.name}/backend/${b.index}`,
      weight: b.weight,
      endpoints: b.endpoints.map((p) => (p.type === 'unix' ? { pipe: p.path } : { socket: { address: p.address, port: p.port } })),
      resource: b.resource!,
    })),
    protocol: 'http2',
    forceHttp1: false,
    settings: lowerClusterSettings(settings, { discovery, protocol: 'http2', forceHttp1: false, hostname: '' }),
    resources: [{ kind: 'EnvoyExtensionPolicy', namespace: namespace!, name: name! }],
    origin: [{ key: policy }],
  };
}

/** The cluster Envoy fetches Wasm modules from one host through (plain HTTP). */
function wasmFetchCluster(f: WasmFetch, policy: ResourceKey): IrCluster {
  const discovery = isIp(f.host) ? 'static' : 'dns';
  return {
    name: f.cluster,
    discovery,
    localities: [
      {
        region: `${f.cluster}/backend/-1`,
        weight: 1,
        endpoints: [{ socket: { address: f.host, port: f.port } }],
        resource: { kind: 'WasmModuleHost', namespace: '', name: `${f.host}:${f.port}` },
      },
    ],
    protocol: 'http1',
    forceHttp1: false,
    settings: lowerClusterSettings(undefined, { discovery, protocol: 'http1', forceHttp1: false, hostname: '' }),
    resources: [],
    origin: [{ key: policy }],
  };
}

/** The extensions a route rule on a listener enables, or that its routes answer 500. */
export function lowerRouteExtensions(ctx: LowerContext, route: ResourceKey, ruleIndex: number, listener: string): RouteExtensions {
  const applied = appliedPolicy(ctx.policies, ENVOY_EXTENSION_POLICY, applicationKey(route, ruleIndex, listener));
  if (!applied?.policies.length) return { fail: false };
  const built = builtFor(ctx, applied, listener);
  if (built.failRoute) return { fail: true };
  for (const e of built.extProcs) addCluster(ctx, extProcCluster(e, applied.owners.extProc ?? applied.policies[0]!));
  for (const f of built.fetches) addCluster(ctx, wasmFetchCluster(f, applied.owners.wasm ?? applied.policies[0]!));
  const extProcs = built.extProcs.map((e) => ({ ...e.ir, ...(e.settings?.retry ? { retry: lowerExtProcRetry(e.settings.retry) } : {}) }));
  if (!built.luas.length && !extProcs.length && !built.wasms.length) return { fail: false };
  return { fail: false, extensions: { luas: built.luas, extProcs, wasms: built.wasms } };
}
