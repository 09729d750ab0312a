import type { Backend } from '../api/backend';
import { MULTICLUSTER_GROUP, type EndpointSlice } from '../api/core';
import { ENVOY_GATEWAY_GROUP, GATEWAY_GROUP } from '../api/meta';
import type { BackendRef, HTTPRouteFilter } from '../api/routes';
import { referencePermitted, type Lookup } from './lookup';
import { readBackendTls } from './upstream-tls';
import type { BackendTlsTarget, EndpointAddress, ResolvedBackend, RouteKind } from './types';

/** What resolving a backendRef needs besides the lookup. */
export interface BackendContext {
  lookup: Lookup;
  routeKind: RouteKind;
  routeNamespace: string;
  /** The DNS name of a Service with no EndpointSlices, `{name}` and `{namespace}` filled in. */
  serviceDns: string;
  /**
   * A Service that is not in the inputs resolves by DNS too: true when the inputs hold no Service
   * at all (a compose view) or `--service-dns` was given. Otherwise it is Envoy Gateway's BackendNotFound.
   */
  dnsForMissingServices: boolean;
}

/** Filters a backendRef may carry (Envoy Gateway), per route kind, and how Envoy Gateway words the rule. */
const BACKEND_FILTERS: Record<string, { types: string[]; message: string }> = {
  HTTPRoute: {
    types: ['RequestHeaderModifier', 'ResponseHeaderModifier', 'URLRewrite', 'ExtensionRef'],
    message:
      'Specific filter is not supported within BackendRef, only RequestHeaderModifier, ResponseHeaderModifier, URLRewrite and gateway.envoyproxy.io/HTTPRouteFilter are supported',
  },
  GRPCRoute: {
    types: ['RequestHeaderModifier', 'ResponseHeaderModifier'],
    message: 'Specific filter is not supported within BackendRef, only RequestHeaderModifier and ResponseHeaderModifier are supported',
  },
};

type Ref = Omit<BackendRef, 'weight' | 'filters'> & { weight?: number; filters?: HTTPRouteFilter[] };

function invalid(ref: Ref, index: number, reason: string, message: string, hint?: string): ResolvedBackend {
  const failure = { reason, message, ...(hint !== undefined ? { hint } : {}) };
  return { index, weight: ref.weight ?? 1, state: 'invalid', failure, endpoints: [], protocol: 'default', filters: ref.filters ?? [] };
}

/** Service port appProtocols for HTTP/2 and for WebSockets (HTTP/1.1 forced): Kubernetes' and Envoy Gateway's names (resolveBackendProtocol). */
const H2_APP_PROTOCOLS = ['kubernetes.io/h2c', 'gateway.envoyproxy.io/h2c', 'grpc'];
const WS_APP_PROTOCOLS = ['kubernetes.io/ws', 'kubernetes.io/wss', 'gateway.envoyproxy.io/ws', 'gateway.envoyproxy.io/wss'];

/** Upstream protocol from a Service port's appProtocol. */
function serviceProtocol(appProtocol: string | undefined): ResolvedBackend['protocol'] {
  if (appProtocol === undefined) return 'default';
  if (H2_APP_PROTOCOLS.includes(appProtocol)) return 'http2';
  if (WS_APP_PROTOCOLS.includes(appProtocol)) return 'http1';
  return 'default';
}

function resolveService(ref: Ref, port: number, index: number, ns: string, ctx: BackendContext): ResolvedBackend {
  const id = `${ns}/${ref.name}`;
  const resource = { kind: 'Service', namespace: ns, name: ref.name, sectionName: String(port) };
  const svc = ctx.lookup.services.get(id);
  // A BackendTLSPolicy names a Service port by its name; an unnamed port only by the whole Service.
  const portName = svc?.value.spec.ports?.find((p) => p.port === port)?.name;
  const tlsTarget: BackendTlsTarget = { group: '', kind: 'Service', namespace: ns, name: ref.name, ...(portName ? { sectionName: portName } : {}) };
  const base = { index, weight: ref.weight ?? 1, filters: ref.filters ?? [], resource, tlsTarget };
  const slices = ctx.lookup.endpointSlices.get(id) ?? [];
  // Spreads go last here and below: Node 20's V8 builds an object literal that starts with a spread slowly (microseconds each).
  const dns = (): ResolvedBackend => ({
    state: 'valid',
    protocol: 'default',
    endpoints: [{ type: 'fqdn', address: ctx.serviceDns.replaceAll('{name}', ref.name).replaceAll('{namespace}', ns), port }],
    ...base,
  });
  if (!svc) {
    if (ctx.dnsForMissingServices) return dns();
    return invalid(
      ref,
      index,
      'BackendNotFound',
      `service ${id} not found`,
      'the inputs hold Service objects, so a Service missing from them is not resolved by DNS; pass --service-dns to resolve it anyway',
    );
  }
  if (svc.value.spec.type === 'ExternalName') {
    return invalid(
      ref,
      index,
      'UnsupportedValue',
      `Service ${id} is of type ExternalName, which is not supported as a backend; use an Envoy Gateway Backend resource with an FQDN endpoint instead`,
    );
  }
  // A UDPRoute's backends are UDP ports, every other route's TCP ports (Envoy Gateway).
  const protocol = ctx.routeKind === 'UDPRoute' ? 'UDP' : 'TCP';
  const servicePort = svc.value.spec.ports?.find((p) => p.port === port && p.protocol === protocol);
  if (!servicePort) return invalid(ref, index, 'PortNotFound', `${protocol} Port ${port} not found on Service ${id}`);
  const clusterIP = svc.value.spec.clusterIP;
  const serviceAddress = clusterIP && clusterIP !== 'None' ? { serviceAddresses: [{ address: clusterIP, port }] } : {};
  if (slices.length === 0) return Object.assign(dns(), serviceAddress, { protocol: serviceProtocol(servicePort.appProtocol) });
  const endpoints = sliceEndpoints(
    servicePort.name,
    protocol,
    slices.map((s) => s.value),
  );
  if (endpoints.length === 0) return noReadyEndpoints(base, 'Service', id);
  return { state: 'valid', endpoints, protocol: serviceProtocol(servicePort.appProtocol), ...base, ...serviceAddress };
}

/** A Service or ServiceImport whose EndpointSlices hold no ready endpoint (Envoy Gateway's EndpointsNotFound: 503). */
function noReadyEndpoints(base: Omit<ResolvedBackend, 'state' | 'endpoints' | 'protocol'>, kind: string, id: string): ResolvedBackend {
  const message = `Failed to find endpoints: no ready endpoints for the related ${kind} ${id}.`;
  return { state: 'noEndpoints', failure: { reason: 'EndpointsNotFound', message }, endpoints: [], protocol: 'default', ...base };
}

/** Ready endpoints of a Service port, matched to EndpointSlice ports by the Service port's name and protocol. */
function sliceEndpoints(portName: string | undefined, protocol: string, slices: EndpointSlice[]): EndpointAddress[] {
  const out: EndpointAddress[] = [];
  const seen = new Set<string>();
  for (const slice of slices) {
    const port = slice.ports?.find((p) => (p.name ?? '') === (portName ?? '') && p.protocol === protocol)?.port;
    if (port === undefined) continue;
    for (const ep of slice.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      for (const address of ep.addresses) {
        const type = slice.addressType === 'FQDN' ? 'fqdn' : 'ip';
        const key = `${type}/${address}:${port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ type, address, port, ...(ep.zone !== undefined ? { zone: ep.zone } : {}) });
      }
    }
  }
  return out;
}

/** Upstream protocol from Envoy Gateway Backend appProtocols. */
function backendProtocol(b: Backend): ResolvedBackend['protocol'] {
  const ps = b.spec.appProtocols ?? [];
  if (ps.includes('gateway.envoyproxy.io/ws') || ps.includes('gateway.envoyproxy.io/wss')) return 'http1';
  if (ps.includes('gateway.envoyproxy.io/h2c')) return 'http2';
  return 'default';
}

function resolveBackend(ref: Ref, index: number, ns: string, ctx: BackendContext): ResolvedBackend {
  const id = `${ns}/${ref.name}`;
  const loaded = ctx.lookup.backends.get(id);
  if (!loaded) return invalid(ref, index, 'BackendNotFound', `Backend ${id} not found`);
  const b = loaded.value;
  if (b.spec.type === 'DynamicResolver' && (ctx.routeKind === 'TCPRoute' || ctx.routeKind === 'UDPRoute'))
    return invalid(ref, index, 'UnsupportedValue', `Backend ${id} is a DynamicResolver, which envoyc translates for HTTP, gRPC and TLS routes only`);
  const tlsProblem = backendTlsProblem(b, ctx.lookup.backendTlsPolicies);
  if (tlsProblem) return invalid(ref, index, 'InvalidBackendRef', tlsProblem);
  const tls = b.spec.tls ? readBackendTls(b, { lookup: ctx.lookup, configMaps: ctx.lookup.configMaps }) : undefined;
  if (tls && 'error' in tls) return invalid(ref, index, 'InvalidBackendTLS', tls.error);
  const endpoints: EndpointAddress[] = (b.spec.endpoints ?? []).map((e): EndpointAddress => {
    const extra = { ...(e.zone !== undefined ? { zone: e.zone } : {}), ...(e.hostname !== undefined ? { hostname: e.hostname } : {}) };
    if (e.fqdn) return { type: 'fqdn', address: e.fqdn.hostname, port: e.fqdn.port, ...extra };
    if (e.ip) return { type: 'ip', address: e.ip.address, port: e.ip.port, ...extra };
    return { type: 'unix', path: e.unix!.path, ...extra };
  });
  return {
    index,
    weight: ref.weight ?? 1,
    state: 'valid',
    endpoints,
    protocol: backendProtocol(b),
    resource: { kind: 'Backend', namespace: ns, name: ref.name },
    filters: ref.filters ?? [],
    // A Backend's ports are named by their number.
    tlsTarget: {
      group: ENVOY_GATEWAY_GROUP,
      kind: 'Backend',
      namespace: ns,
      name: ref.name,
      ...(ref.port !== undefined ? { sectionName: String(ref.port) } : {}),
    },
    ...(tls ? { tls } : {}),
    ...(b.spec.type === 'DynamicResolver' ? { dynamicResolver: true } : {}),
  };
}

/** The ports a Backend's endpoints listen on, as BackendTLSPolicy section names. */
function endpointPorts(b: Backend): string[] {
  return [...new Set((b.spec.endpoints ?? []).flatMap((e) => (e.fqdn ? [String(e.fqdn.port)] : e.ip ? [String(e.ip.port)] : [])))];
}

/**
 * Envoy Gateway's validateBackendTLSSettings: TLS that verifies needs a CA, from the Backend or from
 * BackendTLSPolicies (one on the whole Backend with a CA, or one per endpoint port); and the
 * client certificate must live in the Backend's namespace.
 */
function backendTlsProblem(b: Backend, policies: Lookup['backendTlsPolicies']): string | undefined {
  const t = b.spec.tls;
  if (!t) return undefined;
  const { namespace, name } = b.metadata;
  if (!t.insecureSkipVerify && t.wellKnownCACertificates === undefined && !t.caCertificateRefs?.length) {
    const covered = new Set<string>();
    let whole = false;
    for (const p of policies) {
      if (p.value.metadata.namespace !== namespace) continue;
      const hasCa = p.value.spec.validation.wellKnownCACertificates !== undefined || (p.value.spec.validation.caCertificateRefs?.length ?? 0) > 0;
      for (const target of p.value.spec.targetRefs) {
        if (target.group !== ENVOY_GATEWAY_GROUP || target.kind !== 'Backend' || target.name !== name) continue;
        if (target.sectionName === undefined) whole ||= hasCa;
        else covered.add(target.sectionName);
      }
    }
    const ports = endpointPorts(b);
    if (!whole && ports.length > 0 && !ports.every((p) => covered.has(p)))
      return 'must specify either CACertificateRefs or WellKnownCACertificates when InsecureSkipVerify is unset or false';
  }
  const ref = t.clientCertificateRef;
  if (ref?.namespace && ref.namespace !== namespace)
    return `clientCertificateRef Secret is not located in the same namespace as Backend. Secret namespace: ${ref.namespace} does not match Backend namespace: ${namespace}`;
  return undefined;
}

/** Envoy Gateway's backendRef filter rules (validateBackendRefFilters). */
function filterFailure(ref: Ref, routeKind: RouteKind): { reason: string; message: string } | undefined {
  const allowed = BACKEND_FILTERS[routeKind];
  if (!allowed) return undefined;
  let unsupported = false;
  for (const f of ref.filters ?? []) {
    if (routeKind === 'HTTPRoute' && f.type === 'URLRewrite' && f.urlRewrite?.path) {
      return { reason: 'UnsupportedRefValue', message: 'URLRewrite path modifier is not supported within BackendRef' };
    }
    if (!allowed.types.includes(f.type)) unsupported = true;
  }
  return unsupported ? { reason: 'UnsupportedRefValue', message: allowed.message } : undefined;
}

/** Envoy Gateway's backendRef validation (validateBackendRef), in its order; the first failure decides. */
export function resolveBackendRef(ref: Ref, index: number, ctx: BackendContext): ResolvedBackend {
  const filters = filterFailure(ref, ctx.routeKind);
  if (filters) return invalid(ref, index, filters.reason, filters.message);
  const group = ref.group ?? '';
  const kind = ref.kind ?? 'Service';
  if (!['', 'multicluster.x-k8s.io', ENVOY_GATEWAY_GROUP].includes(group)) {
    return invalid(
      ref,
      index,
      'InvalidKind',
      'Group is invalid, only the core API group (specified by omitting the group field or setting it to an empty string), multicluster.x-k8s.io and gateway.envoyproxy.io are supported',
    );
  }
  if (!['Service', 'ServiceImport', 'Backend'].includes(kind)) {
    return invalid(ref, index, 'InvalidKind', 'Kind is invalid, only Service, MCS ServiceImport and Envoy Gateway Backend are supported');
  }
  const ns = ref.namespace || ctx.routeNamespace;
  if (
    ns !== ctx.routeNamespace &&
    !referencePermitted(
      ctx.lookup,
      { group: GATEWAY_GROUP, kind: ctx.routeKind, namespace: ctx.routeNamespace },
      { group, kind, namespace: ns, name: ref.name },
    )
  ) {
    return invalid(ref, index, 'RefNotPermitted', `Backend ref to ${kind} ${ns}/${ref.name} not permitted by any ReferenceGrant.`);
  }
  if (kind === 'Backend') return resolveBackend(ref, index, ns, ctx);
  if (ref.port === undefined) return invalid(ref, index, 'PortNotSpecified', 'A valid port number corresponding to a port on the Service must be specified');
  if (kind === 'ServiceImport') return resolveServiceImport(ref, ref.port, index, ns, ctx);
  return resolveService(ref, ref.port, index, ns, ctx);
}

/**
 * A multi-cluster ServiceImport (Envoy Gateway's processServiceImportDestinationSetting): its port
 * by number and protocol, its endpoints from the EndpointSlices labeled with its name, its IPs for
 * `routingType: Service` (none: headless). Unlike a Service, one without EndpointSlices is not
 * resolved by DNS: it has no endpoints (503), as in Envoy Gateway.
 */
function resolveServiceImport(ref: Ref, port: number, index: number, ns: string, ctx: BackendContext): ResolvedBackend {
  const id = `${ns}/${ref.name}`;
  const imported = ctx.lookup.serviceImports.get(id);
  if (!imported) return invalid(ref, index, 'BackendNotFound', `service import ${id} not found`);
  const protocol = ctx.routeKind === 'UDPRoute' ? 'UDP' : 'TCP';
  const servicePort = imported.value.spec.ports.find((p) => p.port === port && (p.protocol ?? 'TCP') === protocol);
  if (!servicePort) return invalid(ref, index, 'PortNotFound', `${protocol} port ${port} not found on service import ${id}`);
  const base = {
    index,
    weight: ref.weight ?? 1,
    filters: ref.filters ?? [],
    resource: { kind: 'ServiceImport', namespace: ns, name: ref.name, sectionName: String(port) },
    tlsTarget: {
      group: MULTICLUSTER_GROUP,
      kind: 'ServiceImport',
      namespace: ns,
      name: ref.name,
      ...(servicePort.name ? { sectionName: servicePort.name } : {}),
    },
  };
  const ips = imported.value.spec.ips ?? [];
  const serviceAddresses = ips.length ? { serviceAddresses: ips.map((address) => ({ address, port })) } : {};
  const endpoints = sliceEndpoints(
    servicePort.name,
    protocol,
    (ctx.lookup.serviceImportSlices.get(id) ?? []).map((s) => s.value),
  );
  if (endpoints.length === 0) return noReadyEndpoints(Object.assign({}, base, serviceAddresses), 'ServiceImport', id);
  return { state: 'valid', endpoints, protocol: serviceProtocol(servicePort.appProtocol), ...base, ...serviceAddresses };
}
