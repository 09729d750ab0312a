// Which kinds envoyc reads, the apiVersions that serve each, its schema and its Resources list.
import type { Kind } from '../api/meta';
import type { ObjectSchema } from './schema/dsl';
import { backendSchema } from './schemas/backend';
import { backendTrafficPolicySchema } from './schemas/btp';
import { configMapSchema, endpointSliceSchema, namespaceSchema, secretSchema, serviceSchema } from './schemas/core';
import { gatewayClassSchema, gatewaySchema } from './schemas/gateway';
import { grpcRouteSchema } from './schemas/grpcroute';
import { httpRouteSchema } from './schemas/httproute';
import { tcpRouteSchema, tlsRouteSchema } from './schemas/l4-routes';
import { referenceGrantSchema } from './schemas/reference-grant';
import type { Resources } from './types';

export interface KindDef {
  kind: Kind;
  /** `group/version` strings that serve this kind (what the Gateway API / EG CRDs and k8s serve). */
  apiVersions: readonly string[];
  schema: ObjectSchema;
  list: Exclude<keyof Resources, 'rejected'>;
  /** Cluster-scoped: `metadata.namespace` is the object's own name (see ResourceKey). */
  clusterScoped?: boolean;
}

const gw = (...versions: string[]) => versions.map((v) => `gateway.networking.k8s.io/${v}`);
const eg = ['gateway.envoyproxy.io/v1alpha1'];

export const KIND_DEFS: readonly KindDef[] = [
  { kind: 'GatewayClass', apiVersions: gw('v1', 'v1beta1'), schema: gatewayClassSchema, list: 'gatewayClasses', clusterScoped: true },
  { kind: 'Gateway', apiVersions: gw('v1', 'v1beta1'), schema: gatewaySchema, list: 'gateways' },
  { kind: 'HTTPRoute', apiVersions: gw('v1', 'v1beta1'), schema: httpRouteSchema, list: 'httpRoutes' },
  { kind: 'GRPCRoute', apiVersions: gw('v1', 'v1alpha2'), schema: grpcRouteSchema, list: 'grpcRoutes' },
  { kind: 'TCPRoute', apiVersions: gw('v1alpha2'), schema: tcpRouteSchema, list: 'tcpRoutes' },
  { kind: 'TLSRoute', apiVersions: gw('v1alpha2', 'v1alpha3'), schema: tlsRouteSchema, list: 'tlsRoutes' },
  { kind: 'ReferenceGrant', apiVersions: gw('v1beta1', 'v1alpha2'), schema: referenceGrantSchema, list: 'referenceGrants' },
  { kind: 'Namespace', apiVersions: ['v1'], schema: namespaceSchema, list: 'namespaces', clusterScoped: true },
  { kind: 'Service', apiVersions: ['v1'], schema: serviceSchema, list: 'services' },
  { kind: 'EndpointSlice', apiVersions: ['discovery.k8s.io/v1'], schema: endpointSliceSchema, list: 'endpointSlices' },
  { kind: 'Secret', apiVersions: ['v1'], schema: secretSchema, list: 'secrets' },
  { kind: 'ConfigMap', apiVersions: ['v1'], schema: configMapSchema, list: 'configMaps' },
  { kind: 'Backend', apiVersions: eg, schema: backendSchema, list: 'backends' },
  { kind: 'BackendTrafficPolicy', apiVersions: eg, schema: backendTrafficPolicySchema, list: 'policies' },
];

export const KIND_BY_NAME: ReadonlyMap<string, KindDef> = new Map(KIND_DEFS.map((k) => [k.kind, k]));
