import { didYouMean } from '../compiler/diagnostics/suggest';
import type { EnumInfo } from './type-info';
import { describe, type Normalized, type Walk } from './walker';

/** Proto3-JSON checks of scalar values, with Envoy's leniencies in `envoy` mode. */

const RANGES: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

const is64 = (type: string) => type.endsWith('64');

/** Checks an integer of proto type `type`; returns a number (32-bit) or bigint (64-bit). */
export function checkInt(w: Walk, type: string, v: unknown): Normalized {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number') {
    if (!Number.isInteger(v)) return w.error('value_invalid', `expected an integer (${type}), got ${v}`);
    if (is64(type) && !Number.isSafeInteger(v)) w.report('precision_loss', 'warning', `${v} is above 2^53 and may have lost precision; quote it as a string`);
    n = BigInt(v);
  } else if (typeof v === 'string') {
    if (/^-?\d+$/.test(v)) n = BigInt(v);
    else if (/^-?\d+(\.\d+)?[eE][+-]?\d+$/.test(v) && Number.isInteger(Number(v))) {
      // Exponent form: allowed by the proto3 JSON spec, and Envoy 1.40 parses it (checked with --mode validate).
      n = BigInt(Number(v));
    } else return w.error('type_mismatch', `expected an integer (${type}), got ${describe(v)}`);
  } else return w.error('type_mismatch', `expected an integer (${type}), got ${describe(v)}`);
  const [lo, hi] = RANGES[type]!;
  if (n < lo || n > hi) {
    const what = lo === 0n && n < 0n ? `${type} cannot be negative, got ${n}` : `${n} is out of range for ${type} (${lo}..${hi})`;
    return w.error('value_invalid', what);
  }
  return is64(type) ? n : Number(n);
}

const FLOAT_MAX = 3.4028234663852886e38;

export function checkFloat(w: Walk, type: string, v: unknown): Normalized {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'bigint') n = Number(v);
  else if (typeof v === 'string' && (v === 'NaN' || v === 'Infinity' || v === '-Infinity')) return Number(v);
  else if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) n = Number(v);
  else return w.error('type_mismatch', `expected a number (${type}), got ${describe(v)}`);
  if (type === 'float' && Number.isFinite(n) && Math.abs(n) > FLOAT_MAX) return w.error('value_invalid', `${n} is out of range for float`);
  return n;
}

const YAML_BOOLS: Record<string, boolean> = { true: true, false: false, yes: true, no: false, y: true, n: false, on: true, off: false, '1': true, '0': false };

export function checkBool(w: Walk, v: unknown): Normalized {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && v.toLowerCase() in YAML_BOOLS) {
    w.lenient(`bool given as ${describe(v)}`);
    return YAML_BOOLS[v.toLowerCase()]!;
  }
  return w.error('type_mismatch', `expected a bool (true or false), got ${describe(v)}`);
}

export function checkString(w: Walk, v: unknown, sensitive: boolean): Normalized {
  if (typeof v === 'string') return v;
  return w.error('type_mismatch', `expected a string, got ${describe(v, sensitive)}`);
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

export function checkBytes(w: Walk, v: unknown): Normalized {
  if (typeof v !== 'string') return w.error('type_mismatch', `expected base64-encoded bytes (a string), got ${describe(v)}`);
  const body = v.replace(/=+$/, '');
  if (!BASE64.test(v) || body.length % 4 === 1) return w.error('value_invalid', `${describe(v)} is not valid base64`);
  return Buffer.from(v, v.includes('-') || v.includes('_') ? 'base64url' : 'base64');
}

/** Checks an enum value given as a name (or number); returns its number. */
export function checkEnum(w: Walk, info: EnumInfo, v: unknown): Normalized {
  let name: string | undefined;
  let num: number | undefined;
  if (typeof v === 'string') {
    if (info.byName.has(v)) name = v;
    else if (info.byUpper.has(v.toUpperCase())) {
      name = info.byUpper.get(v.toUpperCase())!;
      w.lenient(`enum value "${v}" is not spelled "${name}" (Envoy parses enums case-insensitively)`);
    } else if (/^-?\d+$/.test(v)) {
      w.lenient(`enum ${info.fullName} given as the numeric string "${v}"`);
      num = Number(v);
    } else
      return w.error('enum_unknown', `"${v}" is not a value of enum ${info.fullName}${didYouMean(v, info.names)}; expected one of ${info.names.join(', ')}`);
  } else if (typeof v === 'number' && Number.isInteger(v)) num = v;
  else if (v === null && info.fullName === 'google.protobuf.NullValue') return 0;
  else return w.error('type_mismatch', `expected an enum value name of ${info.fullName}, got ${describe(v)}`);
  if (name !== undefined) num = info.byName.get(name)!;
  else name = [...info.byName].find(([, n]) => n === num)?.[0];
  if (name !== undefined && info.disallowedByDefault.has(name))
    return w.error('disallowed_enum', `enum value ${name} is deprecated and disallowed by default; Envoy rejects it`);
  if (name !== undefined && info.deprecated.has(name)) {
    const at = info.deprecated.get(name);
    w.report('deprecated', 'warning', `enum value ${name} is deprecated${at === true ? '' : ` (since API ${at})`}`);
  }
  return num!;
}

/** Proto3 JSON Duration: `"1.5s"`, at most 9 fraction digits; returns nanoseconds. */
export function parseDuration(s: string): bigint | undefined {
  const m = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(s);
  if (!m) return undefined;
  const secs = BigInt(m[2]!);
  if (secs > 315576000000n) return undefined;
  const nanos = BigInt((m[3] ?? '').padEnd(9, '0') || '0');
  const total = secs * 1000000000n + nanos;
  return m[1] ? -total : total;
}

/** RFC 3339 timestamp as proto3 JSON writes it; returns nanoseconds since the epoch. */
export function parseTimestamp(s: string): bigint | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1000000n + BigInt((m[2] ?? '.').slice(1).padEnd(9, '0') || '0');
}
