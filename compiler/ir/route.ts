import type { IrVirtualCluster } from './stats';
import type { IrFractionalPercent, IrRouteFilters } from './http-filters';
import type { IrResourceRef, Origin } from './origin';

/** A string matcher (headers, query parameters). */
export interface IrStringMatch {
  type: 'Exact' | 'RegularExpression' | 'Suffix';
  value: string;
}

/** One Envoy `RouteMatch`. Exactly one of the path fields is set. */
export interface IrRouteMatch {
  /** `prefix`: only ever "/". */
  prefix?: string;
  /** `path_separated_prefix` (Gateway API PathPrefix other than "/"), without trailing slash. */
  pathSeparatedPrefix?: string;
  /** `path` (Exact). */
  path?: string;
  /** `safe_regex.regex` (RegularExpression). */
  regex?: string;
  /** `connect_matcher: {}` instead of any path (a BTP `httpUpgrade` of type CONNECT). */
  connect?: boolean;
  headers: { name: string; match: IrStringMatch }[];
  queryParams: { name: string; match: IrStringMatch }[];
  /** `cookies` (an HTTPRouteFilter's `matches`); absent when none. */
  cookies?: { name: string; match: IrStringMatch }[];
}

export interface IrHeaderValue {
  name: string;
  value: string;
  /** `append`: APPEND_IF_EXISTS_OR_ADD; `overwrite`: OVERWRITE_IF_EXISTS_OR_ADD. */
  mode: 'append' | 'overwrite';
}

export interface IrHeaderMutation {
  add: IrHeaderValue[];
  remove: string[];
}

/** A retry policy (from HTTPRoute `retry`, or from a BackendTrafficPolicy). */
export interface IrRetry {
  retryOn: string;
  numRetries: number;
  retriableStatusCodes: number[];
  perTryTimeoutMs?: number;
  backOff?: { baseIntervalMs: number; maxIntervalMs?: number };
  /** BTP `numAttemptsPerPriority` (>0) → `retry_priority` previous_priorities `update_frequency`. */
  retryPriorityUpdateFrequency?: number;
}

/** One `RouteAction.hash_policy[]` entry (BTP `loadBalancer.consistentHash`). */
export type IrHashPolicy =
  | { type: 'sourceIp' }
  | { type: 'header'; name: string }
  /** `attributes` sorted by name (Envoy Gateway iterates a Go map). */
  | { type: 'cookie'; name: string; ttlMs?: number; attributes: { name: string; value: string }[] }
  | { type: 'queryParameter'; name: string };

/** One `RouteAction.upgrade_configs[]` entry. */
export interface IrUpgrade {
  /** `upgrade_type`, as written (e.g. `websocket`, `CONNECT`). */
  type: string;
  /** `connect_config: {}`: Envoy terminates CONNECT (BTP `connect.terminate`). */
  connectConfig?: boolean;
}

/** `envoy.type.tracing.v3.CustomTag`. */
export type IrCustomTag =
  | { tag: string; type: 'literal'; value: string }
  | { tag: string; type: 'environment'; name: string; defaultValue?: string }
  | { tag: string; type: 'requestHeader'; name: string; defaultValue?: string }
  /** `value` with command operators (BTP `tracing.tags`). */
  | { tag: string; type: 'value'; value: string };

/** `Route.tracing` (BTP `telemetry.tracing`). */
export interface IrRouteTracing {
  /** `random_sampling`; undefined = Envoy's 100%. */
  randomSampling?: IrFractionalPercent;
  /** `client_sampling`; Envoy Gateway writes 0% when unset. */
  clientSampling: IrFractionalPercent;
  overallSampling?: IrFractionalPercent;
  /** Sorted by tag. */
  customTags: IrCustomTag[];
  /** `operation` / `upstream_operation` (spanName server / client). */
  operation?: string;
  upstreamOperation?: string;
}

export interface IrWeightedCluster {
  name: string;
  weight: number;
  requestHeaders?: IrHeaderMutation;
  responseHeaders?: IrHeaderMutation;
  /** `host_rewrite_literal`: the backendRef's URLRewrite hostname. */
  hostRewrite?: string;
}

/** A RequestMirror: copies of requests go to `cluster`. */
export interface IrMirror {
  cluster: string;
  fraction?: IrFractionalPercent;
}

/** A forwarding route entry's action (`envoy.config.route.v3.RouteAction`). */
export type IrForwardAction = Extract<IrRouteAction, { type: 'forward' }>;

export type IrRouteAction =
  | {
      type: 'forward';
      /** A single cluster (the normal case: one cluster per rule). */
      cluster?: string;
      /** Several clusters: per-backendRef clusters, or invalid backends mixed with valid ones. */
      weightedClusters?: IrWeightedCluster[];
      /** `cluster_not_found_response_code` when the weighted list names `invalid-backend-cluster`. */
      clusterNotFoundStatus?: 500 | 503;
      /** `upgrade_configs[]`; websocket by default, none for HTTP/2 (gRPC) routes. */
      upgrades: IrUpgrade[];
      /** Route timeout; undefined = Envoy's default 15s. */
      timeoutMs?: number;
      /** `idle_timeout`; derived from the request timeout as Envoy Gateway does. */
      idleTimeoutMs?: number;
      retry?: IrRetry;
      /** `max_stream_duration.max_stream_duration` (BTP `timeout.http.maxStreamDuration`; 0 = no limit). */
      maxStreamDurationMs?: number;
      /** `hash_policy[]` (BTP consistent hash). */
      hashPolicies?: IrHashPolicy[];
      /** `weighted_clusters.use_hash_policy`: set when a hash policy meets weighted clusters. */
      useHashPolicy?: boolean;
      /** `prefix_rewrite` / `regex_rewrite`. */
      prefixRewrite?: string;
      regexRewrite?: { pattern: string; substitution: string };
      hostRewrite?: IrHostRewrite;
      /** `append_x_forwarded_host`: Envoy Gateway sets it with any host rewrite, unless an HTTPRouteFilter's `appendXForwardedHost` is false. */
      appendXForwardedHost?: boolean;
      /** `request_mirror_policies`: the mirror cluster and the share of requests copied (all when absent). */
      mirrors: IrMirror[];
    }
  | {
      type: 'redirect';
      scheme?: string;
      hostname?: string;
      /** `port_redirect`: the derived Location port; absent for 80 and 443 on a listener on 80 or 443. */
      port?: number;
      /** `path_redirect` (ReplaceFullPath). */
      path?: string;
      /** `prefix_rewrite` (ReplacePrefixMatch). */
      prefixRewrite?: string;
      regexRewrite?: { pattern: string; substitution: string };
      statusCode: number;
    }
  /**
   * `direct_response`; `body` becomes `body_format.text_format_source` (`inline_string`, or
   * `inline_bytes` for bytes as base64), a format string as Envoy Gateway writes it.
   */
  | { type: 'direct'; status: number; body?: { text: string } | { base64: string } };

/**
 * How a forwarding route rewrites Host: `host_rewrite_literal` (URLRewrite `hostname`), or, from an
 * HTTPRouteFilter, `host_rewrite_header`, `auto_host_rewrite` (the backend's hostname) or
 * `host_rewrite_path_regex`.
 */
export type IrHostRewrite =
  | { type: 'literal'; hostname: string }
  | { type: 'header'; header: string }
  | { type: 'backend' }
  | { type: 'pathRegex'; pattern: string; substitution: string };

/** One Envoy route entry: rule × match × hostname × listener, as Envoy Gateway builds them. */
export interface IrRoute {
  /** `httproute/<ns>/<name>/rule/<i>/match/<m>/<host with . as _>`. */
  name: string;
  match: IrRouteMatch;
  action: IrRouteAction;
  requestHeaders?: IrHeaderMutation;
  responseHeaders?: IrHeaderMutation;
  /** `stat_prefix` (BTP `telemetry.metrics.routeStatName`, variables filled in). */
  statPrefix?: string;
  /** `tracing` (BTP `telemetry.tracing`). */
  tracing?: IrRouteTracing;
  /** `typed_per_filter_config`: the policy's HTTP filters this route switches on. */
  filters?: IrRouteFilters;
  resources: IrResourceRef[];
  /** `metadata.filter_metadata["envoy-gateway"].policies`: the BackendTrafficPolicies in force. */
  policies?: { kind: string; namespace: string; name: string }[];
  origin: Origin[];
}

/** A virtual host: one per distinct hostname per Gateway listener. */
export interface IrVirtualHost {
  /** `<gwNs>/<gwName>/<listener>/<hostname with . as _>`. */
  name: string;
  domains: string[];
  routes: IrRoute[];
  /** Per-host request stats (`vhost.<name>.vcluster.<name>.*`), from the EnvoyProxy's `enableVirtualHostStats`. */
  virtualCluster?: IrVirtualCluster;
  resources: IrResourceRef[];
}
