// A value built by the walker → the CEL value a rule sees, as the API server types it from the
// schema: integers as int (BigInt; a JS number would be a double), objects and maps as maps, and
// property names escaped as Kubernetes escapes them (`namespace` → `__namespace__`).
import { celList, celMap, type CelInput } from '@bufbuild/cel';
import type { SchemaNode } from '../schema/node';

const RESERVED = new Set('true false null in as break const continue else for function if import let loop package namespace return var void while'.split(' '));

/** Kubernetes' CEL name of a property (apiextensions `escaping.go`). */
export function celName(name: string): string {
  if (RESERVED.has(name)) return `__${name}__`;
  return name.replace(/__|\.|-|\//g, (m) => (m === '__' ? '__underscores__' : m === '.' ? '__dot__' : m === '-' ? '__dash__' : '__slash__'));
}

const names = new Map<string, string>();
/** celName(), remembered. */
export function escaped(name: string): string {
  let n = names.get(name);
  if (n === undefined) names.set(name, (n = celName(name)));
  return n;
}

export function toCel(v: unknown, s: SchemaNode | undefined): CelInput {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) && s?.kind !== 'number' ? BigInt(v) : v;
    case 'string':
    case 'boolean':
      return v;
    case 'object':
      break;
    default:
      return null;
  }
  if (Array.isArray(v)) return celList(v.map((x) => toCel(x, s?.items)));
  const obj = v as Record<string, unknown>;
  const out = new Map<string, CelInput>();
  if (s?.kind === 'map') for (const k in obj) out.set(k, toCel(obj[k], s.values));
  else for (const k in obj) out.set(escaped(k), toCel(obj[k], s?.fields?.get(k)));
  return celMap(out);
}
