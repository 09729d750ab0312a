/**
 * JSON Web Tokens for tests: an RSA key pair made at run time (node:crypto), its public JWKS, and
 * RS256 tokens signed with it. Nothing here is committed key material.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** `{"keys":[…]}` with the public key only. */
  jwks: string;
}

export function makeSigningKey(kid: string): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwks: JSON.stringify({ keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] }) };
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** An RS256 token for `claims` (exp defaults to an hour from now), signed by `key`. */
export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid }));
  const payload = b64url(JSON.stringify({ iat: now, exp: now + 3600, ...claims }));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), key.privateKey);
  return `${header}.${payload}.${b64url(signature)}`;
}
