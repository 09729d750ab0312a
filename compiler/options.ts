import type { Diagnostic } from './diagnostics/diagnostic';
import * as d from './diagnostics/codes';

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
  /** The Envoy rate limit service for global rate limits (`--ratelimit-service HOST:PORT`). */
  rateLimitService?: { address: string; port: number };
  /**
   * Certificates and keys as files instead of inline (`--secrets-dir`): the directory that holds
   * them as Envoy sees it (`--secrets-mount`, e.g. a container's mount point). Absent: inline.
   */
  secretFiles?: { envoyDir: string };
}

/** We chose these defaults; see design.md. */
export const DEFAULT_OPTIONS: CompileOptions = {
  admin: { address: '127.0.0.1', port: 19000 },
  serviceDns: '{name}',
  mergeGateways: false,
  strict: false,
  validate: true,
  noPolicies: false,
};

/** True for 127.0.0.0/8, ::1 (and its IPv4-mapped form) and localhost. */
export function isLoopback(address: string): boolean {
  const a = address.toLowerCase();
  return a === 'localhost' || a === '::1' || /^(?:::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a) || /^0*:(?:0*:){0,6}0*1$/.test(a);
}

/** Options that are legal but risky, as warnings (an admin API off loopback). */
export function optionWarnings(opts: CompileOptions): Diagnostic[] {
  const { address, port } = opts.admin;
  if (isLoopback(address)) return [];
  const everywhere = address === '0.0.0.0' || address === '::' || /^[0:]+$/.test(address);
  const who = everywhere ? `anyone who can reach this host (or its container) on port ${port}` : `anyone who can reach ${address} on port ${port}`;
  return [d.adminAddressExposed(address, port, who)];
}
