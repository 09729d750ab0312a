import { checkBool, checkBytes, checkFloat, checkInt, checkString, parseDuration, parseTimestamp } from './scalars';
import type { Validator } from './validate';
import { describe, INVALID, isPlainObject, PRESENT, type Normalized } from './walker';

/**
 * Well-known types have their own proto3-JSON forms (Duration `"1.5s"`, wrappers as bare values,
 * Struct as any object). Envoy's parser also takes the message form (`{seconds: 5}`, `{value: 3}`),
 * which is reported as non-canonical.
 */

const WRAPPERS: Record<string, string> = {
  'google.protobuf.DoubleValue': 'double',
  'google.protobuf.FloatValue': 'float',
  'google.protobuf.Int64Value': 'int64',
  'google.protobuf.UInt64Value': 'uint64',
  'google.protobuf.Int32Value': 'int32',
  'google.protobuf.UInt32Value': 'uint32',
  'google.protobuf.BoolValue': 'bool',
  'google.protobuf.StringValue': 'string',
  'google.protobuf.BytesValue': 'bytes',
};

export const WELL_KNOWN_TYPES: ReadonlySet<string> = new Set([
  ...Object.keys(WRAPPERS),
  'google.protobuf.Duration',
  'google.protobuf.Timestamp',
  'google.protobuf.Struct',
  'google.protobuf.Value',
  'google.protobuf.ListValue',
  'google.protobuf.FieldMask',
  'google.protobuf.Empty',
]);

export function checkWellKnown(v: Validator, typeName: string, value: unknown): Normalized {
  const wrapped = WRAPPERS[typeName];
  if (wrapped) return checkWrapper(v, wrapped, value);
  switch (typeName) {
    case 'google.protobuf.Duration':
      return checkDuration(v, value);
    case 'google.protobuf.Timestamp': {
      const n = typeof value === 'string' ? parseTimestamp(value) : undefined;
      return n ?? v.error('value_invalid', `expected an RFC 3339 timestamp like "2024-07-19T00:00:00Z", got ${describe(value)}`);
    }
    case 'google.protobuf.Struct':
      return isPlainObject(value) ? PRESENT : v.error('type_mismatch', `expected an object (Struct), got ${describe(value)}`);
    case 'google.protobuf.ListValue':
      return Array.isArray(value) ? PRESENT : v.error('type_mismatch', `expected a list (ListValue), got ${describe(value)}`);
    case 'google.protobuf.FieldMask':
      return typeof value === 'string' ? value : v.error('type_mismatch', `expected a comma-separated string (FieldMask), got ${describe(value)}`);
    case 'google.protobuf.Empty':
      if (!isPlainObject(value)) return v.error('type_mismatch', `expected {} (Empty), got ${describe(value)}`);
      for (const k of Object.keys(value)) {
        v.path.push(k);
        v.error('unknown_field', `unknown field "${k}" in google.protobuf.Empty`, { key: true });
        v.path.pop();
      }
      return PRESENT;
    default:
      return PRESENT; // google.protobuf.Value: any JSON value
  }
}

function checkWrapper(v: Validator, type: string, value: unknown): Normalized {
  if (isPlainObject(value) && Object.keys(value).length <= 1 && (Object.keys(value)[0] ?? 'value') === 'value') {
    v.lenient(`wrapper given as {value: …}; write the bare ${type}`);
    if (!('value' in value)) return defaultOf(type);
    v.path.push('value');
    const out = checkPrimitive(v, type, value.value);
    v.path.pop();
    return out;
  }
  return checkPrimitive(v, type, value);
}

function defaultOf(type: string): Normalized {
  return type === 'bool' ? false : type === 'string' ? '' : type === 'bytes' ? new Uint8Array() : type.endsWith('64') ? 0n : 0;
}

function checkPrimitive(v: Validator, type: string, value: unknown): Normalized {
  if (type === 'bool') return checkBool(v, value);
  if (type === 'string') return checkString(v, value, false);
  if (type === 'bytes') return checkBytes(v, value);
  if (type === 'double' || type === 'float') return checkFloat(v, type, value);
  return checkInt(v, type, value);
}

function checkDuration(v: Validator, value: unknown): Normalized {
  if (typeof value === 'string') {
    const n = parseDuration(value);
    if (n !== undefined) return n;
    const example = /^\d+(\.\d+)?(ms|m|h|us|ns)$/.test(value) ? toSeconds(value) : '0.25s';
    return v.error('value_invalid', `${describe(value)} is not a Duration: write seconds with an "s" suffix, e.g. "${example}"`);
  }
  if (isPlainObject(value)) {
    v.lenient('Duration given as {seconds, nanos}; write a string such as "5s"');
    let total = 0n;
    for (const [k, x] of Object.entries(value)) {
      v.path.push(k);
      if (k === 'seconds') {
        const s = checkInt(v, 'int64', x);
        if (typeof s === 'bigint') total += s * 1000000000n;
      } else if (k === 'nanos') {
        const n = checkInt(v, 'int32', x);
        if (typeof n === 'number') total += BigInt(n);
      } else v.error('unknown_field', `unknown field "${k}" in google.protobuf.Duration`, { key: true });
      v.path.pop();
    }
    return total;
  }
  if (typeof value === 'number') return v.error('type_mismatch', `expected a Duration string such as "${value}s", got the bare number ${value}`);
  return v.error('type_mismatch', `expected a Duration string such as "5s", got ${describe(value)}`) && INVALID;
}

function toSeconds(s: string): string {
  const m = /^(\d+(?:\.\d+)?)(ms|m|h|us|ns)$/.exec(s)!;
  const scale: Record<string, number> = { ms: 1e-3, us: 1e-6, ns: 1e-9, m: 60, h: 3600 };
  return `${+(Number(m[1]) * scale[m[2]!]!).toFixed(9)}s`;
}
