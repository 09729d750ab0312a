/** Options of one compilation. The CLI fills them from flags; phases read them, never `process`. */
export interface CompileOptions {
  /** Envoy's admin listener (`--admin-address`). We chose loopback so it is never exposed by default. */
  admin: { address: string; port: number };
  /**
   * DNS name for a Service that has no EndpointSlice (`--service-dns`), with `{name}` and
   * `{namespace}` filled in. Given, it also resolves Services missing from the inputs; unset,
   * `DEFAULT_SERVICE_DNS` applies, and to missing Services only when the inputs hold none at all.
   */
  serviceDns?: string;
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
  /** The Envoy rate limit service for global rate limits (`--ratelimit-service HOST:PORT`). */
  rateLimitService?: { address: string; port: number };
}

/** `{name}` makes docker-compose service names work as they are (we chose it; see design.md). */
export const DEFAULT_SERVICE_DNS = '{name}';

/** We chose these defaults; see design.md. */
export const DEFAULT_OPTIONS: CompileOptions = {
  admin: { address: '127.0.0.1', port: 19000 },
  mergeGateways: false,
  strict: false,
  validate: true,
  noPolicies: false,
};
