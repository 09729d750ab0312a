// The one registry of kinds: every kind Envoy Gateway v1.9 serves (its CRDs, generated) and the core
// Kubernetes kinds envoyc reads, with the API versions that serve each and what envoyc does with it.
// Adding the translation of a kind: give it its Resources list here (and in types.ts), then write
// the code that reads that list.
import { CRD_KINDS } from '../api/generated';
import { MULTICLUSTER_GROUP } from '../api/core';
import { ENVOY_GATEWAY_GROUP, GATEWAY_GROUP, type Kind } from '../api/meta';
import type { Resources } from './types';

export type ListName = Exclude<keyof Resources, 'rejected' | 'unsupported'>;

/**
 * What envoyc does with a kind: loads it into a Resources list; reports it as `unsupported_kind`
 * (Envoy Gateway translates it, envoyc not yet: the Envoy written would lack it); or ignores it
 * with a note, as Envoy Gateway v1.9 does.
 */
export type Handling = { list: ListName } | 'unsupported' | { ignored: string };

const NOT_READ_BY_EG = { ignored: 'Envoy Gateway v1.9 does not read it (an experimental Gateway API kind)' };

const HANDLING: Readonly<Record<Kind, Handling>> = {
  GatewayClass: { list: 'gatewayClasses' },
  Gateway: { list: 'gateways' },
  ListenerSet: { list: 'listenerSets' },
  HTTPRoute: { list: 'httpRoutes' },
  GRPCRoute: { list: 'grpcRoutes' },
  TCPRoute: { list: 'tcpRoutes' },
  TLSRoute: { list: 'tlsRoutes' },
  UDPRoute: { list: 'udpRoutes' },
  ReferenceGrant: { list: 'referenceGrants' },
  Backend: { list: 'backends' },
  BackendTrafficPolicy: { list: 'policies' },
  ClientTrafficPolicy: { list: 'clientTrafficPolicies' },
  BackendTLSPolicy: { list: 'backendTlsPolicies' },
  Namespace: { list: 'namespaces' },
  Service: { list: 'services' },
  EndpointSlice: { list: 'endpointSlices' },
  ServiceImport: { list: 'serviceImports' },
  ClusterTrustBundle: { list: 'clusterTrustBundles' },
  Secret: { list: 'secrets' },
  ConfigMap: { list: 'configMaps' },
  SecurityPolicy: { list: 'securityPolicies' },
  HTTPRouteFilter: { list: 'httpRouteFilters' },
  EnvoyProxy: { list: 'envoyProxies' },
  EnvoyPatchPolicy: { list: 'envoyPatchPolicies' },
  EnvoyExtensionPolicy: { list: 'envoyExtensionPolicies' },
  XBackend: NOT_READ_BY_EG,
  XBackendTrafficPolicy: NOT_READ_BY_EG,
  XMesh: NOT_READ_BY_EG,
};

export interface KindDef {
  kind: Kind;
  /** API group: `gateway.networking.k8s.io`, `gateway.envoyproxy.io`, `` (core) or `discovery.k8s.io`. */
  group: string;
  /** Served versions, the storage version first. */
  versions: readonly string[];
  /** Cluster-scoped: `metadata.namespace` is the object's own name (see ResourceKey). */
  clusterScoped: boolean;
  handling: Handling;
}

const CORE: readonly Omit<KindDef, 'handling'>[] = [
  { kind: 'Namespace', group: '', versions: ['v1'], clusterScoped: true },
  { kind: 'Service', group: '', versions: ['v1'], clusterScoped: false },
  { kind: 'EndpointSlice', group: 'discovery.k8s.io', versions: ['v1'], clusterScoped: false },
  { kind: 'Secret', group: '', versions: ['v1'], clusterScoped: false },
  { kind: 'ConfigMap', group: '', versions: ['v1'], clusterScoped: false },
  { kind: 'ServiceImport', group: MULTICLUSTER_GROUP, versions: ['v1beta1', 'v1alpha1'], clusterScoped: false },
  { kind: 'ClusterTrustBundle', group: 'certificates.k8s.io', versions: ['v1beta1', 'v1alpha1'], clusterScoped: true },
];

export const KIND_DEFS: readonly KindDef[] = [
  ...Object.entries(CRD_KINDS).map(([kind, k]) => ({ kind: kind as Kind, group: k.group, versions: k.versions, clusterScoped: k.scope === 'Cluster' })),
  ...CORE,
].map((k) => ({ ...k, handling: HANDLING[k.kind] }));

export const KIND_BY_NAME: ReadonlyMap<string, KindDef> = new Map(KIND_DEFS.map((k) => [k.kind, k]));

/** `group/version`, or the bare version for the core group. */
export const apiVersionOf = (group: string, version: string): string => (group ? `${group}/${version}` : version);

/** The version of `def` that `apiVersion` names, or undefined when it does not serve the kind. */
export function servedVersion(def: KindDef, apiVersion: string): string | undefined {
  return def.versions.find((v) => apiVersionOf(def.group, v) === apiVersion);
}

/** The groups whose kinds all concern Envoy: an unknown kind there is a mistake, not another tool's object. */
export const ENVOY_GROUPS: ReadonlySet<string> = new Set([GATEWAY_GROUP, ENVOY_GATEWAY_GROUP, 'gateway.networking.x-k8s.io']);
