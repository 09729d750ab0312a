import { posix } from 'node:path';
import type { TlsSecret } from '../2-resolve/types';
import type { IrSecret, IrSecretData } from '../ir';
import type { CompileOptions } from '../options';

/**
 * One value of a Secret, inline or (with `--secrets-dir`) as a file `<ns>/<name>/<key>` under the
 * secrets directory: the layout Kubernetes uses when it mounts a Secret, one folder per Secret.
 * Every kind that carries secret material lowers it here.
 */
export function lowerSecretData(secret: string, key: string, base64: string, sensitive: boolean, opts: CompileOptions): IrSecretData {
  const data: IrSecretData = { from: { secret, key }, base64, sensitive };
  if (!opts.secretFiles) return data;
  const relative = `${secret}/${key}`;
  return { ...data, file: { relative, envoyPath: posix.join(opts.secretFiles.envoyDir, relative) } };
}

/** A listener certificate: its chain is public, its key sensitive. */
export function lowerTlsSecret(s: TlsSecret, opts: CompileOptions): IrSecret {
  return {
    name: s.name,
    certificateChain: lowerSecretData(s.name, 'tls.crt', s.certificateChain, false, opts),
    privateKey: lowerSecretData(s.name, 'tls.key', s.privateKey, true, opts),
  };
}
