// The Envoy command-line flags an EnvoyProxy asks for (a bootstrap cannot carry them), as Envoy
// Gateway passes them to its Envoy (BuildProxyArgs), less the flags of its own deployment
// (service cluster and node, the bootstrap given inline).
import type { GatewayNode } from '../2-resolve/types';
import { hasNode } from '../source';
import { parseDuration } from '../units/duration';

/** Envoy Gateway's defaults: warn, `misc:error`, and 60 s to drain. */
const DEFAULT_LOG_LEVEL = 'warn';
const DEFAULT_COMPONENT_LOG_LEVEL = 'misc:error';
const DEFAULT_DRAIN_TIMEOUT_MS = 60_000;

/** The settings that become flags; without any of them written, no flags are asked for. */
const FLAG_FIELDS = ['logging', 'concurrency', 'shutdown', 'extraArgs'];

/** Envoy Gateway's flags for the Gateway's EnvoyProxy, or undefined when it sets none of the settings that are flags. */
export function lowerEnvoyFlags(gateway: GatewayNode): string[] | undefined {
  const proxy = gateway.envoyProxy?.proxy;
  if (!proxy || !FLAG_FIELDS.some((f) => hasNode(proxy.src, ['spec', f]))) return undefined;
  const spec = proxy.value.spec;
  const levels = spec.logging.level;
  const components = Object.entries(levels)
    .filter(([c, l]) => c !== 'default' && l)
    .map(([c, l]) => `${c}:${l}`)
    .sort();
  const drainMs = spec.shutdown?.drainTimeout !== undefined ? parseDuration(spec.shutdown.drainTimeout) : DEFAULT_DRAIN_TIMEOUT_MS;
  return [
    '--log-level',
    levels.default ?? DEFAULT_LOG_LEVEL,
    '--cpuset-threads',
    '--drain-strategy',
    'immediate',
    ...(spec.concurrency !== undefined ? ['--concurrency', String(spec.concurrency)] : []),
    '--component-log-level',
    components.length ? components.join(',') : DEFAULT_COMPONENT_LOG_LEVEL,
    '--drain-time-s',
    String(Math.round(drainMs / 1000)),
    ...(spec.extraArgs ?? []),
  ];
}
