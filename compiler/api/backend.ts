import type { Resource } from './meta';

export interface BackendEndpoint {
  fqdn?: { hostname: string; port: number };
  ip?: { address: string; port: number };
  unix?: { path: string };
  hostname?: string;
  zone?: string;
}

/** Envoy Gateway's `Backend` (gateway.envoyproxy.io/v1alpha1). */
export type Backend = Resource<
  'Backend',
  {
    type: 'Endpoints' | 'DynamicResolver';
    endpoints?: BackendEndpoint[];
    appProtocols?: ('gateway.envoyproxy.io/h2c' | 'gateway.envoyproxy.io/ws' | 'gateway.envoyproxy.io/wss')[];
    fallback?: boolean;
    tls?: Record<string, unknown>;
  }
>;
