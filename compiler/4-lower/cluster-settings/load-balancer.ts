import type { LoadBalancer } from '../../api/backendtrafficpolicy';
import type { IrBackendUtilization, IrLbPolicy, IrLoadBalancer } from '../../ir';
import { parseDuration } from '../../units/duration';
import { FORCE_LOCAL_ZONE_MIN_SIZE, ZONE_AWARE_MIN_CLUSTER_SIZE } from '../defaults';

/** Envoy Gateway's load balancer when no policy sets one: least request, localities weighted. */
export const DEFAULT_LOAD_BALANCER: IrLoadBalancer = Object.freeze({ policy: 'LeastRequest', locality: Object.freeze({ type: 'weighted' }) });

const POLICY: Record<LoadBalancer['type'], IrLbPolicy> = {
  LeastRequest: 'LeastRequest',
  RoundRobin: 'RoundRobin',
  Random: 'Random',
  ConsistentHash: 'Maglev',
  BackendUtilization: 'ClientSideWeightedRoundRobin',
  // Envoy Gateway v1.9 has no translation: the cluster keeps least request (3-merge warns).
  DynamicModule: 'LeastRequest',
};

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let i = 2; i * i <= n; i++) if (n % i === 0) return false;
  return true;
}

function ms(d: string | undefined): number | undefined {
  return d === undefined ? undefined : parseDuration(d);
}

/** Envoy Gateway sets each period only when it is > 0. */
function positive(d: string | undefined): number | undefined {
  const v = ms(d);
  return v !== undefined && v > 0 ? v : undefined;
}

function backendUtilization(bu: NonNullable<LoadBalancer['backendUtilization']>): IrBackendUtilization {
  const out: IrBackendUtilization = {};
  const set = <K extends keyof IrBackendUtilization>(k: K, v: IrBackendUtilization[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('blackoutPeriodMs', positive(bu.blackoutPeriod));
  set('weightExpirationPeriodMs', positive(bu.weightExpirationPeriod));
  set('weightUpdatePeriodMs', positive(bu.weightUpdatePeriod));
  set('errorUtilizationPenalty', bu.errorUtilizationPenaltyPercent !== undefined ? bu.errorUtilizationPenaltyPercent / 100 : undefined);
  set('metricNamesForComputingUtilization', bu.metricNamesForComputingUtilization?.length ? [...bu.metricNamesForComputingUtilization] : undefined);
  if (bu.outOfBand) {
    const oob: NonNullable<IrBackendUtilization['outOfBand']> = {};
    const period = positive(bu.outOfBand.reportingPeriod);
    if (period !== undefined) oob.reportingPeriodMs = period;
    if (bu.outOfBand.port !== undefined) oob.port = bu.outOfBand.port;
    if (bu.outOfBand.authority !== undefined) oob.authority = bu.outOfBand.authority;
    out.outOfBand = oob;
  }
  return out;
}

function locality(lb: LoadBalancer, policy: IrLbPolicy): IrLoadBalancer['locality'] {
  const preferLocal = lb.zoneAware?.preferLocal;
  if (preferLocal && policy !== 'Maglev' && policy !== 'ClientSideWeightedRoundRobin') {
    return {
      type: 'zoneAware',
      zoneAware: {
        minClusterSize: preferLocal.minEndpointsThreshold ?? ZONE_AWARE_MIN_CLUSTER_SIZE,
        ...(preferLocal.percentageEnabled !== undefined ? { routingEnabledPercent: preferLocal.percentageEnabled } : {}),
        ...(preferLocal.force ? { forceLocalZoneMinSize: preferLocal.force.minEndpointsInZoneThreshold ?? FORCE_LOCAL_ZONE_MIN_SIZE } : {}),
      },
    };
  }
  // Maglev and client-side WRR weigh localities only when zones are weighted (Envoy Gateway).
  if (policy === 'Maglev' || policy === 'ClientSideWeightedRoundRobin') return lb.zoneAware?.weightedZones ? { type: 'weighted' } : { type: 'none' };
  return { type: 'weighted' };
}

/**
 * `spec.loadBalancer` → the cluster's load balancer (btp-fields.md §4.1). A ConsistentHash table
 * size that is not prime fails translation (3-merge marks the policy invalid); TCP and TLS routes
 * then keep the default load balancer, as Envoy Gateway does with a feature that failed to build.
 */
export function lowerLoadBalancer(lb: LoadBalancer | undefined): IrLoadBalancer {
  if (!lb) return DEFAULT_LOAD_BALANCER;
  const tableSize = lb.consistentHash?.tableSize;
  if (lb.type === 'ConsistentHash' && tableSize !== undefined && !isPrime(tableSize)) return DEFAULT_LOAD_BALANCER;
  const policy = POLICY[lb.type];
  const out: IrLoadBalancer = { policy, locality: locality(lb, policy) };
  if (policy === 'LeastRequest' && lb.leastRequest) out.choiceCount = lb.leastRequest.choiceCount;
  if (lb.slowStart && (policy === 'LeastRequest' || policy === 'RoundRobin' || policy === 'ClientSideWeightedRoundRobin'))
    out.slowStartWindowMs = parseDuration(lb.slowStart.window);
  if (policy === 'Maglev' && tableSize !== undefined) out.tableSize = tableSize;
  if (policy === 'ClientSideWeightedRoundRobin' && lb.backendUtilization) out.backendUtilization = backendUtilization(lb.backendUtilization);
  const headers = (lb.endpointOverride?.extractFrom ?? []).flatMap((s) => (s.header !== undefined ? [s.header] : []));
  if (lb.endpointOverride && lb.type !== 'DynamicModule') {
    // The fallback is the plain policy: no locality, slow start or table size; client-side WRR keeps its config.
    out.overrideHostHeaders = headers;
    if (policy !== 'ClientSideWeightedRoundRobin') {
      out.locality = { type: 'none' };
      delete out.slowStartWindowMs;
      delete out.tableSize;
    }
  }
  return out;
}

/** True when the policy makes Envoy Gateway build one cluster per backendRef with zone localities. */
export function zoneAware(lb: LoadBalancer | undefined): boolean {
  return !!(lb?.zoneAware?.preferLocal || lb?.zoneAware?.weightedZones);
}
