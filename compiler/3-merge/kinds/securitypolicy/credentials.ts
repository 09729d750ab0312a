// Credentials a SecurityPolicy reads from Secrets, as Envoy Gateway reads them (`buildBasicAuth`,
// `validateHtpasswdFormat`, `buildAPIKeyAuth`, `validateSecretRef`): the values (base64, as Secrets
// hold them) and where they come from, or why the policy fails. 4-lower turns the values into
// secret data (inline or `--secrets-dir` files, never printed).
import { referencePermitted, type Lookup } from '../../../2-resolve/lookup';
import type { SecurityPolicySpecApiKeyAuth, SecurityPolicySpecBasicAuth, SecurityPolicySpecBasicAuthUsers } from '../../../api/generated/securitypolicy';
import { ENVOY_GATEWAY_GROUP } from '../../../api/meta';
import { SP_KIND } from './jwt';

/** Envoy Gateway's key of the htpasswd file in a basic auth Secret (`BasicAuthUsersSecretKey`). */
export const HTPASSWD_KEY = '.htpasswd';
/** The length of a SHA-1 digest: Envoy's basic auth reads `{SHA}` hashes only. */
const SHA1_BYTES = 20;

/** One Secret value: the Secret `<ns>/<name>`, its key, the value base64. */
export interface SecretValue {
  secret: string;
  key: string;
  base64: string;
}

export interface BuiltBasicAuth {
  /** `securitypolicy/<ns>/<name>` of the policy that wrote `basicAuth`: the filter's suffix. */
  name: string;
  /** The htpasswd file, CRLF line ends made LF. */
  users: SecretValue;
  forwardUsernameHeader?: string;
}

export interface BuiltApiKeyAuth {
  /** Per client ID (a Secret data key), its key; clients in order of the Secrets, each Secret's by name, the first of a client kept. */
  credentials: { client: string; key: SecretValue }[];
  keySources: ({ header: string } | { query: string } | { cookie: string })[];
  forwardClientIdHeader?: string;
  sanitize: boolean;
}

/** `validateSecretRef`: the Secret a ref names, in the owner's namespace unless it says (with a ReferenceGrant). */
export function secretRef(
  ref: SecurityPolicySpecBasicAuthUsers,
  ownerNs: string,
  lookup: Lookup,
): { ns: string; data: Record<string, string> } | { error: string } {
  if (ref.group) return { error: 'secret ref group must be unspecified/empty' };
  if (ref.kind !== 'Secret' && ref.kind !== 'ConfigMap') return { error: 'secret ref kind must be Secret' };
  const ns = ref.namespace || ownerNs;
  if (
    ns !== ownerNs &&
    !referencePermitted(lookup, { group: ENVOY_GATEWAY_GROUP, kind: SP_KIND, namespace: ownerNs }, { group: '', kind: ref.kind, namespace: ns, name: ref.name })
  )
    return { error: `ref to ${ref.kind} ${ns}/${ref.name} not permitted by any ReferenceGrant` };
  const secret = lookup.secrets.get(`${ns}/${ref.name}`);
  if (!secret) return { error: `secret ${ns}/${ref.name} does not exist` };
  return { ns, data: (secret.value.data ?? {}) as Record<string, string> };
}

/** `validateHtpasswdFormat`: `user:{SHA}<base64 SHA-1>` lines, the one form Envoy reads. */
function htpasswdProblem(text: string): string | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon < 0) return "invalid htpasswd format: each line must be in the format 'username:password'";
    const password = line.slice(colon + 1);
    if (!password.startsWith('{SHA}')) return 'unsupported htpasswd format: please use {SHA}';
    const b64 = password.slice('{SHA}'.length);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return 'invalid htpasswd format: {SHA} must be base64-encoded SHA1';
    if (Buffer.from(b64, 'base64').length !== SHA1_BYTES) return `invalid htpasswd format: {SHA} must be SHA1 (${SHA1_BYTES} bytes)`;
  }
  return undefined;
}

/** `buildBasicAuth`: the htpasswd file of the Secret `users` names. */
export function buildBasicAuth(b: SecurityPolicySpecBasicAuth, owner: { namespace: string; name: string }, lookup: Lookup): BuiltBasicAuth | { error: string } {
  const s = secretRef(b.users, owner.namespace, lookup);
  if ('error' in s) return s;
  const value = s.data[HTPASSWD_KEY];
  const text = value !== undefined ? Buffer.from(value, 'base64').toString('utf8').replaceAll('\r\n', '\n') : '';
  if (!text) return { error: `secret ${s.ns}/${b.users.name} must contain a non-empty "${HTPASSWD_KEY}" key` };
  const problem = htpasswdProblem(text);
  if (problem) return { error: problem };
  return {
    name: `securitypolicy/${owner.namespace}/${owner.name}`,
    users: { secret: `${s.ns}/${b.users.name}`, key: HTPASSWD_KEY, base64: Buffer.from(text).toString('base64') },
    ...(b.forwardUsernameHeader ? { forwardUsernameHeader: b.forwardUsernameHeader } : {}),
  };
}

/** `buildAPIKeyAuth`: every client of every credential Secret; a key used by two clients fails the policy. */
export function buildApiKeyAuth(a: SecurityPolicySpecApiKeyAuth, ownerNs: string, lookup: Lookup): BuiltApiKeyAuth | { error: string } {
  const credentials: BuiltApiKeyAuth['credentials'] = [];
  const clients = new Set<string>();
  const keys = new Set<string>();
  for (const ref of a.credentialRefs) {
    const s = secretRef(ref, ownerNs, lookup);
    if ('error' in s) return s;
    for (const client of Object.keys(s.data).sort()) {
      if (clients.has(client)) continue;
      const base64 = s.data[client]!;
      const key = Buffer.from(base64, 'base64').toString('utf8');
      if (keys.has(key)) return { error: 'duplicated API key' };
      keys.add(key);
      clients.add(client);
      credentials.push({ client, key: { secret: `${s.ns}/${ref.name}`, key: client, base64 } });
    }
  }
  const keySources = a.extractFrom.flatMap((e) => [
    ...(e.headers ?? []).map((header) => ({ header })),
    ...(e.params ?? []).map((query) => ({ query })),
    ...(e.cookies ?? []).map((cookie) => ({ cookie })),
  ]);
  return {
    credentials,
    keySources,
    ...(a.forwardClientIDHeader ? { forwardClientIdHeader: a.forwardClientIDHeader } : {}),
    sanitize: a.sanitize ?? false,
  };
}
