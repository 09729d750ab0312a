// The validator's reading of Envoy's descriptors (proto/descriptors.ts) is protobufjs' reading, for
// every message and enum of every file in the schema.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type * as Protobuf from 'protobufjs/light';
import { fileTypes } from '../../proto/descriptors';
import { readDescriptorSet, splitDescriptorSet } from '../../proto/envoy-api';
import { getSchema, protobufLib } from '../../proto/schema';

const fullNameOf = (o: Protobuf.ReflectionObject) => o.fullName.replace(/^\./, '');

/** What descriptors.ts reads of a protobufjs type, read from protobufjs. */
function protobufjsReading(obj: Protobuf.Type | Protobuf.Enum): unknown {
  const { Type, Enum } = protobufLib().protobuf;
  if (obj instanceof Enum) return { kind: 'enum', values: Object.entries(obj.values) };
  const type = obj as Protobuf.Type;
  return {
    kind: 'message',
    fields: type.fieldsArray.map((f) => {
      f.resolve();
      const resolved = f.resolvedType;
      return {
        name: f.name,
        jsonName: (f as unknown as { jsonName?: string }).jsonName ?? f.name,
        oneof: f.partOf?.name,
        explicitPresence: f.options?.proto3_optional === true,
        kind: resolved instanceof Enum ? 'enum' : resolved instanceof Type ? 'message' : f.type,
        typeName: resolved ? fullNameOf(resolved) : f.type,
        repeated: f.repeated,
        map: f.map,
        keyType: (f as unknown as { keyType?: string }).keyType ?? '',
      };
    }),
    oneofs: type.oneofsArray.map((o) => o.name),
  };
}

test('every message and enum of every file: the same fields, types, JSON names, oneofs and values as protobufjs reads', () => {
  const schema = getSchema();
  const files = splitDescriptorSet(readDescriptorSet());
  let types = 0;
  for (const encoded of files) {
    for (const [name, ours] of fileTypes(encoded)) {
      const theirs = schema.lookup(name);
      assert.ok(theirs, `protobufjs has ${name}`);
      assert.equal(JSON.parse(JSON.stringify(ours)), JSON.parse(JSON.stringify(protobufjsReading(theirs!))), name);
      types++;
    }
  }
  assert.ok(types > 2000, `${types} types compared`);
});

test.run();
