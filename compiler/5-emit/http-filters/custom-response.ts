import type { IrResponseOverrideAction, IrResponseOverrideMatch, IrResponseOverrideRule } from '../../ir';
import { typed } from '../common';
import type { Any, Message } from '../envoy';
import { buildXdsStringMatcher } from '../string-matcher';

function input(name: string, type: string, fields: Message = {}): Message {
  return { name, typed_config: typed(type, fields) };
}

/** `response.code` in CEL's parsed form (xds CelMatcher takes no expression text). */
function celCode(id: number): Message {
  return { id, select_expr: { operand: { id: id + 1, ident_expr: { name: 'response' } }, field: 'code' } };
}

/** `response.code >= start && response.code <= end` as a parsed CEL expression (`cel_expr_parsed`, as Envoy Gateway writes it; `parsed_expr` is deprecated). */
function celRange(start: number, end: number): Message {
  const cmp = (id: number, fn: string, bound: number) => ({
    id,
    call_expr: { function: fn, args: [celCode(id + 1), { id: id + 3, const_expr: { int64_value: bound } }] },
  });
  return { cel_expr_parsed: { expr: { id: 1, call_expr: { function: '_&&_', args: [cmp(2, '_>=_', start), cmp(6, '_<=_', end)] } } } };
}

function statusPredicate(c: IrResponseOverrideMatch['statusCodes'][number]): Message {
  if ('value' in c) {
    return {
      single_predicate: {
        input: input('http-response-status-code-match-input', 'envoy.type.matcher.v3.HttpResponseStatusCodeMatchInput'),
        value_match: { exact: String(c.value) },
      },
    };
  }
  return {
    single_predicate: {
      input: input('http-attributes-cel-match-input', 'xds.type.matcher.v3.HttpAttributesCelMatchInput'),
      custom_match: { name: 'cel-matcher', typed_config: typed('xds.type.matcher.v3.CelMatcher', { expr_match: celRange(c.start, c.end) }) },
    },
  };
}

function anyOf(preds: Message[]): Message {
  return preds.length === 1 ? preds[0]! : { or_matcher: { predicate: preds } };
}

/** `xds.type.matcher.v3.Matcher.MatcherList.Predicate`: status codes ORed, ANDed with headers and source. */
function buildPredicate(m: IrResponseOverrideMatch): Message {
  const all: Message[] = [];
  if (m.statusCodes.length) all.push(anyOf(m.statusCodes.map(statusPredicate)));
  for (const h of m.headers) {
    all.push({
      single_predicate: {
        input: input('http-response-header-match-input', 'envoy.type.matcher.v3.HttpResponseHeaderMatchInput', { header_name: h.name }),
        value_match: buildXdsStringMatcher(h.match),
      },
    });
  }
  if (m.localReply !== undefined) {
    all.push({
      single_predicate: {
        input: input('http-response-local-reply-match-input', 'envoy.type.matcher.v3.HttpResponseLocalReplyMatchInput'),
        value_match: { exact: String(m.localReply) },
      },
    });
  }
  return all.length === 1 ? all[0]! : { and_matcher: { predicate: all } };
}

function buildAction(name: string, a: IrResponseOverrideAction): Message {
  if (a.type === 'redirect') {
    const redirect = {
      ...(a.scheme !== undefined ? { scheme_redirect: a.scheme } : {}),
      ...(a.hostname !== undefined ? { host_redirect: a.hostname } : {}),
      ...(a.port !== undefined ? { port_redirect: a.port } : {}),
      ...(a.path !== undefined ? { path_redirect: a.path } : {}),
    };
    return {
      name,
      typed_config: typed('envoy.extensions.http.custom_response.redirect_policy.v3.RedirectPolicy', { redirect_action: redirect, status_code: a.statusCode }),
    };
  }
  return {
    name,
    typed_config: typed('envoy.extensions.http.custom_response.local_response_policy.v3.LocalResponsePolicy', {
      ...(a.statusCode !== undefined ? { status_code: a.statusCode } : {}),
      ...(a.body !== undefined ? { body_format: { text_format_source: { inline_string: a.body } } } : {}),
      ...(a.headers.length
        ? {
            response_headers_to_add: a.headers.map((h) => ({
              header: { key: h.name, value: h.value },
              append_action: h.mode === 'append' ? 'APPEND_IF_EXISTS_OR_ADD' : 'OVERWRITE_IF_EXISTS_OR_ADD',
            })),
          }
        : {}),
    }),
  };
}

/** `envoy.extensions.filters.http.custom_response.v3.CustomResponse`: the first matching rule answers (§4.16). */
export function buildCustomResponseFilter(rules: IrResponseOverrideRule[]): Any {
  return typed('envoy.extensions.filters.http.custom_response.v3.CustomResponse', {
    custom_response_matcher: {
      matcher_list: { matchers: rules.map((r) => ({ predicate: buildPredicate(r.match), on_match: { action: buildAction(r.name, r.action) } })) },
    },
  });
}

/**
 * A route's `FilterConfig` with an empty config: switches the policy's custom_response filter on
 * (Envoy rejects a FilterConfig without a config; an empty one keeps the HCM's settings).
 */
export function buildCustomResponsePerRoute(): Any {
  return typed('envoy.config.route.v3.FilterConfig', { config: {} });
}
