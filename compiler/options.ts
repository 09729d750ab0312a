import { policyOptions, type PolicyFlags } from './policy-flags';
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
  /**
   * Compile as if these policies were absent (KubeLB's disableBackendTrafficPolicy, grown with the
   * family): `true` for every policy kind (`--no-policies`), or the kinds listed (`--no-policies KIND,…`).
   */
  noPolicies: boolean | readonly string[];
  /** Compile as if the policies of these namespaces were absent (`--no-policies-in NS,…`): a platform team's untrusted tenants. */
  noPoliciesIn: readonly string[];
  /** The Envoy rate limit service for global rate limits (`--ratelimit-service HOST:PORT`). */
  rateLimitService?: { address: string; port: number };
  /** The address every Envoy listener binds (`--listener-address`); unset: Envoy Gateway's (4-lower/defaults.ts). */
  listenerAddress?: string;
}

/** We chose these defaults; see design.md. */
export const DEFAULT_OPTIONS: CompileOptions = {
  admin: { address: '127.0.0.1', port: 19000 },
  serviceDns: '{name}',
  mergeGateways: false,
  strict: false,
  validate: true,
  noPolicies: false,
  noPoliciesIn: [],
};

/** The command-line flags that set CompileOptions (`compile` and `watch` share them). */
export interface CompileOptionFlags extends PolicyFlags {
  adminAddress: { address: string; port: number };
  serviceDns: string;
  gateway?: string;
  mergeGateways: boolean;
  strict: boolean;
  validate: boolean;
  ratelimitService?: { address: string; port: number };
  listenerAddress?: string;
}

/** CompileOptions from the flags, the defaults underneath. */
export function compileOptionsFromFlags(flags: CompileOptionFlags): CompileOptions {
  return {
    ...DEFAULT_OPTIONS,
    admin: flags.adminAddress,
    serviceDns: flags.serviceDns,
    ...(flags.gateway !== undefined ? { gateway: flags.gateway } : {}),
    mergeGateways: flags.mergeGateways,
    strict: flags.strict,
    validate: flags.validate,
    ...policyOptions(flags),
    ...(flags.ratelimitService ? { rateLimitService: flags.ratelimitService } : {}),
    ...(flags.listenerAddress !== undefined ? { listenerAddress: flags.listenerAddress } : {}),
  };
}
