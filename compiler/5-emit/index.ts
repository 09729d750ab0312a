import type { Ir } from '../ir';
import { buildBootstrap } from './bootstrap';
import type { EmittedBootstrap, Message } from './envoy';
import { buildRateLimitServiceConfig } from './ratelimit-service-config';

export type { Bootstrap, EmittedBootstrap } from './envoy';

/** Phase 5: IR → one Envoy bootstrap per config. Pure: user errors were caught in phases 1–4. */
export function emit(ir: Ir): EmittedBootstrap[] {
  return ir.configs.map((c) => ({ name: c.name, fileStem: c.fileStem, bootstrap: buildBootstrap(c), ...(c.envoyFlags ? { envoyFlags: c.envoyFlags } : {}) }));
}

/** The rate limit service's config (envoyproxy/ratelimit format), one document per domain. */
export function emitRateLimitConfigs(ir: Ir): Message[] {
  return ir.configs.flatMap((c) => c.rateLimitDomains.map(buildRateLimitServiceConfig));
}
