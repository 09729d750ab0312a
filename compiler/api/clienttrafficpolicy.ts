// Envoy Gateway v1.9 ClientTrafficPolicy: the generated types (generated/), under the names the
// compiler uses. Fields with a CRD default are always present once loaded.
import type * as G from './generated/clienttrafficpolicy';

export type { ClientTrafficPolicy, ClientTrafficPolicySpec } from './generated/clienttrafficpolicy';

export type ClientIpDetection = G.ClientTrafficPolicySpecClientIPDetection;
export type ClientConnection = G.ClientTrafficPolicySpecConnection;
export type HeaderSettings = G.ClientTrafficPolicySpecHeaders;
/** Envoy Gateway's `HTTPHeaderFilter` (add, set, addIfAbsent, remove, removeOnMatch). */
export type HeaderFilter = G.ClientTrafficPolicySpecHeadersEarlyRequestHeaders;
/** Envoy Gateway's `StringMatch` (Exact by default, Prefix, Suffix, RegularExpression). */
export type StringMatch = G.ClientTrafficPolicySpecHttp1IgnoredUpgradeTypes;
export type Http1Settings = G.ClientTrafficPolicySpecHttp1;
export type Http2Settings = G.ClientTrafficPolicySpecHttp2;
export type ClientTimeout = G.ClientTrafficPolicySpecTimeout;
export type ClientTlsSettings = G.ClientTrafficPolicySpecTls;
export type ClientValidation = G.ClientTrafficPolicySpecTlsClientValidation;
/** A reference to a Secret or ConfigMap (CA bundles, CRLs). */
export type SecretObjectRef = G.ClientTrafficPolicySpecTlsClientValidationCrlRefs;
export type TcpKeepalive = G.ClientTrafficPolicySpecTcpKeepalive;
