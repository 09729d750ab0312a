import type { IrOutlierDetection } from '../ir';
import { duration } from './common';
import type { Message } from './envoy';
import { sharedBuilder } from './shared';

/** Envoy Gateway enforces what the policy asks for at 100% (Envoy's default enforcement is 0). */
const ENFORCE_ALWAYS = 100;

/** `envoy.config.cluster.v3.OutlierDetection`. */
export const buildOutlierDetection = sharedBuilder((od: IrOutlierDetection): Message => {
  return {
    ...(od.splitExternalLocalOriginErrors ? { split_external_local_origin_errors: true } : {}),
    interval: duration(od.intervalMs),
    consecutive_local_origin_failure: od.consecutiveLocalOriginFailure,
    ...(od.consecutiveGatewayFailure !== undefined
      ? { consecutive_gateway_failure: od.consecutiveGatewayFailure, enforcing_consecutive_gateway_failure: ENFORCE_ALWAYS }
      : {}),
    consecutive_5xx: od.consecutive5xx,
    base_ejection_time: duration(od.baseEjectionTimeMs),
    ...(od.maxEjectionPercent !== undefined ? { max_ejection_percent: od.maxEjectionPercent } : {}),
    ...(od.failurePercentageThreshold !== undefined
      ? { failure_percentage_threshold: od.failurePercentageThreshold, enforcing_failure_percentage: ENFORCE_ALWAYS }
      : {}),
    always_eject_one_host: od.alwaysEjectOneHost,
  };
});
