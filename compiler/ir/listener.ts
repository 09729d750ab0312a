import type { IrHttpFilter } from './http-filters';
import type { IrHashPolicy } from './route';
import type { IrResourceRef, Origin } from './origin';
import type { IrVirtualHost } from './route';
import type { IrDnsCache } from './cluster';
import type { IrSecretData } from './secret';
import type { IrAuthorization } from './security';
import type { IrClientValidation, IrConnectionLimit, IrHcmSettings, IrListenerSocket, IrTlsParams } from './client';

/** A TLS certificate served by a listener: the SDS secret name `<ns>/<name>`. */
export interface IrDownstreamTls {
  certificates: string[];
  alpnProtocols: string[];
  /** `tls_params` (a ClientTrafficPolicy on the listener: TLS 1.2 to 1.3 unless it says otherwise). */
  params?: IrTlsParams;
  /** Client certificates asked for and checked (ClientTrafficPolicy `tls.clientValidation`, Gateway `spec.tls.frontend`). */
  clientValidation?: IrClientValidation;
  /** Session resumption a policy turns on; absent: both off (Envoy Gateway's default). */
  sessionResumption?: { stateful: boolean; stateless: boolean };
}

/** An HttpConnectionManager with its inline route configuration. */
export interface IrHttpManager {
  /** `http-<port>` / `https-<port>`. */
  statPrefix: string;
  /** Route configuration name: the Gateway listener that created the HCM. */
  routeConfigName: string;
  virtualHosts: IrVirtualHost[];
  /** gRPC-Web and gRPC-Stats filters: added when a GRPCRoute attaches to the creating listener. */
  grpc: boolean;
  /**
   * The HTTP filters before the router, in Envoy Gateway's order (§6: by order number, then name):
   * the gRPC filters when `grpc`, and every policy filter a route of this HCM uses.
   */
  filters: IrHttpFilter[];
  /** False only when a route points at `invalid-backend-cluster`, which does not exist. */
  validateClusters: boolean;
  /** What a ClientTrafficPolicy sets on the HCM; absent: Envoy Gateway's defaults. */
  settings?: IrHcmSettings;
  /**
   * The UUID request ID extension (EnvoyProxy `telemetry.requestID.tracing` other than PackAndSample);
   * absent: Envoy's default, which packs the trace reason and samples by `x-request-id`.
   */
  requestIdExtension?: { packTraceReason: boolean; useForSampling: boolean };
}

/** A tcp_proxy to one cluster. */
export interface IrTcpProxy {
  /** `stat_prefix`: `tcp-<port>` etc., or the BTP `routeStatName`. */
  statPrefix: string;
  cluster: string;
  /** `hash_policy`: only source IP reaches tcp_proxy (BTP ConsistentHash SourceIP). */
  hashPolicies?: Extract<IrHashPolicy, { type: 'sourceIp' }>[];
  /** `idle_timeout` (ClientTrafficPolicy `timeout.tcp.idleTimeout`). */
  idleTimeoutMs?: number;
}

/** A udp_proxy to one cluster (a UDP listener's only filter). */
export interface IrUdpProxy {
  /** `stat_prefix`: `service`, as Envoy Gateway writes it. */
  statPrefix: string;
  cluster: string;
  resources: IrResourceRef[];
}

export interface IrFilterChain {
  name: string;
  /** `filter_chain_match.server_names`; absent = any. */
  serverNames?: string[];
  /** Terminate TLS with these certificates. */
  tls?: IrDownstreamTls;
  http?: IrHttpManager;
  tcp?: IrTcpProxy;
  /** SecurityPolicy `authorization` on a TCP or TLS route: the RBAC network filter first, on client CIDRs only. */
  authorization?: IrAuthorization;
  /** The connection_limit network filter (ClientTrafficPolicy `connection.connectionLimit`). */
  connectionLimit?: IrConnectionLimit;
  /**
   * A TLS passthrough route to a DynamicResolver Backend (Envoy Gateway's SNI dynamic forward
   * proxy): connections whose SNI names a loopback host are refused, the rest go to the SNI's
   * host on port 443, resolved through this DNS cache (the cluster's).
   */
  sniDynamicForwardProxy?: { dnsCache: IrDnsCache };
  /** `transport_socket_connect_timeout` (ClientTrafficPolicy `timeout.tcp.tlsHandshakeTimeout`). */
  tlsHandshakeTimeoutMs?: number;
  resources: IrResourceRef[];
}

/** One Envoy listener: one per address and port, shared by the Gateway listeners on that port. */
export interface IrListener {
  /** The first Gateway listener on the port: `<gwNs>/<gwName>/<listener>`. */
  name: string;
  address: string;
  port: number;
  /** EnvoyProxy `ipFamily` DualStack on an IPv6 address: IPv4 connections accepted too (`ipv4_compat`). */
  ipv4Compat?: boolean;
  /** Plain-HTTP listeners share one default filter chain. */
  defaultChain?: IrFilterChain;
  /** A UDP Gateway listener: a UDP Envoy listener whose udp_proxy listener filter does everything (no chains). */
  udp?: IrUdpProxy;
  chains: IrFilterChain[];
  /** The listener's own settings from a ClientTrafficPolicy; absent: Envoy Gateway's defaults. */
  socket?: IrListenerSocket;
  /**
   * HTTP/3: a QUIC (UDP) listener on the same port with the TLS chains, named `<name>-quic`
   * (ClientTrafficPolicy `http3` on an HTTPS listener of the port).
   */
  http3?: boolean;
  origin: Origin[];
}

/** A TLS certificate secret: a static secret of the bootstrap, its data inline or in files. */
export interface IrSecret {
  /** `<ns>/<name>`. */
  name: string;
  /** PEM certificate chain (`tls.crt`). */
  certificateChain: IrSecretData;
  /** PEM private key (`tls.key`); sensitive. */
  privateKey: IrSecretData;
}
