import type { ServiceDns } from './ext-service';
import type { ClassParameters } from './envoy-proxy';
import type { ResolvedAccessLog } from './access-log';
import type { ResolvedMetrics } from './metrics';
import type { ResolvedTracing } from './tracing';
import type { PolicyTlsData } from './backend-tls-policy';
import type { EnvoyProxy } from '../api/envoyproxy';
import type { ResourceKey, Loaded } from '../1-load/types';
import type { Gateway, Listener, ListenerSet } from '../api/gateway';
import type { GRPCRoute, HTTPRoute, HTTPRouteFilter, ParentReference, TCPRoute, TLSRoute, UDPRoute } from '../api/routes';
import type { Resources } from '../1-load/types';
import type { NodePath, SourceRef } from '../source';

/** A Gateway API status condition, with Envoy Gateway's type, reason and message. */
export interface Condition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** A Kubernetes object a cluster, locality or route came from (Envoy Gateway's metadata shape). */
export interface ResourceRef {
  kind: string;
  namespace: string;
  name: string;
  sectionName?: string;
}

/** Client certificate validation a Gateway's `spec.tls.frontend` asks of an HTTPS listener. */
export interface FrontendValidation {
  /** Envoy Gateway's CA secret name: `gateway/<ns>/<gw>/<default|port>/ca.crt`. */
  name: string;
  /** The CA bundle (PEM), the refs' data joined. */
  pem: string;
  /** AllowValidOnly: RequireAndVerify; AllowInsecureFallback: Request (any certificate, or none). */
  mode: 'RequireAndVerify' | 'Request';
}

export interface ListenerNode {
  gateway: ResourceKey;
  /** The ListenerSet it comes from; absent: one of the Gateway's own `spec.listeners`. */
  listenerSet?: ResourceKey;
  /** Index in its object's `spec.listeners`. */
  index: number;
  /** The listener as written, and where: the Gateway's or its ListenerSet's object. */
  spec: Listener;
  src: SourceRef;
  /** The namespace of the object it is written in (allowedRoutes `Same`, certificateRefs). */
  namespace: string;
  name: string;
  /** `<gwNs>/<gwName>/<listener>`, or `<gwNs>/<gwName>/<lsNs>/<lsName>/<listener>` for a ListenerSet's: Envoy Gateway's IR listener name. */
  irName: string;
  port: number;
  protocol: string;
  hostname?: string;
  /** Terminate: the SDS names (`<ns>/<secret>`) of its certificates; HTTPS: the Gateway's frontend validation for its port. */
  tls?: { mode: 'Terminate' | 'Passthrough'; certificates: string[]; frontend?: FrontendValidation };
  /** DNS SANs of the certificates it serves (Envoy Gateway's overlapping-certificate check). */
  certDnsNames: string[];
  /**
   * Its certificates overlap another HTTPS listener's on the port: Envoy Gateway offers only
   * HTTP/1.1 in ALPN there, so clients cannot coalesce HTTP/2 connections across listeners.
   */
  tlsOverlaps: boolean;
  /** Route kinds this listener accepts. */
  supportedKinds: string[];
  /** Only programmed listeners reach Envoy. */
  programmed: boolean;
  conditions: Condition[];
  attachedRoutes: number;
}

export interface GatewayNode {
  key: ResourceKey;
  loaded: Loaded<Gateway>;
  /** Its own listeners, then those of the ListenerSets it accepts (Envoy Gateway appends them). */
  listeners: ListenerNode[];
  /** The ListenerSets whose parentRef names it, in provider order, accepted or not. */
  listenerSets: ListenerSetNode[];
  /** Gateway conditions besides Accepted (`spec.tls.frontend` and `spec.tls.backend`: ResolvedRefs, InsecureFrontendValidationMode). */
  conditions?: Condition[];
  /** The EnvoyProxy in force: the Gateway's own (`spec.infrastructure.parametersRef`), else its GatewayClass's. */
  envoyProxy?: {
    proxy: Loaded<EnvoyProxy>;
    fromGateway: boolean;
    /** Its `telemetry.accessLog`, resolved (absent when Envoy Gateway refuses it: the Gateway is not accepted). */
    accessLog?: ResolvedAccessLog;
    /** Its `telemetry.tracing`, resolved (absent when it has none, or Envoy Gateway refuses it). */
    tracing?: ResolvedTracing;
    /** Its `telemetry.metrics`, resolved (absent when it has none, or Envoy Gateway refuses them). */
    metrics?: ResolvedMetrics;
    /** Its `backendTLS`, read (absent when it has none): client settings, or the error every TLS backendRef of the Gateway gets. */
    backendTls?: UpstreamClientTls | { error: string };
  };
  /** Envoy Gateway's Accepted=False for the whole Gateway (an invalid parametersRef or EnvoyProxy). */
  notAccepted?: { reason: string; message: string };
  /**
   * `spec.tls.backend`, present when written: the client certificate presented to backends that
   * speak TLS, absent when it failed (the Gateway's still wins over an EnvoyProxy's, as in Envoy Gateway).
   */
  backendTls?: { client?: UpstreamClientTls };
}

/** A ListenerSet attached to a Gateway envoyc manages: its Accepted and Programmed conditions (Envoy Gateway's words). */
export interface ListenerSetNode {
  key: ResourceKey;
  loaded: Loaded<ListenerSet>;
  conditions: Condition[];
  /** Accepted: its listeners are the Gateway's (counted in the Gateway's `attachedListenerSets`). */
  accepted: boolean;
}

/** A Gateway's own listener, not one a ListenerSet adds (Gateway parentRefs and policy sectionNames name only these). */
export function isGatewayListener(l: ListenerNode): boolean {
  return l.listenerSet === undefined;
}

/** A TCPRoute's or UDPRoute's parent when the route has other than one rule (Envoy Gateway's words). */
export const INVALID_RULE: Condition = { type: 'Accepted', status: 'False', reason: 'InvalidRule', message: 'One and only one rule is supported' };

/** One parentRef of a route that names a Gateway envoyc manages. */
export interface ParentNode {
  index: number;
  ref: ParentReference;
  gateway: ResourceKey;
  conditions: Condition[];
  /** Listeners the route attached to, each with the hostnames it serves there (sorted). */
  attachments: { listener: string; hostnames: string[] }[];
}

/** An upstream address; `zone` (EndpointSlice or Backend) and `hostname` (Backend) feed zone-aware LB and health checks. */
export type EndpointAddress =
  | { type: 'ip'; address: string; port: number; zone?: string; hostname?: string }
  | { type: 'fqdn'; address: string; port: number; zone?: string; hostname?: string }
  | { type: 'unix'; path: string; zone?: string; hostname?: string };

/** A header modifier as Envoy Gateway normalizes it: adds (append) then sets (overwrite), each name once; removals once each. */
export interface HeaderEdits {
  add: { name: string; value: string; mode: 'append' | 'overwrite' }[];
  remove: string[];
}

/** The client side of upstream TLS: Envoy Gateway's `BackendTLSConfig` (a Backend's, a Gateway's `spec.tls.backend`, later EnvoyProxy's `backendTLS`). */
export interface UpstreamClientTls {
  /** The client certificate presented to the backend (upstream mTLS). */
  certificate?: TlsSecret;
  /** `Auto`, `1.0` … `1.3`, as written. */
  minVersion?: string;
  maxVersion?: string;
  ciphers?: string[];
  ecdhCurves?: string[];
  signatureAlgorithms?: string[];
  /** An empty list turns ALPN off; absent leaves it to Envoy. */
  alpnProtocols?: string[];
}

/** Where an upstream's trusted CAs come from: a PEM bundle (its secret name), or the system trust store. */
export type UpstreamCa = { type: 'pem'; pem: string; name: string } | { type: 'system' };

/** A Backend's `spec.tls`, read (its server validation and its client side). */
export interface BackendTlsData {
  insecureSkipVerify: boolean;
  autoSniFromEndpointHostname: boolean;
  sni?: string;
  ca?: UpstreamCa;
  client?: UpstreamClientTls;
}

/** The target a backendRef names for BackendTLSPolicy (Envoy Gateway's getTargetBackendReference). */
export interface BackendTlsTarget {
  group: string;
  kind: string;
  namespace: string;
  name: string;
  /** A Service port's name (when it has one), or a Backend's port number. */
  sectionName?: string;
}

/** A backendRef after resolution. */
export interface ResolvedBackend {
  /** Index in the rule's `backendRefs` (or the filter index for mirrors). */
  index: number;
  weight: number;
  /** `valid`: has endpoints. `invalid`: failed validation (500). `noEndpoints`: nothing ready (503). */
  state: 'valid' | 'invalid' | 'noEndpoints';
  /** Envoy Gateway's status reason and message when not valid. */
  /** `hint`: envoyc's advice for the diagnostic (never in the status). */
  failure?: { reason: string; message: string; hint?: string };
  endpoints: EndpointAddress[];
  /** Upstream protocol from appProtocol; `http1` forced by ws/wss. */
  protocol: 'http1' | 'http2' | 'default';
  /** The Service or Backend (for locality metadata). */
  resource?: ResourceRef;
  /** The Service's `clusterIP:port` (not for headless Services), a ServiceImport's IPs: the endpoints of `routingType: Service`. */
  serviceAddresses?: { address: string; port: number }[];
  filters: HTTPRouteFilter[];
  /** The backendRef's own header modifiers (a per-backendRef cluster split carries them). */
  requestHeaders?: HeaderEdits;
  responseHeaders?: HeaderEdits;
  /** The backendRef's URLRewrite `hostname` (a per-backendRef cluster split carries it, as Envoy Gateway writes it). */
  hostRewrite?: string;
  /** An HTTPRouteFilter's `credentialInjection` on the backendRef: an upstream filter of its own cluster. */
  credential?: CredentialInjection;
  /** What a BackendTLSPolicy must target to apply here (Services and Backends that resolved). */
  tlsTarget?: BackendTlsTarget;
  /** A Backend's own `spec.tls`. */
  tls?: BackendTlsData;
  /** A Backend of type DynamicResolver: no endpoints, Envoy resolves each request's host (dynamic forward proxy). */
  dynamicResolver?: boolean;
  /** An external service's backendRef: the BackendTLSPolicy it finds (a route's come from 3-merge, per listener). */
  policyTls?: { policy: ResourceKey; data: PolicyTlsData };
}

export interface RuleNode {
  index: number;
  name?: string;
  /** `<kind-lower>/<ns>/<name>/rule/<i>` (`rule/-1` for TCP and TLS routes). */
  destination: string;
  backends: ResolvedBackend[];
  /** Resolved `RequestMirror` backends, keyed by the filter's index in the rule. */
  mirrors: Map<number, ResolvedBackend>;
  requestHeaders?: HeaderEdits;
  responseHeaders?: HeaderEdits;
  /**
   * Envoy Gateway's filter errors (`filter`: its index in the rule): the rule answers 500. Most make
   * the rule not accepted (reason UnsupportedValue unless `reason` says); an extensionRef that names
   * nothing is a `ResolvedRefs` failure instead, and the rule stays accepted.
   */
  filterErrors: { message: string; path: NodePath; filter: number; reason?: string; condition?: 'ResolvedRefs' }[];
  /** What the rule's HTTPRouteFilters (extensionRef) set; absent when it names none. */
  extension?: RuleExtension;
}

/** A direct response body: text, or bytes (base64) from a ConfigMap's `binaryData`. */
export type DirectResponseBody = { text: string } | { base64: string };

/** A regex and what replaces its matches (Envoy's `RegexMatchAndSubstitute`). */
export interface RegexSubstitution {
  pattern: string;
  substitution: string;
}

/** An HTTPRouteFilter's `urlRewrite`: path by regex, host from a header, the backend or the path. */
export interface ExtensionUrlRewrite {
  path?: RegexSubstitution;
  host?: { type: 'header'; header: string } | { type: 'backend' } | ({ type: 'pathRegex' } & RegexSubstitution);
  /** `appendXForwardedHost` as written (Envoy Gateway appends X-Forwarded-Host on a host rewrite unless false). */
  appendXForwardedHost?: boolean;
}

/** An HTTPRouteFilter's `credentialInjection`, its Secret read. */
export interface CredentialInjection {
  /** `httproutefilter/<ns>/<name>`: Envoy Gateway names the filter and its secret after it. */
  name: string;
  /** `header`; unset: Envoy's default, Authorization. */
  header?: string;
  overwrite?: boolean;
  /** The Secret `<ns>/<name>` and its `credential` value, base64 as stored. */
  secret: string;
  base64: string;
}

/** A cookie an HTTPRouteFilter's `matches` requires (Envoy's `RouteMatch.cookies`). */
export interface CookieMatch {
  name: string;
  type: 'Exact' | 'RegularExpression';
  value: string;
}

/** What a rule's HTTPRouteFilters set, merged as Envoy Gateway merges them into the rule's filter context. */
export interface RuleExtension {
  /**
   * How many of the rule's filters Envoy Gateway processed: it stops after the filter that set a
   * direct response (an HTTPRouteFilter's, or the 500 of a filter it could not use).
   */
  processed: number;
  /**
   * `directResponse`: the status (200 when unset) and body (text, or a ConfigMap's `binaryData`
   * as base64); the rule answers it instead of forwarding.
   */
  directResponse?: { status: number; body?: DirectResponseBody };
  urlRewrite?: ExtensionUrlRewrite;
  credential?: CredentialInjection;
  /**
   * `matches`: alternatives (ORed), each a list of cookie matches (ANDed) that every match of the
   * rule also needs: the rule's matches × these, as Envoy Gateway combines them.
   */
  cookieMatches?: CookieMatch[][];
  /** Response headers the direct response adds (`contentType`, `header.add`, `header.set`), after the rule's own. */
  responseHeaders: HeaderEdits['add'];
}

export type RouteKind = 'HTTPRoute' | 'GRPCRoute' | 'TCPRoute' | 'TLSRoute' | 'UDPRoute';

/** TCP, TLS and UDP routes: one pooled rule (`rule/-1`), a tcp_proxy or udp_proxy, no HTTP settings. */
export function isL4Route(kind: string): kind is 'TCPRoute' | 'TLSRoute' | 'UDPRoute' {
  return kind === 'TCPRoute' || kind === 'TLSRoute' || kind === 'UDPRoute';
}

export interface RouteNode {
  key: ResourceKey;
  kind: RouteKind;
  loaded: Loaded<HTTPRoute> | Loaded<GRPCRoute> | Loaded<TCPRoute> | Loaded<TLSRoute> | Loaded<UDPRoute>;
  parents: ParentNode[];
  rules: RuleNode[];
}

/** A TLS certificate a listener serves, ready to inline. */
export interface TlsSecret {
  name: string;
  certificateChain: string;
  privateKey: string;
}

/** What attaches to what: Gateways with their listeners, routes with parents and backends. */
export interface AttachmentGraph {
  /** Managed Gateways, in provider order. */
  gateways: GatewayNode[];
  /** HTTPRoutes, then GRPCRoutes, TLSRoutes, TCPRoutes, UDPRoutes, each in provider order. */
  routes: RouteNode[];
  /** Certificates referenced by programmed listeners, sorted by name. */
  secrets: TlsSecret[];
  /** The loaded resources, for later phases that need objects (ConfigMaps, policies). */
  resources: Resources;
  /** How Services without EndpointSlices (or missing) resolve, for backendRefs policies name (ext_proc servers). */
  serviceDns: ServiceDns;
  /** GatewayClasses with a parametersRef: the EnvoyProxy each names, and their Accepted condition. */
  gatewayClasses: ClassParameters[];
  /** The GatewayClass's EnvoyProxy merges the Gateways into one Envoy (`mergeGateways`), as `--merge-gateways` does. */
  mergeGateways?: true;
}
