import type { GatewayNode, ListenerNode, RouteNode } from '../2-resolve/types';
import * as d from '../diagnostics/codes';
import type { IrCluster, IrDownstreamTls, IrFilterChain, IrHttpManager, IrListener, IrListenerSocket, IrResourceRef, IrUdpProxy } from '../ir';
import { isHttp, terminatesTls } from '../3-merge/kinds/clienttrafficpolicy/listeners';
import { parseDuration } from '../units/duration';
import { chainExtras, clientOf, editRoutes, httpClient, wantsHttp3 } from './client-listener';
import { lowerSocket } from './client-settings';
import { lowerDownstreamTls } from './client-tls';
import { spanAt, spanLater } from '../source';
import { ruleTarget } from './clusters';
import { lowerClusterSettings } from './cluster-settings';
import { upstreamTlsOf } from './backend-tls';
import { lowerL4Authorization } from './security';
import { addCluster, findApplied, proxyRoutingOf, proxySpecOf, type LowerContext } from './context';
import {
  DOWNSTREAM_ALPN,
  EMPTY_CLUSTER,
  OVERLAPPING_TLS_ALPN,
  INVALID_BACKEND_CLUSTER,
  LISTENER_ADDRESS,
  LISTENER_ADDRESS_IPV6,
  UDP_STAT_PREFIX,
} from './defaults';
import { collectHttpFilters, type ListenerFilters } from './http-filters';
import { sharedClustersOf } from './merge-backends';
import { geoHeadersOf, geoIpSource, withGeoHeadersStripped, withoutGeoHeaders } from './geoip';
import { lowerHttpListener } from './http-routes';
import { withMisdirected } from './misdirected';
import { lowerTcpPolicy } from './route-settings';

/** A programmed Gateway listener, with its Gateway. */
export interface Placed {
  gateway: GatewayNode;
  listener: ListenerNode;
}

function gatewayRef(p: Placed): IrResourceRef {
  const { namespace, name } = p.gateway.loaded.value.metadata;
  return { kind: 'Gateway', namespace, name, sectionName: p.listener.name };
}

function routeRef(route: RouteNode): IrResourceRef {
  const { namespace, name } = route.loaded.value.metadata;
  return { kind: route.kind, namespace, name };
}

function usesInvalidCluster(http: IrHttpManager): boolean {
  return http.virtualHosts.some((vh) =>
    vh.routes.some((r) => r.action.type === 'forward' && r.action.weightedClusters?.some((w) => w.name === INVALID_BACKEND_CLUSTER)),
  );
}

/** EnvoyProxy `telemetry.requestID.tracing` as Envoy Gateway's buildRequestIDExtension: PackAndSample (the default) writes none. */
function requestIdExtension(action: 'PackAndSample' | 'Sample' | 'Pack' | 'Disable' | undefined): Pick<IrHttpManager, 'requestIdExtension'> {
  if (action === undefined || action === 'PackAndSample') return {};
  return { requestIdExtension: { packTraceReason: action === 'Pack', useForSampling: action === 'Sample' } };
}

function httpManager(ctx: LowerContext, p: Placed, tls: boolean, altSvcPort: number | undefined): { http: IrHttpManager; own: ListenerFilters } {
  const lowered = lowerHttpListener(ctx, p.listener);
  const client = clientOf(ctx, p.listener);
  const edited = editRoutes(lowered.virtualHosts, client, altSvcPort);
  const geoHeaders = geoHeadersOf(edited);
  const virtualHosts = withoutGeoHeaders(edited, geoHeaders);
  const hcm = httpClient(ctx, p.listener, lowered.grpc);
  const settings = withGeoHeadersStripped(hcm.settings, geoHeaders);
  const geoIp = geoIpSource(ctx, p.listener);
  const own: ListenerFilters = geoIp ? { ...hcm.filters, geoIp } : hcm.filters;
  const http: IrHttpManager = {
    statPrefix: `${tls ? 'https' : 'http'}-${p.listener.port}`,
    routeConfigName: p.listener.irName,
    virtualHosts,
    grpc: lowered.grpc,
    filters: collectHttpFilters(ctx, virtualHosts, own, proxySpecOf(ctx, p.listener)?.filterOrder),
    validateClusters: true,
    ...(settings && Object.keys(settings).length ? { settings } : {}),
    ...requestIdExtension(proxySpecOf(ctx, p.listener)?.telemetry?.requestID?.tracing),
  };
  http.validateClusters = !usesInvalidCluster(http);
  return { http, own };
}

/** An HTTPS listener's TLS, with what the Gateway's frontend validation and a policy add; their CA secrets are collected. */
function listenerTls(ctx: LowerContext, l: ListenerNode, alpnProtocols: string[]): IrDownstreamTls {
  const client = clientOf(ctx, l);
  const policy = client && !client.invalid ? { spec: client.spec, ...client.policy } : undefined;
  const { tls, secrets } = lowerDownstreamTls({ certificates: l.tls!.certificates, alpnProtocols }, l, policy, ctx.sources, ctx.opts);
  for (const s of secrets) if (!ctx.validationSecrets.has(s.name)) ctx.validationSecrets.set(s.name, s);
  return tls;
}

/** A TLS route whose backend is a DynamicResolver (valid or not). */
const dynamicResolverRoute = (route: RouteNode) => route.rules[0]!.backends.some((b) => b.dynamicResolver);

/** The SNI dynamic forward proxy of a chain whose cluster is a dynamic forward proxy: the same DNS cache. */
function sniDynamicForwardProxy(c: IrCluster | undefined): IrFilterChain['sniDynamicForwardProxy'] {
  if (c?.discovery !== 'dynamicForwardProxy' || !c.settings.dns) return undefined;
  return { dnsCache: { name: c.dnsCache!, lookupFamily: c.settings.dns.lookupFamily, refreshRateMs: c.settings.dns.refreshRateMs } };
}

/** The one cluster a TCP or TLS route's pooled rule proxies to; an empty cluster when nothing is valid (or the rule is refused). */
function l4Cluster(ctx: LowerContext, route: RouteNode, listener: ListenerNode): string {
  const rule = route.rules[0]!;
  if (rule.filterErrors.length) {
    addCluster(ctx, emptyCluster(rule.destination, route));
    return rule.destination;
  }
  const target = ruleTarget(
    route,
    rule,
    findApplied(ctx, route.key, rule.index, listener.irName),
    upstreamTlsOf(ctx, route, rule.index, listener),
    proxyRoutingOf(ctx, listener),
    sharedClustersOf(ctx, route, rule, listener),
  );
  // The rule's own cluster, or the one shared cluster its backendRef merged into (EnvoyProxy mergeBackends).
  if (target.type === 'cluster' && target.clusters.length === 1) {
    addCluster(ctx, target.clusters[0]!);
    return target.cluster;
  }
  addCluster(ctx, emptyCluster(rule.destination, route));
  return rule.destination;
}

function emptyCluster(name: string, route?: RouteNode): IrCluster {
  return {
    name,
    discovery: 'static',
    localities: [],
    protocol: 'tcp',
    forceHttp1: false,
    settings: lowerClusterSettings(undefined, { discovery: 'static', protocol: 'tcp', forceHttp1: false, hostname: '' }),
    resources: route ? [routeRef(route)] : [],
    origin: route ? [{ key: route.key }] : [],
  };
}

/** Routes of `kind` attached to a listener, with the hostnames they serve there. */
function attached(routes: RouteNode[], l: ListenerNode, kinds: string[]): { route: RouteNode; hostnames: string[] }[] {
  const out: { route: RouteNode; hostnames: string[] }[] = [];
  for (const route of routes) {
    if (!kinds.includes(route.kind) || route.rules.length === 0) continue;
    const atts = route.parents.flatMap((p) => p.attachments.filter((a) => a.listener === l.irName));
    if (atts.length > 0) out.push({ route, hostnames: [...new Set(atts.flatMap((a) => a.hostnames))].sort() });
  }
  return out;
}

/** The oldest route of `kind` attached to a listener; every later one is reported as shadowed (Envoy Gateway programs only the oldest). */
function oldest(ctx: LowerContext, routes: RouteNode[], l: ListenerNode, kind: 'TCPRoute' | 'UDPRoute'): RouteNode | undefined {
  const [first, ...shadowed] = attached(routes, l, [kind]);
  const label = (r: RouteNode) => `${kind} ${r.loaded.value.metadata.namespace}/${r.loaded.value.metadata.name}`;
  for (const s of shadowed)
    ctx.diags.add(d.tcpRouteShadowed(spanAt(s.route.loaded.src, ['spec', 'parentRefs']), label(s.route), l.irName, label(first!.route)));
  return first?.route;
}

/** A UDP listener's udp_proxy: to the oldest attached UDPRoute's cluster, else EmptyCluster (Envoy Gateway). */
function udpProxy(ctx: LowerContext, p: Placed): IrUdpProxy {
  const route = oldest(ctx, ctx.graph.routes, p.listener, 'UDPRoute');
  if (route) return { statPrefix: UDP_STAT_PREFIX, cluster: l4Cluster(ctx, route, p.listener), resources: [routeRef(route)] };
  addCluster(ctx, emptyCluster(EMPTY_CLUSTER));
  return { statPrefix: UDP_STAT_PREFIX, cluster: EMPTY_CLUSTER, resources: [gatewayRef(p)] };
}

/** Filter chains of a TLS or TCP listener: one per attached route (only the oldest TCPRoute), else EmptyCluster. */
function l4Chains(ctx: LowerContext, p: Placed): IrFilterChain[] {
  const l = p.listener;
  const client = clientOf(ctx, l);
  // An invalid policy leaves the listener without routes (Envoy Gateway): its chain proxies to EmptyCluster.
  const routes = client?.invalid ? [] : ctx.graph.routes;
  const terminate = l.tls?.mode === 'Terminate' ? listenerTls(ctx, l, []) : undefined;
  const extras = chainExtras(client);
  const idle = !client?.invalid && client?.spec.timeout?.tcp?.idleTimeout;
  const idleTimeout = idle ? { idleTimeoutMs: parseDuration(idle) } : {};
  const chains: IrFilterChain[] = [];
  for (const { route, hostnames } of attached(routes, l, ['TLSRoute'])) {
    // A dynamic resolver forwards by SNI: on a listener that terminates TLS the route gets no chain (Envoy Gateway; its status says why).
    if (terminate && dynamicResolverRoute(route)) continue;
    const names = hostnames[0] === '*' ? undefined : hostnames;
    const authorization = lowerL4Authorization(ctx, route, l.irName);
    const cluster = l4Cluster(ctx, route, l);
    const built = ctx.clusters.get(cluster);
    if (!terminate && (built?.upstreamTls || built?.tlsMatches?.length)) {
      const { namespace, name } = route.loaded.value.metadata;
      ctx.diags.add(d.upstreamTlsInPassthrough(spanAt(route.loaded.src, ['spec', 'rules']), `TLSRoute ${namespace}/${name}`, l.irName));
    }
    const sniProxy = sniDynamicForwardProxy(built);
    chains.push({
      name: `tlsroute/${route.loaded.value.metadata.namespace}/${route.loaded.value.metadata.name}`,
      ...(names ? { serverNames: names } : {}),
      ...(terminate ? { tls: terminate } : {}),
      tcp: {
        statPrefix: `${terminate ? 'tls-terminate' : 'tls-passthrough'}-${l.port}`,
        cluster,
        ...lowerTcpPolicy(ctx, route, l),
        ...idleTimeout,
      },
      ...(authorization ? { authorization } : {}),
      ...(sniProxy ? { sniDynamicForwardProxy: sniProxy } : {}),
      ...extras,
      resources: [routeRef(route)],
    });
  }
  const first = oldest(ctx, routes, l, 'TCPRoute');
  if (first) {
    const { namespace, name } = first.loaded.value.metadata;
    const authorization = lowerL4Authorization(ctx, first, l.irName);
    chains.push({
      name: `tcproute/${namespace}/${name}`,
      ...(terminate && l.hostname ? { serverNames: [l.hostname] } : {}),
      ...(terminate ? { tls: terminate } : {}),
      tcp: { statPrefix: `tcp-${l.port}`, cluster: l4Cluster(ctx, first, l), ...lowerTcpPolicy(ctx, first, l), ...idleTimeout },
      ...(authorization ? { authorization } : {}),
      ...extras,
      resources: [routeRef(first)],
    });
  }
  if (chains.length > 0) return chains;
  addCluster(ctx, emptyCluster(EMPTY_CLUSTER));
  return [
    {
      name: EMPTY_CLUSTER,
      // Envoy Gateway's shared empty route has no TLS: the chain proxies the raw bytes.
      tcp: {
        statPrefix: `${l.protocol === 'TCP' ? 'tcp' : 'tls-passthrough'}-${l.port}`,
        cluster: EMPTY_CLUSTER,
        ...idleTimeout,
      },
      ...extras,
      resources: [gatewayRef(p)],
    },
  ];
}

/**
 * The Envoy listener's own settings: those of the first Gateway listener on the port (HTTP ones
 * first, as Envoy Gateway builds them), with the proxy protocol filter of the first that asks for it.
 */
function listenerSocket(ctx: LowerContext, group: Placed[]): IrListenerSocket | undefined {
  const ordered = [...group.filter((p) => isHttp(p.listener)), ...group.filter((p) => !isHttp(p.listener))];
  const clients = ordered.map((p) => ({ l: p.listener, c: clientOf(ctx, p.listener) }));
  const first = clients[0]!;
  const socket: IrListenerSocket = first.c ? lowerSocket(first.c.spec, !first.c.invalid) : {};
  delete socket.proxyProtocol;
  delete socket.fingerprints;
  const proxy = clients.map(({ c }) => c && !c.invalid && lowerSocket(c.spec, true).proxyProtocol).find((x) => x);
  if (proxy) socket.proxyProtocol = proxy;
  const prints = [...new Set(clients.flatMap(({ l, c }) => (c && !c.invalid && terminatesTls(l) ? (c.spec.tls?.fingerprints ?? []) : [])))];
  if (prints.length) socket.fingerprints = prints;
  return Object.keys(socket).length ? socket : undefined;
}

/** Drops server names an earlier chain of the same Envoy listener already matches (Envoy rejects duplicates). */
function dedupeServerNames(chains: IrFilterChain[]): IrFilterChain[] {
  const taken = new Set<string>();
  const out: IrFilterChain[] = [];
  for (const c of chains) {
    const key = c.serverNames ?? ['<any>'];
    const free = key.filter((n) => !taken.has(n));
    if (free.length === 0) continue;
    free.forEach((n) => taken.add(n));
    out.push(c.serverNames ? { ...c, serverNames: free } : c);
  }
  return out;
}

/**
 * One Envoy listener per port and transport, in Gateway listener order. Plain-HTTP listeners on a
 * port share one HCM (its settings and route config name from the first); HTTPS listeners get a
 * chain each, matched by SNI, answering 421 for a Host another HTTPS listener serves; TLS and TCP
 * listeners get tcp_proxy chains; a UDP listener (one per port) is its own Envoy listener with a udp_proxy.
 */
export function lowerListeners(ctx: LowerContext, placed: Placed[]): IrListener[] {
  const byPort = new Map<string, Placed[]>();
  for (const p of placed) {
    const key = `${p.listener.protocol === 'UDP' ? 'udp' : 'tcp'}/${p.listener.port}`;
    byPort.set(key, [...(byPort.get(key) ?? []), p]);
  }
  return [...byPort.values()].map((group): IrListener => {
    const first = group[0]!;
    const port = first.listener.port;
    const ipFamily = proxySpecOf(ctx, first.listener)?.ipFamily;
    const address = ctx.opts.listenerAddress ?? (ipFamily === 'IPv6' || ipFamily === 'DualStack' ? LISTENER_ADDRESS_IPV6 : LISTENER_ADDRESS);
    const listener: IrListener = {
      name: first.listener.irName,
      address,
      port,
      ...(ipFamily === 'DualStack' && address.includes(':') ? { ipv4Compat: true } : {}),
      chains: [],
      origin: group.map((p) => ({ key: p.listener.listenerSet ?? p.gateway.key, span: spanLater(p.listener.src, ['spec', 'listeners', p.listener.index]) })),
    };
    if (first.listener.protocol === 'UDP') return { ...listener, udp: udpProxy(ctx, first) };
    // HTTP/3 on any HTTPS listener of the port: a QUIC listener beside, and alt-svc on every route of the port.
    const http3 = group.some((p) => wantsHttp3(p.listener, clientOf(ctx, p.listener)));
    const altSvcPort = http3 ? port : undefined;
    const http = group.filter((p) => p.listener.protocol === 'HTTP');
    if (http.length > 0) {
      const managers = http.map((p) => httpManager(ctx, p, false, altSvcPort));
      const virtualHosts = managers.flatMap((m) => m.http.virtualHosts);
      const filters = collectHttpFilters(ctx, virtualHosts, managers[0]!.own, proxySpecOf(ctx, http[0]!.listener)?.filterOrder);
      const settings = withGeoHeadersStripped(managers[0]!.http.settings, geoHeadersOf(virtualHosts));
      const shared: IrHttpManager = {
        ...managers[0]!.http,
        virtualHosts,
        filters,
        validateClusters: managers.every((m) => m.http.validateClusters),
        ...(settings ? { settings } : {}),
      };
      listener.defaultChain = { name: first.listener.irName, http: shared, ...chainExtras(clientOf(ctx, http[0]!.listener)), resources: http.map(gatewayRef) };
    }
    const chains: IrFilterChain[] = [];
    const https = group.filter((p) => p.listener.protocol === 'HTTPS');
    for (const p of group) {
      const l = p.listener;
      if (l.protocol === 'HTTPS') {
        const names = l.hostname && l.hostname !== '*' ? [l.hostname] : undefined;
        const { http } = httpManager(ctx, p, true, altSvcPort);
        chains.push({
          name: l.irName,
          ...(names ? { serverNames: names } : {}),
          tls: listenerTls(ctx, l, l.tlsOverlaps ? OVERLAPPING_TLS_ALPN : DOWNSTREAM_ALPN),
          http: { ...http, virtualHosts: withMisdirected(p, http.virtualHosts, https) },
          ...chainExtras(clientOf(ctx, l)),
          resources: [gatewayRef(p)],
        });
      } else if (l.protocol === 'TLS' || l.protocol === 'TCP') chains.push(...l4Chains(ctx, p));
    }
    const socket = listenerSocket(ctx, group);
    if (socket) listener.socket = socket;
    if (http3) listener.http3 = true;
    listener.chains = dedupeServerNames(chains);
    return listener;
  });
}
