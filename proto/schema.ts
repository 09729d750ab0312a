import type * as Protobuf from 'protobufjs/light';
import type * as Descriptor from 'protobufjs/ext/descriptor';
import { fileTypes, type EnumDescriptor, type FileTypes, type MessageDescriptor } from './descriptors';
import { readDescriptorSet, readIndex, splitDescriptorSet, type SchemaIndex } from './envoy-api';

interface ProtobufLib {
  protobuf: typeof Protobuf;
  descriptor: typeof Descriptor;
}
let lib: ProtobufLib | undefined;

/**
 * protobufjs and its descriptor extension (which adds `fromDescriptor` to its classes), loaded with
 * the schema on first use: a command that validates nothing does not pay their start-up.
 */
export function protobufLib(): ProtobufLib {
  return (lib ??= { protobuf: require('protobufjs/light') as typeof Protobuf, descriptor: require('protobufjs/ext/descriptor') as typeof Descriptor });
}

/**
 * Envoy's API schema (the version in compiler/versions.ts), loaded lazily into one protobufjs root:
 * the first lookup of a type loads the file that declares it and every file its fields need,
 * transitively (a dependency-closed subset, from index.json), and nothing else. protobufjs has no
 * lazy loading of its own, and resolving a field whose type is not loaded throws.
 */

export const BOOTSTRAP_TYPE = 'envoy.config.bootstrap.v3.Bootstrap';

class Schema {
  readonly index: SchemaIndex = readIndex();
  private readonly encoded = splitDescriptorSet(readDescriptorSet());
  private rootOfLoaded: Protobuf.Root | undefined;
  private readonly loaded: boolean[] = [];
  private readonly declared: FileTypes[] = [];

  /** The protobufjs root the loaded files go in (made on first use: the validator does not need protobufjs). */
  get root(): Protobuf.Root {
    return (this.rootOfLoaded ??= new (protobufLib().protobuf.Root)());
  }

  /** A message's or enum's fields or values, as the validator reads them (descriptors.ts). */
  descriptor(fullName: string): MessageDescriptor | EnumDescriptor | undefined {
    const file = this.fileOf(fullName);
    if (file === undefined) return undefined;
    return (this.declared[file] ??= fileTypes(this.encoded[file]!)).get(fullName);
  }

  /** Looks a message or enum up by full name as a protobufjs type, loading what it needs on first use. */
  lookup(fullName: string): Protobuf.Type | Protobuf.Enum | undefined {
    const { protobuf } = protobufLib();
    const file = this.fileOf(fullName);
    if (file === undefined) return undefined;
    this.load(file);
    const obj = this.root.lookup(fullName);
    return obj instanceof protobuf.Type || obj instanceof protobuf.Enum ? obj : undefined;
  }

  /** The file declaring a type: the one of its longest prefix that is a top-level type (`Msg.Nested`). */
  private fileOf(fullName: string): number | undefined {
    for (let name = fullName; name.includes('.'); name = name.slice(0, name.lastIndexOf('.'))) {
      const file = this.index.messageTypes[name] ?? this.index.enumTypes[name];
      if (file !== undefined) return file;
    }
    return undefined;
  }

  /** Loads a file and, first, the files its fields need. */
  private load(file: number): void {
    if (this.loaded[file]) return;
    this.loaded[file] = true;
    for (const dep of this.index.files[file]!.deps) this.load(dep);
    const { protobuf, descriptor } = protobufLib();
    const fd = descriptor.FileDescriptorProto.decode(this.encoded[file]!);
    const meta = this.index.files[file]!;
    const ns = meta.package ? this.root.define(meta.package) : this.root;
    const ctx = { edition: meta.edition, keepCase: true };
    for (const m of fd.messageType ?? []) ns.add(protobuf.Type.fromDescriptor(m, ctx));
    for (const e of fd.enumType ?? []) ns.add(protobuf.Enum.fromDescriptor(e, ctx));
  }

  /** False for a type of a file the Envoy release build leaves out (Envoy: "could not find @type"). */
  inEnvoyBuild(fullName: string): boolean {
    const file = this.fileOf(fullName);
    return file !== undefined && !this.index.files[file]!.notInEnvoyBuild;
  }

  /** Every top-level message name (for "did you mean" on an unknown `@type`). */
  messageNames(): string[] {
    return Object.keys(this.index.messageTypes);
  }
}

let schema: Schema | undefined;

/** The process-wide schema; reads the committed files on first use. */
export function getSchema(): Schema {
  return (schema ??= new Schema());
}

export type { Schema };
