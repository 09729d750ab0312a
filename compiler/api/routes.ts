import type { Resource } from './meta';

/** `ParentReference`, as written: envoyc defaults group/kind/namespace when it resolves it. */
export interface ParentReference {
  group?: string;
  kind?: string;
  namespace?: string;
  name: string;
  sectionName?: string;
  port?: number;
}

/** `BackendRef` / `BackendObjectReference`. group "" = core; kind defaults to Service. */
export interface BackendRef {
  group: string;
  kind: string;
  name: string;
  namespace?: string;
  port?: number;
  weight: number;
  filters?: HTTPRouteFilter[];
}

export interface HTTPHeader {
  name: string;
  value: string;
}

export interface HeaderModifier {
  set?: HTTPHeader[];
  add?: HTTPHeader[];
  remove?: string[];
}

export interface PathModifier {
  type: 'ReplaceFullPath' | 'ReplacePrefixMatch';
  replaceFullPath?: string;
  replacePrefixMatch?: string;
}

export interface HTTPRouteFilter {
  type: 'RequestHeaderModifier' | 'ResponseHeaderModifier' | 'RequestRedirect' | 'URLRewrite' | 'RequestMirror' | 'ExtensionRef' | 'CORS';
  requestHeaderModifier?: HeaderModifier;
  responseHeaderModifier?: HeaderModifier;
  requestRedirect?: {
    scheme?: 'http' | 'https';
    hostname?: string;
    path?: PathModifier;
    port?: number;
    statusCode: number;
  };
  urlRewrite?: { hostname?: string; path?: PathModifier };
  requestMirror?: {
    backendRef: Omit<BackendRef, 'weight' | 'filters'>;
    percent?: number;
    fraction?: { numerator: number; denominator: number };
  };
  extensionRef?: { group: string; kind: string; name: string };
}

export type StringMatchType = 'Exact' | 'RegularExpression';

export interface HTTPRouteMatch {
  path?: { type: 'Exact' | 'PathPrefix' | 'RegularExpression'; value: string };
  headers?: { type: StringMatchType; name: string; value: string }[];
  queryParams?: { type: StringMatchType; name: string; value: string }[];
  method?: string;
}

export interface HTTPRouteRule {
  name?: string;
  matches: HTTPRouteMatch[];
  filters?: HTTPRouteFilter[];
  backendRefs?: BackendRef[];
  timeouts?: { request?: string; backendRequest?: string };
  retry?: { codes?: number[]; attempts?: number; backoff?: string };
}

export interface HTTPRouteSpec {
  parentRefs?: ParentReference[];
  hostnames?: string[];
  rules: HTTPRouteRule[];
}
export type HTTPRoute = Resource<'HTTPRoute', HTTPRouteSpec>;

export interface GRPCMethodMatch {
  type: 'Exact' | 'RegularExpression';
  service?: string;
  method?: string;
}
export interface GRPCRouteMatch {
  method?: GRPCMethodMatch;
  headers?: { type: StringMatchType; name: string; value: string }[];
}
export interface GRPCRouteRule {
  name?: string;
  matches?: GRPCRouteMatch[];
  filters?: HTTPRouteFilter[];
  backendRefs?: BackendRef[];
}
export interface GRPCRouteSpec {
  parentRefs?: ParentReference[];
  hostnames?: string[];
  rules?: GRPCRouteRule[];
}
export type GRPCRoute = Resource<'GRPCRoute', GRPCRouteSpec>;

export interface L4RouteRule {
  name?: string;
  backendRefs: BackendRef[];
}
export type TCPRoute = Resource<'TCPRoute', { parentRefs?: ParentReference[]; rules: L4RouteRule[] }>;
export type TLSRoute = Resource<'TLSRoute', { parentRefs?: ParentReference[]; hostnames?: string[]; rules: L4RouteRule[] }>;

export type ReferenceGrant = Resource<
  'ReferenceGrant',
  {
    from: { group: string; kind: string; namespace: string }[];
    to: { group: string; kind: string; name?: string }[];
  }
>;
