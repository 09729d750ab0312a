/**
 * Envoy 1.40's fields annotated `(udpa.annotations.sensitive) = true` (what its admin config_dump
 * redacts), listed from go-control-plane v1.40.0's descriptors. Most names are sensitive anywhere;
 * a generic name only where it means a secret: under a parent field, or in a message of a type.
 */
const SENSITIVE_FIELDS: Record<string, true | readonly string[]> = {
  private_key: true,
  password: true,
  pkcs12: true,
  auth_password: true,
  auth_username: true,
  downstream_auth_password: true,
  downstream_auth_passwords: true,
  downstream_auth_username: true,
  backend_token: true,
  secret_access_key: true,
  session_token: true,
  secret_data: true,
  credentials_data_source: true,
  web_identity_token_data_source: true,
  context_extensions: true,
  keys: ['session_ticket_keys'],
  typed_config: ['private_key_provider'],
  secret: ['generic_secret'],
  secrets: ['generic_secret'],
  users: ['BasicAuth', 'BasicAuthPerRoute'],
  credentials: ['ApiKeyAuth', 'ApiKeyAuthPerRoute'],
};

/** Inside a sensitive field, these name where the secret is, not the secret: kept as they are. */
export const NOT_SECRET_KEYS: ReadonlySet<string> = new Set(['filename', 'environment_variable', 'path', '@type', 'name', 'client']);

/**
 * True when `key` holds secret material: `parent` is the key of the object that holds it and
 * `typeUrl` that object's `@type` (when it is a typed config).
 */
export function isSensitiveField(key: string, parent: string | undefined, typeUrl: unknown): boolean {
  const rule = SENSITIVE_FIELDS[key];
  if (rule === undefined) return false;
  if (rule === true) return true;
  const type = typeof typeUrl === 'string' ? typeUrl.slice(typeUrl.lastIndexOf('.') + 1) : undefined;
  return (parent !== undefined && rule.includes(parent)) || (type !== undefined && rule.includes(type));
}
