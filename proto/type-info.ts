import type { Rules, SchemaIndex } from './envoy-api';
import type { EnumDescriptor, FieldDescriptor, MessageDescriptor } from './descriptors';
import { getSchema, type Schema } from './schema';

/**
 * Reflection facts the validator needs, computed once per type: the shape from the descriptors
 * (descriptors.ts), the annotations from the schema index.
 */

export type { Rules };

/** A field as the descriptors give it (descriptors.ts), with the schema index's annotations. */
export interface FieldInfo extends FieldDescriptor {
  /** Scratch for the validator: the object walk that last saw this field set, and under which key. */
  seenToken: number;
  seenKey: string;
  rules: Rules | undefined;
  /** `true`, or the minor version it was deprecated at (`"3.0"`). */
  deprecated: string | true | undefined;
  /** Deprecated and rejected by Envoy unless a runtime flag allows it. */
  disallowedByDefault: boolean;
  workInProgress: boolean;
  sensitive: boolean;
  /** The oneof it is a member of (`oneof` names it). */
  oneofInfo: OneofInfo | undefined;
}

export interface OneofInfo {
  name: string;
  required: boolean;
  /** Scratch for the validator, as for fields: the object walk that last saw a member set, and which member. */
  seenToken: number;
  seenMember: string;
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
  /** Singular enum fields whose default value is deprecated: Envoy judges them even when unset. */
  deprecatedDefaults: FieldInfo[];
  oneofs: OneofInfo[];
  /** Work in progress by its own annotation (`message`) or its file's (`file`). */
  workInProgress: 'message' | 'file' | undefined;
  /** False when the Envoy release build leaves out its file: Envoy rejects it as an `@type`. */
  inEnvoyBuild: boolean;
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

const cache = new Map<string, TypeInfo | null>();

/** The reflection facts for a message or enum, reading its file's descriptors on first use. */
export function typeInfo(fullName: string): TypeInfo | undefined {
  let info = cache.get(fullName);
  if (info !== undefined) return info ?? undefined;
  const schema = getSchema();
  const d = schema.descriptor(fullName);
  info = d?.kind === 'message' ? messageInfo(d, fullName, schema) : d?.kind === 'enum' ? enumInfo(d, fullName, schema.index) : null;
  cache.set(fullName, info);
  return info ?? undefined;
}

function messageInfo(type: MessageDescriptor, fullName: string, schema: Schema): MessageInfo {
  const index = schema.index;
  const fields: FieldInfo[] = [];
  const byKey = new Map<string, FieldInfo>();
  const oneofs = type.oneofs.map((name): OneofInfo => ({
    name,
    required: index.oneofs[`${fullName}.${name}`]?.required === true,
    seenToken: 0,
    seenMember: '',
  }));
  for (const f of type.fields) {
    const a = index.fields[`${fullName}.${f.name}`] ?? {};
    // Written out, not spread from `f`: Node 20's V8 builds a spread literal several times slower, and this runs cold.
    const info: FieldInfo = {
      name: f.name,
      jsonName: f.jsonName,
      oneof: f.oneof,
      explicitPresence: f.explicitPresence,
      kind: f.kind,
      typeName: f.typeName,
      repeated: f.repeated,
      map: f.map,
      keyType: f.keyType,
      rules: a.rules,
      deprecated: a.deprecated,
      disallowedByDefault: a.disallowedByDefault === true,
      workInProgress: a.workInProgress === true,
      sensitive: a.sensitive === true,
      seenToken: 0,
      seenKey: '',
      oneofInfo: f.oneof === undefined ? undefined : oneofs.find((o) => o.name === f.oneof),
    };
    fields.push(info);
    byKey.set(info.name, info);
    if (info.jsonName !== info.name) byKey.set(info.jsonName, info);
  }
  return {
    kind: 'message',
    fullName,
    fields,
    byKey,
    fieldNames: fields.map((f) => f.name),
    ruled: fields.filter((f) => f.rules !== undefined && f.oneof === undefined),
    deprecatedDefaults: fields.filter((f) => f.kind === 'enum' && !f.repeated && !f.map && defaultIsDeprecated(f.typeName)),
    oneofs,
    workInProgress: index.messages[fullName]?.workInProgress,
    inEnvoyBuild: schema.inEnvoyBuild(fullName),
  };
}

function defaultIsDeprecated(enumName: string): boolean {
  const e = typeInfo(enumName) as EnumInfo;
  return e.deprecated.has(defaultValueName(e));
}

/** The enum value an unset field holds: number 0 (proto3), else the first one declared. */
export function defaultValueName(e: EnumInfo): string {
  return e.names.find((n) => e.byName.get(n) === 0) ?? e.names[0]!;
}

function enumInfo(e: EnumDescriptor, fullName: string, index: SchemaIndex): EnumInfo {
  const byName = new Map<string, number>();
  const byUpper = new Map<string, string>();
  const deprecated = new Map<string, string | true>();
  const disallowedByDefault = new Set<string>();
  for (const [name, num] of e.values) {
    byName.set(name, num);
    byUpper.set(name.toUpperCase(), name);
    const a = index.enumValues[`${fullName}.${name}`];
    if (a?.deprecated) deprecated.set(name, a.deprecated);
    if (a?.disallowedByDefault) disallowedByDefault.add(name);
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
