// What envoyc does with each EnvoyProxy setting: translates it into the bootstrap, ignores it with a
// note (it shapes Kubernetes objects, not the Envoy config), or refuses it (Envoy Gateway translates
// it and envoyc does not yet: the Envoy written would lack it). One table; README says the same.
import type { Loaded } from '../1-load/types';
import type { EnvoyProxy } from '../api/envoyproxy';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { hasNode, spanAt } from '../source';

/** `translated`; `ignored`: read and ignored with a note saying why; `notYet`: an error saying why. */
export type ProxyFieldHandling = 'translated' | { ignored: string } | { notYet: string };

const NOT_YET = (why: string): ProxyFieldHandling => ({ notYet: why });
const KUBERNETES: ProxyFieldHandling = { ignored: 'it shapes Kubernetes objects, not the Envoy config' };

/** `spec` paths (dotted), each covering what lies under it. A written field under none of them is a bug in this table. */
export const PROXY_FIELDS: Readonly<Record<string, ProxyFieldHandling>> = {
  'telemetry.accessLog': 'translated',
  'telemetry.metrics.enableVirtualHostStats': 'translated',
  'telemetry.metrics.enablePerEndpointStats': 'translated',
  'telemetry.metrics.enableRequestResponseSizesStats': 'translated',
  'telemetry.metrics.matches': 'translated',
  'telemetry.metrics.sinks': 'translated',
  'telemetry.metrics.prometheus.disable': {
    ignored:
      "Envoy Gateway turns off its stats listener; a static bootstrap has none, and the admin address serves /stats/prometheus (keep it on loopback, envoyc's default)",
  },
  'telemetry.metrics.prometheus.compression': {
    ignored:
      "Envoy Gateway compresses on its stats listener; a static bootstrap has none, and Envoy's admin address, which serves /stats/prometheus here, does not compress",
  },
  'telemetry.metrics.enableGRPCStats': 'translated',
  'telemetry.metrics.clusterStatName': 'translated',
  'telemetry.tracing': 'translated',
  'telemetry.healthCheckLog': 'translated',
  'telemetry.requestID': 'translated',
  // Merge and JSONPatch; Replace is refused where it is lowered.
  bootstrap: 'translated',
  // Envoy command-line flags: written beside the bootstrap and printed (4-lower/envoy-flags.ts).
  'shutdown.drainTimeout': 'translated',
  'shutdown.minDrainDuration': { ignored: "Envoy Gateway's shutdown manager (a Kubernetes preStop hook) waits this long; Envoy itself has no such setting" },
  'shutdown.healthCheckFailureDelay': {
    ignored: "Envoy Gateway's shutdown manager (a Kubernetes preStop hook) waits this long; Envoy itself has no such setting",
  },
  concurrency: 'translated',
  logging: 'translated',
  extraArgs: 'translated',
  ipFamily: 'translated',
  filterOrder: 'translated',
  // A GatewayClass's merges its Gateways (envoy-proxy.ts); a Gateway's own is a note there.
  mergeGateways: 'translated',
  // Shared backend clusters (4-lower/merge-backends.ts); with merged Gateways the Gateway is not accepted (envoy-proxy.ts).
  mergeBackends: 'translated',
  routingType: 'translated',
  preserveRouteOrder: 'translated',
  luaValidation: 'translated',
  // Client settings of every upstream TLS connection, unless the Gateway has `spec.tls.backend` (4-lower/backend-tls.ts).
  backendTLS: 'translated',
  'backendTLS.fingerprints': { ignored: 'Envoy Gateway v1.9 computes fingerprints of downstream clients only' },
  dynamicModules: NOT_YET('dynamic modules are shared libraries on Envoy’s host that envoyc does not register'),
  // The geoip filter of listeners whose SecurityPolicy authorizes by client location (4-lower/geoip.ts).
  geoIP: 'translated',
  // How a Gateway's EnvoyProxy combines with its GatewayClass's: read where they are attached.
  mergeType: 'translated',
  'provider.type': KUBERNETES,
  'provider.host': KUBERNETES,
  'provider.kubernetes': KUBERNETES,
};

/** The table's entry for a path: the longest dotted prefix it lists. */
function handlingOf(path: string): [string, ProxyFieldHandling] | undefined {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const key = parts.slice(0, n).join('.');
    const h = PROXY_FIELDS[key];
    if (h) return [key, h];
  }
  return undefined;
}

/** Settings reported one child at a time (each Kubernetes object its own note). */
const SPLIT = new Set(['', 'backendTLS', 'shutdown', 'telemetry', 'telemetry.metrics', 'telemetry.metrics.prometheus', 'provider', 'provider.kubernetes']);

/** The written fields of `value` under `path`, split as SPLIT says (CRD defaults are not written). */
function writtenFields(proxy: Loaded<EnvoyProxy>, value: unknown, path: string[]): string[] {
  if (path.length && !hasNode(proxy.src, ['spec', ...path])) return [];
  if (!SPLIT.has(path.join('.')) || value === null || typeof value !== 'object') return [path.join('.')];
  return Object.entries(value).flatMap(([k, v]) => writtenFields(proxy, v, [...path, k]));
}

/** Notes for the Kubernetes-only settings, errors for those not translated yet. */
export function reportProxyFields(proxy: Loaded<EnvoyProxy>, diags: Diagnostics): void {
  const name = `${proxy.value.metadata.namespace}/${proxy.value.metadata.name}`;
  for (const field of writtenFields(proxy, proxy.value.spec, [])) {
    const at = spanAt(proxy.src, ['spec', ...field.split('.')], { key: true });
    const h = handlingOf(field);
    if (!h) throw new Error(`invariant: EnvoyProxy field ${field} is missing from PROXY_FIELDS`);
    if (h[1] === 'translated') continue;
    if ('ignored' in h[1]) diags.add(d.envoyProxyFieldIgnored(at, name, field, h[1].ignored));
    else diags.add(d.policyFieldUnsupported(at, `EnvoyProxy ${name}`, field, h[1].notYet));
  }
}
