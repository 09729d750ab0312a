import type { IrWasm } from '../../ir';
import { typed } from '../common';
import type { Any, Message } from '../envoy';

/** Envoy Gateway's fetch settings for a remote module: 10 retries, back-off 1s to 30s, 10s per attempt. */
const FETCH = { timeout: '10s', numRetries: 10, baseInterval: '1s', maxInterval: '30s' };

function buildCode(w: IrWasm): Message {
  if (w.code.type === 'local') return { local: { filename: w.code.filename } };
  return {
    remote: {
      http_uri: { uri: w.code.uri, cluster: w.code.cluster, timeout: FETCH.timeout },
      sha256: w.code.sha256,
      retry_policy: { num_retries: FETCH.numRetries, retry_back_off: { base_interval: FETCH.baseInterval, max_interval: FETCH.maxInterval } },
    },
  };
}

/** `envoy.extensions.filters.http.wasm.v3.Wasm` on V8, one VM per extension (disabled on the listener, enabled per route). */
export function buildWasmFilter(w: IrWasm): Any {
  return typed('envoy.extensions.filters.http.wasm.v3.Wasm', {
    config: {
      name: w.pluginName,
      ...(w.rootId !== undefined ? { root_id: w.rootId } : {}),
      vm_config: {
        vm_id: w.name,
        runtime: 'envoy.wasm.runtime.v8',
        code: buildCode(w),
        ...(w.hostKeys ? { environment_variables: { host_env_keys: w.hostKeys } } : {}),
      },
      configuration: typed('google.protobuf.StringValue', { value: w.configuration }),
      // Envoy Gateway writes fail_open, which Envoy 1.40 deprecates for this field.
      ...(w.failOpen ? { failure_policy: 'FAIL_OPEN' } : {}),
    },
  });
}
