/** Every kind envoyc reads. Anything else is reported and ignored. */
export const KINDS = [
  'GatewayClass',
  'Gateway',
  'HTTPRoute',
  'GRPCRoute',
  'TCPRoute',
  'TLSRoute',
  'ReferenceGrant',
  'Namespace',
  'Service',
  'EndpointSlice',
  'Secret',
  'ConfigMap',
  'Backend',
  'BackendTrafficPolicy',
] as const;
export type Kind = (typeof KINDS)[number];

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const ENVOY_GATEWAY_GROUP = 'gateway.envoyproxy.io';

/** The subset of `metav1.ObjectMeta` that matters offline. `namespace` is defaulted to `default`. */
export interface ObjectMeta {
  name: string;
  namespace: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** RFC 3339; used only to order policies and routes, as Envoy Gateway does. */
  creationTimestamp?: string;
  generation?: number;
}

export interface Resource<K extends Kind = Kind, S = unknown> {
  apiVersion: string;
  kind: K;
  metadata: ObjectMeta;
  spec: S;
}

/** `metav1.LabelSelector`. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}
