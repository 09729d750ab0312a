// Protobuf's merge (Go's proto.Merge, which Envoy Gateway's bootstrap `Merge` uses) on proto3 JSON
// with Envoy's field names: a set scalar replaces, a message merges field by field, a repeated field
// appends, a map merges by key, and setting one member of a oneof clears the others. An Any (an
// object with `@type`) is two scalars to protobuf, so it is replaced whole.
import type * as protobuf from 'protobufjs';
import { getSchema } from '../../proto';

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `src` merged over `dst` (neither is changed), both of message type `typeName`. */
export function protoMerge(dst: Obj, src: Obj, typeName: string): Obj {
  const type = getSchema().lookup(typeName) as protobuf.Type | undefined;
  const out: Obj = { ...dst };
  for (const [key, value] of Object.entries(src)) {
    const field = type?.fields[key];
    if (!field) {
      // Not a field of the type (a mistake the output check reports): set as written.
      out[key] = value;
      continue;
    }
    field.resolve();
    // A oneof holds one member: the one set here replaces the others.
    for (const other of field.partOf?.fieldsArray ?? []) if (other.name !== key) delete out[other.name];
    const old = out[key];
    if (field.repeated && Array.isArray(old) && Array.isArray(value)) out[key] = [...old, ...value];
    else if (field.map && isObject(old) && isObject(value)) out[key] = { ...old, ...value };
    else out[key] = mergeValue(old, value, field);
  }
  return out;
}

function mergeValue(old: unknown, value: unknown, field: protobuf.Field): unknown {
  const message = field.resolvedType && 'fields' in field.resolvedType ? field.resolvedType : undefined;
  if (!message || !isObject(old) || !isObject(value) || '@type' in value) return value;
  const name = message.fullName.replace(/^\./, '');
  // Well-known types are scalars in JSON (Duration, wrappers) or maps (Struct): merged as protobuf would.
  if (name === 'google.protobuf.Struct') return { ...old, ...value };
  if (name.startsWith('google.protobuf.')) return value;
  return protoMerge(old, value, name);
}
