import type { IrBackendUtilization, IrLoadBalancer } from '../ir';
import { duration, typed } from './common';
import type { Message, TypedExtension } from './envoy';
import { sharedBuilder } from './shared';

const LB = 'envoy.extensions.load_balancing_policies';

/** `LocalityLbConfig` of least request, round robin and random. */
function buildLocalityLbConfig(l: IrLoadBalancer['locality']): Message | undefined {
  if (l.type === 'weighted') return { locality_weighted_lb_config: {} };
  if (l.type === 'none') return undefined;
  const z = l.zoneAware;
  return {
    zone_aware_lb_config: {
      min_cluster_size: z.minClusterSize,
      ...(z.routingEnabledPercent !== undefined ? { routing_enabled: { value: z.routingEnabledPercent } } : {}),
      ...(z.forceLocalZoneMinSize !== undefined ? { force_local_zone: { min_size: z.forceLocalZoneMinSize } } : {}),
    },
  };
}

/** `envoy.extensions.load_balancing_policies.client_side_weighted_round_robin.v3.ClientSideWeightedRoundRobin`. */
export function buildClientSideWeightedRoundRobin(bu: IrBackendUtilization | undefined, slowStartWindowMs: number | undefined): Message {
  const oob = bu?.outOfBand;
  const oobConfig = { ...(oob?.port !== undefined ? { port_value: oob.port } : {}), ...(oob?.authority !== undefined ? { authority: oob.authority } : {}) };
  return {
    ...(oob ? { enable_oob_load_report: true } : {}),
    ...(oob?.reportingPeriodMs !== undefined ? { oob_reporting_period: duration(oob.reportingPeriodMs) } : {}),
    ...(Object.keys(oobConfig).length ? { oob_reporting_config: oobConfig } : {}),
    ...(bu?.blackoutPeriodMs !== undefined ? { blackout_period: duration(bu.blackoutPeriodMs) } : {}),
    ...(bu?.weightExpirationPeriodMs !== undefined ? { weight_expiration_period: duration(bu.weightExpirationPeriodMs) } : {}),
    ...(bu?.weightUpdatePeriodMs !== undefined ? { weight_update_period: duration(bu.weightUpdatePeriodMs) } : {}),
    ...(bu?.errorUtilizationPenalty !== undefined ? { error_utilization_penalty: bu.errorUtilizationPenalty } : {}),
    ...(bu?.metricNamesForComputingUtilization ? { metric_names_for_computing_utilization: bu.metricNamesForComputingUtilization } : {}),
    ...(slowStartWindowMs !== undefined ? { slow_start_config: { slow_start_window: duration(slowStartWindowMs) } } : {}),
  };
}

/** The configured policy itself, as a `TypedExtensionConfig`. */
export function buildLbPolicyExtension(lb: IrLoadBalancer): TypedExtension {
  const locality = buildLocalityLbConfig(lb.locality);
  const slowStart = lb.slowStartWindowMs !== undefined ? { slow_start_config: { slow_start_window: duration(lb.slowStartWindowMs) } } : {};
  const withLocality = locality ? { locality_lb_config: locality } : {};
  switch (lb.policy) {
    case 'LeastRequest':
      return ext('least_request', 'least_request.v3.LeastRequest', {
        ...(lb.choiceCount !== undefined ? { choice_count: lb.choiceCount } : {}),
        ...slowStart,
        ...withLocality,
      });
    case 'RoundRobin':
      return ext('round_robin', 'round_robin.v3.RoundRobin', { ...slowStart, ...withLocality });
    case 'Random':
      return ext('random', 'random.v3.Random', withLocality);
    case 'Maglev':
      return ext('maglev', 'maglev.v3.Maglev', {
        ...(lb.tableSize !== undefined ? { table_size: lb.tableSize } : {}),
        ...(lb.locality.type === 'weighted' ? { locality_weighted_lb_config: {} } : {}),
      });
    case 'ClientSideWeightedRoundRobin': {
      const cswrr = ext(
        'client_side_weighted_round_robin',
        'client_side_weighted_round_robin.v3.ClientSideWeightedRoundRobin',
        buildClientSideWeightedRoundRobin(lb.backendUtilization, lb.slowStartWindowMs),
      );
      // Client-side WRR has no locality config: weighted zones wrap it in wrr_locality (Envoy Gateway).
      if (lb.locality.type !== 'weighted') return cswrr;
      return ext('wrr_locality', 'wrr_locality.v3.WrrLocality', { endpoint_picking_policy: { policies: [{ typed_extension_config: cswrr }] } });
    }
  }
}

function ext(name: string, type: string, fields: Message): TypedExtension {
  return { name: `envoy.load_balancing_policies.${name}`, typed_config: typed(`${LB}.${type}`, fields) };
}

/** `Cluster.load_balancing_policy`; with endpoint override the policy becomes `override_host`'s fallback. */
export const buildLoadBalancingPolicy = sharedBuilder((lb: IrLoadBalancer): Message => {
  const policy = buildLbPolicyExtension(lb);
  if (!lb.overrideHostHeaders) return { policies: [{ typed_extension_config: policy }] };
  const override = ext('override_host', 'override_host.v3.OverrideHost', {
    override_host_sources: lb.overrideHostHeaders.map((header) => ({ header })),
    fallback_policy: { policies: [{ typed_extension_config: policy }] },
  });
  return { policies: [{ typed_extension_config: override }] };
});
