import type { AttachmentGraph, GatewayNode, TlsSecret } from '../2-resolve/types';
import type { EnvoyProxySpec } from '../api/envoyproxy';
import { BACKEND_TRAFFIC_POLICY, type AppliedBtp } from '../3-merge/kinds/backendtrafficpolicy';
import { applicationKey, appliedPolicy, type EffectivePolicies } from '../3-merge/types';
import type { ResourceKey } from '../1-load/types';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import type { IrCluster, IrGenericSecret, IrValidationSecret } from '../ir';
import type { DataSources } from '../2-resolve/ca-bundle';
import type { CompileOptions } from '../options';
import { spanAt } from '../source';

/** What lowering one Envoy config carries along. */
export interface LowerContext {
  graph: AttachmentGraph;
  policies: EffectivePolicies;
  opts: CompileOptions;
  diags: Diagnostics;
  /** Clusters by name: the first IR route that needs a cluster builds it (Envoy Gateway's rule). */
  clusters: Map<string, IrCluster>;
  /** CA bundles listeners validate client certificates against, and upstreams their servers', by secret name. */
  validationSecrets: Map<string, IrValidationSecret>;
  /** Generic secrets (injected credentials) routes name, by name. */
  genericSecrets: Map<string, IrGenericSecret>;
  /** Client certificates presented to upstreams (upstream mTLS), by secret name. */
  upstreamCertificates: Map<string, TlsSecret>;
  /** Secrets, ConfigMaps and ReferenceGrants, for the CA bundles a policy names. */
  sources: DataSources;
}

/** The BackendTrafficPolicy in force for a route rule on a listener, if any. */
export function findApplied(ctx: LowerContext, route: ResourceKey, ruleIndex: number, listener: string): AppliedBtp | undefined {
  return appliedPolicy(ctx.policies, BACKEND_TRAFFIC_POLICY, applicationKey(route, ruleIndex, listener));
}

/** The spec of the EnvoyProxy of a listener's Gateway, if it has one. */
export function proxySpecOf(ctx: LowerContext, listener: { gateway: ResourceKey }): EnvoyProxySpec | undefined {
  return ctx.graph.gateways.find((g) => g.key === listener.gateway)?.envoyProxy?.proxy.value.spec;
}

/** The Gateway a listener (by IR name) belongs to. */
export function gatewayOfListener(ctx: LowerContext, listener: string): GatewayNode | undefined {
  return ctx.graph.gateways.find((g) => g.listeners.some((l) => l.irName === listener));
}

/** The `routingType` of the EnvoyProxy of a listener's Gateway (Service or Endpoint; a BackendTrafficPolicy's wins over it). */
export function proxyRoutingOf(ctx: LowerContext, listener: { gateway: ResourceKey }): string | undefined {
  return proxySpecOf(ctx, listener)?.routingType;
}

/** Adds a cluster unless one of that name exists already (first builder wins, as in Envoy Gateway). */
export function addCluster(ctx: LowerContext, c: IrCluster): void {
  if (ctx.clusters.has(c.name)) return;
  ctx.clusters.set(c.name, c);
  checkGrpcHealthCheck(ctx, c);
}

/**
 * Envoy refuses a gRPC health check on a cluster that does not speak HTTP/2 (Envoy Gateway writes it
 * anyway): an input error at the policy's `healthCheck.active.type`.
 */
function checkGrpcHealthCheck(ctx: LowerContext, c: IrCluster): void {
  const hc = c.settings.healthCheck;
  if (hc?.checker.type !== 'grpc' || (c.settings.http && c.settings.http.protocol.type !== 'http1')) return;
  const policy = ctx.graph.resources.policies.find((p) => p.key === hc.policy);
  const at = policy && spanAt(policy.src, ['spec', 'healthCheck', 'active', 'type']);
  const label = policy ? `BackendTrafficPolicy ${policy.value.metadata.namespace}/${policy.value.metadata.name}` : 'BackendTrafficPolicy';
  ctx.diags.add(
    d.valueUnsupportedByEnvoy(
      at,
      label,
      'spec.healthCheck.active.type',
      `Envoy runs gRPC health checks over HTTP/2 only, and cluster ${c.name} speaks HTTP/1 (a GRPCRoute, Service appProtocol grpc or kubernetes.io/h2c, a Backend with gateway.envoyproxy.io/h2c, or useClientProtocol makes it HTTP/2)`,
    ),
  );
}
