// The OpenAPI checks of one scalar (type, enum, lengths, patterns, formats, ranges) and the value-level
// `oneOf` / `anyOf` / `not` of a node, with the messages 1-load prints for each.
import { isIPv4, isIPv6 } from 'node:net';
import type { OpenApiSchema } from '../../api/openapi';
import type { SchemaNode } from './node';
import { patternWords } from './wording';

/** What is wrong with a scalar: `'type'`, an enum miss, a message, or undefined when nothing is. */
export type ScalarProblem = 'type' | { enum: readonly unknown[] } | string | undefined;

const INT32 = [-2147483648, 2147483647] as const;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function checkScalar(v: unknown, s: SchemaNode): ScalarProblem {
  switch (s.kind) {
    case 'string':
      if (typeof v !== 'string') return 'type';
      return s.enum && !s.enum.includes(v) ? { enum: s.enum } : stringProblem(v, s);
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) return 'type';
      return s.enum && !s.enum.includes(v) ? { enum: s.enum } : numberProblem(v, s);
    case 'number':
      if (typeof v !== 'number') return 'type';
      return numberProblem(v, s);
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'type';
    case 'intOrString':
      if (typeof v === 'number' && Number.isInteger(v)) return numberProblem(v, s);
      return typeof v === 'string' ? stringProblem(v, s) : 'type';
    default:
      return undefined;
  }
}

/** Length in characters (code points), as the API server counts it. */
function length(v: string): number {
  let n = v.length;
  for (let i = 0; i < v.length; i++) if ((v.charCodeAt(i) & 0xfc00) === 0xd800) n--;
  return n;
}

function stringProblem(v: string, s: SchemaNode): string | undefined {
  if (s.minLength !== undefined && length(v) < s.minLength) return s.minLength === 1 ? 'must not be empty' : `must be at least ${s.minLength} characters`;
  if (s.maxLength !== undefined && v.length > s.maxLength && length(v) > s.maxLength) return `must be at most ${s.maxLength} characters (got ${length(v)})`;
  for (const p of s.patterns ?? []) if (!p.test(v)) return `${JSON.stringify(v)} is not ${s.expect ?? `a match for ${p.source}`}`;
  return s.format ? formatProblem(v, s.format) : undefined;
}

function formatProblem(v: string, format: string): string | undefined {
  switch (format) {
    case 'byte':
      // Go's base64 decoder, which the API server uses, skips line breaks.
      return BASE64.test(v.replace(/[\r\n]/g, '')) ? undefined : 'is not valid base64';
    case 'date-time':
      return DATE_TIME.test(v) ? undefined : `${JSON.stringify(v)} is not an RFC 3339 timestamp such as 2024-01-02T03:04:05Z`;
    case 'ipv4':
      return isIPv4(v) ? undefined : `${JSON.stringify(v)} is not an IPv4 address`;
    case 'ipv6':
      return isIPv6(v) ? undefined : `${JSON.stringify(v)} is not an IPv6 address`;
    default:
      return undefined;
  }
}

function numberProblem(v: number, s: SchemaNode): string | undefined {
  const min = s.minimum ?? (s.format === 'int32' ? INT32[0] : undefined);
  const max = s.maximum ?? (s.format === 'int32' ? INT32[1] : undefined);
  const low = min !== undefined && (s.exclusiveMinimum ? v <= min : v < min);
  const high = max !== undefined && (s.exclusiveMaximum ? v >= max : v > max);
  if (!low && !high) return undefined;
  const lo = min === undefined ? undefined : `${s.exclusiveMinimum ? '>' : '>='} ${min}`;
  const hi = max === undefined ? undefined : `${s.exclusiveMaximum ? '<' : '<='} ${max}`;
  const range = lo && hi && !s.exclusiveMinimum && !s.exclusiveMaximum ? `between ${min} and ${max}` : [lo, hi].filter(Boolean).join(' and ');
  return `${v} is out of range: must be ${range}`;
}

/** What `oneOf` / `anyOf` / `not` of `s` reject in a built value, if anything. */
export function valueProblem(value: unknown, s: SchemaNode): string | undefined {
  if (s.oneOf) {
    const failures = s.oneOf.map((m) => memberProblem(value, m));
    if (failures.filter((f) => f === undefined).length !== 1) return failures.find((f) => f !== undefined) ?? 'must match exactly one of the allowed forms';
  }
  if (s.anyOf && s.anyOf.every((m) => memberProblem(value, m) !== undefined)) return memberProblem(value, s.anyOf[0]!);
  if (s.not && memberProblem(value, s.not) === undefined) return 'is a form the schema excludes';
  return undefined;
}

/** Why `value` does not satisfy a value-level schema member (properties, enum, format, pattern), or undefined. */
function memberProblem(value: unknown, m: OpenApiSchema, at = ''): string | undefined {
  if (m.enum && !m.enum.includes(value)) return `${at}${JSON.stringify(value)} is not one of ${m.enum.join(', ')}`;
  if (typeof value === 'string' && m.format) {
    const f = formatProblem(value, m.format);
    if (f) return at + f;
  }
  if (typeof value === 'string' && m.pattern !== undefined && !new RegExp(m.pattern).test(value))
    return `${at}${JSON.stringify(value)} is not ${patternWords(m.pattern) ?? `a match for ${m.pattern}`}`;
  if (m.properties && value && typeof value === 'object')
    for (const [k, sub] of Object.entries(m.properties)) {
      const v = (value as Record<string, unknown>)[k];
      const p = v === undefined ? undefined : memberProblem(v, sub, `${k}: `);
      if (p) return p;
    }
  if (m.anyOf && m.anyOf.every((x) => memberProblem(value, x) !== undefined)) {
    const forms = m.anyOf.map((x) => x.format ?? x.pattern).join(' or ');
    return `${at}${JSON.stringify(value)} is not ${forms.includes('ipv') ? 'an IPv4 or IPv6 address' : `one of: ${forms}`}`;
  }
  if (m.not && memberProblem(value, m.not) === undefined) return `${at}${JSON.stringify(value)} is excluded here`;
  return undefined;
}
