import type { IrServiceRetry } from './security';
// What an EnvoyExtensionPolicy adds to a route (Envoy Gateway's `ir.EnvoyExtensionFeatures`): one
// HTTP filter per extension, disabled on the listener and enabled on the routes in force.

/** A Lua filter: `envoy.filters.http.lua/<name>`. */
export interface IrLua {
  /** `envoyextensionpolicy/<ns>/<policy>/lua/<i>`. */
  name: string;
  /** `default_source_code.inline_string`. */
  code: string;
  /** `LuaPerRoute.filter_context` (absent: the route enables the filter with an empty FilterConfig). */
  filterContext?: Record<string, unknown>;
}

/** An ext_proc filter: `envoy.filters.http.ext_proc/<name>`, to a gRPC cluster of the same name. */
export interface IrExtProc {
  /** `envoyextensionpolicy/<ns>/<policy>/extproc/<i>`: the filter's suffix and its cluster's name. */
  name: string;
  /** `grpc_service.envoy_grpc.authority`: `<backend>.<namespace>[:<port>]`, as Envoy Gateway writes it. */
  authority: string;
  /** `processing_mode`: the header modes SEND when a direction is set, else SKIP; body modes NONE unless set. */
  request: { headers: boolean; body?: 'Streamed' | 'Buffered' | 'BufferedPartial' | 'FullDuplexStreamed'; attributes?: string[] };
  response: { headers: boolean; body?: 'Streamed' | 'Buffered' | 'BufferedPartial' | 'FullDuplexStreamed'; attributes?: string[] };
  allowModeOverride?: boolean;
  /** `message_timeout` (ms). */
  messageTimeoutMs?: number;
  /** `failure_mode_allow`. */
  failOpen?: boolean;
  /** `observability_mode`. */
  shadowMode?: boolean;
  /** `status_on_error.code`. */
  statusOnError?: number;
  /** `metadata_options.forwarding_namespaces.untyped` / `receiving_namespaces.untyped`. */
  forwardingNamespaces?: string[];
  receivingNamespaces?: string[];
  /** `grpc_service.retry_policy` from backendSettings.retry. */
  retry?: IrServiceRetry;
}

/** Where a Wasm module's code comes from. */
export type IrWasmCode =
  /** `vm_config.code.remote`: fetched by Envoy through `cluster`, checked against `sha256`. */
  | { type: 'remote'; uri: string; cluster: string; sha256: string }
  /** `vm_config.code.local.filename`: a path on Envoy's host. */
  | { type: 'local'; filename: string };

/** A Wasm filter: `envoy.filters.http.wasm/<name>`. */
export interface IrWasm {
  /** `envoyextensionpolicy/<ns>/<policy>/wasm/<i>`: the filter's suffix and `vm_config.vm_id`. */
  name: string;
  /** `config.name`: the extension's `name`, else `name` above. */
  pluginName: string;
  rootId?: string;
  /** `config.configuration` (a StringValue): the extension's config as JSON, `""` when none. */
  configuration: string;
  failOpen: boolean;
  hostKeys?: string[];
  code: IrWasmCode;
}

/** The extensions one route enables, each in its policy's order. */
export interface IrEnvoyExtensions {
  luas: IrLua[];
  extProcs: IrExtProc[];
  wasms: IrWasm[];
}
