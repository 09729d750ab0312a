/**
 * A small proxy-wasm module (ABI 0.2.1), written in WebAssembly text and assembled with wabt (no
 * Rust wasm32 target is installed here, and none can be fetched): on every response it adds the
 * header `x-wasm: <the plugin configuration>`, so a test sees both the module run and its config.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from './scratch';
import { parse } from 'yaml';

const WAT = `
(module
  (import "env" "proxy_get_buffer_bytes" (func $get_buffer (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_add_header_map_value" (func $add_header (param i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (global $heap (mut i32) (i32.const 4096))
  (global $config_ptr (mut i32) (i32.const 0))
  (global $config_len (mut i32) (i32.const 0))
  (data (i32.const 16) "x-wasm")
  (func (export "proxy_abi_version_0_2_1"))
  ;; a bump allocator: the host asks for memory to pass data in
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (i32.add (local.get $size) (i32.const 8))))
    (local.get $p))
  (func (export "proxy_on_context_create") (param i32 i32))
  (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
  ;; keep the plugin configuration (buffer type 7): the host writes its pointer and length at 32 and 36
  (func (export "proxy_on_configure") (param $ctx i32) (param $size i32) (result i32)
    (if (i32.gt_u (local.get $size) (i32.const 0))
      (then
        (drop (call $get_buffer (i32.const 7) (i32.const 0) (local.get $size) (i32.const 32) (i32.const 36)))
        (global.set $config_ptr (i32.load (i32.const 32)))
        (global.set $config_len (i32.load (i32.const 36)))))
    (i32.const 1))
  (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32) (i32.const 0))
  ;; response headers are header map type 2
  (func (export "proxy_on_response_headers") (param i32 i32 i32) (result i32)
    (drop (call $add_header (i32.const 2) (i32.const 16) (i32.const 6) (global.get $config_ptr) (global.get $config_len)))
    (i32.const 0))
  (func (export "proxy_on_done") (param i32) (result i32) (i32.const 1))
  (func (export "proxy_on_log") (param i32))
  (func (export "proxy_on_delete") (param i32)))
`;

let cached: Uint8Array | undefined;

/** The module's bytes (assembled once per process). */
export async function headerWasm(): Promise<Uint8Array> {
  if (cached) return cached;
  const wabt = await (await import('wabt')).default();
  const mod = wabt.parseWat('header.wat', WAT);
  cached = new Uint8Array(mod.toBinary({}).buffer);
  mod.destroy();
  return cached;
}

/** Writes the module to a fresh temporary file and returns its path. */
export async function writeHeaderWasm(): Promise<string> {
  const path = join(scratchDir('envoyc-wasm-'), 'header.wasm');
  writeFileSync(path, await headerWasm());
  return path;
}

/** Every `vm_config.code.local` in a config. */
function localWasmCode(node: unknown, out: { filename: string }[] = []): { filename: string }[] {
  if (typeof node !== 'object' || node === null) return out;
  const local = (node as any).vm_config?.code?.local;
  if (local?.filename) out.push(local);
  for (const v of Object.values(node)) localWasmCode(v, out);
  return out;
}

/**
 * A bootstrap (YAML or JSON text) whose Wasm modules from paths on Envoy's host do not exist here,
 * with `module` in their place (Envoy compiles a module when it validates a config), as JSON; other
 * texts unchanged. For validating golden bootstraps of EnvoyExtensionPolicies.
 */
export function withLocalWasm(text: string, module: string): string {
  if (!text.includes('envoy.wasm.runtime')) return text;
  let config: unknown;
  try {
    config = parse(text);
  } catch {
    return text;
  }
  const missing = localWasmCode(config).filter((l) => !existsSync(l.filename));
  for (const l of missing) l.filename = module;
  return missing.length ? JSON.stringify(config) : text;
}
