import { parseCidr } from '../../units/cidr';
import { escapeRegex } from '../filters';
import type { RateLimitRule } from '../../api/backendtrafficpolicy';
import type { IrRateLimit, IrRateLimitAction, IrRateLimitHeaderMatch, IrRlsDescriptor, IrStringMatch } from '../../ir';
import { RATE_LIMIT_UNIT_SECONDS } from '../../3-merge/kinds/backendtrafficpolicy';

type Selector = NonNullable<RateLimitRule['clientSelectors']>[number];

/** A rule's client selectors as one AND of matchers (Envoy Gateway flattens them; the last path/CIDR wins). */
interface FlatSelector {
  headers: NonNullable<Selector['headers']>;
  methods: NonNullable<Selector['methods']>;
  path?: NonNullable<Selector['path']>;
  cidr?: NonNullable<Selector['sourceCIDR']>;
  queryParams: NonNullable<Selector['queryParams']>;
}

function flatten(rule: RateLimitRule): FlatSelector {
  const out: FlatSelector = { headers: [], methods: [], queryParams: [] };
  for (const s of rule.clientSelectors ?? []) {
    out.headers.push(...(s.headers ?? []));
    out.methods.push(...(s.methods ?? []));
    out.queryParams.push(...(s.queryParams ?? []));
    if (s.path) out.path = s.path;
    if (s.sourceCIDR) out.cidr = s.sourceCIDR;
  }
  return out;
}

export function hasSelectors(rule: RateLimitRule): boolean {
  return (rule.clientSelectors?.length ?? 0) > 0;
}

function stringMatch(type: 'Exact' | 'RegularExpression' | 'Distinct', value: string | undefined): IrStringMatch {
  return { type: type === 'RegularExpression' ? 'RegularExpression' : 'Exact', value: value ?? '' };
}

/** A path selector as Envoy Gateway matches `:path`: "/" as a prefix, other prefixes segment-wise by regex. */
function pathMatch(p: NonNullable<FlatSelector['path']>): IrRateLimitHeaderMatch {
  if (p.type === 'Exact') return { name: ':path', match: { type: 'Exact', value: p.value } };
  if (p.type === 'RegularExpression') return { name: ':path', match: { type: 'RegularExpression', value: p.value } };
  if (p.value === '/') return { name: ':path', match: { type: 'Prefix', value: '/' } };
  const prefix = p.value.replace(/\/$/, '');
  return { name: ':path', match: { type: 'RegularExpression', value: `^${escapeRegex(prefix)}(/.*|\\?.*|#.*|;.*|$)` } };
}

/** Descriptor keys that differ between the local filter and the global service. */
export interface CidrKeys {
  masked: (i: number) => string;
  remote: (i: number) => string;
}
export const LOCAL_CIDR_KEYS: CidrKeys = { masked: (i) => `rule-${i}-masked-remote-address`, remote: (i) => `rule-${i}-remote-address` };
export const GLOBAL_CIDR_KEYS: CidrKeys = { masked: () => 'masked_remote_address', remote: () => 'remote_address' };

/** The remote-address actions of a source CIDR, normalized as Go's net.ParseCIDR prints it (3-merge refused one it cannot parse). */
function cidrActions(i: number, c: NonNullable<FlatSelector['cidr']>, keys: CidrKeys): IrRateLimitAction[] {
  const cidr = parseCidr(c.value)!;
  const base = { prefix: cidr.address, prefixLen: cidr.prefixLen, invert: c.invert };
  const masked: IrRateLimitAction = {
    type: 'remoteAddressMatch',
    key: keys.masked(i),
    value: c.invert ? `invert:${cidr.text}` : cidr.text,
    ...base,
    distinct: false,
  };
  if (c.type !== 'Distinct') return [masked];
  return [masked, { type: 'remoteAddressMatch', key: keys.remote(i), value: '%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%', ...base, distinct: true }];
}

/**
 * The actions of rule `i` (§4.9), one list per method (methods are ORed; each shares the
 * descriptor): headers, method, path, CIDR, query parameters, in that order.
 */
export function ruleActions(i: number, rule: RateLimitRule, keys: CidrKeys): IrRateLimitAction[][] {
  const s = flatten(rule);
  const key = (m: number) => `rule-${i}-match-${m}`;
  const headers: IrRateLimitAction[] = s.headers.map((h, m) =>
    h.type === 'Distinct'
      ? { type: 'requestHeaders', headerName: h.name, key: key(m) }
      : { type: 'headerValueMatch', key: key(m), value: key(m), expectMatch: !h.invert, headers: [{ name: h.name, match: stringMatch(h.type, h.value) }] },
  );
  const path: IrRateLimitAction[] = s.path
    ? [{ type: 'headerValueMatch', key: `rule-${i}-path`, value: `rule-${i}-path`, expectMatch: !s.path.invert, headers: [pathMatch(s.path)] }]
    : [];
  const cidr = s.cidr ? cidrActions(i, s.cidr, keys) : [];
  const query: IrRateLimitAction[] = s.queryParams.map((q, j) => {
    const k = key(s.headers.length + j);
    return q.type === 'Distinct'
      ? { type: 'queryParameters', name: q.name, key: k }
      : { type: 'queryParameterValueMatch', key: k, value: k, expectMatch: !q.invert, name: q.name, match: stringMatch(q.type, q.value) };
  });
  const methods: (IrRateLimitAction | undefined)[] = s.methods.length
    ? s.methods.map((m) => ({
        type: 'headerValueMatch',
        key: `rule-${i}-method`,
        value: `rule-${i}-method`,
        expectMatch: !m.invert,
        headers: [{ name: ':method', match: { type: 'Exact', value: m.value } }],
      }))
    : [undefined];
  return methods.map((m) => [...headers, ...(m ? [m] : []), ...path, ...cidr, ...query]);
}

/** The descriptor entry an action produces: Distinct ones carry only a key (one bucket per value). */
export function actionEntry(a: IrRateLimitAction): { key: string; value?: string } {
  switch (a.type) {
    case 'requestHeaders':
    case 'queryParameters':
      return { key: a.key };
    case 'remoteAddressMatch':
      return a.distinct ? { key: a.key } : { key: a.key, value: a.value };
    default:
      return { key: a.key, value: a.value };
  }
}

/** Limit unit → the rate limit service's unit name. */
export function rlsUnit(unit: RateLimitRule['limit']['unit']): NonNullable<IrRlsDescriptor['rateLimit']>['unit'] {
  return unit.toUpperCase() as NonNullable<IrRlsDescriptor['rateLimit']>['unit'];
}

export function unitMs(unit: RateLimitRule['limit']['unit']): number {
  return RATE_LIMIT_UNIT_SECONDS[unit]! * 1000;
}

/** `x_ratelimit_option` of a rule (unset = the filter's setting). */
export function xRateLimitOption(rule: RateLimitRule): Pick<IrRateLimit, 'xRateLimitOption'> {
  if (rule.xRateLimitHeaders === undefined) return {};
  return { xRateLimitOption: rule.xRateLimitHeaders === 'Off' ? 'OFF' : 'DRAFT_VERSION_03' };
}
