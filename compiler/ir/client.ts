// The client side of a listener: what a ClientTrafficPolicy (and a Gateway's `spec.tls.frontend`)
// set on the Envoy listener, its filter chains, HTTP connection managers and TLS contexts. Every
// field is optional: absent means Envoy Gateway's default, which emit writes as it always has.
import type { IrStringMatch } from './route';
import type { IrSecretData } from './secret';

/** A string matcher that may also be a prefix (Envoy Gateway's StringMatch). */
export type IrAnyStringMatch = IrStringMatch | { type: 'Prefix'; value: string };

/** The Envoy listener's own settings, from the first Gateway listener on its port. */
export interface IrListenerSocket {
  /** `socket_options`: SO_KEEPALIVE, then TCP_KEEPCNT, TCP_KEEPIDLE, TCP_KEEPINTVL (seconds) when given. */
  tcpKeepalive?: { probes?: number; idleTimeSeconds?: number; intervalSeconds?: number };
  /** `per_connection_buffer_limit_bytes` (Envoy Gateway's default 32768). */
  bufferLimitBytes?: number;
  /** `max_connections_to_accept_per_socket_event` (default 1); 0 leaves it unset (Envoy: no limit). */
  maxAcceptPerSocketEvent?: number;
  /** `listener_filters_timeout` (`timeout.tcp.connectionInspectionTimeout`). */
  listenerFiltersTimeoutMs?: number;
  /** The proxy_protocol listener filter, first; `optional` lets connections without the header through. */
  proxyProtocol?: { optional: boolean };
  /** TLS fingerprints the tls_inspector computes (it is then added even without SNI matching). */
  fingerprints?: ('JA3' | 'JA4')[];
}

/** How the HCM finds the client address (`original_ip_detection_extensions`; `use_remote_address` false). */
export type IrClientIpDetection =
  | { type: 'xff'; numTrustedHops?: number; trustedCidrs?: { prefix: string; length: number }[]; skipAppend: boolean }
  | { type: 'customHeader'; name: string; failClosed: boolean };

/** HTTP/1.1 options (`http_protocol_options`). */
export interface IrHttp1Options {
  enableTrailers: boolean;
  preserveHeaderCase: boolean;
  /** `accept_http_10`, with `default_host_for_http_10` ("" when none). */
  http10?: { defaultHost: string };
  ignoreUpgrades: IrAnyStringMatch[];
}

/** Downstream HTTP/2 options; absent numbers keep Envoy Gateway's 100 streams and 64 KiB / 1 MiB windows. */
export interface IrDownstreamHttp2 {
  maxConcurrentStreams?: number;
  initialStreamWindowSize?: number;
  initialConnectionWindowSize?: number;
  /** `override_stream_error_on_invalid_http_message` (onInvalidMessage TerminateStream: true). */
  resetStreamOnError?: boolean;
  keepalive?: { intervalMs?: number; timeoutMs?: number; intervalJitterPercent?: number; idleIntervalMs?: number };
}

/** A header edit of the early header mutation extension. */
export interface IrEarlyHeader {
  name: string;
  value: string;
  /** `append`: APPEND_IF_EXISTS_OR_ADD, `overwrite`: OVERWRITE_IF_EXISTS_OR_ADD, `ifAbsent`: ADD_IF_ABSENT. */
  mode: 'append' | 'overwrite' | 'ifAbsent';
}

/** Header edits before routing (`early_header_mutation_extensions`) or after the router (late response headers). */
export interface IrHeaderEdits {
  add: IrEarlyHeader[];
  remove: string[];
  removeOnMatch: IrAnyStringMatch[];
}

/** HCM settings a ClientTrafficPolicy controls. */
export interface IrHcmSettings {
  clientIp?: IrClientIpDetection;
  mergeSlashes?: boolean;
  escapedSlashesAction?: 'KEEP_UNCHANGED' | 'REJECT_REQUEST' | 'UNESCAPE_AND_REDIRECT' | 'UNESCAPE_AND_FORWARD';
  headersWithUnderscoresAction?: 'ALLOW' | 'REJECT_REQUEST' | 'DROP_HEADER';
  /** `forward_client_cert_details` and `set_current_client_cert_details`. */
  forwardClientCert?: { mode: 'SANITIZE' | 'FORWARD_ONLY' | 'APPEND_FORWARD' | 'SANITIZE_SET' | 'ALWAYS_FORWARD_ONLY'; details: string[] };
  earlyRequestHeaders?: IrHeaderEdits;
  /** Response headers edited by the listener after routing (`late response headers`). */
  lateResponseHeaders?: IrHeaderEdits;
  /** `generate_request_id` / `preserve_external_request_id`. */
  requestId?: { generate: boolean; preserveExternal: boolean };
  stripTrailingHostDot?: boolean;
  /** `scheme_header_transformation.match_upstream` (scheme MatchBackend). */
  matchUpstreamScheme?: boolean;
  /** Router and rate limit filters keep their `x-envoy-*` headers. */
  enableEnvoyHeaders?: boolean;
  /** Rate limit filters send no `x-ratelimit-*` headers. */
  disableRateLimitHeaders?: boolean;
  requestTimeoutMs?: number;
  requestHeadersTimeoutMs?: number;
  idleTimeoutMs?: number;
  streamIdleTimeoutMs?: number;
  maxConnectionDurationMs?: number;
  /** `http1_safe_max_connection_duration` (with a max connection duration). */
  http1SafeMaxConnectionDuration?: boolean;
  maxRequestsPerConnection?: number;
  maxStreamDurationMs?: number;
  http1?: IrHttp1Options;
  http2?: IrDownstreamHttp2;
}

/** The `connection_limit` network filter before the chain's HCM or tcp_proxy. */
export interface IrConnectionLimit {
  maxConnections: number;
  /** `delay` before a connection over the limit is closed. */
  delayMs?: number;
}

/** `tls_params`. */
export interface IrTlsParams {
  minVersion?: 'TLS_AUTO' | 'TLSv1_0' | 'TLSv1_1' | 'TLSv1_2' | 'TLSv1_3';
  maxVersion?: 'TLS_AUTO' | 'TLSv1_0' | 'TLSv1_1' | 'TLSv1_2' | 'TLSv1_3';
  ciphers?: string[];
  ecdhCurves?: string[];
  signatureAlgorithms?: string[];
}

/** A subject alternative name the client certificate must have (`match_typed_subject_alt_names`). */
export interface IrSanMatch {
  type: 'DNS' | 'EMAIL' | 'IP_ADDRESS' | 'URI' | 'OTHER_NAME';
  oid?: string;
  match: IrAnyStringMatch;
}

/** Client certificate validation on a listener. */
export interface IrClientValidation {
  requireClientCertificate: boolean;
  /** The static secret holding the trusted CA (and CRL), by name; absent: no CA (Request, RequireAny). */
  caSecret?: string;
  /** `trust_chain_verification: ACCEPT_UNTRUSTED` (Request, RequireAny). */
  acceptUntrusted: boolean;
  allowExpired: boolean;
  spkiHashes: string[];
  certificateHashes: string[];
  subjectAltNames: IrSanMatch[];
}

/** A validation context secret: the CA bundle a listener trusts, with its CRL. */
export interface IrValidationSecret {
  /**
   * Envoy Gateway's name: `<ns>/<policy>/ca.crt`, or `gateway/<ns>/<gw>/<default|port>/ca.crt`;
   * upstream: `<policy or backend>/<ns>-ca`, or `system_ca_certificates`.
   */
  name: string;
  /** The CA bundle, or (the system trust store) the path of a bundle on Envoy's host. */
  trustedCa: IrSecretData | { systemPath: string };
  crl?: IrSecretData;
  onlyVerifyLeafCertCrl?: boolean;
}
