import type { AppliedPolicy } from '../3-merge/types';
import type { IrClusterSettings } from '../ir';
import {
  CLUSTER_BUFFER_LIMIT_BYTES,
  CONNECT_TIMEOUT_MS,
  DNS_LOOKUP_FAMILY,
  DNS_REFRESH_RATE_MS,
  DNS_RESPECT_TTL,
  MAX_RETRIES_THRESHOLD,
} from './defaults';

/** What a cluster's settings depend on besides the policy. */
export interface ClusterSettingsInput {
  discovery: 'static' | 'dns';
}

/** Cluster-wide settings: Envoy Gateway's defaults, overridden by the policy in force, if any. */
export function lowerClusterSettings(_applied: AppliedPolicy | undefined, input: ClusterSettingsInput): IrClusterSettings {
  return {
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    perConnectionBufferLimitBytes: CLUSTER_BUFFER_LIMIT_BYTES,
    maxRetries: MAX_RETRIES_THRESHOLD,
    ...(input.discovery === 'dns' ? { dns: { refreshRateMs: DNS_REFRESH_RATE_MS, respectDnsTtl: DNS_RESPECT_TTL, lookupFamily: DNS_LOOKUP_FAMILY } } : {}),
  };
}
