import type { IrClusterSettings, IrEndpointHealthCheck } from './cluster-settings';
import type { IrTlsParams } from './client';
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
  /** The cluster's `transport_socket_matches` entry its endpoints use (upstream TLS), named in each endpoint's metadata. */
  tlsMatch?: string;
}

/** A subject alt name the backend's certificate must have, matched exactly (`match_typed_subject_alt_names`). */
export interface IrUpstreamSan {
  type: 'DNS' | 'URI';
  exact: string;
}

/**
 * One backendRef's upstream TLS (`UpstreamTlsContext`), Envoy Gateway's TLSUpstreamConfig: a
 * BackendTLSPolicy's and the Backend's own `tls` merged, plus the Gateway's client certificate.
 */
export interface IrUpstreamTls {
  /** `sni`: BackendTLSPolicy `validation.hostname`, else Backend `tls.sni`. */
  sni?: string;
  /** `auto_host_sni`: Backend `tls.autoSNIFromEndpointHostname`. */
  autoHostSni: boolean;
  /** `auto_sni_san_validation`: check the SNI Envoy chose when nothing else names the SANs (decided per cluster). */
  autoSniSanValidation: boolean;
  /** The server's certificate checks; absent with Backend `tls.insecureSkipVerify`. */
  validation?: { caSecret: string; subjectAltNames: IrUpstreamSan[] };
  /** `tls_params`: versions always (Envoy Gateway's 1.2–1.3 unless set), the rest when set. */
  params: IrTlsParams;
  /** `alpn_protocols`; absent: Envoy's own choice, empty: none. */
  alpnProtocols?: string[];
  /** Client certificate secrets presented to the backend (upstream mTLS). */
  clientCertificates: string[];
}

/** One `transport_socket_matches` entry: the endpoints whose metadata names it speak this TLS. */
export interface IrTlsMatch {
  /** `<cluster>/tls/<i>`, `i` the backendRef's place in the cluster (Envoy Gateway's name). */
  name: string;
  tls: IrUpstreamTls;
}

/** How the upstream is spoken to. */
export type IrUpstreamProtocol = 'http1' | 'http2' | 'tcp';

/** One Envoy cluster: one per route rule (or per backendRef when Envoy Gateway splits them). */
export interface IrCluster {
  /** `httproute/<ns>/<name>/rule/<i>` (or `…/backend/<j>`). */
  name: string;
  /**
   * `static`: IP / unix addresses (EDS in Envoy Gateway). `dns`: FQDN endpoints, resolved by Envoy.
   * `dynamicForwardProxy`: no endpoints; each request's host, resolved through the DNS cache `dnsCache`.
   */
  discovery: 'static' | 'dns' | 'dynamicForwardProxy';
  /** The dynamic forward proxy's DNS cache name (Envoy Gateway's `envoy-gateway-dfp-cache-<family>-<refresh>ms-<policy or default>`). */
  dnsCache?: string;
  localities: IrLocality[];
  protocol: IrUpstreamProtocol;
  /** True for Backend `appProtocols: [gateway.envoyproxy.io/ws|wss]`: force HTTP/1.1 options. */
  forceHttp1: boolean;
  settings: IrClusterSettings;
  /** Upstream TLS of the backendRefs that have it. */
  tlsMatches?: IrTlsMatch[];
  /** The one upstream TLS of every endpoint (`transport_socket`): a URL a policy names over https (a remote JWKS, an OIDC token endpoint). */
  upstreamTls?: IrUpstreamTls;
  /** `alt_stat_name`: EnvoyProxy `telemetry.metrics.clusterStatName` with its operators filled in (HTTPRoute and GRPCRoute rules). */
  altStatName?: string;
  /** `track_cluster_stats`, from the EnvoyProxy's metrics settings; absent: Envoy's default stats. */
  trackStats?: IrTrackClusterStats;
  resources: IrResourceRef[];
  origin: Origin[];
}

/** A dynamic forward proxy's DNS cache (`envoy.extensions.common.dynamic_forward_proxy.v3.DnsCacheConfig`). */
export interface IrDnsCache {
  name: string;
  lookupFamily: string;
  refreshRateMs: number;
}
