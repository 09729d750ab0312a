import type { LabelSelector, Resource } from './meta';

export type GatewayClass = Resource<'GatewayClass', { controllerName: string; description?: string }>;

export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TLS' | 'TCP' | 'UDP';

/** A `SecretObjectReference` (certificateRefs): kind defaults to Secret, group to core. */
export interface SecretObjectReference {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface RouteGroupKind {
  group: string;
  kind: string;
}

export interface Listener {
  name: string;
  hostname?: string;
  port: number;
  protocol: ListenerProtocol | string;
  tls?: {
    mode: 'Terminate' | 'Passthrough';
    certificateRefs?: SecretObjectReference[];
    options?: Record<string, string>;
  };
  allowedRoutes: {
    namespaces: { from: 'All' | 'Same' | 'Selector'; selector?: LabelSelector };
    kinds?: RouteGroupKind[];
  };
}

export interface GatewaySpec {
  gatewayClassName: string;
  listeners: Listener[];
  addresses?: { type: string; value: string }[];
}

export type Gateway = Resource<'Gateway', GatewaySpec>;
