/**
 * Secret material: one value of a Kubernetes Secret (a certificate, a private key, and later a CA
 * bundle, an htpasswd file, an API key, an OAuth client secret, an HMAC key). Every policy kind that
 * carries secret material puts it in an `IrSecretData`, so one mechanism decides inline or file
 * (`--secrets-dir`), one walk finds what to write, and one redaction hides it wherever envoyc prints.
 */
export interface IrSecretData {
  /** Where it comes from: the Secret `<ns>/<name>` and the data key (`tls.key`). */
  from: { secret: string; key: string };
  /** The value, base64 as Kubernetes stores it (`data`; `stringData` is encoded). */
  base64: string;
  /**
   * A private key, password or token: never printed (a fingerprint stands in), and any file holding
   * it is written 0600. Certificates are public (Envoy does not mark them sensitive either).
   */
  sensitive: boolean;
  /**
   * With `--secrets-dir`: the value lives in its own file, `relative` under the secrets directory,
   * which Envoy reads at `envoyPath` (a `filename` data source). Absent: inline in the bootstrap.
   */
  file?: { relative: string; envoyPath: string };
}

/** True for an `IrSecretData` anywhere in the IR (walks find them by shape, whichever kind holds them). */
export function isSecretData(v: unknown): v is IrSecretData {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Partial<IrSecretData>;
  return typeof o.base64 === 'string' && typeof o.sensitive === 'boolean' && typeof o.from?.secret === 'string' && typeof o.from.key === 'string';
}

/** A static `generic_secret` (an injected credential): Envoy reads it by name. */
export interface IrGenericSecret {
  name: string;
  secret: IrSecretData;
}
