// A tiny declarative schema language: enough of OpenAPI v3 + CEL to check every kind envoyc
// reads the way the API server does with strict field validation. Schemas are module-level
// data built once; the walker (walk.ts) interprets them over the YAML node tree.
import type { Node, Pair, YAMLMap } from 'yaml';
import type { CheckCtx } from './walk';

/** A CEL rule as a function: inspects the already-built value and reports through `c`. */
export type Check = (value: any, c: CheckCtx) => void;

/**
 * A non-canonical spelling accepted for a key (seed-document variants). For a key that is an API
 * field it runs in place of the normal read and returns false to fall back to it (wrong form →
 * normal error); for a key that is not a field it runs after the real fields were read, so it can
 * merge into them. `map` is the object's node (to look at siblings).
 */
export type LegacyRule = (pair: Pair<Node, Node>, out: any, c: CheckCtx, map: YAMLMap) => boolean;

interface Base {
  /** Set when this schema is a field and the field is absent from a present parent (`+kubebuilder:default`). */
  default?: unknown;
  /** CEL rules (`x-kubernetes-validations`), run only when the node had no schema errors. */
  cel?: readonly Check[];
  /** Human-readable name of the expected form, used in messages ("a Duration such as 5s"). */
  expect?: string;
}

export interface StringSchema extends Base {
  t: 'string';
  enum?: readonly string[];
  pattern?: RegExp;
  minLength?: number;
  maxLength?: number;
}
export interface IntSchema extends Base {
  t: 'int';
  min?: number;
  max?: number;
  enum?: readonly number[];
}
export interface NumberSchema extends Base {
  t: 'number';
  min?: number;
  max?: number;
}
export interface BoolSchema extends Base {
  t: 'bool';
}
/** `x-kubernetes-int-or-string` (targetPort, Quantity). */
export interface IntOrStringSchema extends Base {
  t: 'intOrString';
  string?: StringSchema;
  min?: number;
  max?: number;
}
/** `x-kubernetes-preserve-unknown-fields` / free-form JSON: kept as written. */
export interface AnySchema extends Base {
  t: 'any';
}
export interface ObjectSchema extends Base {
  t: 'object';
  fields: Readonly<Record<string, Schema>>;
  required?: readonly string[];
  /** Keys that are not API fields but are read (with a non-canonical warning) as something else. */
  legacy?: Readonly<Record<string, LegacyRule>>;
  /** Runs after fields and legacy keys are read, before defaults and required checks (seed fixes). */
  fixup?: Check;
  /** A field present in the object gets a non-canonical note (envoyc extension fields). */
  notes?: Readonly<Record<string, string>>;
  /** Compiled by `obj()`: fields as a Map, and the defaults to fill in. */
  readonly fieldMap: ReadonlyMap<string, Schema>;
  readonly defaults: readonly (readonly [string, unknown])[];
}
export interface ListSchema extends Base {
  t: 'list';
  items: Schema;
  minItems?: number;
  maxItems?: number;
  /** `x-kubernetes-list-type: map`: entries unique by this key. */
  mapKey?: string;
  /** `x-kubernetes-list-type: set`: scalar entries unique. */
  set?: boolean;
}
export interface MapSchema extends Base {
  t: 'map';
  values: Schema;
  maxProperties?: number;
  /** Checks a key; returns what is wrong with it, or undefined. */
  keyCheck?: (key: string) => string | undefined;
}

export type Schema = StringSchema | IntSchema | NumberSchema | BoolSchema | IntOrStringSchema | AnySchema | ObjectSchema | ListSchema | MapSchema;

type Opts<S> = Omit<S, 't'>;

export const str = (o: Opts<StringSchema> = {}): StringSchema => ({ t: 'string', ...o });
export const enm = (values: readonly string[], o: Opts<StringSchema> = {}): StringSchema => ({ t: 'string', enum: values, ...o });
export const int = (min?: number, max?: number, o: Opts<IntSchema> = {}): IntSchema => ({ t: 'int', min, max, ...o });
export const num = (min?: number, max?: number, o: Opts<NumberSchema> = {}): NumberSchema => ({ t: 'number', min, max, ...o });
export const bool = (o: Opts<BoolSchema> = {}): BoolSchema => ({ t: 'bool', ...o });
export const intOrStr = (o: Opts<IntOrStringSchema> = {}): IntOrStringSchema => ({ t: 'intOrString', ...o });
export const any = (o: Opts<AnySchema> = {}): AnySchema => ({ t: 'any', ...o });
export const list = (items: Schema, o: Omit<Opts<ListSchema>, 'items'> = {}): ListSchema => ({ t: 'list', ...o, items });
export const map = (values: Schema, o: Omit<Opts<MapSchema>, 'values'> = {}): MapSchema => ({ t: 'map', ...o, values });

/** An object schema; `fields` order is kept for messages. */
export function obj(fields: Record<string, Schema>, o: Omit<Opts<ObjectSchema>, 'fields' | 'fieldMap' | 'defaults'> = {}): ObjectSchema {
  const defaults: [string, unknown][] = [];
  for (const [k, s] of Object.entries(fields)) if (s.default !== undefined) defaults.push([k, s.default]);
  return { t: 'object', ...o, fields, fieldMap: new Map(Object.entries(fields)), defaults };
}

/** `s` with a `+kubebuilder:default`. */
export function def<S extends Schema>(s: S, value: unknown): S {
  return { ...s, default: value };
}

/** `s` with extra CEL rules. */
export function withCel<S extends Schema>(s: S, ...cel: Check[]): S {
  return { ...s, cel: [...(s.cel ?? []), ...cel] };
}

/** A deep copy of a JSON default, so defaults are never shared between objects. */
export function cloneJson<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneJson) as T;
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = cloneJson((v as Record<string, unknown>)[k]);
  return out as T;
}

/**
 * Fills the defaults of `s` into a plain value built outside the walker (an object a seed
 * rewrite synthesized), recursively, as the API server would have.
 */
export function applyDefaults(s: Schema, v: any): void {
  if (s.t === 'object' && v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, d] of s.defaults) if (v[k] === undefined) v[k] = cloneJson(d);
    for (const k in v) {
      const fs = s.fieldMap.get(k);
      if (fs) applyDefaults(fs, v[k]);
    }
  } else if (s.t === 'list' && Array.isArray(v)) {
    for (const item of v) applyDefaults(s.items, item);
  }
}
