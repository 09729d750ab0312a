import type { AttachmentGraph, GatewayNode } from '../2-resolve/types';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import type { EffectivePolicies } from '../3-merge/types';
import type { Ir, IrCluster, IrConfig, IrSecret } from '../ir';
import type { CompileOptions } from '../options';
import { spanAt } from '../source';
import type { LowerContext } from './context';
import { buildLookup } from '../2-resolve/lookup';
import { lowerAccessLogs } from './access-log';
import { lowerBootstrap } from './bootstrap';
import { lowerEnvoyFlags } from './envoy-flags';
import { applyMetricSwitches, lowerStats } from './metrics';
import { applyProxyHealthCheckLog } from './cluster-settings/health-check';
import { lowerTracing, warnUntracedRoutes } from './tracing';
import { collectRateLimitDomains } from './http-filters';
import { lowerListeners, type Placed } from './listeners';
import { lowerPatchPolicies } from './patch-policies';
import { lowerTlsSecret } from './secrets';
import { collectGenericSecrets } from './security';

export type { Ir } from '../ir';

function gatewayId(g: GatewayNode): string {
  return `${g.loaded.value.metadata.namespace}/${g.loaded.value.metadata.name}`;
}

function family(protocol: string): string {
  return protocol === 'HTTPS' ? 'TLS' : protocol;
}

/**
 * With --merge-gateways, listeners of different Gateways share ports: they must speak one
 * protocol family there, claim distinct hostnames, and at most one may be TCP. A clash is an
 * error: silently dropping one Gateway's listener would be worse than stopping.
 */
function checkMergedListeners(placed: Placed[], diags: Diagnostics): Placed[] {
  const kept: Placed[] = [];
  for (const p of placed) {
    const clash = kept.find(
      (k) =>
        k.gateway !== p.gateway &&
        k.listener.port === p.listener.port &&
        (family(k.listener.protocol) !== family(p.listener.protocol) || (k.listener.hostname ?? '') === (p.listener.hostname ?? '')),
    );
    if (!clash) {
      kept.push(p);
      continue;
    }
    const why =
      family(clash.listener.protocol) !== family(p.listener.protocol)
        ? `protocol ${p.listener.protocol} clashes with ${clash.listener.protocol}`
        : `hostname ${p.listener.hostname ?? '(none)'} is already served`;
    diags.add(
      d.mergedGatewaysConflict(
        spanAt(p.listener.src, ['spec', 'listeners', p.listener.index]),
        `listener ${p.listener.irName} on port ${p.listener.port}: ${why} by ${clash.listener.irName}`,
      ),
    );
  }
  return kept;
}

/**
 * The Gateway whose EnvoyProxy shapes an Envoy. Merged Gateways share one Envoy, so they must share
 * one EnvoyProxy (Envoy Gateway reads only the GatewayClass's then); envoyc stops where they differ.
 */
function proxyGateway(gateways: GatewayNode[], diags: Diagnostics): GatewayNode {
  const first = gateways[0]!;
  for (const g of gateways.slice(1))
    if (g.envoyProxy?.proxy.key !== first.envoyProxy?.proxy.key)
      diags.add(
        d.mergedGatewaysConflict(
          spanAt(g.loaded.src, ['spec', 'gatewayClassName']),
          `Gateway ${gatewayId(g)} runs with EnvoyProxy ${g.envoyProxy?.proxy.key ?? '(none)'}, Gateway ${gatewayId(first)} with ${first.envoyProxy?.proxy.key ?? '(none)'}; merged Gateways share one Envoy`,
        ),
      );
  return first;
}

function lowerConfig(
  name: string,
  fileStem: string,
  gateways: GatewayNode[],
  base: Omit<LowerContext, 'clusters' | 'validationSecrets' | 'genericSecrets' | 'upstreamCertificates'>,
): IrConfig {
  const { graph, opts, diags } = base;
  let placed: Placed[] = gateways.flatMap((gateway) => gateway.listeners.filter((l) => l.programmed).map((listener) => ({ gateway, listener })));
  if (gateways.length > 1) placed = checkMergedListeners(placed, diags);
  const ctx: LowerContext = {
    ...base,
    clusters: new Map<string, IrCluster>(),
    validationSecrets: new Map(),
    genericSecrets: new Map(),
    upstreamCertificates: new Map(),
  };
  const listeners = lowerListeners(ctx, placed);
  const chains = listeners.flatMap((l) => [...(l.defaultChain ? [l.defaultChain] : []), ...l.chains]);
  const used = new Set(chains.flatMap((c) => c.tls?.certificates ?? []));
  const patchPolicies = lowerPatchPolicies(ctx, gateways);
  const proxied = proxyGateway(gateways, diags);
  const accessLogs = lowerAccessLogs(ctx, proxied);
  const stats = lowerStats(ctx, proxied);
  const bootstrap = lowerBootstrap(ctx, proxied);
  const envoyFlags = lowerEnvoyFlags(proxied);
  const tracing = lowerTracing(ctx, gateways);
  if (!tracing) warnUntracedRoutes(ctx, listeners);
  const clusters = [...ctx.clusters.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Last: the switches reach every virtual host and every cluster, the telemetry sinks' too.
  applyMetricSwitches(proxied, listeners, clusters);
  applyProxyHealthCheckLog(proxied, clusters);
  const upstream = clusters.flatMap((c) => [...(c.tlsMatches ?? []).map((m) => m.tls), ...(c.upstreamTls ? [c.upstreamTls] : [])]);
  // Listener certificates, then the client certificates upstreams are shown (a Secret used both ways is written once).
  for (const t of upstream) for (const name of t.clientCertificates) used.add(name);
  const certificates = [...graph.secrets, ...[...ctx.upstreamCertificates.values()].filter((s) => !graph.secrets.some((g) => g.name === s.name))];
  const secrets: IrSecret[] = certificates.filter((s) => used.has(s.name)).map((s) => lowerTlsSecret(s, opts));
  // The CA bundles a chain validates against (a TLS listener without routes has no TLS chain), and those upstreams check servers against.
  const trusted = new Set([...chains.flatMap((c) => c.tls?.clientValidation?.caSecret ?? []), ...upstream.flatMap((t) => t.validation?.caSecret ?? [])]);
  const validationSecrets = [...ctx.validationSecrets.values()].filter((v) => trusted.has(v.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  // Injected credentials (registered while lowering) and SecurityPolicy OIDC secrets (read off the routes).
  const genericSecrets = [...ctx.genericSecrets.values(), ...collectGenericSecrets(chains)].sort((a, b) => (a.name < b.name ? -1 : 1));
  return {
    name,
    fileStem,
    admin: opts.admin,
    node: { id: name, cluster: name },
    listeners,
    clusters,
    secrets,
    ...(validationSecrets.length ? { validationSecrets } : {}),
    ...(genericSecrets.length ? { genericSecrets } : {}),
    rateLimitDomains: collectRateLimitDomains(listeners),
    ...(accessLogs ? { accessLogs } : {}),
    ...(tracing ? { tracing } : {}),
    ...(stats ? { stats } : {}),
    ...(bootstrap ? { bootstrap } : {}),
    ...(envoyFlags ? { envoyFlags } : {}),
    ...(patchPolicies.length ? { patchPolicies } : {}),
  };
}

/**
 * Phase 4: the attachment graph as Envoy-shaped IR, one config per Envoy: per Gateway (as Envoy
 * Gateway runs one Envoy per Gateway), the one picked with --gateway, or all in one with
 * --merge-gateways. Names, route order and defaults are decided here, so emit only builds.
 */
export function lower(graph: AttachmentGraph, policies: EffectivePolicies, opts: CompileOptions, diags: Diagnostics): Ir {
  const configMaps = new Map(graph.resources.configMaps.map((c) => [`${c.value.metadata.namespace}/${c.value.metadata.name}`, c]));
  const base = { graph, policies, opts, diags, sources: { lookup: buildLookup(graph.resources), configMaps } };
  let gateways = graph.gateways;
  if (opts.gateway !== undefined) {
    gateways = gateways.filter((g) => gatewayId(g) === opts.gateway);
    if (gateways.length === 0) diags.add(d.gatewayNotFound(opts.gateway, graph.gateways.map(gatewayId)));
  } else if (gateways.length === 0 && !diags.hasErrors) {
    // With errors, the Gateway may be among the objects dropped: those errors say enough.
    diags.add(d.noGateway());
  }
  if (opts.mergeGateways) {
    // Envoy Gateway keys a merged config by its GatewayClass.
    const classes = [...new Set(gateways.map((g) => g.loaded.value.spec.gatewayClassName))];
    const name = classes.length === 1 ? classes[0]! : 'merged';
    return { configs: gateways.length ? [lowerConfig(name, 'merged', gateways, base)] : [] };
  }
  return {
    configs: gateways.map((g) => {
      const id = gatewayId(g);
      return lowerConfig(id, id.replace('/', '.'), [g], base);
    }),
  };
}
