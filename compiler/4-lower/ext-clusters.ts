// Clusters for the external services a policy names itself (an ext_proc server, a JWKS server, a
// host Envoy fetches a Wasm module from), as Envoy Gateway's xDS translator adds them.
import type { ResourceKey } from '../1-load/types';
import type { GatewayNode, ResolvedBackend } from '../2-resolve/types';
import type { BackendTrafficPolicySpec } from '../api/backendtrafficpolicy';
import type { IrCluster, IrTlsMatch, IrUpstreamProtocol, IrUpstreamTls } from '../ir';
import { lowerClusterSettings } from './cluster-settings';
import { extServiceTls, recordUpstreamTls, type SystemStoreUser } from './backend-tls';
import type { LowerContext } from './context';
import { clusterTls, lowerSystemCaTls } from './upstream-tls';

/** The resource a policy-owned cluster belongs to, from the policy's key. */
function policyResource(policy: ResourceKey): { kind: string; namespace: string; name: string } {
  const [kind, namespace, name] = policy.split('/') as [string, string, string];
  return { kind, namespace, name };
}

/**
 * A cluster to a policy's backendRefs (`<kind>/<ns>/<name>/<feature>/<i>`): each backendRef a
 * weighted locality, its `backendSettings` applied as a BackendTrafficPolicy's cluster settings,
 * and the upstream TLS it speaks (a Backend's `tls`, the BackendTLSPolicy it found, the Gateway's
 * client settings) as a transport socket match of its own (`<cluster>/tls/<i>`).
 */
export function extServiceCluster(
  ctx: LowerContext,
  gateway: GatewayNode | undefined,
  service: { name: string; backends: ResolvedBackend[]; settings: object | undefined; protocol: IrUpstreamProtocol },
  policy: ResourceKey,
): IrCluster {
  const { name, backends, settings, protocol } = service;
  const endpoints = backends.flatMap((b) => b.endpoints);
  const discovery = endpoints.some((p) => p.type === 'fqdn') ? 'dns' : 'static';
  const applied = settings ? { spec: settings as BackendTrafficPolicySpec, policies: [policy], owners: {}, invalid: false } : undefined;
  const upstream = clusterTls(
    backends.map((b) => extServiceTls(ctx, gateway, b, policy)),
    protocol === 'tcp',
  );
  const tlsMatch = (i: number) => (upstream.tls[i] ? { tlsMatch: `${name}/tls/${i}` } : {});
  const tlsMatches = upstream.tls.flatMap((tls, i): IrTlsMatch[] => (tls ? [{ name: `${name}/tls/${i}`, tls }] : []));
  return {
    name,
    discovery,
    localities: backends.map((b, i) => ({
      region: `${name}/backend/${b.index}`,
      weight: b.weight,
      endpoints: b.endpoints.map((p) => (p.type === 'unix' ? { pipe: p.path } : { socket: { address: p.address, port: p.port } })),
      resource: b.resource!,
      ...tlsMatch(i),
    })),
    protocol,
    forceHttp1: false,
    settings: lowerClusterSettings(applied, { discovery, protocol, forceHttp1: false, hostname: '', allTls: upstream.allTls, autoSni: upstream.autoSni }),
    ...(tlsMatches.length ? { tlsMatches } : {}),
    resources: [policyResource(policy)],
    origin: [{ key: policy }],
  };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Whether a URL's host is an IP address (a STATIC cluster) rather than a name (DNS). */
export const isIp = (host: string): boolean => IPV4.test(host) || host.includes(':');

/**
 * A cluster to the host of a URL (`<host with . as _>_<port>`, Envoy Gateway's `url2Cluster`): one
 * endpoint, resolved by DNS unless an IP, over `tls` for https (4-lower/upstream-tls.ts).
 */
export function urlCluster(u: { name: string; host: string; port: number }, kind: string, policy: ResourceKey, tls?: IrUpstreamTls): IrCluster {
  const discovery = isIp(u.host) ? 'static' : 'dns';
  return {
    name: u.name,
    discovery,
    localities: [
      {
        region: `${u.name}/backend/-1`,
        weight: 1,
        endpoints: [{ socket: { address: u.host, port: u.port } }],
        resource: { kind, namespace: '', name: `${u.host}:${u.port}` },
      },
    ],
    protocol: 'http1',
    forceHttp1: false,
    settings: lowerClusterSettings(undefined, { discovery, protocol: 'http1', forceHttp1: false, hostname: '' }),
    ...(tls ? { upstreamTls: tls } : {}),
    resources: [],
    origin: [{ key: policy }],
  };
}

/**
 * A cluster to a URL a policy names (a remote key set, a token endpoint, a Wasm module): over
 * https, TLS to the system's CAs as a BackendTLSPolicy's `wellKnownCACertificates: System` does,
 * the trust store recorded for the config (`user` says who asked, should it be missing).
 */
export function policyUrlCluster(
  ctx: LowerContext,
  u: { name: string; host: string; port: number; tls: boolean },
  kind: string,
  policy: ResourceKey,
  user: () => SystemStoreUser,
): IrCluster {
  if (!u.tls) return urlCluster(u, kind, policy);
  const lowered = lowerSystemCaTls(u.host, ctx.opts);
  recordUpstreamTls(ctx, lowered, user);
  return urlCluster(u, kind, policy, lowered.tls);
}
