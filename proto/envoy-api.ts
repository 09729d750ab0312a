import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The committed Envoy API schema (`proto/envoy-api/`), written by `npm run gen:envoy-schema`
 * (tools/envoy-schema: Go, from github.com/envoyproxy/go-control-plane/envoy at the version in
 * compiler/versions.ts): `descriptors.pb.gz`, one FileDescriptorSet of every Envoy API file and
 * what it imports, and `index.json`, where each type is declared, which files each file's fields
 * need, which files the Envoy release binary leaves out, and the annotations the validator judges by (protobufjs drops custom options when it
 * loads descriptors, so the generator reads them with the extensions' own Go types).
 */

export const SCHEMA_DIR = path.join(__dirname, '..', '..', 'proto', 'envoy-api');

/** `(validate.rules)` of one field, as protojson with proto names (int64 as strings, Durations as "1s"). */
export type Rules = Record<string, any>;

export interface FieldAnnotations {
  rules?: Rules;
  /** `true`, or the minor API version it was deprecated at (`"3.0"`). */
  deprecated?: true | string;
  /** `(envoy.annotations.disallowed_by_default)`: deprecated, and rejected unless a runtime flag allows it. */
  disallowedByDefault?: boolean;
  /** `(xds.annotations.v3.field_status).work_in_progress`. */
  workInProgress?: boolean;
  /** `(udpa.annotations.sensitive)`: the value is never shown in messages. */
  sensitive?: boolean;
}

export interface MessageAnnotations {
  deprecated?: boolean;
  /** Work in progress by its own `message_status`, or because its whole file is. */
  workInProgress?: 'message' | 'file';
}

export interface EnumValueAnnotations {
  deprecated?: true | string;
  disallowedByDefault?: boolean;
}

export interface SchemaFile {
  name: string;
  package: string;
  /** As protobufjs names it: `proto2`, `proto3` or an edition's year. */
  edition: string;
  /** Indexes of the files declaring the types this file's fields refer to. */
  deps: number[];
  /** The Envoy release build leaves this file out (v2, removed extensions): Envoy knows none of its types. */
  notInEnvoyBuild?: boolean;
}

/** `index.json`. Annotation maps hold only elements that carry one; keys are full names. */
export interface SchemaIndex {
  files: SchemaFile[];
  /** Top-level message and enum full names to the index of the file that declares them. */
  messageTypes: Record<string, number>;
  enumTypes: Record<string, number>;
  fields: Record<string, FieldAnnotations>;
  oneofs: Record<string, { required: boolean }>;
  messages: Record<string, MessageAnnotations>;
  /** Keyed by the enum's full name, a dot and the value's name. */
  enumValues: Record<string, EnumValueAnnotations>;
}

export function readIndex(): SchemaIndex {
  return JSON.parse(readFileSync(path.join(SCHEMA_DIR, 'index.json'), 'utf8')) as SchemaIndex;
}

/** The uncompressed FileDescriptorSet. */
export function readDescriptorSet(): Buffer {
  return gunzipSync(readFileSync(path.join(SCHEMA_DIR, 'descriptors.pb.gz')));
}

/**
 * The encoded FileDescriptorProto of each file, in order, without decoding any: a
 * FileDescriptorSet is a run of `file` fields (number 1, length-delimited), so each is a tag
 * byte, a varint length and that many bytes.
 */
export function splitDescriptorSet(set: Uint8Array): Uint8Array[] {
  const files: Uint8Array[] = [];
  let at = 0;
  while (at < set.length) {
    if (set[at++] !== 0x0a) throw new Error(`the Envoy schema is corrupt: unexpected field at byte ${at - 1} of the descriptor set`);
    let length = 0;
    for (let shift = 0; ; shift += 7) {
      const b = set[at++]!;
      length += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    files.push(set.subarray(at, at + length));
    at += length;
  }
  return files;
}
