// Which EnvoyProxy shapes each Gateway's Envoy, attached as Envoy Gateway v1.9 attaches it: the
// GatewayClass's `spec.parametersRef`, and the Gateway's own `spec.infrastructure.parametersRef`,
// which wins (its mergeType: unset or Replace takes it whole, StrategicMerge / JSONMerge merge it
// over the class's). A reference Envoy Gateway refuses makes the class or
// the Gateway not accepted (`InvalidParameters`), and is an error here: nothing is written.
import type { Loaded, Resources } from '../1-load/types';
import type { EnvoyProxy } from '../api/envoyproxy';
import type { GatewayClass } from '../api/gateway';
import { ENVOY_GATEWAY_GROUP } from '../api/meta';
import * as d from '../diagnostics/codes';
import type { Diagnostics } from '../diagnostics';
import { spanAt } from '../source';
import { resolveAccessLog, type TelemetryProblem } from './access-log';
import { resolveMetrics } from './metrics';
import { resolveTracing } from './tracing';
import { reportProxyFields } from './envoy-proxy-fields';
import type { ServiceDns } from './ext-service';
import type { Lookup } from './lookup';
import type { Condition, GatewayNode } from './types';
import { readClientTls } from './upstream-tls';
import { mergePatch } from '../units/merge-patch';

/** Envoy Gateway's GatewayClass condition for a class whose parametersRef works, and its word for one that does not. */
const CLASS_ACCEPTED: Condition = { type: 'Accepted', status: 'True', reason: 'Accepted', message: 'Valid GatewayClass' };
const INVALID_PARAMS = 'Invalid parametersRef';

/** A GatewayClass with a parametersRef, its Accepted condition and the EnvoyProxy it names (when found). */
export interface ClassParameters {
  loaded: Loaded<GatewayClass>;
  proxy?: Loaded<EnvoyProxy>;
  accepted: Condition;
}

const nameOf = (p: { value: { metadata: { namespace: string; name: string } } }) => `${p.value.metadata.namespace}/${p.value.metadata.name}`;

function refsEnvoyProxy(ref: { group: string; kind: string }): boolean {
  return ref.group === ENVOY_GATEWAY_GROUP && ref.kind === 'EnvoyProxy';
}

/** Envoy Gateway's provider words a missing object as the API server does. */
const notFound = (name: string) => `envoyproxies.${ENVOY_GATEWAY_GROUP} "${name}" not found`;

/** EnvoyProxies by `<ns>/<name>`, and the keys of those dropped for schema errors (already reported: not called missing). */
interface Proxies {
  byName: Map<string, Loaded<EnvoyProxy>>;
  rejected: Set<string>;
}

function resolveClass(cls: Loaded<GatewayClass>, proxies: Proxies, diags: Diagnostics): ClassParameters | undefined {
  const ref = cls.value.spec.parametersRef;
  if (!ref) return undefined;
  const name = cls.value.metadata.name;
  const ns = ref.namespace ?? 'default';
  const fail = (message: string): ClassParameters => {
    if (!proxies.rejected.has(`EnvoyProxy/${ns}/${ref.name}`))
      diags.add(d.parametersRefInvalid(spanAt(cls.src, ['spec', 'parametersRef']), `GatewayClass ${name}`, message));
    return { loaded: cls, accepted: { type: 'Accepted', status: 'False', reason: 'InvalidParameters', message: `${INVALID_PARAMS}: ${message}` } };
  };
  if (!refsEnvoyProxy(ref)) return fail(`unsupported parametersRef(invalid group or kind) for gatewayclass ${name}`);
  const proxy = proxies.byName.get(`${ns}/${ref.name}`);
  if (!proxy) return fail(`failed to find envoyproxy ${ns}/${ref.name} for GatewayClass ${name}: ${notFound(ref.name)}`);
  return { loaded: cls, proxy, accepted: CLASS_ACCEPTED };
}

/** The Gateway's own EnvoyProxy, or undefined (with the error reported) when its reference fails. */
function gatewayProxy(g: GatewayNode, proxies: Proxies, classMerges: boolean, diags: Diagnostics): Loaded<EnvoyProxy> | 'none' | undefined {
  const ref = g.loaded.value.spec.infrastructure?.parametersRef;
  if (!ref) return 'none';
  const { namespace, name } = g.loaded.value.metadata;
  let message: string | undefined;
  const proxy = refsEnvoyProxy(ref) && !classMerges ? proxies.byName.get(`${namespace}/${ref.name}`) : undefined;
  // Merged Gateways share the GatewayClass's Envoy: a Gateway of its own is refused (Envoy Gateway's provider).
  if (classMerges) message = 'infrastructure.parametersref must be nil when MergeGateways feature is enabled by gatewayclass';
  else if (!refsEnvoyProxy(ref)) message = `unsupported parametersRef for gateway ${namespace}/${name}`;
  else if (!proxy) message = `failed to find envoyproxy ${namespace}/${ref.name} for Gateway ${name}: ${notFound(ref.name)}`;
  if (proxy) return proxy;
  if (!proxies.rejected.has(`EnvoyProxy/${namespace}/${ref.name}`))
    diags.add(d.parametersRefInvalid(spanAt(g.loaded.src, ['spec', 'infrastructure', 'parametersRef']), `Gateway ${namespace}/${name}`, message!));
  g.notAccepted = { reason: 'InvalidParameters', message: message! };
  return undefined;
}

/** The Gateway's telemetry from its EnvoyProxy (Envoy Gateway's processProxyObservability), or why it is not accepted. */
function observe(g: GatewayNode, proxy: Loaded<EnvoyProxy>, refs: { lookup: Lookup; dns: ServiceDns }, reported: Set<string>, diags: Diagnostics): void {
  const fail = (what: string, problem: TelemetryProblem) => {
    g.notAccepted = { reason: 'InvalidParameters', message: `Invalid ${what} backendRefs in the referenced EnvoyProxy: ${problem.message}` };
    const key = `${proxy.key}|${problem.path.join('.')}`;
    if (!reported.has(key)) diags.add(d.envoyProxyInvalid(spanAt(proxy.src, problem.path), nameOf(proxy), problem.message));
    reported.add(key);
  };
  // Envoy Gateway's order: access log, tracing, metrics; the first failure decides the status.
  const log = resolveAccessLog(proxy, refs);
  if ('problem' in log) return fail('access log', log.problem);
  const tracing = resolveTracing(proxy, refs);
  if ('problem' in tracing) return fail('tracing', tracing.problem);
  const metrics = resolveMetrics(proxy, refs);
  if ('problem' in metrics) return fail('metrics', metrics.problem);
  // Read here, used by each TLS backendRef (Envoy Gateway's GetBackendTLSConfig, where a failure invalidates the backendRef).
  const backendTls = proxy.value.spec.backendTLS;
  g.envoyProxy = {
    ...g.envoyProxy!,
    accessLog: log.log,
    ...(tracing.tracing ? { tracing: tracing.tracing } : {}),
    ...(metrics.metrics ? { metrics: metrics.metrics } : {}),
    ...(backendTls
      ? { backendTls: readClientTls(backendTls, { kind: 'EnvoyProxy', namespace: proxy.value.metadata.namespace, name: proxy.value.metadata.name }, refs) }
      : {}),
  };
}

/**
 * A Gateway's EnvoyProxy over its class's (Envoy Gateway's MergeEnvoyProxyConfigs, first step):
 * the Gateway's mergeType decides; the result keeps the Gateway's object, where its diagnostics point.
 */
function overClass(inherited: Loaded<EnvoyProxy>, own: Loaded<EnvoyProxy>): Loaded<EnvoyProxy> {
  const mergeType = own.value.spec.mergeType;
  if (mergeType !== 'StrategicMerge' && mergeType !== 'JSONMerge') return own;
  // The lists Envoy Gateway merges by key are Kubernetes settings only (env, volumes, …), which envoyc notes and ignores.
  const spec = mergePatch(inherited.value.spec, own.value.spec, mergeType, new Map()) as EnvoyProxy['spec'];
  return { ...own, value: { ...own.value, spec } };
}

/**
 * Gives each Gateway the EnvoyProxy in force (`GatewayNode.envoyProxy`), and returns the GatewayClasses
 * that name one, with their Accepted condition. Each EnvoyProxy in force has its fields checked once.
 */
export function resolveEnvoyProxies(
  r: Resources,
  gateways: GatewayNode[],
  refs: { lookup: Lookup; dns: ServiceDns },
  diags: Diagnostics,
): { classes: ClassParameters[]; mergeGateways: boolean } {
  const proxies: Proxies = { byName: new Map(r.envoyProxies.map((p) => [nameOf(p), p])), rejected: new Set(r.rejected) };
  const classes = r.gatewayClasses.flatMap((c) => resolveClass(c, proxies, diags) ?? []);
  const byClass = new Map(classes.map((c) => [c.loaded.value.metadata.name, c]));
  const used = new Map<string, Loaded<EnvoyProxy>>();
  const reported = new Set<string>();
  for (const c of classes) if (c.proxy) used.set(c.proxy.key, c.proxy);
  for (const g of gateways) {
    const inherited = byClass.get(g.loaded.value.spec.gatewayClassName)?.proxy;
    const own = gatewayProxy(g, proxies, inherited?.value.spec.mergeGateways === true, diags);
    if (own === undefined || (own === 'none' && !inherited)) continue;
    if (own !== 'none') used.set(own.key, own);
    const proxy = own === 'none' ? inherited! : inherited ? overClass(inherited, own) : own;
    g.envoyProxy = { proxy, fromGateway: own !== 'none' };
    observe(g, proxy, refs, reported, diags);
  }
  for (const p of used.values()) reportProxyFields(p, diags);
  return { classes, mergeGateways: classMergeGateways(classes, gateways, diags) };
}

/**
 * Whether a GatewayClass's EnvoyProxy merges its Gateways into one Envoy (`mergeGateways`), as
 * `--merge-gateways` does. envoyc merges every Gateway it builds, so the Gateways must all be of
 * that class; a Gateway's own EnvoyProxy cannot merge (Envoy Gateway reads the class's only).
 */
function classMergeGateways(classes: ClassParameters[], gateways: GatewayNode[], diags: Diagnostics): boolean {
  for (const g of gateways) {
    const own = g.envoyProxy?.fromGateway ? g.envoyProxy.proxy : undefined;
    if (own?.value.spec.mergeGateways)
      diags.add(
        d.envoyProxyFieldIgnored(
          spanAt(own.src, ['spec', 'mergeGateways'], { key: true }),
          nameOf(own),
          'mergeGateways',
          "Envoy Gateway merges Gateways by their GatewayClass's EnvoyProxy only",
        ),
      );
  }
  const merging = classes.filter((c) => c.proxy?.value.spec.mergeGateways);
  if (!merging.length) return false;
  const names = new Set(merging.map((c) => c.loaded.value.metadata.name));
  const others = gateways.filter((g) => !names.has(g.loaded.value.spec.gatewayClassName));
  for (const c of merging)
    if (others.length)
      diags.add(
        d.mergedGatewaysConflict(
          spanAt(c.proxy!.src, ['spec', 'mergeGateways']),
          `EnvoyProxy ${nameOf(c.proxy!)} merges the Gateways of GatewayClass ${c.loaded.value.metadata.name}, and envoyc merges every Gateway it builds: ${others.map((g) => `${g.loaded.value.metadata.namespace}/${g.loaded.value.metadata.name}`).join(', ')} ${others.length === 1 ? 'is' : 'are'} of another class (compile them apart, with --gateway)`,
        ),
      );
  return others.length === 0;
}

/** Merged Gateways cannot share backend clusters too: each Gateway whose EnvoyProxy asks is not accepted (Envoy Gateway's translator). */
export function refuseMergedBackends(gateways: GatewayNode[], diags: Diagnostics): void {
  const message = 'mergeGateways and mergeBackends cannot both be enabled';
  const reported = new Set<string>();
  for (const g of gateways) {
    const proxy = g.envoyProxy?.proxy;
    if (!proxy?.value.spec.mergeBackends || g.notAccepted) continue;
    g.notAccepted = { reason: 'InvalidParameters', message };
    if (!reported.has(proxy.key)) diags.add(d.envoyProxyInvalid(spanAt(proxy.src, ['spec', 'mergeBackends'], { key: true }), nameOf(proxy), message));
    reported.add(proxy.key);
  }
}
