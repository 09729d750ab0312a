import * as protobuf from 'protobufjs';
import { RELAXED_RULES } from './newer';
import { getSchema } from './schema';

/**
 * Reflection facts the validator needs, computed once per protobufjs object. protobufjs'
 * `fullName` getter walks the parent chain on every access (about 20% of run time when uncached),
 * and options must be read from `parsedOptions` (the flat `options` map loses `gt {}` and `in` lists).
 */

/** PGV `(validate.rules)` of one field, as protobufjs parsed it (snake_case keys). */
export type Rules = Record<string, any>;

export interface FieldInfo {
  name: string;
  /** Scratch for the validator: the object walk that last saw this field set, and under which key. */
  seenToken: number;
  seenKey: string;
  jsonName: string;
  /** Proto scalar type (`uint32`, `string`, …), or `enum` / `message`. */
  kind: string;
  /** Full name of the message or enum type, without a leading dot. */
  typeName: string;
  repeated: boolean;
  map: boolean;
  /** Scalar type of map keys. */
  keyType: string;
  oneof: string | undefined;
  rules: Rules | undefined;
  /** `true`, or the minor version it was deprecated at (`"3.0"`). */
  deprecated: string | true | undefined;
  workInProgress: boolean;
  sensitive: boolean;
}

export interface OneofInfo {
  name: string;
  required: boolean;
}

export interface MessageInfo {
  kind: 'message';
  fullName: string;
  fields: FieldInfo[];
  /** By proto name and by lowerCamel json name. */
  byKey: Map<string, FieldInfo>;
  fieldNames: string[];
  /** Fields with PGV rules outside oneofs: checked against their default when absent. */
  ruled: FieldInfo[];
  oneofs: OneofInfo[];
  workInProgress: boolean;
  deprecated: boolean;
}

export interface EnumInfo {
  kind: 'enum';
  fullName: string;
  byName: Map<string, number>;
  byUpper: Map<string, string>;
  numbers: Set<number>;
  names: string[];
  /** Value name -> true or the minor version it was deprecated at. */
  deprecated: Map<string, string | true>;
  disallowedByDefault: Set<string>;
}

export type TypeInfo = MessageInfo | EnumInfo;

let cacheGeneration = -1;
let cache = new Map<string, TypeInfo | null>();

/** The reflection facts for a message or enum, loading its package on first use. */
export function typeInfo(fullName: string): TypeInfo | undefined {
  const schema = getSchema();
  if (cacheGeneration !== schema.generation) {
    cache = new Map();
    cacheGeneration = schema.generation;
  }
  let info = cache.get(fullName);
  if (info !== undefined) return info ?? undefined;
  const obj = schema.lookup(fullName);
  if (cacheGeneration !== schema.generation) {
    cache = new Map();
    cacheGeneration = schema.generation;
  }
  info = obj instanceof protobuf.Type ? messageInfo(obj, fullName) : obj instanceof protobuf.Enum ? enumInfo(obj, fullName) : null;
  cache.set(fullName, info);
  return info ?? undefined;
}

/** Merges a `parsedOptions` array into one object (several `(validate.rules)` are merged too). */
function options(parsed: Record<string, any>[] | undefined): Record<string, any> {
  const out: Record<string, any> = {};
  for (const o of parsed ?? []) {
    for (const [k, v] of Object.entries(o)) {
      out[k] = out[k] && typeof out[k] === 'object' && typeof v === 'object' ? deepMerge(out[k], v) : v;
    }
  }
  return out;
}

function deepMerge(a: Record<string, any>, b: Record<string, any>): Record<string, any> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    out[k] = out[k] && typeof out[k] === 'object' && v && typeof v === 'object' && !Array.isArray(v) ? deepMerge(out[k], v) : v;
  }
  return out;
}

function workInProgress(o: Record<string, any>): boolean {
  return Boolean(
    o['(xds.annotations.v3.field_status)']?.work_in_progress ||
    o['(xds.annotations.v3.message_status)']?.work_in_progress ||
    o['(udpa.annotations.field_status)']?.work_in_progress,
  );
}

function fullNameOf(obj: protobuf.ReflectionObject): string {
  return obj.fullName.replace(/^\./, '');
}

function messageInfo(type: protobuf.Type, fullName: string): MessageInfo {
  const fields: FieldInfo[] = [];
  const byKey = new Map<string, FieldInfo>();
  for (const f of type.fieldsArray) {
    f.resolve();
    const o = options(f.parsedOptions as Record<string, any>[] | undefined);
    const resolved = f.resolvedType;
    const info: FieldInfo = {
      name: f.name,
      jsonName: (f as any).jsonName ?? f.name,
      kind: resolved instanceof protobuf.Enum ? 'enum' : resolved instanceof protobuf.Type ? 'message' : f.type,
      typeName: resolved ? fullNameOf(resolved) : f.type,
      repeated: f.repeated,
      map: f.map,
      keyType: (f as unknown as { keyType?: string }).keyType ?? '',
      oneof: f.partOf?.name,
      rules: RELAXED_RULES.has(`${fullName}.${f.name}`) ? undefined : o['(validate.rules)'],
      deprecated: o.deprecated ? (o['(envoy.annotations.deprecated_at_minor_version)'] ?? true) : undefined,
      workInProgress: workInProgress(o),
      sensitive: Boolean(o['(udpa.annotations.sensitive)']),
      seenToken: 0,
      seenKey: '',
    };
    fields.push(info);
    byKey.set(info.name, info);
    if (info.jsonName !== info.name) byKey.set(info.jsonName, info);
  }
  const oneofs = type.oneofsArray.map((o) => ({
    name: o.name,
    required: Boolean(options(o.parsedOptions as Record<string, any>[] | undefined)['(validate.required)']),
  }));
  const mo = options(type.parsedOptions as Record<string, any>[] | undefined);
  return {
    kind: 'message',
    fullName,
    fields,
    byKey,
    fieldNames: fields.map((f) => f.name),
    ruled: fields.filter((f) => f.rules !== undefined && f.oneof === undefined),
    oneofs,
    workInProgress: workInProgress(mo),
    deprecated: Boolean(mo.deprecated),
  };
}

function enumInfo(e: protobuf.Enum, fullName: string): EnumInfo {
  const byName = new Map<string, number>();
  const byUpper = new Map<string, string>();
  const deprecated = new Map<string, string | true>();
  const disallowedByDefault = new Set<string>();
  for (const [name, num] of Object.entries(e.values)) {
    byName.set(name, num);
    byUpper.set(name.toUpperCase(), name);
    const vo = e.valuesOptions?.[name] ?? {};
    if (vo.deprecated) deprecated.set(name, vo['(envoy.annotations.deprecated_at_minor_version_enum)'] ?? true);
    if (vo['(envoy.annotations.disallowed_by_default_enum)']) disallowedByDefault.add(name);
  }
  return {
    kind: 'enum',
    fullName,
    byName,
    byUpper,
    numbers: new Set(byName.values()),
    names: [...byName.keys()],
    deprecated,
    disallowedByDefault,
  };
}
