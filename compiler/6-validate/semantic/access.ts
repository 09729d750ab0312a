import type { JsonPath } from '../../../proto';

/**
 * Defensive accessors for a bootstrap that may be malformed (the schema walk reports the shape
 * problems; these checks just skip what they cannot read). Keys may be snake_case or lowerCamel.
 */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const camelCache = new Map<string, string>();
function camel(s: string): string {
  let c = camelCache.get(s);
  if (c === undefined) camelCache.set(s, (c = s.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase())));
  return c;
}

/** The key a field is set under, by proto name or json name. */
function keyOf(o: Obj, name: string): string | undefined {
  if (name in o) return name;
  const c = camel(name);
  return c in o ? c : undefined;
}

export function get(o: unknown, name: string): unknown {
  if (!isObj(o)) return undefined;
  const key = keyOf(o, name);
  return key === undefined ? undefined : o[key];
}

/**
 * A located value: the value and where it sits. Its JSON path is built only when read, for a
 * finding: the checks walk every route and cluster, and a path copied at each step was most of
 * what they allocated.
 */
export class At<T = unknown> {
  constructor(
    readonly value: T,
    private readonly parent?: At,
    private readonly key?: string | number,
  ) {}

  get path(): JsonPath {
    const path: JsonPath = [];
    for (let at: At | undefined = this; at.parent !== undefined; at = at.parent) path.push(at.key!);
    return path.reverse();
  }
}

/** The child at `name` (with its path), if present. */
export function child(at: At, name: string): At | undefined {
  const o = at.value;
  if (!isObj(o)) return undefined;
  const key = keyOf(o, name);
  return key === undefined ? undefined : new At(o[key], at, key);
}

/** The items of a list field (a single value counts as a one-item list, as Envoy reads it). */
export function items(at: At, name: string): At<unknown>[] {
  const c = child(at, name);
  if (!c) return [];
  if (!Array.isArray(c.value)) return [c];
  return c.value.map((value, i) => new At(value, c, i));
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

const TYPED_STRUCTS = new Set(['udpa.type.v1.TypedStruct', 'xds.type.v3.TypedStruct']);

/** The message name of an Any's `@type`; for a TypedStruct, of the message it holds (as Envoy reads it). */
export function typeName(any: unknown): string | undefined {
  const name = messageName(str(get(any, '@type')));
  return name !== undefined && TYPED_STRUCTS.has(name) ? messageName(str(get(any, 'type_url'))) : name;
}

/** The fields of the message an Any holds: the Any itself, or a TypedStruct's `value`. */
export function anyFields(any: At): At | undefined {
  const name = messageName(str(get(any.value, '@type')));
  return name !== undefined && TYPED_STRUCTS.has(name) ? child(any, 'value') : any;
}

function messageName(url: string | undefined): string | undefined {
  return url === undefined ? undefined : url.slice(url.lastIndexOf('/') + 1);
}
