// The few facts of Envoy's proto descriptors the validator needs (type-info.ts), read straight from
// the encoded FileDescriptorProtos: fields with their types, labels, JSON names and oneofs, and enum
// values. protobufjs builds a whole reflection tree for this (0.15 s to load it and the first files,
// a quarter of a 100-route compile); this reads one file's descriptor in about a millisecond.
// descriptors.test.ts checks every type of the schema against protobufjs' reading.

/** protobufjs' names of the field types, by FieldDescriptorProto.Type number. */
const SCALAR_TYPES = [
  '',
  'double',
  'float',
  'int64',
  'uint64',
  'int32',
  'fixed64',
  'fixed32',
  'bool',
  'string',
  'group',
  'message',
  'bytes',
  'uint32',
  'enum',
  'sfixed32',
  'sfixed64',
  'sint32',
  'sint64',
];
const TYPE_MESSAGE = 11;
const TYPE_ENUM = 14;
const LABEL_REPEATED = 3;

export interface FieldDescriptor {
  name: string;
  jsonName: string;
  /** A scalar type (`uint32`, …), `message` or `enum`; a map's value type. */
  kind: string;
  /** The message or enum's full name (no leading dot), else the scalar type. */
  typeName: string;
  repeated: boolean;
  map: boolean;
  /** A map's key type. */
  keyType: string;
  /** The oneof it is a member of (proto3 `optional` fields are in one of their own, `_<name>`). */
  oneof: string | undefined;
  /** A proto3 `optional` scalar: set even when it holds its default value. */
  explicitPresence: boolean;
}

export interface MessageDescriptor {
  kind: 'message';
  fields: FieldDescriptor[];
  oneofs: string[];
}

export interface EnumDescriptor {
  kind: 'enum';
  /** Value names to numbers, in declaration order. */
  values: [string, number][];
}

/** Every message and enum a file declares, nested ones too (map entries are not types), by full name. */
export type FileTypes = Map<string, MessageDescriptor | EnumDescriptor>;

/** A reader of protobuf's wire format over one buffer. */
class Wire {
  at: number;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.at = start;
  }

  varint(): number {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.bytes[this.at++]!;
      // Only the low 32 bits matter here (field numbers, lengths, int32 values, enums, bools).
      if (shift < 32) value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
  }

  /** The number and wire type of the field `next()` reached (kept here: an object per tag was a third of a cold decode). */
  field = 0;
  wire = 0;

  /** Reads the next field's tag into `field` and `wire`; false at the end. */
  next(): boolean {
    if (this.at >= this.end) return false;
    const t = this.varint();
    this.field = Math.floor(t / 8);
    this.wire = t & 7;
    return true;
  }

  /** A length-delimited field's bounds, consumed. */
  span(): [number, number] {
    const length = this.varint();
    const start = this.at;
    this.at += length;
    return [start, this.at];
  }

  string(): string {
    const [start, end] = this.span();
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, end - start).toString('utf8');
  }

  sub(): Wire {
    const [start, end] = this.span();
    return new Wire(this.bytes, start, end);
  }

  /** Passes over the field `next()` reached. */
  skip(): void {
    if (this.wire === 0) this.varint();
    else if (this.wire === 1) this.at += 8;
    else if (this.wire === 2) this.span();
    else if (this.wire === 5) this.at += 4;
    else throw new Error(`the Envoy schema is corrupt: wire type ${this.wire} in a descriptor`);
  }
}

/** An int32 read as a varint: negative values come as 64-bit two's complement. */
function int32(v: number): number {
  return v | 0;
}

interface RawField {
  name: string;
  number: number;
  label: number;
  type: number;
  typeName: string;
  jsonName: string;
  oneofIndex: number | undefined;
  proto3Optional: boolean;
}

interface RawMessage {
  name: string;
  fields: RawField[];
  nested: RawMessage[];
  enums: Wire[];
  mapEntry: boolean;
  oneofs: string[];
}

function readField(w: Wire): RawField {
  const f: RawField = { name: '', number: 0, label: 1, type: 0, typeName: '', jsonName: '', oneofIndex: undefined, proto3Optional: false };
  while (w.next()) {
    if (w.field === 1 && w.wire === 2) f.name = w.string();
    else if (w.field === 3 && w.wire === 0) f.number = w.varint();
    else if (w.field === 4 && w.wire === 0) f.label = w.varint();
    else if (w.field === 5 && w.wire === 0) f.type = w.varint();
    else if (w.field === 6 && w.wire === 2) f.typeName = w.string();
    else if (w.field === 9 && w.wire === 0) f.oneofIndex = int32(w.varint());
    else if (w.field === 10 && w.wire === 2) f.jsonName = w.string();
    else if (w.field === 17 && w.wire === 0) f.proto3Optional = w.varint() !== 0;
    else w.skip();
  }
  return f;
}

function readMessage(w: Wire): RawMessage {
  const m: RawMessage = { name: '', fields: [], nested: [], enums: [], mapEntry: false, oneofs: [] };
  while (w.next()) {
    if (w.field === 1 && w.wire === 2) m.name = w.string();
    else if (w.field === 2 && w.wire === 2) m.fields.push(readField(w.sub()));
    else if (w.field === 3 && w.wire === 2) m.nested.push(readMessage(w.sub()));
    else if (w.field === 4 && w.wire === 2) m.enums.push(w.sub());
    else if (w.field === 7 && w.wire === 2) m.mapEntry = readMapEntryOption(w.sub());
    else if (w.field === 8 && w.wire === 2) m.oneofs.push(readName(w.sub()));
    else w.skip();
  }
  return m;
}

/** MessageOptions.map_entry (7). */
function readMapEntryOption(w: Wire): boolean {
  let mapEntry = false;
  while (w.next()) {
    if (w.field === 7 && w.wire === 0) mapEntry = w.varint() !== 0;
    else w.skip();
  }
  return mapEntry;
}

/** The `name` (1) of a OneofDescriptorProto or EnumValueDescriptorProto, and nothing else. */
function readName(w: Wire): string {
  let name = '';
  while (w.next()) {
    if (w.field === 1 && w.wire === 2) name = w.string();
    else w.skip();
  }
  return name;
}

function readEnum(w: Wire): { name: string; type: EnumDescriptor } {
  let name = '';
  const values: [string, number][] = [];
  while (w.next()) {
    if (w.field === 1 && w.wire === 2) name = w.string();
    else if (w.field === 2 && w.wire === 2) {
      const v = w.sub();
      let valueName = '';
      let number = 0;
      while (v.next()) {
        if (v.field === 1 && v.wire === 2) valueName = v.string();
        else if (v.field === 2 && v.wire === 0) number = int32(v.varint());
        else v.skip();
      }
      values.push([valueName, number]);
    } else w.skip();
  }
  return { name, type: { kind: 'enum', values } };
}

const withoutDot = (typeName: string) => (typeName.startsWith('.') ? typeName.slice(1) : typeName);

function fieldOf(f: RawField, m: RawMessage, entries: Map<string, RawMessage>): FieldDescriptor {
  const entry = f.label === LABEL_REPEATED && f.type === TYPE_MESSAGE ? entries.get(f.typeName.slice(f.typeName.lastIndexOf('.') + 1)) : undefined;
  const oneof = f.oneofIndex === undefined ? undefined : m.oneofs[f.oneofIndex];
  // Written out, not spread: Node 20's V8 builds a spread literal several times slower, and a compile reads thousands of fields.
  if (entry) {
    const key = entry.fields.find((e) => e.number === 1);
    const value = entry.fields.find((e) => e.number === 2);
    if (!key || !value) throw new Error(`the Envoy schema is corrupt: map entry ${entry.name} without a key or value`);
    return field(f, oneof, value, false, true, SCALAR_TYPES[key.type]!);
  }
  return field(f, oneof, f, f.label === LABEL_REPEATED, false, '');
}

/** `f` as a FieldDescriptor whose type is `typed`'s (a map's value field, else `f` itself). */
function field(f: RawField, oneof: string | undefined, typed: RawField, repeated: boolean, map: boolean, keyType: string): FieldDescriptor {
  const named = typed.type === TYPE_MESSAGE || typed.type === TYPE_ENUM;
  return {
    name: f.name,
    jsonName: f.jsonName || f.name,
    oneof,
    explicitPresence: f.proto3Optional,
    kind: SCALAR_TYPES[typed.type]!,
    typeName: named ? withoutDot(typed.typeName) : SCALAR_TYPES[typed.type]!,
    repeated,
    map,
    keyType,
  };
}

function addMessage(out: FileTypes, prefix: string, m: RawMessage): void {
  const fullName = `${prefix}${m.name}`;
  const entries = new Map(m.nested.filter((n) => n.mapEntry).map((n) => [n.name, n]));
  out.set(fullName, { kind: 'message', fields: m.fields.map((f) => fieldOf(f, m, entries)), oneofs: m.oneofs });
  for (const n of m.nested) if (!n.mapEntry) addMessage(out, `${fullName}.`, n);
  for (const e of m.enums) addEnum(out, `${fullName}.`, e);
}

function addEnum(out: FileTypes, prefix: string, w: Wire): void {
  const { name, type } = readEnum(w);
  out.set(`${prefix}${name}`, type);
}

/** The types one encoded FileDescriptorProto declares, by full name. */
export function fileTypes(encoded: Uint8Array): FileTypes {
  const w = new Wire(encoded, 0, encoded.length);
  let pkg = '';
  const messages: RawMessage[] = [];
  const enums: Wire[] = [];
  while (w.next()) {
    if (w.field === 2 && w.wire === 2) pkg = w.string();
    else if (w.field === 4 && w.wire === 2) messages.push(readMessage(w.sub()));
    else if (w.field === 5 && w.wire === 2) enums.push(w.sub());
    else w.skip();
  }
  const out: FileTypes = new Map();
  const prefix = pkg ? `${pkg}.` : '';
  for (const m of messages) addMessage(out, prefix, m);
  for (const e of enums) addEnum(out, prefix, e);
  return out;
}
