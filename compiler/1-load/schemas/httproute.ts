// HTTPRoute (gateway.networking.k8s.io v1), as in the Gateway API v1.2+ CRDs.
import { def, enm, int, list, obj, str } from '../schema/dsl';
import type { CheckCtx } from '../schema/walk';
import { dnsSubdomain, duration, headerName, hostname, metadata, parentRefs, resource, sectionName } from './common';
import { backendRefs, httpFilters } from './route-filters';

const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

/** HTTPPathMatch CEL rules, which apply to Exact and PathPrefix paths. */
function checkPath(p: { type: string; value: string }, c: CheckCtx): void {
  if (p.type !== 'Exact' && p.type !== 'PathPrefix') return;
  const v = p.value;
  const at = ['value'];
  const types = "when type one of ['Exact', 'PathPrefix']";
  if (!v.startsWith('/')) return c.fail(at, `value must be an absolute path and start with '/' ${types}`);
  for (const bad of ['//', '/./', '/../', '%2f', '%2F', '#']) if (v.includes(bad)) return c.fail(at, `must not contain '${bad}' ${types}`);
  for (const bad of ['/..', '/.']) if (v.endsWith(bad)) return c.fail(at, `must not end with '${bad}' ${types}`);
  if (!PATH_CHARS.test(v)) c.fail(at, `must only contain valid characters (matching ${PATH_CHARS.source}) for types ['Exact', 'PathPrefix']`);
}

const stringMatch = (nameMax: number) =>
  obj(
    {
      type: def(enm(['Exact', 'RegularExpression']), 'Exact'),
      name: nameMax === 256 ? headerName : str({ minLength: 1, maxLength: nameMax }),
      value: str({ minLength: 1, maxLength: nameMax === 256 ? 4096 : 1024 }),
    },
    { required: ['name', 'value'] },
  );

const match = obj({
  path: def(
    obj({ type: def(enm(['Exact', 'PathPrefix', 'RegularExpression']), 'PathPrefix'), value: def(str({ maxLength: 1024 }), '/') }, { cel: [checkPath] }),
    { type: 'PathPrefix', value: '/' },
  ),
  headers: list(stringMatch(256), { maxItems: 16, mapKey: 'name' }),
  queryParams: list(stringMatch(256), { maxItems: 16, mapKey: 'name' }),
  method: enm(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']),
});

const timeouts = obj(
  { request: duration, backendRequest: duration },
  {
    cel: [
      (t, c) =>
        t.request !== undefined &&
        t.backendRequest !== undefined &&
        durationMs(t.request) !== 0 &&
        durationMs(t.backendRequest) > durationMs(t.request) &&
        c.fail(['backendRequest'], 'backendRequest timeout cannot be longer than request timeout'),
    ],
  },
);

/** Milliseconds of a (pattern-checked) Gateway API Duration. */
export function durationMs(d: string): number {
  let ms = 0;
  for (const m of d.matchAll(/([0-9]+)(ms|h|m|s)/g)) ms += Number(m[1]) * { h: 3600000, m: 60000, s: 1000, ms: 1 }[m[2] as 'h' | 'm' | 's' | 'ms'];
  return ms;
}

export const sessionPersistence = obj(
  {
    sessionName: str({ maxLength: 128 }),
    absoluteTimeout: duration,
    idleTimeout: duration,
    type: def(enm(['Cookie', 'Header']), 'Cookie'),
    cookieConfig: obj({ lifetimeType: def(enm(['Permanent', 'Session']), 'Session') }),
  },
  {
    cel: [
      (s, c) =>
        s.cookieConfig?.lifetimeType === 'Permanent' &&
        s.absoluteTimeout === undefined &&
        c.fail([], 'AbsoluteTimeout must be specified when cookie lifetimeType is Permanent'),
    ],
  },
);

/** True when exactly one filter of `type` rewrites with ReplacePrefixMatch. */
function prefixRewrites(filters: any[] | undefined, type: string, block: string): boolean {
  return (
    (filters ?? []).filter((f) => f.type === type && f[block]?.path?.type === 'ReplacePrefixMatch' && f[block].path.replacePrefixMatch !== undefined).length ===
    1
  );
}

function checkRule(r: any, c: CheckCtx): void {
  if (r.backendRefs?.length > 0 && (r.filters ?? []).some((f: any) => f.requestRedirect !== undefined))
    c.fail(['filters'], 'RequestRedirect filter must not be used together with backendRefs');
  const onePrefix = r.matches.length === 1 && r.matches[0].path?.type === 'PathPrefix';
  if (onePrefix) return;
  const msg = (where: string, f: string) => `${where}When using ${f} filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified`;
  if (prefixRewrites(r.filters, 'RequestRedirect', 'requestRedirect')) c.fail(['matches'], msg('', 'RequestRedirect'));
  if (prefixRewrites(r.filters, 'URLRewrite', 'urlRewrite')) c.fail(['matches'], msg('', 'URLRewrite'));
  (r.backendRefs ?? []).forEach((b: any) => {
    if (prefixRewrites(b.filters, 'RequestRedirect', 'requestRedirect')) c.fail(['matches'], msg('Within backendRefs, ', 'RequestRedirect'));
    if (prefixRewrites(b.filters, 'URLRewrite', 'urlRewrite')) c.fail(['matches'], msg('Within backendRefs, ', 'URLRewrite'));
  });
}

const rule = obj(
  {
    name: sectionName,
    matches: def(list(match, { maxItems: 64 }), [{ path: { type: 'PathPrefix', value: '/' } }]),
    filters: httpFilters,
    backendRefs: backendRefs(httpFilters),
    timeouts,
    retry: obj({ codes: list(int(400, 599)), attempts: int(0), backoff: duration }),
    sessionPersistence,
  },
  { cel: [checkRule] },
);

/** Route-level rule-list CEL: ≤128 matches in total, unique rule names. */
export function checkRules(rules: { name?: string; matches?: unknown[] }[], c: CheckCtx): void {
  let total = 0;
  const names = new Set<string>();
  rules.forEach((r, i) => {
    total += r.matches?.length ?? 0;
    if (r.name === undefined) return;
    if (names.has(r.name)) c.fail([i, 'name'], 'Rule name must be unique within the route');
    names.add(r.name);
  });
  if (total > 128)
    c.fail([], 'While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128');
}

export const httpRouteSchema = resource(
  metadata(dnsSubdomain),
  obj({
    parentRefs,
    hostnames: list(hostname, { maxItems: 16 }),
    rules: def(list(rule, { maxItems: 16, cel: [checkRules] }), [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }] }]),
  }),
);
