import { isIP } from 'node:net';
import { parseDuration, parseTimestamp } from './scalars';
import type { FieldInfo, Rules } from './type-info';
import { INVALID, PRESENT, type Normalized, type Walk } from './walker';

/**
 * protoc-gen-validate rules with the semantics of Envoy's C++ PGV templates:
 * - an absent scalar is checked against its default value (`""`, 0, false);
 * - an absent message fails only `message.required` / `duration.required` / `any.required`;
 * - rules on a oneof member apply only when that member is set (the caller skips unset members);
 * - `pattern` is a full match (RE2 `FullMatch`);
 * - rules on wrapper types apply to the wrapped value when the wrapper is set;
 * - `ignore_empty` skips a field's rules when it holds its zero value.
 * Rules come from the schema index as protojson (64-bit integers as strings, Durations as "1.5s").
 * Unlike Envoy (first violation only), every violation is reported.
 */

/**
 * Where a rule violation found by `checkRules` is reported. Set before each check: validation is
 * synchronous, and one shared reporter saves a closure per checked value (a hot path on 10k routes).
 */
const ruleFailure = { walk: undefined as unknown as Walk, prefix: '' };
function failRule(rule: string, text: string): void {
  ruleFailure.walk.report('rule_violation', 'error', `${text} (validate rule ${ruleFailure.prefix}${rule})`);
}

/** A numeric rule's literals as they are (the conversion for plain numbers). */
const asIs = (x: unknown): unknown => x;

/** Checks `rules` against a present, already type-checked single value. */
export function checkRules(w: Walk, fi: FieldInfo, rules: Rules | undefined, v: Normalized): void {
  if (!rules || v === INVALID || w.rulesOff) return;
  for (const kind in rules) {
    const r = rules[kind];
    if (!r || typeof r !== 'object') continue;
    ruleFailure.walk = w;
    ruleFailure.prefix = `${kind}.`;
    const fail = failRule;
    if (kind === 'string' && typeof v === 'string') checkString(fail, r, v, fi.sensitive);
    else if (kind === 'bytes' && v instanceof Uint8Array) checkBytes(fail, r, v);
    else if (kind === 'bool' && typeof v === 'boolean' && r.const !== undefined && v !== r.const) fail('const', `value must be ${r.const}`);
    else if (kind === 'enum' && typeof v === 'number') checkEnumRules(fail, r, v, w, fi);
    else if (kind === 'duration' && typeof v === 'bigint') checkNumber(fail, r, v, durationNanos, fmtNanos);
    else if (kind === 'timestamp' && typeof v === 'bigint') checkNumber(fail, r, v, timestampNanos, String);
    else if (kind === 'any' && typeof v === 'string') checkIn(fail, r, v);
    else if (NUMERIC.has(kind) && (typeof v === 'number' || typeof v === 'bigint') && !(r.ignore_empty && (v === 0 || v === 0n)))
      checkNumber(fail, r, v, asIs, String);
  }
}

/** Checks the rules of a field that is not set (never called for oneof members). */
export function checkAbsent(w: Walk, fi: FieldInfo): void {
  const rules = fi.rules;
  if (!rules || w.rulesOff) return;
  // Reported by the name each check below gives (`min_items`, `message.required`), with no kind before it.
  ruleFailure.walk = w;
  ruleFailure.prefix = '';
  const fail = failRule;
  if (fi.map) return checkMapCount(fail, rules.map, 0);
  if (fi.repeated) return checkItemCount(fail, rules.repeated, 0);
  if (fi.kind === 'message') {
    if (rules.message?.required || rules.duration?.required || rules.timestamp?.required || rules.any?.required)
      fail(`${Object.keys(rules)[0]}.required`, 'value is required');
    return;
  }
  checkRules(w, fi, rules, defaultValue(fi));
}

/** Checks `repeated` rules (count, uniqueness, items) over the list's normalized values. */
export function checkRepeated(w: Walk, fi: FieldInfo, values: Normalized[], itemPath: (i: number) => void, done: () => void): void {
  const r = fi.rules?.repeated;
  if (!r || w.rulesOff) return;
  const fail = (rule: string, text: string) => w.report('rule_violation', 'error', `${text} (validate rule repeated.${rule})`);
  if (r.ignore_empty && values.length === 0) return;
  checkItemCount(fail, r, values.length);
  if (r.unique) {
    const seen = new Set<unknown>();
    for (const v of values) {
      const key = v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v;
      if (seen.has(key)) fail('unique', `repeated value must contain unique items; ${String(key)} appears twice`);
      seen.add(key);
    }
  }
  if (r.items) {
    values.forEach((v, i) => {
      itemPath(i);
      checkRules(w, fi, r.items, v);
      done();
    });
  }
}

/** Checks `map` rules on a map's keys and values. */
export function checkMap(w: Walk, fi: FieldInfo, entries: [string, Normalized][]): void {
  const r = fi.rules?.map;
  if (!r || w.rulesOff) return;
  const fail = (rule: string, text: string) => w.report('rule_violation', 'error', `${text} (validate rule map.${rule})`);
  if (r.ignore_empty && entries.length === 0) return;
  checkMapCount(fail, r, entries.length);
  for (const [k, v] of entries) {
    w.path.push(k);
    if (r.keys) checkRules(w, fi, r.keys, k);
    if (r.values) checkRules(w, fi, r.values, v);
    w.path.pop();
  }
}

type Fail = (rule: string, text: string) => void;
const NUMERIC = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'double', 'float']);

function defaultValue(fi: FieldInfo): Normalized {
  if (fi.kind === 'string') return '';
  if (fi.kind === 'bytes') return new Uint8Array();
  if (fi.kind === 'bool') return false;
  if (fi.kind.endsWith('64') && fi.kind !== 'double') return 0n;
  return fi.kind === 'message' ? PRESENT : 0;
}

function checkItemCount(fail: Fail, r: Rules | undefined, n: number): void {
  if (!r) return;
  if (r.min_items !== undefined && n < Number(r.min_items)) fail('min_items', `value must contain at least ${r.min_items} item(s)`);
  if (r.max_items !== undefined && n > Number(r.max_items)) fail('max_items', `value must contain at most ${r.max_items} item(s)`);
}

function checkMapCount(fail: Fail, r: Rules | undefined, n: number): void {
  if (!r) return;
  if (r.min_pairs !== undefined && n < Number(r.min_pairs)) fail('min_pairs', `value must contain at least ${r.min_pairs} pair(s)`);
  if (r.max_pairs !== undefined && n > Number(r.max_pairs)) fail('max_pairs', `value must contain at most ${r.max_pairs} pair(s)`);
}

const durationLiterals = new Map<unknown, bigint>();

/** A Duration rule literal ("0s", "0.001s") in nanoseconds (rules repeat, so each is parsed once). */
function durationNanos(d: unknown): bigint {
  let n = durationLiterals.get(d);
  if (n === undefined) durationLiterals.set(d, (n = parseDuration(String(d)) ?? 0n));
  return n;
}

function timestampNanos(t: unknown): bigint {
  return parseTimestamp(String(t)) ?? 0n;
}

function fmtNanos(n: bigint): string {
  const s = Number(n) / 1e9;
  return `${s}s`;
}

/**
 * Compares like PGV: `a` is a number, or a bigint for 64-bit ints and durations; the rule literal
 * `b` is a number, a bigint, or a 64-bit integer as a string (exact, unlike a JS number).
 */
function cmp(a: number | bigint, b: unknown): number {
  if (typeof a === 'bigint') {
    const bb = typeof b === 'bigint' ? b : typeof b === 'string' && /^-?\d+$/.test(b) ? BigInt(b) : BigInt(Math.trunc(Number(b)));
    return a < bb ? -1 : a > bb ? 1 : 0;
  }
  const bn = Number(b);
  return a < bn ? -1 : a > bn ? 1 : 0;
}

/** A bound of a numeric rule, converted; undefined when the rule has none. */
function literal<T>(r: Rules, k: string, conv: (x: unknown) => T): T | undefined {
  return r[k] === undefined ? undefined : conv(r[k]);
}

function checkNumber<T>(fail: Fail, r: Rules, v: number | bigint, conv: (x: unknown) => T, fmt: (x: any) => string): void {
  if (r.const !== undefined && cmp(v, conv(r.const)) !== 0) fail('const', `value must equal ${fmt(conv(r.const))}`);
  if (Array.isArray(r.in) && !r.in.some((x: unknown) => cmp(v, conv(x)) === 0))
    fail('in', `value must be one of [${r.in.map((x: unknown) => fmt(conv(x))).join(', ')}]`);
  if (r.not_in !== undefined && [r.not_in].flat().some((x: unknown) => cmp(v, conv(x)) === 0)) fail('not_in', `value must not be ${fmt(v)}`);
  const lt = literal(r, 'lt', conv),
    lte = literal(r, 'lte', conv),
    gt = literal(r, 'gt', conv),
    gte = literal(r, 'gte', conv);
  const upper = lt ?? lte;
  const lower = gt ?? gte;
  if (upper === undefined && lower === undefined) return;
  const belowUpper = lt !== undefined ? cmp(v, lt) < 0 : lte !== undefined ? cmp(v, lte) <= 0 : true;
  const aboveLower = gt !== undefined ? cmp(v, gt) > 0 : gte !== undefined ? cmp(v, gte) >= 0 : true;
  // PGV exclusive range (gt > lt): the value must lie outside [lt, gt].
  const exclusive = upper !== undefined && lower !== undefined && cmp(typeof v === 'bigint' ? BigInt(upper as any) : Number(upper), lower) < 0;
  if (exclusive ? belowUpper !== aboveLower : aboveLower && belowUpper) return;
  // Only a failure needs the words.
  const lowerText = gt !== undefined ? `greater than ${fmt(gt)}` : `greater than or equal to ${fmt(gte)}`;
  const upperText = lt !== undefined ? `less than ${fmt(lt)}` : `less than or equal to ${fmt(lte)}`;
  const rule = [gt !== undefined ? 'gt' : gte !== undefined ? 'gte' : '', lt !== undefined ? 'lt' : lte !== undefined ? 'lte' : ''].filter(Boolean).join('/');
  if (exclusive && !belowUpper) fail(rule, `value must be outside range (${fmt(upper)}, ${fmt(lower)}), got ${fmt(v)}`);
  else if (exclusive) fail(rule, `value must be ${upperText} or ${lowerText}, got ${fmt(v)}`);
  else {
    const text = lower !== undefined && upper !== undefined ? `${lowerText} and ${upperText}` : lower !== undefined ? lowerText : upperText;
    fail(rule, `value must be ${text}, got ${fmt(v)}`);
  }
}

function checkIn(fail: Fail, r: Rules, v: string): void {
  if (Array.isArray(r.in) ? !r.in.includes(v) : r.in !== undefined && r.in !== v) fail('in', `value must be one of [${[r.in].flat().join(', ')}]`);
  if (Array.isArray(r.not_in) ? r.not_in.includes(v) : r.not_in === v) fail('not_in', `value must not be ${v}`);
}

function checkEnumRules(fail: Fail, r: Rules, v: number, w: Walk, fi: FieldInfo): void {
  if (r.const !== undefined && v !== Number(r.const)) fail('const', `value must equal ${r.const}`);
  const inList = r.in === undefined ? undefined : [r.in].flat().map(Number);
  if (inList && !inList.includes(v)) fail('in', `value must be one of [${inList.join(', ')}]`);
  const notIn = r.not_in === undefined ? [] : [r.not_in].flat().map(Number);
  if (notIn.includes(v)) fail('not_in', `value must not be ${v}`);
  if (r.defined_only && !definedEnum(w, fi, v)) fail('defined_only', `value ${v} is not a defined enum value`);
}

let enumLookup: ((fi: FieldInfo, v: number) => boolean) | undefined;
/** Set by the validator (avoids a module cycle with type-info). */
export function setEnumLookup(fn: (fi: FieldInfo, v: number) => boolean): void {
  enumLookup = fn;
}
function definedEnum(_w: Walk, fi: FieldInfo, v: number): boolean {
  return enumLookup ? enumLookup(fi, v) : true;
}

const WELL_KNOWN: Record<string, [RegExp, RegExp]> = {
  // [strict, non-strict], as in PGV's C++ templates.
  HTTP_HEADER_NAME: [/^:?[0-9a-zA-Z!#$%&'*+\-.^_|~`]+$/, /^[^\u0000\u000A\u000D]*$/],
  HTTP_HEADER_VALUE: [/^[^\u0000-\u0008\u000A-\u001F\u007F]*$/, /^[^\u0000\u000A\u000D]*$/],
};
const patternCache = new Map<string, RegExp | null>();

function fullMatch(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, 'u');
    } catch {
      try {
        re = new RegExp(`^(?:${pattern})$`);
      } catch {
        re = null;
      }
    }
    patternCache.set(pattern, re);
  }
  return re;
}

const SURROGATE = /[\uD800-\uDFFF]/;

function checkString(fail: Fail, r: Rules, v: string, sensitive: boolean): void {
  if (r.ignore_empty && v === '') return;
  const shown = () => (sensitive ? '(redacted)' : JSON.stringify(v));
  if (r.const !== undefined && v !== r.const) fail('const', `value must equal ${JSON.stringify(r.const)}`);
  if (r.len !== undefined || r.min_len !== undefined || r.max_len !== undefined) {
    const chars = SURROGATE.test(v) ? [...v].length : v.length;
    if (r.len !== undefined && chars !== Number(r.len)) fail('len', `value length must be ${r.len} characters`);
    if (r.min_len !== undefined && chars < Number(r.min_len)) fail('min_len', `value length must be at least ${r.min_len} characters`);
    if (r.max_len !== undefined && chars > Number(r.max_len)) fail('max_len', `value length must be at most ${r.max_len} characters`);
  }
  if (r.len_bytes !== undefined || r.min_bytes !== undefined || r.max_bytes !== undefined) {
    const bytes = Buffer.byteLength(v);
    if (r.len_bytes !== undefined && bytes !== Number(r.len_bytes)) fail('len_bytes', `value length must be ${r.len_bytes} bytes`);
    if (r.min_bytes !== undefined && bytes < Number(r.min_bytes)) fail('min_bytes', `value length must be at least ${r.min_bytes} bytes`);
    if (r.max_bytes !== undefined && bytes > Number(r.max_bytes)) fail('max_bytes', `value length must be at most ${r.max_bytes} bytes`);
  }
  if (r.pattern !== undefined) {
    const re = fullMatch(String(r.pattern));
    if (re && !re.test(v)) fail('pattern', `value ${shown()} does not match regex pattern ${JSON.stringify(r.pattern)}`);
  }
  if (r.prefix !== undefined && !v.startsWith(r.prefix)) fail('prefix', `value does not have prefix ${JSON.stringify(r.prefix)}`);
  if (r.suffix !== undefined && !v.endsWith(r.suffix)) fail('suffix', `value does not have suffix ${JSON.stringify(r.suffix)}`);
  if (r.contains !== undefined && !v.includes(r.contains)) fail('contains', `value does not contain ${JSON.stringify(r.contains)}`);
  if (r.not_contains !== undefined && v.includes(r.not_contains)) fail('not_contains', `value contains ${JSON.stringify(r.not_contains)}`);
  checkIn(fail, r, v);
  if (r.well_known_regex && WELL_KNOWN[r.well_known_regex]) {
    const [strictRe, laxRe] = WELL_KNOWN[r.well_known_regex]!;
    const re = r.strict === false ? laxRe : strictRe;
    if (!re.test(v)) fail('well_known_regex', `value ${shown()} is not a valid ${r.well_known_regex.toLowerCase().replace(/_/g, ' ')}`);
  }
  if (r.ip && !isIP(v)) fail('ip', `value must be a valid IP address`);
  if (r.ipv4 && isIP(v) !== 4) fail('ipv4', `value must be a valid IPv4 address`);
  if (r.ipv6 && isIP(v) !== 6) fail('ipv6', `value must be a valid IPv6 address`);
  if (r.hostname && !isHostname(v)) fail('hostname', `value must be a valid hostname`);
  if (r.address && !isIP(v) && !isHostname(v)) fail('address', `value must be a valid hostname or IP address`);
  if (r.uuid && !/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(v)) fail('uuid', 'value must be a valid UUID');
  if (r.uri && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(v)) fail('uri', 'value must be an absolute URI');
}

function isHostname(v: string): boolean {
  const h = v.endsWith('.') ? v.slice(0, -1) : v;
  return h.length > 0 && h.length <= 253 && h.split('.').every((l) => /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l));
}

function checkBytes(fail: Fail, r: Rules, v: Uint8Array): void {
  if (r.ignore_empty && v.length === 0) return;
  if (r.len !== undefined && v.length !== Number(r.len)) fail('len', `value length must be ${r.len} bytes`);
  if (r.min_len !== undefined && v.length < Number(r.min_len)) fail('min_len', `value length must be at least ${r.min_len} bytes`);
  if (r.max_len !== undefined && v.length > Number(r.max_len)) fail('max_len', `value length must be at most ${r.max_len} bytes`);
}
