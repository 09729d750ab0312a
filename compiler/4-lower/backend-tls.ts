// Which upstream TLS each backendRef of a route rule gets on a listener: the BackendTLSPolicy 3-merge
// found for it and the Backend's own `tls`, merged by lowerUpstreamTls. The secrets they name are
// collected for the config; a system trust store that is not there is an input error.
import { gatewayClientTls } from '../2-resolve/gateway-backend-tls';
import type { GatewayNode, ListenerNode, ResolvedBackend, RouteNode } from '../2-resolve/types';
import { BACKEND_TLS_POLICY, backendRefKey, readPolicyTls, type PolicyTlsData } from '../3-merge/kinds/backendtlspolicy';
import { appliedPolicy } from '../3-merge/types';
import * as d from '../diagnostics/codes';
import { spanAt, type Span } from '../source';
import type { LowerContext } from './context';
import type { IrUpstreamTls } from '../ir';
import { lowerUpstreamTls, type LoweredUpstreamTls, type UsableUpstreamTls } from './upstream-tls';

/** A backendRef's upstream TLS by its slot in the rule (`backend/<j>`, `mirror/<filter>`); undefined: plain. */
export type UpstreamTlsOf = (b: ResolvedBackend, slot: string) => LoweredUpstreamTls | undefined;

/** The policy in force for one backendRef: its data, `invalid` (it failed to translate), or none. */
function policyFor(ctx: LowerContext, key: string): PolicyTlsData | 'invalid' | undefined {
  const applied = appliedPolicy(ctx.policies, BACKEND_TLS_POLICY, key);
  if (!applied) return undefined;
  if (applied.invalid) return 'invalid';
  const [, ns, name] = applied.policies[0]!.split('/') as [string, string, string];
  const read = readPolicyTls(applied.spec, name, ns, ctx.sources);
  return 'data' in read ? read.data : 'invalid';
}

/** Where the system trust store is asked for: the policy's or the Backend's `wellKnownCACertificates`. */
function systemStoreUser(ctx: LowerContext, policyKey: string | undefined, b: ResolvedBackend): SystemStoreUser {
  const why = 'wellKnownCACertificates: System';
  const policy = policyKey && ctx.graph.resources.backendTlsPolicies.find((p) => p.key === policyKey);
  if (policy)
    return {
      at: spanAt(policy.src, ['spec', 'validation', 'wellKnownCACertificates']),
      who: `BackendTLSPolicy ${policy.value.metadata.namespace}/${policy.value.metadata.name}`,
      why,
    };
  const backend = b.resource && ctx.sources.lookup.backends.get(`${b.resource.namespace}/${b.resource.name}`);
  return backend
    ? { at: spanAt(backend.src, ['spec', 'tls', 'wellKnownCACertificates']), who: `Backend ${b.resource!.namespace}/${b.resource!.name}`, why }
    : { at: undefined, who: 'a backend', why };
}

/** The upstream TLS lookup for one route rule on one listener; records the secrets the TLS it gives names. */
export function upstreamTlsOf(ctx: LowerContext, route: RouteNode, ruleIndex: number, listener: ListenerNode): UpstreamTlsOf {
  return (b, slot) => {
    const key = backendRefKey(route.key, ruleIndex, listener.irName, slot);
    const policy = policyFor(ctx, key);
    // The policy's own status and diagnostic say why: the backendRef is invalid, as in Envoy Gateway.
    if (policy === 'invalid') return { error: 'its BackendTLSPolicy failed to translate' };
    const proxy = gatewayClientTls(ctx.graph.gateways.find((g) => g.key === listener.gateway));
    const lowered = lowerUpstreamTls({ ...(b.tls ? { backend: b.tls } : {}), ...(policy ? { policy } : {}), ...(proxy ? { proxy } : {}) }, ctx.opts);
    if (lowered && 'error' in lowered) {
      const [what, index] = slot.split('/') as [string, string];
      const ref = what === 'backend' ? ['backendRefs', Number(index)] : ['filters', Number(index)];
      const at = spanAt(route.loaded.src, ruleIndex < 0 ? ['spec', 'rules'] : ['spec', 'rules', ruleIndex, ...ref]);
      ctx.diags.add(
        d.backendRefInvalid(
          at,
          `${route.kind} ${route.loaded.value.metadata.namespace}/${route.loaded.value.metadata.name}`,
          'InvalidBackendTLS',
          lowered.error,
          ruleIndex < 0 ? 'closed' : 500,
        ),
      );
    }
    if (!lowered || 'error' in lowered) return lowered;
    recordUpstreamTls(ctx, lowered, () => systemStoreUser(ctx, appliedPolicy(ctx.policies, BACKEND_TLS_POLICY, key)?.policies[0], b));
    return lowered;
  };
}

/** Who asks for the system trust store, for `system_ca_bundle_missing`: where, which resource, and why. */
export interface SystemStoreUser {
  at: Span | undefined;
  who: string;
  /** What trusts it, e.g. `wellKnownCACertificates: System`. */
  why: string;
}

/**
 * Records the secrets an upstream TLS names for the config (its CA bundle, its client
 * certificates); a system trust store that is not there is an input error of `user()`.
 */
export function recordUpstreamTls(ctx: LowerContext, lowered: UsableUpstreamTls, user: () => SystemStoreUser): void {
  if (lowered.caSecret && 'systemPath' in lowered.caSecret.trustedCa && !ctx.opts.systemCaBundle.available) {
    const u = user();
    ctx.diags.add(d.systemCaBundleMissing(u.at, u.who, u.why, ctx.opts.systemCaBundle.path));
  }
  if (lowered.caSecret && !ctx.validationSecrets.has(lowered.caSecret.name)) ctx.validationSecrets.set(lowered.caSecret.name, lowered.caSecret);
  for (const c of lowered.certificates) if (!ctx.upstreamCertificates.has(c.name)) ctx.upstreamCertificates.set(c.name, c);
}

/**
 * The upstream TLS of an external service's backendRef (an ext auth or ext_proc server, a key set,
 * a token endpoint, a telemetry sink): its Backend's `tls` and the BackendTLSPolicy it found
 * (2-resolve), with the Gateway's client settings, as Envoy Gateway's applyBackendTLSSetting.
 * A telemetry Backend with one FQDN endpoint and no SNI sends that name (Envoy Gateway: no Host
 * header to take it from). A Gateway client setting that cannot be used is an input error here.
 */
export function extServiceTls(ctx: LowerContext, gateway: GatewayNode | undefined, b: ResolvedBackend, owner: string): IrUpstreamTls | undefined {
  if (!b.tls && !b.policyTls) return undefined;
  const proxy = gatewayClientTls(gateway);
  const endpoint = b.endpoints.length === 1 ? b.endpoints[0]! : undefined;
  const fqdnSni =
    owner.startsWith('EnvoyProxy/') && b.resource?.kind === 'Backend' && endpoint?.type === 'fqdn' && !b.policyTls && b.tls?.sni === undefined
      ? endpoint.address
      : undefined;
  const backend = b.tls && fqdnSni !== undefined ? { ...b.tls, sni: fqdnSni } : b.tls;
  const lowered = lowerUpstreamTls(
    { ...(backend ? { backend } : {}), ...(b.policyTls ? { policy: b.policyTls.data } : {}), ...(proxy ? { proxy } : {}) },
    ctx.opts,
  );
  if (!lowered) return undefined;
  if ('error' in lowered) {
    const [kind, ns, name] = owner.split('/') as [string, string, string];
    const loaded = [...ctx.graph.resources.securityPolicies, ...ctx.graph.resources.envoyExtensionPolicies, ...ctx.graph.resources.envoyProxies].find(
      (p) => p.key === owner,
    );
    if (!loaded) throw new Error(`invariant: the owner ${owner} of an external service is in the inputs`);
    ctx.diags.add(d.externalServiceTlsInvalid(spanAt(loaded.src, ['spec']), `${kind} ${ns}/${name}`, lowered.error));
    return undefined;
  }
  recordUpstreamTls(ctx, lowered, () => systemStoreUser(ctx, b.policyTls?.policy, b));
  return lowered.tls;
}
