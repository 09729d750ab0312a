// HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute and ReferenceGrant: the generated types (generated/), under
// the names the compiler uses. A TCPRoute or TLSRoute of any served version (v1, v1alpha2, v1alpha3)
// has the same shape, as do ReferenceGrant v1 and v1beta1.
import type * as G from './generated/grpcroute';
import type * as H from './generated/httproute';
import type * as T from './generated/tcproute';

export type HTTPRoute = H.HTTPRoute;
export type HTTPRouteSpec = H.HTTPRouteSpec;
export type HTTPRouteRule = H.HTTPRouteSpecRules;
export type HTTPRouteMatch = H.HTTPRouteSpecRulesMatches;
/** A route filter; GRPCRoute's filters are a subset of HTTPRoute's. */
export type HTTPRouteFilter = H.HTTPRouteSpecRulesFilters;
export type PathModifier = H.HTTPRouteSpecRulesFiltersUrlRewritePath;
/** RequestHeaderModifier and ResponseHeaderModifier (one shape). */
export type HeaderModifier = H.HTTPRouteSpecRulesFiltersRequestHeaderModifier;
/** `ParentReference` with its CRD defaults (group gateway.networking.k8s.io, kind Gateway). */
export type ParentReference = H.HTTPRouteSpecParentRefs;
/** `BackendRef` / `BackendObjectReference`. group "" = core; kind defaults to Service. */
export type BackendRef = H.HTTPRouteSpecRulesBackendRefs;

export type GRPCRoute = G.GRPCRoute;
export type GRPCRouteSpec = G.GRPCRouteSpec;
export type GRPCRouteRule = G.GRPCRouteSpecRules;
export type GRPCRouteMatch = G.GRPCRouteSpecRulesMatches;

export type TCPRoute = T.TCPRoute;
export type { TLSRoute } from './generated/tlsroute';
export type { UDPRoute } from './generated/udproute';
export type { ReferenceGrant } from './generated/referencegrant';
