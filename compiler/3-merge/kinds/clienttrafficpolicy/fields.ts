import type { EnvoyFieldTables } from '../../kind';

const LISTENER = 'the Envoy listener (socket options, listener filters, buffer limit), not a route or cluster';
const HCM = "the listener's HTTP connection manager, not a route or cluster";
const TLS = "the listener's DownstreamTlsContext and its CA secret, not a route or cluster";

/**
 * A ClientTrafficPolicy sets listener-side fields only: nothing of a route or cluster, so `diff`
 * and `explain` credit none of them to it; each field says where it lands instead.
 */
export const CTP_ENVOY_FIELDS: EnvoyFieldTables = {
  route: [],
  filters: [],
  cluster: [],
  elsewhere: {
    targetRef: 'where the policy attaches',
    targetRefs: 'where the policy attaches',
    targetSelectors: 'where the policy attaches',
    tcpKeepalive: LISTENER,
    enableProxyProtocol: LISTENER,
    proxyProtocol: LISTENER,
    connection: `${LISTENER}; the connection_limit network filter; HCM connection limits`,
    timeout: `${HCM}; tcp_proxy idle_timeout; the filter chain's TLS handshake timeout`,
    clientIPDetection: HCM,
    headers: `${HCM}; the router and rate limit filters' headers`,
    path: HCM,
    http1: HCM,
    http2: HCM,
    http3: `a QUIC listener beside the TCP one, and an alt-svc response header on its routes`,
    healthCheck: `the health_check HTTP filter of ${HCM}`,
    grpc: `the grpc_web HTTP filter of ${HCM}`,
    scheme: HCM,
    tls: TLS,
  },
};
