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
  headers: { name: string; match: IrStringMatch }[];
  queryParams: { name: string; match: IrStringMatch }[];
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
}

export interface IrWeightedCluster {
  name: string;
  weight: number;
  requestHeaders?: IrHeaderMutation;
  responseHeaders?: IrHeaderMutation;
}

export type IrRouteAction =
  | {
      type: 'forward';
      /** A single cluster (the normal case: one cluster per rule). */
      cluster?: string;
      /** Several clusters: per-backendRef clusters, or invalid backends mixed with valid ones. */
      weightedClusters?: IrWeightedCluster[];
      /** `cluster_not_found_response_code` when the weighted list names `invalid-backend-cluster`. */
      clusterNotFoundStatus?: 500 | 503;
      /** `upgrade_configs[].upgrade_type`; empty for HTTP/2 (gRPC) routes. */
      upgrades: string[];
      /** Route timeout; undefined = Envoy's default 15s. */
      timeoutMs?: number;
      /** `idle_timeout`; derived from the request timeout as Envoy Gateway does. */
      idleTimeoutMs?: number;
      retry?: IrRetry;
      /** `prefix_rewrite` / `regex_rewrite` / `host_rewrite_literal`. */
      prefixRewrite?: string;
      regexRewrite?: { pattern: string; substitution: string };
      hostRewrite?: string;
      mirrors: { cluster: string; fraction?: { numerator: number; denominator: number } }[];
    }
  | {
      type: 'redirect';
      scheme?: string;
      hostname?: string;
      port?: number;
      /** `path_redirect` (ReplaceFullPath). */
      path?: string;
      /** `prefix_rewrite` (ReplacePrefixMatch). */
      prefixRewrite?: string;
      regexRewrite?: { pattern: string; substitution: string };
      statusCode: number;
    }
  | { type: 'direct'; status: number; body?: string };

/** One Envoy route entry: rule × match × hostname × listener, as Envoy Gateway builds them. */
export interface IrRoute {
  /** `httproute/<ns>/<name>/rule/<i>/match/<m>/<host with . as _>`. */
  name: string;
  match: IrRouteMatch;
  action: IrRouteAction;
  requestHeaders?: IrHeaderMutation;
  responseHeaders?: IrHeaderMutation;
  resources: IrResourceRef[];
  origin: Origin[];
}

/** A virtual host: one per distinct hostname per Gateway listener. */
export interface IrVirtualHost {
  /** `<gwNs>/<gwName>/<listener>/<hostname with . as _>`. */
  name: string;
  domains: string[];
  routes: IrRoute[];
  resources: IrResourceRef[];
}
