import type { SuppressRule } from './diagnostics/suppress';

/** Options of one compilation. The CLI fills them from flags; phases read them, never `process`. */
export interface CompileOptions {
  /** Envoy's admin listener (`--admin-address`). We chose loopback so it is never exposed by default. */
  admin: { address: string; port: number };
  /**
   * DNS name for a Service that has no EndpointSlice (`--service-dns`), with `{name}` and
   * `{namespace}` filled in. `{name}` makes docker-compose service names work as they are.
   */
  serviceDns: string;
  /** Build only this Gateway (`--gateway NS/NAME`). */
  gateway?: string;
  /** One Envoy for every Gateway, as Envoy Gateway's mergeGateways (`--merge-gateways`). */
  mergeGateways: boolean;
  /** Non-canonical spellings are errors, not warnings (`--strict`). */
  strict: boolean;
  /** Check the generated bootstrap against Envoy's schema in-process (`--no-validate` skips). */
  validate: boolean;
  /** Compile as if no BackendTrafficPolicy existed (`--no-policies`; KubeLB's disableBackendTrafficPolicy). */
  noPolicies: boolean;
  /**
   * `--suppress` rules. Only `unsupported_kind` matters to compiling: a kind envoyc does not translate
   * is accepted (left out of the Envoy written) where it is suppressed; the CLI hides the rest.
   */
  suppress: readonly SuppressRule[];
  /** The Envoy rate limit service for global rate limits (`--ratelimit-service HOST:PORT`). */
  rateLimitService?: { address: string; port: number };
}

/** We chose these defaults; see design.md. */
export const DEFAULT_OPTIONS: CompileOptions = {
  admin: { address: '127.0.0.1', port: 19000 },
  serviceDns: '{name}',
  mergeGateways: false,
  strict: false,
  validate: true,
  noPolicies: false,
  suppress: [],
};
