import type { ResourceKey } from '../1-load/types';
import type { PolicyTargetReference } from '../api/backendtrafficpolicy';
import type {
  IrCluster,
  IrGeoIp,
  IrHeaderEdits,
  IrHttpFilter,
  IrJwtRequirement,
  IrKeyedJwtProvider,
  IrListener,
  IrRateLimitHeaders,
  IrRlsDescriptor,
  IrRlsDomain,
  IrRoute,
  IrVirtualHost,
} from '../ir';
import { lowerClusterSettings } from './cluster-settings';
import { addCluster, type LowerContext } from './context';
import { RATE_LIMIT_CLUSTER } from './defaults';
import { geoFieldsOf } from './geoip';
import { DFP_LOOPBACK_FILTER } from './defaults';

/**
 * Envoy Gateway's HTTP filter order (`newOrderedHTTPFilter`, §6), the one table for every policy
 * kind: add a filter's entry here. Equal orders sort by filter name. Extension filters add their
 * index in their policy (the last part of the filter name) to the base.
 */
const FILTER_ORDER: Record<IrHttpFilter['type'], number> = {
  customResponse: 0,
  healthCheck: 1,
  fault: 2,
  cors: 3,
  csrf: 4,
  headerMutation: 5,
  extAuthz: 6,
  apiKeyAuth: 7,
  basicAuth: 8,
  oauth2: 9,
  jwtAuthn: 10,
  sessionPersistence: 11,
  buffer: 12,
  lua: 13,
  extProc: 100,
  wasm: 200,
  geoip: 300,
  rbac: 301,
  // Envoy Gateway orders by name prefix: the guard is an `envoy.filters.http.rbac…` filter.
  dfpLoopbackRbac: 301,
  localRateLimit: 302,
  rateLimit: 303,
  bandwidthLimit: 304,
  grpcWeb: 305,
  grpcStats: 306,
  credentialInjector: 307,
  compressor: 308,
};

const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

/** Whether a policy targets an xRoute (or a rule of one), by its target refs or selectors. */
export function policyTargetsRoute(ctx: LowerContext, key: ResourceKey): boolean {
  const p = ctx.graph.resources.policies.find((x) => x.key === key)?.value.spec;
  if (!p) return false;
  const refs: Pick<PolicyTargetReference, 'kind'>[] = p.targetRef ? [p.targetRef] : [...(p.targetRefs ?? []), ...(p.targetSelectors ?? [])];
  return refs.some((r) => ROUTE_KINDS.has(r.kind));
}

/** An extension's index in its policy: the last part of its name (`…/lua/2` → 2), as Envoy Gateway orders them. */
function extensionIndex(name: string): number {
  return Number(name.slice(name.lastIndexOf('/') + 1));
}

/** The filters one route entry needs in its HCM (the HCM-level settings come from the first such route). */
function routeFilters(r: IrRoute, cluster: string): IrHttpFilter[] {
  const f = r.filters;
  if (!f) return [];
  const out: IrHttpFilter[] = [];
  if (f.customResponse) out.push({ type: 'customResponse', name: f.customResponse.filterName, disabled: true, rules: f.customResponse.rules });
  if (f.fault) out.push({ type: 'fault', name: 'envoy.filters.http.fault', disabled: false });
  if (f.cors) out.push({ type: 'cors', name: 'envoy.filters.http.cors', disabled: false });
  if (f.csrf) out.push({ type: 'csrf', name: 'envoy.filters.http.csrf', disabled: false });
  if (f.apiKeyAuth) out.push({ type: 'apiKeyAuth', name: 'envoy.filters.http.api_key_auth', disabled: true, apiKeyAuth: f.apiKeyAuth });
  if (f.extAuth) out.push({ type: 'extAuthz', name: `envoy.filters.http.ext_authz/${f.extAuth.name}`, disabled: true, extAuth: f.extAuth });
  if (f.oidc) out.push({ type: 'oauth2', name: 'envoy.filters.http.oauth2', disabled: false });
  if (f.authorization) out.push({ type: 'rbac', name: 'envoy.filters.http.rbac', disabled: false });
  if (f.dfpLoopbackDeny) out.push({ type: 'dfpLoopbackRbac', name: DFP_LOOPBACK_FILTER, disabled: false });
  if (f.basicAuth) out.push({ type: 'basicAuth', name: `envoy.filters.http.basic_auth/${f.basicAuth.name}`, disabled: true, basicAuth: f.basicAuth });
  if (f.sessionPersistence)
    out.push({ type: 'sessionPersistence', name: 'envoy.filters.http.stateful_session', disabled: true, session: f.sessionPersistence });
  if (f.buffer) out.push({ type: 'buffer', name: 'envoy.filters.http.buffer', disabled: true, maxRequestBytes: f.buffer.maxRequestBytes });
  if (f.localRateLimit) out.push({ type: 'localRateLimit', name: 'envoy.filters.http.local_ratelimit', disabled: false });
  for (const rl of f.rateLimits ?? []) out.push({ type: 'rateLimit', name: rl.filterName, disabled: false, domain: rl.domain, cluster });
  for (const b of f.bandwidthLimits ?? [])
    out.push({ type: 'bandwidthLimit', name: `envoy.filters.http.bandwidth_limit/${b.direction}`, disabled: true, direction: b.direction });
  for (const c of f.compressors ?? []) out.push({ type: 'compressor', name: `envoy.filters.http.compressor.${c.library}`, disabled: true, ...c });
  if (f.credentialInjector) {
    const { filterName, ...injector } = f.credentialInjector;
    out.push({ type: 'credentialInjector', name: filterName, disabled: true, ...injector });
  }
  const ext = f.extensions;
  ext?.luas.forEach((lua) => out.push({ type: 'lua', name: `envoy.filters.http.lua/${lua.name}`, disabled: true, index: extensionIndex(lua.name), lua }));
  ext?.extProcs.forEach((extProc) =>
    out.push({ type: 'extProc', name: `envoy.filters.http.ext_proc/${extProc.name}`, disabled: true, index: extensionIndex(extProc.name), extProc }),
  );
  ext?.wasms.forEach((wasm) =>
    out.push({ type: 'wasm', name: `envoy.filters.http.wasm/${wasm.name}`, disabled: true, index: extensionIndex(wasm.name), wasm }),
  );
  return out;
}

/**
 * The one `envoy.filters.http.jwt_authn` of an HCM: every provider and requirement its routes name
 * (identical ones once: their names hash their config), sorted by name. Enabled, without rules: a
 * route without a requirement is not checked.
 */
function jwtAuthnFilter(virtualHosts: IrVirtualHost[]): IrHttpFilter | undefined {
  const providers = new Map<string, IrKeyedJwtProvider>();
  const requirements = new Map<string, IrJwtRequirement>();
  for (const vh of virtualHosts)
    for (const r of vh.routes) {
      const jwt = r.filters?.jwt;
      if (!jwt) continue;
      for (const p of jwt.providers) providers.set(p.key, p);
      requirements.set(jwt.requirement.name, jwt.requirement);
    }
  if (!requirements.size) return undefined;
  const byKey = <T>(m: Map<string, T>) => [...m.keys()].sort().map((k) => m.get(k)!);
  return { type: 'jwtAuthn', name: 'envoy.filters.http.jwt_authn', disabled: false, providers: byKey(providers), requirements: byKey(requirements) };
}

/** The rate limit service's cluster: HTTP/2 (gRPC), resolved by DNS unless the address is an IP. */
function rateLimitCluster(service: { address: string; port: number }): IrCluster {
  const ip = /^[0-9.]+$/.test(service.address) || service.address.includes(':');
  const discovery = ip ? 'static' : 'dns';
  return {
    name: RATE_LIMIT_CLUSTER,
    discovery,
    localities: [
      {
        region: `${RATE_LIMIT_CLUSTER}/backend/0`,
        weight: 1,
        endpoints: [{ socket: { address: service.address, port: service.port } }],
        resource: { kind: 'RateLimitService', namespace: '', name: `${service.address}:${service.port}` },
      },
    ],
    protocol: 'http2',
    forceHttp1: false,
    settings: lowerClusterSettings(undefined, { discovery, protocol: 'http2', forceHttp1: false, hostname: '' }),
    resources: [],
    origin: [],
  };
}

/** HCM-wide filter settings of a listener: its gRPC filters and what a ClientTrafficPolicy adds. */
export interface ListenerFilters {
  grpcWeb: boolean;
  grpcStats: boolean;
  healthCheckPath?: string;
  lateResponseHeaders?: IrHeaderEdits;
  rateLimitHeaders?: IrRateLimitHeaders;
  /** Where a geoip filter would read (the listener's EnvoyProxy databases and client IP detection). */
  geoIp?: Omit<IrGeoIp, 'fields'>;
}

/**
 * The HTTP filters of one HCM, before the router: the listener's own (gRPC, health check, late
 * response headers) and each policy filter some route of the HCM uses, once, in Envoy Gateway's
 * order (§6). A global rate limit also brings the rate limit service's cluster.
 */
export function collectHttpFilters(ctx: LowerContext, virtualHosts: IrVirtualHost[], own: ListenerFilters, filterOrder?: FilterPosition[]): IrHttpFilter[] {
  const byName = new Map<string, IrHttpFilter>();
  if (own.grpcWeb) byName.set('envoy.filters.http.grpc_web', { type: 'grpcWeb', name: 'envoy.filters.http.grpc_web', disabled: false });
  if (own.grpcStats) byName.set('envoy.filters.http.grpc_stats', { type: 'grpcStats', name: 'envoy.filters.http.grpc_stats', disabled: false });
  if (own.healthCheckPath !== undefined)
    byName.set('envoy.filters.http.health_check', { type: 'healthCheck', name: 'envoy.filters.http.health_check', disabled: false, path: own.healthCheckPath });
  if (own.lateResponseHeaders)
    byName.set('envoy.filters.http.header_mutation', {
      type: 'headerMutation',
      name: 'envoy.filters.http.header_mutation',
      disabled: false,
      response: own.lateResponseHeaders,
    });
  for (const vh of virtualHosts)
    for (const r of vh.routes)
      for (const f of routeFilters(r, RATE_LIMIT_CLUSTER)) {
        if (byName.has(f.name)) continue;
        byName.set(f.name, f.type === 'rateLimit' && own.rateLimitHeaders ? { ...f, headers: own.rateLimitHeaders } : f);
      }
  const jwt = jwtAuthnFilter(virtualHosts);
  if (jwt) byName.set(jwt.name, jwt);
  const geoFields = geoFieldsOf(virtualHosts);
  if (geoFields.length && own.geoIp)
    byName.set('envoy.filters.http.geoip', { type: 'geoip', name: 'envoy.filters.http.geoip', disabled: false, geoIp: { ...own.geoIp, fields: geoFields } });
  const filters = [...byName.values()];
  const service = ctx.opts.rateLimitService;
  if (service && filters.some((f) => f.type === 'rateLimit')) addCluster(ctx, rateLimitCluster(service));
  const order = (f: IrHttpFilter) => FILTER_ORDER[f.type] + ('index' in f ? f.index : 0);
  const sorted = filters.sort((a, b) => order(a) - order(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return filterOrder ? reorder(sorted, filterOrder) : sorted;
}

/** An EnvoyProxy `filterOrder` entry: move the filters of type `name` before the first, or after the last, of another type. */
export interface FilterPosition {
  name: string;
  before?: string;
  after?: string;
}

/** Envoy Gateway's custom order on top of its own (sortHTTPFilters): each entry in turn, filters matched by name prefix. */
export function reorder(filters: IrHttpFilter[], positions: FilterPosition[]): IrHttpFilter[] {
  let out = [...filters];
  const isType = (f: IrHttpFilter, type: string) => f.name.startsWith(type);
  for (const p of positions) {
    const moving = out.filter((f) => isType(f, p.name));
    if (!moving.length) continue;
    const rest = out.filter((f) => !isType(f, p.name));
    const last = rest.map((f) => isType(f, p.after ?? '')).lastIndexOf(true);
    const anchor = p.before !== undefined ? rest.findIndex((f) => isType(f, p.before!)) : last;
    if (anchor < 0) continue;
    const at = p.before !== undefined ? anchor : anchor + 1;
    out = [...rest.slice(0, at), ...moving, ...rest.slice(at)];
  }
  return out;
}

function mergeDescriptors(into: IrRlsDescriptor[], add: IrRlsDescriptor[]): void {
  for (const d of add) if (!into.some((x) => x.key === d.key && x.value === d.value)) into.push(d);
}

/**
 * The rate limit service's config: per domain, every route's descriptors (a shared rule's
 * descriptor once, however many routes use it). Domains sorted by name.
 */
export function collectRateLimitDomains(listeners: IrListener[]): IrRlsDomain[] {
  const domains = new Map<string, IrRlsDescriptor[]>();
  for (const l of listeners) {
    for (const chain of [...(l.defaultChain ? [l.defaultChain] : []), ...l.chains]) {
      for (const vh of chain.http?.virtualHosts ?? []) {
        for (const r of vh.routes) {
          for (const rl of r.filters?.rateLimits ?? []) {
            const list = domains.get(rl.domain) ?? [];
            mergeDescriptors(list, rl.descriptors);
            domains.set(rl.domain, list);
          }
        }
      }
    }
  }
  return [...domains.keys()].sort().map((domain) => ({ domain, descriptors: domains.get(domain)! }));
}
