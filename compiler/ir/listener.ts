import type { IrHttpFilter } from './http-filters';
import type { IrHashPolicy } from './route';
import type { IrResourceRef, Origin } from './origin';
import type { IrVirtualHost } from './route';
import type { IrSecretData } from './secret';

/** A TLS certificate served by a listener: the SDS secret name `<ns>/<name>`. */
export interface IrDownstreamTls {
  certificates: string[];
  alpnProtocols: string[];
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
}

/** A tcp_proxy to one cluster. */
export interface IrTcpProxy {
  /** `stat_prefix`: `tcp-<port>` etc., or the BTP `routeStatName`. */
  statPrefix: string;
  cluster: string;
  /** `hash_policy`: only source IP reaches tcp_proxy (BTP ConsistentHash SourceIP). */
  hashPolicies?: Extract<IrHashPolicy, { type: 'sourceIp' }>[];
}

export interface IrFilterChain {
  name: string;
  /** `filter_chain_match.server_names`; absent = any. */
  serverNames?: string[];
  /** Terminate TLS with these certificates. */
  tls?: IrDownstreamTls;
  http?: IrHttpManager;
  tcp?: IrTcpProxy;
  resources: IrResourceRef[];
}

/** One Envoy listener: one per address and port, shared by the Gateway listeners on that port. */
export interface IrListener {
  /** The first Gateway listener on the port: `<gwNs>/<gwName>/<listener>`. */
  name: string;
  address: string;
  port: number;
  /** Plain-HTTP listeners share one default filter chain. */
  defaultChain?: IrFilterChain;
  chains: IrFilterChain[];
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
