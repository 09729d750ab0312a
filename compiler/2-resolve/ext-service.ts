// backendRefs of an external service a policy names (an ext_proc or ext_authz server), as Envoy
// Gateway checks them (`validateExtServiceBackendReference`), resolved to endpoints like a route's.
import { ENVOY_GATEWAY_GROUP } from '../api/meta';
import { backendTlsPolicyFor, readPolicyTls } from './backend-tls-policy';
import { resolveBackendRef, type BackendContext } from './backends';
import { referencePermitted, type Lookup } from './lookup';
import type { ResolvedBackend } from './types';

/** A policy's backendRef (`BackendObjectReference` plus an optional weight). */
export interface ExtServiceRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
}

/** How a Service without EndpointSlices, or missing from the inputs, resolves (2-resolve's settings). */
export interface ServiceDns {
  template: string;
  forMissingServices: boolean;
}

/** One backendRef resolved, or Envoy Gateway's error for it (with the backend when only its upstream TLS failed). */
export type ExtServiceBackend = { backend: ResolvedBackend } | { error: string; backend?: ResolvedBackend };

/** Resolves one backendRef of a policy of `policyKind` in `policyNamespace`. */
export function resolveExtServiceRef(
  ref: ExtServiceRef,
  index: number,
  policyKind: string,
  policyNamespace: string,
  lookup: Lookup,
  dns: ServiceDns,
): ExtServiceBackend {
  const group = ref.group ?? '';
  const kind = ref.kind ?? 'Service';
  if (!['', 'multicluster.x-k8s.io', ENVOY_GATEWAY_GROUP].includes(group))
    return {
      error: `group is invalid, only the core API group (specified by omitting the group field or setting it to an empty string), the multicluster.x-k8s.io API group, and the ${ENVOY_GATEWAY_GROUP} API group are supported`,
    };
  if (!['Service', 'ServiceImport', 'Backend'].includes(kind))
    return {
      error: "kind is invalid, only Service (specified by omitting the kind field or setting it to 'Service'), ServiceImport, and Backend are supported",
    };
  if (ref.port === undefined && kind !== 'Backend') return { error: 'a valid port number corresponding to a port on the Service must be specified' };
  const ns = ref.namespace || policyNamespace;
  if (kind === 'ServiceImport' && !lookup.serviceImports.has(`${ns}/${ref.name}`)) return { error: `serviceimport ${ns}/${ref.name} not found` };
  if (kind === 'Backend' && !lookup.backends.has(`${ns}/${ref.name}`)) return { error: `backend ${ns}/${ref.name} not found` };
  if (kind === 'Backend' && lookup.backends.get(`${ns}/${ref.name}`)!.value.spec.type === 'DynamicResolver')
    return { error: `dynamic resolver backend ${ns}/${ref.name} is not supported` };
  if (
    ns !== policyNamespace &&
    !referencePermitted(lookup, { group: ENVOY_GATEWAY_GROUP, kind: policyKind, namespace: policyNamespace }, { group, kind, namespace: ns, name: ref.name })
  )
    return { error: `backend ref to ${kind} ${ns}/${ref.name} not permitted by any ReferenceGrant` };
  // Resolved as a route in the backend's own namespace would resolve it: the grant is checked above.
  const ctx: BackendContext = { lookup, routeKind: 'HTTPRoute', routeNamespace: ns, serviceDns: dns.template, dnsForMissingServices: dns.forMissingServices };
  const backend = resolveBackendRef(
    { group, kind, name: ref.name, namespace: ns, ...(ref.port !== undefined ? { port: ref.port } : {}), weight: ref.weight ?? 1 },
    index,
    ctx,
  );
  // Envoy Gateway words a missing port its own way for external services.
  if (backend.failure?.reason === 'PortNotFound') return { error: `TCP Port ${ref.port} not found on service ${ns}/${ref.name}` };
  if (backend.state === 'invalid') return { error: backend.failure!.message };
  if (backend.state === 'noEndpoints') return { error: `no ready endpoints for the related ${kind} ${ns}/${ref.name}` };
  return withPolicyTls(backend, lookup);
}

/**
 * The backend with the BackendTLSPolicy it finds (Envoy Gateway's applyBackendTLSSetting for an
 * external service), or that policy's error; TLS that validates nothing needs a CA.
 */
function withPolicyTls(backend: ResolvedBackend, lookup: Lookup): ExtServiceBackend {
  const policy = backend.tlsTarget && backendTlsPolicyFor(lookup, backend.tlsTarget);
  if (policy) {
    const { name, namespace } = policy.value.metadata;
    const read = readPolicyTls(policy.value.spec, name, namespace, { lookup, configMaps: lookup.configMaps });
    if ('error' in read) return { error: read.error.message, backend };
    return { backend: { ...backend, policyTls: { policy: policy.key, data: read.data } } };
  }
  if (backend.tls && !backend.tls.insecureSkipVerify && !backend.tls.ca)
    return { error: 'CACertificate must be specified when InsecureSkipVerify is false', backend };
  return { backend };
}

/**
 * All backendRefs of one external service (Envoy Gateway's `translateExtServiceBackendRefs`): the
 * first error, else the backends (weight 0 left out); mixed FQDN and address endpoints are refused.
 */
export function resolveExtServiceRefs(
  refs: readonly ExtServiceRef[],
  policyKind: string,
  policyNamespace: string,
  lookup: Lookup,
  dns: ServiceDns,
): { backends: ResolvedBackend[] } | { error: string } {
  if (!refs.length) return { error: 'no backendRefs found for external service' };
  const backends: ResolvedBackend[] = [];
  for (const [j, ref] of refs.entries()) {
    const r = resolveExtServiceRef(ref, j, policyKind, policyNamespace, lookup, dns);
    if ('error' in r) return r;
    if (ref.weight !== 0) backends.push(r.backend);
  }
  const types = new Set(backends.flatMap((b) => b.endpoints.map((e) => (e.type === 'fqdn' ? 'fqdn' : 'address'))));
  if (types.size > 1) return { error: 'external service destinations having multiple endpoint types are not supported' };
  return { backends };
}
