import type { Backend } from '../api/backend';
import type { BackendTrafficPolicy } from '../api/backendtrafficpolicy';
import type { ClientTrafficPolicy } from '../api/clienttrafficpolicy';
import type { ClusterTrustBundle, ConfigMap, EndpointSlice, Namespace, Secret, Service, ServiceImport } from '../api/core';
import type { BackendTLSPolicy } from '../api/generated/backendtlspolicy';
import type { EnvoyExtensionPolicy } from '../api/generated/envoyextensionpolicy';
import type { EnvoyPatchPolicy } from '../api/generated/envoypatchpolicy';
import type { EnvoyProxy } from '../api/envoyproxy';
import type { HTTPRouteFilter } from '../api/generated/httproutefilter';
import type { SecurityPolicy } from '../api/generated/securitypolicy';
import type { Gateway, GatewayClass, ListenerSet } from '../api/gateway';
import type { Kind, ObjectMeta } from '../api/meta';
import type { GRPCRoute, HTTPRoute, ReferenceGrant, TCPRoute, TLSRoute, UDPRoute } from '../api/routes';
import type { SourceRef } from '../source';

/** `Kind/namespace/name`, e.g. `HTTPRoute/default/web`. Cluster-scoped kinds (Namespace, GatewayClass) use their own name as namespace. */
export type ResourceKey = `${Kind}/${string}/${string}`;

/** A schema-checked object with CRD defaults applied, and the YAML it came from. */
export interface Loaded<T> {
  key: ResourceKey;
  value: T;
  /**
   * File and YAML node, so any field's span can be found later with `spanAt(src, path)`. The node of
   * an object read on the fast path is the yaml package's, parsed on first use (fast-parse.ts): ask
   * for spans when reporting, and use spanLater() for spans kept for later (IR origins).
   */
  src: SourceRef;
  /** False when the object was synthesized by the loader (a Namespace nobody wrote). */
  written: boolean;
}

/**
 * Everything the loader kept, per kind, in provider order: `creationTimestamp` (absent counts
 * as oldest, as Envoy Gateway's zero time does), then namespace, then name. Objects with schema
 * errors are dropped (the error is reported); later phases see only well-formed objects.
 */
export interface Resources {
  gatewayClasses: Loaded<GatewayClass>[];
  gateways: Loaded<Gateway>[];
  listenerSets: Loaded<ListenerSet>[];
  httpRoutes: Loaded<HTTPRoute>[];
  grpcRoutes: Loaded<GRPCRoute>[];
  tcpRoutes: Loaded<TCPRoute>[];
  tlsRoutes: Loaded<TLSRoute>[];
  udpRoutes: Loaded<UDPRoute>[];
  referenceGrants: Loaded<ReferenceGrant>[];
  /** Written Namespaces plus one synthesized (no labels) for every other namespace in use. */
  namespaces: Loaded<Namespace>[];
  services: Loaded<Service>[];
  endpointSlices: Loaded<EndpointSlice>[];
  serviceImports: Loaded<ServiceImport>[];
  clusterTrustBundles: Loaded<ClusterTrustBundle>[];
  secrets: Loaded<Secret>[];
  configMaps: Loaded<ConfigMap>[];
  backends: Loaded<Backend>[];
  policies: Loaded<BackendTrafficPolicy>[];
  clientTrafficPolicies: Loaded<ClientTrafficPolicy>[];
  envoyPatchPolicies: Loaded<EnvoyPatchPolicy>[];
  envoyExtensionPolicies: Loaded<EnvoyExtensionPolicy>[];
  /** Envoy Gateway's HTTPRouteFilter, which route filters name by `extensionRef`. */
  httpRouteFilters: Loaded<HTTPRouteFilter>[];
  securityPolicies: Loaded<SecurityPolicy>[];
  /** EnvoyProxy objects; a GatewayClass's or Gateway's parametersRef gives them effect (2-resolve). */
  envoyProxies: Loaded<EnvoyProxy>[];
  backendTlsPolicies: Loaded<BackendTLSPolicy>[];
  /**
   * Objects of kinds envoyc does not translate yet (schema-checked; `unsupported_kind` reported), so
   * review tools can point at them. No phase translates them.
   */
  unsupported: Loaded<{ kind: Kind; metadata: ObjectMeta }>[];
  /** Objects dropped for schema errors (already reported), so later phases do not call them missing. */
  rejected: ResourceKey[];
}
