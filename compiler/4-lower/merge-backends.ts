// EnvoyProxy `mergeBackends` (Envoy Gateway's backend cluster deduplication): a backendRef whose
// cluster could be shared safely goes to one cluster per backend of the Gateway,
// `<kind>/<namespace>/<name>/<port>[/<protocol>]`, instead of its rule's own. Which backendRefs are
// safe is Envoy Gateway's decision, made here with its rules (route.go shouldMergeBackend,
// routeDestinationForListener; backendtrafficpolicy.go's and clienttrafficpolicy.go's indexes).
import type { Loaded } from '../1-load/types';
import { matchesSelector } from '../2-resolve/labels';
import type { ListenerNode, ResolvedBackend, RouteNode, RuleNode } from '../2-resolve/types';
import { BACKEND_TRAFFIC_POLICY } from '../3-merge/kinds/backendtrafficpolicy';
import { CLIENT_TRAFFIC_POLICY } from '../3-merge/kinds/clienttrafficpolicy';
import type { PolicyObject } from '../3-merge/kind';
import { applicationKey } from '../3-merge/types';
import type { BackendTrafficPolicySpec } from '../api/backendtrafficpolicy';
import type { ClientTrafficPolicySpec } from '../api/clienttrafficpolicy';
import { proxySpecOf, type LowerContext } from './context';

/** A backendRef's shared cluster: its name and the backend it stands for (the cluster's metadata). */
export interface SharedCluster {
  name: string;
  resource: { kind: string; namespace: string; name: string; sectionName?: string };
}

/** The shared cluster of each backendRef of a rule (by index) that merges, on one listener. */
export type SharedClusters = ReadonlyMap<number, SharedCluster>;

const NONE: SharedClusters = new Map();

/** BackendTrafficPolicy fields that shape a cluster (Envoy Gateway's btpSpecHasClusterScopedFields). */
const BTP_CLUSTER_FIELDS: readonly (keyof BackendTrafficPolicySpec)[] = [
  'loadBalancer',
  'proxyProtocol',
  'healthCheck',
  'circuitBreaker',
  'timeout',
  'tcpKeepalive',
  'connection',
  'http2',
  'dns',
  'admissionControl',
  'useClientProtocol',
];

const hasClusterFields = (spec: BackendTrafficPolicySpec) => BTP_CLUSTER_FIELDS.some((f) => spec[f] !== undefined);

/** The first policy of `kind` that holds (or failed at) one of `scopes` reaching the application. */
function heldAt<S extends object>(ctx: LowerContext, kind: string, scopes: readonly string[], app: string): Loaded<PolicyObject<S>> | undefined {
  const hit = ctx.policies.attachments.find(
    (a) =>
      a.policy.startsWith(`${kind}/`) && scopes.includes(a.scope.kind) && (a.outcome === 'claimed' || a.outcome === 'invalid') && a.applications.includes(app),
  );
  if (!hit) return undefined;
  const all = kind === BACKEND_TRAFFIC_POLICY.kind ? ctx.graph.resources.policies : ctx.graph.resources.clientTrafficPolicies;
  return all.find((p) => p.key === hit.policy) as Loaded<PolicyObject<S>> | undefined;
}

/** The rule's, else the route's, BackendTrafficPolicy, and whether it stands on its own (sets the value, or replaces its parent). */
function routeLevel(
  ctx: LowerContext,
  app: string,
  sets: (s: BackendTrafficPolicySpec) => boolean,
): { spec: BackendTrafficPolicySpec; own: boolean } | undefined {
  const p = heldAt<BackendTrafficPolicySpec>(ctx, BACKEND_TRAFFIC_POLICY.kind, ['RouteRule'], app) ?? heldAt(ctx, BACKEND_TRAFFIC_POLICY.kind, ['Route'], app);
  if (!p) return undefined;
  return { spec: p.value.spec, own: sets(p.value.spec) || p.value.spec.mergeType === undefined };
}

/** Listener-level BackendTrafficPolicies: a Gateway listener's, or a ListenerSet listener's or ListenerSet's. */
const LISTENER_SCOPES = ['GatewayListener', 'ListenerSetListener', 'ListenerSet'];

/**
 * Envoy Gateway's hasClusterSettingsBelowGateway: a rule-, route- or listener-level
 * BackendTrafficPolicy with cluster settings (or a route one that replaces the Gateway's), or a
 * listener's own ClientTrafficPolicy `http1`, would make the shared cluster differ per route.
 */
function clusterSettingsBelowGateway(ctx: LowerContext, app: string, listener: ListenerNode): boolean {
  const route = routeLevel(ctx, app, hasClusterFields);
  if (route?.own) return true;
  const l = heldAt<BackendTrafficPolicySpec>(ctx, BACKEND_TRAFFIC_POLICY.kind, LISTENER_SCOPES, app);
  if (l && hasClusterFields(l.value.spec)) return true;
  const client = heldAt<ClientTrafficPolicySpec>(ctx, CLIENT_TRAFFIC_POLICY.kind, LISTENER_SCOPES, listener.irName);
  return client?.value.spec.http1 !== undefined;
}

/** `routingType` as Envoy Gateway's routing-type index resolves it for the rule: rule, route, listener, then Gateway. */
function ruleRoutingType(ctx: LowerContext, app: string, gateway: BackendTrafficPolicySpec | undefined): string | undefined {
  const route = routeLevel(ctx, app, (s) => s.routingType !== undefined);
  if (route?.own) return route.spec.routingType;
  const l = heldAt<BackendTrafficPolicySpec>(ctx, BACKEND_TRAFFIC_POLICY.kind, LISTENER_SCOPES, app);
  return l?.value.spec.routingType ?? gateway?.routingType;
}

/** The backendRef as written: what a shared cluster is keyed and named by. */
function refOf(route: RouteNode, rule: RuleNode, b: ResolvedBackend): { kind: string; namespace: string; name: string; port: number } | undefined {
  type Ref = { kind?: string; namespace?: string; name: string; port?: number };
  const rules = (route.loaded.value.spec as { rules?: { backendRefs?: Ref[] }[] }).rules ?? [];
  // TCP, TLS and UDP routes pool every rule's backendRefs (rule -1).
  const refs = rule.index < 0 ? rules.flatMap((r) => r.backendRefs ?? []) : (rules[rule.index]?.backendRefs ?? []);
  const ref = refs[b.index];
  if (!ref) return undefined;
  return { kind: ref.kind ?? 'Service', namespace: ref.namespace ?? route.loaded.value.metadata.namespace, name: ref.name, port: ref.port ?? 0 };
}

/** The upstream protocol Envoy Gateway keys a shared cluster by: the route's, refined by an HTTP route's backend appProtocol. */
function clusterProtocol(ctx: LowerContext, route: RouteNode, ref: { kind: string; namespace: string; name: string; port: number }): string {
  const base = route.kind === 'GRPCRoute' ? 'grpc' : route.kind === 'HTTPRoute' ? 'http' : route.kind === 'UDPRoute' ? 'udp' : 'tcp';
  if (base !== 'http') return base;
  const fromAppProtocol = (ap: string | undefined): string | undefined =>
    ap === 'kubernetes.io/h2c' || ap === 'gateway.envoyproxy.io/h2c' ? 'http2' : ap === 'grpc' ? 'grpc' : undefined;
  const id = `${ref.namespace}/${ref.name}`;
  if (ref.kind === 'Service')
    return fromAppProtocol(ctx.sources.lookup.services.get(id)?.value.spec.ports?.find((p) => p.port === ref.port)?.appProtocol) ?? base;
  if (ref.kind === 'ServiceImport')
    return fromAppProtocol(ctx.sources.lookup.serviceImports.get(id)?.value.spec.ports.find((p) => p.port === ref.port)?.appProtocol) ?? base;
  for (const ap of ctx.sources.lookup.backends.get(id)?.value.spec.appProtocols ?? []) {
    const p = fromAppProtocol(ap);
    if (p) return p;
  }
  return base;
}

/** The labels of the Service, ServiceImport or Backend a backendRef names (Envoy Gateway's backendLabelsFor). */
function labelsOf(ctx: LowerContext, ref: { kind: string; namespace: string; name: string }): Record<string, string> | undefined {
  const id = `${ref.namespace}/${ref.name}`;
  const obj =
    ref.kind === 'Service'
      ? ctx.sources.lookup.services.get(id)
      : ref.kind === 'ServiceImport'
        ? ctx.sources.lookup.serviceImports.get(id)
        : ref.kind === 'Backend'
          ? ctx.sources.lookup.backends.get(id)
          : undefined;
  return obj ? (obj.value.metadata.labels ?? {}) : undefined;
}

/**
 * Which of a rule's backendRefs share a cluster on this listener, and its name. None without
 * `mergeBackends` on the Gateway's EnvoyProxy. Never for a mirror (its callers do not ask).
 */
export function sharedClustersOf(ctx: LowerContext, route: RouteNode, rule: RuleNode, listener: ListenerNode): SharedClusters {
  const proxy = proxySpecOf(ctx, listener);
  const config = proxy?.mergeBackends;
  if (!config) return NONE;
  const app = applicationKey(route.key, rule.index, listener.irName);
  if (clusterSettingsBelowGateway(ctx, app, listener)) return NONE;
  const gateway = heldAt<BackendTrafficPolicySpec>(ctx, BACKEND_TRAFFIC_POLICY.kind, ['Gateway'], app)?.value.spec;
  const serviceRouting = (rt: string | undefined) => (rt ?? proxy.routingType) === 'Service';
  if (serviceRouting(ruleRoutingType(ctx, app, gateway)) !== serviceRouting(gateway?.routingType)) return NONE;
  const refs = rule.backends;
  const l4 = route.kind === 'TCPRoute' || route.kind === 'TLSRoute' || route.kind === 'UDPRoute';
  // Backends that must stay in one cluster: an L4 rule's (no weighted clusters there); session
  // persistence, a fallback Backend or a Gateway-wide consistent hash across several.
  if (refs.length > 1) {
    if (l4) return NONE;
    const spec = (route.loaded.value.spec as { rules?: { sessionPersistence?: unknown }[] }).rules?.[rule.index];
    const fallback = refs.some((b) => {
      const r = refOf(route, rule, b);
      return r?.kind === 'Backend' && ctx.sources.lookup.backends.get(`${r.namespace}/${r.name}`)?.value.spec.fallback === true;
    });
    if (spec?.sessionPersistence !== undefined || fallback || gateway?.loadBalancer?.type === 'ConsistentHash') return NONE;
  }
  const out = new Map<number, SharedCluster>();
  for (const b of refs) {
    if (b.state !== 'valid' || b.weight === 0 || b.filters.length > 0) continue;
    const ref = refOf(route, rule, b);
    if (!ref || !['Service', 'ServiceImport', 'Backend'].includes(ref.kind)) continue;
    if (ref.kind === 'Backend' && ctx.sources.lookup.backends.get(`${ref.namespace}/${ref.name}`)?.value.spec.type === 'DynamicResolver') continue;
    if (config.selector) {
      const labels = labelsOf(ctx, ref);
      if (!labels || !matchesSelector(labels, config.selector)) continue;
    }
    const protocol = clusterProtocol(ctx, route, ref);
    out.set(b.index, {
      name: `${ref.kind.toLowerCase()}/${ref.namespace}/${ref.name}/${ref.port}/${protocol}`,
      resource: { kind: ref.kind, namespace: ref.namespace, name: ref.name, ...(ref.kind !== 'Backend' ? { sectionName: String(ref.port) } : {}) },
    });
  }
  return out;
}
