import type {
  IrCustomTag,
  IrHashPolicy,
  IrHeaderMutation,
  IrHostRewrite,
  IrRetry,
  IrRoute,
  IrRouteAction,
  IrRouteMatch,
  IrRouteTracing,
  IrUpgrade,
  IrWeightedCluster,
} from '../ir';
import { buildResourceMetadata, duration, typed } from './common';
import type { Message } from './envoy';
import { sharedBuilder } from './shared';
import { buildTypedPerFilterConfig } from './http-filters';
import { buildStringMatcher } from './string-matcher';

/** Envoy's `RedirectAction.RedirectResponseCode` for each Gateway API redirect status. */
const REDIRECT_CODES: Record<number, string> = {
  301: 'MOVED_PERMANENTLY',
  302: 'FOUND',
  303: 'SEE_OTHER',
  307: 'TEMPORARY_REDIRECT',
  308: 'PERMANENT_REDIRECT',
};

/** Envoy Gateway retries on other hosts first, trying up to this many hosts per attempt. */
const HOST_SELECTION_RETRY_MAX_ATTEMPTS = 5;

/** `envoy.config.route.v3.RouteMatch`. */
export function buildRouteMatch(m: IrRouteMatch): Message {
  return {
    ...(m.prefix !== undefined ? { prefix: m.prefix } : {}),
    ...(m.pathSeparatedPrefix !== undefined ? { path_separated_prefix: m.pathSeparatedPrefix } : {}),
    ...(m.path !== undefined ? { path: m.path } : {}),
    ...(m.regex !== undefined ? { safe_regex: { regex: m.regex } } : {}),
    ...(m.connect ? { connect_matcher: {} } : {}),
    ...(m.headers.length ? { headers: m.headers.map((h) => ({ name: h.name, string_match: buildStringMatcher(h.match) })) } : {}),
    ...(m.queryParams.length ? { query_parameters: m.queryParams.map((q) => ({ name: q.name, string_match: buildStringMatcher(q.match) })) } : {}),
    ...(m.cookies?.length ? { cookies: m.cookies.map((c) => ({ name: c.name, string_match: buildStringMatcher(c.match) })) } : {}),
  };
}

/** `request_headers_to_add` / `_remove` (or the response pair) for a header mutation. */
export function buildHeaderMutation(m: IrHeaderMutation | undefined, direction: 'request' | 'response'): Message {
  if (!m) return {};
  return {
    ...(m.add.length
      ? {
          [`${direction}_headers_to_add`]: m.add.map((h) => ({
            header: { key: h.name, value: h.value },
            append_action: h.mode === 'append' ? 'APPEND_IF_EXISTS_OR_ADD' : 'OVERWRITE_IF_EXISTS_OR_ADD',
          })),
        }
      : {}),
    ...(m.remove.length ? { [`${direction}_headers_to_remove`]: m.remove } : {}),
  };
}

/** `envoy.config.route.v3.RetryPolicy`. */
export const buildRetryPolicy = sharedBuilder((r: IrRetry): Message => {
  return {
    retry_on: r.retryOn,
    num_retries: r.numRetries,
    ...(r.retriableStatusCodes.length ? { retriable_status_codes: r.retriableStatusCodes } : {}),
    ...(r.perTryTimeoutMs !== undefined ? { per_try_timeout: duration(r.perTryTimeoutMs) } : {}),
    ...(r.backOff
      ? {
          retry_back_off: {
            base_interval: duration(r.backOff.baseIntervalMs),
            ...(r.backOff.maxIntervalMs !== undefined ? { max_interval: duration(r.backOff.maxIntervalMs) } : {}),
          },
        }
      : {}),
    ...(r.retryPriorityUpdateFrequency !== undefined
      ? {
          retry_priority: {
            name: 'envoy.retry_priorities.previous_priorities',
            typed_config: typed('envoy.extensions.retry.priority.previous_priorities.v3.PreviousPrioritiesConfig', {
              update_frequency: r.retryPriorityUpdateFrequency,
            }),
          },
        }
      : {}),
    retry_host_predicate: [
      { name: 'envoy.retry_host_predicates.previous_hosts', typed_config: typed('envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate') },
    ],
    host_selection_retry_max_attempts: HOST_SELECTION_RETRY_MAX_ATTEMPTS,
  };
});

function buildWeightedCluster(w: IrWeightedCluster): Message {
  return {
    name: w.name,
    weight: w.weight,
    ...buildHeaderMutation(w.requestHeaders, 'request'),
    ...buildHeaderMutation(w.responseHeaders, 'response'),
    ...(w.hostRewrite !== undefined ? { host_rewrite_literal: w.hostRewrite } : {}),
  };
}

/** `RouteAction.HashPolicy`. */
export function buildHashPolicy(h: IrHashPolicy): Message {
  switch (h.type) {
    case 'sourceIp':
      return { connection_properties: { source_ip: true } };
    case 'header':
      return { header: { header_name: h.name } };
    case 'queryParameter':
      return { query_parameter: { name: h.name } };
    case 'cookie':
      return {
        cookie: { name: h.name, ...(h.ttlMs !== undefined ? { ttl: duration(h.ttlMs) } : {}), ...(h.attributes.length ? { attributes: h.attributes } : {}) },
      };
  }
}

/** `RouteAction.upgrade_configs`. */
const buildUpgradeConfigs = sharedBuilder((upgrades: IrUpgrade[]): Message[] =>
  upgrades.map((u) => ({ upgrade_type: u.type, ...(u.connectConfig ? { connect_config: {} } : {}) })),
);

/** `RouteAction.host_rewrite_specifier`. */
function buildHostRewrite(h: IrHostRewrite): Message {
  switch (h.type) {
    case 'literal':
      return { host_rewrite_literal: h.hostname };
    case 'header':
      return { host_rewrite_header: h.header };
    case 'backend':
      return { auto_host_rewrite: true };
    case 'pathRegex':
      return { host_rewrite_path_regex: { pattern: { regex: h.pattern }, substitution: h.substitution } };
  }
}

/** `envoy.config.route.v3.DirectResponseAction`: the body as a format string, as Envoy Gateway writes it. */
function buildDirectResponse(a: Extract<IrRouteAction, { type: 'direct' }>): Message {
  const source = a.body && ('text' in a.body ? { inline_string: a.body.text } : { inline_bytes: a.body.base64 });
  return { status: a.status, ...(source ? { body_format: { text_format_source: source } } : {}) };
}

/** `envoy.config.route.v3.RouteAction`. */
export function buildRouteAction(a: Extract<IrRouteAction, { type: 'forward' }>): Message {
  return {
    ...(a.cluster !== undefined ? { cluster: a.cluster } : {}),
    ...(a.weightedClusters
      ? { weighted_clusters: { clusters: a.weightedClusters.map(buildWeightedCluster), ...(a.useHashPolicy ? { use_hash_policy: true } : {}) } }
      : {}),
    ...(a.clusterNotFoundStatus === 500 ? { cluster_not_found_response_code: 'INTERNAL_SERVER_ERROR' } : {}),
    ...(a.upgrades.length ? { upgrade_configs: buildUpgradeConfigs(a.upgrades) } : {}),
    ...(a.timeoutMs !== undefined ? { timeout: duration(a.timeoutMs) } : {}),
    ...(a.idleTimeoutMs !== undefined ? { idle_timeout: duration(a.idleTimeoutMs) } : {}),
    ...(a.retry ? { retry_policy: buildRetryPolicy(a.retry) } : {}),
    ...(a.maxStreamDurationMs !== undefined ? { max_stream_duration: { max_stream_duration: duration(a.maxStreamDurationMs) } } : {}),
    ...(a.hashPolicies?.length ? { hash_policy: a.hashPolicies.map(buildHashPolicy) } : {}),
    ...(a.prefixRewrite !== undefined ? { prefix_rewrite: a.prefixRewrite } : {}),
    ...(a.regexRewrite ? { regex_rewrite: { pattern: { regex: a.regexRewrite.pattern }, substitution: a.regexRewrite.substitution } } : {}),
    ...(a.hostRewrite ? buildHostRewrite(a.hostRewrite) : {}),
    ...(a.appendXForwardedHost ? { append_x_forwarded_host: true } : {}),
    ...(a.mirrors.length
      ? {
          request_mirror_policies: a.mirrors.map((m) => ({
            cluster: m.cluster,
            ...(m.fraction ? { runtime_fraction: { default_value: { ...m.fraction } } } : {}),
          })),
        }
      : {}),
  };
}

/** `envoy.config.route.v3.RedirectAction`. */
export function buildRedirectAction(a: Extract<IrRouteAction, { type: 'redirect' }>): Message {
  return {
    ...(a.scheme !== undefined ? { scheme_redirect: a.scheme } : {}),
    ...(a.hostname !== undefined ? { host_redirect: a.hostname } : {}),
    ...(a.port !== undefined ? { port_redirect: a.port } : {}),
    ...(a.path !== undefined ? { path_redirect: a.path } : {}),
    ...(a.prefixRewrite !== undefined ? { prefix_rewrite: a.prefixRewrite } : {}),
    ...(a.regexRewrite ? { regex_rewrite: { pattern: { regex: a.regexRewrite.pattern }, substitution: a.regexRewrite.substitution } } : {}),
    response_code: REDIRECT_CODES[a.statusCode],
  };
}

/** `envoy.type.tracing.v3.CustomTag`. */
export function buildCustomTag(t: IrCustomTag): Message {
  switch (t.type) {
    case 'literal':
      return { tag: t.tag, literal: { value: t.value } };
    case 'environment':
      return { tag: t.tag, environment: { name: t.name, ...(t.defaultValue !== undefined ? { default_value: t.defaultValue } : {}) } };
    case 'requestHeader':
      return { tag: t.tag, request_header: { name: t.name, ...(t.defaultValue !== undefined ? { default_value: t.defaultValue } : {}) } };
    case 'value':
      return { tag: t.tag, value: t.value };
  }
}

/** `envoy.config.route.v3.Tracing`. */
export function buildRouteTracing(t: IrRouteTracing): Message {
  return {
    client_sampling: t.clientSampling,
    ...(t.randomSampling ? { random_sampling: t.randomSampling } : {}),
    ...(t.overallSampling ? { overall_sampling: t.overallSampling } : {}),
    ...(t.customTags.length ? { custom_tags: t.customTags.map(buildCustomTag) } : {}),
    ...(t.operation !== undefined ? { operation: t.operation } : {}),
    ...(t.upstreamOperation !== undefined ? { upstream_operation: t.upstreamOperation } : {}),
  };
}

/** Route metadata: Envoy Gateway's `resources`, plus the `policies` in force. */
function buildRouteMetadata(r: IrRoute): Message | undefined {
  const m = buildResourceMetadata(r.resources);
  if (!r.policies?.length) return m;
  const eg = ((m?.filter_metadata as Message | undefined)?.['envoy-gateway'] as Message | undefined) ?? {};
  // Object.assign, not a leading spread: Node 20's V8 builds `{ ...eg, policies }` slowly (microseconds each).
  return { filter_metadata: { 'envoy-gateway': Object.assign({}, eg, { policies: r.policies.map((p) => ({ ...p })) }) } };
}

/** `envoy.config.route.v3.Route`. */
export function buildRoute(r: IrRoute): Message {
  const a = r.action;
  const perFilter = r.filters ? buildTypedPerFilterConfig(r.filters) : {};
  return {
    name: r.name,
    match: buildRouteMatch(r.match),
    ...(a.type === 'forward' ? { route: buildRouteAction(a) } : {}),
    ...(a.type === 'redirect' ? { redirect: buildRedirectAction(a) } : {}),
    ...(a.type === 'direct' ? { direct_response: buildDirectResponse(a) } : {}),
    ...buildHeaderMutation(r.requestHeaders, 'request'),
    ...buildHeaderMutation(r.responseHeaders, 'response'),
    ...(r.statPrefix !== undefined ? { stat_prefix: r.statPrefix } : {}),
    ...(r.tracing ? { tracing: buildRouteTracing(r.tracing) } : {}),
    ...(Object.keys(perFilter).length ? { typed_per_filter_config: perFilter } : {}),
    metadata: buildRouteMetadata(r),
  };
}
