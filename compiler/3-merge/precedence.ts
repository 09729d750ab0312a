/**
 * Envoy Gateway's scopes, most specific first. Policies are applied in passes in this order, and
 * a less specific pass never overwrites what a more specific one set: HTTP and gRPC routes take
 * the most specific policy whole (unless it sets mergeType, see merge-type.ts); TCP and TLS
 * routes take each field from the most specific policy that sets it.
 * Within one pass, policies go in provider order (oldest creationTimestamp, then namespace, then
 * name); the first to claim a scope wins it and later ones are Conflicted there.
 */
export const SCOPES = ['routeRule', 'route', 'gatewayListener', 'gateway'] as const;
export type Scope = (typeof SCOPES)[number];

/** Route kinds a policy can target besides Gateway. */
export const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

/**
 * Fields a TCP or TLS route takes from policies, one by one (Envoy Gateway's field-level fill).
 * `connection` only from route and rule policies (an Envoy Gateway quirk kept for parity).
 */
export const L4_FIELDS = ['loadBalancer', 'proxyProtocol', 'healthCheck', 'circuitBreaker', 'tcpKeepalive', 'timeout', 'dns', 'telemetry'] as const;
export const L4_ROUTE_ONLY_FIELDS = ['connection'] as const;

/** Spec fields that say where a policy attaches, not what it does. */
export const TARGETING_FIELDS = new Set(['targetRef', 'targetRefs', 'targetSelectors', 'mergeType']);
