import type { IrCluster } from './cluster';
import type { IrRlsDomain } from './http-filters';
import type { IrValidationSecret } from './client';
import type { IrListener, IrSecret } from './listener';
import type { IrGenericSecret } from './secret';
import type { IrBootstrapOverride, IrPatchPolicy } from './patch';
import type { IrAccessLog } from './access-log';
import type { IrStats } from './stats';
import type { IrTracing } from './tracing';

export * from './origin';
export * from './route';
export * from './cluster';
export * from './listener';
export * from './http-filters';
export * from './secret';
export * from './patch';
export * from './extensions';
export * from './client';
export * from './security';
export * from './access-log';
export * from './stats';
export * from './tracing';

/** Everything one Envoy needs: one Gateway's (or, with --merge-gateways, all Gateways') config. */
export interface IrConfig {
  /** `<ns>/<name>` of the Gateway, or `merged` with --merge-gateways. */
  name: string;
  /** Output file name when writing several: `<ns>.<name>.yaml`. */
  fileStem: string;
  admin: { address: string; port: number };
  node: { id: string; cluster: string };
  listeners: IrListener[];
  /** Sorted by name. */
  clusters: IrCluster[];
  secrets: IrSecret[];
  /** The CA bundles (with CRLs) listeners validate client certificates against; absent when none. */
  validationSecrets?: IrValidationSecret[];
  /** Static generic secrets (injected credentials, SecurityPolicy OIDC client secrets and HMAC keys), sorted by name; absent when none. */
  genericSecrets?: IrGenericSecret[];
  /** The rate limit service's descriptor config, one domain per listener (and per shared policy) with global rate limits. */
  rateLimitDomains: IrRlsDomain[];
  /**
   * Access logs from the Gateway's EnvoyProxy (`telemetry.accessLog`); empty when it disables them.
   * Absent: Envoy Gateway's default, one JSON log to /dev/stdout with its fields.
   */
  accessLogs?: IrAccessLog[];
  /** Tracing on every HTTP connection manager, from the Gateway's EnvoyProxy (`telemetry.tracing`); absent: none. */
  tracing?: IrTracing;
  /** Stats settings from the Gateway's EnvoyProxy (`telemetry.metrics`); absent: Envoy's defaults. */
  stats?: IrStats;
  /** Envoy command-line flags the Gateway's EnvoyProxy asks for (`logging`, `concurrency`, `shutdown`, `extraArgs`); absent: none. */
  envoyFlags?: string[];
  /** The EnvoyProxy's `bootstrap` Merge or JSONPatch, applied to the finished bootstrap (absent: none). */
  bootstrap?: IrBootstrapOverride;
  /** EnvoyPatchPolicy patches, applied to the finished bootstrap (absent: none). */
  patchPolicies?: IrPatchPolicy[];
}

/** What every listener and connection manager of one Envoy carries: its access logs and tracing. */
export type IrTelemetry = Pick<IrConfig, 'accessLogs' | 'tracing'>;

/** The IR: one config per Envoy to write. Plain JSON data. */
export interface Ir {
  configs: IrConfig[];
}
