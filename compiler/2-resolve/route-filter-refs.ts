// Envoy Gateway's HTTPRouteFilter, named by a route rule's `ExtensionRef` filter, as Envoy Gateway
// processes it (internal/gatewayapi/filters.go processExtensionRefHTTPFilter): the rule's filters in
// order, each HTTPRouteFilter's urlRewrite, directResponse and credentialInjection merged into what
// the rule does, and Envoy Gateway's errors in its words.
import type { Loaded } from '../1-load/types';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { checkRegex } from '../regex';
import { checkRegexAt } from '../regex/check';
import { spanAt, type NodePath } from '../source';
import type { HTTPRouteFilter as FilterObject, HTTPRouteFilterSpecDirectResponseBody } from '../api/generated/httproutefilter';
import { ENVOY_GATEWAY_GROUP } from '../api/meta';
import type { HTTPRouteFilter } from '../api/routes';
import { decodeSecretData } from './certificates';
import { referencePermitted, type Lookup } from './lookup';
import type { AnyRoute } from './rules';
import type { DirectResponseBody, HeaderEdits, RegexSubstitution, ResolvedBackend, RuleExtension, RuleNode } from './types';

const HTTP_ROUTE_FILTER = 'HTTPRouteFilter';
/** The Secret key a credential is read from (Envoy Gateway's InjectedCredentialKey). */
const CREDENTIAL_KEY = 'credential';
/** The ConfigMap key a response body is read from (Envoy Gateway's ResponseBodyConfigMapKey). */
const RESPONSE_BODY_KEY = 'response.body';
/** Envoy Gateway's status for a direct response without `statusCode`. */
const DEFAULT_DIRECT_STATUS = 200;
/** Envoy Gateway answers a rule whose filters it cannot use with this status. */
const FILTER_ERROR_STATUS = 500;

type FilterError = RuleNode['filterErrors'][number];

/** A regex of an HTTPRouteFilter as Envoy judges it: false when Envoy refuses it. */
type RegexCheck = (pattern: string, obj: Loaded<FilterObject>, path: NodePath) => boolean;

interface Walk {
  ns: string;
  lookup: Lookup;
  regexOk: RegexCheck;
  ext: RuleExtension;
  errors: FilterError[];
  /** The core URLRewrite filters' path and hostname rewrites seen so far. */
  core: { path: boolean; host: boolean };
}

/** Envoy Gateway's `processInvalidHTTPFilter`: not accepted, and the rule answers 500. */
function invalid(w: Walk, filter: number, path: NodePath, type: string, message: string): void {
  w.errors.push({ message: `invalid filter ${type}: ${message}`, path, filter });
  w.ext.directResponse = { status: FILTER_ERROR_STATUS };
}

/** The body of a direct response, or Envoy Gateway's error (getCustomResponseBody). */
function responseBody(w: Walk, body: HTTPRouteFilterSpecDirectResponseBody): { body?: DirectResponseBody } | { error: string } {
  if (body.type !== 'ValueRef') return body.inline !== undefined ? { body: { text: body.inline } } : {};
  const name = body.valueRef?.name ?? '';
  const cm = w.lookup.configMaps.get(`${w.ns}/${name}`)?.value;
  if (!cm) return { error: `can't find the referenced configmap ${w.ns}/${name}` };
  const data = cm.data ?? {};
  if (data[RESPONSE_BODY_KEY] !== undefined) return { body: { text: data[RESPONSE_BODY_KEY] } };
  // Envoy Gateway takes any other key (a Go map's order); envoyc the first by name, so runs agree.
  const key = Object.keys(data).sort()[0];
  if (key !== undefined) return { body: { text: data[key]! } };
  const binary = Object.keys(cm.binaryData ?? {}).sort()[0];
  if (binary !== undefined) return { body: { base64: cm.binaryData![binary]!.replace(/[\r\n]/g, '') } };
  return { error: `can't find the key ${RESPONSE_BODY_KEY} in the referenced configmap ${w.ns}/${name}` };
}

/** The Secret a credential names, checked as Envoy Gateway's validateSecretRef checks it (cross-namespace with a ReferenceGrant). */
function credentialSecret(w: Walk, obj: FilterObject): { secret: string; base64: string } | { error: string } {
  const ref = obj.spec.credentialInjection!.credential.valueRef;
  if (ref.group !== '') return { error: 'secret ref group must be unspecified/empty' };
  if (ref.kind !== 'Secret' && ref.kind !== 'ConfigMap') return { error: 'secret ref kind must be Secret' };
  const ns = ref.namespace || w.ns;
  if (ns !== w.ns) {
    const from = { group: ENVOY_GATEWAY_GROUP, kind: HTTP_ROUTE_FILTER, namespace: w.ns };
    if (!referencePermitted(w.lookup, from, { group: '', kind: ref.kind, namespace: ns, name: ref.name }))
      return { error: `ref to ${ref.kind} ${ns}/${ref.name} not permitted by any ReferenceGrant` };
  }
  const secret = w.lookup.secrets.get(`${ns}/${ref.name}`)?.value;
  if (!secret) return { error: `secret ${ns}/${ref.name} does not exist` };
  const base64 = secret.data?.[CREDENTIAL_KEY];
  if (base64 === undefined || decodeSecretData(base64).length === 0) return { error: `credential key ${CREDENTIAL_KEY} not found in secret ${ns}/${ref.name}` };
  return { secret: `${ns}/${ref.name}`, base64 };
}

const MULTIPLE_REWRITES = 'cannot configure multiple urlRewrite filters for a single HTTPRouteRule';

/** A regex rewrite, or Envoy Gateway's complaint about it (`what`: the field as its messages name it). */
function regexRewrite(
  w: Walk,
  obj: Loaded<FilterObject>,
  r: RegexSubstitution | undefined,
  at: NodePath,
  what: 'ReplaceRegexMatch' | 'PathRegex',
): string | undefined {
  if (what === 'ReplaceRegexMatch' && !r?.pattern) return 'ReplaceRegexMatch Pattern must be set when rewrite path type is "ReplaceRegexMatch"';
  if (what === 'PathRegex' && (!r?.pattern || !r.substitution))
    return 'PathRegex Pattern and Substitution must be set when rewrite hostname type is "PathRegex"';
  return w.regexOk(r!.pattern, obj, [...at, 'pattern']) ? undefined : `${what} must be a valid RE2 regular expression`;
}

/** An HTTPRouteFilter's urlRewrite merged into the rule's; Envoy Gateway's error stops the rest of that HTTPRouteFilter. */
function applyUrlRewrite(w: Walk, obj: Loaded<FilterObject>): string | undefined {
  const u = obj.value.spec.urlRewrite!;
  const mine = w.ext.urlRewrite ?? {};
  const extensionSeen = mine.path !== undefined || mine.host !== undefined;
  const touches = u.hostname !== undefined || u.path !== undefined;
  if ((extensionSeen && touches) || (u.hostname && w.core.host) || (u.path && w.core.path)) return MULTIPLE_REWRITES;
  const next = { ...mine };
  if (u.path?.type === 'ReplaceRegexMatch') {
    const problem = regexRewrite(w, obj, u.path.replaceRegexMatch, ['spec', 'urlRewrite', 'path', 'replaceRegexMatch'], 'ReplaceRegexMatch');
    if (problem) return problem;
    next.path = { pattern: u.path.replaceRegexMatch!.pattern, substitution: u.path.replaceRegexMatch!.substitution };
  }
  const h = u.hostname;
  if (h?.type === 'Header') {
    if (h.header === undefined) return 'Header must be set when rewrite path type is "Header"';
    next.host = { type: 'header', header: h.header };
  } else if (h?.type === 'Backend') next.host = { type: 'backend' };
  else if (h?.type === 'PathRegex') {
    const problem = regexRewrite(w, obj, h.pathRegex, ['spec', 'urlRewrite', 'hostname', 'pathRegex'], 'PathRegex');
    if (problem) return problem;
    next.host = { type: 'pathRegex', pattern: h.pathRegex!.pattern, substitution: h.pathRegex!.substitution };
  }
  if (u.appendXForwardedHost !== undefined) next.appendXForwardedHost = u.appendXForwardedHost;
  w.ext.urlRewrite = next;
  return undefined;
}

/** An HTTPRouteFilter's directResponse: the rule answers it, with its content type and headers. False on Envoy Gateway's error. */
function applyDirectResponse(w: Walk, obj: FilterObject, filter: number, path: NodePath): boolean {
  const dr = obj.spec.directResponse!;
  const body = dr.body ? responseBody(w, dr.body) : {};
  if ('error' in body) {
    invalid(w, filter, path, HTTP_ROUTE_FILTER, body.error);
    return false;
  }
  w.ext.directResponse = {
    status: dr.statusCode ?? DEFAULT_DIRECT_STATUS,
    ...(body.body && ('text' in body.body ? body.body.text : body.body.base64) !== '' ? { body: body.body } : {}),
  };
  if (dr.contentType !== undefined) w.ext.responseHeaders.push({ name: 'Content-Type', value: dr.contentType, mode: 'overwrite' });
  for (const h of dr.header?.add ?? []) w.ext.responseHeaders.push({ name: h.name, value: h.value, mode: 'append' });
  for (const h of dr.header?.set ?? []) w.ext.responseHeaders.push({ name: h.name, value: h.value, mode: 'overwrite' });
  return true;
}

/** One `ExtensionRef` filter of the rule. */
function applyExtensionRef(w: Walk, f: HTTPRouteFilter, filter: number, path: NodePath): void {
  const ref = f.extensionRef;
  if (!ref) return invalid(w, filter, path, f.type, 'extensionRef field must be specified for an extended filter');
  if (ref.group !== ENVOY_GATEWAY_GROUP || ref.kind !== HTTP_ROUTE_FILTER) return invalid(w, filter, path, f.type, `unknown kind ${ref.group}/${ref.kind}`);
  const obj = w.lookup.httpRouteFilters.get(`${w.ns}/${ref.name}`);
  if (!obj) {
    w.errors.push({
      message: `Unable to translate HTTPRouteFilter: ${w.ns}/${ref.name}`,
      path: [...path, 'extensionRef', 'name'],
      filter,
      condition: 'ResolvedRefs',
    });
    w.ext.directResponse = { status: FILTER_ERROR_STATUS };
    return;
  }
  const spec = obj.value.spec;
  if (spec.matches?.length) {
    if (w.ext.cookieMatches) return void w.errors.push({ message: 'only one HTTPRouteFilter with matches is supported per HTTPRouteRule', path, filter });
    // A cookie regex Envoy refuses fails the compilation (invalid_regex), as it would fail the rule in Envoy Gateway.
    spec.matches.forEach((m, i) =>
      (m.cookies ?? []).forEach((c, j) => c.type === 'RegularExpression' && w.regexOk(c.value, obj, ['spec', 'matches', i, 'cookies', j, 'value'])),
    );
    w.ext.cookieMatches = spec.matches.map((m) => (m.cookies ?? []).map((c) => ({ name: c.name, type: c.type, value: c.value })));
  }
  if (spec.urlRewrite) {
    const problem = applyUrlRewrite(w, obj);
    if (problem) return void w.errors.push({ message: problem, path, filter });
  }
  if (spec.directResponse && !applyDirectResponse(w, obj.value, filter, path)) return;
  if (spec.credentialInjection) {
    const found = credentialSecret(w, obj.value);
    if ('error' in found) return invalid(w, filter, path, HTTP_ROUTE_FILTER, found.error);
    const c = spec.credentialInjection;
    w.ext.credential = {
      name: `httproutefilter/${w.ns}/${ref.name}`,
      ...(c.header !== undefined && c.header !== '' ? { header: c.header } : {}),
      ...(c.overwrite !== undefined ? { overwrite: c.overwrite } : {}),
      ...found,
    };
  }
}

const GRPC_DIRECT_2XX =
  'DirectResponse with a 2xx status code is not supported for GRPCRoute: a 2xx status maps to the gRPC OK status, but a direct response cannot carry a gRPC response message, so the client would receive an invalid response. Use a non-2xx status code to deny or block the request instead';
const MIRROR_WITH_DIRECT = 'RequestMirror filter cannot be used when the rule also configures a DirectResponse filter';

/**
 * What a rule's HTTPRouteFilters set and Envoy Gateway's errors about them, walking the filters in
 * order as Envoy Gateway does; undefined `extension` when the rule has no `ExtensionRef` filter.
 * `path`: the rule's `filters` list.
 */
function resolveExtensionFilters(
  namespace: string,
  kind: string,
  filters: readonly HTTPRouteFilter[],
  path: NodePath,
  lookup: Lookup,
  regexOk: RegexCheck,
): { extension?: RuleExtension; errors: FilterError[] } {
  if (!filters.some((f) => f.type === 'ExtensionRef')) return { errors: [] };
  const w: Walk = { ns: namespace, lookup, regexOk, ext: { processed: filters.length, responseHeaders: [] }, errors: [], core: { path: false, host: false } };
  let mirrors = false;
  for (const [i, f] of filters.entries()) {
    // Envoy Gateway stops at the first filter that sets a direct response.
    if (w.ext.directResponse) {
      w.ext.processed = i;
      break;
    }
    const at = [...path, i];
    if (f.type === 'RequestMirror') mirrors = true;
    if (f.type === 'URLRewrite' && f.urlRewrite) {
      const mine = w.ext.urlRewrite;
      if ((f.urlRewrite.hostname && mine?.host) || (f.urlRewrite.path && mine?.path)) w.errors.push({ message: MULTIPLE_REWRITES, path: at, filter: i });
      w.core.path ||= f.urlRewrite.path !== undefined;
      w.core.host ||= f.urlRewrite.hostname !== undefined;
    }
    if (f.type === 'ExtensionRef') applyExtensionRef(w, f, i, at);
  }
  const last = w.ext.processed - 1;
  if (w.ext.directResponse && mirrors) w.errors.push({ message: MIRROR_WITH_DIRECT, path: [...path, last], filter: last, reason: 'IncompatibleFilters' });
  const dr = w.ext.directResponse;
  if (kind === 'GRPCRoute' && dr && dr.status >= 200 && dr.status < 300) w.errors.push({ message: GRPC_DIRECT_2XX, path: [...path, last], filter: last });
  return { extension: w.ext, errors: w.errors };
}

/** Header edits with the headers a direct response adds after them. */
function appendHeaders(edits: HeaderEdits | undefined, add: HeaderEdits['add']): HeaderEdits | undefined {
  return add.length ? { add: [...(edits?.add ?? []), ...add], remove: edits?.remove ?? [] } : edits;
}

/** Envoy's verdict on an HTTPRouteFilter's regex, reported (`invalid_regex`) at it when `report`. */
function regexCheck(diags: Diagnostics, report: boolean): RegexCheck {
  return (pattern, obj, path) => {
    if (!report) return checkRegex(pattern).ok;
    const field = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('');
    return checkRegexAt(
      diags,
      spanAt(obj.src, path),
      pattern,
      `${HTTP_ROUTE_FILTER} ${obj.value.metadata.namespace}/${obj.value.metadata.name}: ${field.slice(1)}`,
    );
  };
}

/**
 * A rule's HTTPRouteFilters resolved: the filters Envoy Gateway processes (it stops after a direct
 * response), what the HTTPRouteFilters set, and its errors, each reported where it is written when
 * `report` (the route reaches Envoy).
 */
export function ruleExtensionFilters(
  route: AnyRoute,
  rule: { index: number; filters: HTTPRouteFilter[]; path: NodePath },
  lookup: Lookup,
  diags: Diagnostics,
  report: boolean,
): { filters: HTTPRouteFilter[]; extension?: RuleExtension; errors: FilterError[] } {
  const v = route.value;
  const { extension, errors } = resolveExtensionFilters(
    v.metadata.namespace,
    v.kind,
    rule.filters,
    [...rule.path, 'filters'],
    lookup,
    regexCheck(diags, report),
  );
  if (report) {
    const label = `${v.kind} ${v.metadata.namespace}/${v.metadata.name}`;
    for (const e of errors) {
      const at = spanAt(route.src, e.path);
      diags.add(e.condition ? d.routeFilterNotFound(at, label, rule.index, e.message) : d.routeFilterInvalid(at, label, rule.index, e.message, e.reason));
    }
  }
  return { filters: extension ? rule.filters.slice(0, extension.processed) : rule.filters, ...(extension ? { extension } : {}), errors };
}

/**
 * A backendRef's HTTPRouteFilters, applied once it resolved (Envoy Gateway's processDestinationFilters):
 * of what they set, only the credential injection and the response headers a direct response adds
 * reach the backendRef's own cluster; an error makes the backendRef invalid (InvalidBackendFilters).
 */
export function withBackendExtension(
  b: ResolvedBackend,
  route: AnyRoute,
  path: NodePath,
  lookup: Lookup,
  diags: Diagnostics,
  report: boolean,
): ResolvedBackend {
  if (b.state === 'invalid') return b;
  const v = route.value;
  const { extension, errors } = resolveExtensionFilters(v.metadata.namespace, v.kind, b.filters, path, lookup, regexCheck(diags, report));
  if (!extension) return b;
  if (errors.length > 0) {
    const message = errors.map((e) => e.message).join('\n');
    return { ...b, state: 'invalid', failure: { reason: 'InvalidBackendFilters', message }, endpoints: [] };
  }
  const responseHeaders = appendHeaders(b.responseHeaders, extension.responseHeaders);
  return { ...b, ...(responseHeaders ? { responseHeaders } : {}), ...(extension.credential ? { credential: extension.credential } : {}) };
}

/** The rule's response headers with those a direct response adds after them, and its filter errors in filter order. */
export function withExtension(
  headers: { responseHeaders?: HeaderEdits; filterErrors: FilterError[] },
  ext: { extension?: RuleExtension; errors: FilterError[] },
): Pick<RuleNode, 'responseHeaders' | 'filterErrors' | 'extension'> {
  const responseHeaders = appendHeaders(headers.responseHeaders, ext.extension?.responseHeaders ?? []);
  return {
    ...(responseHeaders ? { responseHeaders } : {}),
    filterErrors: [...headers.filterErrors, ...ext.errors].sort((a, b) => a.filter - b.filter),
    ...(ext.extension ? { extension: ext.extension } : {}),
  };
}
