// A SecurityPolicy's `jwt` as Envoy Gateway builds it (`buildJWT`, `validateJWTProvider`,
// `buildRemoteJWKS`, `buildLocalJWKS`): the providers' IR, the clusters their remote key sets are
// fetched through, or why it fails. 3-merge reports the error (status; the routes answer 500);
// 4-lower builds the filter and clusters from the rest.
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { resolveExtServiceRefs } from '../../../2-resolve/ext-service';
import type { ResolvedBackend } from '../../../2-resolve/types';
import type {
  SecurityPolicySpecExtAuthGrpcBackendSettings,
  SecurityPolicySpecJwt,
  SecurityPolicySpecJwtProviders,
  SecurityPolicySpecJwtProvidersRemoteJWKS,
} from '../../../api/generated/securitypolicy';
import type { IrJwt, IrJwtProvider } from '../../../ir';
import { parseDuration } from '../../../units/duration';
import type { TranslationContext } from '../../kind';

export const SP_KIND = 'SecurityPolicy';

/** Envoy Gateway's ConfigMap key for a local JWKS (`JWKSConfigMapKey`). */
const JWKS_CONFIGMAP_KEY = 'jwks';
/** Envoy Gateway's timeout for calls to an external service (`defaultExtServiceRequestTimeout`), unless backendSettings set one. */
const JWKS_FETCH_TIMEOUT_MS = 10_000;

/** What reading references needs of a translation context (4-lower builds the same from the applied spec). */
export type JwtContext = Pick<TranslationContext, 'namespaceOf' | 'policyOf' | 'configMaps' | 'lookup' | 'serviceDns'>;

/** A cluster Envoy fetches a remote JWKS through. */
export type JwksCluster =
  /** From the URI alone: `<host with . as _>_<port>`, TLS (system CAs, SNI the host) for https. */
  | { type: 'url'; name: string; host: string; port: number; tls: boolean }
  /** From backendRefs: the policy's own cluster, with its backendSettings. */
  | { type: 'backends'; name: string; backends: ResolvedBackend[]; settings?: SecurityPolicySpecExtAuthGrpcBackendSettings };

export interface BuiltJwt {
  jwt?: IrJwt;
  clusters: JwksCluster[];
  /** Envoy Gateway's error, without the `JWT: ` prefix. */
  error?: string;
}

/** A WHATWG URL with scheme and host, or undefined. */
export function absoluteUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

/** Go's `url.ParseRequestURI`, as far as Envoy Gateway's checks need it: an absolute URI or an absolute path. */
function requestUri(s: string): URL | undefined {
  if (/\s/.test(s)) return undefined;
  return absoluteUrl(s) ?? (s.startsWith('/') ? new URL(s, 'http://localhost') : undefined);
}

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

/** `validateJWTProvider`: every problem of every provider, in Envoy Gateway's words and order. */
function providerErrors(providers: SecurityPolicySpecJwtProviders[]): string[] {
  const errs: string[] = [];
  const names = new Set<string>();
  for (const p of providers) {
    const before = errs.length;
    if (p.issuer && p.issuer.includes(':') && !requestUri(p.issuer)) errs.push("invalid issuer; when issuer contains ':' character, it MUST be a valid URI");
    else if (p.issuer && !p.issuer.includes(':') && p.issuer.includes('@') && !EMAIL.test(p.issuer))
      errs.push("invalid issuer; when issuer contains '@' character, it MUST be a valid Email Address format: mail: missing '@' or angle-addr");
    if (p.remoteJWKS && !requestUri(p.remoteJWKS.uri)) errs.push(`invalid remote JWKS URI: parse "${p.remoteJWKS.uri}": invalid URI for request`);
    if (errs.length === before) {
      const local = p.name.includes('/') ? p.name.slice(p.name.lastIndexOf('/') + 1) : p.name;
      if (local.length > 63) errs.push('name part must be no more than 63 characters');
      if (!NAME_PART.test(local))
        errs.push(
          "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        );
      if (names.has(p.name)) errs.push(`provider name ${p.name} must be unique`);
      names.add(p.name);
    }
  }
  return errs;
}

/** `buildLocalJWKS`: inline, or a ConfigMap's `jwks` key (else its first key by name) in the owner's namespace. */
function localJwks(p: SecurityPolicySpecJwtProviders, ns: string, ctx: JwtContext): { inline: string } | { error: string } {
  const l = p.localJWKS!;
  if (l.type !== 'ValueRef') return { inline: l.inline ?? '' };
  const name = l.valueRef!.name;
  const cm = ctx.configMaps.get(`${ns}/${name}`)?.value;
  if (!cm) return { error: `local JWKS ConfigMap ${ns}/${name} not found` };
  const data = cm.data ?? {};
  // Envoy Gateway falls back to "the first entry" of a Go map (random order); envoyc takes the first by name.
  const key = JWKS_CONFIGMAP_KEY in data ? JWKS_CONFIGMAP_KEY : Object.keys(data).sort()[0];
  if (key === undefined) return { error: `JWKS data not found in ConfigMap ${JWKS_CONFIGMAP_KEY}/${ns}, no "${name}" key and no other data found` };
  return { inline: data[key]! };
}

/** Key types Envoy's JWKS parser reads (`jwt_verify_lib`): RSA, EC, OKP (Ed25519) and oct (HMAC). */
const KEY_TYPES: ReadonlySet<string> = new Set(['RSA', 'EC', 'OKP', 'oct']);

/** Whether Envoy can read one key of the set (it refuses a set without any, and the listener with it). */
function usableKey(k: unknown): boolean {
  if (typeof k !== 'object' || k === null) return false;
  const jwk = k as Record<string, unknown>;
  if (typeof jwk.kty !== 'string' || !KEY_TYPES.has(jwk.kty)) return false;
  if (jwk.kty === 'oct') return typeof jwk.k === 'string' && jwk.k.length > 0;
  try {
    createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    return true;
  } catch {
    return false;
  }
}

/** Why Envoy would refuse a local key set (a JSON Web Key Set, or a single PEM public key), if it would. */
export function jwksProblem(text: string): string | undefined {
  if (text.includes('-----BEGIN PUBLIC KEY-----')) return undefined;
  let set: unknown;
  try {
    set = JSON.parse(text);
  } catch {
    return 'it is neither a JSON Web Key Set nor a PEM public key';
  }
  const keys = (set as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) return 'it has no "keys" list';
  return keys.some(usableKey) ? undefined : "Envoy refuses a key set without any valid public key (Jwks doesn't have any valid public key)";
}

/** `buildRemoteJWKS` and the cluster Envoy Gateway's xDS translator adds for it. */
function remoteJwks(
  r: SecurityPolicySpecJwtProvidersRemoteJWKS,
  index: number,
  owner: { namespace: string; name: string },
  ctx: JwtContext,
): { jwks: IrJwtProvider['jwks']; cluster: JwksCluster } | { error: string } {
  // A path alone passes Envoy Gateway's URI check but names no host Envoy could fetch the keys from.
  const url = absoluteUrl(r.uri);
  if (!url) return { error: `invalid remote JWKS URI: ${r.uri} has no scheme and host` };
  const tls = url.protocol === 'https:';
  const timeout = r.backendSettings?.timeout?.http?.requestTimeout;
  const common = {
    type: 'remote' as const,
    uri: r.uri,
    timeoutMs: timeout !== undefined ? parseDuration(timeout) : JWKS_FETCH_TIMEOUT_MS,
    ...(r.cacheDuration !== undefined ? { cacheDurationMs: parseDuration(r.cacheDuration) } : {}),
    ...(r.failedRefetchDuration !== undefined ? { failedRefetchDurationMs: parseDuration(r.failedRefetchDuration) } : {}),
  };
  if (r.backendRefs?.length) {
    const name = `securitypolicy/${owner.namespace}/${owner.name}/jwt/${index}`.toLowerCase();
    const resolved = resolveExtServiceRefs(r.backendRefs, SP_KIND, owner.namespace, ctx.lookup, ctx.serviceDns);
    if ('error' in resolved) return resolved;
    const backends = resolved.backends;
    return { jwks: { ...common, cluster: name }, cluster: { type: 'backends', name, backends, ...(r.backendSettings ? { settings: r.backendSettings } : {}) } };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : tls ? 443 : 80;
  const name = `${host.replaceAll('.', '_')}_${port}`;
  return { jwks: { ...common, cluster: name }, cluster: { type: 'url', name, host, port, tls } };
}

/** Builds one spec's `jwt`, as Envoy Gateway would for one route. */
export function buildJwt(jwt: SecurityPolicySpecJwt, ctx: JwtContext): BuiltJwt {
  const problems = providerErrors(jwt.providers);
  if (problems.length) return { clusters: [], error: problems.join('\n') };
  const [, namespace, name] = ctx.policyOf('jwt').split('/') as [string, string, string];
  const ns = ctx.namespaceOf('jwt');
  const providers: IrJwtProvider[] = [];
  const clusters: JwksCluster[] = [];
  for (const [i, p] of jwt.providers.entries()) {
    let jwks: IrJwtProvider['jwks'];
    if (p.remoteJWKS) {
      const r = remoteJwks(p.remoteJWKS, i, { namespace, name }, ctx);
      if ('error' in r) return { clusters: [], error: r.error };
      jwks = r.jwks;
      clusters.push(r.cluster);
    } else {
      const l = localJwks(p, ns, ctx);
      if ('error' in l) return { clusters: [], error: l.error };
      const problem = jwksProblem(l.inline);
      if (problem) return { clusters: [], error: `local JWKS of provider ${p.name}: ${problem}` };
      jwks = { type: 'local', inline: l.inline };
    }
    const from = p.extractFrom;
    providers.push({
      name: p.name,
      ...(p.issuer ? { issuer: p.issuer } : {}),
      ...(p.audiences?.length ? { audiences: p.audiences } : {}),
      claimToHeaders: (p.claimToHeaders ?? []).map((c) => ({ header: c.header, claim: c.claim })),
      jwks,
      ...(p.recomputeRoute !== undefined ? { recomputeRoute: p.recomputeRoute } : {}),
      ...(from
        ? {
            extractFrom: {
              headers: (from.headers ?? []).map((h) => ({ name: h.name, valuePrefix: h.valuePrefix ?? '' })),
              ...(from.cookies?.length ? { cookies: from.cookies } : {}),
              ...(from.params?.length ? { params: from.params } : {}),
            },
          }
        : {}),
    });
  }
  // failOpen supersedes optional: it tolerates a missing or invalid token, optional only a missing one.
  const allow = jwt.failOpen ? 'missingOrFailed' : jwt.optional ? 'missing' : undefined;
  return { jwt: { providers, ...(allow ? { allow } : {}) }, clusters };
}
