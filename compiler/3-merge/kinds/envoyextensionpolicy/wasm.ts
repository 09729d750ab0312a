// Where Envoy gets a Wasm module. Envoy Gateway downloads an HTTP module (or pulls an image) into
// its own cache and serves it to Envoy; a static bootstrap has no such server, so envoyc points
// Envoy at the module itself: an http:// or https:// URL becomes Envoy's remote data source through
// a cluster to that host (TLS to the system's CAs for https; checked against `sha256`, which is then
// required: envoyc cannot download the module offline to compute it), and a path (no scheme, or
// file://) a local file on Envoy's host.
import type { EnvoyExtensionPolicySpecWasm } from '../../../api/generated/envoyextensionpolicy';
import type { IrWasm } from '../../../ir';

/** A cluster Envoy fetches modules through: `<host with . as _>_<port>`, as Envoy Gateway names URL clusters; over TLS for https. */
export interface WasmFetch {
  cluster: string;
  host: string;
  port: number;
  tls: boolean;
}

/** An image module: it needs Envoy Gateway's cache to become a file Envoy can fetch. */
export function wasmUnavailable(w: EnvoyExtensionPolicySpecWasm): 'image' | undefined {
  return w.code.type === 'Image' ? 'image' : undefined;
}

/** The module's code source, or why envoyc cannot write one. */
export function wasmCode(w: EnvoyExtensionPolicySpecWasm, name: string): { ir: IrWasm; fetch?: WasmFetch } | { error: string } {
  const base = {
    name,
    pluginName: w.name ?? name,
    ...(w.rootID !== undefined ? { rootId: w.rootID } : {}),
    configuration: w.config !== undefined ? JSON.stringify(w.config) : '',
    failOpen: w.failOpen,
    ...(w.env?.hostKeys?.length ? { hostKeys: w.env.hostKeys } : {}),
  };
  const url = w.code.http!.url;
  if (url.startsWith('/') || url.startsWith('file:///')) return { ir: { ...base, code: { type: 'local', filename: url.replace(/^file:\/\//, '') } } };
  const m = /^(https?):\/\/([^/:?#]+)(?::(\d+))?([/?#].*)?$/.exec(url);
  if (!m) return { error: `wasm ${name}: url ${url} is neither an http:// or https:// URL nor an absolute path on Envoy's host` };
  const sha256 = w.code.http!.sha256;
  if (!sha256) return { error: `wasm ${name}: sha256 is required for a module Envoy downloads itself (envoyc cannot download ${url} offline to compute it)` };
  const tls = m[1] === 'https';
  const host = m[2]!;
  const port = m[3] ? Number(m[3]) : tls ? 443 : 80;
  const cluster = `${host.replaceAll('.', '_')}_${port}`;
  return { ir: { ...base, code: { type: 'remote', uri: url, cluster, sha256 } }, fetch: { cluster, host, port, tls } };
}
