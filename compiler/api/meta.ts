import type { CrdKind } from './generated';

/** The core Kubernetes kinds envoyc reads (api/core.ts). */
export type CoreKind = 'Namespace' | 'Service' | 'EndpointSlice' | 'Secret' | 'ConfigMap' | 'ServiceImport' | 'ClusterTrustBundle';
/** Every kind envoyc knows: Envoy Gateway v1.9's CRD kinds (generated) and the core kinds. 1-load/kinds.ts says what it does with each. */
export type Kind = CrdKind | CoreKind;

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const ENVOY_GATEWAY_GROUP = 'gateway.envoyproxy.io';

/** `metav1.ObjectMeta` as loaded (1-load/schema/meta.ts is its schema). `namespace` is defaulted to `default`. */
export interface ObjectMeta {
  name: string;
  namespace: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** RFC 3339; used only to order policies and routes, as Envoy Gateway does. */
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  generation?: number;
  uid?: string;
  resourceVersion?: string;
  selfLink?: string;
  finalizers?: string[];
  ownerReferences?: unknown[];
  managedFields?: unknown[];
}

/** `metav1.LabelSelector`, as the Gateway API declares it (allowedRoutes.namespaces.selector). */
export type { GatewaySpecAllowedListenersNamespacesSelector as LabelSelector } from './generated/gateway';
