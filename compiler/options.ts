import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Diagnostic } from './diagnostics/diagnostic';
import * as d from './diagnostics/codes';
import { parseSuppress, type SuppressRule } from './diagnostics/suppress';
import { policyOptions, type PolicyFlags } from './policy-flags';

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
  /**
   * Compile as if these policies were absent (KubeLB's disableBackendTrafficPolicy, grown with the
   * family): `true` for every policy kind (`--no-policies`), or the kinds listed (`--no-policies KIND,…`).
   */
  noPolicies: boolean | readonly string[];
  /** Compile as if the policies of these namespaces were absent (`--no-policies-in NS,…`): a platform team's untrusted tenants. */
  noPoliciesIn: readonly string[];
  /**
   * `--suppress` rules. Only `unsupported_kind` matters to compiling: a kind envoyc does not translate
   * is accepted (left out of the Envoy written) where it is suppressed; the CLI hides the rest.
   */
  suppress: readonly SuppressRule[];
  /** The Envoy rate limit service for global rate limits (`--ratelimit-service HOST:PORT`). */
  rateLimitService?: { address: string; port: number };
  /** The address every Envoy listener binds (`--listener-address`); unset: Envoy Gateway's (4-lower/defaults.ts). */
  listenerAddress?: string;
  /**
   * Certificates and keys as files instead of inline (`--secrets-dir`): the directory that holds
   * them as Envoy sees it (`--secrets-mount`, e.g. a container's mount point). Absent: inline.
   */
  secretFiles?: { envoyDir: string };
  /**
   * The system trust store Envoy reads for `wellKnownCACertificates: System` (`--system-ca-bundle`):
   * a PEM bundle on Envoy's host. `available` is false when the flag was not given and the default
   * path is absent where envoyc runs; a policy or Backend that trusts the system store is then an error.
   */
  systemCaBundle: { path: string; available: boolean };
}

/** Debian's (and Ubuntu's, Envoy's images') bundle of the system's trusted CAs; we chose it as the default. */
export const DEFAULT_SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

/** `{name}` makes docker-compose service names work as they are (we chose it; see design.md). */
export const DEFAULT_SERVICE_DNS = '{name}';

/** We chose these defaults; see design.md. */
export const DEFAULT_OPTIONS: CompileOptions = {
  admin: { address: '127.0.0.1', port: 19000 },
  mergeGateways: false,
  strict: false,
  validate: true,
  noPolicies: false,
  noPoliciesIn: [],
  suppress: [],
  systemCaBundle: { path: DEFAULT_SYSTEM_CA_BUNDLE, available: true },
};

/** The command-line flags that set CompileOptions (`compile` and `watch` share them). */
export interface CompileOptionFlags extends PolicyFlags {
  adminAddress: { address: string; port: number };
  serviceDns?: string;
  gateway?: string;
  mergeGateways: boolean;
  strict: boolean;
  validate: boolean;
  ratelimitService?: { address: string; port: number };
  listenerAddress?: string;
  secretsDir?: string;
  secretsMount?: string;
  /** `--system-ca-bundle PATH`: where Envoy finds the system's CA bundle (not checked: it is a path on Envoy's host). */
  systemCaBundle?: string;
  /** `--suppress CODE[=RESOURCE]`, as given (see CompileOptions.suppress). */
  suppress: string[];
}

/** A flag value that cannot be used; the CLI reports it as a usage error. */
export class OptionError extends Error {}

/**
 * Where Envoy finds `--secrets-dir`: `--secrets-mount` (e.g. a container's mount point), else the
 * directory itself, which must then be absolute: Envoy resolves a relative `filename` against its
 * own working directory, which envoyc cannot know.
 */
function secretFilesOption(flags: CompileOptionFlags): CompileOptions['secretFiles'] {
  if (flags.secretsMount !== undefined && flags.secretsDir === undefined) throw new OptionError('--secrets-mount needs --secrets-dir');
  if (flags.secretsDir === undefined) return undefined;
  if (flags.secretsMount !== undefined && !isAbsolute(flags.secretsMount))
    throw new OptionError(`--secrets-mount ${flags.secretsMount} must be absolute: it is the path Envoy opens`);
  if (flags.secretsMount === undefined && !isAbsolute(flags.secretsDir))
    throw new OptionError(
      `--secrets-dir ${flags.secretsDir} is relative: say where Envoy finds it with --secrets-mount (e.g. /etc/envoy/secrets in a container), or give an absolute --secrets-dir`,
    );
  return { envoyDir: flags.secretsMount ?? resolve(flags.secretsDir) };
}

/** CompileOptions from the flags, the defaults underneath; a flag that cannot be used throws OptionError. */
export function compileOptionsFromFlags(flags: CompileOptionFlags): CompileOptions {
  const secretFiles = secretFilesOption(flags);
  return {
    ...DEFAULT_OPTIONS,
    admin: flags.adminAddress,
    ...(flags.serviceDns !== undefined ? { serviceDns: flags.serviceDns } : {}),
    ...(flags.gateway !== undefined ? { gateway: flags.gateway } : {}),
    mergeGateways: flags.mergeGateways,
    strict: flags.strict,
    validate: flags.validate,
    ...policyOptions(flags),
    ...(flags.ratelimitService ? { rateLimitService: flags.ratelimitService } : {}),
    ...(flags.listenerAddress !== undefined ? { listenerAddress: flags.listenerAddress } : {}),
    ...(secretFiles ? { secretFiles } : {}),
    suppress: flags.suppress.map(parseSuppress),
    systemCaBundle:
      flags.systemCaBundle !== undefined
        ? { path: flags.systemCaBundle, available: true }
        : { path: DEFAULT_SYSTEM_CA_BUNDLE, available: existsSync(DEFAULT_SYSTEM_CA_BUNDLE) },
  };
}

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
