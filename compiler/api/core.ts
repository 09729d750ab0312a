// The core Kubernetes kinds envoyc reads (v1 Namespace, Service, Secret, ConfigMap and
// discovery.k8s.io/v1 EndpointSlice), and the Multi-Cluster Services API's ServiceImport. They have
// no CRD among Envoy Gateway's: each is declared once here, as a schema in the CRD form (the fields
// that matter offline), and its TypeScript type is inferred from it. The API server's checks that
// are Go code rather than schema live in 1-load/core.ts.
//
// Why not generate these from Kubernetes' OpenAPI document as the CRD kinds are: it has the field
// types but none of the validation (enums, patterns, ranges are Go code in the API server), so
// every check would still be written here by hand, for a multi-megabyte pinned download.
import type { CoreObject } from './from-schema';
import type { OpenApiSchema } from './openapi';

const str = { type: 'string' } as const;
const strings = { type: 'array', items: str } as const;
const stringMap = { type: 'object', additionalProperties: str } as const;
const bool = { type: 'boolean' } as const;
const protocol = { type: 'string', enum: ['TCP', 'UDP', 'SCTP'], default: 'TCP' } as const;
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const base64 = { type: 'string', format: 'byte' } as const;
const base64Map = { type: 'object', additionalProperties: base64 } as const;

const root = { apiVersion: str, kind: str, metadata: { type: 'object' }, status: { 'x-kubernetes-preserve-unknown-fields': true } } as const;

export const namespaceSchema = {
  type: 'object',
  required: ['metadata'],
  properties: { ...root, spec: { type: 'object', properties: { finalizers: strings } } },
} as const satisfies OpenApiSchema;

const servicePort = {
  type: 'object',
  required: ['port'],
  properties: {
    name: { type: 'string', maxLength: 63, pattern: DNS_LABEL },
    protocol,
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    // An IANA service name: lower-case letters, digits and '-', with at least one letter (spelled out: RE2 has no lookahead).
    targetPort: {
      'x-kubernetes-int-or-string': true,
      minimum: 1,
      maximum: 65535,
      maxLength: 15,
      pattern: '^([a-z]|[a-z][-a-z0-9]*[a-z0-9]|[a-z0-9][-a-z0-9]*[a-z]|[a-z0-9][-a-z0-9]*[a-z][-a-z0-9]*[a-z0-9])$',
    },
    nodePort: { type: 'integer', minimum: 0, maximum: 65535 },
    appProtocol: str,
  },
} as const;

/** `spec` is required: the API server rejects a Service without ports (unless ExternalName or headless). */
export const serviceSchema = {
  type: 'object',
  required: ['metadata', 'spec'],
  properties: {
    ...root,
    spec: {
      type: 'object',
      properties: {
        type: { type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'], default: 'ClusterIP' },
        clusterIP: str,
        clusterIPs: strings,
        externalName: str,
        externalIPs: strings,
        ports: { type: 'array', items: servicePort, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'] },
        selector: stringMap,
        sessionAffinity: { type: 'string', enum: ['None', 'ClientIP'] },
        sessionAffinityConfig: { 'x-kubernetes-preserve-unknown-fields': true },
        externalTrafficPolicy: { type: 'string', enum: ['Cluster', 'Local'] },
        internalTrafficPolicy: { type: 'string', enum: ['Cluster', 'Local'] },
        ipFamilies: { type: 'array', maxItems: 2, items: { type: 'string', enum: ['IPv4', 'IPv6'] } },
        ipFamilyPolicy: { type: 'string', enum: ['SingleStack', 'PreferDualStack', 'RequireDualStack'] },
        loadBalancerIP: str,
        loadBalancerSourceRanges: strings,
        loadBalancerClass: str,
        allocateLoadBalancerNodePorts: bool,
        healthCheckNodePort: { type: 'integer' },
        publishNotReadyAddresses: bool,
        trafficDistribution: str,
      },
    },
  },
} as const satisfies OpenApiSchema;

const endpoint = {
  type: 'object',
  required: ['addresses'],
  properties: {
    addresses: { type: 'array', minItems: 1, maxItems: 100, items: str, 'x-kubernetes-list-type': 'set' },
    conditions: { type: 'object', properties: { ready: bool, serving: bool, terminating: bool } },
    hostname: { type: 'string', maxLength: 63, pattern: DNS_LABEL },
    nodeName: str,
    zone: str,
    hints: { 'x-kubernetes-preserve-unknown-fields': true },
    targetRef: { 'x-kubernetes-preserve-unknown-fields': true },
    deprecatedTopology: stringMap,
  },
} as const;

/** `endpoints` may be absent or null: a Service with no endpoints yet (the API server accepts it). */
export const endpointSliceSchema = {
  type: 'object',
  required: ['metadata', 'addressType'],
  properties: {
    ...root,
    addressType: { type: 'string', enum: ['IPv4', 'IPv6', 'FQDN'] },
    endpoints: { type: 'array', maxItems: 1000, items: endpoint },
    ports: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        properties: { name: { type: 'string', maxLength: 63 }, port: { type: 'integer', minimum: 0, maximum: 65535 }, protocol, appProtocol: str },
      },
    },
  },
} as const satisfies OpenApiSchema;

export const secretSchema = {
  type: 'object',
  required: ['metadata'],
  properties: {
    ...root,
    type: { type: 'string', maxLength: 253, default: 'Opaque' },
    data: base64Map,
    stringData: stringMap,
    immutable: bool,
  },
} as const satisfies OpenApiSchema;

export const configMapSchema = {
  type: 'object',
  required: ['metadata'],
  properties: { ...root, data: stringMap, binaryData: base64Map, immutable: bool },
} as const satisfies OpenApiSchema;

/**
 * multicluster.x-k8s.io ServiceImport (the CRD of sigs.k8s.io/mcs-api v0.5.2, which Envoy Gateway
 * v1.9 reads; v1alpha1 and v1beta1 share this spec): a Service exported from other clusters, its
 * endpoints in EndpointSlices labeled `multicluster.kubernetes.io/service-name`.
 */
export const serviceImportSchema = {
  type: 'object',
  required: ['metadata', 'spec'],
  properties: {
    ...root,
    spec: {
      type: 'object',
      required: ['ports', 'type'],
      properties: {
        ports: {
          type: 'array',
          items: { type: 'object', required: ['port'], properties: { name: str, protocol: str, appProtocol: str, port: { type: 'integer' } } },
        },
        ips: { type: 'array', maxItems: 2, items: str },
        type: { type: 'string', enum: ['ClusterSetIP', 'Headless'] },
        ipFamilies: { type: 'array', maxItems: 2, items: str },
        internalTrafficPolicy: str,
        sessionAffinity: str,
        sessionAffinityConfig: { 'x-kubernetes-preserve-unknown-fields': true },
        trafficDistribution: str,
      },
    },
  },
} as const satisfies OpenApiSchema;

/**
 * certificates.k8s.io ClusterTrustBundle (v1beta1, v1alpha1; cluster-scoped): a PEM bundle of CA
 * certificates that BackendTLSPolicy, Backend and ClientTrafficPolicy CA refs may name.
 */
export const clusterTrustBundleSchema = {
  type: 'object',
  required: ['metadata', 'spec'],
  properties: {
    ...root,
    spec: { type: 'object', required: ['trustBundle'], properties: { signerName: str, trustBundle: str } },
  },
} as const satisfies OpenApiSchema;

export type Namespace = CoreObject<'Namespace', typeof namespaceSchema>;
export type Service = CoreObject<'Service', typeof serviceSchema>;
export type ServicePort = Service['spec'] extends { ports?: (infer P)[] } ? P : never;
export type EndpointSlice = CoreObject<'EndpointSlice', typeof endpointSliceSchema>;
export type Secret = CoreObject<'Secret', typeof secretSchema>;
export type ConfigMap = CoreObject<'ConfigMap', typeof configMapSchema>;
export type ServiceImport = CoreObject<'ServiceImport', typeof serviceImportSchema>;
export type ClusterTrustBundle = CoreObject<'ClusterTrustBundle', typeof clusterTrustBundleSchema>;

/** The Multi-Cluster Services API's group. */
export const MULTICLUSTER_GROUP = 'multicluster.x-k8s.io';
/** The label an EndpointSlice of a ServiceImport carries to name it. */
export const SERVICE_IMPORT_NAME_LABEL = 'multicluster.kubernetes.io/service-name';

/** The label every EndpointSlice carries to name its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
