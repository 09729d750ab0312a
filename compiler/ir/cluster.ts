import type { IrResourceRef, Origin } from './origin';

export type IrAddress = { socket: { address: string; port: number } } | { pipe: string };

/** One backendRef's endpoints: a locality of the rule's cluster, weighted by the backendRef weight. */
export interface IrLocality {
  /** `locality.region`: `<cluster>/backend/<j>`. */
  region: string;
  weight: number;
  endpoints: IrAddress[];
  /** `metadata` on the locality: the Service/Backend it came from. */
  resource: IrResourceRef;
}

/** How the upstream is spoken to. */
export type IrUpstreamProtocol = 'http1' | 'http2' | 'tcp';

/**
 * Cluster-wide settings: Envoy Gateway's defaults, or what the BackendTrafficPolicy in force for
 * the rule that built the cluster says (defaults made explicit in 4-lower).
 */
export interface IrClusterSettings {
  /** `connect_timeout` (BTP `timeout.tcp.connectTimeout`; Envoy Gateway default 10s). */
  connectTimeoutMs: number;
  /** `per_connection_buffer_limit_bytes` (BTP `connection.bufferLimit`; Envoy Gateway default 32768). */
  perConnectionBufferLimitBytes: number;
  /** `circuit_breakers.thresholds[0].max_retries`; Envoy Gateway always raises it from Envoy's 3 to 1024. */
  maxRetries: number;
  /** DNS resolution settings; only for `dns` discovery. */
  dns?: { refreshRateMs: number; respectDnsTtl: boolean; lookupFamily: 'V4_ONLY' | 'V6_ONLY' | 'V4_PREFERRED' | 'AUTO' | 'ALL' };
}

/** One Envoy cluster: one per route rule (or per backendRef when Envoy Gateway splits them). */
export interface IrCluster {
  /** `httproute/<ns>/<name>/rule/<i>` (or `…/backend/<j>`). */
  name: string;
  /** `static`: IP / unix addresses (EDS in Envoy Gateway). `dns`: FQDN endpoints, resolved by Envoy. */
  discovery: 'static' | 'dns';
  localities: IrLocality[];
  protocol: IrUpstreamProtocol;
  /** True for Backend `appProtocols: [gateway.envoyproxy.io/ws|wss]`: force HTTP/1.1 options. */
  forceHttp1: boolean;
  settings: IrClusterSettings;
  resources: IrResourceRef[];
  origin: Origin[];
}
