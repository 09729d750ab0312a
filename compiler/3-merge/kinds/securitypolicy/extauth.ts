// A SecurityPolicy's `extAuth` as Envoy Gateway builds it (`buildExtAuth`, `backendRefAuthority`):
// an HTTP or gRPC authorization service behind the policy's backendRefs, or why it fails.
import { resolveExtServiceRefs } from '../../../2-resolve/ext-service';
import type { Lookup } from '../../../2-resolve/lookup';
import type { ServiceDns } from '../../../2-resolve/ext-service';
import type { ResolvedBackend } from '../../../2-resolve/types';
import type {
  SecurityPolicySpecExtAuth,
  SecurityPolicySpecExtAuthGrpcBackendRef,
  SecurityPolicySpecExtAuthGrpcBackendSettings,
} from '../../../api/generated/securitypolicy';
import type { IrExtAuth } from '../../../ir';
import type { SecurityPolicySpecExtAuthContextExtensions } from '../../../api/generated/securitypolicy';
import { parseDuration } from '../../../units/duration';
import { SP_KIND } from './jwt';

/** Envoy Gateway's timeout for calls to an external service (`defaultExtServiceRequestTimeout`). */
const EXT_AUTH_TIMEOUT_MS = 10_000;

export interface BuiltExtAuth {
  ir: IrExtAuth;
  backends: ResolvedBackend[];
  settings?: SecurityPolicySpecExtAuthGrpcBackendSettings;
}

/** `backendRefAuthority`: `<name>.<ns>:<port>` for a Service, a Backend's first FQDN endpoint, else `<name>.<ns>`. */
function authority(ref: SecurityPolicySpecExtAuthGrpcBackendRef, ns: string, lookup: Lookup): string {
  const refNs = ref.namespace || ns;
  if (ref.kind === 'Backend') {
    const fqdn = lookup.backends.get(`${refNs}/${ref.name}`)?.value.spec.endpoints?.find((e) => e.fqdn)?.fqdn;
    if (fqdn) return `${fqdn.hostname}:${fqdn.port}`;
  }
  if ((ref.kind === 'Service' || ref.kind === 'ServiceImport') && ref.port !== undefined) return `${ref.name}.${refNs}:${ref.port}`;
  return `${ref.name}.${refNs}`;
}

/**
 * `buildContextExtensions`: each value as written, or from a ConfigMap's or Secret's key in the
 * policy's namespace (a Secret's value is secret material: inline, as Envoy has no other source
 * for it, and never printed). Envoy Gateway's words when a reference does not resolve.
 */
function contextExtensions(
  exts: SecurityPolicySpecExtAuthContextExtensions[],
  ns: string,
  lookup: Lookup,
): NonNullable<IrExtAuth['contextExtensions']> | { error: string } {
  const out: NonNullable<IrExtAuth['contextExtensions']> = [];
  for (const ext of exts) {
    const ref = ext.valueRef;
    if (ext.type !== 'ValueRef' || !ref) {
      out.push({ name: ext.name, value: ext.value ?? '' });
      continue;
    }
    const kind = ref.kind === 'Secret' ? 'secret' : 'configmap';
    const object = (ref.kind === 'Secret' ? lookup.secrets : lookup.configMaps).get(`${ns}/${ref.name}`);
    if (!object) return { error: `can't find the referenced ${kind} "${ref.name}" in namespace "${ns}"` };
    const value = ((object.value as { data?: Record<string, string> }).data ?? {})[ref.key];
    if (value === undefined) return { error: `can't find the key "${ref.key}" in the referenced ${kind} "${ref.name}"` };
    out.push(
      ref.kind === 'Secret'
        ? { name: ext.name, secret: { from: { secret: `${ns}/${ref.name}`, key: ref.key }, base64: value, sensitive: true } }
        : { name: ext.name, value },
    );
  }
  return out;
}

/** Builds one spec's `extAuth`, as Envoy Gateway would for one route; `owner` is the policy that wrote it. */
export function buildExtAuth(
  e: SecurityPolicySpecExtAuth,
  owner: { namespace: string; name: string },
  lookup: Lookup,
  dns: ServiceDns,
): BuiltExtAuth | { error: string } {
  if (!e.http && !e.grpc) return { error: 'one of grpc or http must be specified' };
  if (e.http && e.grpc) return { error: 'only one of grpc or http can be specified' };
  const svc = (e.http ?? e.grpc)!;
  const refs = svc.backendRefs?.length ? svc.backendRefs : svc.backendRef ? [svc.backendRef] : [];
  if (!refs.length) return { error: `${e.http ? 'http' : 'grpc'} backend refs must be specified` };
  const resolved = resolveExtServiceRefs(refs, SP_KIND, owner.namespace, lookup, dns);
  if ('error' in resolved) return resolved;
  const exts = e.contextExtensions?.length ? contextExtensions(e.contextExtensions, owner.namespace, lookup) : undefined;
  if (exts && 'error' in exts) return exts;
  const cluster = `securitypolicy/${owner.namespace}/${owner.name}/extauth/0`.toLowerCase();
  const auth = authority(refs[0]!, owner.namespace, lookup);
  const http = e.http;
  const service: IrExtAuth['service'] = http
    ? {
        type: 'http',
        cluster,
        uri: `http://${auth}${http.pathOverride || http.path || ''}`,
        ...(http.path ? { pathPrefix: http.path } : {}),
        ...(http.pathOverride ? { pathOverride: http.pathOverride } : {}),
        ...(http.headersToBackend?.length ? { headersToBackend: http.headersToBackend } : {}),
      }
    : { type: 'grpc', cluster, authority: auth };
  return {
    ir: {
      name: `securitypolicy/${owner.namespace}/${owner.name}`,
      service,
      timeoutMs: e.timeout !== undefined ? parseDuration(e.timeout) : EXT_AUTH_TIMEOUT_MS,
      failOpen: e.failOpen,
      ...(e.recomputeRoute !== undefined ? { recomputeRoute: e.recomputeRoute } : {}),
      ...(e.includeRouteMetadata ? { includeRouteMetadata: true } : {}),
      ...(e.headersToExtAuth?.length ? { headersToExtAuth: e.headersToExtAuth } : {}),
      ...(e.bodyToExtAuth ? { maxRequestBytes: e.bodyToExtAuth.maxRequestBytes } : {}),
      ...(e.statusOnError !== undefined ? { statusOnError: e.statusOnError } : {}),
      ...(exts ? { contextExtensions: exts } : {}),
    },
    backends: resolved.backends,
    ...(svc.backendSettings ? { settings: svc.backendSettings } : {}),
  };
}
