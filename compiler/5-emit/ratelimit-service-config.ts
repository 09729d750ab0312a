import type { IrRlsDescriptor, IrRlsDomain } from '../ir';
import type { Message } from './envoy';

function buildDescriptor(d: IrRlsDescriptor): Message {
  return {
    key: d.key,
    ...(d.value !== undefined ? { value: d.value } : {}),
    ...(d.rateLimit ? { rate_limit: { unit: d.rateLimit.unit.toLowerCase(), requests_per_unit: d.rateLimit.requestsPerUnit } } : {}),
    ...(d.shadowMode ? { shadow_mode: true } : {}),
    ...(d.descriptors?.length ? { descriptors: d.descriptors.map(buildDescriptor) } : {}),
  };
}

/**
 * One domain of the rate limit service's configuration, in envoyproxy/ratelimit's YAML format
 * (https://github.com/envoyproxy/ratelimit#the-configuration-format); Envoy Gateway pushes the same
 * descriptors to its ratelimit deployment over xDS.
 */
export function buildRateLimitServiceConfig(d: IrRlsDomain): Message {
  return { domain: d.domain, descriptors: d.descriptors.map(buildDescriptor) };
}
