import type { IrExtAuth } from '../../ir';
import { duration, typed } from '../common';
import { buildServiceRetryPolicy } from '../service-retry';
import type { Any, Message } from '../envoy';
import { STATUS_CODE } from './ext-proc';

/** Header names as Envoy Gateway lists them: exact, case-insensitive. */
const exactNames = (names: string[]) => ({ patterns: names.map((exact) => ({ exact, ignore_case: true })) });

function buildService(e: IrExtAuth): Message {
  const s = e.service;
  const retry = e.retry ? { retry_policy: buildServiceRetryPolicy(e.retry) } : {};
  if (s.type === 'grpc') return { grpc_service: { envoy_grpc: { cluster_name: s.cluster, authority: s.authority }, timeout: duration(e.timeoutMs), ...retry } };
  return {
    http_service: {
      server_uri: { uri: s.uri, cluster: s.cluster, timeout: duration(e.timeoutMs) },
      ...(s.pathPrefix ? { path_prefix: s.pathPrefix } : {}),
      ...(s.pathOverride ? { path_override: s.pathOverride } : {}),
      ...(s.headersToBackend ? { authorization_response: { allowed_upstream_headers: exactNames(s.headersToBackend) } } : {}),
      ...retry,
    },
  };
}

/** `envoy.extensions.filters.http.ext_authz.v3.ExtAuthz` (disabled on the listener, enabled per route). */
export function buildExtAuthzFilter(e: IrExtAuth): Any {
  return typed('envoy.extensions.filters.http.ext_authz.v3.ExtAuthz', {
    ...buildService(e),
    transport_api_version: 'V3',
    ...(e.failOpen ? { failure_mode_allow: true } : {}),
    ...(e.maxRequestBytes !== undefined ? { with_request_body: { max_request_bytes: e.maxRequestBytes } } : {}),
    ...(e.recomputeRoute ? { clear_route_cache: true } : {}),
    ...(e.headersToExtAuth ? { allowed_headers: exactNames(e.headersToExtAuth) } : {}),
    ...(e.includeRouteMetadata ? { route_metadata_context_namespaces: ['envoy-gateway'] } : {}),
    ...(e.statusOnError !== undefined ? { status_on_error: { code: STATUS_CODE[e.statusOnError] ?? e.statusOnError } } : {}),
  });
}

/** Per route: `ExtAuthzPerRoute` with check settings (the context extensions, if any), which enables the filter there. */
export function buildExtAuthzPerRoute(e: IrExtAuth): Any {
  const exts = e.contextExtensions?.map((x) => [x.name, 'value' in x ? x.value : Buffer.from(x.secret.base64, 'base64').toString('utf8')] as const);
  return typed('envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute', {
    check_settings: exts?.length ? { context_extensions: Object.fromEntries(exts) } : {},
  });
}
