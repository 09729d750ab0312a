import type { IrRateLimit, IrRateLimitAction, IrRateLimitHeaderMatch } from '../../ir';
import type { Message } from '../envoy';
import { buildStringMatcher } from '../string-matcher';

function buildHeaderMatcher(h: IrRateLimitHeaderMatch): Message {
  return { name: h.name, string_match: h.match.type === 'Prefix' ? { prefix: h.match.value } : buildStringMatcher(h.match) };
}

/** `envoy.config.route.v3.RateLimit.Action`. */
export function buildRateLimitAction(a: IrRateLimitAction): Message {
  switch (a.type) {
    case 'genericKey':
      return { generic_key: { descriptor_key: a.key, descriptor_value: a.value } };
    case 'headerValueMatch':
      return {
        header_value_match: { descriptor_key: a.key, descriptor_value: a.value, expect_match: a.expectMatch, headers: a.headers.map(buildHeaderMatcher) },
      };
    case 'requestHeaders':
      return { request_headers: { header_name: a.headerName, descriptor_key: a.key } };
    case 'queryParameterValueMatch':
      return {
        query_parameter_value_match: {
          descriptor_key: a.key,
          descriptor_value: a.value,
          expect_match: a.expectMatch,
          query_parameters: [{ name: a.name, string_match: buildStringMatcher(a.match) }],
        },
      };
    case 'queryParameters':
      return { query_parameters: { query_parameter_name: a.name, descriptor_key: a.key } };
    case 'remoteAddressMatch':
      return {
        remote_address_match: {
          descriptor_key: a.key,
          descriptor_value: a.value,
          address_matcher: { ranges: [{ address_prefix: a.prefix, prefix_len: a.prefixLen }], ...(a.invert ? { invert_match: true } : {}) },
        },
      };
  }
}

/** `envoy.config.route.v3.RateLimit`. */
export function buildRateLimit(r: IrRateLimit): Message {
  return {
    actions: r.actions.map(buildRateLimitAction),
    ...(r.xRateLimitOption ? { x_ratelimit_option: r.xRateLimitOption } : {}),
    ...(r.limitFromMetadata
      ? { limit: { dynamic_metadata: { metadata_key: { key: r.limitFromMetadata.namespace, path: [{ key: r.limitFromMetadata.key }] } } } }
      : {}),
    ...(r.hitsAddend ? { hits_addend: 'number' in r.hitsAddend ? { number: r.hitsAddend.number } : { format: r.hitsAddend.format } } : {}),
    ...(r.applyOnStreamDone ? { apply_on_stream_done: true } : {}),
  };
}
