// Envoy v3 messages as envoyc emits them: proto3 JSON with the proto's snake_case field names
// (Envoy reads both spellings; snake_case matches Envoy's own documentation). Messages envoyc
// builds but never inspects are typed loosely as `Message`.

/** Any Envoy message in proto3 JSON form. */
export type Message = { [field: string]: unknown };

/** `google.protobuf.Any` in JSON form: the type URL plus the message's own fields. */
export type Any = { '@type': string } & Message;

/** `envoy.config.core.v3.TypedExtensionConfig`, and the `{name, typed_config}` pairs of filters. */
export interface TypedExtension {
  name: string;
  typed_config: Any;
}

export interface Cluster extends Message {
  name: string;
}

export interface Listener extends Message {
  name: string;
}

export interface Secret extends Message {
  name: string;
}

/** `envoy.config.bootstrap.v3.Bootstrap`, static resources only. */
export interface Bootstrap {
  admin: Message;
  node: { id: string; cluster: string };
  overload_manager: Message;
  static_resources: { listeners: Listener[]; clusters: Cluster[]; secrets?: Secret[] };
}

/** One bootstrap per Envoy, named like its IR config. */
export interface EmittedBootstrap {
  name: string;
  fileStem: string;
  bootstrap: Bootstrap;
  /** Command-line flags Envoy needs besides the bootstrap (an EnvoyProxy's); written beside it, printed by the CLI. */
  envoyFlags?: string[];
}
