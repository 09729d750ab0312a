import type { IrClusterSettings, IrEndpointHealthCheck } from './cluster-settings';
import type { IrResourceRef, Origin } from './origin';
import type { IrTrackClusterStats } from './stats';

export * from './cluster-settings';

export type IrAddress = { socket: { address: string; port: number } } | { pipe: string };

/** One backendRef's endpoints: a locality of the rule's cluster, weighted by the backendRef weight. */
export interface IrLocality {
  /** `locality.region`: `<cluster>/backend/<j>`. */
  region: string;
  /** `locality.zone`: set when zone-aware load balancing groups a backendRef's endpoints by zone. */
  zone?: string;
  /** `load_balancing_weight`: the backendRef weight (or the zone's); absent with `zoneAware.preferLocal`. */
  weight?: number;
  endpoints: IrAddress[];
  /** Each endpoint's `health_check_config`, index for index with `endpoints`; absent when none has one. */
  healthChecks?: IrEndpointHealthCheck[];
  /** `metadata` on the locality: the Service/Backend it came from. */
  resource: IrResourceRef;
}

/** How the upstream is spoken to. */
export type IrUpstreamProtocol = 'http1' | 'http2' | 'tcp';

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
  /** TLS to the upstream, verified against the system CAs (a JWKS fetched over https, as Envoy Gateway's `buildXdsUpstreamTLSSocket`). */
  upstreamTls?: { sni: string };
  /** `track_cluster_stats`, from the EnvoyProxy's metrics settings; absent: Envoy's default stats. */
  trackStats?: IrTrackClusterStats;
  resources: IrResourceRef[];
  origin: Origin[];
}
