import { isL4Route, type ResolvedBackend, type RouteNode, type RuleNode } from '../2-resolve/types';
import type { IrAddress, IrCluster, IrEndpointHealthCheck, IrLocality, IrTlsMatch, IrUpstreamProtocol, IrUpstreamTls, IrWeightedCluster } from '../ir';
import type { UpstreamTlsOf } from './backend-tls';
import { clusterTls, type LoweredUpstreamTls } from './upstream-tls';
import { spanLater } from '../source';
import type { AppliedBtp } from '../3-merge/kinds/backendtrafficpolicy';
import { lowerClusterSettings } from './cluster-settings';
import { zoneAware } from './cluster-settings/load-balancer';
import { DFP_DNS_CACHE_PREFIX, INVALID_BACKEND_CLUSTER, UNLISTED_ZONE_WEIGHT } from './defaults';
import { headerMutation } from './filters';
import { withUpstreamCredential } from './extension-filters';
import type { SharedCluster, SharedClusters } from './merge-backends';

/** Where a rule's traffic goes, and the clusters that takes. */
export type RuleTarget =
  | { type: 'cluster'; cluster: string; clusters: IrCluster[] }
  | { type: 'weighted'; weighted: IrWeightedCluster[]; notFoundStatus?: 500 | 503; clusters: IrCluster[] }
  | { type: 'direct'; status: 500 | 503; clusters: [] };

function address(e: ResolvedBackend['endpoints'][number]): IrAddress {
  return e.type === 'unix' ? { pipe: e.path } : { socket: { address: e.address, port: e.port } };
}

function discovery(endpoints: ResolvedBackend['endpoints']): 'static' | 'dns' {
  return endpoints.some((e) => e.type === 'fqdn') ? 'dns' : 'static';
}

function upstreamProtocol(route: RouteNode, backends: ResolvedBackend[]): IrUpstreamProtocol {
  if (isL4Route(route.kind)) return 'tcp';
  if (route.kind === 'GRPCRoute') return 'http2';
  return backends.some((b) => b.protocol === 'http2') ? 'http2' : 'http1';
}

/**
 * Envoy Gateway's IsServiceRouting: a BackendTrafficPolicy's `routingType`, else the Gateway's
 * EnvoyProxy's (`proxyRouting`), else Endpoint.
 */
function serviceRouting(applied: AppliedBtp | undefined, proxyRouting: string | undefined): boolean {
  return (applied?.spec.routingType ?? proxyRouting) === 'Service';
}

/** A backendRef's endpoints: its Service's clusterIP with `routingType: Service`, else the endpoints. */
function endpointsOf(b: ResolvedBackend, applied: AppliedBtp | undefined, proxyRouting: string | undefined): ResolvedBackend['endpoints'] {
  if (serviceRouting(applied, proxyRouting) && b.serviceAddresses) return b.serviceAddresses.map((a) => ({ type: 'ip' as const, ...a }));
  return b.endpoints;
}

/** The HTTP health check host Envoy Gateway falls back to: the route's hostname (`*`); empty for TCP/TLS. */
function fallbackHostname(route: RouteNode): string {
  if (isL4Route(route.kind)) return '';
  return route.parents.flatMap((p) => p.attachments.flatMap((a) => a.hostnames))[0] ?? '*';
}

/**
 * The `:authority` of a gRPC health check to an endpoint: its Backend hostname, else its own
 * address. Envoy Gateway sets none, so Envoy sends the cluster name (`grpcroute/ns/name/rule/0`),
 * which is not a valid authority and which HTTP/2 servers that check it (Node's, grpc-js) reject:
 * the check would fail against a healthy server. We deviate here; the README says so.
 */
function grpcAuthority(e: ResolvedBackend['endpoints'][number]): string | undefined {
  if (e.type === 'unix') return undefined;
  return e.hostname ?? (e.type === 'ip' && e.address.includes(':') ? `[${e.address}]` : e.address);
}

/** Each endpoint's `health_check_config`: BTP `overrides.port`, and the host name the check sends when it names none. */
function endpointHealthChecks(endpoints: ResolvedBackend['endpoints'], applied: AppliedBtp | undefined): IrEndpointHealthCheck[] | undefined {
  const active = applied?.spec.healthCheck?.active;
  if (!active) return undefined;
  const port = active.overrides?.port;
  const hostname = (e: ResolvedBackend['endpoints'][number]): string | undefined => {
    if (active.type === 'HTTP' && active.http?.hostname === undefined) return e.hostname;
    return active.type === 'GRPC' ? grpcAuthority(e) : undefined;
  };
  const out = endpoints.map((e): IrEndpointHealthCheck => {
    const h = hostname(e);
    return { ...(port !== undefined ? { port } : {}), ...(h !== undefined ? { hostname: h } : {}) };
  });
  return out.some((h) => Object.keys(h).length > 0) ? out : undefined;
}

/**
 * A backendRef's localities: one, weighted by the backendRef; with zone-aware load balancing one
 * per endpoint zone (sorted), weighted by `weightedZones` (unlisted zones 1) or, with
 * `preferLocal`, not weighted (Envoy Gateway).
 */
function localitiesOf(region: string, b: ResolvedBackend, applied: AppliedBtp | undefined, proxyRouting: string | undefined): IrLocality[] {
  const endpoints = endpointsOf(b, applied, proxyRouting);
  const locality = (eps: ResolvedBackend['endpoints']): Pick<IrLocality, 'endpoints' | 'healthChecks' | 'resource'> => {
    const hcs = endpointHealthChecks(eps, applied);
    return { endpoints: eps.map(address), ...(hcs ? { healthChecks: hcs } : {}), resource: b.resource! };
  };
  const zoneAware = applied?.spec.loadBalancer?.zoneAware;
  if (!zoneAware?.preferLocal && !zoneAware?.weightedZones) return [{ region, weight: b.weight, ...locality(endpoints) }];
  const zones = [...new Set(endpoints.map((e) => e.zone ?? ''))].sort();
  return zones.map((zone) => {
    const weight = zoneAware.weightedZones ? { weight: zoneAware.weightedZones.find((z) => z.zone === zone)?.weight ?? UNLISTED_ZONE_WEIGHT } : {};
    return { region, ...(zone ? { zone } : {}), ...weight, ...locality(endpoints.filter((e) => (e.zone ?? '') === zone)) };
  });
}

/** A backendRef with the upstream TLS it speaks, if any. */
interface Placed {
  b: ResolvedBackend;
  tls?: IrUpstreamTls;
}

/**
 * One Envoy cluster for some of a rule's backendRefs, each backendRef a weighted locality; those
 * with upstream TLS name their `transport_socket_matches` entry (`<cluster>/tls/<i>`, Envoy Gateway's).
 */
function buildCluster(
  name: string,
  route: RouteNode,
  rule: RuleNode,
  placed: Placed[],
  applied: AppliedBtp | undefined,
  proxyRouting: string | undefined,
): IrCluster {
  const v = route.loaded.value;
  const backends = placed.map((p) => p.b);
  const protocol = upstreamProtocol(route, backends);
  const upstream = clusterTls(
    placed.map((p) => p.tls),
    protocol === 'tcp',
  );
  const tlsMatches = upstream.tls.flatMap((tls, i): IrTlsMatch[] => (tls ? [{ name: `${name}/tls/${i}`, tls }] : []));
  const localities = placed.flatMap(({ b, tls }, i) =>
    localitiesOf(`${rule.destination}/backend/${b.index}`, b, applied, proxyRouting).map((l) => (tls ? { ...l, tlsMatch: `${name}/tls/${i}` } : l)),
  );
  const kind = discovery(backends.flatMap((b) => endpointsOf(b, applied, proxyRouting)));
  const forceHttp1 = backends.some((b) => b.protocol === 'http1');
  return {
    name,
    discovery: kind,
    localities,
    protocol,
    forceHttp1,
    settings: withUpstreamCredential(
      lowerClusterSettings(applied, {
        discovery: kind,
        protocol,
        forceHttp1,
        hostname: fallbackHostname(route),
        allTls: upstream.allTls,
        autoSni: upstream.autoSni,
      }),
      backends.length === 1 ? backends[0]!.credential : undefined,
    ),
    ...(tlsMatches.length ? { tlsMatches } : {}),
    resources: [{ kind: v.kind, namespace: v.metadata.namespace, name: v.metadata.name, ...(rule.name !== undefined ? { sectionName: rule.name } : {}) }],
    origin: [{ key: route.key, span: spanLater(route.loaded.src, rule.index < 0 ? ['spec', 'rules'] : ['spec', 'rules', rule.index]) }],
  };
}

/**
 * Envoy Gateway splits a rule into one cluster per backendRef when the backendRefs cannot share
 * one: FQDN mixed with IP/unix endpoints, HTTP/1-forced mixed with HTTP/2, backendRef filters, or
 * zone-aware load balancing (BTP `loadBalancer.zoneAware`).
 */
function needsSplit(backends: ResolvedBackend[], applied: AppliedBtp | undefined): boolean {
  if (backends.some((b) => b.filters.length > 0)) return true;
  if (zoneAware(applied?.spec.loadBalancer)) return true;
  const types = new Set(backends.flatMap((b) => b.endpoints.map((e) => (e.type === 'fqdn' ? 'fqdn' : 'ip'))));
  const protocols = new Set(backends.map((b) => b.protocol).filter((p) => p !== 'default'));
  return types.size > 1 || protocols.size > 1;
}

function perBackend(
  route: RouteNode,
  rule: RuleNode,
  valid: Placed[],
  applied: AppliedBtp | undefined,
  proxyRouting: string | undefined,
): { weighted: IrWeightedCluster[]; clusters: IrCluster[] } {
  const clusters = valid.map((p) => buildCluster(`${rule.destination}/backend/${p.b.index}`, route, rule, [p], applied, proxyRouting));
  const weighted = valid.map(({ b }, i): IrWeightedCluster => {
    const requestHeaders = headerMutation(b.requestHeaders);
    const responseHeaders = headerMutation(b.responseHeaders);
    return {
      name: clusters[i]!.name,
      weight: b.weight,
      ...(requestHeaders ? { requestHeaders } : {}),
      ...(responseHeaders ? { responseHeaders } : {}),
      ...(b.hostRewrite !== undefined ? { hostRewrite: b.hostRewrite } : {}),
    };
  });
  return { weighted, clusters };
}

/**
 * A dynamic resolver's cluster (Envoy Gateway's EndpointTypeDynamicResolver): no endpoints, each
 * request's host resolved through a DNS cache named after its lookup family, refresh rate and the
 * policy that set them; the Backend's upstream TLS as the cluster's transport socket.
 */
function dynamicForwardProxyCluster(route: RouteNode, rule: RuleNode, p: Placed, applied: AppliedBtp | undefined): IrCluster {
  const v = route.loaded.value;
  const protocol = upstreamProtocol(route, [p.b]);
  const forceHttp1 = p.b.protocol === 'http1';
  // Over TLS, ALPN picks the HTTP version and SNI comes from the host unless the Backend names one (Envoy Gateway's buildXdsCluster).
  const tls = p.tls !== undefined && protocol !== 'tcp';
  const settings = lowerClusterSettings(applied, {
    discovery: 'dynamicForwardProxy',
    protocol,
    forceHttp1,
    hostname: fallbackHostname(route),
    allTls: tls,
    autoSni: tls && p.tls!.sni === undefined,
  });
  const dns = settings.dns!;
  const dnsPolicy = applied?.spec.dns ? (applied.owners.dns ?? applied.policies[0]!).split('/').slice(1).join('/') : 'default';
  return {
    name: rule.destination,
    discovery: 'dynamicForwardProxy',
    dnsCache: `${DFP_DNS_CACHE_PREFIX}-${dns.lookupFamily.toLowerCase()}-${dns.refreshRateMs}ms-${dnsPolicy}`,
    localities: [],
    protocol,
    forceHttp1,
    settings,
    ...(p.tls ? { upstreamTls: p.tls } : {}),
    resources: [{ kind: v.kind, namespace: v.metadata.namespace, name: v.metadata.name, ...(rule.name !== undefined ? { sectionName: rule.name } : {}) }],
    origin: [{ key: route.key, span: spanLater(route.loaded.src, ['spec', 'rules', rule.index]) }],
  };
}

/**
 * A backendRef's cluster shared by every rule of the Gateway that merges it (EnvoyProxy
 * `mergeBackends`): named after the backend, one locality of weight 1 (the route's weighted
 * cluster entry carries the weight), the backend's metadata, no route's stat name.
 */
function sharedCluster(
  shared: SharedCluster,
  route: RouteNode,
  rule: RuleNode,
  p: Placed,
  applied: AppliedBtp | undefined,
  proxyRouting: string | undefined,
): IrCluster {
  const built = buildCluster(shared.name, route, rule, [{ ...p, b: { ...p.b, weight: 1 } }], applied, proxyRouting);
  return { ...built, localities: built.localities.map((l) => ({ ...l, region: shared.name })), resources: [shared.resource] };
}

/**
 * Envoy Gateway's per-rule outcome: weight-0 refs dropped; all valid → one cluster with localities;
 * only invalid (or nothing) → 500, only empty → 503; a mix → weighted clusters with an
 * `invalid-backend-cluster` share that Envoy answers with `cluster_not_found_response_code`.
 */
/** `proxyRouting`: the Gateway's EnvoyProxy `routingType` (a BackendTrafficPolicy's wins). */
export function ruleTarget(
  route: RouteNode,
  rule: RuleNode,
  applied: AppliedBtp | undefined,
  tlsOf: UpstreamTlsOf,
  proxyRouting: string | undefined,
  shared: SharedClusters,
): RuleTarget {
  const refs = rule.backends.filter((b) => b.weight > 0).map((b) => withTls(b, tlsOf(b, `backend/${b.index}`)));
  const valid = refs.filter((p) => p.b.state === 'valid');
  const invalidWeight = refs.filter((p) => p.b.state === 'invalid').reduce((s, p) => s + p.b.weight, 0);
  const emptyWeight = refs.filter((p) => p.b.state === 'noEndpoints').reduce((s, p) => s + p.b.weight, 0);
  if (valid.length === 0) return { type: 'direct', status: invalidWeight === 0 && emptyWeight > 0 ? 503 : 500, clusters: [] };
  // A dynamic resolver is its rule's only backendRef (2-resolve refuses it beside others).
  if (valid[0]!.b.dynamicResolver)
    return { type: 'cluster', cluster: rule.destination, clusters: [dynamicForwardProxyCluster(route, rule, valid[0]!, applied)] };
  if (valid.some((p) => shared.has(p.b.index))) return withSharedClusters(route, rule, valid, shared, { invalidWeight, emptyWeight }, applied, proxyRouting);
  if (invalidWeight + emptyWeight > 0) {
    const split = perBackend(route, rule, valid, applied, proxyRouting);
    return {
      type: 'weighted',
      weighted: [{ name: INVALID_BACKEND_CLUSTER, weight: invalidWeight + emptyWeight }, ...split.weighted],
      ...(emptyWeight > 0 ? {} : { notFoundStatus: 500 as const }),
      clusters: split.clusters,
    };
  }
  if (
    needsSplit(
      valid.map((p) => p.b),
      applied,
    )
  )
    return { type: 'weighted', ...perBackend(route, rule, valid, applied, proxyRouting) };
  return { type: 'cluster', cluster: rule.destination, clusters: [buildCluster(rule.destination, route, rule, valid, applied, proxyRouting)] };
}

/**
 * A rule some of whose backendRefs share clusters (Envoy Gateway's BackendClusterRefs): one shared
 * cluster alone is the route's cluster; otherwise weighted clusters, the invalid share first, then
 * the other backendRefs each in a cluster of its own, then the shared ones.
 */
function withSharedClusters(
  route: RouteNode,
  rule: RuleNode,
  valid: Placed[],
  shared: SharedClusters,
  unavailable: { invalidWeight: number; emptyWeight: number },
  applied: AppliedBtp | undefined,
  proxyRouting: string | undefined,
): RuleTarget {
  const own = valid.filter((p) => !shared.has(p.b.index));
  const merged = valid.filter((p) => shared.has(p.b.index));
  const mergedClusters = merged.map((p) => sharedCluster(shared.get(p.b.index)!, route, rule, p, applied, proxyRouting));
  const split = own.length ? perBackend(route, rule, own, applied, proxyRouting) : { weighted: [], clusters: [] };
  const unavailableWeight = unavailable.invalidWeight + unavailable.emptyWeight;
  const perSetting =
    unavailableWeight > 0 ||
    zoneAware(applied?.spec.loadBalancer) ||
    needsSplit(
      own.map((p) => p.b),
      applied,
    );
  if (!perSetting && own.length === 0 && merged.length === 1) return { type: 'cluster', cluster: mergedClusters[0]!.name, clusters: mergedClusters };
  return {
    type: 'weighted',
    weighted: [
      ...(unavailableWeight > 0 ? [{ name: INVALID_BACKEND_CLUSTER, weight: unavailableWeight }] : []),
      ...split.weighted,
      ...merged.map((p, i) => ({ name: mergedClusters[i]!.name, weight: p.b.weight })),
    ],
    ...(unavailableWeight > 0 && unavailable.emptyWeight === 0 ? { notFoundStatus: 500 as const } : {}),
    clusters: [...split.clusters, ...mergedClusters],
  };
}

/** The cluster a RequestMirror filter sends copies to (one per mirror filter of a rule). */
export function mirrorCluster(
  route: RouteNode,
  rule: RuleNode,
  filterIndex: number,
  applied: AppliedBtp | undefined,
  tlsOf: UpstreamTlsOf,
  proxyRouting: string | undefined,
): IrCluster | undefined {
  const b = rule.mirrors.get(filterIndex);
  if (!b || b.state !== 'valid') return undefined;
  const p = withTls(b, tlsOf(b, `mirror/${filterIndex}`));
  return p.b.state === 'valid' ? buildCluster(`${rule.destination}-mirror-${filterIndex}`, route, rule, [p], applied, proxyRouting) : undefined;
}

/** A backendRef with its upstream TLS; invalid when its TLS is (Envoy Gateway's InvalidBackendTLS: its share answers 500). */
function withTls(b: ResolvedBackend, lowered: LoweredUpstreamTls | undefined): Placed {
  if (!lowered || b.state !== 'valid') return { b };
  if ('error' in lowered) return { b: { ...b, state: 'invalid', failure: { reason: 'InvalidBackendTLS', message: lowered.error } } };
  return { b, tls: lowered.tls };
}
